"""Kernel checker for kind "instance" (verifier audit), standard library only. From the instance,
the named allocations (owner maps) and distributions, each claim's value is recomputed exactly (MMS,
counts, uniqueness, distance minima by re-enumerating all n^m allocations) and must equal its
"computed"; the verdict is recomputed from the stated value and must equal its "verdict". Optimality
claims ("optimum", "minimizer") rest on an embedded lottery certificate, checked in full (header,
statement, proof) by the kernel. The header's statement is statement(cert), rendered from the content
(check.py compares them): a change to what is claimed changes the statement."""

from fractions import Fraction
from itertools import permutations, product

from . import check as kernel
from .base import HEADER, Rejected
from .lottery import canonical
from .poly import parse_fraction

PREDICATES = {"EF", "EF1", "EFX", "EFX0", "MMS", "PROP", "rho-MMS", "empty bundle", "distance minimizer",
              "MMS ratio at most"}
KEYS = {*HEADER, "source", "instance", "allocations", "distributions", "claims", "uncertified"}
CLAIM_KEYS = {"id", "kind", "name", "params", "relation", "stated", "computed", "verdict"}


def _num(x, where):
    if isinstance(x, bool) or not isinstance(x, (int, str)):
        raise Rejected(where, "not an exact number", found=x)
    return parse_fraction(x)


def _stated(x, where):
    return [_stated(y, where) for y in x] if isinstance(x, list) else _num(x, where)


def _norm(v):  # the JSON normal form of a value: ints, 'p/q' strings, lists, bools
    if isinstance(v, (bool, tuple, list)):
        return v if isinstance(v, bool) else [_norm(x) for x in v]
    return v.numerator if Fraction(v).denominator == 1 else f"{v.numerator}/{v.denominator}"


def _lottery(inst, c):  # the claim's lottery certificate: this instance, objective, all allocations
    sub, p = c.get("lottery"), c["params"]
    if not (isinstance(sub, dict) and sub.get("objective") == p["objective"] and "over" not in p
            and sub.get("kind") == "lottery"
            and sub.get("instance", {}).get("valuations") == inst.cert["instance"]["valuations"]):
        raise Rejected("claim", "needs an embedded lottery certificate for its objective and instance")
    try:
        kernel.check(sub)
    except Rejected as e:
        raise Rejected("embedded lottery certificate", str(e)) from None
    return sub


class _Instance:
    def __init__(self, cert):
        d, self.cert = cert["instance"], cert
        self.rows = [[_num(x, "instance") for x in row] for row in d["valuations"]]
        n, m = self.n, self.m = len(self.rows), len(d["goods"])
        if (n < 1 or any(len(r) != m for r in self.rows) or len(d["agents"]) != n or n ** m > 200_000
                or any(x < 0 for r in self.rows for x in r) or set(d) != {"agents", "goods", "valuations"}):
            raise Rejected("instance", "malformed, or too many allocations to re-enumerate")
        self.all = [tuple(o) for o in product(range(n), repeat=m)]
        self.allocs = {k: tuple(v) for k, v in cert["allocations"].items()}
        if any(len(v) != m or any(type(i) is not int or not 0 <= i < n for i in v)
               for v in self.allocs.values()):
            raise Rejected("allocations", "not owner maps of the instance")
        self.dists = {k: [(self.allocs[a], _num(q, k)) for a, q in pairs]
                      for k, pairs in cert["distributions"].items()}
        if any(q <= 0 for d in self.dists.values() for _, q in d) or any(sum(q for _, q in d) != 1
                                                                        for d in self.dists.values()):
            raise Rejected("distributions", "probabilities must be positive and sum to 1")
        self.ps = [sum(r) / n for r in self.rows]
        self.mms = [max(min(self.bundle_value(i, o, l) for l in range(n)) for o in self.all)
                    for i in range(n)]
        self.dmin = min(self.dist(o) for o in self.all)

    def bundle_value(self, i, o, l):
        return sum((self.rows[i][g] for g in range(self.m) if o[g] == l), Fraction(0))

    def vector(self, o):
        return [self.bundle_value(i, o, i) for i in range(self.n)]

    def dist(self, o):
        return sum((x - p) ** 2 for x, p in zip(self.vector(o), self.ps))

    def ratio(self, o):  # min over agents with MMS_i > 0 (min() of nothing is a rejection)
        return min(x / s for x, s in zip(self.vector(o), self.mms) if s > 0)

    def pred(self, name, o, rho=None):
        own = self.vector(o)
        if name in ("EF", "EF1", "EFX", "EFX0"):
            for i, l in product(range(self.n), repeat=2):
                goods = [self.rows[i][g] for g in range(self.m) if o[g] == l]
                drop = {"EF": 0, "EF1": max(goods, default=0), "EFX0": min(goods, default=0),
                        "EFX": min([x for x in goods if x > 0], default=0)}[name]
                if i != l and sum(goods) - drop > own[i]:
                    return False
            return True
        tests = {"MMS": lambda: all(x >= s for x, s in zip(own, self.mms)),
                 "rho-MMS": lambda: all(x >= rho * s for x, s in zip(own, self.mms)),
                 "PROP": lambda: all(x >= p for x, p in zip(own, self.ps)),
                 "empty bundle": lambda: any(i not in o for i in range(self.n)),
                 "distance minimizer": lambda: self.dist(o) == self.dmin,
                 "MMS ratio at most": lambda: self.ratio(o) <= rho}
        return tests[name]()  # an unknown name is a KeyError: a rejection (kernel.check)


