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
from fractions import Fraction

import z3

from ..allocation import Allocation, canonical_allocations
from ..fairness import distance_minimizers
from ..numbers import fmt
from .solvers import _fraction, smtlib

MAX_ROUNDS = 40


def find_witness(st, n: int, m: int, *, timeout: float = 30.0):
    from ..kernel.statement import Case, Model
    from .prover import SizeResult, _instance
    start, model = time.perf_counter(), Model(st, n, m)
    st.check_size(n, m)
    allocs = (canonical_allocations(n, m) if st.identical
              else (Allocation(o, n) for o in itertools.product(range(n), repeat=m)))
    result = SizeResult(n, m, "UNKNOWN")
    variables = sorted({Model.var(st, i, g) for i in range(n) for g in range(m)})

    def atom(poly, rel):
        return f"({'=' if rel == '==' else rel} {smtlib(poly)} 0)"

    def conj(polys):
        return f"(and true {' '.join(atom(p, r) for p, r in polys)})"
    for a0 in allocs:
        a = a0.owner
        case = Case(model, (a,), "", {})
        orbit = {b.owner for b in a0.orbit()} if st.identical else {a}
        base = [atom(p, r) for p, r in model.base.values()]
        base += [atom(*case.hypothesis(h)) for h in case.family_ids()]
        disjuncts = [conj(polys.values()) for _, polys in model.violations(a)]
        if st.negated:      # "not X": A0 violates X (one of X's violation witnesses)
            base.append(f"(or false {' '.join(disjuncts)})")
        else:               # "X": A0 has no violation witness
            base += [f"(not {d})" for d in disjuncts]
        farther = [o for o in (tuple(i if h == g else a[h] for h in range(m))
                               for g in range(m) for i in range(n)) if o not in orbit]
        for _ in range(MAX_ROUNDS):
            left = timeout - (time.perf_counter() - start)
            if left <= 0:
                result.detail = "timeout"
                return _done(result, start)
            text = [f"(declare-fun {v} () Real)" for v in variables] + [
                f"(assert {c})" for c in base]
            if "distance-minimizing" in st.hypothesis_names:
                text += [f"(assert {atom(model.dist(o) - model.dist(a), '>')})"
                         for o in dict.fromkeys(farther)]
            s = z3.Solver(ctx=z3.Context())   # fresh: the witness does not depend on history
            s.set("timeout", max(1, int(left * 1000)))
            s.from_string("\n".join(text))
            answer = s.check()
            if answer != z3.sat:
                if answer == z3.unknown:
                    result.detail = f"z3 unknown at allocation {a}"
                break
            mdl = s.model()
            decls = {d.name(): d for d in mdl.decls()}
            point = {v: _fraction(mdl[decls[v]]) if v in decls else Fraction(1) for v in variables}
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
