"""Kernel check of "lottery" certificates: an ex-ante proportional distribution and the proof
that it minimizes SoV, SoVoR (Section 2.4) or the sum of SDs (Section 6) over ALL ex-ante
proportional distributions. Standard library only; the kernel derives the value vectors itself.

Global optimality of SoV/SoVoR ("regular-subdivision"): cells are simplices of value vectors.
(1) Coverage of conv(X): each ridge lies in two cells on opposite sides, or in one cell with all
of X on its side. (2) For each cell T meeting {mu >= PS}: its lift h_T (affine, = ||t||^2 at T's
vertices) satisfies h_T(x) <= ||x||^2 for every x in X, so Phi(p) >= h_T(mu) - ||mu||^2 for every
p with mean mu; that bound is concave, so it is checked at the vertices of P supported on T,
which the kernel enumerates. "vertex-enumeration" (concave objectives): every vertex of P is
enumerated by the kernel and none is below the claimed optimum.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import comb, isqrt, lcm

from .base import Rejected

MAX_ALLOCATIONS = 1_000_000
MAX_SYSTEMS = 3_000_000


def _q(x, where):
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise Rejected(where, "expected an integer or 'p/q' string", found=x)
    try:
        return Fraction(x)
    except (ValueError, ZeroDivisionError):
        raise Rejected(where, "not an exact number", found=x) from None


def _solve(rows, rhs):
    k = len(rows)
    a = [[Fraction(v) for v in r] + [Fraction(b)] for r, b in zip(rows, rhs)]
    for c in range(k):
        piv = next((r for r in range(c, k) if a[r][c] != 0), None)
        if piv is None:
            return None
        a[c], a[piv] = a[piv], a[c]
        for r in range(k):
            if r != c and a[r][c] != 0:
                f = a[r][c] / a[c][c]
                a[r] = [x - f * y for x, y in zip(a[r], a[c])]
    return [a[r][k] / a[r][r] for r in range(k)]


def _det(m):
    m = [[Fraction(x) for x in r] for r in m]
    out = Fraction(1)
    for c in range(len(m)):
        piv = next((r for r in range(c, len(m)) if m[r][c] != 0), None)
        if piv is None:
            return Fraction(0)
        if piv != c:
            m[c], m[piv], out = m[piv], m[c], -out
        out *= m[c][c]
        for r in range(c + 1, len(m)):
            f = m[r][c] / m[c][c]
            m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return out


def _rank(rows):
    rows, r = [[Fraction(x) for x in row] for row in rows], 0
    for c in range(len(rows[0]) if rows else 0):
        piv = next((i for i in range(r, len(rows)) if rows[i][c] != 0), None)
        if piv is not None:
            rows[r], rows[piv] = rows[piv], rows[r]
            for i in range(r + 1, len(rows)):
                f = rows[i][c] / rows[r][c]
                rows[i] = [x - f * y for x, y in zip(rows[i], rows[r])]
            r += 1
    return r


def _vertices(X, ps, support):
    """Vertices of P = {p >= 0, sum p = 1, sum p x >= PS} with support inside ``support``."""
    n, out = len(ps), set()
    for size in range(1, min(n + 1, len(support)) + 1):
        for s in itertools.combinations(sorted(support), size):
            for act in itertools.combinations(range(n), size - 1):
                p = _solve([[1] * size] + [[X[j][i] for j in s] for i in act],
                           [1] + [ps[i] for i in act])
                if p and all(q > 0 for q in p) and all(
                        sum(q * X[j][i] for q, j in zip(p, s)) >= ps[i] for i in range(n)):
                    out.add((s, tuple(p)))
    return out


def _variances(X, s, p):
    n = len(X[0])
    mu = [sum(q * X[j][i] for q, j in zip(p, s)) for i in range(n)]
    return [sum(q * X[j][i] ** 2 for q, j in zip(p, s)) - mu[i] ** 2 for i in range(n)]


def _sqrt_sum_sign(terms):
    """Exact sign of sum c*sqrt(r) (rational c, r >= 0): merge r, r' with r*r' a square (then the
    remaining roots are linearly independent), then refine integer enclosures."""
    groups = {}
    for c, r in terms:
        key = next((k for k in groups if isqrt(k * r.numerator * r.denominator) ** 2
                    == k * r.numerator * r.denominator), None)
        if r == 0:
            continue
        if key is None:
            key = r.numerator * r.denominator
            groups[key] = Fraction(0)
        groups[key] += c * Fraction(isqrt(key * r.numerator * r.denominator), key * r.denominator)
    if all(c == 0 for c in groups.values()):
        return 0
    bits = 32
    while True:
        s = 1 << bits
        lo = sum(c * Fraction(isqrt(k * s * s) + (c < 0), s) for k, c in groups.items())
        hi = sum(c * Fraction(isqrt(k * s * s) + (c > 0), s) for k, c in groups.items())
        if lo > 0 or hi < 0:
            return 1 if lo > 0 else -1
        bits *= 2


def check(cert: dict) -> str:
    obj = cert.get("objective")
    if obj not in ("sov", "sovor", "sum-sd"):
        raise Rejected("objective", "not certifiable here", expected="sov | sovor | sum-sd", found=obj)
    rows = [[_q(x, "instance") for x in r] for r in cert["instance"]["valuations"]]
    n, m = len(rows), len(rows[0])
    if n < 1 or any(len(r) != m for r in rows) or any(x < 0 for r in rows for x in r):
        raise Rejected("instance", "valuations must be a non-empty matrix of non-negative numbers")
    if n ** m > MAX_ALLOCATIONS:
        raise Rejected("instance", "too many allocations", expected=MAX_ALLOCATIONS, found=n ** m)
    tot = [sum(r) for r in rows]
    scale = [1 / t if obj == "sovor" and t else Fraction(1) for t in tot]
    vec = lambda owner: tuple(sum(rows[i][g] for g in range(m) if owner[g] == i) * scale[i]
                              for i in range(n))
    X = sorted({vec(o) for o in itertools.product(range(n), repeat=m)})
    ps = [t * s / n for t, s in zip(tot, scale)]
    # the witness distribution: exact, feasible, with the claimed value
    probs = {}
    for k, item in enumerate(cert["distribution"]):
        owner = tuple(item["allocation"])
        if len(owner) != m or any(type(i) is not int or not 0 <= i < n for i in owner):
            raise Rejected(f"distribution[{k}]", "allocation must list an agent 0..n-1 per good")
        p = _q(item["probability"], f"distribution[{k}]")
        if p <= 0:
            raise Rejected(f"distribution[{k}]", "probability must be positive", found=p)
        x = X.index(vec(owner))
        probs[x] = probs.get(x, 0) + p
    s, p = tuple(sorted(probs)), tuple(probs[j] for j in sorted(probs))
    if sum(p) != 1:
        raise Rejected("distribution", "probabilities must sum to 1", found=sum(p))
    mu = [sum(q * X[j][i] for q, j in zip(p, s)) for i in range(n)]
    if any(a < b for a, b in zip(mu, ps)):
        raise Rejected("distribution", "not ex-ante proportional", expected=ps, found=mu)
    var = _variances(X, s, p)
    proof = cert["proof"]
    if obj == "sum-sd":
        if proof.get("method") != "vertex-enumeration":
            raise Rejected("proof", "sum-sd needs method vertex-enumeration", found=proof.get("method"))
        if sum(comb(len(X), k) * comb(n, k - 1) for k in range(1, n + 2)) > MAX_SYSTEMS:
            raise Rejected("proof", "too many supports to enumerate", expected=MAX_SYSTEMS)
        verts = _vertices(X, ps, range(len(X)))
        for vs, vp in verts:
            terms = [(Fraction(1), v) for v in _variances(X, vs, vp)] + [(Fraction(-1), v) for v in var]
            if _sqrt_sum_sign(terms) < 0:
                raise Rejected("proof", f"vertex on support {vs} has a smaller sum of SDs")
        return (f"lottery: sum of SDs = sum sqrt({', '.join(map(str, var))}) is the minimum over "
                f"{len(verts)} vertices of P ({len(X)} value vectors)")
    value = _q(cert["value"], "value")
    if sum(var) != value:
        raise Rejected("value", "the distribution's sum of variances", expected=value, found=sum(var))
    if proof.get("method") != "regular-subdivision":
        raise Rejected("proof", "sov/sovor need method regular-subdivision", found=proof.get("method"))
    if [[_q(x, "points") for x in pt] for pt in proof["points"]] != [list(x) for x in X]:
        raise Rejected("points", "must be the sorted distinct value vectors of the instance")
    den = lcm(*(x.denominator for x in itertools.chain(*X)))
    Xi = [[int(x * den) for x in pt] for pt in X]
    diffs = [[a - b for a, b in zip(x, Xi[0])] for x in Xi[1:]]
    d = _rank(diffs)
    coords = next(c for c in itertools.combinations(range(n), d)
                  if _rank([[r[i] for i in c] for r in diffs]) == d)
    Y = [[x[i] for i in coords] for x in Xi]
    Z = [sum(v * v for v in x) for x in Xi]
    cells = [tuple(c) for c in proof["cells"]]
    ridges = {}
    for c in cells:
        if len(c) != d + 1 or len(set(c)) != d + 1 or any(type(k) is not int or not 0 <= k < len(X) for k in c):
            raise Rejected("cells", f"cell {c} must be {d + 1} distinct point indices")
        for k in c:
            ridges.setdefault(tuple(sorted(set(c) - {k})), []).append(k)
    if not cells:
        raise Rejected("cells", "no cells")
    def plane(r):  # (c, c0) with c.q + c0 = det[r1 - r0, ..., q - r0]
        base = [[a - b for a, b in zip(Y[k], Y[r[0]])] for k in r[1:]]
        c = [int(_det(base + [[int(i == j) for j in range(d)]])) for i in range(d)]
        return c, -sum(a * b for a, b in zip(c, Y[r[0]]))
    for r, opp in ridges.items():
        c, c0 = plane(r)
        side = lambda y: sum(a * b for a, b in zip(c, y)) + c0 if d else 1
        sides = [side(Y[k]) for k in opp]
        if len(opp) > 2 or 0 in sides or (len(opp) == 2 and sides[0] * sides[1] > 0):
            raise Rejected("coverage", f"ridge {r} is not shared by two cells on opposite sides")
        if len(opp) == 1 and any(side(y) * sides[0] < 0 for y in Y):
            raise Rejected("coverage", f"boundary ridge {r} has points of X on both sides")
    meeting = 0
    for c in cells:
        # a cell all of whose vertices are below PS_i in some coordinate misses {mu >= PS}
        far = any(all(X[k][i] < ps[i] for k in c) for i in range(n))
        verts = set() if far else _vertices(X, ps, c)
        if not verts:
            continue
        meeting += 1
        h = _solve([Y[k] + [1] for k in c], [Z[k] for k in c])
        if h is None:
            raise Rejected("cells", f"cell {c} is affinely dependent")
        if any(sum(a * b for a, b in zip(h, y + [1])) > z for y, z in zip(Y, Z)):
            raise Rejected("lift", f"cell {c}: its lift is above a lifted value vector")
        for vs, vp in verts:
            low = sum(_variances(X, vs, vp))
            if low < value:
                raise Rejected("optimality", f"vertex on support {vs} of cell {c} has value {low}",
                               expected=f">= {value}", found=low)
    return (f"lottery: {obj} minimum {value} of an ex-ante PROP distribution; {len(cells)} cells "
            f"cover conv(X) ({len(X)} value vectors, dimension {d}); {meeting} meet PS")
