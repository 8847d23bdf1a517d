"""The shipped certificates: every file in certificates/ is CHECKED by the kernel (CI re-checks them
all on every run), and the cheap ones regenerate byte-identically (issue 5, item 4)."""

from __future__ import annotations

import pytest

from verifier.certificates import canonical_json, registry, regenerate
from verifier.kernel import check
from verifier.paths import CERTIFICATES, THEOREMS

SHIPPED = sorted(CERTIFICATES.glob("*.json"))
REFERENCE = check.load_theorems(THEOREMS)


@pytest.mark.parametrize("path", SHIPPED, ids=[p.name for p in SHIPPED])
def test_shipped_certificate_checked(path):
    cert = check.load(path)
    assert check.check(cert, REFERENCE)
    assert path.read_text() == canonical_json(cert)  # stored canonically


CHEAP = [e for e in registry() if e.cheap]


@pytest.mark.parametrize("entry", CHEAP, ids=[e.file for e in CHEAP])
def test_cheap_certificate_regenerates_byte_identically(entry, tmp_path):
    (outcome,) = regenerate([entry], CERTIFICATES, check_only=True)
    assert outcome.status == "identical", outcome.detail


def test_regenerate_writes_canonical_checked_files(tmp_path):
    entries = [e for e in CHEAP if e.producer == "prover"][:1]
    first = list(regenerate(entries, tmp_path))
    assert [o.status for o in first] == ["written"]
    assert [o.status for o in regenerate(entries, tmp_path)] == ["unchanged"]
    path = tmp_path / entries[0].file
    assert check.check_file(path, REFERENCE) == first[0].detail


def test_canonical_refutation_unifies_merges_and_sorts():
    import tomllib
    from verifier.certificates import canonical_refutation
    from verifier.kernel.statement import load_statement
    with open(THEOREMS / "corollary-3.4.toml", "rb") as f:
        cases = {c.id: c for c in load_statement(tomllib.load(f)).cases(2, 2)}
    case = cases["0,0|MMS:1:B=0,1"]  # dist<=:0,1 = dist<=:1,0 = -2*v0*v1; viol:0*viol:1 = v0*v1
    split = {"terms": [{"coef": 1, "factors": ["viol:1", "viol:0"]},
                       {"coef": "1/4", "factors": ["dist<=:1,0"]},
                       {"coef": "1/4", "factors": ["dist<=:0,1"]}],
             "squares": [], "conclusion": "zero"}
    assert canonical_refutation(case, split) == {
        "terms": [{"coef": "1/2", "factors": ["dist<=:0,1"]},
                  {"coef": 1, "factors": ["viol:0", "viol:1"]}],
        "squares": [], "conclusion": "zero"}
    trivial = cases["0,1|MMS:0:B=0,1"]  # viol:0 is 0 > 0
    assert canonical_refutation(trivial, {
        "terms": [{"coef": 3, "factors": ["pos:1", "viol:0"]}, {"coef": 1, "factors": ["viol:1"]}],
        "squares": [], "conclusion": "zero"}) == {
        "terms": [{"coef": 1, "factors": ["viol:0"]}], "squares": [], "conclusion": "zero"}
