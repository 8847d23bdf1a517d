"""Witnesses for "exists" statements (e.g. Proposition 4.4), found by Z3 and re-checked exactly.

"exists v: every allocation satisfying the hypotheses satisfies the conclusion" is searched for
allocation by allocation: pick A0 and ask Z3 for valuations under which A0 satisfies the
conclusion (one disjunct per witness of it) and the hypotheses, and every other allocation is
strictly farther from (PS)^n (added lazily: each model is checked exactly against all allocations
and the violated constraints are added). So the distance minimizers are exactly A0's orbit under
agent permutations. A model is only a proposal: ``Statement.holds_on`` (the kernel's semantics)
decides, after the exact core (verifier.fairness) has confirmed it.
"""

from __future__ import annotations

import itertools
import time

import z3

from ..allocation import Allocation, canonical_allocations
from ..fairness import distance_minimizers
from ..numbers import fmt
from .solvers import _constraint, _fraction

MAX_ROUNDS = 40


def find_witness(st, n: int, m: int, *, timeout: float = 30.0):
    from ..kernel.statement import Case, Model
    from .prover import SizeResult, _instance
    start, model = time.perf_counter(), Model(st, n, m)
    st.check_size(n, m)
    allocs = (canonical_allocations(n, m) if st.identical
              else (Allocation(o, n) for o in itertools.product(range(n), repeat=m)))
    names: dict = {}

    def var(v):
        return names.setdefault(v, z3.Real(v))
    result = SizeResult(n, m, "UNKNOWN")
    for a0 in allocs:
        a = a0.owner
        case = Case(model, (a,), "", {})
        orbit = {b.owner for b in a0.orbit()} if st.identical else {a}
        base = [_constraint(z3, p, r, var) for p, r in model.base.values()]
        base += [_constraint(z3, *case.hypothesis(h), var) for h in case.family_ids()]
        disjuncts = [z3.And([_constraint(z3, p, r, var) for p, r in polys.values()])
                     for _, polys in model.violations(a)]
        if st.negated:      # "not X": A0 violates X (one of X's violation witnesses)
            base.append(z3.Or(disjuncts) if disjuncts else z3.BoolVal(False))
        else:               # "X": A0 has no violation witness
            base += [z3.Not(d) for d in disjuncts]
        farther = [o for o in (tuple(i if h == g else a[h] for h in range(m))
                               for g in range(m) for i in range(n)) if o not in orbit]
        for _ in range(MAX_ROUNDS):
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                result.detail = "timeout"
                return _done(result, start)
            s = z3.Solver()
            s.set("timeout", max(1, int(left * 1000)))
            s.add(*base)
            if "distance-minimizing" in st.hypothesis_names:
                s.add(*[_constraint(z3, model.dist(o) - model.dist(a), ">", var)
                        for o in dict.fromkeys(farther)])
            answer = s.check()
            if answer != z3.sat:
                if answer == z3.unknown:
                    result.detail = f"z3 unknown at allocation {a}"
                break
            mdl = s.model()
            point = {v: _fraction(mdl.eval(x, model_completion=True)) for v, x in names.items()}
            inst = _instance(st, n, m, point)
            if "distance-minimizing" in st.hypothesis_names:
                dm = distance_minimizers(inst, force=True)
                others = [b.owner for b in dm.all() if b.owner not in orbit]
                if others:
                    farther += others
                    continue
            rows = [list(r) for r in (inst.valuations[:1] if st.identical else inst.valuations)]
            if st.holds_on(rows, n, m):
                result.status, result.witness = "WITNESSED", [[fmt(x) for x in r] for r in rows]
                result.detail = f"minimizer {a0.text(inst)}"
                return _done(result, start)
            break
    if not result.detail:
        result.detail = "no witness found (every allocation tried)"
    return _done(result, start)


def _done(result, start):
    result.seconds = time.perf_counter() - start
    return result
