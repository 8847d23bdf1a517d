"""Instances: n agents, m goods, additive valuations v_i(g) as exact rationals (Section 2.1).

File format (TOML or JSON, same keys; see README "Instance files"):

    name = "Example 4.5"                  # optional, free text
    source = "Babaioff & Grofman 2026"    # optional, free text
    agents = 3                            # a count, or a list of names
    goods = ["a", "b", "c", "d", "e", "f"]  # a list of names, or a count
    valuation = [825, 552, 528, 384, 360, 351]   # ONE shared row: identical valuations
    # or
    valuations = [[4, 96], [38, 62]]      # one row per agent

Numbers are integers, "p/q" strings or decimals (0.1 is exactly 1/10, in JSON too).
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Iterable, Sequence

from .errors import InputError
from .numbers import parse_number, to_json_number

Valuation = tuple[Fraction, ...]
KEYS = {"name", "source", "agents", "goods", "valuation", "valuations"}


@dataclass(frozen=True)
class Instance:
    """n agents with additive valuations over m goods. ``valuations[i][g]`` is v_i({g})."""

    valuations: tuple[Valuation, ...]
    goods: tuple[str, ...]
    agents: tuple[str, ...]
    shared: bool = False  # declared with a single shared row
    name: str = ""
    source: str = ""
    _totals: tuple[Fraction, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        if not self.valuations or not self.goods:
            raise InputError("an instance needs at least one agent and one good")
        if any(len(row) != len(self.goods) for row in self.valuations):
            raise InputError("ragged valuation matrix", field="valuations")
        if len(self.agents) != len(self.valuations):
            raise InputError("agent names do not match the valuation rows", field="agents")
        object.__setattr__(self, "_totals", tuple(sum(row, Fraction(0)) for row in self.valuations))

    # -- constructors ---------------------------------------------------------------------
    @classmethod
    def identical(cls, values: Iterable, n: int, goods: Sequence[str] | None = None,
                  name: str = "") -> "Instance":
        """n agents sharing one additive valuation."""
        row = tuple(parse_number(x, field="valuation") for x in values)
        if n < 1:
            raise InputError("need at least one agent", field="agents")
        return cls((row,) * n, _good_names(goods, len(row)), _agent_names(None, n), True, name)

    @classmethod
    def general(cls, rows: Iterable[Iterable], goods: Sequence[str] | None = None,
                name: str = "") -> "Instance":
        """One valuation row per agent."""
        rows = tuple(tuple(parse_number(x, field=f"valuations[{i}]") for x in row)
                     for i, row in enumerate(rows))
        if not rows:
            raise InputError("need at least one agent", field="valuations")
        return cls(rows, _good_names(goods, len(rows[0])), _agent_names(None, len(rows)), False, name)

    # -- the paper's notation -------------------------------------------------------------
    @property
    def n(self) -> int:
        return len(self.valuations)

    @property
    def m(self) -> int:
        return len(self.goods)

    @property
    def is_identical(self) -> bool:
        """All agents have the same valuation (declared shared or equal rows)."""
        return all(row == self.valuations[0] for row in self.valuations)

    @property
    def is_normalized(self) -> bool:
        """v_i(M) is the same for every agent (Section 2.1)."""
        return len(set(self._totals)) == 1

    def total(self, i: int) -> Fraction:
        """v_i(M)."""
        return self._totals[i]

    def value(self, i: int, bundle: Iterable[int]) -> Fraction:
        """v_i(S) for a bundle S given as good indices (additivity)."""
        row = self.valuations[i]
        return sum((row[g] for g in bundle), Fraction(0))

    def proportional_share(self, i: int) -> Fraction:
        """PS_i = v_i(M)/n (Definition 2.1)."""
        return self._totals[i] / self.n

    @property
    def proportional_shares(self) -> tuple[Fraction, ...]:
        """The vector (PS_1, ..., PS_n)."""
        return tuple(t / self.n for t in self._totals)

    def normalized(self, to: Fraction | int = 1) -> "Instance":
        """Rescale each agent so that v_i(M) = ``to`` (agents with v_i(M)=0 are left as they are)."""
        rows = tuple(row if t == 0 else tuple(x * Fraction(to) / t for x in row)
                     for row, t in zip(self.valuations, self._totals))
        return Instance(rows, self.goods, self.agents, self.shared, self.name, self.source)

    def good_index(self, name: str) -> int:
        try:
            return self.goods.index(name)
        except ValueError:
            raise InputError(f"unknown good {name!r} (goods are {', '.join(self.goods)})") from None

    # -- files ------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        d: dict = {}
        if self.name:
            d["name"] = self.name
        if self.source:
            d["source"] = self.source
        d["agents"] = list(self.agents) if self.agents != _agent_names(None, self.n) else self.n
        d["goods"] = list(self.goods)
        if self.shared:  # keep the declared form, so that save/load round-trips to an equal Instance
            d["valuation"] = [to_json_number(x) for x in self.valuations[0]]
        else:
            d["valuations"] = [[to_json_number(x) for x in row] for row in self.valuations]
        return d

    def save(self, path: str | Path) -> None:
        """Write TOML or JSON, by the file's suffix."""
        path = Path(path)
        d = self.to_dict()
        if path.suffix.lower() == ".json":
            path.write_text(json.dumps(d, indent=2) + "\n")
        else:
            path.write_text(to_toml(d))


