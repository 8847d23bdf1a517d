"""Benchmark of the exact SoV optimizer (verifier.optimize.solve) against the naive baseline:
enumerating every support of size <= n+1 (all vertices of P), run in the same process. The naive
run is timed on a seeded sample of supports and extrapolated when the full run is too slow.

    python bench/bench_solve.py            # the issue's targets and growth with m
"""

from __future__ import annotations

import itertools
import math
import random
import statistics
import sys
import time

from verifier.instance import Instance
from verifier.optimize import solve
from verifier.optimize.points import ValueSet, _vertices_with_support

SAMPLE = 3000  # supports timed for the naive baseline when it is too big to run in full


def random_instance(n: int, m: int, rng: random.Random, big: bool = False) -> Instance:
    """Values 1..100; with ``big`` the first good is worth more than (n-1)/n of every agent's
    total, so no allocation is proportional (as in Lemma 6.1) and the optimum is positive."""
    rows = [[rng.randint(1, 100) for _ in range(m)] for _ in range(n)]
    if big:
        for r in rows:
            r[0] = (n - 1) * sum(r[1:]) + rng.randint(1, 100)
    return Instance.general(rows)


def naive_seconds(inst: Instance, rng: random.Random) -> tuple[float, bool]:
    """Seconds the naive enumeration takes (measured, or extrapolated from a sample)."""
    vs = ValueSet.of(inst)
    N, n = len(vs), inst.n
    supports = sum(math.comb(N, k) for k in range(1, n + 2))
    if supports <= SAMPLE:
        t = time.perf_counter()
        for k in range(1, n + 2):
            for s in itertools.combinations(range(N), k):
                _vertices_with_support(vs.points, vs.shares, s)
        return time.perf_counter() - t, False
    # sample supports with the size distribution of the full enumeration
    sizes = [k for k in range(1, n + 2)]
    weights = [math.comb(N, k) for k in sizes]
    t = time.perf_counter()
    for _ in range(SAMPLE):
        k = rng.choices(sizes, weights)[0]
        _vertices_with_support(vs.points, vs.shares, tuple(sorted(rng.sample(range(N), k))))
    return (time.perf_counter() - t) / SAMPLE * supports, True


def bench(n: int, m: int, reps: int, seed: int = 0, big: bool = False):
    rng = random.Random(seed)
    fast, slow = [], []
    for _ in range(reps):
        inst = random_instance(n, m, rng, big)
        t = time.perf_counter()
        sol = solve(inst, "sov")
        fast.append(time.perf_counter() - t)
        assert sol.status == "optimal", sol.reason
        secs, extrapolated = naive_seconds(inst, rng)
        slow.append(secs)
    f, s = statistics.median(fast), statistics.median(slow)
    print(f"{'no PROP allocation ' if big else ''}n={n} m={m:2d} allocations={n ** m:6d}  solve median {f:8.3f} s   naive median "
          f"{s:12.1f} s{' (extrapolated)' if extrapolated else ''}   ratio naive/solve {s / f:10.1f}",
          flush=True)
    return f


def main(argv):
    quick = "--quick" in argv
    solve(Instance.general([[1, 2], [2, 1]]), "sov")  # warm-up: scipy import
    print("growth with m, 2 agents:")
    for m in ([4, 6, 8] if quick else [4, 6, 8, 10, 12]):
        t = bench(2, m, 3)
        if m == 10:
            print(f"  target 2 agents x 10 goods <= 10 s: {'met' if t <= 10 else 'MISSED'}")
    print("growth with m, 3 agents:")
    for m in ([3, 4] if quick else [3, 4, 5, 6]):
        t = bench(3, m, 3)
        if m == 6:
            print(f"  target 3 agents x 6 goods <= 60 s: {'met' if t <= 60 else 'MISSED'}")
    print("instances without a proportional allocation (positive optimum):")
    for n, m in ([(2, 6), (3, 4)] if quick else [(2, 10), (3, 6)]):
        bench(n, m, 3, big=True)


if __name__ == "__main__":
    main(sys.argv[1:])
