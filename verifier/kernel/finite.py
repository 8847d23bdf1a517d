"""Kernel checker for kind "instance" (verifier audit), standard library only. From the instance,
the named allocations (owner maps) and distributions, each claim's value is recomputed exactly (MMS,
counts, uniqueness, distance minima by re-enumerating all n^m allocations) and must equal its
"computed"; the verdict is recomputed from the stated value and must equal its "verdict"."""

from fractions import Fraction
from itertools import permutations, product

from .base import Rejected
from .poly import parse_fraction

MAX_ALLOCATIONS = 200_000
PREDICATES = ("EF", "EF1", "EFX", "EFX0", "MMS", "PROP", "rho-MMS", "empty bundle",
              "distance minimizer", "MMS ratio at most")


def _num(x, where):
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise Rejected(where, "not an exact number", found=x)
    return parse_fraction(x)


def _stated(x, where):
    return [_stated(y, where) for y in x] if isinstance(x, list) else _num(x, where)


def _norm(v):
    """The JSON normal form of a value: ints, 'p/q' strings, lists, bools."""
    if isinstance(v, (bool, tuple, list)):
        return v if isinstance(v, bool) else [_norm(x) for x in v]
    q = Fraction(v)
    return q.numerator if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


class _Instance:
    def __init__(self, cert):
        d = cert["instance"]
        self.rows = [[_num(x, "instance") for x in row] for row in d["valuations"]]
        self.n, self.m = len(self.rows), len(d["goods"])
        if self.n < 1 or any(len(r) != self.m for r in self.rows) or len(d["agents"]) != self.n:
            raise Rejected("instance", "malformed valuation matrix")
        if self.n ** self.m > MAX_ALLOCATIONS:
            raise Rejected("instance", "too many allocations to re-enumerate", found=self.n ** self.m)
        self.all = [tuple(o) for o in product(range(self.n), repeat=self.m)]
        self.allocs = {k: tuple(v) for k, v in cert["allocations"].items()}
        if any(len(v) != self.m or any(type(i) is not int or not 0 <= i < self.n for i in v)
               for v in self.allocs.values()):
            raise Rejected("allocations", "not owner maps of the instance")
        self.dists = {}
        for k, pairs in cert["distributions"].items():
            dist = [(self.allocs[a], _num(p, k)) for a, p in pairs]
            if any(p <= 0 for _, p in dist) or sum(p for _, p in dist) != 1:
                raise Rejected(f"distribution {k}", "probabilities must be positive and sum to 1")
            self.dists[k] = dist
        self.ps = [sum(r) / self.n for r in self.rows]
        self.mms = [max(min(self.bundle_value(i, o, l) for l in range(self.n)) for o in self.all)
                    for i in range(self.n)]
        self.dmin = min(self.dist(o) for o in self.all)

    def bundle_value(self, i, o, l):
        return sum((self.rows[i][g] for g in range(self.m) if o[g] == l), Fraction(0))

    def vector(self, o):
        return [self.bundle_value(i, o, i) for i in range(self.n)]

    def dist(self, o):
        return sum((x - p) ** 2 for x, p in zip(self.vector(o), self.ps))

    def ratio(self, o):  # min over agents with MMS_i > 0 (min() of nothing is rejected by check)
        return min(x / s for x, s in zip(self.vector(o), self.mms) if s > 0)

    def pred(self, name, o, rho=None):
        n, own = self.n, self.vector(o)
        if name in ("EF", "EF1", "EFX", "EFX0"):
            for i, l in product(range(n), repeat=2):
                goods = [self.rows[i][g] for g in range(self.m) if o[g] == l]
                drop = {"EF": [0], "EF1": [max(goods, default=0)], "EFX0": [min(goods, default=0)],
                        "EFX": [min([x for x in goods if x > 0], default=0)]}[name]
                if i != l and sum(goods) - drop[0] > own[i]:
                    return False
            return True
        if name in ("MMS", "rho-MMS"):
            return all(x >= (rho if name == "rho-MMS" else 1) * s for x, s in zip(own, self.mms))
        if name == "PROP":
            return all(x >= p for x, p in zip(own, self.ps))
        if name == "empty bundle":
            return any(i not in o for i in range(n))
        if name == "distance minimizer":
            return self.dist(o) == self.dmin
        if name == "MMS ratio at most":
            return self.ratio(o) <= rho
        raise Rejected("claim", "unknown predicate", found=name)


def _moments(inst, dist):
    mu = [sum(p * inst.vector(o)[i] for o, p in dist) for i in range(inst.n)]
    var = [sum(p * (inst.vector(o)[i] - mu[i]) ** 2 for o, p in dist) for i in range(inst.n)]
    return mu, var


def _objective(inst, name, dist):
    var, n = _moments(inst, dist)[1], inst.n
    of = {"sov": lambda: sum(var), "max-var": lambda: max(var),
          "sovor": lambda: sum(v / sum(r) ** 2 for v, r in zip(var, inst.rows) if sum(r)),
          "var-of-vars": lambda: sum((v - sum(var) / n) ** 2 for v in var) / n}
    if name not in of:
        raise Rejected("claim", "objective outside the instance kernel", found=name)
    return of[name]()


