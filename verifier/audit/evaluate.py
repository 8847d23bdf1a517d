"""Deciding claims exactly: compute the quantity or decide the property, compare with what the
source states, and return CONFIRMED, REFUTED (with the exact value and a witness) or UNDECIDED
(with the reason). Every comparison is on Fractions or exact algebraic numbers.

Optimality claims ("the unique minimizer", "every minimizer ...") are decided by one of these
exact routes, named in each result's ``method``:

* vertices — for the concave objectives (sov, sovor, sum-sd: every Var_i is concave in the
  probabilities p, and sqrt is concave and increasing), the minimum over the ex-ante-PROP polytope
  is attained at a vertex, and every minimizer lies in the relative interior of a face whose
  vertices are all optimal. Hence: the optimum is the least vertex value; the minimizer is unique
  iff exactly one vertex is optimal; every minimizer satisfies X ex post iff every optimal vertex
  does; every minimizer has an allocation with Y in its support iff every optimal vertex has.
* identical valuations, sov — ex-ante PROP forces mu_i = PS for every agent (the means sum to
  v(M) = n*PS), so Phi(D) = E_D ||v(A) - (PS)^n||^2 exactly (the identity behind Lemma 4.1); the
  minimizers are the ex-ante-PROP distributions supported on distance minimizers, and each
  distance minimizer is in the support of one (the uniform lottery over its cyclic shifts).
* exclusion — "every minimizer has Y in its support" holds when the ex-ante-PROP distributions
  without Y form a single point q (or none) and a named ex-ante-PROP distribution beats q.
* the lottery optimizer ``verifier.optimize.solve`` when it is installed.
Otherwise the claim is UNDECIDED, never guessed.
"""

from __future__ import annotations

import functools
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
CONCAVE = ("sov", "sovor", "sum-sd")
VERTEX_LIMIT = 200_000


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
    use_optimizer: bool = True
    only_optimizer: bool = False   # for cross-checks: decide optimality by the optimizer alone
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

    def all_allocations_over(self, claim: Claim) -> bool:
        """The claim is about all allocations (no 'over', or 'over' lists every one of them)."""
        names = claim.params.get("over")
        if not names:
            return True
        return len({self.cf.allocations[x] for x in names}) == self.inst.n ** self.inst.m

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

    def lottery_of_point(self, p, over) -> Lottery:
        return Lottery.of([(a, q) for a, q in zip(over, p) if q > 0])

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
        """Named distributions that are ex-ante PROP and live on ``over`` (candidates to beat)."""
        return [(k, lot) for k, lot in self.cf.distributions.items()
                if is_ex_ante_prop(self.inst, lot).holds and self.point(lot, over) is not None]

    def optimum_by_vertices(self, obj: str, over):
        """(value, optimal vertices) for a concave objective; Undecided otherwise."""
        if obj not in CONCAVE:
            raise Undecided(f"objective {obj} is not concave in p: no exact route without the "
                            "lottery optimizer")
        verts = self.vertices(over)
        if not verts:
            raise Undecided("no ex-ante-PROP distribution over these allocations")
        vals = [(self.value_of(obj, self.lottery_of_point(p, over)), p) for p in verts]
        best = min((v for v, _ in vals), key=functools.cmp_to_key(compare))
        return best, [p for v, p in vals if compare(v, best) == 0]


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

def _solve_with_optimizer(au: Auditor, obj: str):
    """The lottery optimizer's Solution over all allocations, or None when it is not installed
    (or disabled). Its minimizers are optimal vertices over distinct value vectors, each with the
    allocations realizing it."""
    if not au.use_optimizer:
        return None
    try:
        from ..optimize import solve
    except ImportError:
        return None
    try:
        sol = au.cached(("solve", obj), lambda: solve(au.inst, obj, force=au.force))
    except TooLarge as e:
        raise Undecided(f"too large: {e.message}") from None
    if sol.status != "optimal":
        raise Undecided(f"lottery optimizer: {sol.status} ({sol.reason})")
    return sol