def to_toml(d: dict) -> str:
    """Minimal TOML writer for flat tables of strings, ints and (nested) lists thereof."""
    def val(x):
        if isinstance(x, bool):
            return "true" if x else "false"
        if isinstance(x, (int,)):
            return str(x)
        if isinstance(x, str):
            # JSON escapes are TOML escapes, except surrogate pairs (so keep non-ASCII as is)
            # and DEL, which TOML requires escaped
            return json.dumps(x, ensure_ascii=False).replace("\x7f", "\\u007f")
        if isinstance(x, list):
            return "[" + ", ".join(val(y) for y in x) + "]"
        raise TypeError(type(x))
    return "".join(f"{k} = {val(v)}\n" for k, v in d.items())


def _agent_names(names, n: int) -> tuple[str, ...]:
    return tuple(names) if names is not None else tuple(str(i + 1) for i in range(n))


def _good_names(names, m: int) -> tuple[str, ...]:
    if names is None:
        return tuple(chr(ord("a") + g) if m <= 26 else f"g{g + 1}" for g in range(m))
    names = tuple(str(x) for x in names)
    if len(names) != m:
        raise InputError(f"{len(names)} good names for {m} values", field="goods")
    if len(set(names)) != len(names):
        raise InputError("duplicate good names", field="goods")
    return names


# ------------------------------------------------------------------------------- loading

