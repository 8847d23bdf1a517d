"""verifier.search (issue 7): the MMS-ratio search (floats propose, integers decide, fairness
re-verifies), the non-EF1 search and the Section 7 objective search, with exact values."""

import json
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

from verifier.errors import InputError
from verifier.fairness import distance_minimizers, mms, mms_ratio
from verifier.instance import Instance, load_instance
from verifier.paths import EXAMPLES, ROOT
from verifier.search.found import write_found
from verifier.search.mms_ratio import (exact_ratio, float_ratios, integer_ratio, polish,
                                       rationalize, search)
from verifier.search.non_ef1 import NO, YES, candidates, every_minimizer_non_ef1, search_non_ef1
from verifier.search.objective import lemma61_family, load_objective, search_objective

EX45 = [825, 552, 528, 384, 360, 351]


def test_integer_evaluator_matches_paper_and_fairness():
    r, owner = integer_ratio(EX45)
    assert r == Fraction(275, 304)
    inst = Instance.identical(EX45, 3)
    from verifier.allocation import Allocation
    a = Allocation(owner, 3)
    assert sorted(a.value_vector(inst)) == [825, 1080, 1095]
    v = exact_ratio(load_instance(EXAMPLES / "example-4.5.toml"))
    assert v.ratio == Fraction(275, 304) and v.mms == 912 and v.squared_distance == 46050
    assert len(v.minimizers) == 1


@pytest.mark.parametrize("seed", range(25))
def test_integer_evaluator_agrees_with_fairness_on_random_instances(seed):
    rng = np.random.default_rng(seed)
    m = int(rng.integers(3, 8))
    vals = [int(x) for x in rng.integers(1, 30, size=m)]
    inst = Instance.identical(vals, 3)
    expected = max(mms_ratio(inst, a) for a in distance_minimizers(inst).representatives)
    assert integer_ratio(vals)[0] == expected == exact_ratio(inst).ratio


def test_ties_take_the_best_minimizer():
    # (9,6,6,4,4,4): ({9},{6,6},{4,4,4}) -> (9,12,12) and ({9,4},{6,4},{6,4}) -> (13,10,10) are
    # both at squared distance 6 from (11,11,11); MMS = 10. Proposition 4.8's quantity is the
    # max over minimizers: 1, not 9/10 (a distribution may use the MMS allocation only)
    inst = Instance.identical([9, 6, 6, 4, 4, 4], 3)
    ratios = {mms_ratio(inst, a) for a in distance_minimizers(inst).representatives}
    assert ratios == {Fraction(9, 10), 1}
    assert integer_ratio([9, 6, 6, 4, 4, 4])[0] == 1 == exact_ratio(inst).ratio
    # the float evaluator counts near-ties pessimistically too
    assert float_ratios(np.array([[9., 6, 6, 4, 4, 4]]))[0] == 1
    assert float_ratios(np.array([EX45], dtype=float))[0] == pytest.approx(825 / 912)


def test_exact_ratio_rejects_bad_input():
    with pytest.raises(InputError):
        exact_ratio(Instance.general([[1, 2, 3], [3, 2, 1], [1, 1, 1]]))
    with pytest.raises(InputError):
        exact_ratio(Instance.identical([3, 0, 2, 2], 3))
    with pytest.raises(InputError):
        integer_ratio([0, 1, 2])
    with pytest.raises(InputError):
        exact_ratio(Instance.identical([3, 2], 3))      # MMS = 0
    with pytest.raises(InputError):
        search(2, n=3, budget=1, show_progress=False)


def test_rationalize_and_polish_are_exact_and_never_worse():
    x = np.array([500.3, 329.1, 330.2, 227.0, 226.4, 226.2])
    r, ints = rationalize(x, 3)
    assert integer_ratio(ints)[0] == r
    r2, ints2 = polish(ints, 3, np.random.default_rng(0), steps=50)
    assert r2 <= r and integer_ratio(ints2)[0] == r2


def test_search_m6_beats_the_paper_quickly_and_is_reproducible():
    target = Fraction(275, 304)
    res = search(6, seed=1, budget=60, max_restarts=4, warm=False, show_progress=False)
    assert res.restarts == 4 and res.best is not None and res.best.ratio < target
    # re-verified by verifier.fairness from scratch
    inst = Instance.identical(res.integers, 3)
    assert max(mms_ratio(inst, a) for a in distance_minimizers(inst).representatives) == res.best.ratio
    assert res.best.mms == mms(inst, 0).value
    again = search(6, seed=1, budget=60, max_restarts=4, warm=False, show_progress=False)
    assert again.integers == res.integers and again.best.ratio == res.best.ratio


