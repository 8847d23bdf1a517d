"""Lotteries and the paper's objectives (issue 2, item 6): Example 5.2, Section 6, Example 6.2."""

from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from verifier.allocation import Allocation
from verifier.errors import InputError
from verifier.instance import Instance, load_instance
from verifier.lottery import (OBJECTIVES, Lottery, is_ex_ante_prop, means, objective,
                              standard_deviations, variances)
from verifier.numbers import Sqrt, SqrtSum, compare
from verifier.paths import EXAMPLES

EX52 = load_instance(EXAMPLES / "example-5.2.toml")
EX62 = load_instance(EXAMPLES / "example-6.2.toml")


def alloc(inst, *bundles):
    return Allocation.parse([list(b) for b in bundles], inst)


# Example 5.2 (value vectors as in the paper; its P(1) label ({a},{b}) is swapped, see
# tests/test_allocation.py): P1 -> (96, 38), P2 -> (4, 62), P4 -> (0, 100)
P1, P2, P4 = alloc(EX52, "b", "a"), alloc(EX52, "a", "b"), alloc(EX52, "", "ab")
D_MIN = Lottery.of([(P1, Fraction(25, 31)), (P4, "6/31")])
D_GOOD = Lottery.of([(P1, "1/2"), (P2, 0.5)])
# Example 6.2: P1 -> (90, 45), P2 -> (10, 55), P4 -> (0, 100)
Q1, Q2, Q4 = alloc(EX62, "a", "b"), alloc(EX62, "b", "a"), alloc(EX62, "", "ab")
F = Lottery.of([(Q1, Fraction(10, 11)), (Q4, Fraction(1, 11))])
F_GOOD = Lottery.of([(Q1, Fraction(1, 2)), (Q2, Fraction(1, 2))])


def values(name, inst, lottery):
    return objective(name)(inst, lottery)


def sqrt(x):
    return SqrtSum.sqrt(x)


def test_example_5_2_d_min():
    out = D_MIN.outcomes(EX52)
    assert sorted(out) == sorted([(Fraction(25, 31), (96, 38)), (Fraction(6, 31), (0, 100))])
    assert means(out) == (Fraction(2400, 31), 50)
    assert means(out)[0] > 77
    assert is_ex_ante_prop(EX52, D_MIN)
    var = variances(out)
    assert var == (Fraction(25 * 6 * 96 ** 2, 31 ** 2), 600)
    assert var[0] < 1439
    assert values("sov", EX52, D_MIN) == Fraction(1959000, 961) \
        == Fraction(25, 31) * Fraction(6, 31) * (96 ** 2 + 62 ** 2)
    assert values("sov", EX52, D_MIN) < 2039
    assert standard_deviations(out) == (Fraction(480, 31) * sqrt(6), 10 * sqrt(6))


def test_example_5_2_d_good():
    out = D_GOOD.outcomes(EX52)
    assert means(out) == (50, 50)
    assert is_ex_ante_prop(EX52, D_GOOD)
    assert variances(out) == (2116, 144)
    assert standard_deviations(out) == (46, 12)
    assert values("sov", EX52, D_GOOD) == 2260


