"""Bounded proofs of theorems/*.toml statements: per case, counterexample-guided refinement.

For each case (one allocation and one violation witness, verifier/kernel/statement.py) start from
the case's few hypotheses plus a small subset of the "distance-minimizing" family (the single-good
moves that repair the violation, or the witness partition). An exact LP over products of these
hypotheses (verifier/certify/refute.py) is tried first; otherwise Z3 decides the conjunction:
unsat -> a refutation over Z3's unsat core; a model -> checked exactly against *all* allocations
(verifier.fairness); if it violates some distance constraint, that constraint is added and the
loop repeats; if it satisfies everything, it is a counterexample, re-verified by the exact core.
Fewer hypotheses unsat implies the full statement unsat, so refinement is sound.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from fractions import Fraction

from ..allocation import Allocation
from ..certify.refute import instantiate, refute, shape
from ..fairness import (distance_minimizers, is_ef, is_ef1, is_efx, is_efx0, is_prop, is_rho_mms,
                        squared_distance)
from ..instance import Instance
from ..kernel.statement import Case, Statement
from ..numbers import fmt
from . import solvers

MAX_ROUNDS = 30


@dataclass(frozen=True)
class CaseResult:
    case: str
    status: str                      # "proved" | "counterexample" | "unknown"
    refutation: dict | None = None
    used: tuple[str, ...] = ()       # hypothesis ids the final query used
    rounds: int = 0
    detail: str = ""
    valuations: list | None = None   # counterexample: exact rows as "p/q" strings
    cross: str = ""                  # cvc5 answer on the final query, when cross-checking
    seconds: float = 0.0


def _initial_distance(case: Case, refine: bool) -> list[str]:
    """The "distance-minimizing" constraints to start from (all n^m of them without refinement)."""
    model = case.model
    if "distance-minimizing" not in model.st.hypothesis_names:
        return []
    if not refine:
        return [h for h in case.all_hypothesis_ids() if h.startswith("dist<=:")]
    a, (kind, *rest) = case.allocs[0], case.id.split("|")[-1].split(":")
    moves = []
    if kind in ("EFX", "EFX0", "EF1", "EF"):      # move goods of the envied bundle to the envier
        i, l = map(int, rest[0].split(">"))
        goods = [int(rest[1][1:])] if len(rest) > 1 else [g for g in range(model.m) if a[g] == l]
        moves = [(g, i) for g in goods]
    elif kind == "PROP":
        moves = [(g, int(rest[0])) for g in range(model.m) if a[g] != int(rest[0])]
    out = [tuple(i if h == g else a[h] for h in range(model.m)) for g, i in moves]
    if kind == "MMS":                              # the witness partition itself, as an allocation
        out.append(tuple(map(int, rest[1][2:].split(","))))
    if kind not in ("EFX", "EFX0"):                # and every single-good move
        out += [tuple(i if h == g else a[h] for h in range(model.m))
               for g in range(model.m) for i in range(model.n) if i != a[g]]
    return ["dist<=:" + ",".join(map(str, o)) for o in dict.fromkeys(out)]


def _instance(st: Statement, n: int, m: int, point: dict) -> Instance:
    if st.identical:
        return Instance.identical([point.get(f"v{g}", Fraction(0)) for g in range(m)], n)
    return Instance.general([[point.get(f"v{i}_{g}", Fraction(0)) for g in range(m)]
                             for i in range(n)])


CONCLUSION = {"PROP": is_prop, "EF": is_ef, "EF1": is_ef1, "EFX": is_efx, "EFX0": is_efx0}


def exact_counterexample(st: Statement, inst: Instance, alloc: Allocation) -> bool:
    """Re-verify with the exact core (not the solver): hypotheses hold, the conclusion fails."""
    if any(x < 0 or st.positive and x == 0 for row in inst.valuations for x in row):
        return False
    if st.normalized and len(set(inst.total(i) for i in range(inst.n))) > 1:
        return False
    for h in st.hypothesis_names:
        if h == "distance-minimizing":
            if squared_distance(inst, alloc) != distance_minimizers(inst, force=True).distance:
                return False
        elif not CONCLUSION[h](inst, alloc):
            return False
    verdict = (is_rho_mms(inst, alloc, st.rho) if st.notion == "MMS"
               else CONCLUSION[st.notion](inst, alloc))
    return not verdict.holds


def _holds(poly_rel, point) -> bool:
    poly, rel = poly_rel
    x = poly.evaluate(point)
    return x > 0 if rel == ">" else x >= 0 if rel == ">=" else x == 0


def roles(case: Case, refine: bool = True, initial: list | None = None) -> dict:
    """Names under which a refutation's shape transfers between cases: "pos:G" for the value
    sign of the violation's good, "D<k>" for the k-th initial distance constraint."""
    initial = _initial_distance(case, refine) if initial is None else initial
    out = {f"D{k}": h for k, h in enumerate(initial)}
    witness = case.id.rsplit(":", 1)[-1]
    if witness.startswith("g") and witness[1:].isdigit():
        out["pos:G"] = f"pos:{witness[1:]}"
    return out


