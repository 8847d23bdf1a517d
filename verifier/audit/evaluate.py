"""Deciding claims exactly: compute the quantity or decide the property, compare with what the
source states, and return CONFIRMED, REFUTED (with the exact value and a witness) or UNDECIDED
(with the reason). Every comparison is on Fractions or exact algebraic numbers.

Optimality claims (an optimum, "D is a minimizer", "the unique minimizer", "every minimizer
...") are decided by the exact lottery optimizer ``verifier.optimize.solve`` (issue 6), over all
allocations or, when the claim names them ('over'), over those allocations only
(``solve(..., allocations=...)``); each result's ``method`` names the route:

* lottery optimizer — the optimum is the optimizer's exact value; "D is a minimizer" iff D is
  ex-ante PROP with that value; "the unique minimizer" iff moreover the optimizer proves the
  minimizer unique; "every minimizer is X ex post" iff every allocation realizing a listed
  minimizer is X, when the list is complete (every optimal vertex of a concave objective, or the
  unique minimizer); "every minimizer has / violates Y" by ``every_minimizer_uses``: yes iff no
  ex-ante-PROP distribution avoids Y or the optimum over those is strictly larger (any
  objective).
* identical valuations, sov, only when the optimizer cannot decide (too large) — ex-ante PROP
  forces mu_i = PS for every agent (the means sum to v(M) = n*PS), so Phi(D) = E_D ||v(A) -
  (PS)^n||^2 exactly (the identity behind Lemma 4.1); the minimizers are the ex-ante-PROP
  distributions supported on distance minimizers, and each distance minimizer is in the support
  of one (the uniform lottery over its cyclic shifts).
* comparison, only when the optimizer cannot decide — "D is a minimizer" is refuted by a named
  ex-ante-PROP distribution with a smaller value.
Otherwise the claim is UNDECIDED, never guessed. The audit's own vertex enumeration
(verifier.audit.linalg) decides only claims about the polytope itself: its extreme points
(Appendix B.1), Corollary B.8's structure, uniqueness of an ex-ante-PROP distribution, and the
affine hull for concavity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction

from ..allocation import Allocation, all_allocations
from ..errors import TooLarge
from ..fairness import (distance_minimizers, is_ef, is_ef1, is_efx, is_efx0, is_prop, mms,
                        mms_ratio, squared_distance)
from ..lottery import Lottery, is_ex_ante_prop, means, objective, standard_deviations, variances
from ..numbers import Sqrt, SqrtSum, approx, compare, fmt, to_json_number, value_text
from . import linalg
from .claims import Claim, ClaimsFile
from .expr import evaluate as evaluate_expression

CONFIRMED, REFUTED, UNDECIDED = "CONFIRMED", "REFUTED", "UNDECIDED"
VERTEX_LIMIT = 200_000
OPTIMIZER = "lottery optimizer"


class Points(tuple):
    """A set of points (extreme points), shown as {...}."""


class Undecided(Exception):
    """The claim cannot be decided here; the message is the reason."""


@dataclass(frozen=True)
class Result:
    claim: Claim
    verdict: str
    computed: object = None        # JSON-ready exact value (ints, 'p/q', lists, bools, text)
    computed_text: str = ""
    witness: str = ""
    reason: str = ""
    method: str = ""


# ----------------------------------------------------------------------------- rendering

def text_of(v) -> str:
    if isinstance(v, bool):
        return "holds" if v else "does not hold"
    if isinstance(v, (int, Fraction)):
        return fmt(v)
    if isinstance(v, (SqrtSum, Sqrt)):
        t = value_text(v)
        return t if isinstance(v, SqrtSum) and v.rational() is not None else f"{t} ≈ {approx(v)}"
    if isinstance(v, Points) or (isinstance(v, tuple) and v and isinstance(v[0], tuple)):
        return "{" + ", ".join(text_of(p) for p in v) + "}"
    if isinstance(v, tuple):
        return "(" + ", ".join(text_of(x) for x in v) + ")"
    return str(v)


def json_of(v):
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, Fraction)):
        return to_json_number(v)
    if isinstance(v, SqrtSum) and v.rational() is not None:
        return to_json_number(v.rational())
    if isinstance(v, (SqrtSum, Sqrt)):
        return {"algebraic": value_text(v)}
    if isinstance(v, tuple):
        return [json_of(x) for x in v]
    return str(v)


def _scalar(v):
    return v.rational() if isinstance(v, SqrtSum) and v.rational() is not None else v


# ----------------------------------------------------------------------------- the auditor

@dataclass
class Auditor:
    """Evaluates the claims of one file; caches what several claims share."""

    cf: ClaimsFile
    force: bool = False
    _cache: dict = field(default_factory=dict)

    @property
    def inst(self):
        return self.cf.instance

    def name(self, a: Allocation) -> str:
        return self.cf.allocation_name(a)

    def cached(self, key, fn):
        if key not in self._cache:
            self._cache[key] = fn()
        return self._cache[key]

    def everything(self) -> list[Allocation]:
        try:
            return self.cached("all", lambda: list(all_allocations(self.inst.n, self.inst.m,
                                                                   force=self.force)))
        except TooLarge as e:
            raise Undecided(f"too large: {e.message}") from None

    def over(self, claim: Claim) -> tuple[Allocation, ...]:
        names = claim.params.get("over")
        if names:
            return tuple(self.cf.allocations[x] for x in names)
        return tuple(self.everything())

    def mms_values(self) -> tuple[Fraction, ...]:
        return self.cached("mms", lambda: tuple(mms(self.inst, i).value for i in range(self.inst.n)))

    def min_distance(self):
        try:
            return self.cached("dm", lambda: distance_minimizers(self.inst, force=self.force))
        except TooLarge as e:
            raise Undecided(f"too large: {e.message}") from None

    # -- one allocation ---------------------------------------------------------------------
    def predicate(self, pred: str, a: Allocation, rho: Fraction | None = None) -> tuple[bool, str]:
        """Decide an allocation predicate; the text says why it fails (or the value)."""
        inst = self.inst
        if pred in ("EF", "EF1", "EFX", "EFX0", "PROP"):
            v = {"EF": is_ef, "EF1": is_ef1, "EFX": is_efx, "EFX0": is_efx0, "PROP": is_prop}[pred](inst, a)
            return v.holds, "" if v.holds else _witness(v.witness)
        if pred in ("MMS", "rho-MMS", "MMS ratio at most"):
            r = mms_ratio(inst, a)
            vec = a.value_vector(inst)
            shares = self.mms_values()
            if pred == "MMS ratio at most":
                if r is None:
                    raise Undecided("every MMS_i is 0: the MMS ratio is undefined")
                return r <= rho, f"MMS ratio {fmt(r)}"
            need = Fraction(1) if pred == "MMS" else rho
            for i, (x, s) in enumerate(zip(vec, shares)):
                if x < need * s:
                    return False, f"agent {inst.agents[i]} gets {fmt(x)} < {fmt(need * s)}" + \
                        (f" = {fmt(need)}*MMS" if pred != "MMS" else " = MMS")
            return True, ""
        if pred == "empty bundle":
            empty = [inst.agents[i] for i, b in enumerate(a.bundles) if not b]
            return bool(empty), f"agent {empty[0]} gets nothing" if empty else "no empty bundle"
        if pred == "distance minimizer":
            d, best = squared_distance(inst, a), self.min_distance().distance
            return d == best, f"squared distance {fmt(d)} vs minimum {fmt(best)}"
        raise AssertionError(pred)  # pragma: no cover

    # -- distributions ----------------------------------------------------------------------
    def lottery(self, name: str) -> Lottery:
        return self.cf.distributions[name]

    def point(self, lot: Lottery, over) -> tuple[Fraction, ...] | None:
        """The probability vector of ``lot`` over the allocations ``over`` (None if its support
        leaves them)."""
        p = {a: q for a, q in lot.support}
        if any(a not in over for a in p):
            return None
        return tuple(p.get(a, Fraction(0)) for a in over)

    def point_text(self, p, over) -> str:
        return "{" + ", ".join(f"{self.name(a)}: {fmt(q)}" for a, q in zip(over, p) if q) + "}"

    def value_of(self, obj: str, lot: Lottery):
        return _scalar(objective(obj)(self.inst, lot))

    def vectors(self, over):
        return [a.value_vector(self.inst) for a in over]

    def vertices(self, over):
        def compute():
            try:
                return linalg.prop_polytope_vertices(self.vectors(over), self.inst.proportional_shares,
                                                     VERTEX_LIMIT)
            except OverflowError as e:
                raise Undecided(f"too large for vertex enumeration: {e}") from None
        return self.cached(("vertices", over), compute)

    def known_prop(self, over) -> list[tuple[str, Lottery]]:
        """Named distributions that are ex-ante PROP and live on ``over`` (None: on any
        allocations), the candidates to beat."""
        return [(k, lot) for k, lot in self.cf.distributions.items()
                if is_ex_ante_prop(self.inst, lot).holds
                and (over is None or self.point(lot, over) is not None)]

    def solution(self, obj: str, claim: Claim):
        """The lottery optimizer's optimal Solution over the claim's allocations ('over', else all
        n^m); Undecided when it is too large, unknown or infeasible."""
        names = claim.params.get("over")
        over = tuple(self.cf.allocations[x] for x in names) if names else None
        from ..optimize import solve
        try:
            sol = self.cached(("solve", obj, over),
                              lambda: solve(self.inst, obj, allocations=over, force=self.force))
        except TooLarge as e:
            raise Undecided(f"too large: {e.message}") from None
        if sol.status == "infeasible":
            raise Undecided("no ex-ante-PROP distribution over these allocations")
        if sol.status != "optimal":
            raise Undecided(f"lottery optimizer: {sol.status} ({sol.reason})")
        return sol

    def distribution_text(self, d) -> str:
        """An optimal distribution of the optimizer: the allocations realizing each support
        vector (named where the claims file names them) with the vector's probability."""
        def group(g):
            return self.name(g[0]) + (f" (or {len(g) - 1} more with its value vector)"
                                      if len(g) > 1 else "")
        return "{" + ", ".join(f"{group(g)}: {fmt(p)}" for (p, _), g in zip(d.outcomes, d.allocations)) + "}"


