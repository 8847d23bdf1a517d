"""Kernel check of "lottery" certificates: an ex-ante proportional distribution and the proof
that it minimizes an objective of the variances (Sections 2.4 and 6) over ALL ex-ante
proportional distributions. Standard library only; the kernel derives the value vectors itself
from the valuations (normalized for SoVoR) and enumerates vertices itself (it checks, the
certificate only says where to look).

Methods. "vertex-enumeration": the objective's lower bound g is concave in p (SoV, SoVoR: g = the
objective; sum of SDs: g = the objective, compared exactly as sums of square roots; largest
variance: g = sum_i w_i Var_i <= max_i Var_i for the certificate's weights w), so its minimum over
the polytope P of ex-ante proportional distributions is at a vertex: every vertex of P is
enumerated and none has g below the witness's value. "regular-subdivision" (SoV, SoVoR): cells are
simplices of value vectors; (1) every ridge lies in two cells on opposite sides, or in one cell
with all of X on its side, so the cells cover conv(X); (2) each cell T meeting {mu >= PS} has a
lift h_T (affine, = ||t||^2 at T's vertices) with h_T(x) <= ||x||^2 on all of X, so
Phi(p) >= h_T(mu) - ||mu||^2, which is concave and is checked at the vertices of P supported on T.
"equal-variances" (variance of variances, SD of SDs, both >= 0): the witness has equal variances,
so its value 0 is the minimum.
The header's statement is statement(cert), rendered from the content (check.py compares them).
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction
from math import comb, isqrt, lcm, prod

from .base import HEADER, Rejected

MAX_ALLOCATIONS = 1_000_000
MAX_SYSTEMS = 3_000_000
METHODS = {"sov": ("regular-subdivision", "vertex-enumeration"), "max-var": ("vertex-enumeration",),
           "sovor": ("regular-subdivision", "vertex-enumeration"), "sum-sd": ("vertex-enumeration",),
           "var-of-vars": ("equal-variances",), "sd-of-sds": ("equal-variances",)}
VALUED = ("sov", "sovor", "max-var")  # objectives whose certificate states the minimum as "value"


def canonical(x) -> str:
    """One-line canonical JSON of a content value: distinct values render distinctly."""
    return json.dumps(x, sort_keys=True, separators=(", ", ": "), ensure_ascii=False)


def statement(cert: dict) -> str:
    """What a lottery certificate asserts: the instance, the objective, the minimizer and the
    minimum (sum-sd: the minimizer's own sum of SDs; var-of-vars, sd-of-sds: 0)."""
    obj, dist = cert["objective"], [[x["allocation"], x["probability"]] for x in cert["distribution"]]
    value = canonical(cert["value"]) if obj in VALUED else "its sum of SDs" if obj == "sum-sd" else "0"
    return (f"For valuations {canonical(cert['instance']['valuations'])}, the distribution "
            f"{canonical(dist)} (owner of each good, probability) is ex-ante proportional and "
            f"minimizes {obj} over all ex-ante proportional distributions; the minimum is {value}.")


def _q(x, where):
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise Rejected(where, "expected an integer or 'p/q' string", found=x)
    try:
        return Fraction(x)
    except (ValueError, ZeroDivisionError):
        raise Rejected(where, "not an exact number", found=x) from None


def _pivots(rows, rhs=None):
    """Gauss-Jordan elimination: (pivot values, sign of the row swaps, solution if square)."""
    rows = [[Fraction(x) for x in r] + ([Fraction(rhs[i])] if rhs else []) for i, r in enumerate(rows)]
    piv, sign, width = [], 1, len(rows[0]) - bool(rhs) if rows else 0
    for c in range(width):
        r = len(piv)
        k = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if k is None:
            continue
        if k != r:
            rows[r], rows[k], sign = rows[k], rows[r], -sign
        for i in range(len(rows)):
            if i != r and rows[i][c] != 0:
                f = rows[i][c] / rows[r][c]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
        piv.append(rows[r][c])
    full = len(piv) == len(rows) == width
    return piv, sign, [r[-1] / r[i] for i, r in enumerate(rows)] if rhs and full else None


def _det(m):
    return (lambda piv, sign, _: sign * prod(piv) if len(piv) == len(m) else 0)(*_pivots(m))


def _vertices(X, ps, support):
    """Vertices of P = {p >= 0, sum p = 1, sum p x >= PS} with support inside ``support``: for each
    subset S (|S| <= n+1) and |S|-1 agents held at PS_i, the unique positive feasible solution."""
    n, out = len(ps), set()
    for size in range(1, min(n + 1, len(support)) + 1):
        for s in itertools.combinations(sorted(support), size):
            for act in itertools.combinations(range(n), size - 1):
                p = _pivots([[1] * size] + [[X[j][i] for j in s] for i in act],
                            [1] + [ps[i] for i in act])[2]
                if p and all(q > 0 for q in p) and all(
                        sum(q * X[j][i] for q, j in zip(p, s)) >= ps[i] for i in range(n)):
                    out.add((s, tuple(p)))
    return out


def _variances(X, s, p):
    mu = [sum(q * X[j][i] for q, j in zip(p, s)) for i in range(len(X[0]))]
    return [sum(q * X[j][i] ** 2 for q, j in zip(p, s)) - mu[i] ** 2 for i in range(len(mu))]


def _sqrt_sum_sign(terms):
    """Exact sign of sum c*sqrt(r) (rational c, r >= 0): merge r, r' with r*r' a square (the
    remaining roots are then linearly independent over Q), then refine integer enclosures."""
    groups = {}
    for c, r in terms:
        a = r.numerator * r.denominator
        if a:
            key = next((k for k in groups if isqrt(k * a) ** 2 == k * a), a)
            groups[key] = groups.get(key, 0) + c * Fraction(isqrt(key * a), key * r.denominator)
    bits = 32
    while any(groups.values()):
        s = 1 << bits
        lo = sum(c * Fraction(isqrt(k * s * s) + (c < 0), s) for k, c in groups.items())
        hi = sum(c * Fraction(isqrt(k * s * s) + (c > 0), s) for k, c in groups.items())
        if lo > 0 or hi < 0:
            return 1 if lo > 0 else -1
        bits *= 2
    return 0


def check(cert: dict) -> str:
    obj, proof = cert.get("objective"), cert["proof"]
    if proof.get("method") not in METHODS.get(obj, ()):
        raise Rejected("proof", f"method {proof.get('method')!r:.40} does not certify {obj!r:.40}")
    keys = {*HEADER, "instance", "objective", "distribution", "proof", *(["value"] if obj in VALUED else [])}
    if set(cert) != keys or set(cert["instance"]) != {"valuations"} or any(
            set(x) != {"allocation", "probability"} for x in cert["distribution"]):
        raise Rejected("structure", "unexpected or missing keys", expected=sorted(keys), found=sorted(cert))
    rows = [[_q(x, "instance") for x in r] for r in cert["instance"]["valuations"]]
    n, m = len(rows), len(rows[0])
    if any(len(r) != m for r in rows) or any(x < 0 for r in rows for x in r):
        raise Rejected("instance", "valuations must be a matrix of non-negative numbers")
    if n ** m > MAX_ALLOCATIONS:
        raise Rejected("instance", "too many allocations", expected=MAX_ALLOCATIONS, found=n ** m)
    tot = [sum(r) for r in rows]
    scale = [1 / t if obj == "sovor" and t else Fraction(1) for t in tot]
    vec = lambda o: tuple(sum(rows[i][g] for g in range(m) if o[g] == i) * scale[i] for i in range(n))
    X = sorted({vec(o) for o in itertools.product(range(n), repeat=m)})
    ps = [t * s / n for t, s in zip(tot, scale)]
    probs = {}
    for k, item in enumerate(cert["distribution"]):
        owner, p = tuple(item["allocation"]), _q(item["probability"], f"distribution[{k}]")
        if len(owner) != m or any(type(i) is not int or not 0 <= i < n for i in owner) or p <= 0:
            raise Rejected(f"distribution[{k}]", "needs an agent 0..n-1 per good and a positive probability")
        probs[X.index(vec(owner))] = probs.get(X.index(vec(owner)), 0) + p
    s, p = tuple(sorted(probs)), tuple(probs[j] for j in sorted(probs))
    mu = [sum(q * X[j][i] for q, j in zip(p, s)) for i in range(n)]
    if sum(p) != 1 or any(a < b for a, b in zip(mu, ps)):
        raise Rejected("distribution", "not an ex-ante proportional distribution", expected=ps, found=mu)
    var = _variances(X, s, p)
    if obj in ("var-of-vars", "sd-of-sds"):
        if len(set(var)) != 1:
            raise Rejected("value", "the witness's variances are not all equal", found=var)
        return f"lottery: {obj} minimum 0 (objective >= 0; witness variances all {var[0]})"
    value = None if obj == "sum-sd" else _q(cert["value"], "value")
    if value is not None and (max(var) if obj == "max-var" else sum(var)) != value:
        raise Rejected("value", "the witness's objective value", expected=value, found=var)
    w = [_q(x, "weights") for x in proof["weights"]] if obj == "max-var" else [1] * n
    if obj == "max-var" and (len(w) != n or min(w) < 0 or sum(w) != 1):
        raise Rejected("weights", "need n non-negative weights summing to 1", found=w)

    def below(vs, vp):  # is the concave lower bound at this vertex smaller than the claim?
        v = _variances(X, vs, vp)
        if obj == "sum-sd":
            return _sqrt_sum_sign([(Fraction(1), x) for x in v] + [(Fraction(-1), x) for x in var]) < 0
        return sum(a * b for a, b in zip(w, v)) < value
    claim = f"sum sqrt{tuple(map(str, var))}" if value is None else str(value)
    if proof["method"] == "vertex-enumeration":
        if sum(comb(len(X), k) * comb(n, k - 1) for k in range(1, n + 2)) > MAX_SYSTEMS:
            raise Rejected("proof", "too many supports to enumerate", expected=MAX_SYSTEMS)
        verts = _vertices(X, ps, range(len(X)))
        bad = next((v for v in verts if below(*v)), None)
        if bad:
            raise Rejected("optimality", f"vertex {bad} is below the claimed minimum {claim}")
        return f"lottery: {obj} minimum {claim} over all {len(verts)} vertices of P"
    if [[_q(x, "points") for x in pt] for pt in proof["points"]] != [list(x) for x in X]:
        raise Rejected("points", "must be the sorted distinct value vectors of the instance")
    den = lcm(*(x.denominator for x in itertools.chain(*X)))
    Xi = [[int(x * den) for x in pt] for pt in X]
    diffs = [[a - b for a, b in zip(x, Xi[0])] for x in Xi[1:]]
    d = len(_pivots(diffs)[0])
    coords = next(c for c in itertools.combinations(range(n), d)
                  if len(_pivots([[r[i] for i in c] for r in diffs])[0]) == d)
    Y, Z = [[x[i] for i in coords] for x in Xi], [sum(v * v for v in x) for x in Xi]
    cells, ridges = [tuple(c) for c in proof["cells"]], {}
    for c in cells:
        if len(set(c)) != d + 1 or len(c) != d + 1 or any(type(k) is not int or not 0 <= k < len(X) for k in c):
            raise Rejected("cells", f"cell {c} must be {d + 1} distinct point indices")
        for k in c:
            ridges.setdefault(tuple(sorted(set(c) - {k})), []).append(k)
    for r, opp in ridges.items():  # side(q) = det[r1 - r0, ..., q - r0] = c.q + c0
        base = [[a - b for a, b in zip(Y[k], Y[r[0]])] for k in r[1:]]
        c = [int(_det(base + [[int(i == j) for j in range(d)]])) for i in range(d)]
        c0 = -sum(a * b for a, b in zip(c, Y[r[0]])) if d else 1
        side = lambda y: sum(a * b for a, b in zip(c, y)) + c0
        sides = [side(Y[k]) for k in opp]
        if len(opp) > 2 or 0 in sides or (len(opp) == 2 and sides[0] * sides[1] > 0):
            raise Rejected("coverage", f"ridge {r} is not shared by two cells on opposite sides")
        if len(opp) == 1 and any(side(y) * sides[0] < 0 for y in Y):
            raise Rejected("coverage", f"boundary ridge {r} has points of X on both sides")
    meeting = 0
    for c in cells:  # a cell whose vertices are all below PS_i misses {mu >= PS}
        verts = set() if any(all(X[k][i] < ps[i] for k in c) for i in range(n)) else _vertices(X, ps, c)
        if verts:
            meeting += 1
            h = _pivots([Y[k] + [1] for k in c], [Z[k] for k in c])[2] or []  # [] for flat cells
            L = lcm(*(x.denominator for x in h))  # integer form of the lift: L*h(y) = H.y + H[-1]
            H = [int(x * L) for x in h]
            if not H or any(sum(a * b for a, b in zip(H, y)) + H[-1] > L * z for y, z in zip(Y, Z)):
                raise Rejected("lift", f"cell {c}: its lift is above a lifted value vector")
            bad = next((v for v in verts if below(*v)), None)
            if bad:
                raise Rejected("optimality", f"vertex {bad} of cell {c} is below the claim {claim}")
    if not cells:
        raise Rejected("cells", "no cells")
    return (f"lottery: {obj} minimum {claim}; {len(cells)} cells cover conv(X) ({len(X)} value "
            f"vectors, dimension {d}), {meeting} meet PS")
