"""Exact numbers (issue 2, item 2): parsing, printing, and exact signs of square-root values."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from verifier.errors import InputError
from verifier.instance import read_document
from verifier.numbers import (Sqrt, SqrtSum, approx, compare, fmt, parse_number, to_json_number,
                              value_text)


# ------------------------------------------------------------------------------- parse_number

@pytest.mark.parametrize("text, expected", [
    (7, Fraction(7)),
    (Fraction(3, 4), Fraction(3, 4)),
    ("7", Fraction(7)),
    ("3/4", Fraction(3, 4)),
    (" 6 / 8 ", Fraction(3, 4)),
    ("0.1", Fraction(1, 10)),
    (".5", Fraction(1, 2)),
    ("2.", Fraction(2)),
    ("1e-3", Fraction(1, 1000)),
    ("2.5E2", Fraction(250)),
    ("+0.75", Fraction(3, 4)),
    ("-0", Fraction(0)),
    (Decimal("0.1"), Fraction(1, 10)),
    (Decimal("1.10"), Fraction(11, 10)),
    (0.1, Fraction(1, 10)),  # a Python float through its shortest repr: what the user typed
    (1e-7, Fraction(1, 10 ** 7)),
    ("123456789012345678901234567890.000000000000000000001",
     Fraction(123456789012345678901234567890) + Fraction(1, 10 ** 21)),
])
def test_parse_number_is_exact(text, expected):
    q = parse_number(text)
    assert type(q) is Fraction
    assert q == expected


def test_decimal_sums_are_exact():
    # the classic float failure 0.1 + 0.2 != 0.3 must not happen
    assert parse_number("0.1") + parse_number("0.2") == parse_number("0.3")
    assert parse_number(0.1) + parse_number(0.2) == parse_number(0.3)


@pytest.mark.parametrize("bad, words", [
    (True, "boolean"),
    (False, "boolean"),
    ("nan", "not an exact number"),
    (float("nan"), "not an exact number"),
    (float("inf"), "not an exact number"),
    (Decimal("NaN"), "finite"),
    (Decimal("-Infinity"), "finite"),
    ("inf", "not an exact number"),
    (-1, "negative"),
    ("-1/2", "negative"),
    ("-0.5", "negative"),
    (Decimal("-3"), "negative"),
    ("abc", "not an exact number"),
    ("", "not an exact number"),
    ("1/2/3", "not an exact number"),
    ("1,5", "not an exact number"),
    ("0x10", "not an exact number"),
    ("1/-2", "not an exact number"),
    ("\uff13", "not an exact number"),  # fullwidth digit three: ASCII digits only
    ("1/0", "zero denominator"),
    ("5/ 0", "zero denominator"),
    (None, "expected a number"),
    ([1], "expected a number"),
    ("1e100000", "exponent too large"),
    ("1" * 10_001, "longer than"),
])
def test_parse_number_rejects(bad, words):
    with pytest.raises(InputError) as e:
        parse_number(bad, field="valuation[3]")
    assert words in str(e.value)
    assert e.value.field == "valuation[3]"
    assert "field 'valuation[3]'" in str(e.value)


def test_negative_only_when_allowed():
    assert parse_number("-1/2", allow_negative=True) == Fraction(-1, 2)
    assert parse_number(Decimal("-0.25"), allow_negative=True) == Fraction(-1, 4)


def test_json_and_toml_floats_go_through_decimal(tmp_path):
    js = tmp_path / "x.json"
    js.write_text('{"a": 0.1, "b": [0.30000000000000004, 1e-30, 2.675]}')
    data, _ = read_document(js)
    assert isinstance(data["a"], Decimal)
    assert parse_number(data["a"]) == Fraction(1, 10)
    assert [parse_number(x) for x in data["b"]] == [
        Fraction(30000000000000004, 10 ** 17), Fraction(1, 10 ** 30), Fraction(2675, 1000)]
    tm = tmp_path / "x.toml"
    tm.write_text("a = 0.1\nb = [2.675, 1e-30]\n")
    data, _ = read_document(tm)
    assert parse_number(data["a"]) == Fraction(1, 10)
    assert [parse_number(x) for x in data["b"]] == [Fraction(107, 40), Fraction(1, 10 ** 30)]
    # and binary floats would have been wrong, so the test can tell the difference
    assert Fraction(2.675) != Fraction(107, 40)


def test_fmt_and_json_numbers():
    assert fmt(Fraction(6, 4)) == "3/2"
    assert fmt(Fraction(-6, 4)) == "-3/2"
    assert fmt(5) == "5"
    assert to_json_number(Fraction(10, 2)) == 5 and type(to_json_number(Fraction(10, 2))) is int
    assert to_json_number(Fraction(1, 3)) == "1/3"


@settings(max_examples=60, deadline=None)
@given(st.fractions(min_value=0, max_value=10 ** 9))
def test_fmt_parse_round_trip(q):
    assert parse_number(fmt(q)) == q
    assert parse_number(to_json_number(q)) == q


# ------------------------------------------------------------------------- algebraic values

def r(x):
    return SqrtSum.sqrt(x)


def test_sqrt_sum_normal_form_and_equality():
    assert r(2) + r(8) == 3 * r(2)
    assert str(r(2) + r(8)) == "3*sqrt(2)"
    assert r(8) == 2 * r(2)
    assert r(Fraction(1, 2)) == r(2) * Fraction(1, 2)  # sqrt(1/2) = sqrt(2)/2
    assert r(4) == 2 and r(4).rational() == 2
    assert r(Fraction(9, 4)) == Fraction(3, 2)
    assert r(2) * r(2) == 2
    assert r(6) == r(2) * r(3)
    assert (r(2) + r(3)) * (r(2) - r(3)) == -1
    # large square factors beyond the small-prime table (53^2 * 2) still merge with sqrt(2)
    assert r(53 * 53 * 2) == 53 * r(2)
    assert (r(53 * 53 * 2) - 53 * r(2)).terms == ()
    assert r(2) + r(3) - r(2) - r(3) == 0
    assert r(2) != r(3)
    assert r(2) != Fraction(99, 70)
    assert r(0) == 0


def test_sqrt_sum_strict_signs():
    assert r(2) + r(3) < r(10)  # 5 + 2*sqrt(6) = 9.898... < 10
    assert r(10) > r(2) + r(3)
    assert compare(r(2) + r(3), r(10)) == -1
    assert r(10 ** 12 + 1) - 10 ** 6 > 0  # differs by about 5e-7
    assert r(10 ** 12 - 1) - 10 ** 6 < 0
    assert (r(10 ** 12 + 1) - 10 ** 6).sign() == 1
    assert (r(10 ** 24 + 1) - 10 ** 12).sign() == 1  # about 5e-13: needs refinement past 64 bits
    assert r(2) > Fraction(1414213562373095, 10 ** 15)
    assert r(2) < Fraction(1414213562373096, 10 ** 15)
    # sqrt(2) + sqrt(3) - sqrt(5) = 0.910196392442182...: pinned between 15-digit neighbours
    x = r(2) + r(3) - r(5)
    assert x > Fraction(910196392442182, 10 ** 15)
    assert x < Fraction(910196392442183, 10 ** 15)


def test_enclosures_are_rigorous():
    import math
    # a rational closer to sqrt(2) than 2**-64: the first enclosure must straddle it, not decide
    below = Fraction(math.isqrt(2 * 10 ** 60), 10 ** 30)
    assert below * below < 2 < (below + Fraction(1, 10 ** 30)) ** 2
    assert r(2) - below > 0 and r(2) > below
    assert r(2) - below - Fraction(1, 10 ** 30) < 0
    assert 3 * (r(2) - below) > 0 and -3 * (r(2) - below) < 0
    for value in (r(2), -r(2), 3 * r(5) - 2 * r(3), r(Fraction(1, 3)) + Fraction(1, 7)):
        for bits in (8, 64, 200):
            lo, hi = value.bounds(bits)
            width = sum(abs(c) for rad, c in value.terms if rad != 1) / 2 ** bits
            assert lo <= hi and hi - lo <= width
            assert compare(lo, value) <= 0 <= compare(hi, value)
    lo, hi = r(2).bounds(64)
    assert lo * lo <= 2 <= hi * hi
    lo, hi = (-r(2)).bounds(64)
    assert hi * hi <= 2 <= lo * lo


def test_nested_square_roots():
    # sqrt(3 + 2*sqrt(2)) = 1 + sqrt(2)
    s = Sqrt(3 + 2 * r(2))
    assert s == 1 + r(2)
    assert 1 + r(2) == s
    assert compare(s, 1 + r(2)) == 0
    assert s < 1 + r(2) + Fraction(1, 10 ** 30)
    assert s > 1 + r(2) - Fraction(1, 10 ** 30)
    assert Sqrt(4) == 2 and Sqrt(Fraction(1, 4)) == Fraction(1, 2)
    assert Sqrt(2) == r(2)
    assert Sqrt(2) > -5
    assert Sqrt(0) == 0
    assert Sqrt(5) > Sqrt(3 + r(2))  # 5 > 4.414...
    assert Sqrt(4).simplified() == 2 and Sqrt(4).simplified().rational() == 2
    with pytest.raises(ValueError):
        Sqrt(r(2) - 2)
    with pytest.raises(ValueError):
        r(-1)


def test_hash_agrees_with_equality():
    equal_groups = [
        [Fraction(5), 5, r(25), Sqrt(25)],
        [r(8), 2 * r(2), Sqrt(8), 2 * Sqrt(2).simplified()],
        [1 + r(2), Sqrt(3 + 2 * r(2))],
        [Fraction(1, 2), r(Fraction(1, 4)), Sqrt(Fraction(1, 4))],
    ]
    for group in equal_groups:
        for a in group:
            for b in group:
                assert a == b
                assert hash(a) == hash(b), (a, b)
    assert len({v for g in equal_groups for v in g}) == len(equal_groups)


def test_compare_across_types():
    assert compare(1, Fraction(1)) == 0
    assert compare(Fraction(1, 3), Fraction(1, 2)) == -1
    assert compare(r(2), Fraction(3, 2)) == -1
    assert compare(Fraction(3, 2), r(2)) == 1
    assert compare(Sqrt(2), r(2)) == 0
    assert compare(r(3), Sqrt(2)) == 1
    assert compare(Sqrt(2), Sqrt(3)) == -1
    assert compare(Sqrt(2), 2) == -1
    assert compare(2, Sqrt(3 + 2 * r(2))) == -1
    assert compare(Sqrt(3 + 2 * r(2)), 1 + r(2)) == 0


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(st.integers(-20, 20), st.integers(0, 60)), max_size=5),
       st.lists(st.tuples(st.integers(-20, 20), st.integers(0, 60)), max_size=5))
def test_sign_agrees_with_high_precision(a_terms, b_terms):
    """The exact order agrees with a 60-digit decimal evaluation whenever that is decisive."""
    from decimal import localcontext
    a = SqrtSum([(c, x) for c, x in a_terms])
    b = SqrtSum([(c, x) for c, x in b_terms])
    with localcontext() as ctx:
        ctx.prec = 60
        da = sum((Decimal(c) * Decimal(x).sqrt() for c, x in a_terms), Decimal(0))
        db = sum((Decimal(c) * Decimal(x).sqrt() for c, x in b_terms), Decimal(0))
    diff = da - db
    if abs(diff) > Decimal("1e-40"):
        assert compare(a, b) == (1 if diff > 0 else -1)
    else:  # equal to 40 digits: with these small radicands that means exactly equal
        assert compare(a, b) == 0
        assert a == b and hash(a) == hash(b)


def test_text_and_approx():
    assert value_text(Fraction(3, 4)) == "3/4"
    assert value_text(r(4)) == "2"
    assert value_text(3 * r(2) + 1) == "1 + 3*sqrt(2)"
    assert value_text(1 - r(2)) == "1 - sqrt(2)"
    assert approx(r(2), 6) == "1.414213"
    assert approx(Fraction(1, 3), 4) == "0.3333"
    assert approx(Sqrt(2), 6) == "1.414213"
