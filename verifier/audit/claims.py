"""Claims files: an instance, named allocations and distributions, and the claims a source makes
about them (docs/audit.md). Every key is validated; a bad entry is one ``ClaimError`` line naming
the file, the line, the claim id and the field.

    title = "Example 5.2"                     # optional
    instance = "../example-5.2.toml"          # a path relative to this file, or an inline table
    [allocations]
    P1 = [["b"], ["a"]]                       # bundles by good names, one per agent
    [distributions]
    D_min = { P1 = "25/31", P4 = "6/31" }     # allocation name -> exact probability (sum 1)
    [[claim]]
    id = "Example 5.2: Phi(D_min)"            # as the paper numbers it
    text = "Phi(D_min) = ... < 2039"          # the paper's wording
    quantity = "objective"                    # or: property = "..."
    objective = "sov"
    of = "D_min"
    less_than = 2039                          # or equals / at_most / greater_than / at_least /
                                              # approximately; properties: holds = true|false
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from ..allocation import Allocation
from ..errors import InputError
from ..instance import Instance, instance_from_dict, load_instance, read_document
from ..lottery import Lottery
from ..numbers import fmt, parse_number
from .vocabulary import PROPERTIES, QUANTITIES, RELATIONS, Spec

FILE_KEYS = {"title", "source", "instance", "allocations", "distributions", "claim"}
CLAIM_KEYS = {"id", "text", "quantity", "property", "holds", "note"} | set(RELATIONS)


class ClaimError(InputError):
    """A bad claims file entry: ``FILE:LINE: claim 'ID': field 'KEY': message``."""

    def __init__(self, message, *, claim=None, file=None, field=None, line=None):
        self.claim = claim
        super().__init__(message, file=file, field=field, line=line)

    def __str__(self) -> str:
        where = [f"{self.file}:{self.line}" if self.line else (self.file or "")]
        if self.claim:
            where.append(f"claim {self.claim!r}")
        if self.field:
            where.append(f"field '{self.field}'")
        return ": ".join([w for w in where if w] + [self.message])


@dataclass(frozen=True)
class Stated:
    """What the source states: ``relation`` is one of RELATIONS' symbols or 'holds'."""

    relation: str
    value: object            # Fraction, tuple of Fractions, tuple of points, bool
    text: str                # as the claims file wrote it
    digits: int = 0          # for '~': decimal places stated


@dataclass(frozen=True)
class Claim:
    id: str
    text: str
    kind: str                # 'quantity' | 'property'
    name: str
    params: dict
    stated: Stated
    line: int | None = None
    note: str = ""


@dataclass(frozen=True)
class ClaimsFile:
    path: str
    title: str
    source: str
    instance: Instance
    instance_path: str | None
    allocations: dict[str, Allocation]
    distributions: dict[str, Lottery]
    claims: tuple[Claim, ...]
    raw: dict = field(repr=False, default_factory=dict)

    def allocation_name(self, a: Allocation) -> str:
        for k, v in self.allocations.items():
            if v == a:
                return k
        return a.text(self.instance)


def _claim_lines(text: str) -> list[int]:
    return [no for no, line in enumerate(text.splitlines(), 1)
            if re.match(r"^\s*\[\[\s*claim\s*\]\]", line)]


def _key_line(text: str, start: int | None, key: str) -> int | None:
    """The line of ``key =`` at or after line ``start`` (within the claim's table)."""
    lines = text.splitlines()
    for no in range(start or 1, len(lines) + 1):
        line = lines[no - 1]
        if no > (start or 0) and re.match(r"^\s*\[", line):
            break
        if re.match(rf'^\s*"?{re.escape(key)}"?\s*=', line):
            return no
    return start


