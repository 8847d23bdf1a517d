"""Check a bounded theorem certificate (kind "theorem").

The case split and every hypothesis come from the statement's semantics (statement.py), applied to
the certificate's "theorem" data and its sizes n, m — never from the certificate. For a "forall"
statement each derived case needs exactly one Positivstellensatz-style refutation

    S = sum_t coef_t * multiplier_t * prod(factors_t) + sum_s coef_s * poly_s^2

which must expand exactly to -1 ("negative"), or to 0 with a strictly positive term ("zero").
Under the case's hypotheses every term is >= 0 (so S = negative is impossible) and
a strict term is > 0 (so S = 0 is impossible): the case has no instance, so the statement holds.
Canonical form, so that no number in a refutation is arbitrary (changing any one is rejected):
a negative sum is scaled to exactly -1; a factor that is identically 0 appears only alone, strict
(0 > 0 refutes the case), with coef 1; no term or square contributes 0.
For an "exists" statement the certificate's witness instance is re-evaluated by
``Statement.holds_on``.
"""

from __future__ import annotations

from fractions import Fraction

from .base import HEADER, Rejected
from .poly import Poly, PolyError, parse_fraction

MAX_FACTORS = 4            # hypotheses multiplied in one term
MAX_SIZE = 12              # agents n and goods m a certificate may name
MAX_WORK = 20_000_000      # monomial products per certificate (bounds the checking time)


def _load(data):
    try:
        from .statement import load_statement
    except ImportError as e:
        raise Rejected("theorem", f"this kernel has no statement semantics ({e})") from None
    return load_statement(data)


class _Sum:
    """A polynomial accumulated in place, with a budget on multiplication work."""

    def __init__(self):
        self.terms: dict = {}
        self.work = 0

    def mul(self, a: Poly, b: Poly, where: str) -> Poly:
        self.work += len(a.terms) * len(b.terms)
        if self.work > MAX_WORK:
            raise Rejected(where, f"expansion exceeds the work limit {MAX_WORK}")
        return a * b

    def add(self, coef: Fraction, p: Poly):
        for k, c in p.terms.items():
            self.terms[k] = self.terms.get(k, 0) + coef * c


def _field(d, key, kind, where):
    if not isinstance(d, dict) or key not in d or not isinstance(d[key], kind):
        raise Rejected(where, f"missing or malformed '{key}'", expected=kind.__name__,
                       found=type(d.get(key)).__name__ if isinstance(d, dict) else d)
    return d[key]


def _number(x, where) -> Fraction:
    try:
        return parse_fraction(x)
    except PolyError as e:
        raise Rejected(where, str(e)) from None


def _coef(x, where) -> Fraction:
    c = _number(x, where)
    if c <= 0:
        raise Rejected(where, "coefficient must be positive", expected="> 0", found=x)
    return c


def _poly(x, where) -> Poly:
    try:
        return Poly.from_json(x)
    except PolyError as e:
        raise Rejected(where, str(e)) from None


