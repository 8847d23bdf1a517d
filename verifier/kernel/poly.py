"""Exact multivariate polynomials with rational coefficients (kernel: standard library only).

A monomial is a sorted tuple of (variable, exponent) pairs; a polynomial maps monomials to
non-zero Fractions. Immutable; arithmetic is exact. ``from_json`` enforces size limits so that a
hostile certificate cannot make the checker run for long or use much memory.
"""

from __future__ import annotations

from fractions import Fraction

Monomial = tuple[tuple[str, int], ...]

MAX_DEGREE = 64          # per monomial, in certificates
MAX_TERMS = 100_000      # per polynomial, in certificates
MAX_DIGITS = 2_000       # per coefficient numerator/denominator, in certificates


class PolyError(ValueError):
    """A polynomial in a certificate is malformed or beyond the kernel's limits."""


def _mono_mul(a: Monomial, b: Monomial) -> Monomial:
    if not a:
        return b
    if not b:
        return a
    d = dict(a)
    for v, e in b:
        d[v] = d.get(v, 0) + e
    return tuple(sorted(d.items()))


class Poly:
    __slots__ = ("terms",)

    def __init__(self, terms: dict[Monomial, Fraction] | None = None):
        self.terms = {k: c if type(c) is Fraction else Fraction(c)  # Fraction() is slow
                      for k, c in (terms or {}).items() if c != 0}

    @classmethod
    def const(cls, c) -> "Poly":
        return cls({(): Fraction(c)})

    @classmethod
    def var(cls, name: str) -> "Poly":
        return cls({((name, 1),): Fraction(1)})

    @staticmethod
    def lift(x) -> "Poly":
        return x if isinstance(x, Poly) else Poly.const(x)

    def __add__(self, other) -> "Poly":
        o = Poly.lift(other)
        t = dict(self.terms)
        for k, c in o.terms.items():
            t[k] = t.get(k, 0) + c
        return Poly(t)

    __radd__ = __add__

    def __neg__(self) -> "Poly":
        return Poly({k: -c for k, c in self.terms.items()})

    def __sub__(self, other) -> "Poly":
        return self + (-Poly.lift(other))

    def __rsub__(self, other) -> "Poly":
        return Poly.lift(other) - self

    def __mul__(self, other) -> "Poly":
        o = Poly.lift(other)
        t: dict[Monomial, Fraction] = {}
        for k1, c1 in self.terms.items():
            for k2, c2 in o.terms.items():
                k = _mono_mul(k1, k2)
                t[k] = t.get(k, 0) + c1 * c2
        return Poly(t)

    __rmul__ = __mul__

    def __pow__(self, e: int) -> "Poly":
        out = Poly.const(1)
        for _ in range(e):
            out = out * self
        return out

    def __eq__(self, other) -> bool:
        return isinstance(other, (Poly, int, Fraction)) and (self - other).is_zero()

    def __hash__(self):
        return hash(frozenset(self.terms.items()))

    def is_zero(self) -> bool:
        return not self.terms

    def constant(self) -> Fraction | None:
        """The value when the polynomial is constant, else None."""
        if not self.terms:
            return Fraction(0)
        if set(self.terms) == {()}:
            return self.terms[()]
        return None

    def degree(self) -> int:
        return max((sum(e for _, e in k) for k in self.terms), default=0)

    def variables(self) -> set[str]:
        return {v for k in self.terms for v, _ in k}

    def evaluate(self, point: dict[str, Fraction]) -> Fraction:
        total = Fraction(0)
        for k, c in self.terms.items():
            t = c
            for v, e in k:
                t *= Fraction(point[v]) ** e
            total += t
        return total

    def to_json(self) -> list:
        """Canonical: [[coefficient 'p/q' or int, {var: exp}], ...] sorted by monomial."""
        out = []
        for k in sorted(self.terms):
            c = self.terms[k]
            out.append([c.numerator if c.denominator == 1 else f"{c.numerator}/{c.denominator}",
                        dict(k)])
        return out

    @classmethod
    def from_json(cls, data) -> "Poly":
        if not isinstance(data, list):
            raise PolyError("a polynomial is a list of [coefficient, {variable: exponent}] terms")
        if len(data) > MAX_TERMS:
            raise PolyError(f"polynomial with {len(data)} terms exceeds the limit {MAX_TERMS}")
        terms: dict[Monomial, Fraction] = {}
        for term in data:
            if not (isinstance(term, list) and len(term) == 2 and isinstance(term[1], dict)):
                raise PolyError(f"malformed term {str(term)[:60]}")
            c = parse_fraction(term[0])
            mono = []
            for v, e in term[1].items():
                if not isinstance(e, int) or isinstance(e, bool) or e < 1 or e > MAX_DEGREE:
                    raise PolyError(f"bad exponent {str(e)[:20]} of {str(v)[:20]}")
                mono.append((str(v), e))
            if sum(e for _, e in mono) > MAX_DEGREE:
                raise PolyError(f"monomial degree exceeds the limit {MAX_DEGREE}")
            k = tuple(sorted(mono))
            terms[k] = terms.get(k, 0) + c
        return cls(terms)

    def __repr__(self) -> str:
        if not self.terms:
            return "0"
        parts = []
        for k in sorted(self.terms):
            c = self.terms[k]
            mono = "*".join(v if e == 1 else f"{v}^{e}" for v, e in k)
            parts.append(f"{c}" + (f"*{mono}" if mono else ""))
        return " + ".join(parts)


def parse_fraction(x) -> Fraction:
    """An exact rational from a certificate: an int or a 'p/q' / integer string, bounded in size."""
    if isinstance(x, bool):
        raise PolyError("boolean where a number was expected")
    if isinstance(x, int):
        if abs(x).bit_length() > MAX_DIGITS * 4:
            raise PolyError("integer too large")
        return Fraction(x)
    if isinstance(x, str) and len(x) <= 2 * MAX_DIGITS + 2:
        num, _, den = x.partition("/")
        try:
            q = Fraction(int(num), int(den) if den else 1)
        except (ValueError, ZeroDivisionError):
            raise PolyError(f"not an exact rational: {x[:40]!r}") from None
        return q
    raise PolyError(f"not an exact rational: {str(x)[:40]!r}")
