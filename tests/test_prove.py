"""The bounded prover: statements as data, PROVED with kernel-accepted certificates, exact
counterexamples, honest UNKNOWN, clear errors on malformed statements."""

from __future__ import annotations

import copy
import json
import tomllib
from fractions import Fraction

import pytest

from verifier.allocation import Allocation
from verifier.certify.theorem import certificate_of, load_theorem
from verifier.cli import main
from verifier.fairness import distance_minimizers, is_mms
from verifier.instance import Instance
from verifier.kernel import theorem as kernel_theorem
from verifier.kernel.base import Rejected
from verifier.kernel.statement import load_statement
from verifier.paths import THEOREMS
from verifier.smt.prover import prove_case, prove_size


def data_of(stem: str) -> dict:
    return tomllib.loads((THEOREMS / f"{stem}.toml").read_text())


def proved(stem: str, n: int, m: int, **kw):
    data = data_of(stem)
    res = prove_size(data, n, m, progress_bar=False, **kw)
    assert res.status == "PROVED", res.detail
    cert = certificate_of(data, res)
    assert kernel_theorem.check(json.loads(json.dumps(cert))).startswith(data["name"])
    return cert


# cases: canonical allocations x violation witnesses (EFX: m(n-1) (i, l, g) triples; MMS: n agents
# x partitions into n non-empty bundles); Lemma 4.1: multisets of 2 of the n^m allocations x 2 signs
@pytest.mark.parametrize("stem,n,m,cases", [
    ("theorem-4.6", 2, 4, 8 * 4), ("theorem-4.6", 3, 4, 14 * 8), ("theorem-4.6", 4, 4, 15 * 12),
    ("corollary-3.4", 2, 4, 8 * 2 * 7), ("corollary-4.7-three", 3, 4, 14 * 3 * 6),
    ("corollary-4.7-four", 4, 4, 15 * 4 * 1), ("lemma-4.1", 2, 2, 10 * 2)])
def test_paper_statements_proved_and_kernel_accepts(stem, n, m, cases):
    cert = proved(stem, n, m)
    assert len(cert["cases"]) == cases


def test_theorem_4_6_refutation_is_the_single_move_identity():
    """The hint: moving g from the envied bundle l to i gives dist(A) - dist(A') =
    2 v_g (a_l - v_g - a_i) > 0, refuted by dist(A') - dist(A) >= 0 and v_g * viol > 0."""
    st = load_statement(data_of("theorem-4.6"))
    case = next(c for c in st.cases(2, 3) if c.id == "0,0,1|EFX:1>0:g1")
    r = prove_case(case)
    assert r.status == "proved"
    factors = sorted(tuple(t["factors"]) for t in r.refutation["terms"])
    assert factors == [("dist<=:0,1,1",), ("pos:1", "viol")]


def test_tampered_certificates_rejected():
    cert = proved("theorem-4.6", 2, 3)
    bad = copy.deepcopy(cert)
    bad["cases"].pop()
    with pytest.raises(Rejected, match="missing"):
        kernel_theorem.check(bad)
    bad = copy.deepcopy(cert)
    term = next(c for c in bad["cases"] if len(c["refutation"]["terms"]) > 1)["refutation"]["terms"][0]
    term["coef"] = "7/3"
    with pytest.raises(Rejected):
        kernel_theorem.check(bad)


def test_user_theorem_efx_implies_two_thirds_mms(tmp_path):
    """Amanatidis et al. 2018 as a new file: no change in verifier/ needed."""
    path = tmp_path / "efx-mms.toml"
    path.write_text('name = "EFX implies 2/3-MMS"\n'
                    'statement = "Three identical agents: every EFX allocation is 2/3-MMS."\n'
                    'quantifier = "forall"\nvaluations = "identical"\nvalues = "positive"\n'
                    'agents = 3\nhypotheses = ["EFX"]\nconclusion = "rho-MMS 2/3"\n')
    data, _ = load_theorem(path)
    for m in (3, 4):
        res = prove_size(data, 3, m, progress_bar=False)
        assert res.status == "PROVED", res.detail
        assert kernel_theorem.check(certificate_of(data, res))
    assert main(["prove", str(path), "--agents", "3", "--goods", "2-4"]) == 0


