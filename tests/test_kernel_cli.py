"""`verifier check` and `verifier certify` on the command line (thin over verifier.kernel.check and
verifier.certificates)."""

from __future__ import annotations

import json

from verifier.cli import main
from verifier.paths import CERTIFICATES

SMALL = CERTIFICATES / "corollary-3.4-n2-m2.json"


def test_check_accepts_a_shipped_certificate(capsys):
    assert main(["check", str(SMALL)]) == 0
    out = capsys.readouterr().out
    assert f"CHECKED  {SMALL}: Corollary 3.4: proved at n=2, m=2, 4 cases refuted" in out
    assert out.endswith("1 checked, 0 rejected\n")


def test_check_rejects_a_tampered_certificate_naming_the_case(tmp_path, capsys):
    cert = json.loads(SMALL.read_text())
    case = cert["cases"][-1]
    case["refutation"]["terms"][0]["coef"] = 2  # the strict 0 > 0 factor must have coef 1
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(cert))
    assert main(["check", str(SMALL), str(bad)]) == 1
    out = capsys.readouterr().out
    assert f"REJECTED {bad}: case {case['case']}, term 0: a factor is identically 0" in out
    assert out.endswith("1 checked, 1 rejected\n")


def test_check_pins_theorem_statements_unless_told_not_to(tmp_path, capsys):
    cert = json.loads(SMALL.read_text())
    cert["theorem"]["source"] = "somewhere else"  # informational: not part of the statement
    cert["theorem"]["hypotheses"] = ["distance-minimizing", "EF"]  # harmless at n=2, m=2, but
    other = tmp_path / "other.json"                                # not the shipped statement
    other.write_text(json.dumps(cert))
    assert main(["check", str(other)]) == 1
    out = capsys.readouterr().out
    assert "statement data differs from" in out and "corollary-3.4.toml in hypotheses (" in out
    assert main(["check", "--no-reference", str(other)]) == 0


def test_check_missing_path_is_unusable_input(tmp_path, capsys):
    assert main(["check", str(tmp_path / "nothing.json")]) == 2
    assert "no such file or folder" in capsys.readouterr().err


def test_certify_writes_then_reproduces(tmp_path, capsys):
    args = ["certify", "--dir", str(tmp_path), "--only", "corollary-3.4-n2-m2"]
    assert main(args) == 0
    assert "WRITTEN     corollary-3.4-n2-m2.json" in capsys.readouterr().out
    assert (tmp_path / "corollary-3.4-n2-m2.json").read_text() == SMALL.read_text()
    assert main(args + ["--check"]) == 0
    assert "IDENTICAL   corollary-3.4-n2-m2.json" in capsys.readouterr().out
    (tmp_path / "corollary-3.4-n2-m2.json").write_text("{}")
    assert main(args + ["--check"]) == 1
    assert "DIFFERS     corollary-3.4-n2-m2.json" in capsys.readouterr().out