def test_section_6_objectives():
    """Section 6, items 1-3 on Example 5.2: D_min beats D_good; item 4 (footnote 21): not."""
    expected = {
        # name: (value at D_min, value at D_good)
        "sov": (Fraction(1959000, 961), 2260),
        "sovor": (Fraction(1959000, 961) / 10000, Fraction(2260, 10000)),  # v_i(M) = 100
        "max-var": (Fraction(1382400, 961), 2116),
        "var-of-vars": (Fraction(1, 4) * Fraction(1382400 - 576600, 961) ** 2, 972196),
        "sd-of-sds": (Fraction(85, 31) * sqrt(6), 17),  # |sigma_1 - sigma_2| / 2
        "sum-sd": (Fraction(790, 31) * sqrt(6), 58),
    }
    assert set(expected) == set(OBJECTIVES)
    for name, (at_min, at_good) in expected.items():
        got_min, got_good = values(name, EX52, D_MIN), values(name, EX52, D_GOOD)
        assert got_min == at_min, name
        assert got_good == at_good, name
        assert compare(got_min, at_min) == 0 and compare(got_good, at_good) == 0
        assert OBJECTIVES[name].algebraic == (name in ("sd-of-sds", "sum-sd"))
    # the paper's bounds: max-var < 1439 < 2116, var-of-vars < 175981 < 972196, sd-of-sds < 7 < 17
    assert values("max-var", EX52, D_MIN) < 1439
    assert values("var-of-vars", EX52, D_MIN) < 175981
    assert values("sd-of-sds", EX52, D_MIN) < 7
    assert values("sd-of-sds", EX52, D_MIN) > Fraction(6716, 1000)  # 85*sqrt(6)/31 = 6.7163...
    for name in ("sov", "sovor", "max-var", "var-of-vars", "sd-of-sds"):
        assert compare(values(name, EX52, D_MIN), values(name, EX52, D_GOOD)) == -1, name
    # footnote 21: for the sum of SDs, D_good wins in Example 5.2 (58 < 62.45...)
    assert compare(values("sum-sd", EX52, D_MIN), values("sum-sd", EX52, D_GOOD)) == 1


def test_example_6_2():
    assert is_ex_ante_prop(EX62, F) and is_ex_ante_prop(EX62, F_GOOD)
    out = F.outcomes(EX62)
    assert means(out) == (Fraction(900, 11), 50)
    assert variances(out) == (Fraction(81000, 121), 250)
    assert standard_deviations(out) == (Fraction(90, 11) * sqrt(10), 5 * sqrt(10))
    f = values("sum-sd", EX62, F)
    assert f == Fraction(145, 11) * sqrt(10)
    assert f < 42 and f > Fraction(4168, 100)  # 41.68...
    assert values("sum-sd", EX62, F_GOOD) == 45
    assert variances(F_GOOD.outcomes(EX62)) == (1600, 25)
    assert compare(f, values("sum-sd", EX62, F_GOOD)) == -1


def test_not_ex_ante_prop_witness():
    v = is_ex_ante_prop(EX52, Lottery.of([(P1, 1)]))
    assert not v
    assert v.witness == {"agent": "2", "mean": "38", "PS": "50"}


def test_lottery_construction():
    merged = Lottery.of([(P1, "1/4"), (P2, "1/2"), (P1, "1/4"), (P4, 0)])
    assert merged.support == tuple(sorted([(P1, Fraction(1, 2)), (P2, Fraction(1, 2))]))
    assert merged == D_GOOD
    assert merged.n == 2


@pytest.mark.parametrize("pairs, words", [
    ([(P1, "1/2"), (P2, "1/3")], "sum to 5/6, not exactly 1"),
    ([(P1, "1/2"), (P2, "2/3")], "sum to 7/6"),
    ([(P1, "3/2"), (P2, "-1/2")], "negative"),
    ([(P1, 0.3), (P2, 0.6)], "sum to 9/10"),
    ([(P1, 1), (P2, float("nan"))], "not an exact number"),
    ([(P1, True)], "boolean"),
    ([], "at least one allocation"),
    ([(P1, "1/2"), (Allocation((0, 0), 3), "1/2")], "same number of agents"),
])
def test_bad_lotteries(pairs, words):
    with pytest.raises(InputError, match=words):
        Lottery.of(pairs)


