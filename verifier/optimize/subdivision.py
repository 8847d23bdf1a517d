"""The regular (Delaunay-type) subdivision behind the SoV optimizer, proposed by floats and
decided exactly.

For a distribution p over distinct vectors x_j with mean mu, Phi(p) = sum_j p_j ||x_j||^2 -
||mu||^2 (Section 2.4). Lift each x_j to (x_j, ||x_j||^2). A *cell* T is a simplex of affinely
independent points of X; its *lift* h_T is the affine function on aff(X) with h_T(t) = ||t||^2 at
the cell's vertices. If h_T(x_j) <= ||x_j||^2 for every j (a valid minorant), then for every p
with mean mu: Phi(p) >= h_T(mu) - ||mu||^2, a concave function of mu, so on T intersected with
{mu >= PS} it is minimized at a vertex of that polytope, i.e. at a vertex of P supported on T.
If the cells cover conv(X), the least value over those vertices is the global minimum.

Coverage is certified by local checks: every ridge (facet of a cell) is shared by exactly two
cells lying on opposite sides of it, or by one cell with every point of X on that cell's side.
(A segment from inside a cell to an uncovered point of conv(X) would leave the union through a
ridge: a shared ridge leads into the neighbour, a boundary ridge out of conv(X).)

Floats (scipy.spatial.ConvexHull of the lifted points) only propose the cells; everything above
is re-checked with integers. Work happens in an integer coordinate system of aff(X): the
vectors are scaled to integers and projected onto d coordinates that are affinely independent
on aff(X) (identical valuations put X on the hyperplane sum x = v(M), so d < n there).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm
from typing import Sequence

from .exact import det, rank


@dataclass(frozen=True)
class Frame:
    """Integer coordinates of aff(X): y_j (d numbers per point) and z_j = (scaled) ||x_j||^2."""

    d: int
    coordinates: tuple[int, ...]  # which of the n coordinates are kept
    y: tuple[tuple[int, ...], ...]
    z: tuple[int, ...]
    arrays: object = field(default=None, compare=False, repr=False)  # bounds, numpy cache

    @classmethod
    def of(cls, points: Sequence[Sequence[Fraction]]) -> "Frame":
        den = lcm(*(x.denominator for p in points for x in p))
        ints = [tuple(int(x * den) for x in p) for p in points]
        diffs = [[a - b for a, b in zip(p, ints[0])] for p in ints[1:]]
        d = rank(diffs) if diffs else 0
        n = len(ints[0])
        coords = next(c for c in itertools.combinations(range(n), d)
                      if rank([[row[i] for i in c] for row in diffs] or [[0]]) == d)
        return cls(d, coords, tuple(tuple(p[i] for i in coords) for p in ints),
                   tuple(sum(x * x for x in p) for p in ints))


def lift(frame: Frame, cell: Sequence[int]) -> tuple[tuple[int, ...], int, int] | None:
    """Integers (A, B, L) with L*h_T(y) = A.y + B, L > 0; None for an affinely dependent cell.
    Cramer's rule on the integer system [y_k, 1].(a, b) = z_k (k in the cell)."""
    rows = [list(frame.y[k]) + [1] for k in cell]
    L = det(rows)
    if L == 0:
        return None
    z = [frame.z[k] for k in cell]
    coef = [det([r[:c] + [zk] + r[c + 1:] for r, zk in zip(rows, z)]) for c in range(len(rows))]
    if L < 0:
        L, coef = -L, [-c for c in coef]
    return tuple(coef[:-1]), coef[-1], L


_SAFE = 1 << 62


def _residuals(frame: Frame, h):
    """L*z_j - (A.y_j + B) for every point j, exactly: numpy int64 when no overflow is possible
    (bounded a priori), Python integers otherwise."""
    A, B, L = h
    if frame.arrays is None:
        object.__setattr__(frame, "arrays", (max((abs(c) for y in frame.y for c in y), default=0),
                                             max(frame.z), None))
    ymax, zmax, arrays = frame.arrays
    if sum(abs(a) for a in A) * ymax + abs(B) < _SAFE and L * zmax < _SAFE:
        import numpy as np  # exact: integer arithmetic proven not to overflow
        if arrays is None:
            arrays = (np.array(frame.y, dtype=np.int64).reshape(len(frame.y), frame.d),
                      np.array(frame.z, dtype=np.int64))
            object.__setattr__(frame, "arrays", (ymax, zmax, arrays))
        y, z = arrays
        return L * z - (y @ np.array(A, dtype=np.int64) + B)
    return [L * z - (sum(a * c for a, c in zip(A, y)) + B) for y, z in zip(frame.y, frame.z)]


