"""``solve(..., allocations=...)``: the optimizer restricted to distributions supported on given
allocations (Theorem 5.1's P(1), P(2); infeasible subsets; agreement with naive enumeration on
random subsets) and ``every_minimizer_uses``."""

from __future__ import annotations

import random
from fractions import Fraction as F

import pytest

from verifier.allocation import Allocation, all_allocations
from verifier.errors import InputError, VerifierError
from verifier.fairness import is_ef1
from verifier.instance import Instance, load_instance
from verifier.lottery import OBJECTIVES
from verifier.numbers import SqrtSum, compare
from verifier.optimize import every_minimizer_uses, lottery_certificate, solve
from verifier.optimize.points import ValueSet
from verifier.optimize.solver import _solve_by_vertices, has_empty_bundle
from verifier.paths import EXAMPLES

EX52 = load_instance(EXAMPLES / "example-5.2.toml")
EX62 = load_instance(EXAMPLES / "example-6.2.toml")
P1, P2, P3, P4 = (Allocation.parse(b, EX52) for b in
                  ([["b"], ["a"]], [["a"], ["b"]], [["a", "b"], []], [[], ["a", "b"]]))


def test_all_allocations_given_is_the_unrestricted_solve():
    for name in ("sov", "sovor", "sum-sd", "max-var"):
        full, given = solve(EX52, name), solve(EX52, name, allocations=[P4, P3, P2, P1, P1])
        assert given.restricted and not full.restricted
        assert (given.status, given.value, given.unique) == (full.status, full.value, full.unique)
        assert [d.outcomes for d in given.minimizers] == [d.outcomes for d in full.minimizers]
        assert [d.allocations for d in given.minimizers] == [d.allocations for d in full.minimizers]


@pytest.mark.parametrize("name", list(OBJECTIVES))
def test_theorem_5_1_d_good_is_the_only_distribution_over_p1_p2(name):
    # Example 5.2: over P(1), P(2) the only ex-ante-PROP distribution is D_good = 1/2 P1 + 1/2 P2
    s = solve(EX52, name, allocations=[P1, P2])
    assert s.status == "optimal" and s.unique is True and s.complete
    (d,) = s.minimizers
    assert d.outcomes == ((F(1, 2), (F(4), F(62))), (F(1, 2), (F(96), F(38))))
    assert d.allocations == ((P2,), (P1,))
    expected = {"sov": F(2260), "sovor": F(2260, 10000), "max-var": F(2116),
                "var-of-vars": F(972196), "sd-of-sds": F(17), "sum-sd": F(58)}[name]
    assert compare(s.value, expected) == 0
    assert s.every_minimizer_empty is False


@pytest.mark.parametrize("name", list(OBJECTIVES))
@pytest.mark.parametrize("subset", [[], [P3], [P2, P3]])
def test_no_ex_ante_prop_distribution_is_infeasible(name, subset):
    # P3 gives agent 2 nothing; P2 gives agent 1 only 4 < PS_1 = 50
    s = solve(EX52, name, allocations=subset)
    assert s.status == "infeasible" and s.value is None and s.minimizers == () and s.restricted
    assert "no ex-ante proportional distribution" in s.reason


def test_restricted_solutions_get_no_certificate():
    lottery_certificate(EX52, solve(EX52, "sov"))
    with pytest.raises(VerifierError, match="given set of allocations"):
        lottery_certificate(EX52, solve(EX52, "sov", allocations=[P1, P2, P3, P4]))


def test_allocations_must_fit_the_instance():
    with pytest.raises(InputError, match="does not fit 2 agents and 2 goods"):
        solve(EX52, "sov", allocations=[P1, Allocation((0, 1, 1), 2)])
    with pytest.raises(InputError):
        solve(EX52, "sov", allocations=[Allocation((0, 2), 3)])


@pytest.mark.parametrize("seed", range(6))
def test_random_subsets_against_naive_enumeration(seed):
    """The subdivision route (and its infeasibility verdict) against naive vertex enumeration
    over the same subset of allocations."""
    rng = random.Random(seed)
    n, m = (2, 3) if seed % 2 else (3, 2)
    inst = Instance.general([[rng.randint(1, 9) for _ in range(m)] for _ in range(n)])
    allocs = list(all_allocations(n, m))
    for _ in range(4):
        subset = rng.sample(allocs, rng.randint(1, len(allocs)))
        fast = solve(inst, "sov", allocations=subset)
        slow = _solve_by_vertices(inst, ValueSet.of(inst, allocations=subset), OBJECTIVES["sov"])
        assert fast.status == slow.status, (inst.valuations, subset)
        if fast.status == "optimal":
            assert fast.value == slow.value
            assert sorted(d.outcomes for d in fast.minimizers) == \
                sorted(d.outcomes for d in slow.minimizers)
            used = {a for d in fast.minimizers for g in d.allocations for a in g}
            assert used <= set(subset)


def test_every_minimizer_uses_on_the_papers_examples():
    empty = has_empty_bundle
    # Theorem 5.1 (sov) and Section 6.1-6.3: every minimizer gives some agent nothing
    for name in ("sov", "sovor", "max-var", "var-of-vars", "sd-of-sds"):
        answer, why = every_minimizer_uses(EX52, name, empty, what="non-empty allocations")
        assert answer is True, (name, why)
    # footnote 21: D_good, without empty bundles, minimizes the sum of SDs
    answer, why = every_minimizer_uses(EX52, "sum-sd", empty, what="non-empty allocations")
    assert answer is False and why == "a distribution on non-empty allocations only attains the optimum 58"
    # Example 6.2 / Section 6.4: the sum of SDs fails there, 145/11 sqrt(10) < 45
    answer, why = every_minimizer_uses(EX62, "sum-sd", empty, what="non-empty allocations")
    assert answer is True and why == ("optimum 145/11*sqrt(10) < 45, the optimum over distributions "
                                      "on non-empty allocations only")
    # over the subset {P1, P2, P4}: D_min is still available, so the answer is unchanged
    answer, why = every_minimizer_uses(EX52, "sov", lambda a: not is_ef1(EX52, a).holds,
                                       allocations=[P1, P2, P4], what="EF1 allocations")
    assert answer is True and why.startswith("optimum 1959000/961 < 2260")
    # over {P2, P3}: no ex-ante-PROP distribution at all, so nothing is decided
    answer, why = every_minimizer_uses(EX52, "sov", empty, allocations=[P2, P3])
    assert answer is None and "infeasible" in why
    # only allocations with empty bundles remain after excluding them: vacuous on that side
    answer, why = every_minimizer_uses(EX52, "sov", lambda a: True, what="no allocations")
    assert answer is True and "no ex-ante-PROP distribution is supported on no allocations" in why


def test_sum_sd_value_is_exact():
    s = solve(EX62, "sum-sd", allocations=list(all_allocations(2, 2)))
    assert compare(s.value, SqrtSum.sqrt(10) * F(145, 11)) == 0