def load_claims(path: str | Path) -> ClaimsFile:
    """Parse and validate a claims file (TOML or JSON)."""
    path = Path(path)
    data, text = read_document(path)
    file = str(path)

    def fail(msg, key=None, line=None):
        raise ClaimError(msg, file=file, field=key, line=line or (_key_line(text, 1, key) if key else None))

    unknown = sorted(set(data) - FILE_KEYS)
    if unknown:
        fail(f"unknown key (allowed: {', '.join(sorted(FILE_KEYS))})", unknown[0])
    for k in ("title", "source"):
        if k in data and not isinstance(data[k], str):
            fail("expected a string", k)
    inst_spec = data.get("instance")
    instance_path = None
    if isinstance(inst_spec, str):
        ipath = (path.parent / inst_spec)
        try:
            inst = load_instance(ipath)
        except InputError as e:
            raise ClaimError(e.message, file=e.file or file, field=e.field or "instance",
                             line=e.line) from None
        instance_path = inst_spec
    elif isinstance(inst_spec, dict):
        try:
            inst = instance_from_dict(inst_spec, file=file, text=text)
        except InputError as e:
            raise ClaimError(e.message, file=file, field=f"instance.{e.field}" if e.field else "instance",
                             line=e.line or _key_line(text, 1, "instance")) from None
    else:
        fail("give the instance: a path (string) or an inline table", "instance")

    allocations: dict[str, Allocation] = {}
    raw_allocs = data.get("allocations", {})
    if not isinstance(raw_allocs, dict):
        fail("expected a table: name = [[goods of agent 1], [goods of agent 2], ...]", "allocations")
    for name, spec in raw_allocs.items():
        try:
            allocations[name] = Allocation.parse(spec, inst)
        except InputError as e:
            fail(f"allocation {name!r}: {e.message}", name)
        except TypeError:
            fail(f"allocation {name!r}: expected a list of bundles", name)

    distributions: dict[str, Lottery] = {}
    raw_dists = data.get("distributions", {})
    if not isinstance(raw_dists, dict):
        fail("expected a table: name = { allocation = probability, ... }", "distributions")
    for name, spec in raw_dists.items():
        if not isinstance(spec, dict) or not spec:
            fail(f"distribution {name!r}: expected {{ allocation name = probability, ... }}", name)
        pairs = []
        for a, p in spec.items():
            if a not in allocations:
                fail(f"distribution {name!r} names the undefined allocation {a!r}", name)
            try:
                pairs.append((allocations[a], parse_number(p, field=f"{name}.{a}")))
            except InputError as e:
                fail(f"distribution {name!r}: {e.message}", e.field)
        try:
            distributions[name] = Lottery.of(pairs)
        except InputError as e:
            fail(f"distribution {name!r}: {e.message}", name)
    clash = sorted(set(allocations) & set(distributions))
    if clash:
        fail(f"{clash[0]!r} names both an allocation and a distribution", clash[0])

    raw_claims = data.get("claim", [])
    if not isinstance(raw_claims, list) or not raw_claims:
        fail("a claims file needs at least one [[claim]] table", "claim")
    starts = _claim_lines(text)
    claims: list[Claim] = []
    seen: set[str] = set()
    names = {"allocations": allocations, "distributions": distributions}
    for k, c in enumerate(raw_claims):
        start = starts[k] if k < len(starts) else None
        claims.append(_parse_claim(c, k, start, file, text, inst, names))
        if claims[-1].id in seen:
            raise ClaimError("duplicate claim id", claim=claims[-1].id, file=file, field="id",
                             line=_key_line(text, start, "id"))
        seen.add(claims[-1].id)
    return ClaimsFile(file, data.get("title", ""), data.get("source", ""), inst, instance_path,
                      allocations, distributions, tuple(claims), data)


def _parse_claim(c, k, start, file, text, inst, names) -> Claim:
    cid = c.get("id") if isinstance(c, dict) else None

    def fail(msg, key=None):
        raise ClaimError(msg, claim=cid if isinstance(cid, str) else f"#{k + 1}", file=file,
                         field=key, line=_key_line(text, start, key) if key else start)

    if not isinstance(c, dict):
        fail("expected a table")
    if not isinstance(cid, str) or not cid.strip():
        fail("every claim needs an id (a string, as the source numbers it)", "id")
    for key in ("text", "note"):
        if key in c and not isinstance(c[key], str):
            fail("expected a string", key)
    if ("quantity" in c) == ("property" in c):
        fail("give exactly one of 'quantity' or 'property'", "quantity" if "quantity" in c else None)
    kind = "quantity" if "quantity" in c else "property"
    name = c[kind]
    table = QUANTITIES if kind == "quantity" else PROPERTIES
    if not isinstance(name, str) or name not in table:
        fail(f"unknown {kind} {name!r} (known: {', '.join(sorted(table))})", kind)
    spec: Spec = table[name]
    allowed = CLAIM_KEYS | set(spec.required) | set(spec.optional)
    unknown = sorted(set(c) - allowed)
    if unknown:
        fail(f"unknown key for {kind} {name!r} (allowed here: "
             f"{', '.join(sorted(set(spec.required) | set(spec.optional)))})", unknown[0])
    for key in spec.required:
        if key not in c:
            fail(f"{kind} {name!r} needs '{key}'", key)
    params = {}
    for key in set(spec.required) | set(spec.optional):
        if key in c:
            try:
                params[key] = spec.check(key, c[key], inst, names)
            except InputError as e:
                fail(e.message, key)
    problem = _combination_problem(name, params)
    if problem:
        fail(problem, problem.split("'")[1] if "'" in problem else None)
    # what the source states
    rels = [r for r in RELATIONS if r in c]
    if kind == "property":
        if rels:
            fail("a property claim states 'holds = true|false', not a value", rels[0])
        holds = c.get("holds", True)
        if not isinstance(holds, bool):
            fail("expected true or false", "holds")
        stated = Stated("holds", holds, "holds" if holds else "does not hold")
    else:
        if "holds" in c:
            fail("a quantity claim states a value (equals, less_than, ...), not 'holds'", "holds")
        if len(rels) != 1:
            fail(f"state exactly one of {', '.join(RELATIONS)}", rels[1] if rels else None)
        rel = rels[0]
        try:
            stated = _stated(rel, c[rel], spec)
        except InputError as e:
            fail(e.message, rel)
        width = _expected_width(name, params, inst)
        if isinstance(stated.value, tuple) and width is not None:
            points = stated.value and isinstance(stated.value[0], tuple)
            for v in (stated.value if points else [stated.value] if spec.shape != "points" else []):
                if len(v) != width:
                    fail(f"{len(v)} numbers stated, but the {name} has {width} "
                         f"({'allocations listed' if 'over' in params else 'agents'})", rel)
        elif isinstance(stated.value, tuple) and spec.shape != "points":
            fail(f"a list is stated, but the {name} is a single number", rel)
    return Claim(cid, c.get("text", ""), kind, name, params, stated, start, c.get("note", ""))


