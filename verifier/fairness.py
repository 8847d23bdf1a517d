"""Fairness notions of Section 2.2, each returning a Verdict with a witness on failure.

PS and PROP (Definition 2.1), MMS and rho-MMS (Definition 2.2), EF, EF1 (Definition 2.3),
EFX after Caragiannis et al. (Definition 2.4 with footnote 12: envy must vanish on removing any
*positive-valued* good) and EFX0 (any good), and the squared Euclidean distance of a value vector
to the proportional-share vector (PS_1, ..., PS_n) (Section 4.1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from math import lcm
from typing import Callable

from . import partition
from .allocation import (Allocation, ValueVector, all_allocations, canonical_allocations,
                         count_allocations, count_canonical)
from .errors import InputError
from .instance import Instance
from .numbers import fmt
from .progress import progress


@dataclass(frozen=True)
class Verdict:
    """Whether ``notion`` holds; on failure ``witness`` says who envies whom / which good."""

    notion: str
    holds: bool
    witness: dict = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.holds

    def explain(self, inst: Instance | None = None) -> str:
        if self.holds:
            return f"{self.notion}: yes"
        w = dict(self.witness)
        return f"{self.notion}: no (" + ", ".join(f"{k}={v}" for k, v in w.items()) + ")"


def _check_shape(inst: Instance, alloc: Allocation) -> None:
    if alloc.n != inst.n or alloc.m != inst.m:
        raise InputError(f"allocation of {alloc.m} goods to {alloc.n} agents does not fit an "
                         f"instance with {inst.m} goods and {inst.n} agents")


def _agent(inst, i):
    return inst.agents[i]


def proportional_share(inst: Instance, i: int) -> Fraction:
    """PS_i = v_i(M)/n (Definition 2.1)."""
    return inst.proportional_share(i)


def is_prop(inst: Instance, alloc: Allocation) -> Verdict:
    """v_i(A_i) >= PS_i for every agent (Definition 2.1)."""
    _check_shape(inst, alloc)
    vec = alloc.value_vector(inst)
    for i, x in enumerate(vec):
        if x < inst.proportional_share(i):
            return Verdict("PROP", False, {"agent": _agent(inst, i), "value": fmt(x),
                                           "PS": fmt(inst.proportional_share(i))})
    return Verdict("PROP", True)


def is_ef(inst: Instance, alloc: Allocation) -> Verdict:
    """No agent prefers another agent's bundle."""
    _check_shape(inst, alloc)
    b = alloc.bundles
    for i in range(inst.n):
        own = inst.value(i, b[i])
        for l in range(inst.n):
            if l != i and inst.value(i, b[l]) > own:
                return Verdict("EF", False, {"agent": _agent(inst, i), "envies": _agent(inst, l),
                                             "own": fmt(own), "other": fmt(inst.value(i, b[l]))})
    return Verdict("EF", True)


def _envy_up_to(inst: Instance, alloc: Allocation, notion: str,
                pick: Callable[[list[tuple[Fraction, int]]], tuple[Fraction, int] | None]) -> Verdict:
    """Shared loop of EF1/EFX/EFX0: for each i, l compare v_i(A_i) with v_i(A_l \\ {g}) for the
    good g that ``pick`` chooses among (v_i(g), g) of A_l (None: nothing to remove, compare all)."""
    _check_shape(inst, alloc)
    b = alloc.bundles
    for i in range(inst.n):
        row = inst.valuations[i]
        own = inst.value(i, b[i])
        for l in range(inst.n):
            if l == i or not b[l]:
                continue
            other = inst.value(i, b[l])
            if other <= own:
                continue
            chosen = pick([(row[g], g) for g in b[l]])
            rest = other - (chosen[0] if chosen else 0)
            if rest > own:
                w = {"agent": _agent(inst, i), "envies": _agent(inst, l), "own": fmt(own),
                     "other": fmt(other)}
                if chosen:
                    w["good"] = inst.goods[chosen[1]]
                    w["other_without_good"] = fmt(rest)
                return Verdict(notion, False, w)
    return Verdict(notion, True)


def is_ef1(inst: Instance, alloc: Allocation) -> Verdict:
    """Definition 2.3: envy vanishes after removing some good (the most valuable one).
    The witness names the good whose removal still leaves envy."""
    return _envy_up_to(inst, alloc, "EF1", lambda goods: max(goods))


def is_efx(inst: Instance, alloc: Allocation) -> Verdict:
    """EFX as in Caragiannis et al. and footnote 12: envy vanishes after removing *any
    positive-valued* good (so the least-valued positive one decides)."""
    return _envy_up_to(inst, alloc, "EFX", lambda goods: min(
        [x for x in goods if x[0] > 0], default=None))


def is_efx0(inst: Instance, alloc: Allocation) -> Verdict:
    """EFX0: envy vanishes after removing *any* good, zero-valued ones included."""
    return _envy_up_to(inst, alloc, "EFX0", lambda goods: min(goods))


# ------------------------------------------------------------------------------------- MMS

@dataclass(frozen=True)
class MaximinShare:
    """MMS_i with a witness partition whose least bundle (by v_i) has value ``value``."""

    agent: int
    value: Fraction
    partition: Allocation


