"""Fairness notions (issue 2, items 5, 7, 13): the paper's exact values, witnesses, and agreement
with direct brute-force transcriptions of Definitions 2.1-2.4 and Corollary 4.2."""

import itertools
from fractions import Fraction

import pytest
from hypothesis import given, settings, strategies as st

from verifier.allocation import Allocation
from verifier.errors import InputError
from verifier.fairness import (distance_minimizers, distance_minimizers_brute_force, is_ef, is_ef1,
                               is_efx, is_efx0, is_mms, is_prop, is_rho_mms, mms, mms_brute_force,
                               mms_ratio, proportional_share, squared_distance, status)
from verifier.instance import Instance, load_instance
from verifier.paths import EXAMPLES

EX45 = load_instance(EXAMPLES / "example-4.5.toml")
EX52 = load_instance(EXAMPLES / "example-5.2.toml")


def alloc(inst, *bundles):
    return Allocation.parse([list(b) for b in bundles], inst)


P_MIN = alloc(EX45, "def", "bc", "a")  # Proposition 4.4's distance minimizer
P_MMS = alloc(EX45, "af", "be", "cd")  # the unique MMS allocation (up to permutation)


def bundle_set(inst, allocation):
    return sorted(sorted(inst.goods[g] for g in b) for b in allocation.bundles)


# --------------------------------------------------------------------------- Example 4.5

def test_example_4_5_shares():
    assert [proportional_share(EX45, i) for i in range(3)] == [1000, 1000, 1000]
    for i in range(3):
        share = mms(EX45, i)
        assert share.value == 912
        assert bundle_set(EX45, share.partition) == [["a", "f"], ["b", "e"], ["c", "d"]]
        assert min(share.partition.value_vector(Instance.identical(EX45.valuations[0], 3))) == 912
        assert mms_brute_force(EX45, i) == 912


def test_example_4_5_unique_mms_allocation():
    """"There is only one MMS-fair allocation ... (1176, 912, 912)" (Proposition 4.4)."""
    from verifier.allocation import canonical_allocations
    fair = [a for a in canonical_allocations(3, 6) if is_mms(EX45, a)]
    assert [bundle_set(EX45, a) for a in fair] == [[["a", "f"], ["b", "e"], ["c", "d"]]]
    assert P_MMS.value_vector(EX45) == (1176, 912, 912)
    # 176^2 + 2*88^2 = 46464. The paper prints 46664, a typo: its argument only needs 46050 < it
    assert squared_distance(EX45, P_MMS) == 46464 > squared_distance(EX45, P_MIN)
    # footnote 10: two bundles of equal value, so 6 allocations give only 3 value vectors
    assert len(P_MMS.orbit()) == 6
    assert len({a.value_vector(EX45) for a in P_MMS.orbit()}) == 3
    assert len({a.value_vector(EX45) for a in P_MIN.orbit()}) == 6


def test_example_4_5_distance_minimizer():
    dm = distance_minimizers(EX45)
    assert dm.distance == 46050 and dm.up_to_permutation
    assert len(dm.representatives) == 1
    rep = dm.representatives[0]
    assert rep == P_MIN.canonical()
    assert bundle_set(EX45, rep) == [["a"], ["b", "c"], ["d", "e", "f"]]
    assert P_MIN.value_vector(EX45) == (1095, 1080, 825)
    assert squared_distance(EX45, P_MIN) == 46050
    assert squared_distance(EX45, (1095, 1080, 825)) == 46050
    assert len(dm.all()) == 6 and P_MIN in dm.all()  # footnote 10: six permutations
    assert dm == distance_minimizers_brute_force(EX45)


