"""Audit certificates (kind "instance"), re-verified by verifier/kernel/finite.py.

The certificate carries the instance, the named allocations (owner maps) and distributions, and
per claim the normalized quantity or property, the stated value, the computed exact value and the
verdict. The kernel recomputes every value from the instance alone (re-enumerating allocations for
MMS, counts and uniqueness) and recomputes every verdict. Claims outside the kernel's vocabulary
(uniqueness, "every minimizer", extreme points, definiteness, square roots, undecided ones) are
listed under "uncertified" with the reason; they are reported, never counted as checked. An
"optimum" or "minimizer" claim for sov / sovor over all allocations embeds the lottery optimizer's
certificate ("lottery"), which the kernel checks in full (header, statement, proof).

The header's "statement" is verifier.kernel.finite.statement(cert): the instance, allocations,
distributions and one line per claim (id, kind, name, parameters, exact value, stated relation and
value, verdict) and per uncertified claim, rendered from the content. The kernel re-renders it and
compares, so a change to what is claimed that keeps it true still mismatches the header.
"""

from __future__ import annotations

import json
from pathlib import Path

from .. import __version__
from ..kernel.finite import statement
from ..numbers import to_json_number
from . import audit, load_claims
from .evaluate import UNDECIDED

# what verifier/kernel/finite.py re-checks
KERNEL_QUANTITIES = {"PS", "MMS", "total", "value vector", "value", "squared distance",
                     "minimum squared distance", "mean", "variance", "objective",
                     "objective ratio", "MMS ratio", "count", "permutations",
                     "permuted value vectors", "optimum"}
KERNEL_PROPERTIES = {"EF", "EF1", "EFX", "EFX0", "MMS", "PROP", "rho-MMS", "empty bundle",
                     "distance minimizer", "MMS ratio at most", "ex-ante PROP",
                     "unique up to permutation", "normalized", "identical", "positive values",
                     "good above half", "PROP allocation exists", "Lemma 6.1 hypotheses",
                     "minimizer"}
LOTTERY_OBJECTIVES = {"sov", "sovor"}  # optimality rests on a lottery certificate with a value
KERNEL_OBJECTIVES = {"sov", "sovor", "max-var", "var-of-vars"}
KERNEL_RELATIONS = {"=", "<", "<=", ">", ">=", "holds"}


def _param(v):
    if isinstance(v, tuple):
        return [_param(x) for x in v]
    if isinstance(v, bool) or isinstance(v, (int, str)):
        return v
    return to_json_number(v)


def _stated(s):
    if s.relation == "holds":
        return s.value
    if isinstance(s.value, tuple):
        return [_stated_value(x) for x in s.value]
    return _stated_value(s.value)


def _stated_value(x):
    if isinstance(x, tuple):
        return [_stated_value(y) for y in x]
    return to_json_number(x)


def _why_not(r) -> str | None:
    c = r.claim
    if r.verdict == UNDECIDED:
        return f"undecided: {r.reason}"
    if c.name not in (KERNEL_QUANTITIES if c.kind == "quantity" else KERNEL_PROPERTIES):
        return f"{c.kind} {c.name!r} is outside the instance kernel's vocabulary"
    if c.name in ("optimum", "minimizer") and (c.params["objective"] not in LOTTERY_OBJECTIVES
                                               or "over" in c.params):
        return "optimality is certified for sov / sovor over all allocations only"
    if c.params.get("objective", "sov") not in KERNEL_OBJECTIVES:
        return f"objective {c.params['objective']} involves square roots"
    if c.stated.relation not in KERNEL_RELATIONS:
        return "approximate statements are not certified"
    if not _rational(c.stated.value):
        return "the stated value is irrational"
    return None


def _rational(v) -> bool:
    from fractions import Fraction
    if isinstance(v, tuple):
        return all(_rational(x) for x in v)
    return isinstance(v, (bool, int, Fraction))


def build(claims_path) -> dict:
    """The certificate dict for one claims file (canonical: lists in file order, sorted keys)."""
    cf = load_claims(claims_path)
    fa = audit(cf)
    inst = cf.instance
    claims, uncertified, lotteries = [], [], {}
    for r in fa.results:
        why, lottery = _why_not(r), None
        if not why and r.claim.name in ("optimum", "minimizer"):
            obj = r.claim.params["objective"]
            if obj not in lotteries:
                lotteries[obj] = _lottery_certificate(inst, obj)
            lottery = lotteries[obj]
            why = lottery if isinstance(lottery, str) else None
        if why:
            uncertified.append({"id": r.claim.id, "reason": why})
            continue
        claims.append({"id": r.claim.id, "kind": r.claim.kind, "name": r.claim.name,
                       "params": {k: _param(v) for k, v in sorted(r.claim.params.items())},
                       "relation": r.claim.stated.relation, "stated": _stated(r.claim.stated),
                       "computed": r.computed, "verdict": r.verdict,
                       **({"lottery": lottery} if lottery else {})})
    cert = {"format": "verifier-certificate", "version": 1, "kind": "instance",
            "producer": f"verifier {__version__}", "statement": "", "verification": "unverified",
            "source": f"{Path(cf.path).name} ({cf.title or inst.name})",
            "instance": {"agents": list(inst.agents), "goods": list(inst.goods),
                         "valuations": [[to_json_number(x) for x in row] for row in inst.valuations]},
            "allocations": {k: list(a.owner) for k, a in cf.allocations.items()},
            "distributions": {k: [[cf.allocation_name(a), to_json_number(p)] for a, p in lot.support]
                              for k, lot in cf.distributions.items()},
            "claims": claims, "uncertified": uncertified}
    cert["statement"] = statement(cert)  # rendered from the content, as the kernel re-renders it
    return cert


def _lottery_certificate(inst, obj: str) -> dict | str:
    """The optimizer's lottery certificate for ``obj`` on ``inst``, or the reason there is none."""
    from ..errors import VerifierError
    try:
        from ..optimize import lottery_certificate, solve
        return lottery_certificate(inst, solve(inst, obj))
    except (ImportError, VerifierError) as e:
        return f"no lottery certificate: {e}"


def dumps(cert: dict) -> str:
    """Canonical text: regeneration is byte-identical."""
    return json.dumps(cert, indent=1, sort_keys=True) + "\n"  # the kernel contract's canonical form
