"""`verifier prove THEOREM --agents N[,N2..] --goods M1-M2`: decide a bounded statement of
theorems/*.toml for every size: PROVED (every case refuted with a kernel-checkable certificate),
COUNTEREXAMPLE (an exact instance, re-verified by the exact core, written to a file), WITNESSED
(exists statements), or UNKNOWN (timeout, solver unknown, no certificate found)."""

from __future__ import annotations

import json
from pathlib import Path

from ..errors import InputError
from ..report import table

HELP = "prove a bounded statement (theorems/*.toml) for every size: PROVED / COUNTEREXAMPLE / UNKNOWN"


def configure(p):
    p.add_argument("theorem", metavar="THEOREM", help="a theorems/*.toml path, file stem or name")
    p.add_argument("--agents", metavar="N[,N2..]", help="agent counts (default: the statement's sizes)")
    p.add_argument("--goods", metavar="M1-M2", help="goods range or list, e.g. 2-8 or 3,5")
    p.add_argument("--jobs", type=int, default=1, help="local worker processes (default 1)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="run cases on a Dask cluster")
    p.add_argument("--timeout", type=float, default=30.0,
                   help="seconds per case (solver and LP); exceeded -> UNKNOWN (default 30)")
    p.add_argument("--cross-check", choices=["cvc5"], help="rerun every case's final query with cvc5")
    p.add_argument("--certificates", metavar="DIR", help="write a kernel certificate per decided size")
    p.add_argument("--counterexamples", metavar="DIR", default="counterexamples",
                   help="where counterexample instances are written (default ./counterexamples)")
    p.add_argument("--no-refine", action="store_true",
                   help="hand Z3 all n^m distance constraints at once (the baseline)")
    p.add_argument("--json", action="store_true", help="machine-readable summary")


def _ints(text: str, what: str) -> list[int]:
    out = []
    for part in text.split(","):
        lo, _, hi = part.strip().partition("-")
        try:
            a, b = int(lo), int(hi or lo)
        except ValueError:
            raise InputError(f"--{what}: expected N, N1-N2 or a comma list, found {text!r}") from None
        if not 1 <= a <= b <= 16:
            raise InputError(f"--{what}: sizes must satisfy 1 <= {a} <= {b} <= 16")
        out += range(a, b + 1)
    return list(dict.fromkeys(out))


def sizes(data: dict, agents: str | None, goods: str | None) -> list[tuple[int, int]]:
    """The (n, m) pairs asked for; defaults come from the statement's ``sizes`` ("2:2-8, 3:2-5")."""
    if agents and goods:
        return [(n, m) for n in _ints(agents, "agents") for m in _ints(goods, "goods")]
    default = data.get("sizes")
    if not isinstance(default, str):
        raise InputError("give --agents and --goods (the statement has no 'sizes' default)")
    out = []
    for item in default.split(","):
        n, _, ms = item.strip().partition(":")
        for nn in _ints(agents or n, "agents"):
            out += [(nn, mm) for mm in _ints(goods or ms, "goods")]
    return list(dict.fromkeys(out))


def _write_counterexample(folder: str, stem: str, data: dict, res) -> str:
    from ..instance import Instance
    cex = res.counterexample
    if data["conclusion"].split() == ["SoV", "identity"]:   # a distribution, not an instance
        return f"case {cex.case}"
    rows = cex.valuations
    name = f"{data['name']}: counterexample at n={res.n}, m={res.m}"
    inst = (Instance.identical(rows[0], res.n, name=name) if data["valuations"] == "identical"
            else Instance.general(rows, name=name))
    path = Path(folder) / f"{stem}-n{res.n}-m{res.m}.toml"
    path.parent.mkdir(parents=True, exist_ok=True)
    inst.save(path)
    with path.open("a") as f:
        f.write(f"# case {cex.case}; {cex.detail}\n")
    return str(path)


def run(args) -> int:
    from ..certify.theorem import certificate_of, load_theorem
    from ..certificates import canonical_json
    from ..smt.prover import prove_size
    data, path = load_theorem(args.theorem)
    asked = sizes(data, args.agents, args.goods)
    stem = Path(path).stem if path != "<statement>" else "statement"
    rows, report, failed, errors = [], [], False, False
    for n, m in asked:
        res = prove_size(data, n, m, jobs=args.jobs, scheduler=args.scheduler,
                         timeout=args.timeout, refine=not args.no_refine,
                         cross_check=args.cross_check)
        extra = res.detail
        if res.status == "COUNTEREXAMPLE":
            extra = f"{_write_counterexample(args.counterexamples, stem, data, res)} ({res.detail})"
        if args.certificates and res.status in ("PROVED", "WITNESSED"):
            out = Path(args.certificates) / f"{stem}-n{n}-m{m}.json"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(canonical_json(certificate_of(data, res)))
            extra = f"certificate {out}"
        for d in res.disagreements:
            errors = True
            print(f"ERROR: cross-check disagreement at n={n}, m={m}: {d}")
        failed |= res.status not in ("PROVED", "WITNESSED")
        counts = res.counts
        rows.append([str(n), str(m), res.status, str(len(res.cases)),
                     str(counts.get("unknown", 0)), f"{res.seconds:.2f}", extra])
        report.append({"agents": n, "goods": m, "status": res.status, "cases": len(res.cases),
                       "unknown": counts.get("unknown", 0), "seconds": round(res.seconds, 3),
                       "detail": extra, "disagreements": res.disagreements})
    if args.json:
        print(json.dumps({"theorem": data["name"], "statement": data["statement"],
                          "sizes": report}, indent=1))
    else:
        print(f"{data['name']}: {data['statement']}")
        print(table(["n", "m", "status", "cases", "unknown", "seconds", "detail"], rows))
    return 3 if errors else 1 if failed else 0
