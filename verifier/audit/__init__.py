"""`verifier audit`: confirm or refute, exactly, each claim a paper makes about its examples.

Library API:
    load_claims(path) -> ClaimsFile          parse + validate a claims file (ClaimError on bad input)
    audit_file(path, force=False) -> FileAudit
    audit_paths(paths) -> list[FileAudit]    files, or folders of *.toml; none: the shipped claims
    exit_status(audits) -> int               0 all confirmed, 1 any refuted, 3 undecided (none refuted)
    audit_certificate(claims_path) -> dict   kind "instance" certificate (verifier/kernel/finite.py)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..paths import EXAMPLES
from .claims import Claim, ClaimError, ClaimsFile, load_claims
from .evaluate import CONFIRMED, REFUTED, UNDECIDED, Auditor, Result, decide

CLAIMS_DIR = EXAMPLES / "claims"
EXIT_CONFIRMED, EXIT_REFUTED, EXIT_BAD_INPUT, EXIT_UNDECIDED = 0, 1, 2, 3


@dataclass(frozen=True)
class FileAudit:
    claims_file: ClaimsFile
    results: tuple[Result, ...]

    def count(self, verdict: str) -> int:
        return sum(1 for r in self.results if r.verdict == verdict)


def audit(cf: ClaimsFile, *, force: bool = False) -> FileAudit:
    """Decide every claim (optimality claims by the exact lottery optimizer)."""
    au = Auditor(cf, force=force)
    return FileAudit(cf, tuple(decide(au, c) for c in cf.claims))


def audit_file(path, *, force: bool = False) -> FileAudit:
    return audit(load_claims(path), force=force)


def claims_files(paths) -> list[Path]:
    """The files named, and every *.toml / *.json in the folders named; default: the shipped ones."""
    out: list[Path] = []
    for p in map(Path, paths or [_relative(CLAIMS_DIR)]):
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix in (".toml", ".json"))
            if not found:
                raise InputError("no claims files (*.toml, *.json) in this folder", file=str(p))
            out.extend(found)
        elif p.exists():
            out.append(p)
        else:
            raise InputError("no such file", file=str(p))
    return out


def _relative(p: Path) -> Path:
    try:
        return p.relative_to(Path.cwd())
    except ValueError:
        return p


def audit_paths(paths=(), *, force: bool = False) -> list[FileAudit]:
    files = claims_files(paths)
    parsed = [load_claims(f) for f in files]  # every file is validated before any is audited
    return [audit(cf, force=force) for cf in parsed]


def exit_status(audits) -> int:
    results = [r for a in audits for r in a.results]
    if any(r.verdict == REFUTED for r in results):
        return EXIT_REFUTED
    if any(r.verdict == UNDECIDED for r in results):
        return EXIT_UNDECIDED
    return EXIT_CONFIRMED


def audit_certificate(claims_path) -> dict:
    from .certificate import build
    return build(claims_path)


__all__ = ["Claim", "ClaimError", "ClaimsFile", "FileAudit", "Result", "CONFIRMED", "REFUTED",
           "UNDECIDED", "load_claims", "audit", "audit_file", "audit_paths", "claims_files",
           "exit_status", "audit_certificate"]
