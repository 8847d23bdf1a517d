"""`verifier search mms-ratio|non-ef1|objective`: look for extremal examples (issue 7). Floats
and heuristics propose; every reported instance is re-verified exactly (verifier.fairness,
verifier.optimize) and, for mms-ratio, written with a claims file the audit confirms."""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

from ..numbers import fmt, parse_number

HELP = "search for extremal instances: MMS ratio (Prop. 4.8), non-EF1 minimizers, objectives"


def configure(p):
    sub = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    r = sub.add_parser("mms-ratio", help="identical valuations with a small Proposition 4.8 ratio")
    r.add_argument("--agents", type=int, default=3)
    r.add_argument("--goods", type=int, default=6)
    r.add_argument("--seed", type=int, default=0)
    r.add_argument("--budget", type=float, default=60.0, help="seconds (wall clock), default 60")
    r.add_argument("--target", help="stop once the exact ratio is at most this (e.g. 275/304)")
    r.add_argument("--restarts", type=int, help="stop after N restarts (exact replay of a seed)")
    r.add_argument("--out", metavar="DIR", help="write DIR/STEM.toml, DIR/claims/STEM.toml "
                   "(audited) and DIR/certificates/STEM.json")
    r.add_argument("--stem", help="file stem (default mms-ratio-NxM-seedS)")
    r.add_argument("--json", action="store_true")
    r.set_defaults(search_run=_run_mms_ratio)

    e = sub.add_parser("non-ef1", help="smallest instances whose every minimizer is not EF1 ex post")
    e.add_argument("--agents", type=int, default=2)
    e.add_argument("--objective", default="sov",
                   help="a verifier.lottery objective, or 'all' (default sov)")
    e.add_argument("--max-goods", type=int, default=3)
    e.add_argument("--max-value", type=int, default=8, help="largest integer value tried (default 8)")
    e.add_argument("--budget", type=float, default=120.0, help="seconds, default 120")
    e.add_argument("--json", action="store_true")
    e.set_defaults(search_run=_run_non_ef1)

    o = sub.add_parser("objective", help="Section 7: does a candidate objective's ex-ante-PROP "
                       "minimizer fail EF1 ex post?")
    o.add_argument("--objective", required=True,
                   help="a built-in name (see docs/search.md) or module:function of the variances")
    o.add_argument("--max-value", type=int, default=12, help="Lemma 6.1 family: values 1..N")
    o.add_argument("--grid", type=int, default=24, help="probability grid 1/G for candidates")
    o.add_argument("--budget", type=float, default=60.0)
    o.add_argument("--json", action="store_true")
    o.set_defaults(search_run=_run_objective)


def run(args) -> int:
    return args.search_run(args)


def _run_mms_ratio(args) -> int:
    from ..search.found import write_found
    from ..search.mms_ratio import search
    target = parse_number(args.target, field="--target") if args.target else None
    res = search(args.goods, n=args.agents, seed=args.seed, budget=args.budget, target=target,
                 max_restarts=args.restarts)
    if res.best is None or res.best.ratio == 1:
        print(f"nothing found: no instance with ratio below 1 in {res.restarts} restart(s), "
              f"{res.total_seconds:.1f} s (seed {args.seed}); try a larger --budget")
        return 3
    v = res.best
    d = {"agents": args.agents, "goods": args.goods, "seed": args.seed,
         "valuation": list(res.integers), "ratio": fmt(v.ratio), "ratio_approx": float(v.ratio),
         "MMS": fmt(v.mms), "minimizer": v.minimizer.names(v.instance),
         "minimizer_values": [fmt(x) for x in v.minimizer.value_vector(v.instance)],
         "distance_minimizers_up_to_permutation": len(v.minimizers),
         "MMS_partition": v.mms_partition.names(v.instance),
         "seconds_to_best": round(res.seconds, 2), "seconds": round(res.total_seconds, 2),
         "restarts": res.restarts, "beats_275_304": v.ratio < Fraction(275, 304)}
    if args.out:
        stem = args.stem or f"mms-ratio-{args.agents}x{args.goods}-seed{args.seed}"
        source = (f"verifier search mms-ratio --agents {args.agents} --goods {args.goods} "
                  f"--seed {args.seed} --budget {args.budget:g}")
        d["files"] = {k: str(p) for k, p in write_found(v, args.out, stem, source=source).items()}
    if args.json:
        print(json.dumps(d, indent=2))
        return 0
    print(f"best exact ratio {d['ratio']} ~ {d['ratio_approx']:.6f} "
          f"({'below' if d['beats_275_304'] else 'not below'} 275/304 ~ 0.904605)")
    print(f"valuation {d['valuation']}  MMS {d['MMS']}  partition {d['MMS_partition']}")
    print(f"distance minimizer {d['minimizer']} values ({', '.join(d['minimizer_values'])}); "
          f"{d['distance_minimizers_up_to_permutation']} minimizer(s) up to permutation")
    print(f"found after {d['seconds_to_best']} s of {d['seconds']} s, {res.restarts} restarts, "
          f"seed {args.seed} (verified by verifier.fairness)")
    for k, p in d.get("files", {}).items():
        print(f"wrote {k}: {p}")
    return 0


def _run_non_ef1(args) -> int:
    from ..lottery import OBJECTIVES
    from ..search.non_ef1 import search_non_ef1
    names = list(OBJECTIVES) if args.objective == "all" else [args.objective]
    results = [search_non_ef1(args.agents, name, max_goods=args.max_goods,
                              max_value=args.max_value, budget=args.budget) for name in names]
    if args.json:
        d = [r.to_dict() for r in results]
        print(json.dumps(d if args.objective == "all" else d[0], indent=2))
    else:
        print("\n".join(r.text() for r in results))
    return 0 if all(r.found is not None for r in results) else 3


def _run_objective(args) -> int:
    from ..search.objective import load_objective, search_objective
    res = search_objective(load_objective(args.objective), max_value=args.max_value,
                           grid=args.grid, budget=args.budget)
    if args.json:
        print(json.dumps(res.to_dict(), indent=2))
    else:
        print(res.text())
    return 0 if res.verdict == "FAILS EF1" else 3
