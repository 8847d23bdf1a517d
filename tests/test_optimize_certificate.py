"""Lottery certificates: built by verifier.optimize.lottery_certificate, accepted by the
standard-library kernel (verifier.kernel.lottery), and tampered variants rejected."""

from __future__ import annotations

import copy
import json
import subprocess
import sys

import pytest

from verifier.errors import VerifierError
from verifier.instance import Instance, load_instance
from verifier.kernel.base import Rejected
from verifier.kernel.check import check
from verifier.optimize import lottery_certificate, solve
from verifier.lottery import OBJECTIVES
from verifier.numbers import compare
from verifier.paths import EXAMPLES

EX52 = load_instance(EXAMPLES / "example-5.2.toml")


def cert_of(inst, name="sov"):
    return json.loads(json.dumps(lottery_certificate(inst, solve(inst, name)), sort_keys=True))


@pytest.mark.parametrize("path,name", [("example-5.2.toml", "sov"), ("example-5.2.toml", "sovor"),
                                       ("example-6.2.toml", "sum-sd"), ("example-5.2.toml", "sum-sd"),
                                       ("intro-11-identical.toml", "sov"),
                                       ("example-5.2.toml", "max-var"),
                                       ("example-5.2.toml", "var-of-vars"),
                                       ("example-5.2.toml", "sd-of-sds")])
def test_kernel_accepts(path, name):
    summary = check(cert_of(load_instance(EXAMPLES / path), name))
    assert summary.startswith("lottery:")


def test_kernel_accepts_three_agents():
    inst = Instance.general([[3, 1, 2], [1, 3, 1], [2, 2, 2]])
    assert "cover conv(X)" in check(cert_of(inst))


def tampered():
    base = cert_of(EX52)
    def edit(f):
        c = copy.deepcopy(base)
        f(c)
        return c
    yield "smaller value", edit(lambda c: c.__setitem__("value", "2000"))
    yield "larger value", edit(lambda c: c.__setitem__("value", "2100"))
    yield "probabilities", edit(lambda c: c["distribution"][0].__setitem__("probability", "7/31"))
    yield "not PROP", edit(lambda c: c.__setitem__("distribution", [
        {"allocation": [1, 0], "probability": 1}]))  # (96, 38): agent 2 below 50
    yield "dropped cell", edit(lambda c: c["proof"]["cells"].pop())
    yield "duplicated cell", edit(lambda c: c["proof"]["cells"].append(c["proof"]["cells"][0]))
    yield "points", edit(lambda c: c["proof"]["points"][0].__setitem__(0, 1))
    yield "objective", edit(lambda c: c.__setitem__("objective", "max-var"))
    yield "instance", edit(lambda c: c["instance"]["valuations"][0].__setitem__(0, 5))
    yield "method", edit(lambda c: c["proof"].__setitem__("method", "trust-me"))
    yield "verification", edit(lambda c: c.__setitem__("verification", "checked"))
    # a non-Delaunay cell pair: the lift of a cell must lie below every lifted point
    yield "wrong cells", edit(lambda c: c["proof"].__setitem__("cells", [[0, 1, 3], [0, 2, 3]]))
    # the header statement must render the content: instance, objective, minimizer, minimum
    yield "statement", edit(lambda c: c.__setitem__("statement", c["statement"].replace("sov", "sovor")))
    yield "unchecked key", edit(lambda c: c.__setitem__("minimizers", 2))
    yield "distribution item key", edit(lambda c: c["distribution"][0].__setitem__("agent", 1))


@pytest.mark.parametrize("what,cert", list(tampered()))
def test_kernel_rejects_tampering(what, cert):
    with pytest.raises(Rejected):
        check(cert)


def test_sum_sd_tampered_distribution_rejected():
    c = cert_of(EX52, "sum-sd")  # D_good; replace it by D_min, which has a larger sum of SDs
    c["distribution"] = [{"allocation": [1, 1], "probability": "6/31"},
                         {"allocation": [1, 0], "probability": "25/31"}]
    with pytest.raises(Rejected):
        check(c)