def test_search_warm_start_m7_and_target_stop():
    res = search(7, seed=0, budget=60, max_restarts=8, show_progress=False,
                 target=Fraction(275, 304))
    assert res.best.ratio <= Fraction(275, 304) and len(res.integers) == 7


def test_found_instance_is_written_audited_and_certified(tmp_path):
    v = exact_ratio(Instance.identical([500, 329, 330, 227, 226, 226], 3, name="found"))
    assert v.ratio == Fraction(125, 139) and v.ratio < Fraction(275, 304)
    paths = write_found(v, tmp_path, "t")
    assert load_instance(paths["instance"]).valuations[0] == (500, 329, 330, 227, 226, 226)
    text = paths["claims"].read_text()
    assert 'rho = "125/139"' in text and "equals = 556" in text
    from verifier.audit import CONFIRMED, audit_file
    assert all(r.verdict == CONFIRMED for r in audit_file(paths["claims"]).results)
    if "certificate" in paths:
        cert = json.loads(paths["certificate"].read_text())
        assert cert["kind"] == "instance" and cert["verification"] == "unverified"


def test_a_wrong_claim_is_not_written_silently(tmp_path):
    v = exact_ratio(Instance.identical(EX45, 3))
    from dataclasses import replace
    with pytest.raises(Exception, match="does not confirm"):
        write_found(replace(v, ratio=Fraction(1, 2)), tmp_path, "bad", certificate=False)


def test_shipped_found_instances_verify():
    found = sorted((EXAMPLES / "found" / "claims").glob("mms-ratio-*.toml"))
    assert found, "examples/found ships at least one instance"
    for claims in found:
        inst = load_instance(EXAMPLES / "found" / claims.name)
        v = exact_ratio(inst)
        assert v.ratio < Fraction(275, 304)
        assert f'rho = "{v.ratio}"' in claims.read_text()
        cert = EXAMPLES / "found" / "certificates" / (claims.stem + ".json")
        if cert.exists():   # the kernel re-checks what the audit certified
            from verifier.kernel import check as kernel
            summary = kernel.check(kernel.load(cert))
            assert "0 refuted" in summary, summary


# ----------------------------------------------------------------------------- non-EF1

def test_candidates_are_canonical_and_ordered():
    c = candidates(2, 2, 2)
    # entries in 1..2 with a 2 somewhere, up to swapping goods and agents
    assert all(2 in sum(rows, ()) for rows in c)
    keys = [sum(map(sum, rows)) for rows in c]
    assert keys == sorted(keys)
    assert len(c) == len(set(c)) == 6


@pytest.mark.parametrize("name,expected", [("sov", YES), ("sovor", YES), ("max-var", YES),
                                           ("var-of-vars", YES), ("sd-of-sds", YES), ("sum-sd", NO)])
def test_example_5_2_every_minimizer_non_ef1(name, expected):
    # Theorem 5.1 and Section 6 items 1-3 hold on Example 5.2; footnote 21: not for sum of SDs
    verdict, _ = every_minimizer_non_ef1(load_instance(EXAMPLES / "example-5.2.toml"), name)
    assert verdict == expected


def test_example_6_2_sum_sd():
    verdict, why = every_minimizer_non_ef1(load_instance(EXAMPLES / "example-6.2.toml"), "sum-sd")
    assert verdict == YES and "45" in why


def test_prop_and_ef1_allocation_short_circuits():
    verdict, why = every_minimizer_non_ef1(Instance.general([[1, 2], [2, 1]]), "sov")
    assert verdict == NO and "PROP and EF1" in why


def test_shipped_non_ef1_instances_are_decided_yes():
    files = sorted((EXAMPLES / "found").glob("non-ef1-*.toml"))
    assert len(files) == 7
    for f in files:
        objective = f.stem.split("-", 3)[3]      # non-ef1-NxM-OBJECTIVE
        verdict, why = every_minimizer_non_ef1(load_instance(f), objective)
        assert verdict == YES, (f, why)


def test_shipped_non_ef1_claims_are_confirmed_by_the_audit():
    """The audit decides 'every minimizer violates EF1' for all six objectives, including the
    non-concave ones, by the same exact test (verifier.optimize.every_minimizer_uses)."""
    from verifier.audit import audit_file
    files = sorted((EXAMPLES / "found" / "claims").glob("non-ef1-*.toml"))
    assert len(files) == 7
    why = {}
    for f in files:
        (r,) = audit_file(f).results
        assert (r.verdict, r.computed, r.method) == ("CONFIRMED", True, "lottery optimizer"), f
        why[f.stem] = r.witness.split(",")[0]
    assert why["non-ef1-2x2-max-var"] == "optimum 20/9 < 9/4"
    assert why["non-ef1-2x2-var-of-vars"] == "optimum 0 < 9/64"
    assert why["non-ef1-2x2-sd-of-sds"] == "optimum 0 < 1/4"
    assert why["non-ef1-2x2-sum-sd"] == "optimum 3/2*sqrt(7) < 4"


