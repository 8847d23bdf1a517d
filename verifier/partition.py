"""Exact number partitioning over non-negative integer weights (one identical valuation).

Two problems, both over partitions of the goods into n bundles (empty bundles allowed):
- max-min: the MMS of Definition 2.2, with a witness partition;
- min sum of squares of bundle sums, i.e. the distance minimizers of Corollary 4.2
  (||s - (T/n)^n||^2 = sum s_k^2 - T^2/n), *all* of them up to agent permutation.

Integers only: callers scale rationals by a common denominator.

Both searches share one idea, "enumerate the least bundle": every partition has a least
bundle A with s(A) <= T/n, and the other n-1 bundles partition M \\ A. So

    MMS_n(M)  = max over A of min(s(A), MMS_{n-1}(M \\ A))
    SSQ_n(M)  = min over A of s(A)^2 + SSQ_{n-1}(M \\ A)

where A ranges over sub-multisets with s(A) at most an upper bound on the least bundle. The
candidates A are produced in *decreasing* order of s(A) by a meet-in-the-middle heap over two
sorted half-lists of sub-multiset sums (Horowitz-Sahni), and the enumeration stops as soon as
no remaining candidate can matter: for max-min, once s(A) <= the best value found (a partition
whose least bundle is A is worth at most s(A)); for sums of squares, once an exact lower bound
(s(A)^2 plus the rest split as evenly as its heaviest good allows, continuously) exceeds the best
value, a bound that only grows as s(A) decreases. Upper bounds on s(A) come from the heaviest
goods (_least_bundle_bound). Near a perfect partition the max-min search branches on the bundle
holding a heaviest good instead (fewer candidates there; see _max_min). Two bundles are solved
directly: the best split is a largest subset sum <= S/2, found by a two-pointer sweep over the
half-lists.

Goods of equal weight are interchangeable, so the search runs over multisets (a weight with
multiplicity c contributes 0..c copies), which removes the symmetric duplicates; zero-weight
goods never change a sum and are placed at the end. Every step is integer arithmetic.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from heapq import heapify, heappop, heapreplace

from .errors import TooLarge


class _Multiset:
    """The positive weights grouped by value. A sub-multiset is one integer ``code`` in the
    mixed radix of the multiplicities (digit g = copies taken of group g), so disjoint parts add
    and the complement of ``c`` within ``d`` is ``d - c`` (no borrows, digits never go negative)."""

    def __init__(self, weights: list[int]):
        goods: dict[int, list[int]] = {}
        for g, w in enumerate(weights):
            if w:
                goods.setdefault(w, []).append(g)
        self.weights = sorted(goods, reverse=True)
        self.goods = [goods[w] for w in self.weights]
        self.bases, base = [], 1
        for members in self.goods:
            self.bases.append(base)
            base *= len(members) + 1
        self.full = base - 1

    def counts(self, code: int) -> list[int]:
        out = []
        for members in self.goods:
            code, c = divmod(code, len(members) + 1)
            out.append(c)
        return out

    def items(self, code: int) -> list[tuple[int, int, int]]:
        """(weight, copies, base) of each group present in ``code``, heaviest first."""
        return [(w, c, b) for w, c, b in zip(self.weights, self.counts(code), self.bases) if c]


class _Codes:
    """codes[i] of a packed half-list, decoded only when a candidate is actually used."""

    __slots__ = ("keys", "shift")

    def __init__(self, keys: list[int], shift: int):
        self.keys, self.shift = keys, shift

    def __getitem__(self, i: int) -> int:
        return self.keys[i] % self.shift


HALF_LIST_LIMIT = 1 << 22
"""Most entries in one half-list (memory: ~100 bytes each); beyond it the search raises TooLarge."""


def _side(items) -> tuple[list[int], _Codes]:
    """All sub-multiset sums of ``items``, ascending, with their codes."""
    if _size(items) > HALF_LIST_LIMIT:
        raise TooLarge(f"exact partition search: {sum(c for _, c, _ in items)} goods in one half "
                       f"give {_size(items)} sub-multisets, beyond the limit {HALF_LIST_LIMIT} "
                       f"(about {2 * HALF_LIST_LIMIT.bit_length() - 2} goods of distinct values "
                       f"in all)")
    keys = [0]
    shift = sum(c * b for _, c, b in items) + 1  # exceeds every code of this side
    # pack (sum, code) in one int so that one integer sort orders by sum
    for w, c, b in items:
        step = w * shift + b
        keys = sorted(itertools.chain.from_iterable(
            [k + j * step for k in keys] for j in range(c + 1)))
    return [k // shift for k in keys], _Codes(keys, shift)


def _halves(items):
    """Split the groups in two with balanced enumeration sizes; both sides' (sums, codes)."""
    left, right, pl, pr = [], [], 1, 1
    for it in sorted(items, key=lambda it: -it[1]):
        if pl <= pr:
            left.append(it)
            pl *= it[1] + 1
        else:
            right.append(it)
            pr *= it[1] + 1
    return _side(left) + _side(right)


