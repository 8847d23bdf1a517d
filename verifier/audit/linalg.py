"""Exact linear algebra over the rationals for the audit: general linear systems, null spaces,
definiteness by exact LDL^T, and the vertices of the ex-ante-PROP polytope of Appendix B.1.

Matrices are tuples of rows of Fractions. Nothing here uses a float.
"""

from __future__ import annotations

import itertools
from math import comb
from fractions import Fraction
from typing import Sequence

from ..optimize.exact import solve  # the one exact square solver

Vector = tuple[Fraction, ...]
Matrix = tuple[Vector, ...]


def solve_general(a: Sequence[Sequence[Fraction]], b: Sequence[Fraction]) -> tuple[str, Vector | None]:
    """Solve a x = b for any shape: ('unique', x), ('none', None) or ('many', None)."""
    cols = len(a[0])
    aug = [list(row) + [y] for row, y in zip(a, b)]
    if rank(aug) > rank([list(r) for r in a]):
        return "none", None
    if rank([list(r) for r in a]) < cols:
        return "many", None
    # full column rank: pick independent rows to get a square system
    chosen: list[int] = []
    for i in range(len(a)):
        if rank([list(a[j]) for j in chosen + [i]]) > len(chosen):
            chosen.append(i)
        if len(chosen) == cols:
            break
    return "unique", solve([a[i] for i in chosen], [b[i] for i in chosen])


def rank(a: Sequence[Sequence[Fraction]]) -> int:
    return len(a[0]) - len(null_space(a)) if a else 0


def null_space(a: Sequence[Sequence[Fraction]]) -> list[Vector]:
    """A basis of {x : a x = 0} (reduced row echelon form)."""
    if not a:
        return []
    cols = len(a[0])
    rows = [[Fraction(x) for x in row] for row in a]
    pivots: list[int] = []
    r = 0
    for c in range(cols):
        piv = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if piv is None:
            continue
        rows[r], rows[piv] = rows[piv], rows[r]
        rows[r] = [x / rows[r][c] for x in rows[r]]
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
        pivots.append(c)
        r += 1
    basis = []
    for free in (c for c in range(cols) if c not in pivots):
        x = [Fraction(0)] * cols
        x[free] = Fraction(1)
        for i, c in enumerate(pivots):
            x[c] = -rows[i][free]
        basis.append(tuple(x))
    return basis


def quadratic(m: Sequence[Sequence[Fraction]], x: Sequence[Fraction]) -> Fraction:
    """x^T m x."""
    return sum((xi * mij * xj for xi, row in zip(x, m) for mij, xj in zip(row, x)), Fraction(0))


def definiteness(m: Sequence[Sequence[Fraction]]) -> tuple[str, Vector | None]:
    """Classify a symmetric rational matrix as 'positive definite', 'positive semidefinite',
    'negative definite', 'negative semidefinite' or 'indefinite', exactly.

    Returns (class, witness): for a semidefinite but not definite matrix a non-zero x with
    x^T m x = 0; for an indefinite one an x with x^T m x of the wrong sign for the "more
    likely" side (positive for a matrix whose diagonal suggests negative); else None.
    """
    pos = _psd(m)
    neg = _psd([[-x for x in row] for row in m])
    kernel = null_space(m)
    if pos and not kernel:
        return "positive definite", None
    if neg and not kernel:
        return "negative definite", None
    if pos and neg:  # the zero matrix
        return "positive semidefinite", kernel[0] if kernel else None
    if pos:
        return "positive semidefinite", kernel[0]
    if neg:
        return "negative semidefinite", kernel[0]
    return "indefinite", None


def _psd(m: Sequence[Sequence[Fraction]]) -> bool:
    """Exact LDL^T with diagonal pivoting: m is positive semidefinite iff every pivot is >= 0 and
    a zero pivot has a zero row."""
    a = [[Fraction(x) for x in row] for row in m]
    live = list(range(len(a)))
    while live:
        p = max(live, key=lambda i: a[i][i])
        if a[p][p] < 0:
            return False
        if a[p][p] == 0:
            return all(a[i][j] == 0 for i in live for j in live)
        live.remove(p)
        for i in live:
            f = a[i][p] / a[p][p]
            for j in live:
                a[i][j] -= f * a[p][j]
    return True


