"""The claims vocabulary: every quantity and property a claim may name, its parameters and how
each parameter is validated. Small and composable: a quantity is computed and compared with the
stated value; a property is decided and compared with ``holds``.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import InputError
from ..lottery import OBJECTIVES
from ..numbers import parse_number
from .expr import evaluate

# claim key -> relation symbol
RELATIONS = {"equals": "=", "less_than": "<", "at_most": "<=", "greater_than": ">",
             "at_least": ">=", "approximately": "~"}

# predicates of one allocation (usable as properties of an allocation, ex post of a
# distribution, and in 'count' / 'every minimizer')
ALLOCATION_PREDICATES = ("EF", "EF1", "EFX", "EFX0", "MMS", "PROP", "rho-MMS", "empty bundle",
                         "distance minimizer", "MMS ratio at most")
SETS = ("MMS allocations", "distance minimizers")
MATRICES = ("Hessian", "x x^T")


@dataclass(frozen=True)
class Spec:
    required: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()
    shape: str = "scalar"        # of the value: scalar | vector | scalar or vector | points | count
    of: str = ""                 # what 'of' names: allocation | distribution | allocation or
                                 # distribution | distributions | allocations | set | count
    doc: str = ""

    def check(self, key: str, value, inst, names):
        allocs, dists = names["allocations"], names["distributions"]

        def name_of(x, pool, what):
            if not isinstance(x, str):
                raise InputError(f"expected the name of {what}")
            if x not in pool:
                known = ", ".join(pool) or "none defined"
                raise InputError(f"undefined {what} {x!r} (defined: {known})")
            return x

        if key == "of":
            if self.of == "allocation":
                return name_of(value, allocs, "an allocation")
            if self.of == "distribution":
                return name_of(value, dists, "a distribution")
            if self.of == "allocation or distribution":
                return name_of(value, {**allocs, **dists}, "an allocation or distribution")
            if self.of == "distributions":
                if not isinstance(value, list) or len(value) != 2:
                    raise InputError("expected two distribution names [numerator, denominator]")
                return tuple(name_of(x, dists, "a distribution") for x in value)
            if self.of == "allocations":
                if isinstance(value, str):
                    return (name_of(value, allocs, "an allocation"),)
                if not isinstance(value, list) or not value:
                    raise InputError("expected an allocation name or a list of them")
                return tuple(name_of(x, allocs, "an allocation") for x in value)
            if self.of == "set":
                if value not in SETS:
                    raise InputError(f"expected one of: {', '.join(SETS)}")
                return value
            if self.of == "count":
                if value != "allocations":
                    raise InputError("expected \"allocations\"")
                return value
        if key in ("over", "zero"):
            if not isinstance(value, list) or not value:
                raise InputError("expected a non-empty list of allocation names")
            out = tuple(name_of(x, allocs, "an allocation") for x in value)
            if len(set(out)) != len(out):
                raise InputError("an allocation is listed twice")
            return out
        if key == "representative":
            return name_of(value, allocs, "an allocation")
        if key == "agent":
            if isinstance(value, bool):
                raise InputError("expected an agent number (1-based) or name")
            if isinstance(value, int):
                if not 1 <= value <= inst.n:
                    raise InputError(f"agent {value} out of range 1..{inst.n}")
                return value - 1
            if isinstance(value, str) and value in inst.agents:
                return inst.agents.index(value)
            raise InputError(f"unknown agent {value!r} (agents: 1..{inst.n} or {', '.join(inst.agents)})")
        if key == "objective":
            if value not in OBJECTIVES:
                raise InputError(f"unknown objective {value!r} (known: {', '.join(OBJECTIVES)})")
            return value
        if key == "rho":
            q = parse_number(value, field="rho")
            if not 0 <= q <= 1:
                raise InputError("rho must be in [0, 1]")
            return q
        if key == "expr":
            if not isinstance(value, str):
                raise InputError("expected an arithmetic expression as a string")
            evaluate(value)  # syntax, exponents, division by zero: reported where the claim is
            return value
        if key in ("satisfying", "satisfies", "violates", "has"):
            if value not in ALLOCATION_PREDICATES:
                raise InputError(f"unknown allocation property {value!r} (known: "
                                 f"{', '.join(ALLOCATION_PREDICATES)})")
            return value
        if key == "up_to_permutation":
            if not isinstance(value, bool):
                raise InputError("expected true or false")
            return value
        if key == "matrix":
            if value not in MATRICES:
                raise InputError(f"expected one of: {', '.join(MATRICES)}")
            return value
        raise InputError(f"unexpected key {key!r}")  # pragma: no cover


AGENT = ("agent",)
QUANTITIES: dict[str, Spec] = {
    "PS": Spec((), AGENT, "scalar or vector", doc="PS_i = v_i(M)/n (Definition 2.1); all agents without 'agent'"),
    "MMS": Spec((), AGENT, "scalar or vector", doc="MMS_i (Definition 2.2)"),
    "total": Spec((), AGENT, "scalar or vector", doc="v_i(M)"),
    "value vector": Spec(("of",), (), "vector", "allocations",
                         doc="(v_1(A_1), ..., v_n(A_n)); a list of allocations gives the sum"),
    "value": Spec(("of", "agent"), (), "scalar", "allocation", doc="v_i(A_i)"),
    "squared distance": Spec(("of",), (), "scalar", "allocation", doc="||v(A) - (PS)^n||^2"),
    "minimum squared distance": Spec((), (), "scalar", doc="min over all allocations (Cor. 4.2)"),
    "mean": Spec(("of",), AGENT, "scalar or vector", "distribution", doc="mu_i(D)"),
    "variance": Spec(("of",), AGENT, "scalar or vector", "distribution", doc="Var_i(D)"),
    "SD": Spec(("of",), AGENT, "scalar or vector", "distribution", doc="sigma_i(D), exact"),
    "objective": Spec(("of", "objective"), (), "scalar", "distribution",
                      doc="an objective of Sections 2.4 / 6 at a distribution"),
    "objective ratio": Spec(("of", "objective"), (), "scalar", "distributions",
                            doc="objective(D_1) / objective(D_2)"),
    "MMS ratio": Spec(("of",), (), "scalar", "allocation or distribution",
                      doc="min_i v_i(A_i)/MMS_i; for a distribution the least over its support"),
    "count": Spec(("of",), ("satisfying", "rho", "up_to_permutation"), "count", "count",
                  doc="number of allocations (with a property; orbits under agent permutations)"),
    "permutations": Spec(("of",), (), "count", "allocation",
                         doc="distinct allocations obtained by permuting the agents' bundles"),
    "permuted value vectors": Spec(("of",), (), "count", "allocation",
                                   doc="distinct value vectors among those permutations"),
    "arithmetic": Spec(("expr",), (), "scalar", doc="an exact expression of the source's numbers"),
    "optimum": Spec(("objective",), ("over",), "scalar",
                    doc="min of the objective over ex-ante-PROP distributions (over 'over')"),
    "tight solution": Spec(("over", "zero"), (), "vector",
                           doc="the p with sum p = 1, every PS constraint tight, p_j = 0 on 'zero'"),
    "extreme points": Spec(("over",), (), "points",
                           doc="the vertices of the ex-ante-PROP polytope over 'over' (App. B.1)"),
}

PROPERTIES: dict[str, Spec] = {
    **{p: Spec(("of",), ("rho",) if p in ("rho-MMS", "MMS ratio at most") else (), "bool",
               "allocation or distribution",
               doc=f"{p} of an allocation; of a distribution: ex post (every allocation in its support)")
       for p in ALLOCATION_PREDICATES},
    "ex-ante PROP": Spec(("of",), (), "bool", "distribution", doc="mu_i(D) >= PS_i for all i"),
    "extreme point": Spec(("of",), ("over",), "bool", "distribution",
                          doc="a vertex of the ex-ante-PROP polytope over 'over'"),
    "unique ex-ante PROP": Spec(("of", "over"), (), "bool", "distribution",
                                doc="the only ex-ante-PROP distribution over 'over'"),
    "minimizer": Spec(("of", "objective"), ("over",), "bool", "distribution",
                      doc="minimizes the objective over ex-ante-PROP distributions"),
    "unique minimizer": Spec(("of", "objective"), ("over",), "bool", "distribution",
                             doc="the unique minimizer over ex-ante-PROP distributions"),
    "every minimizer": Spec(("objective",), ("over", "satisfies", "violates", "has", "rho"), "bool",
                            doc="every minimizer satisfies X ex post / has a non-X allocation / "
                                "has an allocation with Y in its support"),
    "unique up to permutation": Spec(("of",), ("representative",), "bool", "set",
                                     doc="one orbit under agent permutations (MMS allocations, "
                                         "distance minimizers)"),
    "normalized": Spec(doc="v_i(M) equal for all agents"),
    "identical": Spec(doc="all agents share one valuation"),
    "positive values": Spec(doc="v_i(g) > 0 for every agent and good"),
    "good above half": Spec(doc="some good every agent values strictly above v_i(M)/2"),
    "PROP allocation exists": Spec(doc="some allocation is proportional"),
    "Lemma 6.1 hypotheses": Spec(doc="2 agents, 2 goods, positive values, normalized, a good above half"),
    "extreme point structure": Spec(("over",), (), "bool",
                                    doc="Corollary B.8: every vertex has (a tight PS constraint and "
                                        "two zeros) or (all PS constraints tight and a zero)"),
    **{d: Spec(("matrix",), ("over", "agent", "objective"), "bool",
               doc=f"the matrix is {d}: 'Hessian' of the objective in p, or 'x x^T' of an agent")
       for d in ("positive definite", "positive semidefinite", "negative definite",
                 "negative semidefinite")},
    "strongly concave": Spec((), ("over", "objective"), "bool",
                             doc="Hessian negative definite on the polytope's affine hull"),
    "concave": Spec((), ("over", "objective"), "bool",
                    doc="Hessian negative semidefinite on the polytope's affine hull"),
}
