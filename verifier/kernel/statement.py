"""Semantics of bounded statements (theorems/*.toml): the case split and every hypothesis.

A statement quantifies over rational valuations v (identical: variables v<g>; general: v<i>_<g>,
0-based) of n agents for m goods. "forall": for every v and every allocation A satisfying the
hypotheses, A satisfies the conclusion. "exists": some v makes every allocation satisfying the
hypotheses satisfy the conclusion (checked on a concrete witness by ``holds_on``). The conclusion
"SoV identity" (Lemma 4.1) quantifies instead over k-allocation distributions (variables p<j>).

Case split of a "forall" statement: one case per allocation A and per witness that A violates the
conclusion, so each case is a conjunction of polynomial constraints (poly REL 0). Sound symmetry
reductions, applied only for identical valuations (every notion used is invariant under renaming
agents and goods when all agents share one valuation): allocations up to agent permutation
(restricted growth strings) and goods sorted by value (hypotheses "ord:<g>").
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from typing import Iterator

from .base import Rejected
from .poly import Poly

KEYS = {"name", "statement", "quantifier", "valuations", "values", "normalized", "hypotheses",
        "conclusion", "agents", "goods", "support", "sizes", "source", "notes"}
NOTIONS = ("PROP", "EF", "EF1", "EFX", "EFX0", "MMS")
HYPOTHESES = ("distance-minimizing", "PROP", "EF", "EFX", "EFX0", "good-over-half")
P4 = ((0, 1), (1, 0), (0, 0), (1, 1))   # Lemma 6.1: ({a},{b}), ({b},{a}), ({a,b},{}), ({},{a,b})
MAX_SIZE = 16


def _fail(msg):
    raise Rejected("statement", msg)


def _sizes(x, key):
    if x is None:
        return None
    xs = [x] if isinstance(x, int) else x
    if not (isinstance(xs, list) and xs and all(type(k) is int and k >= 1 for k in xs)):
        _fail(f"'{key}' must be a positive integer or a list of them, found {x!r:.60}")
    return tuple(xs)


def load_statement(data: dict) -> "Statement":
    if not isinstance(data, dict):
        _fail("a statement is a table of keys")
    unknown = sorted(set(data) - KEYS)
    if unknown:
        _fail(f"unknown key(s) {unknown}; allowed: {sorted(KEYS)}")
    for key in ("name", "statement", "quantifier", "valuations", "values", "conclusion"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            _fail(f"missing or non-text key '{key}'")
    choice = {"quantifier": ("forall", "exists"), "valuations": ("identical", "general"),
              "values": ("positive", "nonnegative")}
    for key, allowed in choice.items():
        if data[key] not in allowed:
            _fail(f"'{key}' must be one of {list(allowed)}, found {data[key]!r:.60}")
    hyps = data.get("hypotheses", [])
    if not (isinstance(hyps, list) and all(isinstance(h, str) for h in hyps)):
        _fail("'hypotheses' must be a list of strings")
    for h in hyps:
        if h not in HYPOTHESES:
            _fail(f"unknown hypothesis {h!r:.60}; allowed: {list(HYPOTHESES)}")
    if not isinstance(data.get("normalized", False), bool):
        _fail("'normalized' must be true or false")
    words = data["conclusion"].split()
    negated = words[:1] == ["not"]
    words = words[1:] if negated else words
    rho, support = Fraction(1), None
    if words == ["SoV", "identity"]:
        notion, support = "SoV", data.get("support")
        if type(support) is not int or not 1 <= support <= 4:
            _fail("conclusion 'SoV identity' needs 'support' = the support size k, 1..4")
        if data["valuations"] != "identical" or hyps or negated or data["quantifier"] != "forall":
            _fail("'SoV identity' is a forall statement on identical valuations, no hypotheses")
    elif words == ["D_good"]:   # Lemma 6.1, see Model.dgood_cases
        notion = "Dgood"
        if data["valuations"] != "general" or negated or data["quantifier"] != "forall":
            _fail("'D_good' (Lemma 6.1) is a forall statement on general valuations")
    elif len(words) == 1 and words[0] in NOTIONS:
        notion = words[0]
    elif len(words) == 2 and words[0] == "rho-MMS":
        notion = "MMS"
        try:
            rho = Fraction(words[1])
        except (ValueError, ZeroDivisionError):
            _fail(f"'rho-MMS' needs a rational rho, found {words[1]!r:.40}")
        if not 0 < rho <= 1:
            _fail(f"rho must be in (0, 1], found {rho}")
    else:
        _fail(f"unknown conclusion {data['conclusion']!r:.60}; use one of {list(NOTIONS)}, "
              "'rho-MMS p/q', 'SoV identity', optionally prefixed by 'not' (exists only)")
    if negated and data["quantifier"] != "exists":
        _fail("a negated conclusion is allowed only in an 'exists' statement")
    if "good-over-half" in hyps and notion != "Dgood":
        _fail("hypothesis 'good-over-half' belongs only to the conclusion 'D_good'")
    if support is None and "support" in data:
        _fail("'support' belongs only to the conclusion 'SoV identity'")
    return Statement(data, hyps, notion, rho, negated, data.get("normalized", False), support,
                     _sizes(data.get("agents"), "agents"), _sizes(data.get("goods"), "goods"))


def _rgs(n: int, m: int) -> Iterator[tuple[int, ...]]:
    """Owner maps up to agent permutation: restricted growth strings with at most n blocks."""
    def rec(prefix, used):
        if len(prefix) == m:
            yield tuple(prefix)
            return
        for i in range(min(used + 1, n)):
            yield from rec(prefix + [i], max(used, i + 1))
    yield from rec([], 0)


def _owner(text: str, n: int, m: int) -> tuple[int, ...]:
    parts = text.split(",")
    if len(parts) != m or not all(p.isdigit() and int(p) < n and len(p) < 4 for p in parts):
        raise Rejected("hypothesis", f"not an allocation of {m} goods to {n} agents: {text:.60}")
    return tuple(int(p) for p in parts)


class Statement:
    def __init__(self, data, hyps, notion, rho, negated, normalized, support, agents, goods):
        self.data, self.name, self.text = data, data["name"], data["statement"]
        self.quantifier, self.identical = data["quantifier"], data["valuations"] == "identical"
        self.positive, self.hypothesis_names = data["values"] == "positive", tuple(hyps)
        self.notion, self.rho, self.negated = notion, rho, negated
        self.normalized, self.support, self.agents, self.goods = normalized, support, agents, goods

    def check_size(self, n: int, m: int) -> None:
        if self.agents and n not in self.agents or self.goods and m not in self.goods:
            raise Rejected("statement", f"{self.name} is stated for agents {self.agents or 'any'}"
                           f", goods {self.goods or 'any'}; not n={n}, m={m}")
        if not (type(n) is int and type(m) is int and 1 <= n <= MAX_SIZE and 1 <= m <= MAX_SIZE):
            raise Rejected("statement", f"size n={n}, m={m} is out of range 1..{MAX_SIZE}")
        if self.notion == "Dgood" and (n, m) != (2, 2):
            raise Rejected("statement", f"'D_good' is stated for 2 agents, 2 goods; not {n}, {m}")

    def cases(self, n: int, m: int, part: tuple[int, int] = (0, 1)) -> Iterator["Case"]:
        """All cases in a fixed order; ``part`` (k, K) keeps allocations whose index is k mod K."""
        self.check_size(n, m)
        model = Model(self, n, m)
        if self.notion == "SoV":
            allocs = list(itertools.product(range(n), repeat=m))
            tups = itertools.combinations_with_replacement(allocs, self.support)
            for tup in itertools.islice(tups, part[0], None, part[1]):
                for sign in (">", "<"):
                    yield Case(model, tup, "SoV" + sign, model.sov_violation(tup, sign))
            return
        if self.notion == "Dgood":
            yield from itertools.islice(model.dgood_cases(), part[0], None, part[1])
            return
        allocs = _rgs(n, m) if self.identical else itertools.product(range(n), repeat=m)
        for a in itertools.islice(allocs, part[0], None, part[1]):
            for wid, polys in model.violations(a):
                yield Case(model, (a,), wid, polys)

    def holds_on(self, valuations, n: int, m: int) -> bool:
        """Exact evaluation of the body on one instance (rows: 1 for identical, or n)."""
        self.check_size(n, m)
        if n ** m > 200_000:   # every allocation is enumerated: bound the checking time
            raise Rejected("witness", f"n^m = {n ** m} allocations exceed the limit 200000")
        if self.identical and len(valuations) == 1:
            valuations = valuations * n
        if (len(valuations) != n or any(len(r) != m for r in valuations)
                or self.identical and any(r != valuations[0] for r in valuations)):
            return False
        point = {Model.var(self, i, g): Fraction(valuations[i][g]) for i in range(n)
                 for g in range(m)}
        if any(x < 0 or self.positive and x == 0 for x in point.values()):
            return False
        model = Model(self, n, m)
        if self.normalized and any(r.evaluate(point) != 0 for r, _ in model.norm.values()):
            return False

        def true(poly, rel):
            x = poly.evaluate(point)
            return x > 0 if rel == ">" else x >= 0 if rel == ">=" else x == 0
        allocs = list(itertools.product(range(n), repeat=m))
        dist = {a: model.dist(a).evaluate(point) for a in allocs}
        least = min(dist.values())
        for a in allocs:
            if "distance-minimizing" in self.hypothesis_names and dist[a] != least:
                continue
            case = Case(model, (a,), "", {})
            if all(true(*case.hypothesis(h)) for h in case.family_ids()):
                violated = any(all(true(*p) for p in ps.values()) for _, ps in model.violations(a))
                if violated != self.negated:
                    return False
        return True


class Model:
    """Polynomials of one size: bundle values, distances to (PS)^n, violations."""

    def __init__(self, st: Statement, n: int, m: int):
        self.st, self.n, self.m, self._dist = st, n, m, {}
        self.v = [[Poly.var(self.var(st, i, g)) for g in range(m)] for i in range(n)]
        self.total = [sum(row, Poly()) for row in self.v]
        self.norm = {f"norm:{i}": (self.total[i] - self.total[0], "==") for i in range(1, n)
                     } if st.normalized else {}
        rel, v = ">" if st.positive else ">=", self.v
        self.base = {(f"pos:{g}" if st.identical else f"pos:{i},{g}"): (v[i][g], rel)
                     for i in range(1 if st.identical else n) for g in range(m)}
        self.base.update(self.norm)
        if st.identical:  # goods sorted by value: sound, see the module docstring
            self.base.update({f"ord:{g}": (v[0][g] - v[0][g + 1], ">=") for g in range(m - 1)})

    @staticmethod
    def var(st, i, g):
        return f"v{g}" if st.identical else f"v{i}_{g}"

    def value(self, i, goods) -> Poly:
        return sum((self.v[i][g] for g in goods), Poly())

    def bundles(self, a):
        return [[g for g in range(self.m) if a[g] == i] for i in range(self.n)]

    def dist(self, a) -> Poly:
        """||v(A) - (PS)^n||^2 (Corollary 4.2), cached per allocation."""
        if a not in self._dist:
            self._dist[a] = sum(((self.value(i, b) - self.total[i] * Fraction(1, self.n)) ** 2
                                 for i, b in enumerate(self.bundles(a))), Poly())
        return self._dist[a]

    def violations(self, a, notion=None) -> Iterator[tuple[str, dict]]:
        """Witnesses that allocation a violates the conclusion, each a conjunction."""
        st, n, b, notion = self.st, self.n, self.bundles(a), notion or self.st.notion
        own = [self.value(i, b[i]) for i in range(n)]
        if notion == "PROP":
            for i in range(n):
                yield f"PROP:{i}", {"viol": (self.total[i] * Fraction(1, n) - own[i], ">")}
        if notion == "MMS":  # a witness partition B with every bundle worth more than A_i / rho
            for i in range(n):
                for p in _rgs(n, self.m):
                    bl = self.bundles(p)
                    if all(bl):
                        yield f"MMS:{i}:B={','.join(map(str, p))}", {
                            f"viol:{k}": (self.value(i, bl[k]) * st.rho - own[i], ">")
                            for k in range(n)}
        for i, l in itertools.permutations(range(n), 2):
            other = self.value(i, b[l]) - own[i]
            if notion == "EF":
                yield f"EF:{i}>{l}", {"viol": (other, ">")}
            if notion == "EF1" and b[l]:
                yield f"EF1:{i}>{l}", {f"viol:{g}": (other - self.v[i][g], ">") for g in b[l]}
            if notion in ("EFX", "EFX0"):
                for g in b[l]:
                    d = {"viol": (other - self.v[i][g], ">")}
                    if notion == "EFX" and not st.positive:
                        d["viol:pos"] = (self.v[i][g], ">")
                    yield f"{notion}:{i}>{l}:g{g}", d

    def dgood_cases(self) -> Iterator["Case"]:
        """Lemma 6.1 (n = m = 2, allocations P4). Per good g that both agents value more than half
        ("good-over-half": a disjunction over g, split into cases "g<g>:"): D_good = P1/2 + P2/2
        is ex-ante PROP; P1, P2 are MMS; P3, P4 are not (negation split by a bundle k of each
        partition B with v_i(A_i) >= v_i(B_k)); a PROP distribution with p2 = p3 = 0 has
        p0 = p1 = 1/2 (negation split into p_j > 1/2 and p_j < 1/2)."""
        n, half, tot, val = self.n, Fraction(1, 2), self.total, self.value
        own = lambda i, a: val(i, self.bundles(a)[i])   # noqa: E731
        over = "good-over-half" in self.st.hypothesis_names
        parts = [(i, p) for i in range(n) for p in _rgs(n, self.m) if all(self.bundles(p))]
        for g in range(self.m) if over else [None]:
            h = {f"half:{i}": (self.v[i][g] - tot[i] * half, ">") for i in range(n)} if over else {}
            w = f"g{g}:" if over else ""
            for i in range(n):
                yield Case(self, P4[:1], f"{w}Dgood-PROP:{i}", dict(h, viol=(
                    (tot[i] - own(i, P4[0]) - own(i, P4[1])) * half, ">")))
            for a in P4[:2]:
                for c, d in self.violations(a, "MMS"):
                    yield Case(self, (a,), w + c, dict(h, **d))
            for a, ks in itertools.product(P4[2:], itertools.product(range(n), repeat=len(parts))):
                yield Case(self, (a,), f"{w}isMMS:k={','.join(map(str, ks))}", dict(h, **{
                    f"mms:{i}:B={','.join(map(str, p))}": (own(i, a) - val(i, self.bundles(p)[k]),
                                                           ">=") for (i, p), k in zip(parts, ks)}))
            for j, s in itertools.product(range(2), (1, -1)):
                supp = {f"supp:{k}": (Poly.var(f"p{k}"), "==") for k in (2, 3)}
                yield Case(self, P4, f"{w}p{j}{'<>'[s > 0]}1/2",
                           dict(h, **supp, viol=((Poly.var(f"p{j}") - half) * s, ">")))

    def sov_violation(self, tup, sign) -> dict:
        """Lemma 4.1: Phi(D) - sum_j p_j ||v(P^j) - (PS)^n||^2, violated > 0 or < 0."""
        p = [Poly.var(f"p{j}") for j in range(len(tup))]
        phi = Poly()
        for i in range(self.n):
            x = [self.value(i, self.bundles(a)[i]) for a in tup]
            mu = sum((pj * xj for pj, xj in zip(p, x)), Poly())
            phi = phi + sum((pj * (xj - mu) ** 2 for pj, xj in zip(p, x)), Poly())
        f = phi - sum((pj * self.dist(a) for pj, a in zip(p, tup)), Poly())
        return {"viol": (f if sign == ">" else -f, ">")}


class Case:
    """One conjunction: allocation(s) ``allocs`` and one violation witness."""

    def __init__(self, model: Model, allocs, witness: str, violation: dict):
        self.model, self.allocs = model, allocs
        self.id = "|".join(",".join(map(str, a)) for a in allocs) + "|" + witness
        st, n = model.st, model.n
        self.hypotheses = dict(model.base, **violation)
        if st.notion == "SoV" or len(allocs) > 1:   # a distribution p over the allocations
            k = len(allocs)
            p = [Poly.var(f"p{j}") for j in range(k)]
            self.hypotheses.update({f"p:{j}": (p[j], ">=") for j in range(k)})
            self.hypotheses["sum-p"] = (sum(p, Poly()) - 1, "==")
            for i in range(n):
                mu = sum((p[j] * model.value(i, model.bundles(a)[i]) for j, a in enumerate(allocs)),
                         Poly())
                self.hypotheses[f"exante:{i}"] = (mu - model.total[i] * Fraction(1, n), ">=")

    def family_ids(self) -> Iterator[str]:
        """Ids of the hypotheses PROP / EF / EFX / EFX0 (the distance family aside)."""
        st, n, a = self.model.st, self.model.n, self.allocs[0]
        b = self.model.bundles(a)
        for h in st.hypothesis_names:
            if h == "PROP":
                yield from (f"prop:{i}" for i in range(n))
            for i, l in itertools.permutations(range(n), 2):
                if h == "EF":
                    yield f"ef:{i}>{l}"
                if h in ("EFX", "EFX0"):
                    yield from (f"{h.lower()}:{i}>{l}:g{g}" for g in b[l])

    def all_hypothesis_ids(self) -> Iterator[str]:
        yield from self.hypotheses
        yield from self.family_ids()
        if "distance-minimizing" in self.model.st.hypothesis_names:
            for o in itertools.product(range(self.model.n), repeat=self.model.m):
                yield "dist<=:" + ",".join(map(str, o))

    def hypothesis(self, hid: str) -> tuple[Poly, str]:
        if not isinstance(hid, str):
            raise Rejected(f"case {self.id}", "a hypothesis id is a string")
        if hid in self.hypotheses:
            return self.hypotheses[hid]
        model, a, st = self.model, self.allocs[0], self.model.st
        if hid.startswith("dist<=:") and "distance-minimizing" in st.hypothesis_names:
            other = _owner(hid[7:], model.n, model.m)
            return model.dist(other) - model.dist(a), ">="
        if hid in set(self.family_ids()):
            b, kind, rest = model.bundles(a), *hid.split(":", 1)
            i, _, lg = rest.partition(">")
            i = int(i)
            if kind == "prop":
                return model.value(i, b[i]) - model.total[i] * Fraction(1, model.n), ">="
            l, _, g = lg.partition(":g")
            slack = model.value(i, b[i]) - model.value(i, b[int(l)])
            if kind == "ef":
                return slack, ">="
            vg = model.v[i][int(g)]
            if kind == "efx" and not st.positive:   # EFX ignores zero-valued goods: v(g)*slack
                return vg * (slack + vg), ">="
            return slack + vg, ">="
        raise Rejected(f"case {self.id}", f"{hid[:80]!r} names no hypothesis of this case")
