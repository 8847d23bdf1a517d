"""Load a certificate safely, validate its header, dispatch on its kind; the kernel's command line.

Hostile input is rejected in bounded time and memory before any checking: a file larger than
MAX_BYTES is refused before it is read, the JSON text is refused if it has more than MAX_ITEMS
separators/containers (an upper bound on the number of values, hence on memory) or nesting deeper
than MAX_DEPTH, and integers longer than MAX_DIGITS digits, floats (inexact), NaN/Infinity and
duplicate keys are refused while parsing. Any failure of a checker — including an unexpected
exception — is a rejection: the kernel never accepts by default.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path

from .base import FORMAT, HEADER, KINDS, VERSION, KernelError, Rejected

CHECKERS = {"theorem": "theorem", "lottery": "lottery", "instance": "finite"}  # kind -> module
INFORMATIONAL = {"source", "notes", "sizes"}  # statement keys a reference check ignores
MAX_BYTES = 32 * 2**20       # a certificate file is at most 32 MiB
MAX_ITEMS = 4_000_000        # at most this many ',' ':' '[' '{' in the text
MAX_DEPTH = 32               # nesting of arrays/objects
MAX_DIGITS = 2_000           # digits of a JSON integer (Python's own limit is not relied on)


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise Rejected("json", f"integer with {len(text)} digits exceeds the limit {MAX_DIGITS}")
    return int(text)


def _inexact(text: str):
    raise Rejected("json", f"inexact number {text[:40]}: write exact numbers as integers or 'p/q'")


def _object(pairs: list) -> dict:
    out = {}
    for k, v in pairs:
        if k in out:
            raise Rejected("json", f"duplicate key {k[:40]!r}")
        out[k] = v
    return out


def _depth(obj) -> int:
    """Nesting depth, iteratively (no recursion on hostile data)."""
    deepest, stack = 0, [(obj, 1)]
    while stack:
        x, d = stack.pop()
        if isinstance(x, (list, dict)):
            if d > MAX_DEPTH:
                return d
            deepest = max(deepest, d)
            stack.extend((y, d + 1) for y in (x.values() if isinstance(x, dict) else x))
    return deepest


def parse(data: bytes) -> dict:
    """The certificate object in ``data`` (bytes of a JSON file), or Rejected("json", ...)."""
    if len(data) > MAX_BYTES:
        raise Rejected("json", f"{len(data)} bytes exceeds the limit {MAX_BYTES}")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise Rejected("json", f"not UTF-8 text ({e.reason} at byte {e.start})") from None
    items = sum(text.count(c) for c in ",:[{")
    if items > MAX_ITEMS:
        raise Rejected("json", f"{items} JSON items exceeds the limit {MAX_ITEMS}")
    try:
        obj = json.loads(text, parse_int=_int, parse_float=_inexact, parse_constant=_inexact,
                         object_pairs_hook=_object)
    except RecursionError:
        raise Rejected("json", f"nesting deeper than the limit {MAX_DEPTH}") from None
    except json.JSONDecodeError as e:
        raise Rejected("json", f"not JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    if _depth(obj) > MAX_DEPTH:
        raise Rejected("json", f"nesting deeper than the limit {MAX_DEPTH}")
    if not isinstance(obj, dict):
        raise Rejected("json", "a certificate is a JSON object", found=type(obj).__name__)
    return obj


def load(path) -> dict:
    """Read and parse a certificate file, refusing oversized files before reading them."""
    try:
        size = os.stat(path).st_size
        if size > MAX_BYTES:
            raise Rejected("json", f"file of {size} bytes exceeds the limit {MAX_BYTES}")
        with open(path, "rb") as f:
            data = f.read(MAX_BYTES + 1)  # also bounded if the file grows or is not a regular file
    except OSError as e:
        raise Rejected("file", f"cannot read: {e.strerror or e}") from None
    return parse(data)


def check_header(cert: dict) -> str:
    """Validate the header every kind shares; return the kind."""
    missing = [k for k in HEADER if k not in cert]
    if missing:
        raise Rejected("header", f"missing key(s) {', '.join(missing)}")
    expected = {"format": FORMAT, "version": VERSION, "verification": "unverified"}
    for key, want in expected.items():
        if cert[key] != want or type(cert[key]) is not type(want):
            raise Rejected("header", f"'{key}' must be {want!r}", expected=want, found=cert[key])
    if cert["kind"] not in KINDS:
        raise Rejected("header", "unknown kind", expected=" | ".join(KINDS), found=cert["kind"])
    for key in ("producer", "statement"):
        if not (isinstance(cert[key], str) and cert[key].strip()):
            raise Rejected("header", f"'{key}' must be a non-empty string", found=cert[key])
    return cert["kind"]


def load_theorems(folder) -> dict[str, tuple[Path, dict]]:
    """The reference statements: name -> (file, data) for every *.toml in ``folder``."""
    import tomllib
    if not Path(folder).is_dir():
        raise FileNotFoundError(str(folder))
    out = {}
    for p in sorted(Path(folder).glob("*.toml")):
        with open(p, "rb") as f:
            data = tomllib.load(f)
        out[str(data.get("name"))] = (p, data)
    return out


def check_reference(cert: dict, theorems: dict) -> None:
    """A theorem certificate carries its statement's data; with reference files given, that data
    must equal the reference file of the same name (so it cannot be weakened), except for the
    keys that do not change the statement's meaning (INFORMATIONAL)."""
    data = cert.get("theorem")
    name = str(data.get("name")) if isinstance(data, dict) else None
    if name not in theorems:
        raise Rejected("theorem", f"no reference statement named {name!r:.80}")
    path, ref = theorems[name]
    keys = sorted(k for k in (set(data) | set(ref)) - INFORMATIONAL if data.get(k) != ref.get(k))
    if keys:
        raise Rejected("theorem", f"statement data differs from {path} in {', '.join(keys)}",
                       expected={k: ref.get(k) for k in keys}, found={k: data.get(k) for k in keys})


