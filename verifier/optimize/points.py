"""The distinct value vectors of an instance and the vertices of the feasible polytope.

Only distinct value vectors matter (Section 2.3: the objectives depend on a distribution through
its value vectors only). P is the polytope of distributions p over the distinct vectors x_j with
sum_j p_j x_j >= PS (ex-ante proportionality). A vertex of P is a basic feasible solution: a
support S and a set A of |S|-1 proportionality constraints held with equality that determine p.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from math import comb
from typing import Iterable, Sequence

from ..allocation import Allocation, ValueVector, all_allocations
from ..errors import InputError, TooLarge
from ..instance import Instance
from .exact import solve

SOLVE_LIMIT = 200_000
"""Largest number of allocations n^m that ``solve`` enumerates without ``force=True``."""

Vertex = tuple[tuple[int, ...], tuple[Fraction, ...]]  # (support indices, probabilities)


@dataclass(frozen=True)
class ValueSet:
    """Distinct value vectors (sorted) with every allocation realizing each one.

    ``points`` are the vectors the geometry works in: the value vectors themselves, or for SoVoR
    the vectors of the normalized instance (row i divided by v_i(M)); ``shares`` is PS in the
    same units.
    """

    vectors: tuple[ValueVector, ...]
    allocations: tuple[tuple[Allocation, ...], ...]
    points: tuple[tuple[Fraction, ...], ...]
    shares: tuple[Fraction, ...]

    restricted: bool = False  # built from a given set of allocations, not all n^m

    @classmethod
    def of(cls, inst: Instance, *, normalized: bool = False, force: bool = False,
           allocations: Iterable[Allocation] | None = None) -> "ValueSet":
        """The value vectors of all n^m allocations, or of the given ``allocations`` only (taken
        in the order of ``all_allocations``, duplicates dropped, so the result does not depend
        on how the caller lists them)."""
        if allocations is None:
            if inst.n ** inst.m > SOLVE_LIMIT and not force:
                raise TooLarge(f"{inst.n} agents, {inst.m} goods: {inst.n ** inst.m} allocations "
                               f"exceed the solve limit {SOLVE_LIMIT} (use --force / force=True)")
            source = all_allocations(inst.n, inst.m, force=True)
        else:
            source = sorted(set(allocations), key=lambda a: a.owner)
            bad = next((a for a in source if a.n != inst.n or len(a.owner) != inst.m), None)
            if bad is not None:
                raise InputError(f"allocation {bad.owner} does not fit {inst.n} agents and "
                                 f"{inst.m} goods", field="allocations")
            if len(source) > SOLVE_LIMIT and not force:
                raise TooLarge(f"{len(source)} allocations exceed the solve limit {SOLVE_LIMIT} "
                               "(use --force / force=True)")
        groups: dict[ValueVector, list[Allocation]] = {}
        for a in source:
            groups.setdefault(a.value_vector(inst), []).append(a)
        vectors = tuple(sorted(groups))
        scale = [1 / inst.total(i) if normalized and inst.total(i) else Fraction(1)
                 for i in range(inst.n)]
        points = tuple(tuple(x * s for x, s in zip(v, scale)) for v in vectors)
        shares = tuple(p * s for p, s in zip(inst.proportional_shares, scale))
        return cls(vectors, tuple(tuple(groups[v]) for v in vectors), points, shares,
                   allocations is not None)

    @property
    def n(self) -> int:
        return len(self.shares)

    def __len__(self) -> int:
        return len(self.vectors)


def vertices_on(points: Sequence[Sequence[Fraction]], shares: Sequence[Fraction],
                support_sets: Iterable[Sequence[int]], max_size: int | None = None) -> set[Vertex]:
    """All vertices of P whose support is a subset of one of ``support_sets``: for every subset S
    (|S| <= n+1) and every choice A of |S|-1 agents, solve sum p = 1, (sum p x)_i = PS_i (i in A);
    keep strictly positive, ex-ante proportional solutions. Exact."""
    n = len(shares)
    top = n + 1 if max_size is None else min(max_size, n + 1)
    out: set[Vertex] = set()
    for base in support_sets:
        base = sorted(base)
        for size in range(1, min(top, len(base)) + 1):
            for s in itertools.combinations(base, size):
                out.update(_vertices_with_support(points, shares, s))
    return out


def _vertices_with_support(points, shares, s: tuple[int, ...]) -> set[Vertex]:
    n = len(shares)
    out = set()
    for active in itertools.combinations(range(n), len(s) - 1):
        rows = [[1] * len(s)] + [[points[j][i] for j in s] for i in active]
        p = solve(rows, [1] + [shares[i] for i in active])
        if p is None or any(q <= 0 for q in p):
            continue
        if all(sum(q * points[j][i] for q, j in zip(p, s)) >= shares[i] for i in range(n)):
            out.add((s, tuple(p)))
    return out


def naive_systems(count: int, n: int) -> int:
    """How many square systems the naive enumeration of supports of size <= n+1 solves."""
    return sum(comb(count, k) * comb(n, k - 1) for k in range(1, n + 2))


def all_vertices(vs: ValueSet) -> set[Vertex]:
    """Every vertex of P, by naive enumeration of all supports of size <= n+1 (the baseline)."""
    return vertices_on(vs.points, vs.shares, [range(len(vs))])
