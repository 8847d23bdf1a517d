"""Pictures users would rather look at than read (issue 7), drawn from exact data.

``figure1(inst)``: the paper's Figure 1 (Section 4.2) drawn to scale for any 3-agent
identical-valuation instance. The plane x1 + x2 + x3 = v(M) holding every value vector is drawn
isometrically (orthonormal coordinates centred at the proportional-share point (PS)^3), so the
circles through the distance minimizers (Corollary 4.2) and through the MMS allocations
(Definition 2.2) have their true radii.

``lottery_plot(inst, objective)``: for 2 agents, the value vectors of all allocations, the
ex-ante-PROP region (means in the convex hull with mu_i >= PS_i, Section 2.3), and the support
and mean of each optimal distribution from verifier.optimize.solve.

Every plotted artist carries a gid naming what it shows; the exact data it was drawn from is
returned alongside the figure (``Drawing.data``) so tests can compare the two.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Circle, Polygon  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from .allocation import all_allocations, canonical_allocations  # noqa: E402
from .errors import InputError  # noqa: E402
from .fairness import distance_minimizers, mms, squared_distance  # noqa: E402
from .instance import Instance  # noqa: E402
from .numbers import approx, fmt, value_text  # noqa: E402

FORMATS = (".png", ".svg")


@dataclass
class Drawing:
    figure: object
    data: dict = field(default_factory=dict)   # exact data per gid

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        if path.suffix.lower() not in FORMATS:
            raise InputError(f"output must end in {' or '.join(FORMATS)}", file=str(path))
        self.figure.savefig(path, dpi=150, bbox_inches="tight")
        plt.close(self.figure)
        return path


def plane_xy(vec, ps) -> tuple[float, float]:
    """Isometric coordinates in the plane sum = 3 PS, centred at (PS, PS, PS):
    e1 = (1, -1, 0)/sqrt 2, e2 = (1, 1, -2)/sqrt 6."""
    a, b, c = (float(x - ps) for x in vec)
    return (a - b) / math.sqrt(2), (a + b - 2 * c) / math.sqrt(6)


def figure1(inst: Instance, *, show_all: bool = True) -> Drawing:
    """Figure 1 to scale: all value vectors (grey), the distance minimizers with the circle of
    radius sqrt(min ||v(P) - (PS)^3||^2), the MMS allocations with their circle(s), (PS)^3."""
    if inst.n != 3 or not inst.is_identical:
        raise InputError("Figure 1 is for 3 agents with identical valuations "
                         f"(this instance: {inst.n} agents, "
                         f"{'identical' if inst.is_identical else 'non-identical'})")
    ps = inst.proportional_share(0)
    total = inst.total(0)
    share = mms(inst, 0).value
    dm = distance_minimizers(inst)
    # identical valuations: every allocation's vector is a permutation of a canonical one
    vectors = sorted({p for a in canonical_allocations(3, inst.m)
                      for p in itertools.permutations(a.value_vector(inst))})
    minimizer_vecs = sorted({a.value_vector(inst) for r in dm.representatives for a in r.orbit()})
    mms_allocs = [a for a in canonical_allocations(3, inst.m) if min(a.value_vector(inst)) == share]
    mms_vecs = sorted({b.value_vector(inst) for a in mms_allocs for b in a.orbit()})
    mms_dists = sorted({squared_distance(inst, v) for v in mms_vecs})

    fig, ax = plt.subplots(figsize=(7, 6.4))
    corners = [plane_xy(v, ps) for v in ((total, 0, 0), (0, total, 0), (0, 0, total))]
    ax.add_patch(Polygon(corners, closed=True, fill=False, lw=1, color="black", gid="simplex"))
    for (x, y), lab in zip(corners, ("v(A_1) = v(M)", "v(A_2) = v(M)", "v(A_3) = v(M)")):
        ax.annotate(lab, (x, y), fontsize=8, ha="center", va="bottom" if y > 0 else "top")
    data = {"simplex": [(total, 0, 0), (0, total, 0), (0, 0, total)], "PS": (ps, ps, ps),
            "distance_minimizers": minimizer_vecs, "mms_allocations": mms_vecs,
            "min_squared_distance": dm.distance, "mms_squared_distances": mms_dists,
            "MMS": share}
    if show_all:
        others = [v for v in vectors if v not in minimizer_vecs and v not in mms_vecs]
        data["other_allocations"] = others
        if others:
            xs, ys = zip(*(plane_xy(v, ps) for v in others))
            ax.plot(xs, ys, ".", color="0.75", ms=3, gid="other_allocations",
                    label="other allocations")
    r_min = math.sqrt(dm.distance)
    ax.add_patch(Circle((0, 0), r_min, fill=True, alpha=0.12, color="tab:blue", lw=1.2,
                        gid="circle_distance_minimizers",
                        label=f"min distance^2 = {fmt(dm.distance)}"))
    for k, d in enumerate(mms_dists):
        ax.add_patch(Circle((0, 0), math.sqrt(d), fill=False, ls="--", color="tab:red", lw=1.2,
                            gid=f"circle_mms_{k}", label=f"MMS allocation distance^2 = {fmt(d)}"))
    xs, ys = zip(*(plane_xy(v, ps) for v in minimizer_vecs))
    ax.plot(xs, ys, "o", color="tab:blue", ms=7, gid="distance_minimizers",
            label=f"distance minimizers (min bundle {fmt(min(minimizer_vecs[0]))})")
    xs, ys = zip(*(plane_xy(v, ps) for v in mms_vecs))
    ax.plot(xs, ys, "s", color="tab:red", ms=6, mfc="none", mew=1.5, gid="mms_allocations",
            label=f"MMS allocations (MMS = {fmt(share)})")
    ax.plot([0], [0], "k*", ms=10, gid="PS", label=f"(PS, PS, PS), PS = {fmt(ps)}")
    for v in minimizer_vecs + mms_vecs:
        x, y = plane_xy(v, ps)
        left = x < 0   # labels point away from the centre so neighbours do not overlap
        ax.annotate("(" + ", ".join(fmt(t) for t in v) + ")", (x, y), fontsize=6,
                    xytext=(-4 if left else 4, 4), textcoords="offset points",
                    ha="right" if left else "left")
    ax.set_aspect("equal")
    reach = max(r_min, *(math.sqrt(d) for d in mms_dists)) * 1.6
    ax.set_xlim(-reach, reach)
    ax.set_ylim(-reach, reach)
    for axis in (ax.xaxis, ax.yaxis):   # few ticks: large values must not overlap
        axis.set_major_locator(MaxNLocator(5))
    ax.set_xlabel("(v(A_1) - v(A_2)) / sqrt 2")
    ax.set_ylabel("(v(A_1) + v(A_2) - 2 v(A_3)) / sqrt 6")
    ratio = max(min(v) for v in minimizer_vecs) / share
    ax.set_title(f"{inst.name or 'instance'}: Figure 1 to scale (Section 4.2)\n"
                 f"best distance minimizer gives {fmt(ratio)} ~ {approx(ratio, 4)} of the MMS",
                 fontsize=9)
    ax.legend(fontsize=7, loc="upper right")
    data["ratio"] = ratio
    return Drawing(fig, data)


# ------------------------------------------------------------------------ 2-agent lotteries

def _hull(points):
    """Convex hull (counter-clockwise, exact Fractions), Andrew's monotone chain."""
    pts = sorted(set(points))
    if len(pts) <= 2:
        return pts

    def cross(o, a, b):
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])
    lower, upper = [], []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    return lower[:-1] + upper[:-1]