def _expected_width(name: str, params: dict, inst) -> int | None:
    """How many numbers a stated vector (or each stated point) must have."""
    if name in ("tight solution", "extreme points"):
        return len(params["over"])
    if name == "value vector" or (name in ("PS", "MMS", "total", "mean", "variance", "SD")
                                  and "agent" not in params):
        return inst.n
    return None


def _combination_problem(name: str, params: dict) -> str | None:
    """Checks across keys that a per-key validator cannot make."""
    if name == "every minimizer":
        modes = [m for m in ("satisfies", "violates", "has") if m in params]
        if len(modes) != 1:
            return "'every minimizer' needs exactly one of 'satisfies', 'violates' or 'has'"
    preds = [params.get(k) for k in ("satisfies", "violates", "has", "satisfying")] + [name]
    if any(x in ("rho-MMS", "MMS ratio at most") for x in preds) and "rho" not in params:
        return "'rho' is required with rho-MMS / MMS ratio at most"
    if "rho" in params and not any(x in ("rho-MMS", "MMS ratio at most") for x in preds):
        return "'rho' is only meaningful with rho-MMS / MMS ratio at most"
    if name.endswith("definite") and params.get("matrix") == "x x^T" and "agent" not in params:
        return "'agent' is required with matrix = \"x x^T\""
    return None


def _number(x, rel):
    """An exact number, or (in a string) an exact expression such as "1/4 * (92^2 + 24^2)" or
    "sqrt(1439)", so a claim can state a value the way the source writes it."""
    try:
        return parse_number(x, field=rel, allow_negative=True)
    except InputError:
        if not isinstance(x, str):
            raise
        from .expr import evaluate
        try:
            return evaluate(x)
        except InputError as e:
            raise InputError(f"not an exact number or expression: {x!r} ({e.message})") from None


def _stated(rel: str, value, spec: Spec) -> Stated:
    symbol = RELATIONS[rel]
    if symbol == "~":
        if isinstance(value, (bool, int)) or not isinstance(value, (str, Decimal)):
            raise InputError("state an approximate value as a decimal, e.g. 0.904 or \"90.4%\"")
        s = str(value).strip()
        percent = s.endswith("%")
        s = s.rstrip("%").strip()
        if not re.fullmatch(r"[+-]?\d+\.\d+|[+-]?\d+", s):
            raise InputError(f"not a plain decimal: {value!r}")
        digits = len(s.split(".")[1]) if "." in s else 0
        q = Fraction(Decimal(s))
        if percent:
            q, digits = q / 100, digits + 2
        return Stated("~", q, str(value), digits)
    if symbol != "=" or spec.shape == "scalar":
        if isinstance(value, list):
            raise InputError("expected one number")
        q = _number(value, rel)
        return Stated(symbol, q, str(value) if isinstance(value, (str, Decimal)) else fmt(q))
    if spec.shape in ("vector", "scalar or vector"):
        if isinstance(value, list):
            v = tuple(_number(x, rel) for x in value)
            return Stated("=", v, "(" + ", ".join(str(x) for x in value) + ")")
        if spec.shape == "vector":
            raise InputError("expected a list of numbers")
        q = _number(value, rel)
        return Stated("=", q, str(value) if isinstance(value, (str, Decimal)) else fmt(q))
    if spec.shape == "points":
        if not isinstance(value, list) or not all(isinstance(p, list) for p in value):
            raise InputError("expected a list of points (lists of numbers)")
        pts = tuple(sorted(tuple(_number(x, rel) for x in p) for p in value))
        return Stated("=", pts, "{" + ", ".join("(" + ", ".join(str(x) for x in p) + ")" for p in value) + "}")
    if spec.shape == "count":
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise InputError("expected a non-negative integer")
        return Stated("=", Fraction(value), str(value))
    raise InputError(f"cannot state a value for this quantity")  # pragma: no cover
