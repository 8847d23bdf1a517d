"""`verifier check PATH...`: re-check certificate files (or folders of *.json) with the kernel, the
standard-library-only checker in verifier/kernel (also runnable as `python -m verifier.kernel`)."""

from __future__ import annotations

from ..kernel.check import run as check_paths
from ..paths import THEOREMS

HELP = "re-check certificates with the independent kernel: CHECKED or REJECTED per file"


def configure(p):
    p.add_argument("paths", nargs="+", metavar="PATH", help="certificate files or folders of *.json")
    p.add_argument("--theorems", metavar="DIR", default=None,
                   help="reference statements (*.toml) that theorem certificates must carry "
                        "exactly (default: the shipped theorems/)")
    p.add_argument("--no-reference", action="store_true",
                   help="check theorem certificates against the statement data they carry only")


def run(args) -> int:
    theorems = args.theorems or (THEOREMS if THEOREMS.is_dir() else None)
    return check_paths(args.paths, None if args.no_reference else theorems)
