"""Malformed and hostile certificates are rejected with a clear reason, in bounded time and memory
(issue 5, item 5), and the shared header is validated."""

from __future__ import annotations

import json
import time

import pytest

from verifier.kernel import check
from verifier.kernel.base import Rejected

HEADER = {"format": "verifier-certificate", "version": 1, "kind": "theorem",
          "producer": "verifier 0.1.0", "statement": "S", "verification": "unverified"}


def rejected(data: bytes, reason: str, seconds: float = 2.0):
    start = time.perf_counter()
    with pytest.raises(Rejected, match=reason):
        check.check(check.parse(data))
    assert time.perf_counter() - start < seconds


def test_not_json():
    rejected(b"certainly not JSON", "not JSON: Expecting value at line 1 column 1")
    rejected(b"\xff\xfe garbage", "not UTF-8")
    rejected(b"[1, 2]", "a certificate is a JSON object")


def test_deep_nesting_beyond_the_recursion_limit():
    rejected(b"[" * 1_000_000 + b"]" * 1_000_000, "nesting deeper than the limit 32")


def test_moderate_nesting_beyond_the_depth_limit():
    nested = []
    for _ in range(40):
        nested = [nested]
    rejected(json.dumps({**HEADER, "x": nested}).encode(), "nesting deeper than the limit 32")


def test_million_digit_integer():
    rejected(b'{"agents": ' + b"9" * 1_000_000 + b"}", "integer with 1000000 digits")


def test_million_digit_rational_string_in_a_refutation():
    from verifier.kernel.poly import PolyError, parse_fraction
    start = time.perf_counter()
    with pytest.raises(PolyError, match="not an exact rational"):
        parse_fraction("1" * 1_000_000 + "/3")
    assert time.perf_counter() - start < 1


def test_monomial_of_degree_a_million():
    from verifier.kernel.poly import Poly, PolyError
    with pytest.raises(PolyError, match="exponent"):
        Poly.from_json([[1, {"v0": 10**6}]])
    with pytest.raises(PolyError, match="degree exceeds"):
        Poly.from_json([[1, {f"v{i}": 1 for i in range(100_000)}]])


def test_one_gigabyte_file_refused_before_reading(tmp_path):
    big = tmp_path / "big.json"
    with open(big, "wb") as f:  # sparse: no disk space used
        f.truncate(2**30)
    start = time.perf_counter()
    with pytest.raises(Rejected, match="file of 1073741824 bytes exceeds the limit"):
        check.load(big)
    assert time.perf_counter() - start < 1


def test_too_many_items():
    rejected(b"[" + b"0," * (check.MAX_ITEMS + 1) + b"0]", "JSON items exceeds the limit", 5)


def test_floats_nan_and_duplicate_keys():
    rejected(b'{"version": 1.0}', "inexact number 1.0")
    rejected(b'{"version": NaN}', "inexact number NaN")
    rejected(b'{"version": 1, "version": 1}', "duplicate key 'version'")


@pytest.mark.parametrize("key, value, reason", [
    ("format", "other-format", "'format' must be"),
    ("version", 2, "'version' must be 1"),
    ("version", True, "'version' must be 1"),
    ("verification", "checked", "'verification' must be 'unverified'"),
    ("kind", "oracle", "unknown kind"),
    ("producer", "", "'producer' must be a non-empty string"),
    ("statement", 7, "'statement' must be a non-empty string"),
])
def test_header_validated(key, value, reason):
    rejected(json.dumps({**HEADER, key: value}).encode(), reason)


def test_missing_header_key():
    cert = dict(HEADER)
    del cert["statement"]
    rejected(json.dumps(cert).encode(), "missing key")


def test_checker_crash_is_a_rejection():
    # a theorem certificate whose 'theorem' is not an object never reaches the statement loader
    rejected(json.dumps({**HEADER, "theorem": [1]}).encode(), "'theorem' must be")


def test_run_exit_status(tmp_path, capsys):
    (tmp_path / "a.json").write_text(json.dumps({**HEADER, "verification": "checked"}))
    assert check.run([tmp_path]) == 1
    out = capsys.readouterr().out
    assert f"REJECTED {tmp_path / 'a.json'}: header: 'verification' must be 'unverified'" in out
    assert out.endswith("0 checked, 1 rejected\n")
    assert check.run([tmp_path / "missing.json"]) == 2
    assert "no such file or folder" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert check.run([empty]) == 2


def test_degree_a_million_inside_a_real_certificate():
    from verifier.paths import CERTIFICATES
    cert = json.loads((CERTIFICATES / "corollary-3.4-n2-m2.json").read_text())
    first = cert["cases"][0]["refutation"]
    first["squares"].append({"coef": 1, "poly": [[1, {"v0": 10**6}]]})
    rejected(json.dumps(cert).encode(), f"case {cert['cases'][0]['case']}, square 0: bad exponent "
                                        "1000000 of v0")
    first["squares"][-1] = {"coef": 1, "poly": [[1, {"v0": 40, "v1": 40}]]}
    rejected(json.dumps(cert).encode(), "monomial degree exceeds the limit 64")
