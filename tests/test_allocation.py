"""Allocations (issue 2, item 4): bundles, value vectors, enumeration counts, orbits, errors."""

import math
from functools import lru_cache

import pytest

from verifier.allocation import (ENUMERATION_LIMIT, Allocation, all_allocations,
                                 canonical_allocations, count_allocations, count_canonical,
                                 stirling2)
from verifier.errors import InputError, TooLarge
from verifier.instance import Instance, load_instance
from verifier.paths import EXAMPLES


@lru_cache(maxsize=None)
def stirling_recurrence(m, k):
    """S(m, k) = k S(m-1, k) + S(m-1, k-1), S(0, 0) = 1: independent of the explicit formula."""
    if m == 0 and k == 0:
        return 1
    if m == 0 or k == 0:
        return 0
    return k * stirling_recurrence(m - 1, k) + stirling_recurrence(m - 1, k - 1)


def test_stirling_numbers():
    for m in range(0, 16):
        for k in range(0, 18):
            assert stirling2(m, k) == stirling_recurrence(m, k), (m, k)
    # known values: S(6,3) = 90, S(10,4) = 34105; Bell numbers B(m) = sum_k S(m,k)
    assert stirling2(6, 3) == 90 and stirling2(10, 4) == 34105
    assert [sum(stirling2(m, k) for k in range(m + 1)) for m in range(8)] == \
        [1, 1, 2, 5, 15, 52, 203, 877]


@pytest.mark.parametrize("n, m", [(1, 1), (1, 4), (2, 1), (2, 5), (3, 4), (3, 6), (4, 5), (5, 3)])
def test_enumeration_counts(n, m):
    every = list(all_allocations(n, m))
    assert len(every) == count_allocations(n, m) == n ** m
    assert len(set(every)) == len(every)
    canon = list(canonical_allocations(n, m))
    assert len(canon) == count_canonical(n, m) == sum(stirling_recurrence(m, k) for k in range(n + 1))
    assert len(set(canon)) == len(canon)
    # canonical representatives are their own canonical form, and their orbits partition Pi(n, M)
    assert all(a.canonical() == a for a in canon)
    assert {a.canonical() for a in every} == set(canon)
    orbits = [a.orbit() for a in canon]
    assert sum(len(o) for o in orbits) == n ** m
    assert set().union(*map(set, orbits)) == set(every)


def test_empty_goods_edge():
    assert count_canonical(3, 0) == 1 == len(list(canonical_allocations(3, 0)))
    assert count_allocations(3, 0) == 1 == len(list(all_allocations(3, 0)))


def test_orbit_sizes():
    # n!/(n-k)! with k non-empty bundles
    a = Allocation((0, 1, 2, 2), 3)
    assert len(a.orbit()) == 6
    b = Allocation((0, 0, 1), 3)  # one bundle empty: 3!/1! = 6
    assert len(b.orbit()) == 6
    c = Allocation((0, 0, 0), 3)  # everything to one agent: 3
    assert len(c.orbit()) == 3
    d = Allocation((0, 0, 1), 4)
    assert len(d.orbit()) == math.perm(4, 2) == 12
    assert all(x.canonical() == b.canonical() for x in b.orbit())
    assert b in b.orbit()


def test_canonical_and_permuted():
    a = Allocation((2, 0, 2, 1), 3)
    assert a.canonical() == Allocation((0, 1, 0, 2), 3)
    assert a.permuted([1, 2, 0]) == Allocation((0, 1, 0, 2), 3)
    assert a.permuted([0, 1, 2]) == a


