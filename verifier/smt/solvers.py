"""Queries to Z3 / cvc5 on one case: a conjunction of polynomial constraints ``poly REL 0``.

Untrusted: "unsat" is only a hint (the certificate is what counts), a model is re-checked exactly,
anything else is "unknown". One fresh solver per query: Z3's nlsat is not incremental.
"""

from __future__ import annotations

from fractions import Fraction

import z3

from ..kernel.poly import Poly


def _term(api, poly: Poly, var):
    out = []
    for mono, c in sorted(poly.terms.items()):
        t = api.RealVal(f"{c.numerator}/{c.denominator}")
        for v, e in mono:
            for _ in range(e):
                t = t * var(v)
        out.append(t)
    return api.Sum(out) if len(out) > 1 else (out[0] if out else api.RealVal(0))


def _constraint(api, poly, rel, var):
    t = _term(api, poly, var)
    return t > 0 if rel == ">" else t >= 0 if rel == ">=" else t == 0


def _fraction(val) -> Fraction:
    if z3.is_rational_value(val):
        return Fraction(val.numerator_as_long(), val.denominator_as_long())
    if z3.is_algebraic_value(val):     # irrational model value: a rational proposal nearby
        return Fraction(val.approx(30).as_fraction()).limit_denominator(10 ** 12)
    return Fraction(str(val))


def check(constraints: dict[str, tuple[Poly, str]], timeout: float, solver: str = "z3"):
    """("unsat", core ids) | ("sat", {var: Fraction}) | ("unknown", reason)."""
    api = z3
    if solver == "cvc5":
        import cvc5.pythonic as api
    names: dict[str, object] = {}

    def var(v):
        if v not in names:
            names[v] = api.Real(v)
        return names[v]
    s = api.Solver() if solver == "z3" else api.SolverFor("QF_NRA")
    if solver == "z3":
        s.set("timeout", max(1, int(timeout * 1000)))
    else:
        s.set("tlimit-per", max(1, int(timeout * 1000)))
    tracked = {}
    for k, (hid, (poly, rel)) in enumerate(constraints.items()):
        if solver == "z3":
            b = api.Bool(f"h{k}")
            tracked[str(b)] = hid
            s.assert_and_track(_constraint(api, poly, rel, var), b)
        else:
            s.add(_constraint(api, poly, rel, var))
    r = s.check()
    if r == api.unsat:
        core = [tracked[str(b)] for b in s.unsat_core()] if solver == "z3" else list(constraints)
        return "unsat", core
    if r == api.sat:
        if solver != "z3":
            return "sat", {}
        mdl = s.model()
        point = {v: _fraction(mdl.eval(x, model_completion=True)) for v, x in names.items()}
        return "sat", point
    return "unknown", str(s.reason_unknown()) if solver == "z3" else "unknown"


def _q(c: Fraction) -> str:
    t = f"(/ {abs(c.numerator)} {c.denominator})" if c.denominator != 1 else str(abs(c.numerator))
    return f"(- {t})" if c < 0 else t


def solve_lp(columns: list[dict], normalize: list[int], timeout: float):
    """Non-negative x with sum_c x_c * columns[c] = 0 (per key) and sum_{c in normalize} x_c >= 1.

    Exact (Z3 linear real arithmetic, i.e. simplex over rationals, given as SMT-LIB text which is
    much faster to build than Python terms); returns a list of Fractions, or None when infeasible
    or unknown. The caller re-verifies the identity with exact polynomials."""
    rows: dict = {}
    for k, col in enumerate(columns):
        for key, c in col.items():
            rows.setdefault(key, []).append(f"(* {_q(c)} x{k})")
    text = [f"(declare-fun x{k} () Real) (assert (>= x{k} 0))" for k in range(len(columns))]
    for terms in rows.values():
        text.append(f"(assert (= (+ 0 {' '.join(terms)}) 0))")
    text.append(f"(assert (>= (+ 0 {' '.join(f'x{k}' for k in normalize)}) 1))")
    s = z3.SolverFor("QF_LRA")
    s.set("timeout", max(1, int(timeout * 1000)))
    s.from_string("\n".join(text))
    if s.check() != z3.sat:
        return None
    mdl = s.model()
    values = {d.name(): _fraction(mdl[d]) for d in mdl.decls()}
    return [values.get(f"x{k}", Fraction(0)) for k in range(len(columns))]
