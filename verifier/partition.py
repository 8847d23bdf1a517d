"""Exact number partitioning over non-negative integer weights (one identical valuation).

Two problems, both over partitions of the goods into n bundles:
- max-min (the MMS of Definition 2.2), with a witness partition;
- min sum of squares of bundle sums, i.e. the distance minimizers of Corollary 4.2
  (||s - (T/n)^n||^2 = sum s_k^2 - T^2/n), *all* of them up to agent permutation.

Integers only: callers scale rationals by a common denominator.
"""

from __future__ import annotations


def _greedy(weights: list[int], order: list[int], n: int) -> list[int]:
    """Longest-processing-time: each good (in ``order``) to the currently poorest bundle."""
    sums = [0] * n
    owner = [0] * len(weights)
    for g in order:
        k = min(range(n), key=sums.__getitem__)
        owner[g] = k
        sums[k] += weights[g]
    return owner


def _min_bundle(weights, owner, n) -> int:
    sums = [0] * n
    for g, k in enumerate(owner):
        sums[k] += weights[g]
    return min(sums)


def max_min_partition(weights: list[int], n: int) -> tuple[int, list[int]]:
    """(max over partitions of the least bundle sum, an owner map achieving it)."""
    m = len(weights)
    order = sorted(range(m), key=lambda g: -weights[g])
    best_owner = _greedy(weights, order, n)
    lo = _min_bundle(weights, best_owner, n)
    hi = sum(weights) // n
    # binary search on the target t: feasible(t) <=> some partition has every bundle >= t
    while lo < hi:
        t = (lo + hi + 1) // 2
        found = _reach_target(weights, order, n, t)
        if found is None:
            hi = t - 1
        else:
            best_owner = found
            lo = _min_bundle(weights, found, n)
    return lo, best_owner


def _reach_target(weights, order, n, t) -> list[int] | None:
    m = len(order)
    suffix = [0] * (m + 1)
    for k in range(m - 1, -1, -1):
        suffix[k] = suffix[k + 1] + weights[order[k]]
    sums = [0] * n
    owner = [0] * len(weights)

    def rec(k: int) -> bool:
        deficit = sum(t - s for s in sums if s < t)
        if deficit == 0:
            for g in order[k:]:
                owner[g] = 0
            return True
        if deficit > suffix[k]:
            return False
        w = weights[order[k]]
        tried = set()
        for b in range(n):
            s = sums[b]
            if s in tried:  # bundles with equal sums are interchangeable
                continue
            tried.add(s)
            sums[b] += w
            owner[order[k]] = b
            if rec(k + 1):
                return True
            sums[b] -= w
        return False

    return list(owner) if rec(0) else None


def _fill_bound(sums: list[int], remaining: int) -> tuple[int, int]:
    """Exact rational lower bound (num, den) of min sum (s_k + x_k)^2, x >= 0, sum x = remaining:
    raise the smallest bundles to a common level L (continuous water filling)."""
    s = sorted(sums)
    n = len(s)
    acc = 0
    k = 0
    # find how many of the smallest bundles get raised to level L
    while k < n:
        acc += s[k]
        k += 1
        level_num = acc + remaining  # L = level_num / k
        if k == n or level_num <= s[k] * k:
            break
    # bundles 0..k-1 at level L = level_num/k, others unchanged
    rest = sum(x * x for x in s[k:])
    return level_num * level_num + rest * k, k


def min_sum_squares_partitions(weights: list[int], n: int) -> tuple[int, list[list[int]]]:
    """(min over partitions of sum of squared bundle sums, every minimizing owner map up to
    agent permutation, each as a restricted growth string over the original good order)."""
    m = len(weights)
    order = sorted(range(m), key=lambda g: -weights[g])
    suffix = [0] * (m + 1)
    for k in range(m - 1, -1, -1):
        suffix[k] = suffix[k + 1] + weights[order[k]]
    greedy = _greedy(weights, order, n)
    sums0 = [0] * n
    for g, b in enumerate(greedy):
        sums0[b] += weights[g]
    best = [sum(x * x for x in sums0)]
    found: list[list[int]] = []
    sums = [0] * n
    owner = [0] * m

    def rec(k: int, used: int):
        if k == m:
            val = sum(x * x for x in sums)
            if val < best[0]:
                best[0] = val
                found.clear()
            if val == best[0]:
                found.append(list(owner))
            return
        num, den = _fill_bound(sums, suffix[k])
        if num > best[0] * den:
            return
        w = weights[order[k]]
        for b in range(min(used + 1, n)):
            sums[b] += w
            owner[order[k]] = b
            rec(k + 1, max(used, b + 1))
            sums[b] -= w

    rec(0, 0)
    canon = set()
    for o in found:
        relabel: dict[int, int] = {}
        canon.add(tuple(relabel.setdefault(b, len(relabel)) for b in o))
    return best[0], [list(c) for c in sorted(canon)]
