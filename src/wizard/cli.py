"""Command line: ``python -m wizard ...``. A thin layer over the functions the browser calls."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from collections.abc import Sequence
from itertools import islice

from wizard import __version__
from wizard.core.errors import WizardInputError


def _cmd_check(args: argparse.Namespace) -> int:
    from wizard.check.tool import environment, run_checks

    results = run_checks()
    if args.json:
        print(json.dumps({"environment": environment(), "checks": [r.__dict__ for r in results]}, indent=2))
    else:
        for key, value in environment().items():
            print(f"{key}: {value}")
        for result in results:
            print(f"{'ok  ' if result.passed else 'FAIL'} {result.name}: {result.detail}")
    return 0 if all(r.passed for r in results) else 1


def _cmd_minimise(args: argparse.Namespace) -> int:
    from wizard.core.errors import WizardInputError
    from wizard.minimise.advice import advise, clean_names, to_json
    from wizard.minimise.text import table

    try:
        names = clean_names(args.fields)
        if len(names) != len(args.fields):
            raise WizardInputError(
                "A field name is empty: give each field as a separate, non-empty argument."
            )
        results = advise(names, args.purpose)
    except WizardInputError as problem:
        print(f"python -m wizard minimise: {problem}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(to_json(results), indent=2, ensure_ascii=False))
    else:
        print(table(results))
    return 0


def _purposes_help() -> str:
    from wizard.core.purposes import purposes

    return "purposes:\n" + "\n".join(f"  {item.id:<18}{item.label}" for item in purposes())


#: More paths than this and a flow is not a decision tree worth listing (the quiz's 12 questions
#: combine into millions).
MAX_PATHS = 100_000


def _cmd_paths(args: argparse.Namespace) -> int:
    from wizard.flow.engine import all_paths
    from wizard.flow.paths import decision_table, path_json, table_row
    from wizard.registry import tool

    load = tool(args.wizard).flow
    if load is None:
        print(f"{args.wizard!r} is not a question flow", file=sys.stderr)
        return 2
    flow = load()
    paths = list(islice(all_paths(flow), MAX_PATHS + 1))
    if len(paths) > MAX_PATHS:
        print(
            f"python -m wizard paths: {args.wizard!r} has more than {MAX_PATHS:,} paths (every combination "
            "of its answers), too many to list; paths is for decision flows such as triage",
            file=sys.stderr,
        )
        return 2
    if args.table:
        sys.stdout.write(decision_table(flow, paths))
    elif args.json:
        print(json.dumps([path_json(flow, path) for path in paths], indent=1, ensure_ascii=False))
    else:
        for path in paths:
            row = table_row(flow, path)
            values = ", ".join(
                f"{key} {row[key]}" for key in row if key not in ("answers", "outcome", "verdicts", "notes")
            )
            outcome = row.get("outcome", "outcome")  # a flow with one outcome has no outcome column
            print(f"{row['answers']} -> {outcome}" + (f" ({values})" if values else ""))
        print(f"{len(paths)} paths", file=sys.stderr)
    return 0


def _cmd_round(args: argparse.Namespace) -> int:
    from wizard.rounding.cli import run

    return run(args)


def _cmd_paperwork(args: argparse.Namespace) -> int:
    from wizard.paperwork.cli import run

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
    from wizard.core.purposes import purposes

    minimise = commands.add_parser(
        "minimise",
        help="advise which data fields a request needs, for a purpose",
        description=textwrap.fill(
            "Advice on each data field you mean to ask for: keep, replace with something less "
            "intrusive, leave out, or handle as sensitive, with the guidance behind each verdict. "
            "Not legal advice.",
            width=90,
        ),
        epilog=_purposes_help(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    minimise.add_argument(
        "--purpose", required=True, choices=[item.id for item in purposes()], help="what the data is for"
    )
    minimise.add_argument(
        "fields", nargs="+", metavar="FIELD", help='a field name, e.g. "Date of birth" or DOB'
    )
    minimise.add_argument("--json", action="store_true", help="print the advice as JSON")
    minimise.set_defaults(run=_cmd_minimise)
    paths = commands.add_parser("paths", help="list every path through a question flow and where it leads")
    paths.add_argument("wizard", help="the flow's name, for example triage")
    shape = paths.add_mutually_exclusive_group()
    shape.add_argument("--json", action="store_true", help="print every path with its full outcome as JSON")
    shape.add_argument(
        "--table",
        action="store_true",
        help="print the compact decision table (one path per line) kept in tests/triage/golden/",
    )
    paths.set_defaults(run=_cmd_paths)

    from wizard.rounding.cli import add_arguments

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

    from wizard.paperwork.cli import add_arguments as paperwork_arguments

    paperwork = commands.add_parser(
        "paperwork",
        help="write the paperwork (decision record, draft agreement, DPIA screening) as editable files",
    )
    paperwork_arguments(paperwork)
    paperwork.set_defaults(run=_cmd_paperwork)
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
