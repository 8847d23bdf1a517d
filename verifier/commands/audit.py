"""`verifier audit [FILES...]`: confirm or refute, exactly, every claim in claims files (with no
argument: every shipped file in examples/claims/). Exit status: 0 all confirmed, 1 any claim
refuted, 2 bad input, 3 some claim undecided and none refuted."""

from __future__ import annotations

from pathlib import Path

from ..audit import audit_paths, exit_status
from ..audit.render import json_report, markdown_report, text_report

HELP = "confirm or refute each claim of a claims file exactly (default: the paper's claims)"


def configure(p):
    p.add_argument("files", nargs="*", help="claims files or folders (default: examples/claims/)")
    p.add_argument("--json", action="store_true", help="machine-readable output with exact values")
    p.add_argument("--report", metavar="FILE.md", help="also write a Markdown report for the authors")
    p.add_argument("--force", action="store_true", help="enumerate beyond the size limit")


def run(args) -> int:
    audits = audit_paths(args.files, force=args.force)
    print(json_report(audits) if args.json else text_report(audits))
    if args.report:
        Path(args.report).write_text(markdown_report(audits) + "\n", encoding="utf-8")
    return exit_status(audits)
