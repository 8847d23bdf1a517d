"""verifier.partition agrees exactly with brute force over every owner map (small instances)."""

import itertools
import random
from fractions import Fraction
from unittest import mock

import pytest
from hypothesis import given, settings, strategies as st

from verifier.errors import TooLarge
from verifier.fairness import (distance_minimizers, distance_minimizers_brute_force, mms,
                               mms_brute_force)
from verifier.instance import Instance
from verifier import partition
from verifier.partition import max_min_partition, min_sum_squares_partitions

EXAMPLE_4_5 = [825, 552, 528, 384, 360, 351]


def bundle_sums(weights, owner, n):
    sums = [0] * n
    for g, k in enumerate(owner):
        sums[k] += weights[g]
    return sums


def restricted_growth(owner):
    relabel = {}
    return [relabel.setdefault(b, len(relabel)) for b in owner]


def brute_max_min(weights, n):
    return max(min(bundle_sums(weights, o, n))
               for o in itertools.product(range(n), repeat=len(weights)))


def brute_min_squares(weights, n):
    """(min sum of squares, sorted list of every minimizer as a restricted growth string)."""
    cost = {tuple(o): sum(s * s for s in bundle_sums(weights, o, n))
            for o in itertools.product(range(n), repeat=len(weights))}
    best = min(cost.values())
    return best, sorted({tuple(restricted_growth(o)) for o, c in cost.items() if c == best})


# small weights force ties and duplicates; zeros included on purpose
weight_lists = st.lists(st.one_of(st.integers(0, 4), st.integers(0, 60)), min_size=1, max_size=7)


@settings(max_examples=300, deadline=None)
@given(weight_lists, st.integers(1, 4))
def test_max_min_matches_brute_force(weights, n):
    value, owner = max_min_partition(weights, n)
    assert len(owner) == len(weights) and all(0 <= k < n for k in owner)
    assert min(bundle_sums(weights, owner, n)) == value  # the witness achieves the value
    assert value == brute_max_min(weights, n)


@settings(max_examples=300, deadline=None)
@given(weight_lists, st.integers(1, 4))
def test_min_squares_matches_brute_force(weights, n):
    best, owners = min_sum_squares_partitions(weights, n)
    assert (best, [tuple(o) for o in owners]) == brute_min_squares(weights, n)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 40), min_size=4, max_size=7), st.integers(2, 4), st.integers(2, 12))
def test_restricted_first_pass_stays_exact(weights, n, width):
    """A tiny HEURISTIC_WIDTH forces the restricted pass + full pass on small instances."""
    with mock.patch.object(partition, "HEURISTIC_WIDTH", width):
        value, owner = max_min_partition(weights, n)
    assert min(bundle_sums(weights, owner, n)) == value == brute_max_min(weights, n)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.integers(0, 5), st.integers(0, 40)), min_size=1, max_size=7),
       st.integers(2, 4), st.sampled_from([0, 10**6]))
def test_both_branchings_exact(weights, n, heavy_first):
    """Branching on the least bundle only (10^6) or on the heaviest good's bundle only (0)."""
    with mock.patch.object(partition, "HEAVY_FIRST", heavy_first):
        value, owner = max_min_partition(weights, n)
    assert min(bundle_sums(weights, owner, n)) == value == brute_max_min(weights, n)


# shapes where the heaviest good's bundle must hold exactly the largest admissible sum, or two
# goods of the heaviest weight (found by hunting mutants of the branching; the value is exact)
@pytest.mark.parametrize("heavy_first", [0, partition.HEAVY_FIRST, 10**6])
@pytest.mark.parametrize("weights, n, value", [
    ([19, 4, 4, 5, 2, 3, 14], 4, 9), ([14, 6, 5, 3, 13, 4, 8], 4, 13),
    ([2, 5, 4, 5, 3, 4, 3, 4], 3, 10), ([5, 5, 5, 4, 2, 5, 4], 3, 10),
    ([4, 4, 4, 6, 6, 3, 3, 4], 3, 11)])
def test_branching_regressions(weights, n, value, heavy_first):
    assert brute_max_min(weights, n) == value
    with mock.patch.object(partition, "HEAVY_FIRST", heavy_first):
        assert max_min_partition(weights, n)[0] == value


