"""Command line: ``python -m wizard ...``. A thin layer over the functions the browser calls."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from wizard import __version__


def _cmd_check(args: argparse.Namespace) -> int:
    from wizard.check import environment, run_checks

    results = run_checks()
    if args.json:
        print(json.dumps({"environment": environment(), "checks": [r.__dict__ for r in results]}, indent=2))
    else:
        for key, value in environment().items():
            print(f"{key}: {value}")
        for result in results:
            print(f"{'ok  ' if result.passed else 'FAIL'} {result.name}: {result.detail}")
    return 0 if all(r.passed for r in results) else 1


def _cmd_round(args: argparse.Namespace) -> int:
    from wizard.rounding_cli import run

    return run(args)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m wizard",
        description=(
            "Tools for sharing data to tackle worklessness: the same code the website runs in the browser."
        ),
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    check = commands.add_parser("check", help="check that this Python can run the tools")
    check.add_argument("--json", action="store_true", help="print the result as JSON")
    check.set_defaults(run=_cmd_check)

    from wizard.rounding_cli import add_arguments

    rounder = commands.add_parser(
        "round",
        help="round a table of counts for sharing (Work Programme guidance chapter 21)",
        description=(
            "Round every figure to the nearest 20 (halves away from zero, like Excel's MROUND) and "
            "recalculate every total from the rounded figures; job outcomes and sustainments become "
            "percentages by payment group. Writes CSV. Exit status 2 and nothing written on bad input."
        ),
    )
    add_arguments(rounder)
    rounder.set_defaults(run=_cmd_round)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