def test_example_4_5_fairness_of_the_minimizer():
    """Theorem 4.6 (EFX ex-post), Proposition 4.4 (not MMS) and 4.8 (ratio 275/304)."""
    assert is_efx(EX45, P_MIN) and is_ef1(EX45, P_MIN) and is_efx0(EX45, P_MIN)
    assert not is_mms(EX45, P_MIN)
    assert is_mms(EX45, P_MMS)
    v = is_mms(EX45, P_MIN)
    assert v.witness == {"agent": "3", "value": "825", "MMS": "912", "needed": "912"}
    assert mms_ratio(EX45, P_MIN) == Fraction(825, 912) == Fraction(275, 304)
    assert all(mms_ratio(EX45, a) == Fraction(275, 304) for a in P_MIN.orbit())
    assert mms_ratio(EX45, P_MMS) == 1
    assert is_rho_mms(EX45, P_MIN, Fraction(275, 304))
    assert not is_rho_mms(EX45, P_MIN, Fraction(275, 304) + Fraction(1, 10 ** 9))
    assert is_rho_mms(EX45, P_MIN, Fraction(2, 3)).notion == "2/3-MMS"
    assert not is_prop(EX45, P_MIN)
    assert is_prop(EX45, P_MIN).witness == {"agent": "3", "value": "825", "PS": "1000"}
    s = status(EX45, P_MIN)
    assert {k: v.holds for k, v in s.items()} == {"EF1": True, "EFX": True, "MMS": False}


def test_example_4_5_ef_witness():
    v = is_ef(EX45, P_MIN)
    assert not v
    assert v.witness == {"agent": "2", "envies": "1", "own": "1080", "other": "1095"}
    assert "EF: no (agent=2, envies=1" in v.explain()


# --------------------------------------------------------------------------- Example 5.2

def test_example_5_2():
    assert mms(EX52, 0).value == 4 and mms(EX52, 1).value == 38
    assert mms_brute_force(EX52, 0) == 4 and mms_brute_force(EX52, 1) == 38
    p1, p2 = alloc(EX52, "b", "a"), alloc(EX52, "a", "b")  # value vectors (96, 38), (4, 62)
    p3, p4 = alloc(EX52, "ab", ""), alloc(EX52, "", "ab")
    for good in (p1, p2):  # D_good's support: EFX and MMS (Lemma 6.1)
        assert is_efx(EX52, good) and is_mms(EX52, good) and is_ef1(EX52, good)
    # an empty bundle: not EF1, and no constant-factor MMS approximation (Theorem 5.1)
    v = is_ef1(EX52, p4)
    assert not v
    assert v.witness == {"agent": "1", "envies": "2", "own": "0", "other": "100", "good": "b",
                         "other_without_good": "4"}
    assert not is_ef1(EX52, p3)
    assert is_ef1(EX52, p3).witness["good"] == "b"  # agent 2 values b at 62, still envies 38
    assert mms_ratio(EX52, p4) == 0 and mms_ratio(EX52, p3) == 0
    assert mms_ratio(EX52, p1) == 1  # min(96/4, 38/38)
    assert mms_ratio(EX52, p2) == 1  # min(4/4, 62/38)
    assert not is_prop(EX52, p1) and not is_prop(EX52, p2)  # no proportional allocation
    dm = distance_minimizers(EX52)
    assert not dm.up_to_permutation and dm.distance == 2260
    assert set(dm.representatives) == {p1, p2} == set(dm.all())


def test_efx_and_efx0_differ_on_a_zero_valued_good():
    """Footnote 12: EFX (Caragiannis et al.) ignores zero-valued goods, EFX0 does not."""
    inst = Instance.identical([1, 3, 0], 2)
    a = alloc(inst, "a", "bc")
    assert is_efx(inst, a) and is_ef1(inst, a)
    v = is_efx0(inst, a)
    assert not v
    assert v.witness == {"agent": "1", "envies": "2", "own": "1", "other": "3", "good": "c",
                         "other_without_good": "3"}
    assert not is_ef(inst, a)
    # EFX itself fails once a positive good's removal leaves envy
    b = alloc(Instance.identical([1, 2, 2], 2), "a", "bc")
    assert not is_efx(Instance.identical([1, 2, 2], 2), b)
    assert is_efx(Instance.identical([1, 2, 2], 2), b).witness["other_without_good"] == "2"


