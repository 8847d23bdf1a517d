"""The Section 6 objectives that are not concave in the distribution: the largest variance, the
variance of the variances and the SD of the SDs. Solved exactly where the structure allows,
certified bounds otherwise, never a guess.

* Upper bound: the best exact value over the vertices of P and over the rational points of
  segments between two vertices (P is convex) where two variances are equal.
* Lower bounds: 0 for the variance of variances and the SD of SDs (both vanish iff all variances
  are equal); for the largest variance, max_i Var_i >= sum_i l_i Var_i for every weight vector l
  in the simplex, and the right side is concave in p, so its minimum over P is at a vertex:
  L(l) = min over vertices of sum_i l_i Var_i(v) is a certified lower bound (for two agents the
  best l is found exactly from the breakpoints of this piecewise linear function).
* When the bounds differ, Z3's nonlinear real arithmetic is asked whether a feasible p does
  better than the upper bound; "unsat" closes the gap (reported as proved by Z3, which gives no
  proof object), anything else leaves status "unknown" with the certified bounds.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import isqrt

from ..instance import Instance
from ..lottery import variances
from ..numbers import Sqrt, SqrtSum, compare, fmt, to_json_number, value_text
from .points import ValueSet, all_vertices, naive_systems
from .solver import (NAIVE_LIMIT, Solution, bounds_from_sov, distribution, has_empty_bundle,
                     infeasible)

PAIR_LIMIT = 400  # vertices beyond which segments between vertices are not searched
Z3_TIMEOUT_MS = 20_000

Point = tuple[tuple[int, ...], tuple[Fraction, ...]]  # (support, probabilities), like Vertex


def _vars(vs: ValueSet, pt: Point):
    return variances([(p, vs.vectors[j]) for p, j in zip(pt[1], pt[0])])


def _rational_roots(a: Fraction, b: Fraction, c: Fraction) -> list[Fraction]:
    """Rational roots of a t^2 + b t + c in [0, 1]."""
    if a == 0:
        return [] if b == 0 else [t for t in [-c / b] if 0 <= t <= 1]
    disc = b * b - 4 * a * c
    if disc < 0:
        return []
    num, den = disc.numerator, disc.denominator
    rn, rd = isqrt(num), isqrt(den)
    if rn * rn != num or rd * rd != den:
        return []
    r = Fraction(rn, rd)
    return [t for t in {(-b - r) / (2 * a), (-b + r) / (2 * a)} if 0 <= t <= 1]


def _mix(u: Point, w: Point, t: Fraction) -> Point:
    probs: dict[int, Fraction] = {}
    for (s, p), weight in ((u, 1 - t), (w, t)):
        for j, q in zip(s, p):
            probs[j] = probs.get(j, Fraction(0)) + weight * q
    keys = sorted(j for j, q in probs.items() if q > 0)
    return tuple(keys), tuple(probs[j] for j in keys)


def _equal_variance_points(vs: ValueSet, u: Point, w: Point) -> list[Point]:
    """Rational points on the segment [u, w] where two agents' variances are equal."""
    out = []
    vu, vw, vm = _vars(vs, u), _vars(vs, w), _vars(vs, _mix(u, w, Fraction(1, 2)))
    for i, k in itertools.combinations(range(vs.n), 2):
        # f(t) = Var_i - Var_k is quadratic in t: fit it through t = 0, 1/2, 1
        f0, fh, f1 = vu[i] - vu[k], vm[i] - vm[k], vw[i] - vw[k]
        a = 2 * f0 - 4 * fh + 2 * f1
        b = -3 * f0 + 4 * fh - f1
        out.extend(_mix(u, w, t) for t in _rational_roots(a, b, f0) if 0 < t < 1)
    return out


def _max_var_lower_bound(vals: list[tuple[Fraction, ...]], n: int) -> tuple[Fraction, tuple]:
    """max over weights l of min over vertices of sum_i l_i Var_i(v), with the best l found."""
    if n == 2:
        cands = {Fraction(0), Fraction(1)}
        if len(vals) <= PAIR_LIMIT:
            for (a1, b1), (a2, b2) in itertools.combinations(vals, 2):
                den = (a1 - b1) - (a2 - b2)
                if den:
                    lam = (b2 - b1) / den
                    if 0 < lam < 1:
                        cands.add(lam)
        weights = [(lam, 1 - lam) for lam in cands]
    else:
        weights = [tuple(Fraction(int(i == k)) for i in range(n)) for k in range(n)]
        weights.append(tuple(Fraction(1, n) for _ in range(n)))
        weights.extend(_lp_weights(vals, n))
    best = None
    for l in weights:
        low = min(sum(x * y for x, y in zip(l, v)) for v in vals)
        if best is None or low > best[0]:
            best = (low, l)
    return best


