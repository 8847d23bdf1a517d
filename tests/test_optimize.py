"""The exact lottery optimizer (verifier.optimize): the paper's examples, brute force on random
small instances, Corollary 4.2 for identical valuations, a local method that fails, bad input."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from fractions import Fraction as F

import pytest

from verifier.allocation import Allocation
from verifier.fairness import distance_minimizers
from verifier.instance import Instance, load_instance
from verifier.lottery import OBJECTIVES, is_ex_ante_prop, variances
from verifier.numbers import SqrtSum, compare
from verifier.optimize import solve
from verifier.optimize.points import ValueSet, all_vertices
from verifier.optimize.solver import _solve_by_vertices
from verifier.paths import EXAMPLES

EX52 = load_instance(EXAMPLES / "example-5.2.toml")
EX62 = load_instance(EXAMPLES / "example-6.2.toml")


def support(d, inst):
    return sorted((p, a.text(inst)) for (p, _), allocs in zip(d.outcomes, d.allocations)
                  for a in allocs)


def test_example_5_2_sov_unique_minimizer():
    s = solve(EX52, "sov")
    assert s.status == "optimal" and s.value == F(1959000, 961) and s.unique is True
    (d,) = s.minimizers
    # D_min: 25/31 on the allocation with value vector (96, 38) and 6/31 on ({}, {a,b})
    assert support(d, EX52) == [(F(6, 31), "({}, {a,b})"), (F(25, 31), "({b}, {a})")]
    assert d.outcomes == ((F(6, 31), (F(0), F(100))), (F(25, 31), (F(96), F(38))))
    assert d.empty_bundle and s.every_minimizer_empty is True
    assert OBJECTIVES["sov"](EX52, d.lottery) == F(1959000, 961)
    assert is_ex_ante_prop(EX52, d.lottery).holds


def test_example_5_2_sovor_is_sov_scaled():
    s = solve(EX52, "sovor")  # normalized instance: v_i(M) = 100, so SoVoR = SoV / 100^2
    assert s.value == F(1959000, 961) / 10000 and s.unique is True


def test_example_5_2_section_6_objectives():
    mv = solve(EX52, "max-var")
    assert mv.status == "optimal" and mv.value == F(25 * 6 * 96 ** 2, 31 ** 2) and mv.unique is True
    assert mv.minimizers[0].outcomes == ((F(6, 31), (0, 100)), (F(25, 31), (96, 38)))
    for name in ("var-of-vars", "sd-of-sds"):
        s = solve(EX52, name)
        # the variances can be equalized: 1/2 ({a,b}, {}) + 1/2 ({}, {a,b}) has Var = (2500, 2500)
        assert s.status == "optimal" and compare(s.value, 0) == 0
        assert s.unique is True and "Z3" in s.method  # no other equalizer: decided by Z3 nlsat
        assert s.minimizers[0].outcomes == ((F(1, 2), (0, 100)), (F(1, 2), (100, 0)))
        assert s.every_minimizer_empty is True
    sd = solve(EX52, "sum-sd")  # footnote 21: D_good minimizes the sum of SDs, and uniquely
    assert sd.value == 58 and sd.unique is True and sd.every_minimizer_empty is False
    assert support(sd.minimizers[0], EX52) == [(F(1, 2), "({a}, {b})"), (F(1, 2), "({b}, {a})")]


def test_example_6_2_sum_of_sds():
    s = solve(EX62, "sum-sd")
    # F = 10/11 (90, 45) + 1/11 (0, 100): sqrt(81000/121) + sqrt(250) = 145/11 sqrt(10) < 42 < 45
    assert s.status == "optimal" and s.unique is True
    assert compare(s.value, SqrtSum([(F(145, 11), F(10))])) == 0
    assert s.minimizers[0].outcomes == ((F(1, 11), (0, 100)), (F(10, 11), (90, 45)))
    assert s.every_minimizer_empty is True


def brute_force(inst, name):
    """Minimum of a concave objective over every vertex of P, and the optimal vertices."""
    vs = ValueSet.of(inst, normalized=name == "sovor")
    obj = OBJECTIVES[name]
    vals = {}
    for s, p in all_vertices(vs):
        out = [(q, vs.vectors[j]) for q, j in zip(p, s)]
        vals[tuple(sorted(out))] = obj.of_outcomes(inst, out)
    best = min(vals.values(), key=lambda v: SqrtSum.of(v) if not isinstance(v, F) else v)
    return best, sorted(k for k, v in vals.items() if compare(v, best) == 0)


@pytest.mark.parametrize("seed", range(12))
def test_random_two_agents_against_brute_force(seed):
    rng = random.Random(seed)
    m = 2 + seed % 2
    inst = Instance.general([[rng.randint(0, 12) for _ in range(m)] for _ in range(2)])
    for name in ("sov", "sovor", "sum-sd"):
        if name == "sovor" and 0 in (inst.total(0), inst.total(1)):
            continue
        s = solve(inst, name)
        best, optimal = brute_force(inst, name)
        assert s.status == "optimal" and compare(s.value, best) == 0
        assert sorted(d.outcomes for d in s.minimizers) == optimal


@pytest.mark.parametrize("seed", range(3))
def test_three_agents_subdivision_matches_enumeration(seed):
    rng = random.Random(100 + seed)
    inst = Instance.general([[rng.randint(1, 9) for _ in range(2)] for _ in range(3)])
    fast = solve(inst, "sov")
    assert fast.proof["method"] == "regular-subdivision"
    slow = _solve_by_vertices(inst, ValueSet.of(inst), OBJECTIVES["sov"])
    assert fast.value == slow.value
    assert sorted(d.outcomes for d in fast.minimizers) == sorted(d.outcomes for d in slow.minimizers)


@pytest.mark.parametrize("values,n", [((3, 2, 2, 1), 2), ((5, 4, 3, 3, 2), 2), ((4, 3, 2, 2, 1), 3),
                                      ((1,) * 7, 2)])
def test_identical_valuations_corollary_4_2(values, n):
    inst = Instance.identical(values, n)
    s = solve(inst, "sov")
    dm = distance_minimizers(inst)
    minimizers = set(dm.all())
    assert s.value == dm.distance  # Corollary 4.2: optimum = min squared distance to (PS)^n
    for d in s.minimizers:
        assert d.mean == inst.proportional_shares
        assert all(a in minimizers for allocs in d.allocations for a in allocs)


def test_local_method_stops_at_a_worse_point():
    """SoV is concave: SLSQP from the uniform distribution over all allocations of Example 5.2
    ends at D_good (2260), strictly worse than the exact minimum 1959000/961 ~ 2038.5."""
    np = pytest.importorskip("numpy")
    from scipy.optimize import minimize
    allocs = [Allocation(o, 2) for o in ((0, 0), (0, 1), (1, 0), (1, 1))]
    X = np.array([[float(x) for x in a.value_vector(EX52)] for a in allocs])
    ps = np.array([50.0, 50.0])

    def phi(p):
        mu = p @ X
        return float(p @ (X ** 2).sum(1) - mu @ mu)
    r = minimize(phi, np.full(4, 0.25), method="SLSQP", bounds=[(0, 1)] * 4,
                 constraints=[{"type": "eq", "fun": lambda p: p.sum() - 1},
                              {"type": "ineq", "fun": lambda p: p @ X - ps}])
    exact = solve(EX52, "sov").value
    assert r.fun > float(exact) + 200  # float-ok: only shows the local method is far off
    assert exact == F(1959000, 961)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "verifier", "solve", *args],
                          capture_output=True, text=True, timeout=120)


def test_cli_table_and_json():
    r = run_cli(str(EXAMPLES / "example-5.2.toml"))
    assert r.returncode == 0 and "1959000/961" in r.stdout and "unique minimizer: yes" in r.stdout
    r = run_cli(str(EXAMPLES / "example-6.2.toml"), "--objective", "sum-sd", "--json")
    d = json.loads(r.stdout)
    assert d["value"] == "145/11*sqrt(10)" and d["unique"] is True
    assert [s["probability"] for s in d["minimizers"][0]["support"]] == ["1/11", "10/11"]


def test_cli_bad_input(tmp_path):
    r = run_cli(str(EXAMPLES / "example-5.2.toml"), "--objective", "variance")
    assert r.returncode == 2 and "unknown objective 'variance'" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    big = tmp_path / "big.toml"
    big.write_text('valuations = [[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18],'
                   '[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18]]\n')
    r = run_cli(str(big))
    assert r.returncode == 2 and "solve limit" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


@pytest.mark.parametrize("seed", range(12))
def test_degenerate_small_values_against_brute_force(seed):
    """Values in 0..3 give repeated and cocircular value vectors (non-simplicial faces)."""
    rng = random.Random(500 + seed)
    n, m = [(2, 3), (3, 2), (2, 4)][seed % 3]
    inst = Instance.general([[rng.randint(0, 3) for _ in range(m)] for _ in range(n)])
    s = solve(inst, "sov")
    best, optimal = brute_force(inst, "sov")
    assert s.status == "optimal" and s.value == best
    assert sorted(d.outcomes for d in s.minimizers) == optimal


def random_feasible(inst, rng, k=3):
    """A random ex-ante proportional distribution: mix random allocations with the uniform
    'all goods to one agent' lottery until proportional (the latter alone is PROP)."""
    from verifier.lottery import Lottery
    n, m = inst.n, inst.m
    base = [(Allocation((i,) * m, n), F(1, n)) for i in range(n)]
    extra = [(Allocation(tuple(rng.randrange(n) for _ in range(m)), n), F(rng.randint(1, 9)))
             for _ in range(k)]
    for t in (F(1), F(1, 2), F(1, 4), F(0)):
        total = sum(p for _, p in extra)
        pairs = [(a, p * (1 - t)) for a, p in base] + [(a, t * p / total) for a, p in extra]
        lot = Lottery.of([(a, p) for a, p in pairs if p])
        if is_ex_ante_prop(inst, lot).holds:
            return lot


@pytest.mark.parametrize("name", ["max-var", "var-of-vars", "sd-of-sds", "sum-sd", "sov"])
def test_optimum_is_below_every_sampled_distribution(name):
    rng = random.Random(7)
    for inst in (EX52, EX62, Instance.general([[5, 3, 2], [1, 4, 5]])):
        s = solve(inst, name)
        assert s.status == "optimal"
        for _ in range(30):
            lot = random_feasible(inst, rng)
            assert compare(OBJECTIVES[name](inst, lot), s.value) >= 0
        for d in s.minimizers:
            assert compare(OBJECTIVES[name](inst, d.lottery), s.value) == 0
            assert is_ex_ante_prop(inst, d.lottery).holds


def test_section_6_bounds_from_sov_for_large_instances():
    """Example 4.5 (3 agents, 702 value vectors): too many vertices for the Section 6 search, but
    max_i Var_i >= Phi*/n meets the largest variance of an SoV minimizer with equal variances."""
    inst = load_instance(EXAMPLES / "example-4.5.toml")
    s = solve(inst, "max-var")
    assert s.status == "optimal" and s.value == F(46050, 3) and s.minimizers
    assert all(len(set(variances(d.outcomes))) == 1 for d in s.minimizers)


try:
    from hypothesis import given, settings, strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    given = None

if given is not None:
    @settings(max_examples=40, deadline=None)
    @given(st.integers(2, 3).flatmap(lambda m: st.lists(
        st.lists(st.integers(0, 20), min_size=m, max_size=m), min_size=2, max_size=2)))
    def test_property_two_agents_against_brute_force(rows):
        inst = Instance.general(rows)
        for name in ("sov", "sum-sd"):
            s = solve(inst, name)
            best, optimal = brute_force(inst, name)
            assert s.status == "optimal" and compare(s.value, best) == 0
            assert sorted(d.outcomes for d in s.minimizers) == optimal
