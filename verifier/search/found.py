"""Write a found instance as the repository ships examples: an instance file, an audit claims
file (format of docs/audit.md, like examples/claims/example-4.5.toml) stating Proposition 4.8's
quantities for it, and, when the audit package can build one, a kind "instance" certificate.

The claims are then audited by verifier.audit (an independent re-derivation): a claim it does
not confirm is an error, so nothing is written that the exact evaluators do not back.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from ..errors import VerifierError
from ..instance import to_toml
from ..numbers import fmt
from .mms_ratio import Verified


def _q(x):
    return x.numerator if x.denominator == 1 else fmt(x)


def claims_document(v: Verified, instance_file: str) -> str:
    """TOML claims: MMS, the minimum distance, the distance minimizer attaining the ratio, its
    MMS ratio, and Proposition 4.8's statement 'every SoV minimizer gives some agent at most
    rho of her MMS' with rho the exact ratio."""
    inst = v.instance
    unique = len(v.minimizers) == 1
    lines = [
        "# Proposition 4.8's quantity for this instance, written by verifier.search.found and",
        "# confirmed by `verifier audit` before it was written.",
        f"# ratio = {fmt(v.ratio)} ~ {float(v.ratio):.6f} (Example 4.5: 275/304 ~ 0.904605)",
        to_toml({"title": f"{inst.name}: MMS ratio {fmt(v.ratio)}",
                 "source": inst.source or "verifier search mms-ratio (Proposition 4.8, footnote 13)",
                 "instance": instance_file}).rstrip("\n"),
        "",
        "[allocations]",
        f"P_min = {json.dumps(v.minimizer.names(inst))}",
        f"P_MMS = {json.dumps(v.mms_partition.names(inst))}",
    ]
    claims = [
        {"id": "identical valuations", "text": "three agents with identical additive valuations",
         "property": "identical"},
        {"id": "MMS", "text": f"MMS = {fmt(v.mms)}", "quantity": "MMS", "agent": 1,
         "equals": _q(v.mms)},
        {"id": "P_MMS is MMS-fair", "text": "the witness partition is MMS-fair",
         "property": "MMS", "of": "P_MMS"},
        {"id": "minimum distance", "text": f"min ||v(P) - (PS)^n||^2 = {fmt(v.squared_distance)}",
         "quantity": "minimum squared distance", "equals": _q(v.squared_distance)},
        {"id": "P_min is a distance minimizer", "text": "P_min minimizes the distance to (PS)^n",
         "property": "distance minimizer", "of": "P_min"},
        {"id": "MMS ratio of P_min", "text": f"min_i v(P_min_i) / MMS = {fmt(v.ratio)}",
         "quantity": "MMS ratio", "of": "P_min", "equals": _q(v.ratio)},
        {"id": "Proposition 4.8 on this instance",
         "text": f"every ex-ante proportional SoV-minimizing distribution gives some agent no more "
                 f"than {fmt(v.ratio)} of her MMS ex-post",
         "property": "every minimizer", "objective": "sov", "has": "MMS ratio at most",
         "rho": fmt(v.ratio)},
    ]
    if unique:
        claims.insert(4, {"id": "the only distance minimizer",
                          "text": "P_min is the only distance minimizer up to permutations",
                          "property": "unique up to permutation", "of": "distance minimizers",
                          "representative": "P_min"})
    for c in claims:
        lines += ["", "[[claim]]"] + to_toml(c).rstrip("\n").split("\n")
    return "\n".join(lines) + "\n"


def write_found(v: Verified, out: str | Path, stem: str, *, audit: bool = True,
                certificate: bool = True, source: str = "") -> dict[str, Path]:
    """Write OUT/STEM.toml (instance), OUT/claims/STEM.toml (claims, so that
    `verifier audit OUT/claims` audits the folder) and, if available,
    OUT/certificates/STEM.json. Returns the paths written."""
    if source:
        v = replace(v, instance=replace(v.instance, source=source))
    out = Path(out)
    paths = {"instance": out / f"{stem}.toml", "claims": out / "claims" / f"{stem}.toml"}
    paths["claims"].parent.mkdir(parents=True, exist_ok=True)
    v.instance.save(paths["instance"])
    paths["claims"].write_text(claims_document(v, f"../{stem}.toml"))
    if audit:
        from ..audit import CONFIRMED, audit_file
        bad = [r for r in audit_file(paths["claims"]).results if r.verdict != CONFIRMED]
        if bad:
            raise VerifierError(f"{paths['claims']}: the audit does not confirm "
                                f"{', '.join(repr(r.claim.id) for r in bad)}")
    if certificate:
        try:
            from ..audit import audit_certificate
            cert = audit_certificate(paths["claims"])
        except ImportError:   # the audit engineer's certificate builder is not there yet
            return paths
        paths["certificate"] = out / "certificates" / f"{stem}.json"
        paths["certificate"].parent.mkdir(exist_ok=True)
        paths["certificate"].write_text(json.dumps(cert, indent=1, sort_keys=True) + "\n")
    return paths


def regenerate(out: str | Path | None = None) -> list[Path]:
    """Rewrite the claims and certificates of every shipped mms-ratio instance in
    examples/found from its instance file (byte-identical when nothing changed)."""
    from ..instance import load_instance
    from ..paths import EXAMPLES
    from .mms_ratio import exact_ratio
    out = Path(out) if out else EXAMPLES / "found"
    written = []
    for f in sorted(out.glob("mms-ratio-*.toml")):
        inst = load_instance(f)
        written.extend(write_found(exact_ratio(inst), out, f.stem, source=inst.source).values())
    return written


if __name__ == "__main__":  # python -m verifier.search.found
    for p in regenerate():
        print(p)
