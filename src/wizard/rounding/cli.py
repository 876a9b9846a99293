"""``python -m wizard round``: the rounding tool on the command line (a thin layer over
rounding_report, the same code the web page runs).

Writes the table to share as CSV (or .xlsx when --output ends in .xlsx) on standard output or
to a file. On bad input: exit status 2, the message on standard error, nothing on standard
output, and no file (the output is written to a temporary file that is renamed only on success).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from wizard.core.errors import WizardInputError
from wizard.rounding.guidance import DEFAULT_ID, all_guidance, guidance
from wizard.rounding.parameters import UNSPECIFIED, rules
from wizard.rounding.report import Report, round_paste, round_upload
from wizard.tables.grid import MAX_INPUT_BYTES
from wizard.tables.output import write_csv
from wizard.tables.xlsx import is_xlsx, write_xlsx

EXIT_BAD_INPUT = 2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("input", metavar="INPUT", help="a CSV, TSV or .xlsx file, or - for standard input")
    parser.add_argument(
        "--base",
        type=int,
        default=None,
        metavar="N",
        help=f"round to the nearest N (default {rules().base.value}, as the guidance asks)",
    )
    parser.add_argument(
        "--measure",
        choices=[measure.id for measure in rules().measures],
        default=None,
        help="what the figures count; outcomes and sustainments give percentages by payment group",
    )
    parser.add_argument(
        "--output", metavar="FILE", type=Path, default=None, help="write here instead of standard output"
    )
    parser.add_argument(
        "--guidance",
        choices=[item.id for item in all_guidance()],
        default=DEFAULT_ID,
        help="what you share under; the notes name it (restart: check Annex 7.6 of the Restart provider "
        f"guidance and your contract; default {DEFAULT_ID}: check your contract)",
    )
    parser.add_argument(
        "--rows-are-payment-groups",
        action="store_true",
        help="say that each row is a payment group (outcome percentages are then called 'by payment group')",
    )
    parser.add_argument(
        "--sheet",
        metavar="NAME",
        default=None,
        help="the worksheet of an .xlsx file to read (default: the first that holds a table)",
    )
    parser.add_argument("--table-only", action="store_true", help="leave out the notes that follow the table")
    parser.add_argument("--quiet", action="store_true", help="print no summary or warnings on standard error")


def _read_input(name: str) -> tuple[bytes, str]:
    if name == "-":
        data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        return data, "standard input"
    path = Path(name)
    try:
        with path.open("rb") as stream:
            return stream.read(MAX_INPUT_BYTES + 1), path.name
    except OSError as problem:
        raise WizardInputError(f"Could not read {name}: {problem.strerror or problem}.") from None


def _write_atomically(target: Path, content: bytes) -> None:
    """Write to a temporary file beside ``target``, then rename: never a partial file."""
    directory = target.parent if str(target.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=directory)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(content)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _summary(report: Report) -> str:
    lines = [
        report.summary,
        f"Rule: rounded as the Work Programme's chapter 21 set; {report.guidance.short}.",
    ]
    lines.extend(f"Check: {warning}" for warning in report.warnings)
    lines.extend(f"Note: {note}" for note in report.reading)
    if report.left_out:
        lines.append(
            "Note: left out, because it may hold figures that are not rounded: "
            + "; ".join(report.left_out)
            + "."
        )
    if report.other_sheets:
        names = ", ".join(f"“{name}”" for name in report.other_sheets)
        lines.append(f"Note: the workbook's other sheets are {names}; round one with --sheet NAME.")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    measure = rules().measure(args.measure) if args.measure else UNSPECIFIED
    base = args.base if args.base is not None else rules().base.value
    try:
        data, name = _read_input(args.input)
        shared_under = guidance(args.guidance)
        if name == "standard input" and not is_xlsx(data):
            report = round_paste(
                _decode_stdin(data),
                measure,
                base,
                shared_under=shared_under,
                payment_groups=args.rows_are_payment_groups,
            )
        else:
            report = round_upload(
                data,
                name,
                measure,
                base,
                shared_under=shared_under,
                payment_groups=args.rows_are_payment_groups,
                sheet=args.sheet,
            )
        notes = () if args.table_only else report.shared_notes
        if args.output is not None and args.output.suffix.lower() == ".xlsx":
            content = write_xlsx(report.output, notes)
        else:
            content = write_csv(report.output, notes).encode("utf-8")
        if args.output is not None:
            _write_atomically(args.output, content)
        else:
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
    except WizardInputError as problem:
        print(f"python -m wizard round: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as problem:
        print(f"python -m wizard round: could not write the output: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not args.quiet:
        print(_summary(report), file=sys.stderr)
    return 0


def _decode_stdin(data: bytes) -> str:
    from wizard.tables.text import decode_text

    return decode_text(data, "input")
