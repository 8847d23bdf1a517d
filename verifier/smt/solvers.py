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


def smtlib(poly: Poly) -> str:
    """A polynomial as an SMT-LIB real term (exact rationals, never floats)."""
    parts = []
    for mono, c in sorted(poly.terms.items()):
        factors = [_q(c)] + [v for v, e in mono for _ in range(e)]
        parts.append(f"(* {' '.join(factors)})" if len(factors) > 1 else factors[0])
    return f"(+ 0 {' '.join(parts)})" if parts else "0"


def _z3_check(constraints: dict[str, tuple[Poly, str]], timeout: float, ctx=None):
    names = sorted({v for p, _ in constraints.values() for mono in p.terms for v, _ in mono})
    text = ["(set-option :produce-unsat-cores true)"] + [f"(declare-fun {v} () Real)" for v in names]
    hids = list(constraints)
    for k, h in enumerate(hids):
        poly, rel = constraints[h]
        op = "=" if rel == "==" else rel
        text.append(f"(assert (! ({op} {smtlib(poly)} 0) :named h{k}))")
    s = z3.Solver(ctx=ctx or z3.Context())   # per case: the answer depends on the case only
    s.set("timeout", max(1, int(timeout * 1000)))
    s.from_string("\n".join(text))
    r = s.check()
    if r == z3.unsat:
        return "unsat", [hids[int(str(b)[1:])] for b in s.unsat_core()]
    if r == z3.sat:
        mdl = s.model()
        point = {d.name(): d for d in mdl.decls()}
        return "sat", {v: _fraction(mdl[point[v]]) if v in point else Fraction(0) for v in names}
    return "unknown", str(s.reason_unknown())


def check(constraints: dict[str, tuple[Poly, str]], timeout: float, solver: str = "z3", ctx=None):
    """("unsat", core ids) | ("sat", {var: Fraction}) | ("unknown", reason). ``ctx``: a Z3
    context owned by one case (fresh contexts make answers independent of the process history,
    so regenerated certificates are byte-identical in any worker)."""
    if solver == "z3":
        return _z3_check(constraints, timeout, ctx)
    import cvc5.pythonic as api
    names: dict[str, object] = {}

    def var(v):
        return names.setdefault(v, api.Real(v))
    s = api.SolverFor("QF_NRA")
    s.set("tlimit-per", max(1, int(timeout * 1000)))
    for poly, rel in constraints.values():
        s.add(_constraint(api, poly, rel, var))
    r = s.check()
    return ("unsat", list(constraints)) if r == api.unsat else ("sat", {}) if r == api.sat \
        else ("unknown", "cvc5 unknown")


def _q(c: Fraction) -> str:
    t = f"(/ {abs(c.numerator)} {c.denominator})" if c.denominator != 1 else str(abs(c.numerator))
    return f"(- {t})" if c < 0 else t


def solve_lp(columns: list[dict], normalize: list[int], timeout: float, ctx=None):
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
    s = z3.SolverFor("QF_LRA", ctx=ctx or z3.Context())   # see check(): one context per case
    s.set("timeout", max(1, int(timeout * 1000)))
    s.from_string("\n".join(text))
    if s.check() != z3.sat:
        return None
    mdl = s.model()
    decls = {d.name(): d for d in mdl.decls()}
    return [_fraction(mdl[decls[f"x{k}"]]) if f"x{k}" in decls else Fraction(0)
            for k in range(len(columns))]
