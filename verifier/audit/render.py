"""Audit output: a table per file with a summary line, JSON, and a Markdown report for authors
(refuted claims first, with the exact values)."""

from __future__ import annotations

import json
from pathlib import Path

from ..report import table
from .evaluate import CONFIRMED, REFUTED, UNDECIDED, Result

ORDER = {REFUTED: 0, UNDECIDED: 1, CONFIRMED: 2}


def subject(claim) -> str:
    """A short phrase for what is claimed: 'objective sov(D_min)', 'every minimizer (sov) has empty bundle'."""
    p = claim.params
    args = []
    if "objective" in p and claim.name not in ("every minimizer",):
        args.append(p["objective"])
    if "of" in p:
        args.append(", ".join(p["of"]) if isinstance(p["of"], tuple) else p["of"])
    if "agent" in p:
        args.append(f"agent {claim.params['agent'] + 1}")
    if "expr" in p:
        args.append(p["expr"])
    if "matrix" in p:
        args.append(p["matrix"])
    text = claim.name + (f"({'; '.join(args)})" if args else "")
    if claim.name == "every minimizer":
        mode = next(m for m in ("satisfies", "violates", "has") if m in p)
        text = f"every {p['objective']} minimizer {mode} {p[mode]}"
    if "satisfying" in p:
        text += f" {p['satisfying']}"
    if "rho" in p:
        text += f" rho={p['rho']}"
    if p.get("up_to_permutation"):
        text += " up to permutation"
    if "zero" in p:
        text += f" with {', '.join(p['zero'])} = 0"
    if "over" in p:
        text += f" over {', '.join(p['over'])}"
    return text


def stated_text(r: Result) -> str:
    s = r.claim.stated
    if s.relation == "holds":
        return f"{subject(r.claim)}: {'yes' if s.value else 'no'}"
    sym = {"=": "=", "<": "<", "<=": "<=", ">": ">", ">=": ">=", "~": "≈"}[s.relation]
    return f"{subject(r.claim)} {sym} {s.text}"


def computed_text(r: Result) -> str:
    if r.verdict == UNDECIDED:
        return f"({r.reason})"
    if r.claim.stated.relation == "holds":
        return "yes" if r.computed else "no"
    return r.computed_text


def summary(audits) -> str:
    rs = [r for a in audits for r in a.results]
    n = {v: sum(1 for r in rs if r.verdict == v) for v in (CONFIRMED, REFUTED, UNDECIDED)}
    return (f"{len(rs)} claims in {len(audits)} file(s): {n[CONFIRMED]} confirmed, "
            f"{n[REFUTED]} refuted, {n[UNDECIDED]} undecided")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[:width - 1] + "…"


def text_report(audits, *, width: int = 70) -> str:
    out = []
    for a in audits:
        cf = a.claims_file
        out.append(f"{cf.path}: {cf.title or cf.instance.name or f'{cf.instance.n} agents, {cf.instance.m} goods'}")
        rows = [[r.claim.id, _short(stated_text(r), width), _short(computed_text(r), width), r.verdict]
                for r in a.results]
        out.append(table(["claim", "the source states", "computed", "verdict"], rows))
        for r in a.results:
            if r.verdict == REFUTED:
                out.append(f"  REFUTED {r.claim.id}: computed {r.computed_text}"
                           + (f"; {r.witness}" if r.witness else ""))
        out.append("")
    out.append(summary(audits))
    return "\n".join(out)


def result_json(r: Result) -> dict:
    s = r.claim.stated
    return {"id": r.claim.id, "text": r.claim.text, "kind": r.claim.kind, "name": r.claim.name,
            "stated": {"relation": s.relation, "value": s.text if s.relation != "holds" else s.value},
            "verdict": r.verdict, "computed": r.computed, "computed_text": r.computed_text,
            "witness": r.witness, "reason": r.reason, "method": r.method, "line": r.claim.line}


def json_report(audits) -> str:
    return json.dumps({"files": [{"file": a.claims_file.path, "title": a.claims_file.title,
                                  "claims": [result_json(r) for r in a.results]} for a in audits],
                       "summary": summary(audits)}, indent=2, ensure_ascii=False)


def _md(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def markdown_report(audits) -> str:
    """A report fit to send to the authors: refuted claims first, each with the exact value."""
    rs = [(a.claims_file, r) for a in audits for r in a.results]
    out = ["# Audit of the claims", "", summary(audits) + ".", "",
           "Every value below is exact (rationals as p/q, square roots symbolic; decimals after ≈ "
           "are for reading only).", ""]
    for verdict, title in ((REFUTED, "Refuted claims"), (UNDECIDED, "Undecided claims"),
                           (CONFIRMED, "Confirmed claims")):
        group = [(cf, r) for cf, r in rs if r.verdict == verdict]
        if not group:
            continue
        out += [f"## {title} ({len(group)})", ""]
        if verdict != CONFIRMED:
            for cf, r in group:
                out += [f"### {r.claim.id}", "",
                        f"- where: `{Path(cf.path).name}` line {r.claim.line} ({cf.title})",
                        f"- the paper: {_md(r.claim.text)}" if r.claim.text else "- the paper: (no text)",
                        f"- checked: {_md(stated_text(r))}",
                        f"- computed: {_md(computed_text(r))}"]
                if r.witness:
                    out.append(f"- witness: {_md(r.witness)}")
                if r.claim.note:
                    out.append(f"- note: {_md(r.claim.note)}")
                out.append("")
        else:
            out += ["| claim | checked | computed |", "|---|---|---|"]
            out += [f"| {_md(r.claim.id)} | {_md(stated_text(r))} | {_md(computed_text(r))} |"
                    for _, r in group]
            out.append("")
    return "\n".join(out)