def _canonical(o):
    relabel = {}
    return tuple(relabel.setdefault(i, len(relabel)) for i in o)


def _support(inst, name):
    return [inst.allocs[name]] if name in inst.allocs else [o for o, _ in inst.dists[name]]


def _value(inst, c):
    p, name = c["params"], c["name"]
    agent = p.get("agent")
    pick = (lambda v: v) if agent is None else (lambda v: v[agent])
    rho = _num(p["rho"], "rho") if "rho" in p else None
    if c["kind"] == "property":
        return _property(inst, name, p, rho)
    if name in ("PS", "MMS", "total"):
        return pick({"PS": inst.ps, "MMS": inst.mms, "total": [sum(r) for r in inst.rows]}[name])
    if name == "value vector":
        return [sum(col) for col in zip(*(inst.vector(inst.allocs[a]) for a in p["of"]))]
    if name in ("value", "squared distance", "minimum squared distance"):
        o = inst.allocs.get(p.get("of"))
        return {"value": lambda: inst.vector(o)[agent], "squared distance": lambda: inst.dist(o),
                "minimum squared distance": lambda: inst.dmin}[name]()
    if name in ("mean", "variance"):
        return pick(_moments(inst, inst.dists[p["of"]])[name == "variance"])
    if name in ("objective", "objective ratio"):
        vals = [_objective(inst, p["objective"], inst.dists[x]) for x in
                (p["of"] if name == "objective ratio" else [p["of"]])]
        return vals[0] if len(vals) == 1 else vals[0] / vals[1]
    if name == "MMS ratio":
        return min(inst.ratio(o) for o in _support(inst, p["of"]))
    if name == "count":
        found = [o for o in inst.all if "satisfying" not in p or inst.pred(p["satisfying"], o, rho)]
        return len({_canonical(o) for o in found}) if p.get("up_to_permutation") else len(found)
    if name in ("permutations", "permuted value vectors"):
        orbit = {tuple(q[i] for i in inst.allocs[p["of"]]) for q in permutations(range(inst.n))}
        return len(orbit) if name == "permutations" else len({tuple(inst.vector(o)) for o in orbit})
    raise Rejected("claim", "outside the instance kernel's vocabulary", found=name)


def _property(inst, name, p, rho):
    rows, n, m = inst.rows, inst.n, inst.m
    above = any(all(2 * r[g] > sum(r) for r in rows) for g in range(m))
    if name in PREDICATES:
        return all(inst.pred(name, o, rho) for o in _support(inst, p["of"]))
    if name == "ex-ante PROP":
        return all(mu >= q for mu, q in zip(_moments(inst, inst.dists[p["of"]])[0], inst.ps))
    if name == "unique up to permutation":
        key = "MMS" if p["of"] == "MMS allocations" else "distance minimizer"
        classes = {_canonical(o) for o in inst.all if inst.pred(key, o)}
        rep = p.get("representative")
        return len(classes) == 1 and (rep is None or classes == {_canonical(inst.allocs[rep])})
    simple = {"normalized": len({sum(r) for r in rows}) == 1, "identical": all(r == rows[0] for r in rows),
              "positive values": all(x > 0 for r in rows for x in r), "good above half": above,
              "PROP allocation exists": any(inst.pred("PROP", o) for o in inst.all)}
    simple["Lemma 6.1 hypotheses"] = (n == 2 and m == 2 and simple["positive values"]
                                      and simple["normalized"] and above)
    if name not in simple:
        raise Rejected("claim", "outside the instance kernel's vocabulary", found=name)
    return simple[name]


def check(cert: dict) -> str:
    inst = _Instance(cert)
    if not cert["claims"]:
        raise Rejected("claims", "a certificate must certify at least one claim")
    counts = {"CONFIRMED": 0, "REFUTED": 0}
    for c in cert["claims"]:
        where = f"claim {str(c['id'])[:80]!r}"
        value = _value(inst, c)
        if _norm(value) != c["computed"]:
            raise Rejected(where, "recomputed value differs", expected=_norm(value), found=c["computed"])
        rel, s = c["relation"], c["stated"]
        if ((rel == "holds") != isinstance(value, bool) or (isinstance(value, list) and rel != "=")
                or rel not in ("holds", "=", "<", "<=", ">", ">=")):
            raise Rejected(where, "the relation does not fit the value", found=rel)
        if rel in ("holds", "="):
            ok = value is s if rel == "holds" else _norm(value) == _norm(_stated(s, where))
        else:
            s = _stated(s, where)
            ok = {"<": value < s, "<=": value <= s, ">": value > s, ">=": value >= s}[rel]
        verdict = "CONFIRMED" if ok else "REFUTED"
        if c["verdict"] != verdict:
            raise Rejected(where, "verdict differs", expected=verdict, found=c["verdict"])
        counts[verdict] += 1
    yes, no, rest = counts["CONFIRMED"], counts["REFUTED"], len(cert.get("uncertified", []))
    return (f"instance {inst.n} agents x {inst.m} goods: {yes + no} claims re-verified ({yes} confirmed, "
            f"{no} refuted), {rest} uncertified")