def check(cert: dict, theorems: dict | None = None) -> str:
    """Check one parsed certificate: header, then the kind's own checker ``check(cert) -> str``
    and, if the checker module defines ``statement(cert) -> str``, that the header's statement is
    exactly that text. Returns the checker's summary; raises Rejected. ``theorems``: see
    check_reference."""
    kind = check_header(cert)
    if kind == "theorem" and theorems is not None:
        check_reference(cert, theorems)
    try:
        module = importlib.import_module(f".{CHECKERS[kind]}", __package__)
    except ImportError as e:
        raise Rejected("kind", f"no checker for kind {kind!r} in this kernel ({e})") from None
    try:
        summary = module.check(cert)
        if kind == "theorem" and theorems is None:
            summary += " (statement data as carried: not compared with a reference file)"
        derive = getattr(module, "statement", None)  # optional: the statement a cert must carry
        if derive is not None and cert["statement"] != derive(cert):
            raise Rejected("header", "'statement' is not this certificate's statement",
                           expected=derive(cert), found=cert["statement"])
        return summary
    except KernelError:
        raise
    except Exception as e:  # a malformed certificate tripping a checker is still a rejection
        raise Rejected("structure", f"malformed {kind} certificate: {type(e).__name__}: {e}") from None


def check_file(path, theorems: dict | None = None) -> str:
    return check(load(path), theorems)


def certificate_files(paths) -> list[Path]:
    """The files named, and every *.json below the folders named (sorted); FileNotFoundError if a
    path does not exist."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*.json") if q.is_file()))
        elif p.exists():
            out.append(p)
        else:
            raise FileNotFoundError(str(p))
    return out


def one_line(text: str, limit: int = 400) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[:limit - 3] + "..."


def run(paths, theorems=None, out=print) -> int:
    """Check every certificate under ``paths``; print CHECKED or REJECTED per file. ``theorems``:
    a folder of reference statements (*.toml) that theorem certificates must match. Exit status:
    0 when all are checked, 1 when any is rejected, 2 for unusable input (missing path, none found)."""
    try:
        files = certificate_files(paths)
        reference = None if theorems is None else load_theorems(theorems)
    except FileNotFoundError as e:
        print(f"error: no such file or folder: {e}", file=sys.stderr)
        return 2
    except (OSError, ValueError) as e:  # tomllib.TOMLDecodeError is a ValueError
        print(f"error: reference statements in {theorems}: {e}", file=sys.stderr)
        return 2
    if not files:
        print("error: no certificate files (*.json) found", file=sys.stderr)
        return 2
    rejected = 0
    for f in files:
        try:
            out(f"CHECKED  {f}: {one_line(check_file(f, reference))}")
        except KernelError as e:
            rejected += 1
            out(f"REJECTED {f}: {one_line(e)}")
    out(f"{len(files) - rejected} checked, {rejected} rejected")
    return 1 if rejected else 0


USAGE = """usage: python -m verifier.kernel [--theorems DIR] PATH...
  PATH            certificate files or folders (recursing into *.json)
  --theorems DIR  theorem certificates must carry exactly the statement of DIR/*.toml by name"""


def main(argv=None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    theorems = None
    if args[:1] == ["--theorems"] and len(args) > 1:
        theorems, args = args[1], args[2:]
    if not args or args[0].startswith("-"):
        help_asked = args[:1] in (["-h"], ["--help"])
        print(USAGE, file=sys.stdout if help_asked else sys.stderr)
        return 0 if help_asked else 2
    return run(args, theorems)