def optimum(au: Auditor, claim: Claim):
    obj, over = claim.params["objective"], au.over(claim)
    routes = []
    if obj in CONCAVE and not au.only_optimizer:
        try:
            best, opt = au.optimum_by_vertices(obj, over)
            return best, "attained at " + ", ".join(au.point_text(v, over) for v in opt), "vertices"
        except Undecided as e:
            routes.append(str(e))
    if obj == "sov" and au.inst.is_identical and "over" not in claim.params and not au.only_optimizer:
        dm = au.min_distance()
        return dm.distance, "min squared distance (mu_i = PS forced)", "identical valuations"
    if au.all_allocations_over(claim):
        sol = _solve_with_optimizer(au, obj)
        if sol is not None:
            return _scalar(sol.value), "", "lottery optimizer"
    raise Undecided("; ".join(routes) or f"no exact route for the optimum of {obj} here")


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
    over = au.over(claim)
    reasons = [] if obj in CONCAVE else [f"objective {obj} is not concave in p"]
    # route 1: concave objective, optimal vertices
    if obj in CONCAVE and not au.only_optimizer:
        try:
            best, opt = au.optimum_by_vertices(obj, over)
            for v in opt:
                support = [a for a, q in zip(over, v) if q]
                ok, a = _support_has(au, pred, rho, support, mode)
                if not ok:
                    why = f"; {au.predicate(pred, a, rho)[1]}" if a is not None else ""
                    return False, f"the minimizer {au.point_text(v, over)} (value {text_of(best)})" + \
                        (f" has {au.name(a)}{why}" if a is not None else f" has no allocation with {pred}"), "vertices"
            return True, f"{len(opt)} optimal vertex(es), value {text_of(best)}: " + \
                ", ".join(au.point_text(v, over) for v in opt), "vertices"
        except Undecided as e:
            reasons.append(str(e))
    # route 2: identical valuations and sov over all allocations
    if obj == "sov" and au.inst.is_identical and "over" not in p and not au.only_optimizer:
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
    # route 3: exclusion (the distributions without the feature are a single point, and beaten)
    if mode in ("violates", "has") and not au.only_optimizer:
        keep = [a for a in over if (au.predicate(pred, a, rho)[0] if mode == "violates"
                                    else not au.predicate(pred, a, rho)[0])]
        try:
            q = linalg.prop_polytope_vertices(au.vectors(keep), au.inst.proportional_shares, VERTEX_LIMIT) \
                if keep else []
        except OverflowError as e:
            q = None
            reasons.append(f"too large: {e}")
        if q == []:
            return True, "no ex-ante-PROP distribution avoids it", "exclusion"
        if q is not None and len(q) == 1:
            lot = au.lottery_of_point(q[0], keep)
            vq = au.value_of(obj, lot)
            for name, cand in au.known_prop(over):
                vc = au.value_of(obj, cand)
                if compare(vc, vq) < 0:
                    return True, (f"the only ex-ante-PROP distribution without it is "
                                  f"{au.point_text(q[0], keep)} with {obj} {text_of(vq)}, but {name} "
                                  f"has {text_of(vc)}"), "exclusion"
            reasons.append("no named distribution beats the only one without it")
    sol = _solve_with_optimizer(au, obj) if au.all_allocations_over(claim) else None
    if sol is not None:
        if obj in CONCAVE:  # the optimizer lists every optimal vertex (see the module docstring)
            for m in sol.minimizers:
                groups = m.allocations  # the allocations realizing each support value vector
                if mode == "satisfies":
                    bad = [a for g in groups for a in g if not au.predicate(pred, a, rho)[0]]
                    if bad:
                        return False, f"{au.name(bad[0])} realizes an optimal vertex", "lottery optimizer"
                else:  # some support vector all of whose realizations violate / have it
                    want = (lambda a: not au.predicate(pred, a, rho)[0]) if mode == "violates" else \
                        (lambda a: au.predicate(pred, a, rho)[0])
                    if not any(all(want(a) for a in g) for g in groups):
                        return False, f"a realization of the optimal vertex {m.lottery} avoids it", \
                            "lottery optimizer"
            return True, f"{len(sol.minimizers)} optimal vertex(es), value {text_of(_scalar(sol.value))}", \
                "lottery optimizer"
        if mode == "has" and pred == "empty bundle" and sol.every_minimizer_empty is not None:
            return sol.every_minimizer_empty, f"optimizer ({sol.method})", "lottery optimizer"
        reasons.append(f"the optimizer's minimizer list is not a complete description for {obj}")
    raise Undecided("; ".join(reasons) or "no exact route (lottery optimizer not available)")


def minimizer(au: Auditor, claim: Claim, unique: bool):
    p = claim.params
    obj, over, lot = p["objective"], au.over(claim), au.lottery(p["of"])
    if not is_ex_ante_prop(au.inst, lot).holds:
        return False, f"{p['of']} is not ex-ante PROP: {_witness(is_ex_ante_prop(au.inst, lot).witness)}", ""
    point = au.point(lot, over)
    if point is None:
        return False, f"{p['of']} is not a distribution over the listed allocations", ""
    value = au.value_of(obj, lot)
    for name, cand in ([] if au.only_optimizer else au.known_prop(over)):
        vc = au.value_of(obj, cand)
        if compare(vc, value) < 0:
            return False, f"{name} has {obj} {text_of(vc)} < {text_of(value)}", "comparison"
    reasons = []
    if obj in CONCAVE and not au.only_optimizer:
        try:
            best, opt = au.optimum_by_vertices(obj, over)
            if compare(value, best) > 0:
                return False, f"the minimum is {text_of(best)} at " + \
                    ", ".join(au.point_text(v, over) for v in opt), "vertices"
            if not unique:
                return True, f"{obj} {text_of(value)} = the minimum over the vertices", "vertices"
            if len(opt) > 1:
                return False, f"{len(opt)} optimal vertices: " + ", ".join(au.point_text(v, over) for v in opt), "vertices"
            return opt[0] == point, f"the only optimal vertex of {len(au.vertices(over))}; " \
                f"{obj} {text_of(value)}", "vertices"
        except Undecided as e:
            reasons.append(str(e))
    if obj == "sov" and au.inst.is_identical and "over" not in p and not unique and not au.only_optimizer:
        dm = au.min_distance()
        return compare(value, dm.distance) == 0, f"{obj} {text_of(value)}, minimum {fmt(dm.distance)}", \
            "identical valuations"
    sol = _solve_with_optimizer(au, obj) if au.all_allocations_over(claim) else None
    if sol is not None:
        if compare(value, _scalar(sol.value)) > 0:
            return False, f"the optimum is {text_of(_scalar(sol.value))}", "lottery optimizer"
        if not unique:
            return True, f"{obj} {text_of(value)} = the optimum", "lottery optimizer"
        only = bool(sol.unique) and all(len(g) == 1 for g in sol.minimizers[0].allocations)
        return only and sol.minimizers[0].lottery == lot, f"optimizer: {len(sol.minimizers)} optimal " \
            f"vertex(es); unique: {sol.unique}", "lottery optimizer"
    raise Undecided("; ".join(reasons) or "no exact route (lottery optimizer not available)")


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
