"""`verifier info FILE`: the instance, PS and MMS (with a witness partition) of every agent, and,
for identical valuations, every distance minimizer with its EF1 / EFX / MMS status."""

from __future__ import annotations

import json
import math
from pathlib import Path

from ..allocation import ENUMERATION_LIMIT, count_canonical
from ..errors import InputError, TooLarge
from ..fairness import distance_minimizers, mms, status
from ..instance import Instance, instance_from_dict, line_of, read_document
from ..numbers import fmt
from ..paths import EXAMPLES
from ..progress import progress
from ..report import table

HELP = "show an instance: PS, MMS with witness partitions, distance minimizers"
DEFAULT = EXAMPLES / "example-4.5.toml"


def configure(p):
    p.add_argument("file", nargs="?", default=str(DEFAULT),
                   help="instance file, TOML or JSON (default: the shipped Example 4.5)")
    p.add_argument("--json", action="store_true", help="machine-readable output, exact 'p/q' strings")
    p.add_argument("--force", action="store_true",
                   help=f"find distance minimizers even when the allocations up to permutation "
                        f"number more than {ENUMERATION_LIMIT}")


def describe(inst: Instance, *, force: bool = False) -> dict:
    """Everything `info` shows, as JSON-ready data with exact numbers as strings.

    Distance minimizers (identical valuations) are computed only when the allocations up to agent
    permutation, sum_{k<=n} S(m, k), number at most ENUMERATION_LIMIT (else TooLarge on field
    'goods'), unless ``force``: their number, and so the time, can approach that count (equal
    values make many ties), e.g. 3 agents and 13 goods of value 1 have 45045 minimizers.
    """
    if inst.is_identical and not force:
        size = count_canonical(inst.n, inst.m)
        if size > ENUMERATION_LIMIT:
            raise TooLarge(f"{inst.n} agents with identical valuations over {inst.m} goods have "
                           f"{size} allocations up to permutation, beyond the enumeration limit "
                           f"{ENUMERATION_LIMIT}; use --force to find the distance minimizers anyway",
                           field="goods")
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
                # n!/(n-k)! distinct relabellings, k = number of non-empty bundles
                "permutations": math.perm(inst.n, sum(1 for b in a.bundles if b)),
                **{k: v.holds for k, v in status(inst, a).items()},
            } for a in progress(dm.representatives, desc="fairness of minimizers")]}
    return out


def run(args) -> int:
    data, text = read_document(args.file)
    inst = instance_from_dict(data, file=args.file, text=text)
    try:
        d = describe(inst, force=args.force)
    except InputError as e:  # locate size errors in the file
        raise e.located(file=args.file, line=line_of(text, e.field) if e.field else None) from None
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
