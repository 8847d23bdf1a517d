"""Section 7's open problem: is there a natural variance- or SD-based objective whose
ex-ante-PROP minimizers are EF1 ex post? Given a candidate objective, look for an instance where
every minimizer is not EF1.

Method (exact on the YES side). Lemma 6.1's family: 2 agents, goods a, b, positive normalized
values with v_i(a) > v_i(M)/2 for both agents. There the EF1 allocations are exactly the two
one-good-each allocations, and the only ex-ante-PROP distribution over them is the fair coin
D_good (Lemma 6.1). So every minimizer is non-EF1 exactly when some ex-ante-PROP distribution D
has Psi(D) < Psi(D_good). Floats propose D on a probability grid; the winner is re-checked in
exact arithmetic (ex-ante PROP by Fractions, Psi on Fraction variances, compared exactly).

The NO side is a bound, not a proof: "no grid distribution beats D_good on any family instance
with values <= N". For objectives the exact optimizer knows (verifier.lottery.OBJECTIVES) the
family is also decided exactly by verifier.search.non_ef1 (optimum vs EF1-only optimum), so
there "none up to the bound" is exact within the family. A user objective returning floats
cannot be compared exactly: its verdicts are reported as such.
"""

from __future__ import annotations

import importlib
import itertools
import re
import time
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Callable, Sequence

from ..errors import InputError
from ..instance import Instance
from ..lottery import OBJECTIVES
from ..numbers import SqrtSum, compare, fmt, value_text

Psi = Callable[[Sequence[Fraction], Sequence[Fraction]], object]


def _lex_max_var(var, totals):
    """Footnote 19: lexicographic max variance (largest first, then the next, ...)."""
    return tuple(sorted(var, reverse=True))


LINEAR = ("sov", "sovor", "max-var", "var-of-vars", "sum-sd")   # values that add exactly


@dataclass(frozen=True)
class Candidate:
    name: str
    function: Psi
    known: bool          # the exact optimizer handles it (verifier.lottery.OBJECTIVES)
    approx: Callable | None = None   # float version, used only to propose


def _sd_of_sds_float(var, totals):
    s = [v ** 0.5 for v in var]
    mu = sum(s) / len(s)
    return (sum((x - mu) ** 2 for x in s) / len(s)) ** 0.5


FLOAT = {"sov": lambda var, t: sum(var),
         "sovor": lambda var, t: sum(v / (x * x) for v, x in zip(var, t)),
         "max-var": lambda var, t: max(var),
         "var-of-vars": lambda var, t: sum((v - sum(var) / len(var)) ** 2 for v in var) / len(var),
         "sd-of-sds": _sd_of_sds_float,
         "sum-sd": lambda var, t: sum(v ** 0.5 for v in var),
         "lex-max-var": lambda var, t: tuple(sorted(var, reverse=True))}


def load_objective(spec: str) -> Candidate:
    """A built-in name (verifier.lottery.OBJECTIVES, or 'lex-max-var'), a weighted mix such as
    '1/2*sov+1/2*max-var' of the additive ones, or 'module:function' taking (variances, totals)."""
    spec = spec.strip()
    if spec in OBJECTIVES:
        return Candidate(spec, OBJECTIVES[spec].of_variances, True, FLOAT[spec])
    if spec == "lex-max-var":
        return Candidate(spec, _lex_max_var, False, FLOAT[spec])
    if ":" in spec:
        mod, _, fn = spec.partition(":")
        try:
            f = getattr(importlib.import_module(mod), fn)
        except (ImportError, AttributeError) as e:
            raise InputError(f"cannot load {spec!r}: {e}", field="objective") from None
        if not callable(f):
            raise InputError(f"{spec!r} is not callable", field="objective")
        return Candidate(spec, f, False)
    terms = []
    for part in spec.replace(" ", "").split("+"):
        m = re.fullmatch(r"(?:(\d+(?:/\d+)?)\*)?([a-z-]+)", part)
        if not m or m.group(2) not in LINEAR:
            raise InputError(f"unknown objective {spec!r}: use a name ({', '.join(OBJECTIVES)}, "
                             f"lex-max-var), a mix like '1/2*sov+1/2*max-var' of "
                             f"{', '.join(LINEAR)}, or module:function", field="objective")
        terms.append((Fraction(m.group(1) or 1), m.group(2)))

    def mix(var, totals):
        out = SqrtSum()
        for w, name in terms:
            out = out + SqrtSum.of(OBJECTIVES[name].of_variances(var, totals)) * w
        r = out.rational()
        return out if r is None else r

    def mix_float(var, totals):
        return sum(float(w) * FLOAT[name](var, totals) for w, name in terms)
    return Candidate(spec, mix, False, mix_float)