def is_minorant(frame: Frame, h) -> bool:
    """h_T(y_j) <= z_j for every point j."""
    return bool(min(_residuals(frame, h)) >= 0)


def on_lift(frame: Frame, h) -> tuple[int, ...]:
    """The points where the lift touches: the whole face of the lower hull."""
    return tuple(j for j, r in enumerate(_residuals(frame, h)) if r == 0)


def side_function(frame: Frame, ridge: Sequence[int]):
    """(c, c0) with det[r1-r0, ..., q-r0] = c.q + c0: the oriented hyperplane through a ridge."""
    r0 = frame.y[ridge[0]]
    base = [[a - b for a, b in zip(frame.y[k], r0)] for k in ridge[1:]]
    d = frame.d
    c = [det(base + [[int(i == j) for j in range(d)]]) for i in range(d)]
    return c, -sum(a * b for a, b in zip(c, r0))


def coverage_error(frame: Frame, cells: Sequence[Sequence[int]]) -> str | None:
    """None when the cells cover conv(X) by the ridge test above, else what fails."""
    if frame.d == 0:
        return None if any(len(c) == 1 for c in cells) else "no cell"
    ridges: dict[tuple[int, ...], list[int]] = {}
    for cell in cells:
        for k in cell:
            ridges.setdefault(tuple(sorted(set(cell) - {k})), []).append(k)
    for ridge, opposite in ridges.items():
        c, c0 = side_function(frame, ridge)
        sides = [sum(a * b for a, b in zip(c, frame.y[k])) + c0 for k in opposite]
        if len(opposite) > 2 or 0 in sides:
            return f"ridge {ridge} lies in {len(opposite)} cells or a cell is flat"
        if len(opposite) == 2:
            if sides[0] * sides[1] >= 0:
                return f"ridge {ridge}: neighbouring cells overlap"
        elif any((sum(a * b for a, b in zip(c, y)) + c0) * sides[0] < 0 for y in frame.y):
            return f"boundary ridge {ridge} has points of X on both sides"
    return None


QHULL_OPTIONS = ("heights 1e-9", "Qt", "heights 1e-6", "QJ")
"""Tried in turn: qhull's triangulated output; then generic heights (z plus small seeded noise:
a regular triangulation refining the faces of the subdivision, so non-simplicial faces get no
flat slivers, which the exact check would reject); then joggled input."""


def propose_cells(frame: Frame, options: str = "Qt") -> list[tuple[int, ...]]:
    """Lower facets of the convex hull of the lifted points, by floating point (qhull).
    A proposal only: callers check it with ``lift``, ``is_minorant`` and ``coverage_error``."""
    N, d = len(frame.y), frame.d
    if d == 0:
        return [(0,)]
    if N == d + 1:
        return [tuple(range(N))]
    import numpy as np  # float-ok: proposal only
    from scipy.spatial import ConvexHull, QhullError
    y = np.array(frame.y, dtype=float)
    z = np.array(frame.z, dtype=float)
    y = (y - y.mean(axis=0)) / max(1.0, float(np.abs(y).max()))  # float-ok: proposal only
    z = (z - z.min()) / max(1.0, float(z.max() - z.min()))  # float-ok: proposal only
    if options.startswith("heights"):
        z = z + float(options.split()[1]) * np.random.default_rng(len(z)).random(len(z))  # float-ok: proposal only
        options = "Qt"
    try:
        hull = ConvexHull(np.column_stack([y, z]), qhull_options=options)
    except (QhullError, ValueError):
        return []
    lower = hull.equations[:, d] < 0  # near-vertical ones are dropped by the exact check
    return [tuple(sorted(int(k) for k in s)) for s in hull.simplices[lower]]