def _integer_weights(row) -> tuple[list[int], int]:
    den = lcm(*(x.denominator for x in row)) if row else 1
    return [int(x * den) for x in row], den


@lru_cache(maxsize=4096)
def _mms_of_row(row: tuple[Fraction, ...], n: int) -> tuple[Fraction, tuple[int, ...]]:
    weights, den = _integer_weights(row)
    value, owner = partition.max_min_partition(weights, n)
    return Fraction(value, den), tuple(owner)


def mms(inst: Instance, i: int) -> MaximinShare:
    """MMS_i = max over partitions into n bundles of the least v_i-value (Definition 2.2)."""
    value, owner = _mms_of_row(inst.valuations[i], inst.n)
    return MaximinShare(i, value, Allocation(owner, inst.n))


def mms_brute_force(inst: Instance, i: int, *, force: bool = False) -> Fraction:
    """Reference MMS_i by enumerating every partition (for tests)."""
    return max(min(inst.value(i, b) for b in a.bundles)
               for a in canonical_allocations(inst.n, inst.m, force=force))


def is_mms(inst: Instance, alloc: Allocation) -> Verdict:
    """Every agent gets at least her MMS (Definition 2.2)."""
    return is_rho_mms(inst, alloc, Fraction(1), notion="MMS")


def is_rho_mms(inst: Instance, alloc: Allocation, rho: Fraction, notion: str | None = None) -> Verdict:
    """v_i(A_i) >= rho * MMS_i for every agent."""
    _check_shape(inst, alloc)
    vec = alloc.value_vector(inst)
    name = notion or f"{fmt(rho)}-MMS"
    for i, x in enumerate(vec):
        share = mms(inst, i)
        if x < rho * share.value:
            return Verdict(name, False, {"agent": _agent(inst, i), "value": fmt(x),
                                         "MMS": fmt(share.value), "needed": fmt(rho * share.value)})
    return Verdict(name, True)


def mms_ratio(inst: Instance, alloc: Allocation) -> Fraction | None:
    """The largest rho for which ``alloc`` is rho-MMS: min over agents with MMS_i > 0 of
    v_i(A_i)/MMS_i; None when every MMS_i is 0 (every rho is achieved)."""
    _check_shape(inst, alloc)
    vec = alloc.value_vector(inst)
    ratios = [x / mms(inst, i).value for i, x in enumerate(vec) if mms(inst, i).value > 0]
    return min(ratios) if ratios else None


# ------------------------------------------------------------------------- distance to (PS)^n

def squared_distance(inst: Instance, vec_or_alloc: ValueVector | Allocation) -> Fraction:
    """||v(A) - (PS_1, ..., PS_n)||^2 (Lemma 4.1, Corollary 4.2)."""
    vec = vec_or_alloc.value_vector(inst) if isinstance(vec_or_alloc, Allocation) else vec_or_alloc
    return sum(((x - p) ** 2 for x, p in zip(vec, inst.proportional_shares)), Fraction(0))


@dataclass(frozen=True)
class DistanceMinimizers:
    """All allocations minimizing the squared distance to (PS)^n (Corollary 4.2).

    ``representatives`` holds one allocation per orbit under agent permutations when the
    valuations are identical (expand with ``Allocation.orbit``), else every minimizer.
    """

    distance: Fraction
    representatives: tuple[Allocation, ...]
    up_to_permutation: bool

    def all(self) -> list[Allocation]:
        if not self.up_to_permutation:
            return list(self.representatives)
        return sorted({a for r in self.representatives for a in r.orbit()})


def distance_minimizers(inst: Instance, *, force: bool = False) -> DistanceMinimizers:
    """Exact distance minimizers. Identical valuations use branch and bound over set partitions
    (verifier.partition); otherwise every allocation is enumerated (subject to the size limit)."""
    if inst.is_identical:
        weights, den = _integer_weights(inst.valuations[0])
        best, owners = partition.min_sum_squares_partitions(weights, inst.n)
        reps = tuple(sorted(Allocation(tuple(o), inst.n).canonical() for o in owners))
        # sum s_k^2 - T^2/n, in the instance's units
        total = sum(weights)
        dist = Fraction(best * inst.n - total * total, inst.n * den * den)
        return DistanceMinimizers(dist, reps, True)
    return distance_minimizers_brute_force(inst, force=force)


def distance_minimizers_brute_force(inst: Instance, *, force: bool = False) -> DistanceMinimizers:
    """Reference implementation: enumerate (canonical, when identical) allocations."""
    identical = inst.is_identical
    gen = canonical_allocations(inst.n, inst.m, force=force) if identical else \
        all_allocations(inst.n, inst.m, force=force)
    total = (count_canonical if identical else count_allocations)(inst.n, inst.m)
    best, reps = None, []
    for a in progress(gen, total=total, desc="allocations"):
        d = squared_distance(inst, a)
        if best is None or d < best:
            best, reps = d, [a]
        elif d == best:
            reps.append(a)
    return DistanceMinimizers(best, tuple(sorted(reps)), identical)


def status(inst: Instance, alloc: Allocation) -> dict[str, Verdict]:
    """EF1 / EFX / MMS verdicts of one allocation (used for tables)."""
    return {"EF1": is_ef1(inst, alloc), "EFX": is_efx(inst, alloc), "MMS": is_mms(inst, alloc)}
