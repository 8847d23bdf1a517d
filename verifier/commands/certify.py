"""`verifier certify [--check]`: regenerate every certificate in certificates/ byte-identically
(and re-check each with the kernel), or with --check verify that regeneration reproduces the files."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from ..certificates import regenerate, registry, stale_files
from ..kernel.check import one_line
from ..paths import CERTIFICATES

HELP = "regenerate the shipped certificates (or --check that they regenerate byte-identically)"
BAD = {"differs", "missing", "rejected", "failed"}


def configure(p):
    p.add_argument("--check", action="store_true",
                   help="do not write: exit 1 unless every file regenerates byte-identically")
    p.add_argument("--only", metavar="TEXT", help="only certificates whose file name contains TEXT")
    p.add_argument("--cheap", action="store_true", help="only the certificates quick to build")
    p.add_argument("--dir", default=str(CERTIFICATES), help="the certificates folder")


def run(args) -> int:
    entries = [e for e in registry() if (not args.only or args.only in e.file)
               and (e.cheap or not args.cheap)]
    folder, counts = Path(args.dir), Counter()
    for o in regenerate(entries, folder, check_only=args.check):
        counts[o.status] += 1
        print(f"{o.status.upper():<11} {o.file}  (build {o.build_seconds:.2f} s, check "
              f"{o.check_seconds:.2f} s)  {one_line(o.detail, 300)}")
    if not (args.only or args.cheap):
        for name in stale_files(entries, folder):
            print(f"note: {name} is produced by no available builder (kept)")
    print(f"{len(entries)} certificates: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    return 1 if any(counts[k] for k in BAD) else 0