def _witness(w: dict) -> str:
    return ", ".join(f"{k} {v}" for k, v in w.items())


# ----------------------------------------------------------------------------- comparisons

def compare_stated(claim: Claim, value) -> bool:
    s = claim.stated
    if s.relation == "holds":
        return value == s.value
    if s.relation == "=":
        if isinstance(s.value, tuple):
            if not isinstance(value, tuple) or len(value) != len(s.value):
                return False
            if s.value and isinstance(s.value[0], tuple):
                return tuple(sorted(value)) == s.value
            return all(compare(_scalar(a), b) == 0 for a, b in zip(value, s.value))
        if isinstance(value, tuple):
            return False
        return compare(_scalar(value), s.value) == 0
    if isinstance(value, tuple):
        raise Undecided("a bound needs a single number; name an agent")
    if s.relation == "~":
        return approximately(value, s.value, s.digits)
    c = compare(_scalar(value), s.value)
    return {"<": c < 0, "<=": c <= 0, ">": c > 0, ">=": c >= 0}[s.relation]


def floor_scaled(v, scale: int) -> int:
    """floor(v * scale), exactly, for a rational or algebraic v."""
    v = _scalar(v)
    if isinstance(v, (int, Fraction)):
        return (Fraction(v) * scale).__floor__()
    bits = 64
    while True:
        if isinstance(v, SqrtSum):
            lo, hi = v.bounds(bits)
            a, b = (lo * scale).__floor__(), (hi * scale).__floor__()
        else:  # Sqrt(x): floor(sqrt(x) * s) = isqrt(floor(x * s^2)), x enclosed by its bounds
            ilo, ihi = v.inner.bounds(bits)
            a, b = (math.isqrt(max(0, (ilo * scale * scale).__floor__())),
                    math.isqrt(max(0, (ihi * scale * scale).__floor__())))
        if a == b:
            return a
        bits *= 2
        if bits > 1 << 14:
            raise Undecided("could not separate the value from a rounding boundary")


