"""Command line: ``python -m wizard ...``. A thin layer over the functions the browser calls."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

from wizard import __version__
from wizard.errors import WizardInputError


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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 0
    try:
        result: int = args.run(args)
    except WizardInputError as problem:  # input a person can fix: say what, never a traceback
        print(f"python -m wizard {args.command}: {problem}", file=sys.stderr)
        return 2
    except OSError as problem:  # a file that cannot be read or written
        where = f" {problem.filename}" if problem.filename else ""
        print(
            f"python -m wizard {args.command}: cannot use{where}: {problem.strerror or problem}",
            file=sys.stderr,
        )
        return 2
    return result


if __name__ == "__main__":
    sys.exit(main())