def test_false_variant_counterexample_is_exact(tmp_path):
    """'Every distance minimizer is EF' fails already for two agents: the counterexample comes
    from Z3 and is re-verified by the exact core."""
    path = tmp_path / "false.toml"
    path.write_text('name = "False"\nstatement = "Two identical agents: distance minimizers are EF."\n'
                    'quantifier = "forall"\nvaluations = "identical"\nvalues = "positive"\n'
                    'hypotheses = ["distance-minimizing"]\nconclusion = "EF"\n')
    out = tmp_path / "cex"
    assert main(["prove", str(path), "--agents", "2", "--goods", "2",
                 "--counterexamples", str(out)]) == 1
    (written,) = out.glob("*.toml")
    from verifier.instance import load_instance
    from verifier.fairness import is_ef, squared_distance
    inst = load_instance(written)
    assert any(not is_ef(inst, a) for a in distance_minimizers(inst).all())
    assert all(squared_distance(inst, a) == distance_minimizers(inst).distance
               for a in distance_minimizers(inst).all())


def test_tiny_timeout_is_unknown_never_proved(capsys):
    assert main(["prove", "theorem-4.6", "--agents", "3", "--goods", "4",
                 "--timeout", "0.000001"]) == 1
    out = capsys.readouterr().out
    assert "UNKNOWN" in out and "PROVED" not in out


@pytest.mark.parametrize("change,needle", [
    ({"conclusion": "EFY"}, "unknown conclusion 'EFY'"),
    ({"hypotheses": ["EF1"]}, "unknown hypothesis 'EF1'"),
    ({"values": "negative"}, "'values' must be one of"),
    ({"colour": "red"}, "unknown key(s) ['colour']"),
    ({"conclusion": "not EFX"}, "negated conclusion is allowed only in an 'exists'"),
    ({"conclusion": "rho-MMS 3/2"}, "rho must be in (0, 1]"),
    ({"hypotheses": ["good-over-half"]}, "'good-over-half' belongs only to the conclusion 'D_good'"),
    ({"conclusion": "D_good"}, "'D_good' (Lemma 6.1) is a forall statement on general")])
def test_malformed_statement_clear_error(tmp_path, capsys, change, needle):
    data = {**data_of("theorem-4.6"), **change}
    path = tmp_path / "bad.toml"
    path.write_text("\n".join(f"{k} = {json.dumps(v)}" for k, v in data.items()) + "\n")
    assert main(["prove", str(path), "--agents", "2", "--goods", "2"]) == 2
    err = capsys.readouterr().err
    assert needle in err and str(path) in err and "Traceback" not in err


def test_missing_theorem_and_bad_sizes(capsys):
    assert main(["prove", "no-such-theorem", "--agents", "2", "--goods", "2"]) == 2
    assert "no theorem file or name" in capsys.readouterr().err
    assert main(["prove", "theorem-4.6", "--agents", "2", "--goods", "5-3"]) == 2


def test_proposition_4_4_witness_semantics():
    """The kernel's exists-semantics: a witness where every distance minimizer fails MMS holds;
    an instance with an MMS minimizer does not (checked against the exact core too)."""
    st = load_statement(data_of("proposition-4.4"))
    witness = [Fraction(x) for x in ("11/4", "29/16", "57/32", "3/2", "1", "1")]
    inst = Instance.identical(witness, 3)
    assert all(not is_mms(inst, a) for a in distance_minimizers(inst).all())
    assert st.holds_on([witness], 3, 6)
    assert not st.holds_on([[1, 1, 1, 1, 1, 1]], 3, 6)
    with pytest.raises(Rejected):
        st.holds_on([witness], 3, 5)