def prove_case(case: Case, *, timeout: float = 10.0, refine: bool = True,
               cross_check: str | None = None, lp_first: bool = True,
               templates: tuple = ()) -> CaseResult:
    """Decide one case. ``templates``: refutation shapes learned on earlier cases, tried first
    (each is verified exactly on this case; a fixed list keeps results deterministic)."""
    import z3
    start, ctx = time.perf_counter(), None
    st, model = case.model.st, case.model
    others = list(case.family_ids())
    initial = _initial_distance(case, refine)
    hids = list(case.hypotheses) + others + initial
    if templates:
        named = roles(case, refine, initial)
        for t in templates:
            ref = instantiate(case, t, named)
            if ref:
                rounds = 0
                return _finish(case, ref, hids, start, timeout, cross_check)
    ctx = z3.Context()   # per case: Z3's answers depend on the case only (deterministic output)

    def done(status, **kw):
        return CaseResult(case.id, status, rounds=rounds, seconds=time.perf_counter() - start, **kw)

    def certified(used):
        for kw in ({}, {"pairs": "all"}, {"pairs": "all", "squares": True}):
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                return None
            ref = refute(case, used, timeout=left, ctx=ctx, **kw)
            if ref:
                return ref
        return None

    def finish(ref, used):
        return _finish(case, ref, used, start, timeout, cross_check, rounds)

    rounds = 0
    if lp_first:  # cheap exact LPs on the initial hypotheses before any nonlinear solving
        for pairs, squares in (("signs", False), ("violation", False), ("violation", True)):
            if squares and not any(r == "==" for _, r in case.hypotheses.values()):
                continue   # squares pay off with equalities (Lemma 4.1); skip them elsewhere
            ref = refute(case, hids, pairs=pairs, squares=squares, timeout=timeout, ctx=ctx)
            if ref:
                return finish(ref, hids)
    while rounds < MAX_ROUNDS:
        rounds += 1
        left = timeout - (time.perf_counter() - start)
        if left <= 0:
            return done("unknown", detail="timeout")
        answer, data = solvers.check({h: case.hypothesis(h) for h in hids}, left, ctx=ctx)
        if answer == "unknown":
            return done("unknown", detail=f"z3: {data}")
        if answer == "unsat":
            ref = certified(data)
            if ref:
                return finish(ref, data)
            return done("unknown", detail="unsat, but no certificate found")
        point = data
        if not all(_holds(case.hypothesis(h), point) for h in case.hypotheses):
            return done("unknown", detail="solver model fails exactly (irrational model?)")
        if st.notion == "Dgood":   # the point satisfies every hypothesis of the case, exactly
            return done("counterexample", valuations=[[fmt(point.get(f"v{i}_{g}", Fraction(0)))
                                                       for g in range(model.m)]
                                                      for i in range(model.n)],
                        detail=", ".join(f"{k}={fmt(x)}" for k, x in sorted(point.items())))
        if st.notion == "SoV":
            return done("counterexample", valuations=[[fmt(point[k]) for k in sorted(point)]],
                        detail=", ".join(f"{k}={fmt(x)}" for k, x in sorted(point.items())))
        inst, alloc = _instance(st, model.n, model.m, point), Allocation(case.allocs[0], model.n)
        new = []
        if "distance-minimizing" in st.hypothesis_names:
            dm = distance_minimizers(inst, force=True)
            if squared_distance(inst, alloc) > dm.distance:
                new = ["dist<=:" + ",".join(map(str, b.owner)) for b in dm.representatives]
                new = [h for h in new if h not in hids]
        if new:
            hids += new
            continue
        if not all(_holds(case.hypothesis(h), point) for h in others):
            return done("unknown", detail="solver model fails a hypothesis exactly")
        if not exact_counterexample(st, inst, alloc):
            return done("unknown", detail="model is not confirmed by the exact core")
        return done("counterexample", valuations=[[fmt(x) for x in row] for row in
                                                  (inst.valuations[:1] if st.identical
                                                   else inst.valuations)],
                    detail=f"allocation {alloc.text(inst)}")
    return done("unknown", detail=f"no decision after {MAX_ROUNDS} refinement rounds")


def _finish(case, ref, used, start, timeout, cross_check, rounds=0) -> CaseResult:
    seconds = time.perf_counter() - start
    if seconds > timeout:   # over budget: not decided in time
        return CaseResult(case.id, "unknown", rounds=rounds, seconds=seconds, detail="timeout")
    cross = ""
    if cross_check:
        cross = solvers.check({h: case.hypothesis(h) for h in used}, timeout, cross_check)[0]
    return CaseResult(case.id, "proved", refutation=ref, used=tuple(used), rounds=rounds,
                      seconds=time.perf_counter() - start, cross=cross)