def test_probabilities_are_exact():
    # as binary floats 0.7 + 0.2 + 0.1 != 1; as the decimals the user wrote they sum to 1 exactly
    assert 0.7 + 0.2 + 0.1 != 1
    lottery = Lottery.of([(P4, 0.7), (P2, 0.2), (P1, 0.1)])
    assert sorted(p for _, p in lottery.support) == [Fraction(1, 10), Fraction(1, 5), Fraction(7, 10)]
    # rounded thirds are not thirds
    with pytest.raises(InputError, match="not exactly 1"):
        Lottery.of([(P1, "0.3333333333"), (P2, "0.3333333333"), (P4, "0.3333333333")])
    assert Lottery.of([(P1, "1/3"), (P2, "1/3"), (P4, "1/3")]).support[0][1] == Fraction(1, 3)


def test_lottery_on_the_wrong_instance():
    with pytest.raises(InputError, match="does not fit"):
        objective("sov")(EX45_LIKE, D_MIN)


EX45_LIKE = Instance.identical([1, 2, 3], 2)


def test_unknown_objective():
    with pytest.raises(InputError) as e:
        objective("variance")
    assert e.value.field == "objective" and "sum-sd" in str(e.value)


def test_of_outcomes_and_of_variances():
    obj = objective("sd-of-sds")
    assert obj.of_outcomes(EX52, D_GOOD.outcomes(EX52)) == 17
    assert obj.of_variances([2116, 144], [100, 100]) == 17
    assert objective("sovor").of_variances([4, 9], [2, 3]) == 2
    assert objective("sovor").of_variances([0, 9], [0, 3]) == 1  # v_i(M) = 0: no ratio, no term
    assert objective("var-of-vars").of_variances([1, 2, 3], [1, 1, 1]) == Fraction(2, 3)
    assert objective("sum-sd").of_variances([2, 8, 0], [1, 1, 1]) == 3 * sqrt(2)


# ------------------------------------------------------ property: objectives from definitions

@st.composite
def lotteries(draw):
    n = draw(st.integers(1, 3))
    m = draw(st.integers(1, 3))
    inst = Instance.general(draw(st.lists(st.lists(st.integers(0, 9), min_size=m, max_size=m),
                                          min_size=n, max_size=n)))
    k = draw(st.integers(1, 4))
    owners = draw(st.lists(st.tuples(*[st.integers(0, n - 1)] * m), min_size=k, max_size=k))
    weights = draw(st.lists(st.integers(1, 9), min_size=k, max_size=k))
    total = sum(weights)
    return inst, Lottery.of([(Allocation(o, n), Fraction(w, total)) for o, w in zip(owners, weights)])


@settings(max_examples=60, deadline=None)
@given(lotteries())
def test_objectives_agree_with_definitions(case):
    inst, lottery = case
    n = inst.n
    pairs = [(p, a.value_vector(inst)) for a, p in lottery.support]
    assert sum(p for p, _ in pairs) == 1
    mu = [sum(p * x[i] for p, x in pairs) for i in range(n)]
    # Var = E[X^2] - E[X]^2, a different formula from the definition's E[(X - mu)^2]
    var = [sum(p * x[i] ** 2 for p, x in pairs) - mu[i] ** 2 for i in range(n)]
    assert list(means(lottery.outcomes(inst))) == mu
    assert list(variances(lottery.outcomes(inst))) == var
    sd = [sqrt(x) for x in var]
    mean_sd = sum(sd, SqrtSum()) * Fraction(1, n)
    totals = [inst.total(i) for i in range(n)]
    direct = {
        "sov": sum(var),
        "sovor": sum(var[i] / totals[i] ** 2 for i in range(n) if totals[i]),
        "max-var": max(var),
        "var-of-vars": sum((x - sum(var) / n) ** 2 for x in var) / n,
        "sum-sd": sum(sd, SqrtSum()),
        "sd-of-sds": Sqrt(sum(((s - mean_sd) * (s - mean_sd) for s in sd), SqrtSum())
                          * Fraction(1, n)),
    }
    for name, value in direct.items():
        got = objective(name)(inst, lottery)
        assert compare(got, value) == 0, name
        assert got == value, name
    assert is_ex_ante_prop(inst, lottery).holds == all(
        mu[i] >= inst.proportional_share(i) for i in range(n))
