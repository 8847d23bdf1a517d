"""Search for identical-valuation instances with a small Proposition 4.8 ratio.

For n agents sharing an additive valuation v with all goods positive, the quantity of
Proposition 4.8 is

    rho(v) = max over distance minimizers A (Corollary 4.2) of  min_i v(A_i) / MMS,

the best MMS fraction that an ex-ante proportional SoV-minimizing distribution can guarantee
ex-post (Lemma 4.1: its support is exactly the distance minimizers). Example 4.5 has
rho = 825/912 = 275/304; footnote 13 says worse examples likely exist.

The solver proposes, exact arithmetic decides: floats (numpy) drive a seeded multi-start local
search; every candidate is turned into small positive integers and its ratio is computed by the
integer evaluator below (int64 arithmetic, exact for these magnitudes); the reported instance is
then re-verified from scratch by verifier.fairness (distance_minimizers, mms), and the two must
agree.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

import numpy as np

from ..allocation import Allocation, canonical_allocations
from ..errors import InputError, VerifierError
from ..fairness import distance_minimizers, mms, mms_ratio
from ..instance import Instance
from ..progress import progress

INT_LIMIT = 10 ** 6
"""Largest integer good value the exact int64 evaluator accepts ((m * 10^6)^2 * n fits int64)."""


@lru_cache(maxsize=16)
def _indicator(n: int, m: int) -> tuple[np.ndarray, tuple[tuple[int, ...], ...]]:
    """One 0/1 matrix (K, n, m) per allocation up to agent permutation (restricted growth strings)."""
    owners = tuple(a.owner for a in canonical_allocations(n, m))
    ind = np.zeros((len(owners), n, m), dtype=np.int64)
    for k, owner in enumerate(owners):
        ind[k, list(owner), range(m)] = 1
    return ind, owners


def _scores(values: np.ndarray, n: int, tol: float) -> tuple[np.ndarray, ...]:
    """For a batch (B, m) of valuations: (best-min over minimizers, MMS, index of that
    minimizer, surrogate). Allocations within relative ``tol`` of the least sum of squares
    count as minimizers (tol = 0 with integers is exact)."""
    ind, _ = _indicator(n, values.shape[1])
    sums = np.einsum("knm,bm->bkn", ind.astype(values.dtype), values)    # (B, K, n)
    squares = (sums * sums).sum(axis=2)                                   # sum s_k^2 ~ distance
    least = sums.min(axis=2)                                              # min bundle
    share = least.max(axis=1)                                             # MMS
    best = squares.min(axis=1)
    if tol:
        is_min = squares <= best[:, None] * (1 + tol)
    else:
        is_min = squares == best[:, None]
    masked = np.where(is_min, least, least.min(axis=1, keepdims=True) - 1)
    pick = masked.argmax(axis=1)
    chosen = np.take_along_axis(least, pick[:, None], axis=1)[:, 0]
    return chosen, share, pick, squares


def float_ratios(values: np.ndarray, n: int = 3, tol: float = 1e-9) -> np.ndarray:
    """Pessimistic float ratio per row: near-ties count as minimizers (so a proposal must beat
    its rivals by a margin to score)."""
    chosen, share, _, _ = _scores(np.asarray(values, dtype=float), n, tol)
    return chosen / share


def integer_ratio(values, n: int = 3) -> tuple[Fraction, tuple[int, ...]]:
    """Exact ratio of a positive integer valuation (int64 arithmetic, no rounding) and the owner
    map of a distance minimizer achieving it."""
    row = np.asarray([values], dtype=np.int64)
    if row.min() < 1 or row.max() > INT_LIMIT:
        raise InputError(f"integer evaluator needs values in 1..{INT_LIMIT}")
    chosen, share, pick, _ = _scores(row, n, 0)
    if share[0] == 0:
        raise InputError(f"MMS = 0 ({row.shape[1]} goods for {n} agents): the ratio is undefined")
    return Fraction(int(chosen[0]), int(share[0])), _indicator(n, row.shape[1])[1][int(pick[0])]


@dataclass(frozen=True)
class Verified:
    """An instance with its exact Proposition 4.8 ratio, re-derived by verifier.fairness."""

    instance: Instance
    ratio: Fraction
    minimizer: Allocation        # a distance minimizer attaining the ratio (best over minimizers)
    minimizers: tuple[Allocation, ...]   # every distance minimizer, up to agent permutation
    mms: Fraction
    mms_partition: Allocation
    squared_distance: Fraction


def exact_ratio(inst: Instance) -> Verified:
    """Proposition 4.8's quantity by the trusted evaluators: max over distance minimizers of
    their MMS ratio (all agents share v, so MMS_i = MMS)."""
    if not inst.is_identical:
        raise InputError("the MMS-ratio search is about identical valuations", field="valuation")
    if any(x <= 0 for x in inst.valuations[0]):
        raise InputError("Theorem 4.6 / Proposition 4.8 assume every good has positive value",
                         field="valuation")
    share = mms(inst, 0)
    if share.value == 0:
        raise InputError(f"MMS = 0 ({inst.m} goods for {inst.n} agents): the ratio is undefined",
                         field="goods")
    dm = distance_minimizers(inst)
    best = max(dm.representatives, key=lambda a: (mms_ratio(inst, a), a))
    return Verified(inst, mms_ratio(inst, best), best, dm.representatives, share.value,
                    share.partition, dm.distance)


# ------------------------------------------------------------------------------ the search

@dataclass(frozen=True)
class SearchResult:
    best: Verified | None
    integers: tuple[int, ...]
    float_ratio: float
    seconds: float            # wall time until the best exact ratio was first found
    total_seconds: float
    restarts: int
    evaluations: int
    seed: int


SCALES = (12, 20, 30, 50, 80, 120, 200, 300, 500, 800, 1200, 2000, 5000, 10 ** 4, 10 ** 5,
          INT_LIMIT)


def rationalize(values: np.ndarray, n: int, *, scales=SCALES) -> tuple[Fraction, tuple[int, ...]]:
    """Round to integers at increasing scales (largest good = scale) and keep the exact best
    ratio; among equal ratios the smallest integers win."""
    best: tuple[Fraction, int, tuple[int, ...]] | None = None
    top = float(np.max(values))
    for scale in scales:
        ints = tuple(max(1, int(round(x / top * scale))) for x in values)
        r, _ = integer_ratio(ints, n)
        key = (r, sum(ints), ints)
        if best is None or key < best:
            best = key
    return best[0], best[2]


def polish(ints: tuple[int, ...], n: int, rng: np.random.Generator, steps: int = 200
           ) -> tuple[Fraction, tuple[int, ...]]:
    """Exact integer hill-climb: +-1 (and +-2) moves on single goods, accepted when the exact
    ratio does not get worse and the total does not grow (ties prefer smaller numbers)."""
    cur_r, _ = integer_ratio(ints, n)
    cur = list(ints)
    for _ in range(steps):
        g = int(rng.integers(len(cur)))
        d = int(rng.choice([-2, -1, 1, 2]))
        cand = cur.copy()
        cand[g] += d
        if not 1 <= cand[g] <= INT_LIMIT:
            continue
        r, _ = integer_ratio(cand, n)
        if (r, sum(cand)) < (cur_r, sum(cur)):
            cur, cur_r = cand, r
    return cur_r, tuple(cur)


def search(m: int, *, n: int = 3, seed: int = 0, budget: float = 60.0, batch: int = 32,
           steps_per_restart: int = 400, show_progress: bool = True,
           target: Fraction | None = None, warm: bool = True,
           max_restarts: int | None = None, refine: bool = True) -> SearchResult:
    """Seeded multi-start local search (floats propose, integers decide).

    Each restart draws ``batch`` valuations (log-uniform, or every other restart around the best
    so far: basin hopping), walks them with multiplicative Gaussian moves (annealed step) on
    the pessimistic float ratio plus a guide term, refines the best walker toward its tie
    boundary (``refine``), rounds it to integers at several scales, polishes with exact integer
    moves, and keeps the exact best. Stops at ``budget`` seconds (wall clock), after
    ``max_restarts`` restarts, or once ``target`` is reached. Deterministic for a given seed
    and number of restarts (fix ``max_restarts`` for exact replay).

    With ``warm`` and m > 6 (for fewer goods the warm-up costs more than it gives), a quarter
    of the budget first searches m - 1 goods; its best instance plus one tiny extra good seeds
    the basin hopping (a tiny good changes the ratio only slightly, so the m-good infimum is
    at most the (m-1)-good one).
    """
    if n < 2 or m < n:
        raise InputError(f"need n >= 2 agents and m >= n goods (MMS = 0 otherwise), got n = {n}, "
                         f"m = {m}", field="goods")
    if m > 10:
        raise InputError(f"m = {m} goods: the float evaluator enumerates n^m/n! allocations; "
                         "use m <= 10", field="goods")
    rng = np.random.default_rng(seed)
    start = time.monotonic()   # the warm-up on m - 1 goods counts toward the time to best
    best_key, best_ints, best_float, found_at = None, None, 1.0, 0.0
    best_vals = None
    if warm and m > 6:
        smaller = search(m - 1, n=n, seed=seed, budget=budget / 4, batch=batch,
                         steps_per_restart=steps_per_restart, show_progress=show_progress,
                         target=target, warm=True,
                         max_restarts=None if max_restarts is None else max(1, max_restarts // 4))
        if smaller.integers and smaller.best.ratio < 1:
            # the extra good's share must be tiny: it joins the least bundle and lifts the ratio
            best_vals = np.asarray(smaller.integers + (max(smaller.integers) / 10 ** 5,), dtype=float)
            r, ints = polish(rationalize(best_vals, n)[1], n, rng)
            best_key, best_ints, best_float = (r, sum(ints), ints), ints, float(r)
            found_at = time.monotonic() - start
    evaluations = restarts = 0
    bar = progress(desc=f"search mms-ratio n={n} m={m}", unit="restart") if show_progress else None
    try:
        while time.monotonic() - start < budget and (max_restarts is None
                                                      or restarts < max_restarts):
            restarts += 1
            if best_vals is not None and restarts % 2 == 0:
                # basin hopping: restart around the best proposal so far
                x = best_vals * np.exp(0.15 * rng.standard_normal((batch, m)))
                sigma = 0.05
            else:   # log-uniform, so that tiny goods are proposed as often as large ones
                x = np.exp(rng.uniform(np.log(0.01), 0.0, size=(batch, m)))
                sigma = 0.3
            fx = _objective(x, n)
            for step in range(steps_per_restart):
                y = x * np.exp(sigma * rng.standard_normal(x.shape))
                fy = _objective(y, n)
                evaluations += 2 * batch
                better = fy <= fx
                x = np.where(better[:, None], y, x)
                fx = np.where(better, fy, fx)
                sigma = max(0.002, sigma * 0.992)
            ratio = float_ratios(x, n)
            k = int(np.argmin(ratio))
            r, ints = rationalize(x[k], n)
            if refine and steps_per_restart:   # a refined copy may round to the wrong side of a tie:
                fine = _refine(x[k], n, rng, steps_per_restart // 2)   # keep the exact better
                r2, ints2 = rationalize(fine, n)
                if (r2, sum(ints2)) < (r, sum(ints)):
                    r, ints = r2, ints2
            r, ints = polish(ints, n, rng)
            key = (r, sum(ints), ints)
            if best_key is None or key < best_key:
                best_key, best_ints, best_float = key, ints, float(ratio[k])
                best_vals = np.asarray(ints, dtype=float)
                found_at = time.monotonic() - start
            if bar is not None:
                bar.update(1)
                bar.set_postfix_str(f"best {best_key[0]} ~ {float(best_key[0]):.5f}")
            if target is not None and best_key[0] <= target:
                break
    finally:
        if bar is not None:
            bar.close()
    total = time.monotonic() - start
    if best_ints is None:
        return SearchResult(None, (), 1.0, found_at, total, restarts, evaluations, seed)
    inst = Instance.identical(best_ints, n, name=f"mms-ratio search n={n} m={m} seed={seed}")
    verified = exact_ratio(inst)
    if verified.ratio != best_key[0]:   # the int64 evaluator and verifier.fairness must agree
        raise VerifierError(f"internal disagreement on {best_ints}: integer evaluator "
                            f"{best_key[0]}, verifier.fairness {verified.ratio}")
    return SearchResult(verified, tuple(best_ints), best_float, found_at, total, restarts,
                        evaluations, seed)


def _refine(row: np.ndarray, n: int, rng: np.random.Generator, steps: int) -> np.ndarray:
    """Final fine walk of one proposal toward the boundary where its bad minimizer stops being
    the unique one (extremal ratios sit right next to such ties): 16 parallel walkers, step
    size shrinking from 1e-3 to 1e-6, near-ties counted within 1e-7."""
    walkers = np.repeat(row[None, :], 16, axis=0)
    score = float_ratios(walkers, n, tol=1e-7)
    for sigma in np.geomspace(1e-3, 1e-6, max(1, steps)):
        cand = walkers * np.exp(sigma * rng.standard_normal(walkers.shape))
        cs = float_ratios(cand, n, tol=1e-7)
        better = cs <= score
        walkers = np.where(better[:, None], cand, walkers)
        score = np.where(better, cs, score)
    return walkers[int(np.argmin(score))]


def _objective(x: np.ndarray, n: int) -> np.ndarray:
    """Pessimistic float ratio (near-ties within 1e-6 count as minimizers), plus a small
    surrogate term that steers walks out of the flat region where the ratio is 1: the least
    over allocations of (min bundle / MMS) + 2 (excess sum of squares) / v(M)^2."""
    ind, _ = _indicator(n, x.shape[1])
    flat = ind.reshape(-1, x.shape[1]).astype(float)
    sums = (flat @ x.T).reshape(ind.shape[0], n, x.shape[0])          # (K, n, B)
    squares = (sums * sums).sum(axis=1)                                # (K, B)
    least = sums.min(axis=1)
    share = least.max(axis=0)
    best = squares.min(axis=0)
    ratio = np.where(squares <= best * (1 + 1e-6), least, 0.0).max(axis=0) / share
    total = x.sum(axis=1)
    surrogate = (least / share + 2.0 * (squares - best) / (total * total)).min(axis=0)
    return ratio + 0.05 * surrogate
