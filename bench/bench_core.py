"""Benchmark of verifier.partition (issue 2, item 8): exact MMS and all distance minimizers.

Seeded random instances; every baseline runs in the same process on the same instances and
every answer is compared exactly. Prints per-configuration medians and ratios.

    python bench/bench_core.py                 # all sections (~4-6 minutes on 2 cores)
    python bench/bench_core.py --quick         # fewer baseline runs, shorter limits
    python bench/bench_core.py --hard          # adds n=5, m=40 (slow, near the phase transition)

Sections
1. MMS with witness, 3 agents, 20 goods, values in [1, 10^6]: verifier.partition against a
   plain depth-first branch and bound (below) and an OR-tools CP-SAT max-min model (skipped if
   ortools is not importable; it is a bench-only dependency). Baselines that exceed their time
   limit count as the limit, so the printed ratio is then a lower bound (">=").
2. MMS for more goods and agents: verifier.partition alone.
3. All distance minimizers (Corollary 4.2) for 3 identical agents with 14 goods and 4 with 12
   goods, values in [1, 1000] and [1, 10^6]: fairness.distance_minimizers against
   fairness.distance_minimizers_brute_force (about 30 s per instance, so by default it runs on
   the first instance of each configuration only; --brute N for more). Answers must be equal.
"""

from __future__ import annotations

import argparse
import multiprocessing
import random
import statistics
import time

from verifier.fairness import distance_minimizers, distance_minimizers_brute_force
from verifier.instance import Instance
from verifier.partition import max_min_partition


def instance(seed, n: int, m: int, top: int, i: int) -> list[int]:
    rng = random.Random(f"{seed}:{n}:{m}:{top}:{i}")
    return [rng.randint(1, top) for _ in range(m)]


def timed(f, *args):
    t = time.perf_counter()
    out = f(*args)
    return out, time.perf_counter() - t


# ------------------------------------------------------------------------------ baselines

def dfs_max_min(weights: list[int], n: int) -> int:
    """Plain depth-first branch and bound: goods heaviest first, each to every bundle (bundles
    with equal sums tried once), starting from the LPT value; prune when the poorest bundle plus
    every remaining good cannot beat the best; stop at floor(T/n)."""
    order = sorted(weights, reverse=True)
    m, T = len(order), sum(order)
    ub = T // n
    suffix = [0] * (m + 1)
    for k in range(m - 1, -1, -1):
        suffix[k] = suffix[k + 1] + order[k]
    sums = [0] * n
    for w in order:
        sums[sums.index(min(sums))] += w
    best = [min(sums)]
    sums = [0] * n

    def rec(k: int) -> bool:
        if k == m:
            best[0] = max(best[0], min(sums))
            return best[0] >= ub
        if min(sums) + suffix[k] <= best[0]:
            return False
        w, seen = order[k], set()
        for b in range(n):
            s = sums[b]
            if s in seen:
                continue
            seen.add(s)
            sums[b] = s + w
            if rec(k + 1):
                return True
            sums[b] = s
        return False

    if best[0] < ub:
        rec(0)
    return best[0]


def _dfs_worker(weights, n, queue):
    queue.put(dfs_max_min(weights, n))


def dfs_with_limit(weights: list[int], n: int, limit: float) -> int | None:
    """dfs_max_min in a child process, None after ``limit`` seconds."""
    queue = multiprocessing.Queue()
    proc = multiprocessing.Process(target=_dfs_worker, args=(weights, n, queue))
    proc.start()
    proc.join(limit)
    if proc.is_alive():
        proc.terminate()
        proc.join()
        return None
    return queue.get()