def _descending(items, cap: int, floor: int):
    """Sub-multisets A with floor < s(A) <= cap, as (s(A), code), in decreasing s(A).

    Max-heap over the left half-list: entry i points at the largest right partner j with
    Ls[i] + Rs[j] <= cap; popping it yields that pair and advances j downwards. Every pair with
    sum <= cap is reached (each row is walked from its top), in sorted order of sums."""
    Ls, Lc, Rs, Rc = _halves(items)
    heap = []
    j = len(Rs) - 1
    for i, x in enumerate(Ls):  # Ls ascending, so the partner index only moves down
        while j >= 0 and x + Rs[j] > cap:
            j -= 1
        if j < 0:
            break
        if x + Rs[j] > floor:
            heap.append((-(x + Rs[j]), i, j))
    heapify(heap)
    while heap:
        neg, i, j = heap[0]
        yield -neg, Lc[i] + Rc[j]
        if j and Ls[i] + Rs[j - 1] > floor:
            heapreplace(heap, (-(Ls[i] + Rs[j - 1]), i, j - 1))
        else:
            heappop(heap)


def _best_half(items, S: int, enough: int | None = None) -> tuple[int, int]:
    """The largest sub-multiset sum b <= S // 2 and a code achieving it (two-pointer sweep);
    stops early once b >= ``enough``."""
    Ls, Lc, Rs, Rc = _halves(items)
    cap = S // 2
    best, code = -1, 0
    j = len(Rs) - 1
    for i, x in enumerate(Ls):
        while j >= 0 and x + Rs[j] > cap:
            j -= 1
        if j < 0:
            break
        if x + Rs[j] > best:
            best, code = x + Rs[j], Lc[i] + Rc[j]
            if best == cap or (enough is not None and best >= enough):
                break
    return best, code


def _all_with_sum(items, b: int) -> list[int]:
    """Codes of every sub-multiset with sum exactly b."""
    Ls, Lc, Rs, Rc = _halves(items)
    out = []
    for i, x in enumerate(Ls):
        lo = bisect_left(Rs, b - x)
        hi = bisect_right(Rs, b - x, lo)
        out.extend(Lc[i] + Rc[k] for k in range(lo, hi))
    return out