def approximately(v, stated: Fraction, digits: int) -> bool:
    """The stated decimal equals v truncated or rounded (half up) to ``digits`` places."""
    scale = 10 ** digits
    target = stated * scale
    truncated = floor_scaled(v, scale)  # = truncation: the audited values are non-negative
    rounded = (floor_scaled(v, 2 * scale) + 1) // 2
    return target in (truncated, rounded)


# ----------------------------------------------------------------------------- quantities

def _per_agent(claim: Claim, vec):
    i = claim.params.get("agent")
    return vec if i is None else vec[i]


def quantity(au: Auditor, claim: Claim):
    """(value, witness, method) of a quantity claim."""
    inst, p, q = au.inst, claim.params, claim.name
    if q == "PS":
        return _per_agent(claim, inst.proportional_shares), "", ""
    if q == "MMS":
        i = p.get("agent")
        if i is not None:
            s = mms(inst, i)
            return s.value, f"partition {s.partition.text(inst)}", ""
        return au.mms_values(), "", ""
    if q == "total":
        return _per_agent(claim, tuple(inst.total(i) for i in range(inst.n))), "", ""
    if q == "value vector":
        vecs = [au.cf.allocations[x].value_vector(inst) for x in p["of"]]
        return tuple(sum(c, Fraction(0)) for c in zip(*vecs)), "", ""
    if q == "value":
        return au.cf.allocations[p["of"]].value_vector(inst)[p["agent"]], "", ""
    if q == "squared distance":
        a = au.cf.allocations[p["of"]]
        return squared_distance(inst, a), f"value vector {text_of(a.value_vector(inst))}, PS {text_of(inst.proportional_shares)}", ""
    if q == "minimum squared distance":
        dm = au.min_distance()
        return dm.distance, "attained by " + ", ".join(a.text(inst) for a in dm.representatives), ""
    if q in ("mean", "variance", "SD"):
        out = au.lottery(p["of"]).outcomes(inst)
        vec = {"mean": means, "variance": variances, "SD": standard_deviations}[q](out)
        return tuple(_scalar(x) for x in _per_agent(claim, vec)) if p.get("agent") is None \
            else _scalar(_per_agent(claim, vec)), "", ""
    if q == "objective":
        return au.value_of(p["objective"], au.lottery(p["of"])), "", ""
    if q == "objective ratio":
        a, b = (au.value_of(p["objective"], au.lottery(x)) for x in p["of"])
        a, b = _scalar(a), _scalar(b)
        if not (isinstance(a, Fraction) and isinstance(b, Fraction)):
            raise Undecided("ratios of irrational objective values are not supported")
        if b == 0:
            raise Undecided("the denominator's objective is 0")
        return a / b, f"{fmt(a)} / {fmt(b)}", ""
    if q == "MMS ratio":
        name = p["of"]
        allocs = [au.cf.allocations[name]] if name in au.cf.allocations else \
            [a for a, _ in au.lottery(name).support]
        ratios = [(mms_ratio(inst, a), a) for a in allocs]
        if any(r is None for r, _ in ratios):
            raise Undecided("every MMS_i is 0: the MMS ratio is undefined")
        r, a = min(ratios, key=lambda t: t[0])
        return r, f"at {au.name(a)} {text_of(a.value_vector(inst))}, MMS {text_of(au.mms_values())}", ""
    if q == "count":
        pred = p.get("satisfying")
        allocs = au.everything()
        if pred:
            allocs = [a for a in allocs if au.predicate(pred, a, p.get("rho"))[0]]
        if p.get("up_to_permutation"):
            classes = sorted({a.canonical() for a in allocs})
            return len(classes), "orbits: " + "; ".join(a.text(inst) for a in classes[:6]), ""
        return len(allocs), "; ".join(a.text(inst) for a in allocs[:6]) + (" ..." if len(allocs) > 6 else ""), ""
    if q == "permutations":
        orbit = au.cf.allocations[p["of"]].orbit()
        vv = {a.value_vector(inst) for a in orbit}
        return len(orbit), f"{len(vv)} distinct value vectors among them", ""
    if q == "permuted value vectors":
        orbit = au.cf.allocations[p["of"]].orbit()
        vv = sorted({a.value_vector(inst) for a in orbit})
        return len(vv), ", ".join(text_of(v) for v in vv), ""
    if q == "arithmetic":
        return evaluate_expression(p["expr"]), "", ""
    if q == "optimum":
        return optimum(au, claim)
    if q == "tight solution":
        over = au.over(claim)
        zero = {au.cf.allocations[x] for x in p["zero"]}
        free = [j for j, a in enumerate(over) if a not in zero]
        vecs = au.vectors(over)
        rows = [[Fraction(1)] * len(free)] + [[vecs[j][i] for j in free] for i in range(inst.n)]
        kind, sol = linalg.solve_general(rows, [Fraction(1)] + list(inst.proportional_shares))
        if kind != "unique":
            return f"no unique solution ({kind})", f"the system has {'no' if kind == 'none' else 'infinitely many'} solutions", ""
        x = [Fraction(0)] * len(over)
        for j, v in zip(free, sol):
            x[j] = v
        feasible = all(v >= 0 for v in x)
        return tuple(x), "" if feasible else "the solution has a negative probability", ""
    if q == "extreme points":
        over = au.over(claim)
        verts = au.vertices(over)
        return Points(sorted(verts)), f"over ({', '.join(au.name(a) for a in over)})", "vertex enumeration"
    raise AssertionError(q)  # pragma: no cover


