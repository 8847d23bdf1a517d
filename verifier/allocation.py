"""Allocations of M to n agents (the set Pi(n, M) of Section 2.1), bundles and value vectors.

An allocation is stored as its owner map: ``owner[g]`` is the agent holding good g, so every
good is allocated exactly once by construction. Enumeration covers all n^m allocations, or, for
identical valuations, one representative per orbit under permutations of the agents (set
partitions of M into at most n blocks, as restricted growth strings): sum_{k<=n} S(m, k) of them.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Iterator, Sequence

from .errors import InputError, TooLarge
from .instance import Instance

Bundle = tuple[int, ...]
ValueVector = tuple[Fraction, ...]

ENUMERATION_LIMIT = 5_000_000
"""Largest number of allocations enumerated without ``force=True`` (CLI: ``--force``)."""


@dataclass(frozen=True, order=True)
class Allocation:
    """owner[g] = the agent (0-based) who receives good g."""

    owner: tuple[int, ...]
    n: int

    @classmethod
    def from_bundles(cls, bundles: Sequence[Sequence[int]], m: int) -> "Allocation":
        """From n bundles of good indices; every good must appear exactly once."""
        owner = [-1] * m
        for i, b in enumerate(bundles):
            for g in b:
                if not 0 <= g < m:
                    raise InputError(f"good index {g} out of range")
                if owner[g] != -1:
                    raise InputError(f"good {g + 1} is in two bundles")
                owner[g] = i
        missing = [g for g in range(m) if owner[g] == -1]
        if missing:
            raise InputError(f"goods {missing} are not allocated (an allocation allocates every good)")
        return cls(tuple(owner), len(bundles))

    @classmethod
    def parse(cls, spec: Sequence[Sequence[str]], inst: Instance) -> "Allocation":
        """From bundles of good names, e.g. [["a","f"], ["b","e"], ["c","d"]]."""
        if isinstance(spec, str) or any(isinstance(b, str) or not isinstance(b, Sequence) for b in spec):
            # a bare string would be read letter by letter: "af" as {a, f}
            raise InputError("expected a list of bundles, each a list of good names")
        if len(spec) != inst.n:
            raise InputError(f"{len(spec)} bundles for {inst.n} agents")
        return cls.from_bundles([[inst.good_index(str(x)) for x in b] for b in spec], inst.m)

    @property
    def m(self) -> int:
        return len(self.owner)

    @property
    def bundles(self) -> tuple[Bundle, ...]:
        out: list[list[int]] = [[] for _ in range(self.n)]
        for g, i in enumerate(self.owner):
            out[i].append(g)
        return tuple(tuple(b) for b in out)

    def bundle(self, i: int) -> Bundle:
        return tuple(g for g, o in enumerate(self.owner) if o == i)

    def value_vector(self, inst: Instance) -> ValueVector:
        """(v_1(A_1), ..., v_n(A_n)) (Section 2.3)."""
        if self.n != inst.n or len(self.owner) != inst.m:  # else goods would be silently dropped
            raise InputError(f"allocation of {len(self.owner)} goods to {self.n} agents does not "
                             f"fit an instance with {inst.m} goods and {inst.n} agents")
        vec = [Fraction(0)] * self.n
        for g, i in enumerate(self.owner):
            vec[i] += inst.valuations[i][g]
        return tuple(vec)

    def permuted(self, perm: Sequence[int]) -> "Allocation":
        """The allocation giving agent perm[i] the bundle agent i had."""
        return Allocation(tuple(perm[i] for i in self.owner), self.n)

    def canonical(self) -> "Allocation":
        """Representative of the orbit under agent permutations: agents numbered by first good."""
        relabel: dict[int, int] = {}
        for i in self.owner:
            relabel.setdefault(i, len(relabel))
        return Allocation(tuple(relabel[i] for i in self.owner), self.n)

    def orbit(self) -> list["Allocation"]:
        """All distinct allocations obtained by permuting the agents (n!/(n-k)! of them,
        k = number of non-empty bundles)."""
        return sorted({self.permuted(p) for p in itertools.permutations(range(self.n))})

    def text(self, inst: Instance | None = None) -> str:
        """'({a,f}, {b,e}, {c,d})', empty bundles as '{}'."""
        def name(g):
            return inst.goods[g] if inst else str(g + 1)
        return "(" + ", ".join("{" + ",".join(name(g) for g in b) + "}" for b in self.bundles) + ")"

    def names(self, inst: Instance) -> list[list[str]]:
        return [[inst.goods[g] for g in b] for b in self.bundles]

    __str__ = text


def count_allocations(n: int, m: int) -> int:
    """|Pi(n, M)| = n^m."""
    return n ** m


def stirling2(m: int, k: int) -> int:
    """Stirling number of the second kind S(m, k), by the explicit formula."""
    return sum((-1) ** j * math.comb(k, j) * (k - j) ** m for j in range(k + 1)) // math.factorial(k)


def count_canonical(n: int, m: int) -> int:
    """Allocations up to agent permutation: sum_{k=0}^{n} S(m, k) (k = 0 counts m = 0 only)."""
    return sum(stirling2(m, k) for k in range(n + 1))


def _check_size(count: int, force: bool, what: str) -> None:
    if count > ENUMERATION_LIMIT and not force:
        raise TooLarge(f"{what}: {count} allocations exceed the enumeration limit "
                       f"{ENUMERATION_LIMIT} (use --force / force=True)")


def all_allocations(n: int, m: int, *, force: bool = False) -> Iterator[Allocation]:
    """Every allocation in Pi(n, M), in lexicographic order of owner maps."""
    _check_size(count_allocations(n, m), force, f"{n} agents, {m} goods")
    for owner in itertools.product(range(n), repeat=m):
        yield Allocation(owner, n)


def canonical_allocations(n: int, m: int, *, force: bool = False) -> Iterator[Allocation]:
    """One allocation per orbit under agent permutations (restricted growth strings)."""
    _check_size(count_canonical(n, m), force, f"{n} agents, {m} goods (up to symmetry)")
    owner = [0] * m

    def rec(g: int, used: int):
        if g == m:
            yield Allocation(tuple(owner), n)
            return
        for i in range(min(used + 1, n)):
            owner[g] = i
            yield from rec(g + 1, max(used, i + 1))

    yield from rec(0, 0)