def learn_templates(st: Statement, n: int, m: int, options: dict, total: int,
                    sample: int = 24) -> tuple:
    """Refutation shapes of ``sample`` cases spread evenly over the case order, in order of
    first appearance (a fixed list: the same in every worker)."""
    out: list = []
    for case in itertools.islice(st.cases(n, m), 0, None, max(1, total // sample)):
        r = prove_case(case, timeout=options.get("timeout", 10.0),
                       refine=options.get("refine", True), lp_first=options.get("lp_first", True))
        if r.status != "proved":
            continue
        t = shape(r.refutation, roles(case, options.get("refine", True)))
        if t and t not in out:
            out.append(t)
    return tuple(out[:8])


def run_part(data: dict, n: int, m: int, part: tuple[int, int], options: dict) -> list[CaseResult]:
    """One slice of a size's cases (a unit of work for a process or a Dask worker)."""
    from ..kernel.statement import load_statement
    st = load_statement(data)
    out = []
    stop_at_counterexample = options.get("stop", True)
    for case in st.cases(n, m, part):
        r = prove_case(case, timeout=options.get("timeout", 10.0), refine=options.get("refine", True),
                       cross_check=options.get("cross_check"), lp_first=options.get("lp_first", True),
                       templates=options.get("templates", ()))
        out.append(r)
        if r.status == "counterexample" and stop_at_counterexample:
            break
    return out


@dataclass
class SizeResult:
    n: int
    m: int
    status: str                      # "PROVED" | "COUNTEREXAMPLE" | "UNKNOWN" | "WITNESSED"
    cases: list[CaseResult] = field(default_factory=list)
    seconds: float = 0.0
    detail: str = ""
    counterexample: CaseResult | None = None
    witness: list | None = None      # exists statements: the valuations found
    disagreements: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict:
        out: dict = {}
        for r in self.cases:
            out[r.status] = out.get(r.status, 0) + 1
        return out


def prove_size(data: dict, n: int, m: int, *, jobs: int = 1, scheduler: str | None = None,
               timeout: float = 10.0, refine: bool = True, cross_check: str | None = None,
               lp_first: bool = True, progress_bar: bool = True) -> SizeResult:
    """Decide one size of a statement: every case, across processes or a Dask cluster."""
    from ..kernel.statement import load_statement
    from ..progress import progress
    st, start = load_statement(data), time.perf_counter()
    if st.quantifier == "exists":
        from .witness import find_witness
        return find_witness(st, n, m, timeout=timeout)
    order = {c.id: k for k, c in enumerate(st.cases(n, m))}
    options = {"timeout": timeout, "refine": refine, "cross_check": cross_check,
               "lp_first": lp_first}
    if lp_first and len(order) > 200:   # shapes learned once, in the parent: same in every worker
        options["templates"] = learn_templates(st, n, m, options, len(order))
    parts = max(1, min(len(order) // 50, 16 * max(jobs, 1)))   # progress updates once per part
    results: list[CaseResult] = []
    bar = progress(total=len(order), desc=f"n={n} m={m}", unit="case") if progress_bar else None
    for chunk in _map(run_part, data, n, m, parts, options, jobs, scheduler):
        results += chunk
        if bar is not None:
            bar.update(len(chunk))
        if any(r.status == "counterexample" for r in chunk):
            break
    if bar is not None:
        bar.close()
    results.sort(key=lambda r: order[r.case])
    out = SizeResult(n, m, "UNKNOWN", results, time.perf_counter() - start)
    cex = next((r for r in results if r.status == "counterexample"), None)
    out.disagreements = [f"{r.case}: z3 unsat/certified, {cross_check} says {r.cross}"
                         for r in results if cross_check and r.cross and r.cross != "unsat"]
    if cex:
        out.status, out.counterexample, out.detail = "COUNTEREXAMPLE", cex, cex.detail
    elif len(results) == len(order) and all(r.status == "proved" for r in results):
        out.status = "PROVED"
    else:
        unknown = [r for r in results if r.status == "unknown"]
        out.detail = f"{len(unknown)} case(s) unknown" + (
            f", e.g. {unknown[0].case}: {unknown[0].detail}" if unknown else "")
    return out


def _map(fn, data, n, m, parts, options, jobs, scheduler):
    """Yield the parts' results as they finish: inline, local processes, or Dask."""
    args = [(data, n, m, (k, parts), options) for k in range(parts)]
    if scheduler:
        from distributed import Client, as_completed
        with Client(scheduler) as client:
            futures = [client.submit(fn, *a, pure=False) for a in args]
            try:
                for fut in as_completed(futures):
                    yield fut.result()
            finally:
                client.cancel(futures)
        return
    if jobs <= 1:
        for a in args:
            yield fn(*a)
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed as done
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(fn, *a) for a in args]
        try:
            for fut in done(futures):
                yield fut.result()
        finally:
            for fut in futures:
                fut.cancel()