# ----------------------------------------------------------------------------- optimality

def _identical_sov(au: Auditor, claim: Claim) -> bool:
    """The identical-valuations route applies: sov over all allocations of an identical instance."""
    return claim.params["objective"] == "sov" and au.inst.is_identical and "over" not in claim.params


def optimum(au: Auditor, claim: Claim):
    obj = claim.params["objective"]
    try:
        sol = au.solution(obj, claim)
    except Undecided:
        if not _identical_sov(au, claim):
            raise
        dm = au.min_distance()
        return dm.distance, "min squared distance (mu_i = PS forced)", "identical valuations"
    return _scalar(sol.value), "attained at " + ", ".join(
        au.distribution_text(d) for d in sol.minimizers), OPTIMIZER


def _support_has(au, pred, rho, allocs, mode) -> tuple[bool, Allocation | None]:
    """mode 'satisfies': every allocation satisfies pred (else the first that does not);
    'violates' / 'has': some allocation violates / satisfies pred."""
    for a in allocs:
        ok = au.predicate(pred, a, rho)[0]
        if mode == "satisfies" and not ok:
            return False, a
        if mode == "violates" and not ok:
            return True, a
        if mode == "has" and ok:
            return True, a
    return mode == "satisfies", None


def every_minimizer(au: Auditor, claim: Claim):
    p = claim.params
    modes = [m for m in ("satisfies", "violates", "has") if m in p]
    if len(modes) != 1:
        raise Undecided("give exactly one of satisfies / violates / has")  # validated again below
    mode, pred, rho, obj = modes[0], p[modes[0]], p.get("rho"), p["objective"]
    try:
        sol = au.solution(obj, claim)
    except Undecided:
        if not _identical_sov(au, claim):
            raise
        return _every_distance_minimizer(au, pred, rho, mode)
    if mode == "satisfies":
        if not sol.complete:
            raise Undecided(f"the optimizer lists only some minimizers of {obj} ({sol.face})")
        for d in sol.minimizers:  # every minimizer is a convex combination of these
            bad = [a for g in d.allocations for a in g if not au.predicate(pred, a, rho)[0]]
            if bad:
                return False, (f"{au.name(bad[0])} is in the support of the minimizer "
                               f"{au.distribution_text(d)}: {au.predicate(pred, bad[0], rho)[1]}"), OPTIMIZER
        return True, f"{len(sol.minimizers)} optimal vertex(es), value {text_of(_scalar(sol.value))}: " + \
            ", ".join(au.distribution_text(d) for d in sol.minimizers), OPTIMIZER
    from ..optimize import every_minimizer_uses
    want = mode == "has"  # 'violates': the allocations failing pred; 'has': those with pred
    named = pred + (f" {fmt(rho)}" if rho is not None else "")
    what = f"{named} allocations" if mode == "violates" else f"allocations without '{named}'"
    over = au.over(claim) if "over" in p else None
    answer, why = every_minimizer_uses(au.inst, obj, lambda a: au.predicate(pred, a, rho)[0] == want,
                                       allocations=over, force=au.force, what=what)
    if answer is None:
        raise Undecided(why)
    return answer, why, OPTIMIZER


