"""Benchmark: re-checking the certificates takes at most 1/5 of the time it took to produce them
(issue 5, item 6).

For every certificate in the registry (verifier/certificates.py), time its production (the
producer's builder: prover, optimizer, audit; once, it is the expensive side) and its re-check by
the kernel (parse + check of the canonical file text; median of --repeat runs), then print each
ratio and the total ratio check / produce, which must be <= 0.2. Also times the kernel over the
shipped folder exactly as CI runs it (`python -m verifier.kernel certificates/`, in-process).

    python bench/bench_check.py            # every certificate (minutes: the prover runs)
    python bench/bench_check.py --cheap    # only those quick to build
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from contextlib import redirect_stdout

from verifier.certificates import canonical_json, registry
from verifier.kernel import check as kernel
from verifier.kernel.base import KernelError
from verifier.paths import CERTIFICATES, THEOREMS

TARGET = 0.2


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cheap", action="store_true", help="only certificates quick to build")
    ap.add_argument("--only", metavar="TEXT", help="only files whose name contains TEXT")
    ap.add_argument("--repeat", type=int, default=5, help="re-check runs per certificate (median)")
    args = ap.parse_args()
    entries = [e for e in registry() if (e.cheap or not args.cheap)
               and (not args.only or args.only in e.file)]
    reference = kernel.load_theorems(THEOREMS)
    produce_total = check_total = 0.0
    print(f"{'certificate':<34} {'produce s':>10} {'check s':>9} {'ratio':>7}")
    for e in entries:
        start = time.perf_counter()
        try:
            text = canonical_json(e.build())
        except Exception as err:  # a missing or failing producer is reported, not timed
            print(f"{e.file:<34} skipped: {type(err).__name__}: {str(err)[:80]}")
            continue
        produce = time.perf_counter() - start
        runs = []
        try:
            for _ in range(args.repeat):
                start = time.perf_counter()
                kernel.check(kernel.parse(text.encode()), reference)
                runs.append(time.perf_counter() - start)
        except KernelError as err:
            print(f"{e.file:<34} REJECTED: {str(err)[:100]}")
            continue
        checked = statistics.median(runs)
        produce_total, check_total = produce_total + produce, check_total + checked
        print(f"{e.file:<34} {produce:>10.3f} {checked:>9.4f} {checked / produce:>7.3f}")
    if produce_total:
        ratio = check_total / produce_total
        print(f"total: produce {produce_total:.2f} s, check {check_total:.3f} s (median of "
              f"{args.repeat}), ratio {ratio:.4f} (target <= {TARGET}): "
              f"{'OK' if ratio <= TARGET else 'TOO SLOW'}")
    if any(CERTIFICATES.glob("*.json")):
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            with redirect_stdout(io.StringIO()):
                status = kernel.run([CERTIFICATES], THEOREMS)
            runs.append(time.perf_counter() - start)
        print(f"kernel over {CERTIFICATES.name}/ ({len(list(CERTIFICATES.glob('*.json')))} files):"
              f" {statistics.median(runs):.3f} s median of {args.repeat}, exit status {status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