def _lp_weights(vals: list[tuple[Fraction, ...]], n: int) -> list[tuple[Fraction, ...]]:
    """Weights proposed by a float LP (max t: t <= sum_i l_i Var_i(v) for every vertex v, l in the
    simplex), rounded to nearby fractions: any weights give a valid bound, which is then
    evaluated exactly, so the floats only propose."""
    try:
        import numpy as np  # float-ok: proposal only
        from scipy.optimize import linprog
    except ImportError:  # pragma: no cover
        return []
    scale = float(max((max(v) for v in vals), default=1) or 1)  # float-ok: proposal only
    a = np.array([[-float(x) / scale for x in v] + [1.0] for v in vals])  # float-ok: proposal only
    res = linprog([0.0] * n + [-1.0], A_ub=a, b_ub=np.zeros(len(vals)),
                  A_eq=[[1.0] * n + [0.0]], b_eq=[1.0], bounds=[(0, 1)] * n + [(None, None)])
    if not res.success:
        return []
    out = []
    for den in (10 ** 3, 10 ** 6):
        l = [Fraction(float(x)).limit_denominator(den) for x in res.x[:n]]  # float-ok: proposal only
        l = [max(x, Fraction(0)) for x in l]
        if sum(l) > 0:
            out.append(tuple(x / sum(l) for x in l))
    return out


def _z3_polytope(vs: ValueSet, timeout_ms: int):
    """A Z3 solver holding the ex-ante-PROP polytope over ``vs``: (z3, solver, p, variances, q)."""
    import z3
    n, N = vs.n, len(vs)
    q = lambda x: z3.Q(x.numerator, x.denominator)
    p = [z3.Real(f"p{j}") for j in range(N)]
    s = z3.Solver()
    s.set("timeout", timeout_ms)
    s.add(*[x >= 0 for x in p], z3.Sum(p) == 1)
    mu = [z3.Sum([p[j] * q(vs.vectors[j][i]) for j in range(N)]) for i in range(n)]
    s.add(*[mu[i] >= q(vs.shares[i]) for i in range(n)])
    var = [z3.Sum([p[j] * q(vs.vectors[j][i] ** 2) for j in range(N)]) - mu[i] * mu[i]
           for i in range(n)]
    return z3, s, p, var, q


def _z3_beats(vs: ValueSet, name: str, bound, timeout_ms: int = Z3_TIMEOUT_MS) -> str:
    """'unsat' when Z3 proves no feasible p has objective < bound; else 'sat' / 'unknown'."""
    n = vs.n
    z3, s, p, var, q = _z3_polytope(vs, timeout_ms)
    if name == "max-var":
        s.add(*[v < q(Fraction(bound)) for v in var])
    elif name == "var-of-vars":
        mean = z3.Sum(var) / n
        s.add(z3.Sum([(v - mean) * (v - mean) for v in var]) / n < q(Fraction(bound)))
    else:  # sd-of-sds: compare squares; only a rational square can be passed exactly
        square = bound.inner if isinstance(bound, Sqrt) else SqrtSum.of(bound) * SqrtSum.of(bound)
        if square.rational() is None:
            return "unknown"
        sig = [z3.Real(f"s{i}") for i in range(n)]
        s.add(*[x >= 0 for x in sig], *[x * x == v for x, v in zip(sig, var)])
        s.add(z3.Sum(var) / n - (z3.Sum(sig) / n) * (z3.Sum(sig) / n) < q(square.rational()))
    return str(s.check())


def _z3_other_equalizer(vs: ValueSet, pt: Point, timeout_ms: int = Z3_TIMEOUT_MS):
    """Is there a feasible p != pt with all variances equal? 'unsat' (no: pt is the unique
    zero), a verified rational Point (yes), or None (Z3 unknown, or a model we cannot verify)."""
    n, N = vs.n, len(vs)
    z3, s, p, var, q = _z3_polytope(vs, timeout_ms)
    s.add(*[var[0] == v for v in var[1:]])
    star = dict(zip(pt[0], pt[1]))
    s.add(z3.Or([p[j] != q(star.get(j, Fraction(0))) for j in range(N)]))
    verdict = s.check()
    if verdict == z3.unsat:
        return "unsat"
    if verdict != z3.sat:
        return None
    model = s.model()
    vals = [model.eval(x, model_completion=True) for x in p]
    if not all(z3.is_rational_value(v) for v in vals):
        return None
    probs = [Fraction(v.numerator_as_long(), v.denominator_as_long()) for v in vals]
    other = (tuple(j for j in range(N) if probs[j]), tuple(x for x in probs if x))
    out = [(x, vs.vectors[j]) for j, x in zip(*other)]
    mean = [sum(x * v[i] for x, v in out) for i in range(n)]
    ok = (sum(probs) == 1 and min(probs) >= 0 and all(a >= b for a, b in zip(mean, vs.shares))
          and len(set(variances(out))) == 1 and other != pt)
    return other if ok else None  # the solver proposes; only an exactly checked point counts