def test_smallest_sov_non_ef1_instance_two_agents():
    res = search_non_ef1(2, "sov", max_goods=2, max_value=6, budget=50, show_progress=False)
    assert res.found is not None
    assert [list(map(int, r)) for r in res.found.valuations] == [[1, 6], [2, 3]]
    assert res.complete_below == (2, 5) and not res.unknown
    assert "m < 2 goods and values in 1..6, or m = 2 goods and values in 1..5" in res.text()


# ---------------------------------------------------------------------------- objective

def test_lemma61_family():
    fam = list(lemma61_family(4))
    assert (3, 2, 3, 2) in fam and all(a > b >= 1 and c > d >= 1 and a + b == c + d
                                       for a, b, c, d in fam)


@pytest.mark.parametrize("spec", ["sov", "lex-max-var", "1/2*sov+1/2*sum-sd", "sd-of-sds"])
def test_objectives_fail_ef1_exactly(spec):
    res = search_objective(load_objective(spec), max_value=10, grid=12, budget=30)
    assert res.verdict == "FAILS EF1"
    a1, b1, a2, b2 = res.instance
    probs = res.distribution
    assert sum(probs) == 1 and a1 + b1 == a2 + b2
    psi_d, psi_good = res.values
    from verifier.numbers import compare
    assert psi_d < psi_good if isinstance(psi_d, tuple) else compare(psi_d, psi_good) < 0
    # the witness is ex-ante PROP, exactly
    vecs = ((a1, b2), (b1, a2), (a1 + b1, 0), (0, a1 + b1))
    for i in range(2):
        assert sum(p * v[i] for p, v in zip(probs, vecs)) >= Fraction(a1 + b1, 2)


def test_user_objective(tmp_path, monkeypatch):
    (tmp_path / "myobj.py").write_text(
        "def max_ratio_var(var, totals):\n"
        "    return max(v / (t * t) for v, t in zip(var, totals))\n"
        "def constant(var, totals):\n    return 0\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    res = search_objective(load_objective("myobj:max_ratio_var"), max_value=8, grid=12, budget=30)
    assert res.verdict == "FAILS EF1"
    # a constant objective: D_good is always a minimizer, nothing beats it
    res = search_objective(load_objective("myobj:constant"), max_value=4, grid=6, budget=30)
    assert res.verdict == "NONE FOUND" and "UNKNOWN" in res.notes[-1]


def test_bad_objective_specs():
    for spec in ["nope", "2*nope", "nosuchmodule:f", "3*sd-of-sds"]:
        with pytest.raises(InputError):
            load_objective(spec)


def test_cli_search_bad_input_is_one_line():
    r = subprocess.run([sys.executable, "-m", "verifier", "search", "objective", "--objective",
                        "nope"], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert r.returncode == 2 and r.stderr.count("\n") == 1 and "objective" in r.stderr


def test_cli_mms_ratio_writes_audited_certified_files(tmp_path):
    r = subprocess.run([sys.executable, "-m", "verifier", "search", "mms-ratio", "--goods", "6",
                        "--seed", "1", "--restarts", "2", "--budget", "60", "--out", tmp_path,
                        "--stem", "x", "--json"], capture_output=True, text=True, cwd=ROOT,
                       timeout=120)
    assert r.returncode == 0, r.stderr
    d = json.loads(r.stdout)
    ratio = Fraction(d["ratio"])
    inst = load_instance(tmp_path / "x.toml")
    assert exact_ratio(inst).ratio == ratio and d["valuation"] == [int(x) for x in inst.valuations[0]]
    assert inst.source.startswith("verifier search mms-ratio --agents 3 --goods 6 --seed 1")
    chk = subprocess.run([sys.executable, "-m", "verifier", "check",
                          tmp_path / "certificates" / "x.json"],
                         capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert chk.returncode == 0 and "CHECKED" in chk.stdout, chk.stdout + chk.stderr


def test_shipped_found_files_regenerate_byte_identically(tmp_path):
    import shutil
    from verifier.search.found import regenerate
    shipped = EXAMPLES / "found"
    for f in shipped.glob("mms-ratio-*.toml"):
        shutil.copy(f, tmp_path / f.name)
    written = regenerate(tmp_path)
    assert written
    for p in written:
        rel = p.relative_to(tmp_path)
        assert p.read_bytes() == (shipped / rel).read_bytes(), rel