def _moments(inst, dist):
    mu = [sum(p * inst.vector(o)[i] for o, p in dist) for i in range(inst.n)]
    return mu, [sum(p * (inst.vector(o)[i] - x) ** 2 for o, p in dist) for i, x in enumerate(mu)]


def _objective(inst, name, dist):
    var, n = _moments(inst, dist)[1], inst.n
    of = {"sov": lambda: sum(var), "max-var": lambda: max(var),
          "sovor": lambda: sum(v / sum(r) ** 2 for v, r in zip(var, inst.rows) if sum(r)),
          "var-of-vars": lambda: sum((v - sum(var) / n) ** 2 for v in var) / n}
    return of[name]()  # sum-sd / sd-of-sds are not here: a KeyError is a rejection


def _canonical(o):  # agents relabelled by first appearance: one representative per orbit
    return tuple(list(dict.fromkeys(o)).index(i) for i in o)


def _support(inst, name):
    return [inst.allocs[name]] if name in inst.allocs else [o for o, _ in inst.dists[name]]


def _value(inst, c):
    p, name = c["params"], c["name"]
    agent, rho = p.get("agent"), _num(p["rho"], "rho") if "rho" in p else None
    pick = (lambda v: v) if agent is None else (lambda v: v[agent])
    if agent is not None and (type(agent) is not int or not 0 <= agent < inst.n):
        raise Rejected("claim", "agent must be 0..n-1", found=agent)
    if c["kind"] == "property":
        return _property(inst, c, name, p, rho)
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
    if name == "optimum":
        return _num(_lottery(inst, c)["value"], "lottery value")
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


def _property(inst, c, name, p, rho):
    rows = inst.rows
    if name in PREDICATES:
        return all(inst.pred(name, o, rho) for o in _support(inst, p["of"]))
    if name in ("ex-ante PROP", "minimizer"):
        d = inst.dists[p["of"]]
        prop = all(mu >= q for mu, q in zip(_moments(inst, d)[0], inst.ps))
        if name == "ex-ante PROP":
            return prop  # else: D is a minimizer iff it is ex-ante PROP and attains the certified minimum
        return prop and _objective(inst, p["objective"], d) == _num(_lottery(inst, c)["value"], "value")
    if name == "unique up to permutation":
        classes = {_canonical(o) for o in inst.all if inst.pred(
            "MMS" if p["of"] == "MMS allocations" else "distance minimizer", o)}
        rep = p.get("representative")
        return len(classes) == 1 and (rep is None or classes == {_canonical(inst.allocs[rep])})
    above = any(all(2 * r[g] > sum(r) for r in rows) for g in range(inst.m))
    simple = {"normalized": len({sum(r) for r in rows}) == 1, "identical": all(r == rows[0] for r in rows),
              "positive values": all(x > 0 for r in rows for x in r), "good above half": above,
              "PROP allocation exists": any(inst.pred("PROP", o) for o in inst.all)}
    simple["Lemma 6.1 hypotheses"] = inst.n == inst.m == 2 and above and all(simple[k] for k in (
        "positive values", "normalized"))
    if name not in simple:
        raise Rejected("claim", "outside the instance kernel's vocabulary", found=name)
    return simple[name]


def check(cert: dict) -> str:
    if set(cert) != KEYS or any(set(u) != {"id", "reason"} for u in cert["uncertified"]):
        raise Rejected("structure", "unexpected or missing keys", expected=sorted(KEYS), found=sorted(cert))
    inst, verdicts = _Instance(cert), []
    if not cert["claims"]:
        raise Rejected("claims", "a certificate must certify at least one claim")
    for c in cert["claims"]:
        where = f"claim {str(c['id'])[:80]!r}"
        if set(c) != CLAIM_KEYS | ({"lottery"} if c["name"] in ("optimum", "minimizer") else set()) \
                or c["kind"] not in ("quantity", "property"):
            raise Rejected(where, "unexpected or missing keys, or an unknown kind", found=sorted(c))
        value = _value(inst, c)
        if canonical(_norm(value)) != canonical(c["computed"]):
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
        verdicts.append("CONFIRMED" if ok else "REFUTED")
        if c["verdict"] != verdicts[-1]:
            raise Rejected(where, "verdict differs", expected=verdicts[-1], found=c["verdict"])
    yes, rest = verdicts.count("CONFIRMED"), len(cert.get("uncertified", []))
    return (f"instance {inst.n} agents x {inst.m} goods: {len(verdicts)} claims re-verified ({yes} "
            f"confirmed, {len(verdicts) - yes} refuted), {rest} uncertified")


def statement(cert: dict) -> str:
    """What an instance certificate asserts: a line with the instance, its named allocations (owner
    of each good) and distributions; per claim a line with its id, kind, name, parameters, exact
    value, stated relation and value, and verdict; per uncertified claim its id and reason."""
    d, j = cert["instance"], canonical
    head = (f"Audit of {j(cert['source'])}: for agents {j(d['agents'])}, goods {j(d['goods'])}, valuations "
            f"{j(d['valuations'])}, allocations {j(cert['allocations'])}, distributions "
            f"{j(cert['distributions'])}:")
    return "\n".join([head] + [
        f"{j(c['id'])}: {c['kind']} {c['name']} {j(c['params'])} = {j(c['computed'])}; stated "
        f"{c['relation']} {j(c['stated'])}: {c['verdict']}" for c in cert["claims"]] + [
        f"{j(u['id'])}: not certified: {j(u['reason'])}" for u in cert["uncertified"]])