def solve_nonconcave(inst: Instance, vs: ValueSet, obj, *, empty_analysis: bool = True) -> Solution:
    name = obj.name
    systems = naive_systems(len(vs), vs.n)
    if systems > NAIVE_LIMIT:
        return bounds_from_sov(inst, vs, obj,
                               f"{systems} vertex systems exceed the limit {NAIVE_LIMIT}")
    verts = sorted(all_vertices(vs))
    if not verts:
        return infeasible(obj)
    totals = [inst.total(i) for i in range(inst.n)]
    points: set[Point] = set(verts)
    if len(verts) <= PAIR_LIMIT and vs.n >= 2:
        for u, w in itertools.combinations(verts, 2):
            points.update(_equal_variance_points(vs, u, w))
    values = {pt: obj.of_variances(_vars(vs, pt), totals) for pt in points}
    upper = min(values.values(), key=_Key)
    best = sorted(pt for pt, x in values.items() if compare(x, upper) == 0)
    method = f"{len(verts)} vertices of P and {len(points) - len(verts)} equal-variance points"
    lower, unique, face, note = Fraction(0), None, "", ""
    proof: dict = {"method": "bounds"}
    if name == "max-var":
        vert_vars = [_vars(vs, v) for v in verts]
        lower, weights = _max_var_lower_bound(vert_vars, vs.n)
        if compare(lower, upper) == 0:
            tight = [v for v, x in zip(verts, vert_vars)
                     if sum(a * b for a, b in zip(weights, x)) == lower]
            note = ("lower bound sum_i l_i Var_i with l = (" + ", ".join(fmt(x) for x in weights)
                    + "), minimized at vertices of P")
            proof = {"method": "vertex-enumeration", "weights": [to_json_number(x) for x in weights]}
            if len(tight) == 1:
                unique = True  # every optimum minimizes the concave bound, so it is that vertex
    status = "optimal" if compare(lower, upper) == 0 else "unknown"
    if status == "unknown":
        verdict = _z3_beats(vs, name, upper, Z3_TIMEOUT_MS if empty_analysis else Z3_TIMEOUT_MS // 4)
        if verdict == "unsat":
            status, note = "optimal", "Z3 nonlinear real arithmetic: nothing feasible is smaller"
            lower, proof = upper, {"method": "z3-nlsat (no proof object)"}
    if status == "optimal" and len(verts) == 1:
        unique = True  # a polytope with one vertex is that point (e.g. over given allocations)
    if name in ("var-of-vars", "sd-of-sds") and status == "optimal" and compare(upper, 0) == 0:
        note = "the objective is >= 0 and vanishes where all variances are equal"
        proof = {"method": "equal-variances"}
        face = ("the optimal set is {p in P : Var_1(p) = ... = Var_n(p)}, a quadric section of P; "
                "listed: the optimal vertices and equal-variance points found")
    if proof["method"] == "equal-variances" and len(best) == 1 and empty_analysis:
        other = _z3_other_equalizer(vs, best[0], Z3_TIMEOUT_MS // 4)
        if other == "unsat":
            unique, note = True, note + "; uniqueness: Z3 finds no other feasible p with equal variances"
            face = ""
        elif other is not None:
            best.append(other)
    dists = tuple(distribution(vs, pt, upper) for pt in best)
    if unique is None and len(dists) > 1:
        unique = False
    if unique and any(len(g) > 1 for d in dists for g in d.allocations):
        unique = False
    if not face and status == "optimal" and unique is not True:
        face = ("listed: the optimal distributions among vertices of P and equal-variance points; "
                "the optimal set of a non-concave objective need not be their convex hull")
    every_empty = None
    if status == "optimal":
        if unique is True:
            every_empty = dists[0].empty_bundle
        elif empty_analysis:
            every_empty = _every_minimizer_empty(inst, vs, obj, upper, dists)
    if status != "optimal":
        return Solution(name, "unknown", None, (lower, upper), (), None, "",
                        f"certified bounds [{value_text(lower)}, {value_text(upper)}] do not meet "
                        "and Z3 did not close the gap", proof, method, None, len(points), dists)
    return Solution(name, status, upper, None, dists, unique, face, "", proof,
                    method + (f"; {note}" if note else ""), every_empty, len(points),
                    complete=unique is True)


def _every_minimizer_empty(inst, vs: ValueSet, obj, optimum, dists) -> bool | None:
    """Solve again over the allocations of ``vs`` without empty bundles: if that is infeasible
    or strictly worse, every optimal distribution uses an allocation with an empty bundle."""
    if not all(d.empty_bundle for d in dists):
        return False
    rest = ValueSet.of(inst, force=True, allocations=[a for g in vs.allocations for a in g
                                                      if not has_empty_bundle(a)])
    if len(rest) == 0:
        return True
    restricted = solve_nonconcave(inst, rest, obj, empty_analysis=False)
    if restricted.status == "infeasible":
        return True
    if restricted.status == "optimal":
        return compare(restricted.value, optimum) > 0
    if restricted.bounds and compare(restricted.bounds[0], optimum) > 0:
        return True
    return None


class _Key:
    """Sort key for exact values of mixed type."""

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        return compare(self.v, other.v) < 0
