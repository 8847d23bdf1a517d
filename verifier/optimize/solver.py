"""The exact global lottery optimizer: minimize an objective of the variances over all
ex-ante proportional distributions over all n^m allocations (Sections 2.4, 5 and 6), or over
those supported on a given set of allocations (``allocations=``; then P may be empty: status
"infeasible").

Over all allocations an ex-ante proportional distribution always exists: give all goods to one
agent chosen uniformly at random; agent i's expected value is v_i(M)/n = PS_i. So the feasible
set P is a non-empty polytope and every objective has a minimum (Section 2.4, Section 6).

Concave objectives (SoV, SoVoR, and the sum of standard deviations: a sum of square roots of
concave functions is concave) attain their minimum at a vertex of P, and every optimal
distribution is a convex combination of optimal vertices. For SoV/SoVoR the vertices that can be
optimal are found through the regular subdivision (verifier.optimize.subdivision); the sum of SDs
enumerates the vertices of P. The other Section 6 objectives are not concave; they are handled
in verifier.optimize.nonconcave.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Callable, Iterable, Sequence

from ..allocation import Allocation, ValueVector, all_allocations
from ..instance import Instance
from ..lottery import Lottery, objective as get_objective, variances
from ..numbers import Value, compare, fmt, value_text
from . import subdivision as sub
from .points import ValueSet, Vertex, all_vertices, naive_systems, vertices_on

NAIVE_LIMIT = 2_000_000
"""Largest number of square systems the vertex enumeration solves (beyond it: status unknown)."""
FACE_LIMIT = 200_000


@dataclass(frozen=True)
class OptimalDistribution:
    """One optimal distribution over distinct value vectors (a vertex of the optimal face)."""

    outcomes: tuple[tuple[Fraction, ValueVector], ...]
    allocations: tuple[tuple[Allocation, ...], ...]
    lottery: Lottery
    value: Value
    empty_bundle: bool = False
    """True when some support vector is realized only by allocations with an empty bundle, so
    every realization of this distribution gives some agent nothing with positive probability."""

    @property
    def mean(self) -> tuple[Fraction, ...]:
        n = len(self.outcomes[0][1])
        return tuple(sum((p * x[i] for p, x in self.outcomes), Fraction(0)) for i in range(n))


@dataclass(frozen=True)
class Solution:
    objective: str
    status: str  # "optimal", "unknown", or "infeasible" (only with ``allocations=``)
    value: Value | None
    bounds: tuple[Value, Value] | None
    minimizers: tuple[OptimalDistribution, ...]
    unique: bool | None
    face: str = ""
    reason: str = ""
    proof: dict = field(default_factory=dict)
    method: str = ""
    every_minimizer_empty: bool | None = None
    """True: every optimal distribution puts positive probability on an allocation with an empty
    bundle (Theorem 5.1's conclusion); False: some optimal distribution avoids them."""
    vertices: int = 0  # candidate vertices of P evaluated exactly
    incumbents: tuple[OptimalDistribution, ...] = ()
    """When the status is unknown: the best distributions found, witnesses of the upper bound
    (not known to be optimal; ``minimizers`` is then empty)."""
    complete: bool = False
    """True when every optimal distribution is a convex combination of ``minimizers`` (all
    optimal vertices of a concave objective, or the unique minimizer), so questions about the
    supports of all minimizers are decided by the listed ones."""
    restricted: bool = False
    """True when solved over a given set of allocations (``solve(..., allocations=...)``)."""


def has_empty_bundle(a: Allocation) -> bool:
    return any(not b for b in a.bundles)


def distribution(vs: ValueSet, vertex: Vertex, value: Value) -> OptimalDistribution:
    s, probs = vertex
    order = sorted(((p, vs.vectors[j]), j) for p, j in zip(probs, s))
    outcomes = tuple(o for o, _ in order)
    allocs = tuple(vs.allocations[j] for _, j in order)
    return OptimalDistribution(
        outcomes, allocs,
        Lottery.of([(a[0], o[0]) for o, a in zip(outcomes, allocs)]), value,
        any(all(has_empty_bundle(a) for a in group) for group in allocs))


def vertex_value(inst: Instance, vs: ValueSet, obj, vertex: Vertex) -> Value:
    s, probs = vertex
    return obj.of_variances(variances([(p, vs.vectors[j]) for p, j in zip(probs, s)]),
                            [inst.total(i) for i in range(inst.n)])


def solve(inst: Instance, objective: str = "sov", *,
          allocations: Iterable[Allocation] | None = None, force: bool = False) -> Solution:
    """The exact minimum of ``objective`` (a name in verifier.lottery.OBJECTIVES) over all
    ex-ante proportional distributions, with every optimal vertex.

    ``allocations``: None for all n^m allocations; otherwise only distributions supported on
    these allocations (still ex-ante PROP) are considered, and when none is ex-ante PROP the
    status is "infeasible" (value None, no minimizers). Raises InputError for an unknown
    objective or an allocation that does not fit the instance, and TooLarge beyond
    ``SOLVE_LIMIT`` allocations without ``force``."""
    obj = get_objective(objective)
    vs = ValueSet.of(inst, normalized=obj.name == "sovor", force=force, allocations=allocations)
    sol = solve_values(inst, vs, obj)
    return replace(sol, restricted=True) if vs.restricted else sol


def solve_values(inst: Instance, vs: ValueSet, obj, *, analysis: bool = True) -> Solution:
    """``solve`` on a prepared ValueSet (normalized for sovor). ``analysis=False`` skips the
    non-concave objectives' extra work (the empty-bundle analysis, Z3 uniqueness) and shortens
    Z3's budget: for callers that only need the optimum."""
    if len(vs) == 0:
        return infeasible(obj)
    if obj.name in ("sov", "sovor"):
        return _solve_sov(inst, vs, obj)
    if obj.name == "sum-sd":
        return _solve_by_vertices(inst, vs, obj)
    from .nonconcave import solve_nonconcave
    return solve_nonconcave(inst, vs, obj, empty_analysis=analysis)


def infeasible(obj) -> Solution:
    return Solution(obj.name, "infeasible", None, None, (), None,
                    reason="no ex-ante proportional distribution is supported on the given "
                           "allocations", method="exact: no vertex of the feasible polytope")


def every_minimizer_uses(inst: Instance, objective: str, uses: Callable[[Allocation], bool], *,
                         allocations: Iterable[Allocation] | None = None, force: bool = False,
                         what: str = "the other allocations") -> tuple[bool | None, str]:
    """Does every optimal distribution put positive probability on an allocation that ``uses``
    accepts (Theorem 5.1: an empty bundle; Section 6: a non-EF1 allocation)? Exact for every
    objective: with OPT the optimum and OPT' the optimum over distributions supported on the
    allocations ``uses`` rejects (``what`` names them in the reason), the answer is yes iff
    there is no such distribution or OPT' > OPT. (True | False | None = undecided, reason)."""
    allocations = None if allocations is None else tuple(allocations)
    sol = solve(inst, objective, allocations=allocations, force=force)
    if sol.status != "optimal":
        return None, f"optimizer: {sol.status} ({sol.reason})"
    pool = all_allocations(inst.n, inst.m, force=True) if allocations is None else allocations
    vs = ValueSet.of(inst, normalized=sol.objective == "sovor", force=True,
                     allocations=[a for a in pool if not uses(a)])
    other = solve_values(inst, vs, get_objective(sol.objective), analysis=False)
    opt = value_text(sol.value)
    if other.status == "infeasible":
        return True, f"no ex-ante-PROP distribution is supported on {what} only"
    if other.status == "optimal":
        if compare(other.value, sol.value) > 0:
            return True, (f"optimum {opt} < {value_text(other.value)}, the optimum over "
                          f"distributions on {what} only")
        return False, f"a distribution on {what} only attains the optimum {opt}"
    if other.bounds and compare(other.bounds[0], sol.value) > 0:
        return True, (f"optimum {opt} < {value_text(other.bounds[0])} <= the optimum over "
                      f"distributions on {what} only")
    return None, f"optimum over {what} only: {other.status} ({other.reason})"


# ------------------------------------------------------------------------------- concave

def _solve_sov(inst: Instance, vs: ValueSet, obj) -> Solution:
    frame = sub.Frame.of(vs.points)
    errors = []
    for options in sub.QHULL_OPTIONS:
        cells = sorted(c for c in sub.propose_cells(frame, options)
                       if sub.det([list(frame.y[k]) + [1] for k in c]) != 0)
        found = _cell_candidates(frame, vs, cells)
        if isinstance(found, str):
            errors.append(f"qhull {options}: {found}")
            continue
        candidates, lifts = found  # candidates: vertex -> every cell it is supported on
        break
    else:
        return _solve_by_vertices(inst, vs, obj, note="subdivision rejected (" + "; ".join(errors) + ")")
    if not candidates:  # the cells cover conv(X), so P has no vertex: it is empty
        return infeasible(obj)
    values = {v: vertex_value(inst, vs, obj, v) for v in candidates}
    best = min(values.values())
    # complete the optimal face inside degenerate (non-simplicial) faces of the lower hull
    extra_reason = ""
    optimal_cells = {c for v, x in values.items() if x == best for c in candidates[v]}
    for cell, h in lifts.items():
        if cell not in optimal_cells:
            continue
        face = sub.on_lift(frame, h)
        if len(face) > len(cell):
            if naive_systems(len(face), vs.n) > FACE_LIMIT:
                extra_reason = f"a degenerate face with {len(face)} points was not enumerated"
                continue
            for v in vertices_on(vs.points, vs.shares, [face]):
                if v not in values:
                    values[v] = vertex_value(inst, vs, obj, v)
    optimal = sorted(v for v, x in values.items() if x == best)
    proof = {"method": "regular-subdivision", "cells": sorted(cells),
             "cells_meeting_PS": len(lifts), "coordinates": list(frame.coordinates)}
    return _concave_solution(inst, vs, obj, best, optimal, len(values), proof,
                             "regular subdivision (exact lifts, exact coverage)", extra_reason)


def bounds_from_sov(inst: Instance, vs: ValueSet, obj, reason: str) -> Solution:
    """Certified bounds when the exact search is too large: every SoV minimizer is feasible, so
    its objective value is an upper bound; lower bounds from the exact SoV optimum Phi*:
    max_i Var_i >= Phi*/n, sum_i sigma_i >= sqrt(sum_i Var_i) >= sqrt(Phi*); 0 otherwise."""
    from ..numbers import SqrtSum
    sov = solve(inst, "sov", force=True,
                allocations=[a for g in vs.allocations for a in g] if vs.restricted else None)
    if sov.status == "infeasible":
        return infeasible(obj)
    if sov.status != "optimal":
        return Solution(obj.name, "unknown", None, None, (), None, reason=reason)
    totals = [inst.total(i) for i in range(inst.n)]
    vals = [obj.of_variances(variances(d.outcomes), totals) for d in sov.minimizers]
    upper = vals[0]
    for v in vals:
        upper = v if compare(v, upper) < 0 else upper
    found = tuple(replace(d, value=v) for d, v in zip(sov.minimizers, vals) if compare(v, upper) == 0)
    lower = {"max-var": sov.value / inst.n, "sum-sd": SqrtSum.sqrt(sov.value)}.get(obj.name, Fraction(0))
    if compare(lower, upper) == 0:  # the bounds meet (e.g. equal variances at an SoV minimizer)
        return Solution(obj.name, "optimal", upper, None, found, None,
                        "listed: the optimal distributions among the SoV minimizers; others may "
                        "exist", "", {"method": "sov-bound"}, "lower bound from the exact SoV "
                        "optimum meets the value of an SoV minimizer", None, len(vals))
    return Solution(obj.name, "unknown", None, (lower, upper), (), None, "",
                    f"{reason}; certified bounds from the exact SoV optimum and its minimizers",
                    {"method": "sov-bound"}, "bounds from the SoV optimum", None, len(vals), found)


def _cell_candidates(frame, vs: ValueSet, cells):
    """Vertices of P supported on each cell meeting {mu >= PS}, after the exact checks (coverage,
    valid lifts); a string saying what failed otherwise."""
    error = sub.coverage_error(frame, cells) if cells else "no cells proposed"
    if error is not None:
        return error
    candidates: dict[Vertex, list[tuple[int, ...]]] = {}
    lifts = {}
    for cell in cells:
        if any(all(vs.points[k][i] < vs.shares[i] for k in cell) for i in range(vs.n)):
            continue  # the cell misses {mu >= PS}
        found = vertices_on(vs.points, vs.shares, [cell])
        if not found:
            continue
        h = sub.lift(frame, cell)
        if h is None or not sub.is_minorant(frame, h):
            return f"cell {cell}: lift is not below every lifted point"
        lifts[cell] = h
        for v in found:
            candidates.setdefault(v, []).append(cell)
    return candidates, lifts


def _solve_by_vertices(inst: Instance, vs: ValueSet, obj, note: str = "") -> Solution:
    """Minimum of a concave objective over every vertex of P (naive enumeration)."""
    systems = naive_systems(len(vs), vs.n)
    if systems > NAIVE_LIMIT:
        reason = (f"{len(vs)} distinct value vectors need {systems} vertex systems "
                  f"(limit {NAIVE_LIMIT})" + (f"; {note}" if note else ""))
        if obj.name in ("sov", "sovor"):
            return Solution(obj.name, "unknown", None, None, (), None, reason=reason,
                            method="vertex enumeration")
        return bounds_from_sov(inst, vs, obj, reason)
    verts = all_vertices(vs)
    if not verts:
        return infeasible(obj)
    values = {v: vertex_value(inst, vs, obj, v) for v in verts}
    best = values[next(iter(values))]
    for x in values.values():
        if compare(x, best) < 0:
            best = x
    optimal = sorted(v for v, x in values.items() if compare(x, best) == 0)
    method = "vertex enumeration (concave objective: the minimum is at a vertex of P)"
    return _concave_solution(inst, vs, obj, best, optimal, len(values),
                             {"method": "vertex-enumeration"}, method + (f"; {note}" if note else ""))


def _concave_solution(inst, vs, obj, best, optimal: Sequence[Vertex], count: int, proof: dict,
                      method: str, extra_reason: str = "") -> Solution:
    dists = tuple(distribution(vs, v, best) for v in optimal)
    single_alloc = all(len(g) == 1 for d in dists for g in d.allocations)
    unique = len(dists) == 1 and single_alloc
    face = "" if unique else describe_face(obj.name, dists)
    if extra_reason:
        unique = None if len(dists) == 1 else unique
        face = (face + "; " if face else "") + "incomplete: " + extra_reason
    # concave: every optimal distribution is a convex combination of optimal vertices, so all of
    # them use an empty bundle iff every optimal vertex has a vector realized only with one
    return Solution(obj.name, "optimal", best, None, dists, unique, face, "", proof, method,
                    None if extra_reason else all(d.empty_bundle for d in dists), count,
                    complete=not extra_reason)


def describe_face(name: str, dists: Sequence[OptimalDistribution]) -> str:
    """The whole optimal set in words, from its vertices (Solution.face)."""
    parts = []
    if len(dists) > 1:
        if name in ("sov", "sovor"):
            groups: dict = {}
            for k, d in enumerate(dists, 1):
                groups.setdefault(d.mean, []).append(k)
            # Phi(p) = (linear in p) - ||mu||^2: affine where the mean is fixed, strictly concave
            # across different means, so optimal = convex hulls of vertices sharing a mean
            parts.append(f"{len(dists)} optimal vertices; the optimal distributions are exactly the "
                         "convex combinations of optimal vertices with the same mean: " + "; ".join(
                             "vertices " + ",".join(map(str, ks)) + " (mean ("
                             + ", ".join(fmt(x) for x in mu) + "))" for mu, ks in groups.items()))
        else:
            parts.append(f"{len(dists)} optimal vertices; every optimal distribution is a convex "
                         "combination of them (concave objective)")
    multi = sorted({len(g) for d in dists for g in d.allocations if len(g) > 1})
    if multi:
        parts.append("some value vectors are realized by several allocations (up to "
                     f"{max(multi)}); any split of such a vector's probability among them is optimal")
    return "; ".join(parts)
