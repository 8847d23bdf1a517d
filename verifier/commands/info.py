"""`verifier info FILE`: the instance, PS and MMS (with a witness partition) of every agent, and,
for identical valuations, every distance minimizer with its EF1 / EFX / MMS status."""

from __future__ import annotations

import json
from pathlib import Path

from ..fairness import distance_minimizers, mms, squared_distance, status
from ..instance import Instance, load_instance
from ..numbers import fmt
from ..paths import EXAMPLES
from ..report import table

HELP = "show an instance: PS, MMS with witness partitions, distance minimizers"
DEFAULT = EXAMPLES / "example-4.5.toml"


def configure(p):
    p.add_argument("file", nargs="?", default=str(DEFAULT),
                   help="instance file, TOML or JSON (default: the shipped Example 4.5)")
    p.add_argument("--json", action="store_true", help="machine-readable output, exact 'p/q' strings")
    p.add_argument("--force", action="store_true", help="enumerate beyond the size limit")


def describe(inst: Instance, *, force: bool = False) -> dict:
    """Everything `info` shows, as JSON-ready data with exact numbers as strings."""
    agents = []
    for i in range(inst.n):
        share = mms(inst, i)
        agents.append({"agent": inst.agents[i], "total": fmt(inst.total(i)),
                       "PS": fmt(inst.proportional_share(i)), "MMS": fmt(share.value),
                       "MMS_partition": share.partition.names(inst)})
    out = {"name": inst.name, "agents": inst.n, "goods": list(inst.goods),
           "identical": inst.is_identical, "normalized": inst.is_normalized,
           "valuations": [[fmt(x) for x in row] for row in inst.valuations], "shares": agents}
    if inst.is_identical:
        dm = distance_minimizers(inst, force=force)
        out["distance_minimizers"] = {
            "squared_distance": fmt(dm.distance),
            "up_to_permutation": [{
                "allocation": a.names(inst),
                "value_vector": [fmt(x) for x in a.value_vector(inst)],
                "permutations": len(a.orbit()),
                **{k: v.holds for k, v in status(inst, a).items()},
            } for a in dm.representatives]}
    return out


def run(args) -> int:
    inst = load_instance(args.file)
    d = describe(inst, force=args.force)
    if args.json:
        print(json.dumps(d, indent=2))
        return 0
    kind = "identical" if d["identical"] else ("normalized" if d["normalized"] else "general")
    print(f"{inst.name or Path(args.file).name}: {inst.n} agents, {inst.m} goods, {kind} valuations")
    print(table(["agent"] + list(inst.goods), [[a] + [fmt(x) for x in row]
                                               for a, row in zip(inst.agents, inst.valuations)]))
    print()
    print(table(["agent", "v_i(M)", "PS_i", "MMS_i", "witness partition"],
                [[s["agent"], s["total"], s["PS"], s["MMS"],
                  " ".join("{" + ",".join(b) + "}" for b in s["MMS_partition"])] for s in d["shares"]]))
    if "distance_minimizers" in d:
        dm = d["distance_minimizers"]
        print(f"\ndistance minimizers (squared distance to (PS)^n = {dm['squared_distance']}), "
              "up to permutation of agents:")
        print(table(["allocation", "value vector", "perms", "EF1", "EFX", "MMS"],
                    [[" ".join("{" + ",".join(b) + "}" for b in r["allocation"]),
                      "(" + ", ".join(r["value_vector"]) + ")", str(r["permutations"]),
                      *("yes" if r[k] else "NO" for k in ("EF1", "EFX", "MMS"))]
                     for r in dm["up_to_permutation"]]))
    return 0
