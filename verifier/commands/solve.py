"""`verifier solve FILE --objective NAME`: the exact minimum of an objective over all ex-ante
proportional distributions, every optimal vertex with its support (allocations, value vectors,
EF1/EFX/MMS), whether the minimizer is unique, and the optimal face otherwise."""

from __future__ import annotations

import json
from pathlib import Path

from ..fairness import status
from ..instance import load_instance
from ..lottery import OBJECTIVES
from ..numbers import approx, fmt, value_text
from ..optimize import SOLVE_LIMIT, lottery_certificate, solve
from ..report import table

HELP = "exact global minimum of a lottery objective over ex-ante proportional distributions"


def configure(p):
    p.add_argument("file", help="instance file, TOML or JSON")
    p.add_argument("--objective", default="sov",
                   help="one of: " + ", ".join(OBJECTIVES) + " (default: sov)")
    p.add_argument("--json", action="store_true", help="machine-readable output, exact 'p/q' strings")
    p.add_argument("--force", action="store_true",
                   help=f"solve beyond {SOLVE_LIMIT} allocations (n^m)")
    p.add_argument("--certificate", metavar="OUT",
                   help="also write a lottery certificate (kernel-checkable proofs only) to OUT")


def describe(inst, sol) -> dict:
    """The solution as JSON-ready data (exact numbers as strings)."""
    def dist(d):
        return {"value": value_text(d.value), "mean": [fmt(x) for x in d.mean],
                "empty_bundle": d.empty_bundle,
                "support": [{"probability": fmt(p), "value_vector": [fmt(x) for x in vec],
                             "allocations": [{"bundles": a.names(inst),
                                              **{k: v.holds for k, v in status(inst, a).items()}}
                                             for a in allocs]}
                            for (p, vec), allocs in zip(d.outcomes, d.allocations)]}
    return {"instance": inst.name, "objective": sol.objective, "status": sol.status,
            "value": None if sol.value is None else value_text(sol.value),
            "bounds": None if sol.bounds is None else [value_text(b) for b in sol.bounds],
            "unique": sol.unique, "face": sol.face, "reason": sol.reason, "method": sol.method,
            "every_minimizer_has_empty_bundle": sol.every_minimizer_empty,
            "proof_method": sol.proof.get("method"), "candidates_evaluated": sol.vertices,
            "minimizers": [dist(d) for d in sol.minimizers],
            "best_found": [dist(d) for d in sol.incumbents]}


def run(args) -> int:
    inst = load_instance(args.file)
    sol = solve(inst, args.objective, force=args.force)
    if args.certificate:
        cert = lottery_certificate(inst, sol)
        Path(args.certificate).write_text(json.dumps(cert, indent=1, sort_keys=True) + "\n")
    if args.json:
        print(json.dumps(describe(inst, sol), indent=2))
        return 0
    obj = OBJECTIVES[sol.objective]
    print(f"{inst.name or Path(args.file).name}: minimize {obj.title} ({obj.reference}) over "
          f"ex-ante proportional distributions")
    if sol.status == "optimal":
        print(f"optimal value: {value_text(sol.value)} (~{approx(sol.value)})")
    else:
        print(f"status: UNKNOWN ({sol.reason})")
        if sol.bounds:
            print(f"certified bounds: [{value_text(sol.bounds[0])}, {value_text(sol.bounds[1])}]")
    print(f"method: {sol.method}")
    yn = {True: "yes", False: "no", None: "unknown"}
    print(f"unique minimizer: {yn[sol.unique]}" + (f" ({sol.face})" if sol.face else ""))
    print(f"every minimizer gives some agent an empty bundle with positive probability: "
          f"{yn[sol.every_minimizer_empty]}")
    shown = [("minimizer", d) for d in sol.minimizers] + [
        ("best distribution found (upper bound, not known optimal)", d) for d in sol.incumbents]
    for k, (label, d) in enumerate(shown, 1):
        print(f"\n{label} {k}: mean ({', '.join(fmt(x) for x in d.mean)})"
              + ("; uses an empty bundle" if d.empty_bundle else ""))
        rows = []
        for (p, vec), allocs in zip(d.outcomes, d.allocations):
            for r, a in enumerate(allocs[:5]):
                st = status(inst, a)
                rows.append([fmt(p) if r == 0 else "", "(" + ", ".join(map(fmt, vec)) + ")"
                             if r == 0 else "", a.text(inst),
                             *("yes" if st[k2] else "NO" for k2 in ("EF1", "EFX", "MMS"))])
            if len(allocs) > 5:
                rows.append(["", "", f"... {len(allocs) - 5} more allocations", "", "", ""])
        print(table(["prob", "value vector", "allocation", "EF1", "EFX", "MMS"], rows))
    return 0