def _less(a, b) -> bool:
    if isinstance(a, tuple):
        return a < b
    return compare(a, b) < 0


def _variances(outcomes):
    mu = [sum(p * x[i] for p, x in outcomes) for i in range(2)]
    return tuple(sum(p * (x[i] - mu[i]) ** 2 for p, x in outcomes) for i in range(2)), mu


def lemma61_family(max_value: int):
    """(a1, b1, a2, b2): v_1 = (a1, b1), v_2 = (a2, b2), a_i + b_i = T, a_i > b_i >= 1,
    values <= max_value; by T then lexicographically, agents in sorted order."""
    for t in range(3, 2 * max_value):
        pairs = [(a, t - a) for a in range(t // 2 + 1, min(t - 1, max_value) + 1)]
        for p, q in itertools.combinations_with_replacement(pairs, 2):
            yield p + q


def _grid(g: int):
    for i in range(g + 1):
        for j in range(g + 1 - i):
            for k in range(g + 1 - i - j):
                yield Fraction(i, g), Fraction(j, g), Fraction(k, g), Fraction(g - i - j - k, g)


@dataclass
class ObjectiveResult:
    objective: str
    verdict: str                      # "FAILS EF1" | "NONE FOUND" | "UNKNOWN"
    instance: tuple[int, int, int, int] | None = None
    distribution: tuple[Fraction, ...] | None = None
    values: tuple = ()
    checked: int = 0
    bound: str = ""
    notes: list = field(default_factory=list)
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {"objective": self.objective, "verdict": self.verdict,
                "instance": None if self.instance is None else
                [list(self.instance[:2]), list(self.instance[2:])],
                "distribution": None if self.distribution is None else
                dict(zip(("({a},{b})", "({b},{a})", "({a,b},{})", "({},{a,b})"),
                         (fmt(p) for p in self.distribution))),
                "values": [_text(v) for v in self.values], "checked": self.checked,
                "bound": self.bound, "notes": self.notes, "seconds": round(self.seconds, 2)}

    def text(self) -> str:
        s = f"objective {self.objective}: {self.verdict}"
        if self.instance is not None:
            a1, b1, a2, b2 = self.instance
            s += (f"\n  instance v_1 = (a: {a1}, b: {b1}), v_2 = (a: {a2}, b: {b2}) (Lemma 6.1 family)"
                  f"\n  D = " + ", ".join(f"{k} {fmt(p)}" for k, p in zip(
                      ("({a},{b})", "({b},{a})", "({a,b},{})", "({},{a,b})"), self.distribution)
                      if p) + f"\n  Psi(D) = {_text(self.values[0])} < Psi(D_good) = "
                  f"{_text(self.values[1])} (exact): by Lemma 6.1 every ex-ante-PROP minimizer "
                  "gives an agent an empty bundle, so it is not EF1 ex post")
        if self.bound:
            s += f"\n  {self.bound}"
        for n in self.notes:
            s += f"\n  note: {n}"
        return s + f"\n  {self.checked} instances in {self.seconds:.1f} s"


def _text(v):
    if isinstance(v, tuple):
        return "(" + ", ".join(_text(x) for x in v) + ")"
    if isinstance(v, float):
        return repr(v)
    return value_text(v)


def _psi(cand: Candidate, inst_vals, probs):
    a1, b1, a2, b2 = inst_vals
    t = a1 + b1
    vecs = ((a1, b2), (b1, a2), (t, 0), (0, t))
    outcomes = [(p, v) for p, v in zip(probs, vecs) if p]
    var, mu = _variances(outcomes)
    return var, mu, cand.function(var, (t, t))


def _proposals(cand: Candidate, vals, points, target):
    """Grid points in the order to check exactly: with a float version of the objective, only
    those that (nearly) beat D_good in floats, best first; otherwise all of them."""
    if cand.approx is None:
        return points
    a1, b1, a2, b2 = vals
    t = a1 + b1
    vecs = ((a1, b2), (b1, a2), (t, 0), (0, t))
    goal = _as_float(target)
    scored = []
    for probs in points:
        ps = [float(p) for p in probs]
        mu = [sum(p * v[i] for p, v in zip(ps, vecs)) for i in range(2)]
        if min(mu) < t / 2 - 1e-9:
            continue
        var = [sum(p * (v[i] - mu[i]) ** 2 for p, v in zip(ps, vecs)) for i in range(2)]
        f = cand.approx(var, (t, t))
        if _float_le(f, goal):
            scored.append((f, probs))
    scored.sort(key=lambda x: x[0])
    return [p for _, p in scored]


def _as_float(v):
    if isinstance(v, tuple):
        return tuple(_as_float(x) for x in v)
    return float(v) if not hasattr(v, "decimal") else float(v.decimal(17))


def _float_le(f, goal, tol=1e-9):
    if isinstance(f, tuple):
        for x, y in zip(f, goal):
            if x < y - tol * (1 + abs(y)):
                return True
            if x > y + tol * (1 + abs(y)):
                return False
        return True
    return f <= goal + tol * (1 + abs(goal))


def search_objective(cand: Candidate, *, max_value: int = 12, grid: int = 24,
                     budget: float = 60.0) -> ObjectiveResult:
    """Search Lemma 6.1's family (values 1..max_value) for a distribution beating D_good."""
    res = ObjectiveResult(cand.name, "NONE FOUND")
    start = time.monotonic()
    half = Fraction(1, 2)
    good = (half, half, Fraction(0), Fraction(0))
    points = list(_grid(grid))
    exact_floats = False
    for vals in lemma61_family(max_value):
        if time.monotonic() - start > budget:
            res.verdict = "UNKNOWN"
            res.bound = (f"budget of {budget:g} s used up after {res.checked} family instances "
                         f"(values <= {max_value}); nothing found so far")
            break
        res.checked += 1
        a1, b1, a2, b2 = vals
        t = Fraction(a1 + b1)
        target = _psi(cand, vals, good)[2]
        best = None
        for probs in _proposals(cand, vals, points, target):
            var, mu, v = _psi(cand, vals, probs)
            if mu[0] < t / 2 or mu[1] < t / 2:       # exact ex-ante PROP (Fractions)
                continue
            if isinstance(v, float) or isinstance(target, float):
                exact_floats = True
            if _less(v, target) and (best is None or _less(v, best[0])):
                best = (v, probs)
                if cand.approx is not None:
                    break   # proposals come best first
        if best is not None:
            res.verdict, res.instance, res.distribution = "FAILS EF1", vals, best[1]
            res.values = (best[0], target)
            if exact_floats:
                res.verdict = "FAILS EF1 (float objective: comparison not exact)"
            break
    else:
        res.bound = (f"searched every Lemma 6.1 family instance with values <= {max_value} "
                     f"({res.checked} instances) against every ex-ante-PROP distribution with "
                     f"probabilities in (1/{grid})Z: none beats D_good")
        if cand.known:
            res.notes.append("exact check of the family with the lottery optimizer: see "
                             "`verifier search non-ef1 --objective " + cand.name + "`")
        else:
            res.notes.append("grid search only: this does not prove that D_good is optimal, "
                             "so whether the objective fails EF1 here is UNKNOWN")
    if exact_floats:
        res.notes.append("the objective returned floats: comparisons are not exact")
    res.seconds = time.monotonic() - start
    return res