def cpsat_max_min(weights: list[int], n: int, limit: float) -> int | None:
    """OR-tools CP-SAT: x[g][k] booleans, each good in one bundle, z <= every bundle sum,
    maximize z (2 workers, the machine's cores). None unless proved optimal within ``limit``."""
    from ortools.sat.python import cp_model

    model = cp_model.CpModel()
    x = [[model.NewBoolVar(f"x{g}_{k}") for k in range(n)] for g in range(len(weights))]
    for row in x:
        model.AddExactlyOne(row)
    z = model.NewIntVar(0, sum(weights) // n, "z")
    for k in range(n):
        model.Add(sum(w * row[k] for w, row in zip(weights, x)) >= z)
    model.Maximize(z)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = 2
    status = solver.Solve(model)
    return int(solver.Value(z)) if status == cp_model.OPTIMAL else None


def have_ortools() -> bool:
    try:
        import ortools.sat.python.cp_model  # noqa: F401
    except ImportError:
        return False
    return True


# ------------------------------------------------------------------------------- sections

def ours(weights, n):
    value, owner = max_min_partition(weights, n)
    sums = [0] * n
    for g, k in enumerate(owner):
        sums[k] += weights[g]
    assert min(sums) == value, "witness does not achieve the value"
    return value


def section_mms_baselines(args):
    n, m, top = 3, 20, 10**6
    print(f"\n== 1. MMS with witness: n={n}, m={m}, values in [1, {top}], "
          f"{args.instances} instances ==")
    rows = {"verifier.partition": [], "plain DFS B&B": [], "CP-SAT": []}
    censored = {"plain DFS B&B": 0, "CP-SAT": 0}
    limits = {"plain DFS B&B": args.dfs_limit, "CP-SAT": args.cpsat_limit}
    use_cpsat = have_ortools()
    if not use_cpsat:
        print("CP-SAT: skipped (ortools not importable)")
    def baseline(name, short, fn, limit):
        """Time one baseline on the current instance (a run over its limit counts as the limit)."""
        got, t = timed(fn, w, n, limit)
        if got is None:
            censored[name] += 1
            t = limit
        else:
            assert got == value, (f"{name} disagrees", w, got, value)
        rows[name].append(t)
        return f"  {short} {t:.2f}s{'+' if got is None else ''}"

    for i in range(args.instances):
        w = instance(args.seed, n, m, top, i)
        value, t = timed(ours, w, n)
        rows["verifier.partition"].append(t)
        line = f"  #{i}: MMS={value}  ours {t:.4f}s"
        line += baseline("plain DFS B&B", "dfs", dfs_with_limit, args.dfs_limit)
        if use_cpsat:
            line += baseline("CP-SAT", "cp-sat", cpsat_max_min, args.cpsat_limit)
        print(line, flush=True)
    base = statistics.median(rows["verifier.partition"])
    print(f"  median verifier.partition: {base:.4f}s  (target <= 0.5 s: "
          f"{'met' if base <= 0.5 else 'NOT met'})")
    for name in ("plain DFS B&B", "CP-SAT"):
        if rows[name]:
            med = statistics.median(rows[name])
            bound = ">=" if censored[name] else ""
            note = f" ({censored[name]} hit the {limits[name]:g} s limit)" if censored[name] else ""
            print(f"  median {name}: {bound}{med:.3f}s  ratio {bound}{med / base:.0f}x{note}")


def section_mms_scaling(args):
    print(f"\n== 2. MMS with witness, verifier.partition alone, values in [1, 10^6], "
          f"{args.instances} instances ==")
    for n, m in args.scaling:
        times = []
        for i in range(args.instances):
            times.append(timed(ours, instance(args.seed, n, m, 10**6, i), n)[1])
        print(f"  n={n} m={m}: median {statistics.median(times):.4f}s  max {max(times):.4f}s",
              flush=True)


def section_distance(args):
    print(f"\n== 3. All distance minimizers (identical valuations), {args.instances} instances, "
          f"brute force on the first {args.brute} ==")
    for n, m in ((3, 14), (4, 12)):
        for top in (1000, 10**6):
            fast, slow = [], []
            for i in range(args.instances):
                inst = Instance.identical(instance(args.seed, n, m, top, i), n)
                got, t = timed(distance_minimizers, inst)
                fast.append(t)
                if i < args.brute:
                    ref, t = timed(lambda: distance_minimizers_brute_force(inst, force=True))
                    assert got == ref, ("distance minimizers disagree", inst.valuations[0])
                    slow.append(t)
            med_fast = statistics.median(fast)
            line = f"  n={n} m={m} values<= {top}: median fast {med_fast:.4f}s"
            if slow:
                same = statistics.median(fast[:len(slow)])
                ratio = statistics.median(slow) / same
                line += (f"; brute force median {statistics.median(slow):.2f}s on {len(slow)} "
                         f"(fast {same:.4f}s on the same): ratio {ratio:.0f}x, same answer "
                         f"(target >= 20x: {'met' if ratio >= 20 else 'NOT met'})")
            print(line, flush=True)


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--seed", default="0")
    p.add_argument("--instances", type=int, default=5)
    p.add_argument("--brute", type=int, default=1, help="brute-force runs per configuration")
    p.add_argument("--dfs-limit", type=float, default=60.0)
    p.add_argument("--cpsat-limit", type=float, default=30.0)
    p.add_argument("--quick", action="store_true", help="baseline limits 10 s, scaling to m=30")
    p.add_argument("--sections", default="123")
    p.add_argument("--hard", action="store_true",
                   help="also n=5, m=40 in section 2 (near the phase transition: up to ~30 s each)")
    args = p.parse_args(argv)
    args.scaling = [(3, 20), (3, 30), (3, 40), (4, 20), (4, 30), (4, 40), (5, 20), (5, 30)]
    if args.hard:
        args.scaling.append((5, 40))
    if args.quick:
        args.dfs_limit = args.cpsat_limit = 10.0
        args.scaling = [(3, 30), (4, 20), (5, 20)]
    print(f"seed {args.seed}; timings in seconds (time.perf_counter), medians over instances")
    if "1" in args.sections:
        section_mms_baselines(args)
    if "2" in args.sections:
        section_mms_scaling(args)
    if "3" in args.sections:
        section_distance(args)


if __name__ == "__main__":
    main()
