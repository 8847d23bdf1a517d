"""`verifier plot figure1 FILE` / `verifier plot lottery FILE --objective NAME`: Figure 1 of
Section 4.2 drawn to scale, and 2-agent lotteries (value vectors, ex-ante-PROP region, optimal
support and mean). PNG or SVG by the --out suffix (matplotlib, Agg backend)."""

from __future__ import annotations

from pathlib import Path

from ..instance import load_instance

HELP = "draw Figure 1 to scale (3 identical agents) or a 2-agent optimal lottery (PNG/SVG)"


def configure(p):
    sub = p.add_subparsers(dest="what", metavar="WHAT", required=True)
    f = sub.add_parser("figure1", help="Figure 1 to scale: value vectors on the simplex, (PS)^3, "
                       "circles through the distance minimizers and the MMS allocations")
    f.add_argument("file", help="instance file: 3 agents, identical valuations")
    f.add_argument("--out", help="PATH.png or PATH.svg (default: FILE-stem-figure1.png)")
    f.add_argument("--only-relevant", action="store_true",
                   help="omit the other allocations (as the paper's figure does)")
    lo = sub.add_parser("lottery", help="2 agents: value vectors, ex-ante-PROP region, the "
                        "optimal distribution's support and mean")
    lo.add_argument("file", help="instance file with 2 agents")
    lo.add_argument("--objective", default="sov")
    lo.add_argument("--out", help="PATH.png or PATH.svg (default: FILE-stem-lottery-OBJ.png)")


def run(args) -> int:
    from .. import plot
    inst = load_instance(args.file)
    stem = Path(args.file).stem
    if args.what == "figure1":
        drawing = plot.figure1(inst, show_all=not args.only_relevant)
        out = args.out or f"{stem}-figure1.png"
    else:
        drawing = plot.lottery_plot(inst, args.objective)
        out = args.out or f"{stem}-lottery-{args.objective}.png"
    print(f"wrote {drawing.save(out)}")
    return 0