def check_refutation(case, ref, acc: _Sum) -> None:
    """Check one case's refutation against the case's own hypotheses; raise Rejected if not."""
    where = f"case {case.id}"
    terms = _field(ref, "terms", list, where)
    squares = _field(ref, "squares", list, where)
    conclusion = _field(ref, "conclusion", str, where)
    if conclusion not in ("negative", "zero") or set(ref) != {"terms", "squares", "conclusion"}:
        raise Rejected(where, "a refutation has exactly terms, squares and conclusion "
                       "'negative' | 'zero'", found=sorted(ref) + [conclusion])
    acc.terms, strict = {}, False
    for k, t in enumerate(terms):
        at = f"{where}, term {k}"
        factors = _field(t, "factors", list, at)
        if len(factors) > MAX_FACTORS or not all(isinstance(h, str) for h in factors):
            raise Rejected(at, f"factors must be at most {MAX_FACTORS} hypothesis ids")
        if not set(t) <= {"coef", "factors", "multiplier"}:
            raise Rejected(at, "unknown key", found=sorted(set(t) - {"coef", "factors", "multiplier"}))
        hyps = [case.hypothesis(h) for h in factors]  # Rejected if h is not this case's hypothesis
        if any(p.is_zero() for p, _ in hyps):  # canonical form: nothing in it may be arbitrary
            if not (len(hyps) == 1 and hyps[0][1] == ">" and t == {"coef": 1, "factors": factors}
                    and type(t["coef"]) is int):
                raise Rejected(at, "a factor is identically 0: allowed only alone, strict, with "
                               "coef 1 and no multiplier", found=t)
            strict = True  # the hypothesis 0 > 0 refutes the case by itself
            continue
        has_equality = any(rel == "==" for _, rel in hyps)
        if has_equality:  # the product is 0 on the case: any coefficient and multiplier are sound
            coef = _number(t.get("coef"), at)
            product = _poly(t["multiplier"], at) if "multiplier" in t else Poly.const(1)
            if coef == 0 or product.is_zero():
                raise Rejected(at, "a term that contributes 0", found=t)
        else:             # a product of signed factors: needs coef > 0 and no multiplier
            if "multiplier" in t:
                raise Rejected(at, "a multiplier needs an equality factor", found=factors)
            coef, product = _coef(t.get("coef"), at), Poly.const(1)
            strict = strict or all(rel == ">" for _, rel in hyps)
        for poly, _ in hyps:
            product = acc.mul(product, poly, at)
        acc.add(coef, product)
    for k, s in enumerate(squares):
        at = f"{where}, square {k}"
        if not (isinstance(s, dict) and set(s) == {"coef", "poly"}):
            raise Rejected(at, "a square is {coef, poly}")
        p = _poly(s["poly"], at)
        if p.is_zero():
            raise Rejected(at, "the square of 0 contributes nothing")
        acc.add(_coef(s["coef"], at), acc.mul(p, p, at))
    total = Poly(acc.terms)
    value = total.constant()
    if conclusion == "negative" and value != -1:  # canonical scale: any c < 0 scales to -1
        raise Rejected(where, "refutation does not sum to -1", expected=-1, found=total)
    if conclusion == "zero":
        if not total.is_zero():
            raise Rejected(where, "refutation does not sum to 0", expected=0, found=total)
        if not strict:
            raise Rejected(where, "a refutation summing to 0 needs a term of strict hypotheses "
                           "with positive coefficient and no multiplier")


def _size(cert, key) -> int:
    x = cert.get(key)
    if not (isinstance(x, int) and not isinstance(x, bool) and 1 <= x <= MAX_SIZE):
        raise Rejected("theorem", f"'{key}' must be an integer 1..{MAX_SIZE}", found=x)
    return x


def check(cert: dict) -> str:
    data = cert.get("theorem")
    if not isinstance(data, dict):
        raise Rejected("theorem", "'theorem' must be the statement's data (an object)")
    st = _load(data)
    if cert["statement"] != st.text:
        raise Rejected("header", "'statement' is not the theorem's statement verbatim",
                       expected=st.text, found=cert["statement"])
    n, m = _size(cert, "agents"), _size(cert, "goods")
    result = cert.get("result")
    expected = {"forall": "proved", "exists": "witnessed"}.get(st.quantifier)
    if result != expected:
        raise Rejected("theorem", f"result of a '{st.quantifier}' statement", expected=expected,
                       found=result)
    keys = set(HEADER) | {"theorem", "agents", "goods", "result",
                          "witness" if result == "witnessed" else "cases"}
    if set(cert) != keys:
        raise Rejected("theorem", "unexpected or missing top-level keys",
                       expected=sorted(keys), found=sorted(cert))
    if result == "witnessed":
        rows = _field(_field(cert, "witness", dict, "witness"), "valuations", list, "witness")
        try:
            valuations = [[parse_fraction(x) for x in row] for row in rows if isinstance(row, list)]
            if len(valuations) != len(rows):
                raise TypeError("a row of valuations is a list")
        except (PolyError, TypeError) as e:
            raise Rejected("witness", f"malformed valuations: {e}") from None
        if not st.holds_on(valuations, n, m):
            raise Rejected("witness", "the witness does not satisfy the statement",
                           expected="holds", found="fails")
        return f"{st.name}: witnessed at n={n}, m={m}"
    cases = _field(cert, "cases", list, "cases")
    refutations = {}
    for k, c in enumerate(cases):
        if not (isinstance(c, dict) and set(c) == {"case", "refutation"}
                and isinstance(c["case"], str)):
            raise Rejected(f"cases[{k}]", "a case is {case: id, refutation: {...}}")
        if c["case"] in refutations:
            raise Rejected(f"case {c['case']}", "more than one refutation")
        refutations[c["case"]] = c["refutation"]
    acc, count = _Sum(), 0
    for case in st.cases(n, m):
        if case.id not in refutations:
            raise Rejected(f"case {case.id}", "missing: no refutation for this case")
        check_refutation(case, refutations.pop(case.id), acc)
        count += 1
    if refutations:
        raise Rejected(f"case {next(iter(refutations))}", "not a case of the statement at "
                       f"n={n}, m={m}", found=f"{len(refutations)} extra case(s)")
    return f"{st.name}: proved at n={n}, m={m}, {count} cases refuted"
