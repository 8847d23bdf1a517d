"""Positivstellensatz-style refutations of one case, found by an exact LP and verified with Poly.

For hypotheses h_k REL 0 of a case, look for non-negative rationals x_t over products t of at most
two hypotheses (and squares of hypotheses) such that

    sum_t x_t * prod(t) + sum_s x_s * s^2  ==  -c   (modulo the case's linear equalities)

with c > 0 ("negative") or c == 0 and a product of strict hypotheses with x_t > 0 ("zero"). Each
product is >= 0 on the case (> 0 when strict), so the case has no point. Equalities enter as
terms with a polynomial multiplier (the quotient of dividing by the equality). This is the data
verifier/kernel/theorem.py checks; here it is re-verified exactly before it is returned.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from ..kernel.poly import Poly
from ..smt.solvers import solve_lp


def qtext(q: Fraction):
    return q.numerator if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _pivot(poly: Poly, taken: set):
    """A variable occurring only linearly (coefficient constant) in ``poly``, not yet used."""
    for mono, c in sorted(poly.terms.items()):
        if len(mono) == 1 and mono[0][1] == 1 and mono[0][0] not in taken:
            v = mono[0][0]
            if all(v not in dict(k) for k in poly.terms if k != mono):
                return v, c
    return None


def divide(poly: Poly, eq: Poly, var: str, c: Fraction) -> tuple[Poly, Poly]:
    """poly = q * eq + r with r free of ``var`` (eq = c*var + rest, rest free of var)."""
    q, r = {}, dict(poly.terms)
    while True:
        mono = next((k for k in r if var in dict(k)), None)
        if mono is None:
            return Poly(q), Poly(r)
        a = r[mono]
        e = dict(mono)
        e[var] -= 1
        step = Poly({tuple(sorted((x, y) for x, y in e.items() if y)): a / c})
        q = (Poly(q) + step).terms
        r = (Poly(r) - step * eq).terms


def refute(case, hids, *, pairs: str = "violation", squares: bool = False,
           timeout: float = 10.0, ctx=None) -> dict | None:
    """A refutation dict {terms, squares, conclusion} using only ``hids``, or None."""
    hyps = {h: case.hypothesis(h) for h in hids}
    for h, (p, rel) in hyps.items():   # "0 > 0": the case is empty by itself
        if rel == ">" and p.is_zero():
            return {"terms": [{"coef": 1, "factors": [h]}], "squares": [], "conclusion": "zero"}
    hyps = {h: pr for h, pr in hyps.items() if not pr[0].is_zero()}   # 0 >= 0 adds nothing
    eqs, taken = [], set()
    # longest equalities first, so a later (shorter) one never reintroduces an eliminated pivot
    # (Lemma 6.1: sum-p, then p2 == 0, p3 == 0); stable: one equality keeps its place
    for h, (p, rel) in sorted(hyps.items(), key=lambda kv: -len(kv[1][0].terms)):
        if rel == "==":
            piv = _pivot(p, taken)
            if piv is None:
                return None
            taken.add(piv[0])
            eqs.append((h, p, *piv))
    ineq = [h for h, (_, rel) in hyps.items() if rel != "=="]
    strong = [h for h in ineq if h.startswith(("viol", "dist", "exante"))]
    cands: list[tuple[tuple, Poly, bool]] = [((), Poly.const(1), True)]
    for h in ineq:
        cands.append(((h,), hyps[h][0], hyps[h][1] == ">"))
    for a, b in itertools.combinations_with_replacement(ineq, 2):
        if (pairs == "all" or pairs == "violation" and (a in strong or b in strong)
                or pairs == "signs" and a.startswith("pos") and b.startswith("viol")):
            cands.append(((a, b), hyps[a][0] * hyps[b][0], hyps[a][1] == hyps[b][1] == ">"))
    if squares:
        cands += [(("square", h), hyps[h][0] ** 2, False) for h in ineq]

    def reduce(p: Poly) -> Poly:
        for _, e, v, c in eqs:
            p = divide(p, e, v, c)[1]
        return p
    columns = [reduce(p).terms for _, p, _ in cands]
    x = solve_lp(columns, [k for k, c in enumerate(cands) if c[2]], timeout, ctx)
    if x is None:
        return None
    terms, sq, total = [], [], Poly()
    for (factors, p, _), xk in zip(cands, x):
        if xk == 0 or not factors:
            continue
        total = total + p * xk
        if factors[0] == "square":
            sq.append({"coef": qtext(xk), "poly": hyps[factors[1]][0].to_json()})
        else:
            terms.append({"coef": qtext(xk), "factors": list(factors)})
    for h, e, v, c in eqs:
        q, total = divide(total, e, v, c)
        if not q.is_zero():
            terms.append({"coef": -1, "factors": [h], "multiplier": q.to_json()})
    value = total.constant()
    if value is None or value > 0 or value != -x[0]:
        return None   # the proposal does not verify exactly: no certificate (never PROVED)
    return {"terms": terms, "squares": sq, "conclusion": "negative" if value < 0 else "zero"}


def instantiate(case, template: tuple, roles: dict) -> dict | None:
    """A refutation of the shape ``template`` (conclusion, ((coef, role factors), ...)) learned on
    another case, with roles renamed for this case, if it verifies exactly here; else None."""
    conclusion, terms = template
    total, strict, out = Poly(), False, []
    try:
        for coef, factors in terms:
            ids = [roles.get(f, f) for f in factors]
            hyps = [case.hypothesis(h) for h in ids]
            product = Poly.const(coef)
            for p, _ in hyps:
                product = product * p
            total = total + product
            strict = strict or all(rel == ">" for _, rel in hyps)
            out.append({"coef": qtext(coef), "factors": ids})
    except Exception:          # a role this case lacks: the template does not apply
        return None
    value = total.constant()
    if value is None or value > 0 or (value == 0 and (conclusion != "zero" or not strict)):
        return None
    return {"terms": out, "squares": [], "conclusion": "negative" if value < 0 else "zero"}


def shape(ref: dict, roles: dict) -> tuple | None:
    """The template of a refutation (None when it has squares or multipliers)."""
    if ref["squares"] or any("multiplier" in t for t in ref["terms"]):
        return None
    back = {h: r for r, h in roles.items()}
    return ref["conclusion"], tuple((Fraction(t["coef"]), tuple(back.get(h, h) for h in t["factors"]))
                                    for t in ref["terms"])
