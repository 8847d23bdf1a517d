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


CHEAP = [e for e in registry()[0] if e.cheap]


@pytest.mark.parametrize("entry", CHEAP, ids=[e.file for e in CHEAP])
def test_cheap_certificate_regenerates_byte_identically(entry, tmp_path):
    (outcome,) = regenerate([entry], CERTIFICATES, check_only=True)
    if outcome.status == "unavailable":
        pytest.skip(outcome.detail)
    assert outcome.status == "identical", outcome.detail


def test_regenerate_writes_canonical_checked_files(tmp_path):
    entries = [e for e in CHEAP if e.producer == "prover"][:1] or CHEAP[:1]
    if not entries:
        pytest.skip("no producer available")
    first = list(regenerate(entries, tmp_path))
    if first[0].status == "unavailable":
        pytest.skip(first[0].detail)
    assert [o.status for o in first] == ["written"]
    assert [o.status for o in regenerate(entries, tmp_path)] == ["unchanged"]
    path = tmp_path / entries[0].file
    assert check.check_file(path, REFERENCE) == first[0].detail