def test_heaviest_good_branching_seeded_sweep():
    rng = random.Random(2)
    with mock.patch.object(partition, "HEAVY_FIRST", 0):
        for _ in range(300):
            n = rng.randint(3, 4)
            weights = [rng.choice([rng.randint(1, 6), rng.randint(1, 20)])
                       for _ in range(rng.randint(3, 6))]
            value, owner = max_min_partition(weights, n)
            assert min(bundle_sums(weights, owner, n)) == value == brute_max_min(weights, n)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 10**6), min_size=7, max_size=8), st.integers(2, 4))
def test_large_values_match_brute_force(weights, n):
    assert max_min_partition(weights, n)[0] == brute_max_min(weights, n)
    best, owners = min_sum_squares_partitions(weights, n)
    assert (best, [tuple(o) for o in owners]) == brute_min_squares(weights, n)


@settings(max_examples=100, deadline=None)
@given(st.integers(50, 10**6), st.lists(st.integers(0, 30), min_size=1, max_size=6),
       st.integers(2, 4))
def test_one_dominant_good(big, weights, n):
    """A good heavier than T/n: the heavy-good bounds must stay sound (both functions)."""
    weights = [big] + weights
    assert max_min_partition(weights, n)[0] == brute_max_min(weights, n)
    best, owners = min_sum_squares_partitions(weights, n)
    assert (best, [tuple(o) for o in owners]) == brute_min_squares(weights, n)


def test_example_4_5_values():
    value, owner = max_min_partition(EXAMPLE_4_5, 3)
    assert value == 912 and min(bundle_sums(EXAMPLE_4_5, owner, 3)) == 912
    best, owners = min_sum_squares_partitions(EXAMPLE_4_5, 3)
    assert best - 3000 ** 2 // 3 == 46050  # squared distance to (PS)^3 = (1000, 1000, 1000)
    assert owners == [[0, 1, 1, 2, 2, 2]]  # {a}, {b, c}, {d, e, f}: the unique minimizer


def test_edge_cases():
    assert max_min_partition([5, 7], 4) == (0, max_min_partition([5, 7], 4)[1])
    assert max_min_partition([], 3)[0] == 0
    assert max_min_partition([0, 0, 9], 1) == (9, [0, 0, 0])
    # one huge good: the least-bundle bound (T - top_1) // (n - 1) keeps the search small
    assert max_min_partition([10**9] + [1] * 30, 3)[0] == 15
    # 40 equal goods: the multiset search does not enumerate 2^40 subsets
    assert max_min_partition([7] * 40, 3)[0] == 91
    best, owners = min_sum_squares_partitions([1] * 6, 2)
    assert best == 18 and len(owners) == 10  # C(6, 3) / 2 balanced splits
    best, owners = min_sum_squares_partitions([0, 0], 2)
    assert best == 0 and owners == [[0, 0], [0, 1]]


def test_too_large_is_an_error_not_a_memory_blowup():
    weights = EXAMPLE_4_5 + [17, 29, 301, 977, 613, 444]  # 12 distinct: half-lists of 2^6
    with mock.patch.object(partition, "HALF_LIST_LIMIT", 16):
        with pytest.raises(TooLarge, match="exact partition search"):
            max_min_partition(weights, 3)
        with pytest.raises(TooLarge):
            min_sum_squares_partitions(weights, 3)
    assert max_min_partition(weights, 3)[0] == 1790  # brute force over 3^12 owner maps agrees


def test_through_fairness():
    inst = Instance.identical([Fraction(825, 7), 552, Fraction(1, 3), 0, 384, 384, 11], 3)
    for i in range(inst.n):
        share = mms(inst, i)
        assert share.value == mms_brute_force(inst, i)
        assert min(inst.value(i, b) for b in share.partition.bundles) == share.value
    assert distance_minimizers(inst) == distance_minimizers_brute_force(inst)
    inst = Instance.identical([3, 3, 2, 2, 2, 1, 0], 4)
    assert distance_minimizers(inst) == distance_minimizers_brute_force(inst)