def _least_bundle_bound(items, S: int, n: int) -> int:
    """Upper bound on the least bundle of any n-partition: the k heaviest goods meet at most k
    bundles, so n - k bundles share at most S - (their weight): min <= (S - top_k) // (n - k)."""
    bound, top, k = S // n, 0, 0
    for w, c, _ in items:
        for _ in range(c):
            if k == n - 1:
                return bound
            top += w
            k += 1
            bound = min(bound, (S - top) // (n - k))
    return bound


# ------------------------------------------------------------------------------ max-min

HEAVY_FIRST = 2
"""Branch on the bundle holding a heaviest good when HEAVY_FIRST * (top - lo) < n * (bound - lo),
i.e. when its window, thinned to the sets holding that good, looks smaller than the least-bundle
window (2 was the best of 1.5, 2 and n on random n = 4, 5 instances with 30-40 goods).
0: always; n or more: never. Both are exact (tests run both)."""


def _max_min(ms: _Multiset, code: int, S: int, n: int, lo: int, hi: int, width: int = 0):
    """A partition of ``code`` into n bundles as (v, [bundle codes]) with v its least bundle
    sum, v > lo, and either v = MMS_n(code) or v >= hi; None exactly when MMS_n(code) <= lo.

    Exact: the least bundle A of an optimal partition is among the candidates (its sum is at
    most the bound of _least_bundle_bound), each candidate is worth min(s(A), MMS_{n-1}(rest)),
    the recursive call answers that whenever it exceeds the current best, and candidates come in
    decreasing s(A), so once s(A) <= best none of the rest can beat best.

    Near the decision regime (best just below the bound, where the least-bundle window is as
    narrow as it gets) A is instead the bundle holding a heaviest good g: every partition has
    exactly one such bundle, and in a partition beating lo it has lo < s(A) <= S - (n-1)(lo+1);
    only sets containing g are enumerated, every one of them in that window (candidates above
    the shrinking top are skipped, not used to stop). The switch (HEAVY_FIRST) only trades
    speed; both branchings are complete.

    With ``width`` > 0 the candidates are drawn only from a pool of at most ``width``
    sub-multisets (_pool): a fast heuristic whose answers are real partitions (lower bounds),
    not the exact optimum."""
    if n == 1:
        return (S, [code]) if S > lo else None
    items = ms.items(code)
    bound = _least_bundle_bound(items, S, n)
    if bound <= lo:  # checked before building any list
        return None
    pool = _pool(items, width) if width else items
    if n == 2:
        b, c = _best_half(pool, S, enough=hi)
        return (b, [c, code - c]) if b > lo else None
    best = None
    top = S - (n - 1) * (lo + 1)  # the most any bundle can hold when all others beat lo
    w, c1, b = pool[0]
    if HEAVY_FIRST * (top - lo) < n * (bound - lo):
        # fewer candidates expected than with the least bundle:
        # A = the bundle holding a heaviest good g, lo < s(A) <= top
        others = ([(w, c1 - 1, b)] if c1 > 1 else []) + pool[1:]
        least = False
        candidates = ((a + w, c + b) for a, c in _descending(others, top - w, lo - w))
    else:
        least = True
        candidates = _descending(pool, bound, lo)
    for a, c in candidates:
        if a <= lo:
            break
        if not least and a > S - (n - 1) * (lo + 1):  # lo has risen since
            continue
        found = _max_min(ms, code - c, S - a, n - 1, lo, min(a, hi), width)
        if found:
            lo = min(a, found[0])
            best = (lo, [c] + found[1])
            if lo >= hi:
                break
    return best


def _pool(items, width: int):
    """A sub-multiset of ``items`` (heaviest first) with at most ``width`` sub-multisets."""
    out, size = [], 1
    for w, c, b in items:
        c = min(c, width // size - 1)
        if c <= 0:
            break
        out.append((w, c, b))
        size *= c + 1
    return out


def _size(items) -> int:
    size = 1
    for _, c, _ in items:
        size *= c + 1
    return size


def _greedy(weights: list[int], n: int) -> list[int]:
    """Longest-processing-time: heaviest goods first, each to the currently poorest bundle."""
    sums = [0] * n
    owner = [0] * len(weights)
    for g in sorted(range(len(weights)), key=lambda g: -weights[g]):
        k = min(range(n), key=sums.__getitem__)
        owner[g] = k
        sums[k] += weights[g]
    return owner


def _bundle_sums(weights, owner, n) -> list[int]:
    sums = [0] * n
    for g, k in enumerate(owner):
        sums[k] += weights[g]
    return sums


def _owner_of(ms: _Multiset, bundles: list[int], m: int) -> list[int]:
    """One owner map realizing bundle codes (goods of equal weight dealt out in order)."""
    owner = [0] * m  # zero-weight goods stay with bundle 0
    pools = [list(members) for members in ms.goods]
    for k, code in enumerate(bundles):
        for pool, c in zip(pools, ms.counts(code)):
            for _ in range(c):
                owner[pool.pop()] = k
    return owner


HEURISTIC_WIDTH = 1 << 26
"""Pool size of the heuristic first pass of max_min_partition (two half-lists of ~2^13)."""


def max_min_partition(weights: list[int], n: int) -> tuple[int, list[int]]:
    """(max over partitions into n bundles of the least bundle sum, an owner map achieving it).

    MMS of Definition 2.2 for one agent. Starts from the LPT partition (a lower bound) and
    searches only for strictly better ones via _max_min (exact, see there); the LPT partition is
    returned when it already meets the upper bound or nothing better exists."""
    m = len(weights)
    owner = _greedy(weights, n)
    lo = min(_bundle_sums(weights, owner, n))
    ms = _Multiset(weights)
    T = sum(weights)
    items = ms.items(ms.full)
    hi = _least_bundle_bound(items, T, n)
    # many goods: first a restricted pass, which usually already meets the upper bound
    passes = [HEURISTIC_WIDTH, 0] if _size(items) > HEURISTIC_WIDTH else [0]
    for width in passes:
        if lo >= hi:
            break
        found = _max_min(ms, ms.full, T, n, lo, hi, width)
        if found:
            lo, owner = found[0], _owner_of(ms, found[1], m)
    return lo, owner


# ----------------------------------------------------------------------- sum of squares

def _squares_floor(S: int, n: int, w: int) -> tuple[int, int]:
    """Lower bound num/den on the sum of squares of n bundles summing to S when one good weighs
    w: the bundle holding it has some sum x >= w and the others at best share S - x evenly, so
    the bound is min over x >= w of x^2 + (S - x)^2/(n - 1): at x = max(w, S/n)."""
    if n == 1:
        return S * S, 1
    if w * n >= S:
        return w * w * (n - 1) + (S - w) ** 2, n - 1
    return S * S, n


def _min_squares(ms: _Multiset, code: int, S: int, n: int, bound: int):
    """(best, partitions): the least sum of squared bundle sums over n-partitions of ``code``
    if it is <= ``bound`` (else None), and every partition (tuple of bundle codes, with possible
    repeats) attaining it.

    Exact: the least bundle has sum a <= _least_bundle_bound, and such a partition costs at
    least a^2 + _squares_floor(S - a, n - 1, w) with w the heaviest good (when a < w the rest
    holds that good; when a >= w the floor is the even split (S - a)^2 / (n - 1) either way).
    This floor does not increase with a on the candidates' range (a <= S/n, and when the heavy
    good dominates, a <= (S - w)/(n - 1)), and candidates come in decreasing a, so once it
    exceeds ``bound`` (kept equal to the best value found, with ties kept) no later candidate
    can attain it."""
    if n == 1:
        return (S * S, [(code,)]) if S * S <= bound else (None, [])
    items = ms.items(code)
    if n == 2:
        b, _ = _best_half(items, S)
        v = b * b + (S - b) ** 2
        if v > bound:
            return None, []
        return v, [(c, code - c) for c in _all_with_sum(items, b)]
    best, parts = None, []
    heaviest = items[0][0] if items else 0
    for a, c in _descending(items, _least_bundle_bound(items, S, n), -1):
        num, den = _squares_floor(S - a, n - 1, heaviest)
        if (a * a - bound) * den + num > 0:
            break
        v, sub = _min_squares(ms, code - c, S - a, n - 1, bound - a * a)
        if v is None:
            continue
        v += a * a
        if best is None or v < best:
            best, parts, bound = v, [], v
        parts.extend((c,) + p for p in sub)
    return best, parts


def _deals(pool: list[int], counts: list[int]):
    """Every way to hand the goods in ``pool`` to bundles, bundle k getting counts[k] of them."""
    if not counts:
        yield ()
        return
    for chosen in itertools.combinations(pool, counts[0]):
        rest = [g for g in pool if g not in chosen]
        for tail in _deals(rest, counts[1:]):
            yield (chosen,) + tail


def _restricted_growth(owner) -> tuple[int, ...]:
    relabel: dict[int, int] = {}
    return tuple(relabel.setdefault(b, len(relabel)) for b in owner)


def min_sum_squares_partitions(weights: list[int], n: int) -> tuple[int, list[list[int]]]:
    """(min over partitions of sum of squared bundle sums, every minimizing owner map up to
    agent permutation, each as a restricted growth string over the original good order).

    The multiset search (_min_squares, exact) starts from the LPT value as the bound; each
    multiset solution is then expanded into every assignment of the actual goods (equal-weight
    goods in every arrangement, zero-weight goods in every bundle) and canonicalized."""
    m = len(weights)
    ms = _Multiset(weights)
    T = sum(weights)
    bound = sum(s * s for s in _bundle_sums(weights, _greedy(weights, n), n))
    best, parts = _min_squares(ms, ms.full, T, n, bound)
    zeros = [g for g, w in enumerate(weights) if not w]
    found = set()
    for part in {tuple(sorted(p)) for p in parts}:
        per_bundle = [ms.counts(code) for code in part]
        owner = [0] * m
        deals = []
        for gi, pool in enumerate(ms.goods):
            if len(pool) == 1:  # a single good: its bundle is fixed
                owner[pool[0]] = next(k for k, cs in enumerate(per_bundle) if cs[gi])
            else:
                deals.append(_deals(pool, [cs[gi] for cs in per_bundle]))
        for choice in itertools.product(*deals):
            for group in choice:
                for k, goods in enumerate(group):
                    for g in goods:
                        owner[g] = k
            for spots in itertools.product(range(n), repeat=len(zeros)):
                for g, k in zip(zeros, spots):
                    owner[g] = k
                found.add(_restricted_growth(owner))
    return best, [list(c) for c in sorted(found)]
