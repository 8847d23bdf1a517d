"""The instance kernel (verifier/kernel/finite.py) accepts the audit certificates of every shipped
claims file and rejects tampered ones; it runs with z3 / sympy unimportable."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from verifier.audit import CLAIMS_DIR, audit_certificate
from verifier.audit.certificate import dumps
from verifier.kernel.base import Rejected
from verifier.kernel.check import check as kernel_check

FILES = sorted(p.name for p in CLAIMS_DIR.glob("*.toml"))
CERTIFIED = {"example-4.5.toml": (25, 2, 8), "example-5.2.toml": (47, 2, 45),
             "example-6.2.toml": (16, 0, 9), "intro-11-identical.toml": (14, 0, 2),
             "intro-single-good.toml": (5, 0, 0)}  # (certified claims, refuted, uncertified)


@pytest.fixture(scope="module")
def certs():
    return {f: json.loads(dumps(audit_certificate(CLAIMS_DIR / f))) for f in FILES}


def kernel(cert) -> str:
    """The whole kernel: header, dispatch on kind "instance" to finite.py, then finite.check."""
    return kernel_check(cert)


@pytest.mark.parametrize("name", FILES)
def test_kernel_accepts(certs, name):
    claims, refuted, uncertified = CERTIFIED[name]
    assert kernel(certs[name]).endswith(
        f"{claims} claims re-verified ({claims - refuted} confirmed, {refuted} refuted), "
        f"{uncertified} uncertified")


@pytest.mark.parametrize("name", FILES)
def test_shipped_certificates_are_current(name):
    """certificates/audit-*.json (written by `verifier certify`) match the audit's output."""
    shipped = CLAIMS_DIR.parent.parent / "certificates" / f"audit-{Path(name).stem}.json"
    assert shipped.read_text() == dumps(audit_certificate(CLAIMS_DIR / name))


def test_regeneration_is_byte_identical():
    a = dumps(audit_certificate(CLAIMS_DIR / "example-5.2.toml"))
    assert a == dumps(audit_certificate(CLAIMS_DIR / "example-5.2.toml"))
    assert json.loads(a)["verification"] == "unverified" and json.loads(a)["kind"] == "instance"


def _claim(cert, cid):
    return next(c for c in cert["claims"] if c["id"] == cid)