def test_bundles_value_vector_and_text():
    inst = load_instance(EXAMPLES / "example-4.5.toml")
    p_min = Allocation.parse([["d", "e", "f"], ["b", "c"], ["a"]], inst)
    assert p_min.owner == (2, 1, 1, 0, 0, 0)
    assert p_min.bundles == ((3, 4, 5), (1, 2), (0,))
    assert p_min.bundle(1) == (1, 2)
    assert p_min.value_vector(inst) == (1095, 1080, 825)
    assert p_min.text(inst) == "({d,e,f}, {b,c}, {a})"
    assert str(p_min) == "({4,5,6}, {2,3}, {1})"
    assert p_min.names(inst) == [["d", "e", "f"], ["b", "c"], ["a"]]
    p_mms = Allocation.parse([["a", "f"], ["b", "e"], ["c", "d"]], inst)
    assert p_mms.value_vector(inst) == (1176, 912, 912)
    empty = Allocation.parse([["a", "b", "c", "d", "e", "f"], [], []], inst)
    assert empty.text(inst) == "({a,b,c,d,e,f}, {}, {})"
    assert empty.value_vector(inst) == (3000, 0, 0)


def test_value_vector_uses_each_agents_valuation():
    inst = load_instance(EXAMPLES / "example-5.2.toml")

    def vector(spec):
        return Allocation.parse(spec, inst).value_vector(inst)

    # Example 5.2's four allocations. The paper labels P(1) = ({a},{b}) but gives it the value
    # vector (96, 38) of ({b},{a}) (v_1(b) = 96, v_2(a) = 38); the value vectors are what count.
    assert vector([["b"], ["a"]]) == (96, 38)
    assert vector([["a"], ["b"]]) == (4, 62)
    assert vector([["a", "b"], []]) == (100, 0)
    assert vector([[], ["a", "b"]]) == (0, 100)


@pytest.mark.parametrize("bundles, m, words", [
    ([[0, 1], [1]], 2, "in two bundles"),
    ([[0], []], 2, "not allocated"),
    ([[0], [5]], 2, "out of range"),
    ([[-1], [0, 1]], 2, "out of range"),
])
def test_from_bundles_errors(bundles, m, words):
    with pytest.raises(InputError, match=words):
        Allocation.from_bundles(bundles, m)


def test_parse_errors():
    inst = load_instance(EXAMPLES / "example-5.2.toml")
    with pytest.raises(InputError, match="3 bundles for 2 agents"):
        Allocation.parse([["a"], ["b"], []], inst)
    with pytest.raises(InputError, match="unknown good 'c'"):
        Allocation.parse([["a"], ["c"]], inst)
    with pytest.raises(InputError, match="list of bundles"):
        Allocation.parse(["ab", ""], inst)  # would otherwise be read letter by letter
    with pytest.raises(InputError, match="list of bundles"):
        Allocation.parse("ab", inst)
    with pytest.raises(InputError, match="not allocated"):
        Allocation.parse([["a"], []], inst)


def test_value_vector_shape_mismatch():
    inst = Instance.identical([1, 2, 3], 2)
    with pytest.raises(InputError, match="2 goods to 2 agents does not fit .* 3 goods"):
        Allocation((0, 1), 2).value_vector(inst)  # would silently drop good c
    with pytest.raises(InputError, match="does not fit"):
        Allocation((0, 1, 2), 3).value_vector(inst)


def test_enumeration_limit():
    assert ENUMERATION_LIMIT == 5_000_000
    with pytest.raises(TooLarge, match="enumeration limit"):
        next(all_allocations(3, 15))  # 3^15 = 14348907
    with pytest.raises(TooLarge, match="enumeration limit"):
        next(canonical_allocations(3, 16))  # 7174454 up to permutation
    # below the limit and with force: enumeration starts
    assert next(canonical_allocations(3, 15)) == Allocation((0,) * 15, 3)
    assert next(all_allocations(3, 15, force=True)) == Allocation((0,) * 15, 3)


def test_allocation_is_immutable_and_ordered():
    a = Allocation((0, 1), 2)
    with pytest.raises(Exception):
        a.owner = (1, 0)
    assert sorted([Allocation((1, 0), 2), a]) == [a, Allocation((1, 0), 2)]
    inst = Instance.identical([1, 2], 2)
    assert {a: 1}[Allocation.parse([["a"], ["b"]], inst)] == 1
