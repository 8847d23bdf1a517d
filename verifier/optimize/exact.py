"""Small exact linear algebra over Fractions / integers (the deciding side of the optimizer)."""

from __future__ import annotations

from fractions import Fraction
from typing import Sequence


def solve(rows: Sequence[Sequence], rhs: Sequence) -> tuple[Fraction, ...] | None:
    """The unique solution of the square system rows * x = rhs, or None when singular."""
    k = len(rows)
    a = [[Fraction(v) for v in row] + [Fraction(b)] for row, b in zip(rows, rhs)]
    for c in range(k):
        piv = next((r for r in range(c, k) if a[r][c] != 0), None)
        if piv is None:
            return None
        a[c], a[piv] = a[piv], a[c]
        inv = 1 / a[c][c]
        pr = a[c]
        for r in range(k):
            if r != c and a[r][c] != 0:
                f = a[r][c] * inv
                a[r] = [x - f * y for x, y in zip(a[r], pr)]
    return tuple(a[r][k] / a[r][r] for r in range(k))


def rank(vectors: Sequence[Sequence]) -> int:
    """Rank of a list of vectors (Gaussian elimination over Q)."""
    rows = [[Fraction(v) for v in vec] for vec in vectors]
    r = 0
    width = len(rows[0]) if rows else 0
    for c in range(width):
        piv = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if piv is None:
            continue
        rows[r], rows[piv] = rows[piv], rows[r]
        for i in range(r + 1, len(rows)):
            if rows[i][c] != 0:
                f = rows[i][c] / rows[r][c]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
        r += 1
    return r


def det(matrix: Sequence[Sequence[int]]) -> int:
    """Determinant of a square integer matrix (Bareiss fraction-free elimination)."""
    a = [list(row) for row in matrix]
    k = len(a)
    if k == 0:
        return 1
    sign, prev = 1, 1
    for c in range(k - 1):
        piv = next((r for r in range(c, k) if a[r][c] != 0), None)
        if piv is None:
            return 0
        if piv != c:
            a[c], a[piv] = a[piv], a[c]
            sign = -sign
        for r in range(c + 1, k):
            for j in range(c + 1, k):
                a[r][j] = (a[r][j] * a[c][c] - a[r][c] * a[c][j]) // prev
        prev = a[c][c]
    return sign * a[k - 1][k - 1]
