"""verifier audit: every shipped claim's verdict with its exact computed value, altered claims,
bad input through the CLI, exit statuses and output formats."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from verifier.audit import CLAIMS_DIR, audit, audit_paths, exit_status, load_claims
from verifier.audit.render import json_report, markdown_report, text_report

# (file, claim id, verdict, exact computed value) for every shipped claim. The refuted ones were
# checked by hand: ||(1176, 912, 912) - (1000)^3||^2 = 176^2 + 2*88^2 = 46464; with v_1(a) = 4 the
# bundles ({a}, {b}) are worth (4, 62); (0, 50/96, 46/96, 0) gives agent 2 only 62*50/96 = 775/24;
# sigma_1(F) + sigma_2(F) = (90 + 55) sqrt(10)/11 = 145 sqrt(10)/11 < 42.
EXPECTED = json.loads("""
[
 ["example-4.5.toml", "Proposition 4.4: identical valuations", "CONFIRMED", true],
 ["example-4.5.toml", "Example 4.5: positive values", "CONFIRMED", true],
 ["example-4.5.toml", "Example 4.5: PS", "CONFIRMED", 1000],
 ["example-4.5.toml", "Example 4.5: only one MMS-fair allocation", "CONFIRMED", true],
 ["example-4.5.toml", "Example 4.5: v(P(MMS))", "CONFIRMED", [1176, 912, 912]],
 ["example-4.5.toml", "Example 4.5: MMS = 912", "CONFIRMED", 912],
 ["example-4.5.toml", "Example 4.5: P(MMS) is MMS-fair", "CONFIRMED", true],
 ["example-4.5.toml", "Example 4.5: distance of P(MMS)", "REFUTED", 46464],
 ["example-4.5.toml", "Example 4.5: the only distance minimizer", "CONFIRMED", true],
 ["example-4.5.toml", "Example 4.5: v(P(min))", "CONFIRMED", [1095, 1080, 825]],
 ["example-4.5.toml", "Example 4.5: distance of P(min)", "CONFIRMED", 46050],
 ["example-4.5.toml", "Example 4.5: minimum distance", "CONFIRMED", 46050],
 ["example-4.5.toml", "Example 4.5: support", "CONFIRMED", true],
 ["example-4.5.toml", "Example 4.5: min_i v(P(min)_i) = 825", "CONFIRMED", 825],
 ["example-4.5.toml", "Example 4.5: P(min) not MMS-fair", "CONFIRMED", false],
 ["example-4.5.toml", "Proposition 4.4", "CONFIRMED", true],
 ["example-4.5.toml", "Corollary 4.2 on Example 4.5: Phi(D) = 46050", "CONFIRMED", 46050],
 ["example-4.5.toml", "Corollary 4.2 proof: D' ex-ante PROP", "CONFIRMED", true],
 ["example-4.5.toml", "Lemma 4.1 on D'", "CONFIRMED", 46050],
 ["example-4.5.toml", "Figure 1 / Corollary 4.3 on Example 4.5", "CONFIRMED", 46464],
 ["example-4.5.toml", "Section 4: cyclic shifts of an MMS allocation are ex-ante PROP", "CONFIRMED", true],
 ["example-4.5.toml", "Section 4: cyclic shifts of an MMS allocation are MMS-fair ex post", "CONFIRMED", true],
 ["example-4.5.toml", "Footnote 10: MMS-fair permutations", "REFUTED", 6],
 ["example-4.5.toml", "Footnote 10: MMS-fair value vectors [what holds]", "CONFIRMED", 3],
 ["example-4.5.toml", "Footnote 10: distance-minimizing permutations", "CONFIRMED", 6],
 ["example-4.5.toml", "Footnote 11", "CONFIRMED", 1],
 ["example-4.5.toml", "Theorem 4.6 on Example 4.5", "CONFIRMED", true],
 ["example-4.5.toml", "Corollary 4.7 on Example 4.5", "CONFIRMED", true],
 ["example-4.5.toml", "Proposition 4.8", "CONFIRMED", true],
 ["example-4.5.toml", "Proposition 4.8 proof (footnote 13): 825/912 = 275/304", "CONFIRMED", "275/304"],
 ["example-4.5.toml", "Proposition 4.8 proof: MMS ratio of P(min)", "CONFIRMED", "275/304"],
 ["example-4.5.toml", "Proposition 4.8: 275/304 ≈ 90.4%", "CONFIRMED", "275/304"],
 ["example-4.5.toml", "Section 4.3: 275/304 ≈ 0.904", "CONFIRMED", "275/304"],
 ["example-5.2.toml", "Example 5.2: P(1)", "REFUTED", [4, 62]],
 ["example-5.2.toml", "Example 5.2: P(2)", "REFUTED", [96, 38]],
 ["example-5.2.toml", "Example 5.2: P(3)", "CONFIRMED", [100, 0]],
 ["example-5.2.toml", "Example 5.2: P(4)", "CONFIRMED", [0, 100]],
 ["example-5.2.toml", "Example 5.2: normalized", "CONFIRMED", [100, 100]],
 ["example-5.2.toml", "Theorem 5.1: normalized", "CONFIRMED", true],
 ["example-5.2.toml", "Theorem 5.1: non-zero values", "CONFIRMED", true],
 ["example-5.2.toml", "Example 5.2: MMS_1", "CONFIRMED", 4],
 ["example-5.2.toml", "Example 5.2: MMS_2", "CONFIRMED", 38],
 ["example-5.2.toml", "Theorem 5.1: D_min ex-ante PROP", "CONFIRMED", true],
 ["example-5.2.toml", "Theorem 5.1: E_Dmin[v_1] formula", "CONFIRMED", "2400/31"],
 ["example-5.2.toml", "Theorem 5.1: E_Dmin[v_1] > 77", "CONFIRMED", "2400/31"],
 ["example-5.2.toml", "Theorem 5.1: E_Dmin[v_2]", "CONFIRMED", 50],
 ["example-5.2.toml", "Theorem 5.1: Phi(D_min) formula", "CONFIRMED", "1959000/961"],
 ["example-5.2.toml", "Theorem 5.1: Phi(D_min) < 2039", "CONFIRMED", "1959000/961"],
 ["example-5.2.toml", "Theorem 5.1: D_good unique over P(1), P(2)", "CONFIRMED", true],
 ["example-5.2.toml", "Theorem 5.1: D_good EFX ex post", "CONFIRMED", true],
 ["example-5.2.toml", "Theorem 5.1: D_good MMS ex post", "CONFIRMED", true],
 ["example-5.2.toml", "Theorem 5.1: Phi(D_good) = 2260", "CONFIRMED", 2260],
 ["example-5.2.toml", "Theorem 5.1: Phi(D_good) formula", "CONFIRMED", 2260],
 ["example-5.2.toml", "Theorem 5.1: Phi(D_good) > 2039", "CONFIRMED", 2260],
 ["example-5.2.toml", "Theorem 5.1: empty bundle", "CONFIRMED", true],
 ["example-5.2.toml", "Theorem 5.1: not EF1", "CONFIRMED", true],
 ["example-5.2.toml", "Theorem 5.1: no MMS approximation", "CONFIRMED", true],
 ["example-5.2.toml", "Section 5: p > 0.8", "CONFIRMED", "25/31"],
 ["example-5.2.toml", "Section 5: Phi(D_min)/Phi(D_good) < 0.91", "CONFIRMED", "97950/108593"],
 ["example-5.2.toml", "Section 5: P(1) gives agent 2 38", "CONFIRMED", 38],
 ["example-5.2.toml", "Footnote 15: P(1) gives agent 1 96", "CONFIRMED", 96],
 ["example-5.2.toml", "Section 5: P(4) gives agent 2 100", "CONFIRMED", 100],
 ["example-5.2.toml", "Section 5: P(2) gives agent 2 62", "CONFIRMED", 62],
 ["example-5.2.toml", "Footnote 14 / Proposition 5.3", "CONFIRMED", true],
 ["example-5.2.toml", "Lemma B.2", "REFUTED", false],
 ["example-5.2.toml", "Lemma B.2 proof: Hessian negative-definite", "REFUTED", false],
 ["example-5.2.toml", "Lemma B.2 proof: 2 x_1 x_1^T positive-definite", "REFUTED", false],
 ["example-5.2.toml", "Lemma B.2 proof: 2 x_2 x_2^T positive-definite", "REFUTED", false],
 ["example-5.2.toml", "Lemma B.2 [what holds]: concave", "CONFIRMED", true],
 ["example-5.2.toml", "Lemma B.2 [what holds]: Hessian semidefinite", "CONFIRMED", true],
 ["example-5.2.toml", "Corollary B.8", "CONFIRMED", true],
 ["example-5.2.toml", "Corollary B.8 proof: no single allocation is proportional", "CONFIRMED", 0],
 ["example-5.2.toml", "Proposition 5.3 proof: p2 = p4 = 0", "CONFIRMED", []],
 ["example-5.2.toml", "Proposition 5.3 proof: p1 = p3 = 0", "CONFIRMED", []],
 ["example-5.2.toml", "Proposition 5.3 proof: p3 = p4 = 0", "CONFIRMED", [["1/2", "1/2"]]],
 ["example-5.2.toml", "Proposition 5.3 proof: Phi((1/2, 1/2, 0, 0))", "CONFIRMED", "97950/108593"],
 ["example-5.2.toml", "Proposition 5.3 proof: p2 = p3 = 0", "CONFIRMED", [["25/48", "23/48"], ["25/31", "6/31"]]],
 ["example-5.2.toml", "Proposition 5.3 proof: p2 = p3 = 0, value", "CONFIRMED", "13824/22103"],
 ["example-5.2.toml", "Proposition 5.3 proof: p1 = p4 = 0", "REFUTED", []],
 ["example-5.2.toml", "Proposition 5.3 proof: p2 = 50/62", "CONFIRMED", false],
 ["example-5.2.toml", "Proposition 5.3 proof: (0, 50/96, 46/96, 0) is an extreme point", "REFUTED", false],
 ["example-5.2.toml", "Proposition 5.3 proof: Phi((0, 50/96, 46/96, 0)) formula", "CONFIRMED", "1877375/576"],
 ["example-5.2.toml", "Proposition 5.3 proof: Phi((0, 50/96, 46/96, 0)) > 3258", "CONFIRMED", "1877375/576"],
 ["example-5.2.toml", "Proposition 5.3 proof: p1 = p2 = 0", "CONFIRMED", [["1/2", "1/2"]]],
 ["example-5.2.toml", "Proposition 5.3 proof: Phi((0, 0, 1/2, 1/2)) = 5000", "CONFIRMED", 5000],
 ["example-5.2.toml", "Proposition 5.3 proof: completing pair (P1, P2)", "CONFIRMED", [100, 100]],
 ["example-5.2.toml", "Proposition 5.3 proof: completing pair (P3, P4)", "CONFIRMED", [100, 100]],
 ["example-5.2.toml", "Proposition 5.3 proof: sub-case-1", "CONFIRMED", [0, 0, "1/2", "1/2"]],
 ["example-5.2.toml", "Proposition 5.3 proof: sub-case-2", "CONFIRMED", [0, 0, "1/2", "1/2"]],
 ["example-5.2.toml", "Proposition 5.3 proof: sub-case-3", "CONFIRMED", ["1/2", "1/2", 0, 0]],
 ["example-5.2.toml", "Proposition 5.3 proof: sub-case-4", "CONFIRMED", ["1/2", "1/2", 0, 0]],
 ["example-5.2.toml", "Proposition 5.3 proof: the extreme points", "REFUTED", [[0, 0, "1/2", "1/2"], ["1/2", "1/2", 0, 0], ["25/48", 0, 0, "23/48"], ["25/31", 0, 0, "6/31"]]],
 ["example-5.2.toml", "Proposition 5.3", "CONFIRMED", true],
 ["example-5.2.toml", "Proposition 5.3: optimum", "CONFIRMED", "1959000/961"],
 ["example-5.2.toml", "Lemma 6.1 hypotheses (Example 5.2)", "CONFIRMED", true],
 ["example-5.2.toml", "Lemma 6.1 proof: the MMS allocations (Example 5.2)", "CONFIRMED", 2],
 ["example-5.2.toml", "Lemma 6.1: D_good unique EFX and MMS (Example 5.2)", "CONFIRMED", true],
 ["example-5.2.toml", "Lemma 6.1 proof: no proportional allocation (Example 5.2)", "CONFIRMED", false],
 ["example-5.2.toml", "Section 6: Var_Dmin[v_1] formula", "CONFIRMED", "1382400/961"],
 ["example-5.2.toml", "Section 6: Var_Dmin[v_1] < 1439", "CONFIRMED", "1382400/961"],
 ["example-5.2.toml", "Section 6: Var_Dmin[v_2] = 600", "CONFIRMED", 600],
 ["example-5.2.toml", "Section 6: Var_Dgood[v_1] = 2116", "CONFIRMED", 2116],
 ["example-5.2.toml", "Section 6: Var_Dgood[v_2] = 144", "CONFIRMED", 144],
 ["example-5.2.toml", "Section 6.1: Psi(D_good) = 2116", "CONFIRMED", 2116],
 ["example-5.2.toml", "Section 6.1: Psi(D_min) < 1439", "CONFIRMED", "1382400/961"],
 ["example-5.2.toml", "Section 6.1: D_good not a minimizer", "CONFIRMED", false],
 ["example-5.2.toml", "Section 6.1: empty bundle", "CONFIRMED", true],
 ["example-5.2.toml", "Section 6.2: Psi(D_good) = 972196", "CONFIRMED", 972196],
 ["example-5.2.toml", "Section 6.2: Psi(D_min) < 1/4 (1439 - 600)^2", "CONFIRMED", "162328410000/923521"],
 ["example-5.2.toml", "Section 6.2: 1/4 (1439 - 600)^2 < 175981", "CONFIRMED", "703921/4"],
 ["example-5.2.toml", "Section 6.2: D_good not a minimizer", "CONFIRMED", false],
 ["example-5.2.toml", "Section 6.2: empty bundle", "CONFIRMED", true],
 ["example-5.2.toml", "Section 6.3: sigma_1(D_good) = 46", "CONFIRMED", 46],
 ["example-5.2.toml", "Section 6.3: sigma_2(D_good) = 12", "CONFIRMED", 12],
 ["example-5.2.toml", "Section 6.3: mu_sigma(D_good) = 29", "CONFIRMED", 29],
 ["example-5.2.toml", "Section 6.3: Psi(D_good) = 17", "CONFIRMED", 17],
 ["example-5.2.toml", "Section 6.3: sigma_1(D_min) < sqrt(1439)", "CONFIRMED", {"algebraic": "480/31*sqrt(6)"}],
 ["example-5.2.toml", "Section 6.3: sqrt(1439) < 38", "CONFIRMED", {"algebraic": "sqrt(1439)"}],
 ["example-5.2.toml", "Section 6.3: sigma_2(D_min) = sqrt(600)", "CONFIRMED", {"algebraic": "10*sqrt(6)"}],
 ["example-5.2.toml", "Section 6.3: sigma_2(D_min) > 24", "CONFIRMED", {"algebraic": "10*sqrt(6)"}],
 ["example-5.2.toml", "Section 6.3: Psi(D_min) < 7", "CONFIRMED", {"algebraic": "85/31*sqrt(6)"}],
 ["example-5.2.toml", "Section 6.3: sqrt(1/4 (38 - 24)^2) = 7", "CONFIRMED", 7],
 ["example-5.2.toml", "Section 6.3: D_good not a minimizer", "CONFIRMED", false],
 ["example-5.2.toml", "Section 6.3: empty bundle", "CONFIRMED", true],
 ["example-5.2.toml", "Footnote 21", "CONFIRMED", true],
 ["example-6.2.toml", "Example 6.2: P(1)", "CONFIRMED", [90, 45]],
 ["example-6.2.toml", "Example 6.2: P(2)", "CONFIRMED", [10, 55]],
 ["example-6.2.toml", "Example 6.2: P(3)", "CONFIRMED", [100, 0]],
 ["example-6.2.toml", "Example 6.2: P(4)", "CONFIRMED", [0, 100]],
 ["example-6.2.toml", "Example 6.2: normalized", "CONFIRMED", [100, 100]],
 ["example-6.2.toml", "Example 6.2: non-zero values", "CONFIRMED", true],
 ["example-6.2.toml", "Example 6.2: good a above half", "CONFIRMED", true],
 ["example-6.2.toml", "Lemma 6.1 hypotheses (Example 6.2)", "CONFIRMED", true],
 ["example-6.2.toml", "Example 6.2: F ex-ante PROP", "CONFIRMED", true],
 ["example-6.2.toml", "Example 6.2: E_F[v_1] formula", "CONFIRMED", "900/11"],
 ["example-6.2.toml", "Example 6.2: E_F[v_1] > 81", "CONFIRMED", "900/11"],
 ["example-6.2.toml", "Example 6.2: E_F[v_2] = 50", "CONFIRMED", 50],
 ["example-6.2.toml", "Example 6.2: Phi(F) formula", "CONFIRMED", {"algebraic": "145/11*sqrt(10)"}],
 ["example-6.2.toml", "Example 6.2: Phi(F) < 42", "CONFIRMED", {"algebraic": "145/11*sqrt(10)"}],
 ["example-6.2.toml", "Example 6.2: F_good unique over P(1), P(2)", "CONFIRMED", true],
 ["example-6.2.toml", "Example 6.2: Phi(F_good) formula", "CONFIRMED", 45],
 ["example-6.2.toml", "Example 6.2: Phi(F_good) = 45", "CONFIRMED", 45],
 ["example-6.2.toml", "Example 6.2: Phi(F) = 42", "REFUTED", {"algebraic": "145/11*sqrt(10)"}],
 ["example-6.2.toml", "Example 6.2: F_good unique without P(3), P(4)", "CONFIRMED", true],
 ["example-6.2.toml", "Example 6.2: F_good EFX and MMS ex post", "CONFIRMED", true],
 ["example-6.2.toml", "Example 6.2: F_good MMS ex post", "CONFIRMED", true],
 ["example-6.2.toml", "Example 6.2: F_good not a minimizer", "CONFIRMED", false],
 ["example-6.2.toml", "Section 6.4: empty bundle", "CONFIRMED", true],
 ["example-6.2.toml", "Lemma 6.1 proof: the MMS allocations (Example 6.2)", "CONFIRMED", 2],
 ["example-6.2.toml", "Lemma 6.1 proof: no proportional allocation (Example 6.2)", "CONFIRMED", false],
 ["intro-11-identical.toml", "Section 1: no proportional allocation", "CONFIRMED", false],
 ["intro-11-identical.toml", "Section 1: 5 and 6 is EFX", "CONFIRMED", true],
 ["intro-11-identical.toml", "Section 1: 5 and 6 is EF1", "CONFIRMED", true],
 ["intro-11-identical.toml", "Section 1: 5 and 6 is MMS", "CONFIRMED", true],
 ["intro-11-identical.toml", "Section 1: MMS = 5", "CONFIRMED", [5, 5]],
 ["intro-11-identical.toml", "Section 1: all goods to a random agent is ex-ante PROP", "CONFIRMED", true],
 ["intro-11-identical.toml", "Section 1: all goods to a random agent is unfair ex post", "CONFIRMED", false],
 ["intro-11-identical.toml", "Section 1: uniform over 5 and 6 is ex-ante PROP", "CONFIRMED", true],
 ["intro-11-identical.toml", "Section 1: uniform over 5 and 6 is EFX ex post", "CONFIRMED", true],
 ["intro-11-identical.toml", "Section 1: uniform over 5 and 6 is MMS ex post", "CONFIRMED", true],
 ["intro-11-identical.toml", "Section 1: same expected value (5 and 6)", "CONFIRMED", ["11/2", "11/2"]],
 ["intro-11-identical.toml", "Section 1: same expected value (11 and 0)", "CONFIRMED", ["11/2", "11/2"]],
 ["intro-11-identical.toml", "Section 1: lower variance", "CONFIRMED", "1/121"],
 ["intro-11-identical.toml", "Corollary 3.4 on the introduction's instance", "CONFIRMED", true],
 ["intro-11-identical.toml", "Corollary 3.4 on the introduction's instance: EFX", "CONFIRMED", true],
 ["intro-11-identical.toml", "Section 1: uniform over 5 and 6 minimizes the sum of variances", "CONFIRMED", true],
 ["intro-single-good.toml", "Section 1: to Bob is EFX", "CONFIRMED", true],
 ["intro-single-good.toml", "Section 1: to Bob is EF1", "CONFIRMED", true],
 ["intro-single-good.toml", "Section 1: to Bob is MMS", "CONFIRMED", true],
 ["intro-single-good.toml", "Section 1: the coin is ex-ante PROP", "CONFIRMED", true],
 ["intro-single-good.toml", "Section 1: giving Bob the good is not ex-ante PROP", "CONFIRMED", false]
]
""")


@pytest.fixture(scope="module")
def shipped():
    return {Path(a.claims_file.path).name: a for a in audit_paths()}


def test_every_shipped_claim(shipped):
    got = [[name, r.claim.id, r.verdict, r.computed] for name, a in shipped.items() for r in a.results]
    assert sorted(got, key=lambda x: (x[0], x[1])) == sorted(EXPECTED, key=lambda x: (x[0], x[1]))


def test_shipped_files_and_summary(shipped):
    assert sorted(shipped) == ["example-4.5.toml", "example-5.2.toml", "example-6.2.toml",
                               "intro-11-identical.toml", "intro-single-good.toml"]
    rs = [r for a in shipped.values() for r in a.results]
    assert (len(rs), sum(r.verdict == "REFUTED" for r in rs), sum(r.verdict == "UNDECIDED" for r in rs)) \
        == (len(EXPECTED), 12, 0)
    assert exit_status(shipped.values()) == 1


def _result(shipped, name, cid):
    return next(r for r in shipped[name].results if r.claim.id == cid)


def test_refutation_witnesses(shipped):
    r = _result(shipped, "example-5.2.toml", "Lemma B.2")
    assert "negative semidefinite" in r.witness and "d = (-1/2, -1/2, 1/2, 1/2)" in r.witness
    r = _result(shipped, "example-5.2.toml", "Lemma B.2 proof: Hessian negative-definite")
    assert "rank 2" in r.witness
    r = _result(shipped, "example-5.2.toml", "Proposition 5.3 proof: (0, 50/96, 46/96, 0) is an extreme point")
    assert "means (50, 775/24)" in r.witness
    r = _result(shipped, "example-4.5.toml", "Footnote 10: MMS-fair permutations")
    assert "3 distinct value vectors" in r.witness
    r = _result(shipped, "example-6.2.toml", "Example 6.2: Phi(F) = 42")
    assert r.computed_text == "145/11*sqrt(10) ≈ 41.684569"


OPTIMALITY = ("optimum", "minimizer", "unique minimizer", "every minimizer")


def test_optimality_claims_use_the_lottery_optimizer(shipped):
    """Issue 6: every shipped optimality claim is decided by verifier.optimize.solve (over the
    claim's 'over' allocations when it names them); the audit's own vertex enumeration decides
    only claims about the polytope itself."""
    methods = {(n, r.claim.id): r.method for n, a in shipped.items() for r in a.results}
    optimality = [r for a in shipped.values() for r in a.results if r.claim.name in OPTIMALITY]
    assert len(optimality) == 24
    assert {r.method for r in optimality} == {"lottery optimizer"}
    assert methods[("example-5.2.toml", "Proposition 5.3 proof: the extreme points")] == "vertex enumeration"
    assert methods[("example-5.2.toml", "Corollary B.8")] == "vertices"
    r = _result(shipped, "example-5.2.toml", "Proposition 5.3")  # over P1..P4
    assert r.witness == "the only minimizer; sov 1959000/961"
    r = _result(shipped, "example-5.2.toml", "Section 6.1: empty bundle")
    assert r.witness == ("optimum 1382400/961 < 2116, the optimum over distributions on "
                         "allocations without 'empty bundle' only")


# ------------------------------------------------------------------ fallbacks beyond the optimizer

def test_identical_valuations_and_comparison_beyond_the_optimizer(tmp_path):
    """2 agents, 18 goods with identical values (17 ones and a 17): 2^18 allocations exceed the optimizer's limit, so sov
    claims fall back to the distance minimizers (Lemma 4.1) and a named distribution refutes a
    minimizer claim for max-var; other optimality claims are UNDECIDED with the reason."""
    body = """[instance]
agents = 2
valuation = [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 17]
[allocations]
ALL1 = [["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r"], []]
ALL2 = [[], ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q", "r"]]
HALF1 = [["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q"], ["r"]]
HALF2 = [["r"], ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o", "p", "q"]]
[distributions]
coin = { ALL1 = "1/2", ALL2 = "1/2" }
halves = { HALF1 = "1/2", HALF2 = "1/2" }
[[claim]]
id = "optimum"
quantity = "optimum"
objective = "sov"
equals = 0
[[claim]]
id = "halves minimizes"
property = "minimizer"
objective = "sov"
of = "halves"
[[claim]]
id = "every minimizer EFX"
property = "every minimizer"
objective = "sov"
satisfies = "EFX"
[[claim]]
id = "coin is no max-var minimizer"
property = "minimizer"
objective = "max-var"
of = "coin"
holds = false
[[claim]]
id = "max-var optimum"
quantity = "optimum"
objective = "max-var"
equals = 0
"""
    p = tmp_path / "big.toml"
    p.write_text(body)
    res = {r.claim.id: r for r in audit(load_claims(p)).results}
    assert [(k, r.verdict, r.method) for k, r in res.items()] == [
        ("optimum", "CONFIRMED", "identical valuations"),
        ("halves minimizes", "CONFIRMED", "identical valuations"),
        ("every minimizer EFX", "CONFIRMED", "identical valuations"),
        ("coin is no max-var minimizer", "CONFIRMED", "comparison"),
        ("max-var optimum", "UNDECIDED", "")]
    assert res["optimum"].computed == 0
    assert res["coin is no max-var minimizer"].witness == "halves has max-var 0 < 289"
    assert "exceed the solve limit" in res["max-var optimum"].reason


# ------------------------------------------------------------------ altered claims are refuted

HEADER = """instance = "{inst}"
[allocations]
P1 = [["b"], ["a"]]
P2 = [["a"], ["b"]]
P3 = [["a", "b"], []]
P4 = [[], ["a", "b"]]
[distributions]
D_min = {{ P1 = "25/31", P4 = "6/31" }}
D_good = {{ P1 = "1/2", P2 = "1/2" }}
"""


def _claims(tmp_path, body: str, name="c.toml") -> Path:
    inst = (Path(CLAIMS_DIR).parent / "example-5.2.toml").resolve()
    p = tmp_path / name
    p.write_text(HEADER.format(inst=inst) + body)
    return p


ALTERED = [
    # value off by one
    ('quantity = "objective"\nobjective = "sov"\nof = "D_good"\nequals = 2261', "2260"),
    ('quantity = "MMS"\nagent = 2\nequals = 39', "38"),
    ('quantity = "value vector"\nof = "P1"\nequals = [96, 39]', "(96, 38)"),
    ('quantity = "count"\nof = "allocations"\nsatisfying = "MMS"\nequals = 3', "2"),
    # false uniqueness
    ('property = "unique minimizer"\nobjective = "sov"\nof = "D_good"', "no"),
    ('property = "unique ex-ante PROP"\nof = "D_min"\nover = ["P1", "P2", "P3", "P4"]', "no"),
    # wrong bound direction
    ('quantity = "objective"\nobjective = "sov"\nof = "D_min"\ngreater_than = 2039', "1959000/961"),
    ('quantity = "variance"\nof = "D_min"\nagent = 1\nat_least = 1439', "1382400/961"),
    ('quantity = "SD"\nof = "D_min"\nagent = 2\nless_than = 24', "10*sqrt(6) ≈ 24.494897"),
    # a false property
    ('property = "EF1"\nof = "P3"', "no"),
    ('property = "every minimizer"\nobjective = "sov"\nsatisfies = "EF1"', "no"),
    ('quantity = "arithmetic"\nexpr = "275/304"\napproximately = "90.3%"', "275/304 ≈ 0.904605"),
]


@pytest.mark.parametrize("body,computed", ALTERED)
def test_altered_claims_are_refuted(tmp_path, body, computed):
    fa = audit(load_claims(_claims(tmp_path, f'[[claim]]\nid = "altered"\n{body}\n')))
    (r,) = fa.results
    assert (r.verdict, r.computed_text if r.claim.kind == "quantity" else
            ("yes" if r.computed else "no")) == ("REFUTED", computed)


def test_approximately_accepts_truncation_and_rounding(tmp_path):
    body = "".join(f'[[claim]]\nid = "a{k}"\nquantity = "arithmetic"\nexpr = "275/304"\n'
                   f'approximately = "{v}"\n' for k, v in enumerate(["90.4%", "90.5%", "0.9046", "0.90"]))
    fa = audit(load_claims(_claims(tmp_path, body)))
    assert [r.verdict for r in fa.results] == ["CONFIRMED"] * 4


def test_non_concave_every_minimizer_satisfies(tmp_path):
    """var-of-vars over P1..P4: the optimizer proves 1/2 P3 + 1/2 P4 the unique minimizer (Z3),
    so 'every minimizer is EFX ex post' is decided (P4 is not EFX)."""
    body = ('[[claim]]\nid = "v"\nproperty = "every minimizer"\nobjective = "var-of-vars"\n'
            'satisfies = "EFX"\nover = ["P1", "P2", "P3", "P4"]\n')
    (r,) = audit(load_claims(_claims(tmp_path, body))).results
    assert (r.verdict, r.computed, r.method) == ("REFUTED", False, "lottery optimizer")
    assert r.witness.startswith("P4 is in the support of the minimizer {P4: 1/2, P3: 1/2}: agent 1")


def test_undecided_and_exit_status_3(tmp_path):
    body = ('[[claim]]\nid = "u"\nproperty = "every minimizer"\nobjective = "sov"\n'
            'satisfies = "EFX"\nover = ["P2", "P3"]\n')
    fa = audit(load_claims(_claims(tmp_path, body)))
    assert fa.results[0].verdict == "UNDECIDED"
    assert fa.results[0].reason == "no ex-ante-PROP distribution over these allocations"
    assert exit_status([fa]) == 3
    ok = audit(load_claims(_claims(tmp_path, '[[claim]]\nid = "ok"\nproperty = "normalized"\n', "ok.toml")))
    assert exit_status([ok]) == 0


# ------------------------------------------------------------------ bad input (CLI, exit 2)

BAD = [
    ('[[claim]]\nid = "X"\nproperty = "EFY"\nof = "P1"\n', "claim 'X'", "field 'property'", "unknown property 'EFY'"),
    ('[[claim]]\nid = "X"\nproperty = "EFX"\nof = "P9"\n', "claim 'X'", "field 'of'", "undefined"),
    ('[[claim]]\nid = "X"\nquantity = "mean"\nof = "D_nope"\n', "claim 'X'", "field 'of'", "undefined a distribution 'D_nope'"),
    ('[[claim]]\nid = "X"\nquantity = "MMS"\nagent = 3\nequals = 4\n', "claim 'X'", "field 'agent'", "out of range"),
    ('[[claim]]\nid = "X"\nquantity = "MMS"\nagent = 1\nequals = "four"\n', "claim 'X'", "field 'equals'", "not"),
    ('[[claim]]\nid = "X"\nquantity = "MMS"\nagent = 1\nequals = nan\n', "claim 'X'", "field 'equals'", ""),
    ('[[claim]]\nid = "X"\nquantity = "MMS"\nagent = 1\nequals = 1e99999999\n', "claim 'X'", "field 'equals'", "exponent too large"),
    ('[[claim]]\nid = "X"\nquantity = "value vector"\nof = "P1"\nequals = [1, 2, 3]\n', "claim 'X'", "field 'equals'", "3 numbers stated"),
    ('[[claim]]\nid = "X"\nquantity = "arithmetic"\nexpr = "1/0"\nequals = 1\n', "claim 'X'", "field 'expr'", "division by zero"),
    ('[[claim]]\nid = "X"\nquantity = "value vector"\nof = "P1"\nequals = [1, 2]\nbogus = 1\n', "claim 'X'", "field 'bogus'", "unknown key"),
    ('[[claim]]\nid = "X"\nproperty = "EFX"\nof = "P1"\nequals = 3\n', "claim 'X'", "field 'equals'", "holds"),
    ('[[claim]]\nid = "X"\nproperty = "every minimizer"\nobjective = "sov"\n', "claim 'X'", "", "exactly one of"),
    ('[[claim]]\ntext = "no id"\nproperty = "normalized"\n', "claim '#1'", "field 'id'", "needs an id"),
    ('[[claim]]\nid = "X"\nproperty = "normalized"\n[[claim]]\nid = "X"\nproperty = "identical"\n', "claim 'X'", "field 'id'", "duplicate"),
]


def _cli(*args):
    return subprocess.run([sys.executable, "-m", "verifier", "audit", *map(str, args)],
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("body,cid,field,msg", BAD)
def test_bad_claims_exit_2(tmp_path, body, cid, field, msg):
    p = _claims(tmp_path, body)
    res = _cli(p)
    err = res.stderr.strip()
    assert res.returncode == 2 and res.stdout == "" and "Traceback" not in err, err
    assert len(err.splitlines()) == 1 and str(p) in err and cid in err and field in err and msg in err, err


def test_bad_allocation_and_instance_mismatch(tmp_path):
    inst = (Path(CLAIMS_DIR).parent / "example-5.2.toml").resolve()
    cases = [
        ('[allocations]\nA = [["a"], ["b"], []]\n', "3 bundles for 2 agents"),     # wrong agent count
        ('[allocations]\nA = [["a"], ["z"]]\n', "unknown good 'z'"),               # wrong goods
        ('[allocations]\nA = [["a"], []]\n', "not allocated"),                     # a good missing
        ('[allocations]\nA = [["a"], ["b"]]\n[distributions]\nD = { A = 0.5 }\n', "sum to 1/2"),
        ('[allocations]\nA = [["a"], ["b"]]\n[distributions]\nD = { B = 1 }\n', "undefined allocation 'B'"),
    ]
    for k, (body, msg) in enumerate(cases):
        p = tmp_path / f"bad{k}.toml"
        p.write_text(f'instance = "{inst}"\n' + body + '[[claim]]\nid = "c"\nproperty = "normalized"\n')
        res = _cli(p)
        assert res.returncode == 2 and msg in res.stderr and str(p) in res.stderr, res.stderr
        assert "Traceback" not in res.stderr


def test_cli_missing_file_and_instance(tmp_path):
    assert _cli(tmp_path / "none.toml").returncode == 2
    p = tmp_path / "c.toml"
    p.write_text('instance = "nowhere.toml"\n[[claim]]\nid = "c"\nproperty = "normalized"\n')
    res = _cli(p)
    assert res.returncode == 2 and "no such file" in res.stderr


# ------------------------------------------------------------------ output formats

def test_cli_default_json_and_report(tmp_path):
    report = tmp_path / "r.md"
    res = _cli("--json", "--report", report)
    assert res.returncode == 1
    data = json.loads(res.stdout)
    assert data["summary"] == f"{len(EXPECTED)} claims in 5 file(s): {len(EXPECTED) - 12} confirmed, 12 refuted, 0 undecided"
    md = report.read_text()
    assert md.index("## Refuted claims (12)") < md.index("## Confirmed claims")
    assert "- computed: 46464" in md and "145/11*sqrt(10)" in md


def test_text_report_lists_refutations(shipped):
    text = text_report(list(shipped.values()))
    assert "REFUTED Example 4.5: distance of P(MMS): computed 46464" in text
    assert text.splitlines()[-1].endswith("12 refuted, 0 undecided")
    assert json.loads(json_report(list(shipped.values())))["files"][0]["claims"]
    assert markdown_report(list(shipped.values())).startswith("# Audit of the claims")