def _every_distance_minimizer(au: Auditor, pred, rho, mode):
    """'every minimizer ...' for sov on identical valuations, by the distance minimizers."""
    dm = au.min_distance()
    reps = dm.representatives
    if mode == "satisfies":  # the predicates are invariant under permuting identical agents
        ok, a = _support_has(au, pred, rho, reps, mode)
        return ok, (f"every distance minimizer (squared distance {fmt(dm.distance)}) satisfies {pred}"
                    if ok else f"distance minimizer {a.text(au.inst)} violates {pred}: "
                    f"{au.predicate(pred, a, rho)[1]}"), "identical valuations"
    # 'violates'/'has' must hold for EVERY distance minimizer (each supports a minimizer)
    for r in reps:
        one, _ = _support_has(au, pred, rho, [r], mode)
        if not one:
            return False, f"the uniform lottery over the cyclic shifts of {r.text(au.inst)} is a " \
                f"minimizer without it", "identical valuations"
    return True, f"all {len(reps)} distance minimizer(s) up to permutation, e.g. {reps[0].text(au.inst)}: " + \
        au.predicate(pred, reps[0], rho)[1], "identical valuations"


def minimizer(au: Auditor, claim: Claim, unique: bool):
    p = claim.params
    obj, lot = p["objective"], au.lottery(p["of"])
    over = au.over(claim) if "over" in p else None  # None: all allocations
    if not is_ex_ante_prop(au.inst, lot).holds:
        return False, f"{p['of']} is not ex-ante PROP: {_witness(is_ex_ante_prop(au.inst, lot).witness)}", ""
    if over is not None and au.point(lot, over) is None:
        return False, f"{p['of']} is not a distribution over the listed allocations", ""
    value = au.value_of(obj, lot)
    try:
        sol = au.solution(obj, claim)
    except Undecided:
        for name, cand in au.known_prop(over):  # a refutation needs no optimum
            vc = au.value_of(obj, cand)
            if compare(vc, value) < 0:
                return False, f"{name} has {obj} {text_of(vc)} < {text_of(value)}", "comparison"
        if unique or not _identical_sov(au, claim):
            raise
        dm = au.min_distance()
        return compare(value, dm.distance) == 0, f"{obj} {text_of(value)}, minimum {fmt(dm.distance)}", \
            "identical valuations"
    best = _scalar(sol.value)
    if compare(value, best) > 0:
        return False, f"{obj} {text_of(value)} > the optimum {text_of(best)}, attained at " + \
            ", ".join(au.distribution_text(d) for d in sol.minimizers), OPTIMIZER
    if not unique:
        return True, f"{obj} {text_of(value)} = the optimum", OPTIMIZER
    if sol.unique is None:
        raise Undecided(f"{p['of']} is optimal; the optimizer did not decide uniqueness ({sol.face})")
    if sol.unique:  # D attains the optimum, so it is the only minimizer
        return True, f"the only minimizer; {obj} {text_of(value)}", OPTIMIZER
    return False, f"{len(sol.minimizers)} optimal vertex(es): " + ", ".join(
        au.distribution_text(d) for d in sol.minimizers) + (f"; {sol.face}" if sol.face else ""), OPTIMIZER


