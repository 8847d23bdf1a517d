"""Benchmark of the bounded prover on Theorem 4.6 (issue 4, item 8).

  python bench/bench_prove.py                 # sweep (2, 2..12), (3, 2..8), (4, 2..6), with certificates
  python bench/bench_prove.py --sweep 2:2-8,3:2-6 --jobs 2
  python bench/bench_prove.py --long          # also (3, 10) and (4, 8)
  python bench/bench_prove.py --refinement-only

Prints per size: status, cases, seconds, ms per case and the growth factor against the previous
size; then, at (3, 6) on one seeded sample of cases, side by side in this process: the default
(refinement, exact LP on the repairing move first), refinement with Z3 deciding each case, and
the baseline handing Z3 all n^m distance constraints (medians per case and ratios).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from verifier.certify.theorem import certificate_of  # noqa: E402
from verifier.commands.prove import sizes  # noqa: E402
from verifier.kernel.statement import load_statement  # noqa: E402
from verifier.smt.prover import prove_case, prove_size  # noqa: E402

DATA = tomllib.loads((ROOT / "theorems" / "theorem-4.6.toml").read_text())


def sweep(spec: str, jobs: int, timeout: float) -> float:
    print(f"Theorem 4.6 sweep {spec}, jobs={jobs}, certificates built for every PROVED size")
    print(f"{'n':>2} {'m':>3} {'status':>8} {'cases':>7} {'seconds':>9} {'ms/case':>8} {'growth':>7}")
    total, prev = 0.0, {}
    for n, m in sizes({"sizes": spec}, None, None):
        t = time.perf_counter()
        res = prove_size(DATA, n, m, jobs=jobs, timeout=timeout, progress_bar=False)
        if res.status == "PROVED":
            certificate_of(DATA, res)
        dt = time.perf_counter() - t
        total += dt
        growth = f"{dt / prev[n]:.2f}x" if prev.get(n) else "-"
        prev[n] = dt
        print(f"{n:>2} {m:>3} {res.status:>8} {len(res.cases):>7} {dt:>9.2f} "
              f"{1000 * dt / max(1, len(res.cases)):>8.2f} {growth:>7}", flush=True)
    print(f"total {total:.1f} s")
    return total


def refinement(n: int, m: int, sample: int, seed: int, timeout: float) -> None:
    """Same cases, Z3 on each: refinement (repairing move first) vs all n^m constraints."""
    st = load_statement(DATA)
    cases = list(st.cases(n, m))
    chosen = random.Random(seed).sample(cases, min(sample, len(cases)))
    print(f"\nrefinement vs all {n ** m} distance constraints at (n, m) = ({n}, {m}): "
          f"{len(chosen)} of {len(cases)} cases (seed {seed}), "
          "'refinement' = the prover's default (exact LP on the repairing move first, then Z3); "
          "the other two let Z3 decide every case")
    times = {}
    runs = (("refinement", True, True), ("refine, Z3", True, False), ("all n^m", False, False))
    for label, refine, lp_first in runs:
        ts, statuses = [], {}
        for case in chosen:
            t = time.perf_counter()
            r = prove_case(case, timeout=timeout, refine=refine, lp_first=lp_first)
            ts.append(time.perf_counter() - t)
            statuses[r.status] = statuses.get(r.status, 0) + 1
        times[label] = ts
        print(f"  {label:<11} median {1000 * statistics.median(ts):9.2f} ms/case   "
              f"total {sum(ts):8.2f} s   {statuses}", flush=True)
    base = times["all n^m"]
    for label in ("refinement", "refine, Z3"):
        print(f"  all n^m / {label}: median {statistics.median(base) / statistics.median(times[label]):.1f}x,"
              f" total {sum(base) / sum(times[label]):.1f}x; projected for all {len(cases)} cases: "
              f"{sum(times[label]) / len(chosen) * len(cases):.0f} s vs "
              f"{sum(base) / len(chosen) * len(cases):.0f} s")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--sweep", default="2:2-12,3:2-8,4:2-6")
    p.add_argument("--jobs", type=int, default=2)
    p.add_argument("--timeout", type=float, default=60.0)
    p.add_argument("--long", action="store_true", help="also (3, 10) and (4, 8)")
    p.add_argument("--refinement-only", action="store_true")
    p.add_argument("--sample", type=int, default=30)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    if not a.refinement_only:
        sweep(a.sweep, a.jobs, a.timeout)
        if a.long:
            sweep("3:10,4:8", a.jobs, a.timeout)
    refinement(3, 6, a.sample, a.seed, a.timeout)


if __name__ == "__main__":
    main()