def test_shape_mismatch_is_an_input_error():
    with pytest.raises(InputError, match="does not fit"):
        is_ef(EX52, P_MIN)
    with pytest.raises(InputError, match="does not fit"):
        mms_ratio(EX45, alloc(EX52, "a", "b"))


def test_mms_ratio_all_zero():
    inst = Instance.general([[0, 0], [0, 0]])
    assert mms_ratio(inst, Allocation((0, 0), 2)) is None
    assert is_mms(inst, Allocation((0, 0), 2))


def test_fractional_values():
    inst = Instance.identical(["1/3", "1/6", "0.5", "0.25"], 2)
    share = mms(inst, 0)
    assert share.value == mms_brute_force(inst, 0) == Fraction(7, 12)  # {1/3,1/4} vs {1/6,1/2}
    dm = distance_minimizers(inst)
    assert dm.distance == squared_distance(inst, dm.representatives[0])
    assert dm == distance_minimizers_brute_force(inst)


# ------------------------------------------------- brute-force transcriptions of the definitions

def v(inst, i, bundle):
    return sum((inst.valuations[i][g] for g in bundle), Fraction(0))


def bundles_of(owner, n):
    return [[g for g, o in enumerate(owner) if o == i] for i in range(n)]


def def_prop(inst, A):  # Definition 2.1
    return all(v(inst, i, A[i]) >= v(inst, i, range(inst.m)) / inst.n for i in range(inst.n))


def def_ef(inst, A):
    return all(v(inst, i, A[i]) >= v(inst, i, A[l]) for i in range(inst.n) for l in range(inst.n))


def def_ef1(inst, A):  # Definition 2.3 (an empty A_l is never envied)
    return all(v(inst, i, A[i]) >= v(inst, i, A[l])
               or any(v(inst, i, A[i]) >= v(inst, i, [h for h in A[l] if h != g]) for g in A[l])
               for i in range(inst.n) for l in range(inst.n) if l != i)


def def_efx(inst, A, positive_only):  # Definition 2.4; footnote 12 for positive_only
    return all(v(inst, i, A[i]) >= v(inst, i, [h for h in A[l] if h != g])
               for i in range(inst.n) for l in range(inst.n) if l != i
               for g in A[l] if not positive_only or inst.valuations[i][g] > 0)


def def_mms(inst, i):  # Definition 2.2, over every allocation in Pi(n, M)
    return max(min(v(inst, i, b) for b in bundles_of(o, inst.n))
               for o in itertools.product(range(inst.n), repeat=inst.m))


def def_distance_minimizers(inst):  # Corollary 4.2: every allocation at least distance
    ps = [v(inst, i, range(inst.m)) / inst.n for i in range(inst.n)]
    dist = {o: sum((v(inst, i, b) - ps[i]) ** 2 for i, b in enumerate(bundles_of(o, inst.n)))
            for o in itertools.product(range(inst.n), repeat=inst.m)}
    best = min(dist.values())
    return best, {o for o, d in dist.items() if d == best}


# small values make ties (and zero-valued goods), large ones exercise the branch and bound
values = st.one_of(st.integers(0, 6), st.fractions(0, 5, max_denominator=4), st.integers(0, 10 ** 6))


@st.composite
def instances(draw, identical=None, max_n=3, max_m=5):
    n = draw(st.integers(1, max_n))
    m = draw(st.integers(1, max_m))
    same = draw(st.booleans()) if identical is None else identical
    if same:
        return Instance.identical(draw(st.lists(values, min_size=m, max_size=m)), n)
    return Instance.general(draw(st.lists(st.lists(values, min_size=m, max_size=m),
                                          min_size=n, max_size=n)))


