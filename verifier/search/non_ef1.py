"""Smallest instances where every ex-ante-PROP minimizer of an objective puts positive
probability on a non-EF1 allocation (Theorem 5.1, Section 6; issue 7 item 3).

Order: fewest goods, then smallest largest value, then smallest total, over integer valuations
with entries 1..B (all goods positive for every agent), one instance per orbit under permuting
agents and goods.

Deciding "every minimizer is non-EF1" exactly, for any objective, with the exact optimizer
(verifier.optimize): let OPT be the optimum over all ex-ante-PROP distributions and OPT_EF1 the
optimum over those supported on EF1 allocations only. If no such distribution exists, or
OPT_EF1 > OPT, every minimizer uses a non-EF1 allocation; if OPT_EF1 = OPT, some minimizer does
not. Anything the optimizer leaves "unknown" stays UNKNOWN. A quick exact filter first: every
objective here is >= 0 and 0 on a point mass, so a deterministic allocation that is both PROP
and EF1 is a minimizer without non-EF1 allocations.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field

from ..allocation import all_allocations
from ..fairness import is_ef1, is_prop
from ..instance import Instance
from ..lottery import objective as get_objective
from ..optimize import every_minimizer_uses
from ..progress import progress

YES, NO, UNKNOWN = "yes", "no", "unknown"


def every_minimizer_non_ef1(inst: Instance, objective: str = "sov") -> tuple[str, str]:
    """(YES | NO | UNKNOWN, reason): does every ex-ante-PROP minimizer of ``objective`` put
    positive probability on a non-EF1 allocation?"""
    obj = get_objective(objective)
    for a in all_allocations(inst.n, inst.m):
        if is_prop(inst, a).holds and is_ef1(inst, a).holds:
            return NO, f"{a.text(inst)} is PROP and EF1: as a point mass it has variance 0"
    answer, why = every_minimizer_uses(inst, obj.name, lambda a: not is_ef1(inst, a).holds,
                                       force=True, what="EF1 allocations")
    return {True: YES, False: NO, None: UNKNOWN}[answer], why


def candidates(n: int, m: int, top: int):
    """Valuation matrices with entries in 1..top and largest entry exactly top, one per orbit
    under permuting goods and agents, by total then lexicographically."""
    seen = set()
    out = []
    for flat in itertools.product(range(1, top + 1), repeat=n * m):
        if top not in flat:
            continue
        rows = [flat[i * m:(i + 1) * m] for i in range(n)]
        key = min(tuple(sorted(zip(*(rows[i] for i in perm))))
                  for perm in itertools.permutations(range(n)))
        if key in seen:
            continue
        seen.add(key)
        out.append(key)
    out.sort(key=lambda cols: (sum(map(sum, cols)), cols))
    return [tuple(tuple(col[i] for col in cols) for i in range(n)) for cols in out]


@dataclass
class NonEF1Result:
    agents: int
    objective: str
    found: Instance | None = None
    reason: str = ""
    checked: int = 0
    unknown: list = field(default_factory=list)
    max_value: int = 0
    complete_below: tuple[int, int] | None = None   # (m, B): every smaller level fully decided
    stopped: str = ""
    seconds: float = 0.0

    def bound_text(self) -> str:
        if self.complete_below is None:
            return "no level completed"
        m, b = self.complete_below
        below = f"m < {m} goods and values in 1..{self.max_value}, or " if m > 1 else ""
        return f"every instance with {below}m = {m} goods and values in 1..{b} was decided"

    def to_dict(self) -> dict:
        return {"agents": self.agents, "objective": self.objective,
                "found": None if self.found is None else
                [[int(x) for x in row] for row in self.found.valuations],
                "reason": self.reason, "checked": self.checked,
                "unknown": [[[int(x) for x in row] for row in u.valuations] for u, _ in self.unknown],
                "searched": self.bound_text(), "stopped": self.stopped,
                "seconds": round(self.seconds, 2)}

    def text(self) -> str:
        head = f"non-EF1 search, {self.agents} agents, objective {self.objective}: "
        if self.found is not None:
            rows = "; ".join(", ".join(str(int(x)) for x in r) for r in self.found.valuations)
            s = (head + f"FOUND {self.found.m} goods, valuations [{rows}]\n  {self.reason}\n"
                 f"  smallest in the search order: {self.bound_text()} with no earlier instance "
                 "found")
            if self.unknown:
                s += f" ({len(self.unknown)} earlier instance(s) UNKNOWN)"
        else:
            s = head + f"none found ({self.stopped}); {self.bound_text()}"
        for u, why in self.unknown[:5]:
            s += f"\n  UNKNOWN {[[int(x) for x in r] for r in u.valuations]}: {why}"
        return s + f"\n  {self.checked} instances examined in {self.seconds:.1f} s"


def search_non_ef1(n: int = 2, objective: str = "sov", *, max_goods: int = 3, max_value: int = 6,
                   budget: float = 120.0, show_progress: bool = True) -> NonEF1Result:
    """The first instance (fewest goods, then smallest values) whose every minimizer of
    ``objective`` puts positive probability on a non-EF1 allocation."""
    get_objective(objective)
    res = NonEF1Result(n, objective, max_value=max_value)
    start = time.monotonic()
    bar = progress(desc=f"non-EF1 n={n} {objective}", unit="inst") if show_progress else None
    try:
        for m in range(1, max_goods + 1):
            for top in range(1, max_value + 1):
                for rows in candidates(n, m, top):
                    if time.monotonic() - start > budget:
                        res.stopped = f"budget of {budget:g} s used up at m = {m}, values 1..{top}"
                        return res
                    inst = Instance.general(rows, name=f"non-ef1 n={n} m={m}")
                    verdict, why = every_minimizer_non_ef1(inst, objective)
                    res.checked += 1
                    if bar is not None:
                        bar.update(1)
                    if verdict == YES:
                        res.found, res.reason = inst, why
                        return res
                    if verdict == UNKNOWN:
                        res.unknown.append((inst, why))
                if not res.unknown:
                    res.complete_below = (m, top)
        res.stopped = f"searched up to {max_goods} goods and values 1..{max_value}"
        return res
    finally:
        res.seconds = time.monotonic() - start
        if bar is not None:
            bar.close()