def _clip(poly, axis: int, bound: Fraction):
    """Exact Sutherland-Hodgman clip of a polygon to {p[axis] >= bound}."""
    out = []
    for k, p in enumerate(poly):
        q = poly[(k + 1) % len(poly)]
        pin, qin = p[axis] >= bound, q[axis] >= bound
        if pin:
            out.append(p)
        if pin != qin:
            t = (bound - p[axis]) / (q[axis] - p[axis])
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def prop_region(inst: Instance) -> list[tuple[Fraction, Fraction]]:
    """The ex-ante-PROP region of means: conv{v(A)} intersected with mu_i >= PS_i (exact)."""
    hull = _hull([a.value_vector(inst) for a in all_allocations(2, inst.m)])
    for i in range(2):
        hull = _clip(hull, i, inst.proportional_share(i)) if hull else hull
    return hull


def lottery_plot(inst: Instance, objective: str = "sov") -> Drawing:
    """Value vectors, the ex-ante-PROP region and each optimal distribution's support and mean."""
    if inst.n != 2:
        raise InputError(f"the lottery plot is for 2 agents (this instance has {inst.n})")
    from .optimize import solve
    sol = solve(inst, objective)
    vecs = sorted({a.value_vector(inst) for a in all_allocations(2, inst.m)})
    region = prop_region(inst)
    fig, ax = plt.subplots(figsize=(6.4, 6))
    xs, ys = zip(*((float(x), float(y)) for x, y in vecs))
    ax.plot(xs, ys, "o", color="0.45", ms=5, gid="value_vectors", label="v(A), all allocations")
    hull = _hull(vecs)
    ax.add_patch(Polygon([(float(x), float(y)) for x, y in hull], closed=True, fill=False,
                         color="0.6", ls=":", gid="hull"))
    if region:
        ax.add_patch(Polygon([(float(x), float(y)) for x, y in region], closed=True, alpha=0.25,
                             color="tab:green", gid="prop_region", label="ex-ante PROP means"))
    ps = inst.proportional_shares
    ax.axvline(float(ps[0]), color="tab:green", lw=0.8, ls="--", gid="PS_1")
    ax.axhline(float(ps[1]), color="tab:green", lw=0.8, ls="--", gid="PS_2")
    data = {"value_vectors": vecs, "prop_region": region, "PS": ps, "hull": hull,
            "status": sol.status, "value": sol.value, "minimizers": []}
    for k, d in enumerate(sol.minimizers):
        sup = [vec for _, vec in d.outcomes]
        data["minimizers"].append({"support": sup, "probabilities": [p for p, _ in d.outcomes],
                                   "mean": d.mean})
        sx, sy = zip(*((float(x), float(y)) for x, y in sup))
        ax.plot(sx, sy, "D", ms=9, mfc="none", mew=1.8, color=f"C{k % 10}",
                gid=f"support_{k}", label=f"minimizer {k + 1}: support")
        mx, my = (float(t) for t in d.mean)
        for (x, y), (p, _) in zip(zip(sx, sy), d.outcomes):
            ax.plot([mx, x], [my, y], color=f"C{k % 10}", lw=0.8, alpha=0.6)
            ax.annotate(f"p={fmt(p)}", (x, y), fontsize=7, xytext=(5, -10), textcoords="offset points")
        ax.plot([mx], [my], "*", ms=13, color=f"C{k % 10}", gid=f"mean_{k}",
                label=f"minimizer {k + 1}: mean ({fmt(d.mean[0])}, {fmt(d.mean[1])})")
    ax.set_xlabel(f"v_1(A_1)  [{inst.agents[0]}]")
    ax.set_ylabel(f"v_2(A_2)  [{inst.agents[1]}]")
    head = (f"optimum {value_text(sol.value)}" if sol.status == "optimal"
            else f"status {sol.status}: {sol.reason}")
    ax.set_title(f"{inst.name or 'instance'}: minimize {objective} over ex-ante PROP\n{head}",
                 fontsize=9)
    ax.set_aspect("equal", adjustable="datalim")
    ax.legend(fontsize=7, loc="best")
    return Drawing(fig, data)
