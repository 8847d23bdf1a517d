"""Build kind "theorem" certificates (checked by verifier/kernel/theorem.py)."""

from __future__ import annotations

import tomllib
from pathlib import Path

from .. import __version__
from ..errors import VerifierError
from ..kernel.base import FORMAT, VERSION


class NotProved(VerifierError):
    """A certificate was asked for a size that is not PROVED (or witnessed)."""


def load_theorem(source) -> tuple[dict, str]:
    """(data, path) of a theorem: a dict, a path, or a name/stem in theorems/."""
    from ..errors import InputError
    from ..kernel.base import Rejected
    from ..kernel.statement import load_statement
    from ..paths import THEOREMS
    if isinstance(source, dict):
        data, path = source, "<statement>"
    else:
        path = Path(source)
        if not path.exists():
            stem = str(source).lower().replace(" ", "-").removesuffix(".toml")
            path = THEOREMS / f"{stem}.toml"
            if not path.exists():
                names = {tomllib.loads(p.read_text()).get("name", ""): p
                         for p in sorted(THEOREMS.glob("*.toml"))}
                if str(source) not in names:
                    raise InputError(f"no theorem file or name {str(source)!r}; known: "
                                     f"{sorted(p.stem for p in THEOREMS.glob('*.toml'))}")
                path = names[str(source)]
        try:
            data = tomllib.loads(path.read_text())
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise InputError(f"not valid TOML: {e}", file=str(path)) from None
    try:
        load_statement(data)
    except Rejected as e:
        raise InputError(e.message, file=str(path), field=_field_of(e.message)) from None
    return data, str(path)


def _field_of(message: str) -> str | None:
    import re
    found = re.search(r"'([a-z-]+)'", message)
    return found.group(1) if found else None


def certificate_of(data: dict, result) -> dict:
    """The certificate dict of a decided size (``result``: prover.SizeResult)."""
    head = {"format": FORMAT, "version": VERSION, "kind": "theorem",
            "producer": f"verifier {__version__}", "statement": data["statement"],
            "verification": "unverified", "theorem": data, "agents": result.n,
            "goods": result.m}
    if result.status == "WITNESSED":
        return {**head, "result": "witnessed", "witness": {"valuations": result.witness}}
    if result.status != "PROVED":
        raise NotProved(f"{data['name']} at n={result.n}, m={result.m} is {result.status}: "
                        f"{result.detail}")
    from ..certificates import canonical_theorem_certificate
    return canonical_theorem_certificate({**head, "result": "proved", "cases": [
        {"case": r.case, "refutation": r.refutation} for r in result.cases]})


def theorem_certificate(statement, n: int, m: int, *, jobs: int = 1, timeout: float = 30.0,
                        scheduler: str | None = None) -> dict:
    """Prove ``statement`` (dict, path or name) at n agents, m goods and return its certificate
    (kind "theorem"); raises NotProved when the size is not PROVED / witnessed."""
    from ..smt.prover import prove_size
    data, _ = load_theorem(statement)
    if data["quantifier"] == "exists":   # the timeout bounds the whole witness search
        timeout = max(timeout, 600.0)
    result = prove_size(data, n, m, jobs=jobs, timeout=timeout, scheduler=scheduler,
                        progress_bar=False)
    return certificate_of(data, result)