def test_refinement_uses_few_constraints():
    """UNSAT with the repairing move alone: far fewer than the n^m distance constraints."""
    st = load_statement(data_of("theorem-4.6"))
    for case in st.cases(3, 4):
        r = prove_case(case, lp_first=False)
        assert r.status == "proved"
        assert sum(h.startswith("dist<=") for h in r.used) <= 1


def test_allocation_round_trip_of_case_ids():
    st = load_statement(data_of("corollary-3.4"))
    ids = [c.id for c in st.cases(2, 3)]
    assert ids[0] == "0,0,0|MMS:0:B=0,0,1" and len(ids) == len(set(ids))
    assert Allocation((0, 0, 1), 2).canonical().owner == (0, 0, 1)


def test_false_mms_variant_three_agents_counterexample():
    """'Every distance minimizer is MMS' for three identical agents (false, Proposition 4.4):
    on the case (allocation ({a}, {b,d}, {c,e,f}), agent 1, witness partition {a,e} {b,f} {c,d})
    Z3's model, refined against all allocations, is a counterexample the exact core confirms."""
    data = {**data_of("corollary-4.7-three"), "conclusion": "MMS"}
    st = load_statement(data)
    case = next(c for c in st.cases(3, 6) if c.id == "0,1,2,1,2,2|MMS:0:B=0,1,2,2,0,1")
    r = prove_case(case, timeout=60)
    assert r.status == "counterexample"
    inst = Instance.identical([Fraction(x) for x in r.valuations[0]], 3)
    alloc = Allocation((0, 1, 2, 1, 2, 2), 3)
    dm = distance_minimizers(inst)
    assert alloc.canonical() in {a.canonical() for a in dm.all()}
    assert not is_mms(inst, alloc)


def test_dask_cluster_gives_the_local_results():
    from distributed import LocalCluster
    data = data_of("theorem-4.6")
    local = prove_size(data, 3, 4, progress_bar=False)
    with LocalCluster(processes=False, n_workers=1, host="127.0.0.1", protocol="tcp",
                      dashboard_address=None) as cluster:
        remote = prove_size(data, 3, 4, scheduler=cluster.scheduler_address, progress_bar=False)
    assert remote.status == local.status == "PROVED"
    assert certificate_of(data, remote) == certificate_of(data, local)


def test_local_processes_give_the_same_certificate():
    data = data_of("corollary-3.4")
    one = prove_size(data, 2, 4, progress_bar=False)
    two = prove_size(data, 2, 4, jobs=2, progress_bar=False)
    assert certificate_of(data, one) == certificate_of(data, two)


def test_cvc5_cross_check_agrees(capsys):
    assert main(["prove", "corollary-3.4", "--agents", "2", "--goods", "2-3",
                 "--cross-check", "cvc5"]) == 0
    assert "ERROR" not in capsys.readouterr().out
    data = data_of("theorem-4.6")
    res = prove_size(data, 2, 3, cross_check="cvc5", progress_bar=False)
    assert res.status == "PROVED" and not res.disagreements
    assert {r.cross for r in res.cases} == {"unsat"}


def test_exists_statement_witnessed_by_z3_and_kernel(tmp_path):
    """An existence claim: Z3 proposes the instance, the exact core and the kernel's own
    semantics (Statement.holds_on) decide; a tampered witness is rejected."""
    path = tmp_path / "exists.toml"
    path.write_text('name = "Envy is unavoidable"\n'
                    'statement = "Some instance of two identical agents has no EF distance minimizer."\n'
                    'quantifier = "exists"\nvaluations = "identical"\nvalues = "positive"\n'
                    'hypotheses = ["distance-minimizing"]\nconclusion = "not EF"\n')
    data, _ = load_theorem(path)
    res = prove_size(data, 2, 3, progress_bar=False)
    assert res.status == "WITNESSED"
    inst = Instance.identical([Fraction(x) for x in res.witness[0]], 2)
    from verifier.fairness import is_ef
    assert all(not is_ef(inst, a) for a in distance_minimizers(inst).all())
    cert = certificate_of(data, res)
    assert "witnessed" in kernel_theorem.check(cert)
    cert["witness"]["valuations"] = [[1, 1, 2]]       # {a,b} vs {c}: an EF minimizer exists
    with pytest.raises(Rejected, match="witness"):
        kernel_theorem.check(cert)


