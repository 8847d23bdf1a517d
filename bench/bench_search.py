"""Benchmark of `verifier search mms-ratio` (issue 7): per m, the best exact Proposition 4.8
ratio found and the time taken, seeded. Baseline in the same process: the same budget spent on
random restarts without local moves (steps_per_restart=0, still rounded and polished exactly).

    python bench/bench_search.py [--budget SECONDS] [--seeds K] [--goods 6 7 8]

Prints, per m: for each seed the exact ratio and the seconds until it was first found, the
median ratio and time, the baseline's, and the time to reach 275/304 (Example 4.5) at m = 6.
"""

from __future__ import annotations

import argparse
import statistics
from fractions import Fraction

from verifier.numbers import fmt
from verifier.search.mms_ratio import search

PAPER = Fraction(275, 304)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--budget", type=float, default=40.0)
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--goods", type=int, nargs="+", default=[6, 7, 8])
    args = ap.parse_args()
    seeds = range(args.seeds)
    print(f"budget {args.budget:g} s per run, seeds {list(seeds)}; baseline = random restarts "
          "without local moves")
    rows = []
    for m in args.goods:
        runs = [search(m, seed=s, budget=args.budget, show_progress=False) for s in seeds]
        base = [search(m, seed=s, budget=args.budget, steps_per_restart=0, show_progress=False,
                       warm=False) for s in seeds]
        for r in runs:
            print(f"  m={m} seed={r.seed}: {fmt(r.best.ratio)} ~ {float(r.best.ratio):.6f} "
                  f"{list(r.integers)} after {r.seconds:.1f} s ({r.restarts} restarts)", flush=True)
        best = min(runs, key=lambda r: r.best.ratio)
        med = statistics.median(float(r.best.ratio) for r in runs)
        med_t = statistics.median(r.seconds for r in runs)
        bmed = statistics.median(float(r.best.ratio) for r in base)
        line = (f"m={m}: best {fmt(best.best.ratio)} ~ {float(best.best.ratio):.6f} "
                f"(seed {best.seed}, {best.seconds:.1f} s); median ratio {med:.6f} at median "
                f"{med_t:.1f} s; baseline median {bmed:.6f}; improvement over baseline "
                f"{bmed - med:+.6f}; vs 275/304: {float(best.best.ratio) / float(PAPER):.4f}")
        print(line, flush=True)
        rows.append((m, best))
        if m == 6:
            hits = [search(6, seed=s, budget=args.budget, target=PAPER, show_progress=False)
                    for s in seeds]
            ts = [h.seconds for h in hits if h.best.ratio <= PAPER]
            print(f"m=6: reached <= 275/304 in {len(ts)}/{len(hits)} seeds; median time "
                  f"{statistics.median(ts) if ts else float('nan'):.2f} s", flush=True)
    print("\n| m | best exact ratio | ~ | time to best (s) |\n|---|---|---|---|")
    for m, r in rows:
        print(f"| {m} | {fmt(r.best.ratio)} | {float(r.best.ratio):.6f} | {r.seconds:.1f} |")


if __name__ == "__main__":
    main()