# ----------------------------------------------------------------------------- properties

def prop(au: Auditor, claim: Claim):
    """(holds, witness, method) of a property claim."""
    inst, p, name = au.inst, claim.params, claim.name
    from .vocabulary import ALLOCATION_PREDICATES
    if name in ALLOCATION_PREDICATES:
        of = p["of"]
        rho = p.get("rho")
        if name in ("rho-MMS", "MMS ratio at most") and rho is None:
            raise Undecided("give rho")
        if of in au.cf.allocations:
            ok, why = au.predicate(name, au.cf.allocations[of], rho)
            return ok, why, ""
        for a, _ in au.lottery(of).support:  # ex post: every allocation in the support
            ok, why = au.predicate(name, a, rho)
            if not ok:
                return False, f"{au.name(a)} in the support: {why}", ""
        return True, "every allocation in the support", ""
    if name == "ex-ante PROP":
        v = is_ex_ante_prop(inst, au.lottery(p["of"]))
        mu = means(au.lottery(p["of"]).outcomes(inst))
        return v.holds, f"means {text_of(mu)}, PS {text_of(inst.proportional_shares)}", ""
    if name == "extreme point":
        over = au.over(claim)
        pt = au.point(au.lottery(p["of"]), over)
        if pt is None:
            return False, "not a distribution over the listed allocations", ""
        vecs = au.vectors(over)
        if not linalg.in_prop_polytope(pt, vecs, inst.proportional_shares):
            mu = means(au.lottery(p["of"]).outcomes(inst))
            return False, f"not ex-ante PROP: means {text_of(mu)}, PS {text_of(inst.proportional_shares)}", ""
        ok = linalg.is_vertex(pt, vecs, inst.proportional_shares)
        return ok, "tight constraints of full rank" if ok else "tight constraints of deficient rank", ""
    if name == "unique ex-ante PROP":
        over = au.over(claim)
        verts = au.vertices(over)
        pt = au.point(au.lottery(p["of"]), over)
        if verts == [pt]:
            return True, "the ex-ante-PROP polytope over them is this single point", "vertices"
        return False, "ex-ante-PROP vertices: " + (", ".join(au.point_text(v, over) for v in verts) or "none"), "vertices"
    if name in ("minimizer", "unique minimizer"):
        return minimizer(au, claim, name == "unique minimizer")
    if name == "every minimizer":
        return every_minimizer(au, claim)
    if name == "unique up to permutation":
        if p["of"] == "distance minimizers":
            dm = au.min_distance()
            classes = sorted({a.canonical() for a in dm.all()})
        else:
            classes = sorted({a.canonical() for a in au.everything() if au.predicate("MMS", a)[0]})
        ok = len(classes) == 1
        rep = p.get("representative")
        if ok and rep:
            ok = au.cf.allocations[rep].canonical() == classes[0]
        return ok, f"{len(classes)} orbit(s): " + "; ".join(a.text(inst) for a in classes[:6]), ""
    if name == "normalized":
        return inst.is_normalized, "totals " + text_of(tuple(inst.total(i) for i in range(inst.n))), ""
    if name == "identical":
        return inst.is_identical, "", ""
    if name == "positive values":
        zero = [(i, g) for i in range(inst.n) for g in range(inst.m) if inst.valuations[i][g] <= 0]
        return not zero, (f"v_{inst.agents[zero[0][0]]}({inst.goods[zero[0][1]]}) = 0" if zero else ""), ""
    if name == "good above half":
        goods = [inst.goods[g] for g in range(inst.m)
                 if all(inst.valuations[i][g] * 2 > inst.total(i) for i in range(inst.n))]
        return bool(goods), ("good " + ", ".join(goods)) if goods else "no such good", ""
    if name == "PROP allocation exists":
        found = next((a for a in au.everything() if is_prop(inst, a).holds), None)
        return found is not None, f"{found.text(inst)}" if found else "no allocation is proportional", ""
    if name == "Lemma 6.1 hypotheses":
        checks = [("two agents", inst.n == 2), ("two goods", inst.m == 2),
                  ("non-zero values", all(x > 0 for row in inst.valuations for x in row)),
                  ("normalized", inst.is_normalized),
                  ("a good both value above half", any(all(inst.valuations[i][g] * 2 > inst.total(i)
                                                         for i in range(inst.n)) for g in range(inst.m)))]
        failed = [k for k, ok in checks if not ok]
        return not failed, ("fails: " + ", ".join(failed)) if failed else "all five hold", ""
    if name == "extreme point structure":
        over = au.over(claim)
        vecs, shares = au.vectors(over), inst.proportional_shares
        for v in au.vertices(over):
            zeros = sum(1 for x in v if x == 0)
            tight = sum(1 for i in range(inst.n)
                        if sum((q * x[i] for q, x in zip(v, vecs)), Fraction(0)) == shares[i])
            if not ((tight >= 1 and zeros >= 2) or (tight == inst.n and zeros >= 1)):
                return False, f"vertex {au.point_text(v, over)}: {tight} tight PS constraint(s), {zeros} zero(s)", "vertices"
        return True, f"all {len(au.vertices(over))} vertices", "vertices"
    if name in ("positive definite", "positive semidefinite", "negative definite",
                "negative semidefinite", "strongly concave", "concave"):
        return definiteness(au, claim)
    raise AssertionError(name)  # pragma: no cover