def agent_index(inst, name):
    return inst.agents.index(name)


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_envy_notions_agree_with_definitions(data):
    inst = data.draw(instances())
    owner = tuple(data.draw(st.lists(st.integers(0, inst.n - 1), min_size=inst.m, max_size=inst.m)))
    a = Allocation(owner, inst.n)
    A = bundles_of(owner, inst.n)
    checks = [(is_prop, def_prop(inst, A)), (is_ef, def_ef(inst, A)), (is_ef1, def_ef1(inst, A)),
              (is_efx, def_efx(inst, A, True)), (is_efx0, def_efx(inst, A, False))]
    for fn, expected in checks:
        verdict = fn(inst, a)
        assert verdict.holds == expected, (fn.__name__, inst, owner)
        if not verdict.holds:  # the witness names a real violation
            w = verdict.witness
            i = agent_index(inst, w["agent"])
            assert Fraction(w.get("own", w.get("value"))) == v(inst, i, A[i])
            if "envies" in w:
                l = agent_index(inst, w["envies"])
                assert Fraction(w["other"]) == v(inst, i, A[l]) > v(inst, i, A[i])
            if "good" in w:
                g = inst.goods.index(w["good"])
                assert g in A[l]
                assert Fraction(w["other_without_good"]) == v(inst, i, A[l]) - inst.valuations[i][g]
                assert Fraction(w["other_without_good"]) > v(inst, i, A[i])
    # the implications EF => EFX0 => EFX => EF1 and EFX0 => EF1
    ef, ef1, efx, efx0 = (bool(f(inst, a)) for f in (is_ef, is_ef1, is_efx, is_efx0))
    assert (not ef or efx0) and (not efx0 or efx) and (not efx or ef1)


@settings(max_examples=100, deadline=None)
@given(instances(max_n=4, max_m=5))
def test_mms_agrees_with_definition(inst):
    shares = [def_mms(inst, k) for k in range(inst.n)]
    for i in range(inst.n):
        share = mms(inst, i)
        expected = shares[i]
        assert share.value == expected == mms_brute_force(inst, i)
        witness = [v(inst, i, b) for b in share.partition.bundles]
        assert min(witness) == expected and share.partition.n == inst.n
        ratio = mms_ratio(inst, share.partition)
        a = share.partition
        x = a.value_vector(inst)
        positive = [x[k] / mms(inst, k).value for k in range(inst.n) if mms(inst, k).value > 0]
        assert ratio == (min(positive) if positive else None)
        assert is_mms(inst, a).holds == all(x[k] >= shares[k] for k in range(inst.n))


@settings(max_examples=40, deadline=None)
@given(instances(identical=True, max_n=4, max_m=7))
def test_mms_identical_larger(inst):
    assert mms(inst, 0).value == mms_brute_force(inst, 0)


@settings(max_examples=100, deadline=None)
@given(instances(max_n=3, max_m=5))
def test_distance_minimizers_agree_with_definition(inst):
    best, owners = def_distance_minimizers(inst)
    dm = distance_minimizers(inst)
    assert dm.distance == best
    assert {a.owner for a in dm.all()} == owners
    assert dm.up_to_permutation == inst.is_identical
    if inst.is_identical:  # one representative per orbit
        assert len({a.canonical() for a in dm.representatives}) == len(dm.representatives)


@settings(max_examples=30, deadline=None)
@given(instances(identical=True, max_n=4, max_m=8))
def test_distance_minimizers_identical_larger(inst):
    fast = distance_minimizers(inst)
    slow = distance_minimizers_brute_force(inst)
    assert fast.distance == slow.distance
    assert set(fast.representatives) == set(slow.representatives)
    for a in fast.representatives:  # Theorem 4.6 for positive goods, footnote 12 for zeros
        assert is_efx(inst, a)


def test_distance_minimizers_many_ties():
    """Introduction: two agents and 11 identical goods: every 5/6 split minimizes."""
    inst = load_instance(EXAMPLES / "intro-11-identical.toml")
    dm = distance_minimizers(inst)
    assert dm.distance == Fraction(1, 2)  # (5 - 11/2)^2 + (6 - 11/2)^2
    assert len(dm.representatives) == 462 and len(dm.all()) == 924  # C(11,5), times 2
    assert all(sorted(len(b) for b in a.bundles) == [5, 6] for a in dm.representatives)
    assert mms(inst, 0).value == 5