def read_document(path: str | Path) -> tuple[dict, str]:
    """Parse a TOML or JSON file into a dict with exact numbers (floats via Decimal).

    Returns (data, text); raises InputError with the file and line for syntax errors.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", file=str(path)) from None
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(f"cannot read: {e}", file=str(path)) from None
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text, parse_float=Decimal, parse_constant=_reject_constant,
                              object_pairs_hook=_unique_keys)
        else:
            data = tomllib.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as e:
        raise InputError(f"malformed JSON: {e.msg}", file=str(path), line=e.lineno) from None
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        line = int(m.group(1)) if m else (len(text.splitlines()) or None
                                           if "end of document" in str(e) else None)
        raise InputError(f"malformed TOML: {e}", file=str(path), line=line) from None
    except InputError as e:
        raise e.located(file=str(path), line=line_of(text, e.field) if e.field else None) from None
    except (ValueError, RecursionError) as e:  # integers beyond Python's digit limit, deep nesting
        raise InputError(f"cannot parse: {str(e).split(';')[0]}", file=str(path)) from None
    if not isinstance(data, dict):
        raise InputError("expected a table/object at the top level", file=str(path))
    return data, text


def _unique_keys(pairs: list) -> dict:
    """JSON objects without repeated keys (json keeps the last silently; TOML refuses them)."""
    d = dict(pairs)
    if len(d) != len(pairs):
        seen: set = set()
        key = next(k for k, _ in pairs if k in seen or seen.add(k))
        raise InputError("key given twice", field=key)
    return d


def _reject_constant(name: str):
    raise InputError(f"non-finite number {name} is not allowed")


def line_of(text: str, key: str) -> int | None:
    """The first line where ``key`` is assigned (TOML ``key =`` at a line's start, or a quoted
    ``"key":`` / ``"key" =`` anywhere, as in one-line JSON)."""
    k = re.escape(key)
    pat = re.compile(rf'^\s*({k}\s*=|\[+\s*{k}\s*\]+)|"{k}"\s*[=:]')
    for no, line in enumerate(text.splitlines(), 1):
        if pat.search(line):
            return no
    return None


def instance_from_dict(d: dict, *, file: str | None = None, text: str = "") -> Instance:
    """Build an Instance from the file format's keys, locating errors in the file."""
    def fail(msg, key):
        raise InputError(msg, file=file, field=key, line=line_of(text, key) if key else None)

    unknown = sorted(set(d) - KEYS)
    if unknown:
        fail(f"unknown key (allowed: {', '.join(sorted(KEYS))})", unknown[0])
    if ("valuation" in d) == ("valuations" in d):
        fail("give exactly one of 'valuation' (shared row) or 'valuations' (one row per agent)",
             "valuations" if "valuations" in d else None)
    try:
        shared = "valuation" in d
        key = "valuation" if shared else "valuations"
        raw = d[key]
        if shared:
            if not isinstance(raw, list) or any(isinstance(x, list) for x in raw):
                fail("expected one row of numbers", key)
            rows = [raw]
        else:
            if not isinstance(raw, list) or not all(isinstance(r, list) for r in raw):
                fail("expected a list of rows (one per agent)", key)
            rows = raw
        if not rows:
            fail("zero agents (no valuation rows)", key)
        if not rows[0]:
            fail("zero goods", key)
        width = len(rows[0])
        for i, r in enumerate(rows):
            if len(r) != width:
                fail(f"ragged valuation matrix: row {i + 1} has {len(r)} values, row 1 has {width}", key)
        vals = [tuple(parse_number(x, field=f"{key}[{i}][{g}]" if not shared else f"{key}[{g}]")
                      for g, x in enumerate(r)) for i, r in enumerate(rows)]
        agents = d.get("agents")
        if shared:
            if agents is None:
                fail("a shared 'valuation' row needs 'agents' (a count or names)", "valuation")
        if isinstance(agents, bool) or (agents is not None and not isinstance(agents, (int, list))):
            fail("expected a count or a list of names", "agents")
        if isinstance(agents, int):
            if agents < 1:
                fail("zero agents", "agents")
            n, names = agents, None
        elif isinstance(agents, list):
            if not agents:
                fail("zero agents", "agents")
            n, names = len(agents), [str(a) for a in agents]
            if len(set(names)) != n:
                fail("duplicate agent names", "agents")
        else:
            n, names = len(rows), None
        if not shared and n != len(rows):
            fail(f"{n} agents but {len(rows)} valuation rows", "agents")
        if shared:
            vals = vals * n
        goods = d.get("goods")
        if isinstance(goods, bool) or (goods is not None and not isinstance(goods, (int, list))):
            fail("expected a count or a list of names", "goods")
        if isinstance(goods, int):
            if goods != width:
                fail(f"{goods} goods but {width} values per row", "goods")
            goods = None
        elif isinstance(goods, list) and len(goods) != width:
            fail(f"{len(goods)} good names but {width} values per row", "goods")
        for k in ("name", "source"):
            if k in d and not isinstance(d[k], str):
                fail("expected a string", k)
        return Instance(tuple(vals), _good_names(goods, width), _agent_names(names, n), shared,
                        d.get("name", ""), d.get("source", ""))
    except InputError as e:
        key = (e.field or "").split("[")[0] or None
        raise e.located(file=file, line=line_of(text, key) if key else None) from None


def load_instance(path: str | Path) -> Instance:
    """Load an instance file (TOML or JSON by suffix)."""
    data, text = read_document(path)
    return instance_from_dict(data, file=str(path), text=text)