def restrict(m: Sequence[Sequence[Fraction]], basis: Sequence[Vector]) -> Matrix:
    """B^T m B for the columns B = basis (the quadratic form on a subspace)."""
    mb = [[sum((row[k] * b[k] for k in range(len(b))), Fraction(0)) for b in basis] for row in m]
    return tuple(tuple(sum((basis[i][k] * mb[k][j] for k in range(len(m))), Fraction(0))
                       for j in range(len(basis))) for i in range(len(basis)))


def combine(basis: Sequence[Vector], coeffs: Sequence[Fraction]) -> Vector:
    return tuple(sum((c * b[k] for c, b in zip(coeffs, basis)), Fraction(0))
                 for k in range(len(basis[0])))


def span_basis(vectors: Sequence[Vector]) -> list[Vector]:
    """A basis of the span of ``vectors`` (a maximal independent subset)."""
    out: list[Vector] = []
    for v in vectors:
        if any(x != 0 for x in v) and (not out or rank(out + [v]) > len(out)):
            out.append(v)
    return out


# ------------------------------------------------------------- the ex-ante-PROP polytope (B.1)

def prop_polytope_vertices(vectors: Sequence[Vector], shares: Sequence[Fraction],
                           limit: int = 200_000) -> list[Vector]:
    """The extreme points of P = {p >= 0, sum p = 1, sum_j p_j x_j >= PS} (Definition B.1, for
    any allocations x_1..x_k and any n): every vertex is the unique solution of a square system
    of tight constraints on its support S, rows chosen among 'sum p = 1' and the n share rows
    (Theorem B.7). Raises OverflowError when more than ``limit`` systems would be solved."""
    k, n = len(vectors), len(shares)
    rows = [tuple(Fraction(1) for _ in range(k))] + [tuple(x[i] for x in vectors) for i in range(n)]
    rhs = [Fraction(1)] + list(shares)
    systems = sum(comb(n + 1, s) * comb(k, s) for s in range(1, min(k, n + 1) + 1))
    if systems > limit:
        raise OverflowError(f"{systems} systems for {k} allocations and {n} agents")
    found: set[Vector] = set()
    for s in range(1, min(k, n + 1) + 1):
        for chosen in itertools.combinations(range(n + 1), s):
            for support in itertools.combinations(range(k), s):
                sol = solve([[rows[r][j] for j in support] for r in chosen], [rhs[r] for r in chosen])
                if sol is None or any(x < 0 for x in sol):
                    continue
                p = [Fraction(0)] * k
                for j, x in zip(support, sol):
                    p[j] = x
                if in_prop_polytope(p, vectors, shares):
                    found.add(tuple(p))
    return sorted(found, reverse=True)


def in_prop_polytope(p: Sequence[Fraction], vectors: Sequence[Vector], shares: Sequence[Fraction]) -> bool:
    return (all(x >= 0 for x in p) and sum(p, Fraction(0)) == 1 and
            all(sum((pj * x[i] for pj, x in zip(p, vectors)), Fraction(0)) >= shares[i]
                for i in range(len(shares))))


def is_vertex(p: Sequence[Fraction], vectors: Sequence[Vector], shares: Sequence[Fraction]) -> bool:
    """p is in P and its tight constraints have rank k (Definition B.6, Theorem B.7)."""
    if not in_prop_polytope(p, vectors, shares):
        return False
    k = len(p)
    tight = [tuple(Fraction(1) for _ in range(k))]
    tight += [tuple(Fraction(int(j == l)) for l in range(k)) for j in range(k) if p[j] == 0]
    tight += [tuple(x[i] for x in vectors) for i in range(len(shares))
              if sum((pj * x[i] for pj, x in zip(p, vectors)), Fraction(0)) == shares[i]]
    return rank(tight) == k


