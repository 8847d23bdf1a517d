"""Exact numbers: parsing user input into Fractions, printing them, and exact algebraic values.

Every value on a verdict path is a ``Fraction``. Input may be an int, a ``"p/q"`` string, or a
decimal (string, ``Decimal``, or a JSON/TOML float that the loaders parse through ``Decimal``):
``0.1`` means exactly 1/10. Square roots (standard deviations, Section 6 of the paper) are kept
as exact algebraic values: ``SqrtSum`` (a rational combination of square roots of rationals) and
``Sqrt`` (the square root of a non-negative ``SqrtSum``). Their signs are decided exactly: equality
by the linear independence of square roots of distinct square-free integers, strict signs by
integer-isqrt interval bounds refined until the interval excludes zero. No float decides anything.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import total_ordering
from numbers import Rational
from typing import Iterable, Union

from .errors import InputError

# ASCII digits only: without re.ASCII, \d would also accept e.g. fullwidth or Arabic-Indic digits
_RATIO = re.compile(r"^\s*([+-]?\d+)\s*/\s*(\d+)\s*$", re.ASCII)
_DECIMAL = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$", re.ASCII)
MAX_DIGITS = 10_000  # longer literals are refused: they are not paper data, and cost quadratic time


def parse_number(value: object, *, field: str | None = None, allow_negative: bool = False) -> Fraction:
    """Parse one exact number; raise InputError naming ``field`` otherwise.

    Accepts int, Fraction, Decimal, "p/q", "0.25", "1e-3"; a Python float only through its
    shortest repr (so 0.1 is 1/10, as the user typed it). Rejects booleans, NaN, infinities and
    (unless ``allow_negative``) negative values.
    """
    if isinstance(value, bool):
        raise InputError(f"expected a number, got the boolean {str(value).lower()}", field=field)
    if isinstance(value, float):
        value = repr(value)  # float-ok: the shortest repr round-trips to the literal the user wrote
    if isinstance(value, (int, Fraction)):
        q = Fraction(value)
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise InputError(f"expected a finite number, got {value}", field=field)
        if abs(value.adjusted()) > MAX_DIGITS:  # a TOML/JSON 1e99999999 would take minutes
            raise InputError(f"exponent too large in {value}", field=field)
        q = Fraction(value)
    elif isinstance(value, str):
        if len(value) > MAX_DIGITS:
            raise InputError(f"number literal longer than {MAX_DIGITS} characters", field=field)
        m = _RATIO.match(value)
        if m:
            if int(m.group(2)) == 0:
                raise InputError(f"zero denominator in {value!r}", field=field)
            q = Fraction(int(m.group(1)), int(m.group(2)))
        elif _DECIMAL.match(value):
            try:
                d = Decimal(value.strip())
            except InvalidOperation:  # pragma: no cover - the regex admits only valid decimals
                raise InputError(f"not a number: {value!r}", field=field) from None
            if abs(d.adjusted()) > MAX_DIGITS:
                raise InputError(f"exponent too large in {value!r}", field=field)
            q = Fraction(d)
        else:
            raise InputError(f"not an exact number: {value!r} (use an integer, 'p/q' or a decimal)",
                             field=field)
    else:
        raise InputError(f"expected a number, got {type(value).__name__}", field=field)
    if q < 0 and not allow_negative:
        raise InputError(f"negative value {fmt(q)} not allowed", field=field)
    return q


def fmt(q: Rational | int) -> str:
    """Exact text of a rational: '7' or '-3/4'."""
    q = Fraction(q)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def to_json_number(q: Rational | int) -> int | str:
    """JSON form of an exact rational: an int when integral, else a 'p/q' string."""
    q = Fraction(q)
    return q.numerator if q.denominator == 1 else fmt(q)


# --------------------------------------------------------------------------- algebraic values

def _square_part(r: int) -> tuple[int, int]:
    """(s, k) with r = s*s*k, pulling out small square factors only (k need not be square-free)."""
    s = 1
    for p in (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47):
        while r % (p * p) == 0:
            r //= p * p
            s *= p
    return s, r


def _is_square(r: int) -> bool:
    return r >= 0 and math.isqrt(r) ** 2 == r


@total_ordering
class SqrtSum:
    """Exact value c_0 + sum_k c_k*sqrt(r_k) with rational c_k and positive integers r_k > 1
    such that no product r_j*r_k is a perfect square (so the square roots are linearly
    independent over Q, and the value is zero iff every coefficient is zero).
    """

    __slots__ = ("terms",)

    def __init__(self, terms: Iterable[tuple[Fraction, Fraction]] = ()):
        """``terms``: pairs (coefficient, non-negative rational radicand)."""
        groups: dict[int, Fraction] = {}
        for c, a in terms:
            c, a = Fraction(c), Fraction(a)
            if a < 0:
                raise ValueError("square root of a negative number")
            if c == 0 or a == 0:
                continue
            # sqrt(p/q) = sqrt(p*q)/q
            r = a.numerator * a.denominator
            c = c / a.denominator
            s, r = _square_part(r)
            c *= s
            if _is_square(r):
                c, r = c * math.isqrt(r), 1
            for key in groups:
                if key != 1 and r != 1 and _is_square(key * r):
                    c, r = c * Fraction(math.isqrt(key * r), key), key
                    break
            groups[r] = groups.get(r, Fraction(0)) + c
        self.terms = tuple(sorted((r, c) for r, c in groups.items() if c != 0))

    @classmethod
    def of(cls, x: "Value") -> "SqrtSum":
        if isinstance(x, SqrtSum):
            return x
        if isinstance(x, (int, Fraction)):
            return cls([(Fraction(x), Fraction(1))])
        raise TypeError(f"cannot make a SqrtSum of {type(x).__name__}")

    @classmethod
    def sqrt(cls, a: Rational | int) -> "SqrtSum":
        return cls([(Fraction(1), Fraction(a))])

    def rational(self) -> Fraction | None:
        """The value as a Fraction when it is rational, else None."""
        if not self.terms:
            return Fraction(0)
        if len(self.terms) == 1 and self.terms[0][0] == 1:
            return self.terms[0][1]
        return None

    def _pairs(self):
        return [(c, Fraction(r)) for r, c in self.terms]

    def __add__(self, other):
        o = SqrtSum.of(other)
        return SqrtSum(self._pairs() + o._pairs())

    __radd__ = __add__

    def __neg__(self):
        return SqrtSum([(-c, a) for c, a in self._pairs()])

    def __sub__(self, other):
        return self + (-SqrtSum.of(other))

    def __rsub__(self, other):
        return SqrtSum.of(other) - self

    def __mul__(self, other):
        o = SqrtSum.of(other)
        return SqrtSum([(c1 * c2, a1 * a2) for c1, a1 in self._pairs() for c2, a2 in o._pairs()])

    __rmul__ = __mul__

    def bounds(self, bits: int) -> tuple[Fraction, Fraction]:
        """Rigorous enclosure [lo, hi] of the value, of width at most sum_k |c_k| / 2**bits."""
        lo = hi = Fraction(0)
        scale = 1 << bits
        for r, c in self.terms:
            if r == 1:
                lo += c
                hi += c
                continue
            f = math.isqrt(r * scale * scale)
            low = Fraction(f, scale)
            high = low if f * f == r * scale * scale else Fraction(f + 1, scale)
            lo += c * (low if c > 0 else high)
            hi += c * (high if c > 0 else low)
        return lo, hi

    def sign(self) -> int:
        """-1, 0 or +1, decided exactly."""
        if not self.terms:
            return 0  # linear independence: a non-empty normal form is non-zero
        bits = 64
        while True:
            lo, hi = self.bounds(bits)
            if lo > 0:
                return 1
            if hi < 0:
                return -1
            bits *= 2

    def __eq__(self, other):
        try:
            return (self - SqrtSum.of(other)).sign() == 0
        except TypeError:
            return NotImplemented

    def __lt__(self, other):
        if isinstance(other, Sqrt):
            return other > self
        return (self - SqrtSum.of(other)).sign() < 0

    def __hash__(self):
        # equal values must hash equal across Fraction, SqrtSum and Sqrt (sqrt(3+2*sqrt(2)) ==
        # 1+sqrt(2)): rationals hash as Fractions, irrationals by their exact integer floor
        q = self.rational()
        return hash(q) if q is not None else hash(("irrational", self.floor()))

    def floor(self) -> int:
        """The exact integer floor (refines the enclosure; integers are found exactly)."""
        q = self.rational()
        if q is not None:
            return math.floor(q)
        bits = 64
        while True:  # an irrational value is no integer, so the enclosure eventually fits
            lo, hi = self.bounds(bits)
            if math.floor(lo) == math.floor(hi):
                return math.floor(lo)
            bits *= 2

    def decimal(self, digits: int = 12) -> str:
        """A decimal rendering correct to ``digits`` places after the point (display only)."""
        lo, hi = self.bounds(4 * digits + 8)
        return _decimal_text(lo, digits)

    def __str__(self) -> str:
        parts = []
        for r, c in self.terms:
            if r == 1:
                parts.append(fmt(c))
            elif c in (1, -1):
                parts.append(f"{'-' if c < 0 else ''}sqrt({r})")
            else:
                parts.append(f"{fmt(c)}*sqrt({r})")
        return " + ".join(parts).replace("+ -", "- ") if parts else "0"

    __repr__ = __str__


@total_ordering
class Sqrt:
    """The square root of a non-negative ``SqrtSum`` (a nested radical such as the SD of SDs)."""

    __slots__ = ("inner",)

    def __init__(self, inner: "Value"):
        inner = SqrtSum.of(inner) if not isinstance(inner, SqrtSum) else inner
        if inner.sign() < 0:
            raise ValueError("square root of a negative value")
        self.inner = inner

    def simplified(self) -> "Value":
        """A Fraction or SqrtSum when the radicand is rational."""
        q = self.inner.rational()
        return SqrtSum.sqrt(q) if q is not None else self

    def _cmp(self, other) -> int:
        if isinstance(other, Sqrt):
            return (self.inner - other.inner).sign()
        o = SqrtSum.of(other)
        if o.sign() < 0:
            return 1
        return (self.inner - o * o).sign()

    def __eq__(self, other):
        try:
            return self._cmp(other) == 0
        except TypeError:
            return NotImplemented

    def __lt__(self, other):
        return self._cmp(other) < 0

    def __hash__(self):
        # consistent with SqrtSum.__hash__: floor(sqrt(x)) = isqrt(floor(x)) for x >= 0
        if self.inner.rational() is not None:
            return hash(self.simplified())
        return hash(("irrational", math.isqrt(self.inner.floor())))

    def decimal(self, digits: int = 12) -> str:
        lo, _ = self.inner.bounds(8 * digits + 16)
        lo = max(lo, Fraction(0))
        scale = 10 ** (2 * digits + 2)
        return _decimal_text(Fraction(math.isqrt(lo.numerator * scale // lo.denominator),
                                      10 ** (digits + 1)), digits)

    def __str__(self) -> str:
        return f"sqrt({self.inner})"

    __repr__ = __str__


Value = Union[Fraction, int, SqrtSum, Sqrt]


def compare(a: Value, b: Value) -> int:
    """Exact three-way comparison of two values: -1, 0 or +1."""
    if isinstance(a, (int, Fraction)) and isinstance(b, (int, Fraction)):
        return (a > b) - (a < b)
    if isinstance(a, Sqrt):
        return a._cmp(b)
    if isinstance(b, Sqrt):
        return -b._cmp(a)
    return (SqrtSum.of(a) - SqrtSum.of(b)).sign()


def value_text(v: Value) -> str:
    """Exact text of any value: 'p/q', 'a + b*sqrt(r)', or 'sqrt(...)'."""
    if isinstance(v, (int, Fraction)):
        return fmt(v)
    if isinstance(v, SqrtSum) and v.rational() is not None:
        return fmt(v.rational())
    return str(v)


def approx(v: Value, digits: int = 6) -> str:
    """A decimal rendering for humans (display only, never compared)."""
    if isinstance(v, (int, Fraction)):
        return _decimal_text(Fraction(v), digits)
    return v.decimal(digits)


def _decimal_text(q: Fraction, digits: int) -> str:
    sign = "-" if q < 0 else ""
    q = abs(q)
    scaled = q.numerator * 10 ** digits // q.denominator
    whole, frac = divmod(scaled, 10 ** digits)
    text = f"{sign}{whole}.{frac:0{digits}d}".rstrip("0").rstrip(".")
    return text or "0"