def hessian(au: Auditor, claim: Claim, over) -> tuple[tuple[Fraction, ...], ...]:
    """Hessian in p of Phi(p) = p^T s - sum_i (p^T x_i)^2 (proof of Lemma B.2): -2 sum_i x_i x_i^T,
    x_i = agent i's values over the allocations (divided by v_i(M) for sovor)."""
    obj = claim.params.get("objective", "sov")
    if obj not in ("sov", "sovor"):
        raise Undecided(f"Hessians are implemented for sov and sovor, not {obj}")
    inst, k = au.inst, len(over)
    xs = [tuple(a.value_vector(inst)[i] / (inst.total(i) if obj == "sovor" and inst.total(i) else 1)
                for a in over) for i in range(inst.n)]
    return tuple(tuple(-2 * sum((x[r] * x[c] for x in xs), Fraction(0)) for c in range(k)) for r in range(k))


def definiteness(au: Auditor, claim: Claim):
    p, name, over = claim.params, claim.name, au.over(claim)
    if name in ("strongly concave", "concave"):
        h = hessian(au, claim, over)
        verts = au.vertices(over)
        if len(verts) < 2:
            return True, "the polytope is a single point", "vertices"
        basis = linalg.span_basis([tuple(a - b for a, b in zip(v, verts[0])) for v in verts[1:]])
        cls, w = linalg.definiteness(linalg.restrict(h, basis))
        d = linalg.combine(basis, w) if w is not None else None
        ok = cls == "negative definite" if name == "strongly concave" else cls.startswith("negative")
        text = f"on the {len(basis)}-dimensional affine hull of the ex-ante-PROP polytope the Hessian is {cls}"
        if d is not None and cls != "negative definite":
            text += f"; Phi is affine along d = {text_of(d)} (d^T H d = 0)"
        return ok, text, "exact LDL^T"
    if p["matrix"] == "Hessian":
        m = hessian(au, claim, over)
        what = "Hessian"
    else:
        if "agent" not in p:
            raise Undecided("'x x^T' needs 'agent'")
        x = [a.value_vector(au.inst)[p["agent"]] for a in over]
        m = tuple(tuple(xr * xc for xc in x) for xr in x)
        what = f"x x^T for x = {text_of(tuple(x))}"
    cls, w = linalg.definiteness(m)
    ok = cls == name or (name.endswith("semidefinite") and cls == name.replace("semidefinite", "definite"))
    r = linalg.rank(m)
    text = f"{what} ({len(m)}x{len(m)}, rank {r}) is {cls}"
    if w is not None:
        text += f"; x^T M x = 0 at x = {text_of(w)}"
    return ok, text, "exact LDL^T"


# ----------------------------------------------------------------------------- one claim

def decide(au: Auditor, claim: Claim) -> Result:
    try:
        if claim.kind == "quantity":
            value, witness, method = quantity(au, claim)
            if isinstance(value, str):  # no value exists (e.g. a singular system)
                return Result(claim, REFUTED, value, value, witness, "", method)
        else:
            value, witness, method = prop(au, claim)
        ok = compare_stated(claim, value)
        text = text_of(value)
        if claim.stated.relation == "~" and isinstance(_scalar(value), (int, Fraction)):
            text += f" ≈ {approx(_scalar(value))}"
        return Result(claim, CONFIRMED if ok else REFUTED, json_of(value), text, witness, "", method)
    except Undecided as e:
        return Result(claim, UNDECIDED, None, "", "", str(e), "")
    except TooLarge as e:
        return Result(claim, UNDECIDED, None, "", "", f"too large: {e.message}", "")