def test_fallback_enumeration_certificate_for_sov():
    from verifier.lottery import OBJECTIVES
    from verifier.optimize import ValueSet
    from verifier.optimize.solver import _solve_by_vertices
    sol = _solve_by_vertices(EX52, ValueSet.of(EX52), OBJECTIVES["sov"])
    assert "vertices of P" in check(json.loads(json.dumps(lottery_certificate(EX52, sol))))


def test_max_var_weights_cannot_be_inflated():
    c = cert_of(EX52, "max-var")
    assert c["proof"]["weights"] == [1, 0]
    c["proof"]["weights"] = [2, -1]
    with pytest.raises(Rejected):
        check(c)
    c = cert_of(EX52, "sov")  # weights are ignored outside max-var: cannot weaken the SoV bound
    c["proof"]["weights"] = [100, 100]
    c["value"] = "2100"
    with pytest.raises(Rejected):
        check(c)


def test_equal_variances_needs_equal_variances():
    c = cert_of(EX52, "var-of-vars")
    c["distribution"] = [{"allocation": [0, 1], "probability": "1/2"},
                         {"allocation": [1, 0], "probability": "1/2"}]  # D_good: 2116 vs 144
    with pytest.raises(Rejected):
        check(c)


def test_no_certificate_without_a_checkable_proof():
    inst = load_instance(EXAMPLES / "example-4.5.toml")
    sol = solve(inst, "sum-sd")  # 3 agents, 6 goods: too many vertices to enumerate
    assert sol.status == "unknown" and sol.value is None and "limit" in sol.reason
    assert sol.minimizers == () and sol.incumbents  # only certified bounds and their witness
    lo, hi = sol.bounds
    assert compare(lo, hi) < 0 and compare(OBJECTIVES["sum-sd"](inst, sol.incumbents[0].lottery), hi) == 0
    with pytest.raises(VerifierError):
        lottery_certificate(inst, sol)


def test_kernel_runs_without_third_party_modules(tmp_path):
    """The checker imports only the standard library: run it where z3/sympy/numpy/scipy fail."""
    path = tmp_path / "c.json"
    path.write_text(json.dumps(cert_of(EX52), indent=1, sort_keys=True) + "\n")
    code = ("import sys\n"
            "for m in ('z3', 'sympy', 'mpmath', 'numpy', 'scipy'): sys.modules[m] = None\n"
            "from verifier.kernel.check import check_file\n"
            f"print(check_file({str(path)!r}))\n"
            "assert not any(k.startswith('verifier.') and not k.startswith('verifier.kernel')"
            " for k in sys.modules)\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert "lottery: sov minimum 1959000/961" in r.stdout


def test_cli_writes_a_certificate_the_kernel_checks(tmp_path):
    out = tmp_path / "d_min.json"
    r = subprocess.run([sys.executable, "-m", "verifier", "solve", str(EXAMPLES / "example-5.2.toml"),
                        "--certificate", str(out)], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    text = out.read_text()
    assert text == json.dumps(json.loads(text), indent=1, sort_keys=True) + "\n"  # canonical
    r = subprocess.run([sys.executable, "-m", "verifier.kernel", str(out)],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0 and "CHECKED" in r.stdout


def test_statement_renders_the_content():
    c = cert_of(EX52)
    assert c["statement"] == (
        'For valuations [[4, 96], [38, 62]], the distribution [[[1, 1], "6/31"], [[1, 0], "25/31"]] '
        '(owner of each good, probability) is ex-ante proportional and minimizes sov over all '
        'ex-ante proportional distributions; the minimum is "1959000/961".')
    c = cert_of(EX52, "var-of-vars")
    assert c["statement"].endswith("minimizes var-of-vars over all ex-ante proportional "
                                   "distributions; the minimum is 0.")
    c["value"] = "5"  # a minimum the equal-variances proof does not check cannot be stated
    with pytest.raises(Rejected, match="unexpected or missing keys"):
        check(c)
