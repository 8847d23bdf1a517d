"""The command line: thin over the library. Each subcommand lives in verifier/commands/NAME.py
with ``HELP``, ``configure(parser)`` and ``run(args) -> exit status``; errors derived from
VerifierError become one line on stderr and exit status 2."""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys

from . import __version__
from .errors import VerifierError

COMMANDS = ("audit", "info", "solve", "prove", "check", "search", "plot", "certify")


def _available():
    for name in COMMANDS:
        mod = f"verifier.commands.{name}"
        if importlib.util.find_spec(mod) is not None:
            yield name, importlib.import_module(mod)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="verifier",
        description="Exact verification of claims about fair allocation of indivisible goods: "
                    "audit, solve, prove, certify, check, search, plot.")
    parser.add_argument("--version", action="version", version=f"verifier {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, mod in _available():
        p = sub.add_parser(name, help=mod.HELP, description=mod.HELP)
        mod.configure(p)
        p.set_defaults(run=mod.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except VerifierError as e:
        print(f"verifier {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("verifier: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