def test_lemma_6_1_proved_kernel_certificate_and_tampering():
    """Lemma 6.1 at n = m = 2: per good g over half for both agents (2 x): D_good ex-ante PROP
    (2 agents), P1 and P2 MMS (2 x 2 witness agents), P3 and P4 not MMS (2 x 4 bundle choices),
    p_j != 1/2 (2 x 2 signs). p0 > 1/2 with good a over half is refuted by agent 2's ex-ante
    constraint and the product (p0 - 1/2) * (v2(a) - v2(M)/2) > 0 (0-based ids)."""
    cert = proved("lemma-6.1", 2, 2)
    assert len(cert["cases"]) == 2 * (2 + 4 + 8 + 4)
    refs = {c["case"]: c["refutation"] for c in cert["cases"]}
    ref = refs["0,1|1,0|0,0|1,1|g0:p0>1/2"]
    assert ref["conclusion"] == "zero"
    assert {"coef": 1, "factors": ["half:1", "viol"]} in ref["terms"]
    assert {"coef": "1/2", "factors": ["exante:1"]} in ref["terms"]
    bad = copy.deepcopy(cert)
    product = next(t for c in bad["cases"] if c["case"] == "0,1|1,0|0,0|1,1|g0:p0>1/2"
                   for t in c["refutation"]["terms"] if t["factors"] == ["half:1", "viol"])
    product["coef"] = 2
    with pytest.raises(Rejected, match="does not sum to 0"):
        kernel_theorem.check(bad)
    bad = copy.deepcopy(cert)   # a hypothesis id the kernel does not derive for this case
    next(c for c in bad["cases"] if c["case"] == "0,0|g1:isMMS:k=1,0")["refutation"]["terms"][
        0]["factors"] = ["mms:1:B=1,0"]
    with pytest.raises(Rejected, match="names no hypothesis"):
        kernel_theorem.check(bad)
    bad = copy.deepcopy(cert)
    bad["cases"] = [c for c in bad["cases"] if "p1<1/2" not in c["case"]]
    with pytest.raises(Rejected, match="missing"):
        kernel_theorem.check(bad)


def test_lemma_6_1_needs_its_hypothesis_and_size():
    """Without 'good-over-half' a deterministic allocation can be ex-ante PROP: an exact
    counterexample to p0 = 1/2. The vocabulary is for n = m = 2 only."""
    data = {**data_of("lemma-6.1"), "hypotheses": []}
    res = prove_size(data, 2, 2, progress_bar=False)
    assert res.status == "COUNTEREXAMPLE" and "|p0>1/2" in res.counterexample.case
    st = load_statement(data)
    point = dict(item.split("=") for item in res.counterexample.detail.split(", "))
    point = {k: Fraction(x) for k, x in point.items()}
    case = next(c for c in st.cases(2, 2) if c.id == res.counterexample.case)
    for poly, rel in case.hypotheses.values():
        x = poly.evaluate(point)
        assert x > 0 if rel == ">" else x >= 0 if rel == ">=" else x == 0
    del data["agents"], data["goods"]
    with pytest.raises(Rejected, match="2 agents, 2 goods"):
        list(load_statement(data).cases(3, 2))


def test_lemma_6_1_mms_semantics_match_the_exact_core():
    """Example 6.2 meets the hypotheses: the exact core finds exactly P1, P2 MMS, as stated."""
    from verifier.instance import load_instance
    from verifier.paths import EXAMPLES
    inst = load_instance(EXAMPLES / "example-6.2.toml")
    assert all(inst.value(i, [0]) * 2 > inst.total(i) for i in range(2))
    mms = [is_mms(inst, Allocation(o, 2)).holds for o in ((0, 1), (1, 0), (0, 0), (1, 1))]
    assert mms == [True, True, False, False]