TAMPER = [
    # the computed value of a refuted claim set to what the paper states
    ("example-4.5.toml", lambda c: _claim(c, "Example 4.5: distance of P(MMS)").update(computed=46664)),
    # a verdict flipped
    ("example-4.5.toml", lambda c: _claim(c, "Footnote 10: MMS-fair permutations").update(verdict="CONFIRMED")),
    ("example-5.2.toml", lambda c: _claim(c, "Example 5.2: P(1)").update(verdict="CONFIRMED")),
    # the stated value changed, verdict kept
    ("example-5.2.toml", lambda c: _claim(c, "Theorem 5.1: Phi(D_good) = 2260").update(stated=2261)),
    # a property's outcome flipped
    ("example-5.2.toml", lambda c: _claim(c, "Theorem 5.1: D_good EFX ex post").update(computed=False)),
    # the instance changed
    ("example-5.2.toml", lambda c: c["instance"]["valuations"][0].__setitem__(0, 5)),
    # an allocation's owner map changed
    ("example-4.5.toml", lambda c: c["allocations"]["P_min"].__setitem__(0, 0)),
    # a probability changed (no longer sums to 1)
    ("example-5.2.toml", lambda c: c["distributions"]["D_min"][0].__setitem__(1, "26/31")),
    # a bound's direction reversed
    ("example-5.2.toml", lambda c: _claim(c, "Theorem 5.1: Phi(D_min) < 2039").update(relation=">")),
    # an inexact number
    ("example-5.2.toml", lambda c: _claim(c, "Theorem 5.1: Phi(D_min) < 2039").update(stated=2039.0)),
    # a claim outside the kernel's vocabulary smuggled in
    ("example-5.2.toml", lambda c: _claim(c, "Example 5.2: MMS_1").update(name="unique minimizer")),
    # a quantity stated as a property
    ("example-5.2.toml", lambda c: _claim(c, "Example 5.2: MMS_1").update(relation="holds", stated=True)),
    # a count off by one (the kernel re-enumerates)
    ("example-5.2.toml", lambda c: _claim(c, "Lemma 6.1 proof: the MMS allocations (Example 5.2)").update(computed=3)),
    # optimality: the embedded lottery certificate removed, its minimum lowered, another instance
    ("example-5.2.toml", lambda c: _claim(c, "Proposition 5.3: optimum").pop("lottery")),
    ("example-5.2.toml", lambda c: _claim(c, "Proposition 5.3: optimum")["lottery"].update(value="2000")),
    ("example-5.2.toml", lambda c: _claim(c, "Proposition 5.3: optimum").update(computed="1959000/962")),
    ("example-5.2.toml", lambda c: _claim(c, "Proposition 5.3: optimum")["lottery"]["instance"].update(
        valuations=[[4, 96], [38, 61]])),
    ("intro-11-identical.toml", lambda c: _claim(
        c, "Section 1: uniform over 5 and 6 minimizes the sum of variances")["params"].update(objective="sovor")),
    # nothing certified
    ("intro-single-good.toml", lambda c: c.update(claims=[])),
    # changes that keep every verdict: the header statement no longer renders the content
    ("intro-single-good.toml", lambda c: c["instance"]["valuations"][0].__setitem__(0, 2)),
    ("example-6.2.toml", lambda c: _claim(c, "Example 6.2: E_F[v_1] > 81").update(stated=-81)),
    ("example-6.2.toml", lambda c: c["distributions"]["F_good"][0].__setitem__(0, "P2")),
    ("example-6.2.toml", lambda c: c["instance"]["agents"].__setitem__(0, "2")),
    ("example-6.2.toml", lambda c: _claim(c, "Example 6.2: E_F[v_2] = 50")["params"].update(agent=-1)),
    ("example-6.2.toml", lambda c: c.update(statement=c["statement"].replace("> 81", ">= 81"))),
    ("example-6.2.toml", lambda c: c["uncertified"].pop()),
    # a property's outcome written as 1 rather than true; an unchecked key smuggled in
    ("intro-single-good.toml", lambda c: c["claims"][0].update(computed=1)),
    ("intro-single-good.toml", lambda c: c["claims"][0].update(note="and EF")),
    ("intro-single-good.toml", lambda c: c["instance"].update(names=["Carol"])),
    # the embedded lottery certificate is checked in full: header, version and statement too
    ("example-5.2.toml", lambda c: _claim(c, "Proposition 5.3: optimum")["lottery"].update(version=2)),
    ("example-5.2.toml", lambda c: _claim(c, "Proposition 5.3: optimum")["lottery"].update(
        statement="For valuations [[4, 96], [38, 62]], something else.")),
    ("example-5.2.toml", lambda c: _claim(c, "Proposition 5.3: optimum")["lottery"].update(kind="instance")),
]


@pytest.mark.parametrize("name,tamper", TAMPER)
def test_kernel_rejects_tampered(certs, name, tamper):
    cert = copy.deepcopy(certs[name])
    tamper(cert)
    with pytest.raises(Rejected):
        kernel(json.loads(json.dumps(cert)))


def test_kernel_is_standard_library_only():
    code = ("import sys\n"
            "for m in ('z3', 'sympy', 'mpmath', 'numpy', 'verifier.numbers', 'verifier.audit'):\n"
            "    sys.modules[m] = None\n"
            "import verifier.kernel.finite as f\n"
            "import json\n"
            "print(f.check(json.load(open(sys.argv[1]))))\n")
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as t:
        t.write(dumps(audit_certificate(CLAIMS_DIR / "example-4.5.toml")))
    res = subprocess.run([sys.executable, "-c", code, t.name], capture_output=True, text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert "25 claims re-verified" in res.stdout


@pytest.mark.parametrize("name", ["intro-single-good.toml", "example-6.2.toml", "example-5.2.toml"])
def test_every_single_field_mutant_rejected(certs, name):
    """The mutation test of tests/test_kernel_tamper.py (change any one number or digit, drop any
    list element, alter the header) on certificates with parameters, bounds and (Example 5.2) an
    embedded lottery certificate: every mutant is rejected, as the header statement renders the
    content (kernel.finite.statement) and the embedded certificate is checked in full."""
    from test_kernel_tamper import _rejected, mutants
    cert = certs[name]
    assert cert["statement"].startswith(f'Audit of "{name} (')
    survivors = [what for what, m in mutants(cert) if m != cert and not _rejected(m)]
    assert survivors == []


def test_statement_renders_each_claim_on_one_line(certs):
    lines = certs["example-6.2.toml"]["statement"].split("\n")
    assert len(lines) == 1 + 16 + 9
    assert lines[11] == ('"Example 6.2: E_F[v_1] > 81": quantity mean {"agent": 0, "of": "F"} = '
                         '"900/11"; stated > 81: CONFIRMED')
    assert lines[-1] == ('"Section 6.4: empty bundle": not certified: "property \'every minimizer\' '
                         'is outside the instance kernel\'s vocabulary"')
