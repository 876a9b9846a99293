"""The last check before anything is written: the table to share holds no true figure. Fails closed.

Whatever happened before (a reader fooled by a broken file, a rule with a bug), the table that
leaves the tool (the CLI's output, a download, the page) must pass this check, which looks only
at the output itself:

- every figure cell (not the headings, not the first column of labels) is empty, or a count that is
  a multiple of the rounding base, or, for job outcomes and sustainments, a whole percentage from 0
  to 100 and never a count;
- no label holds a line break, or the input file's separator next to a number (``North East”,13``):
  the marks of a quotation mark that never closed, which would carry true figures inside a label.

A breach raises :class:`GuardBreach` (a ``TableError``): the CLI exits with status 2 and writes
nothing, and the page shows an error view with no downloads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import cast

from wizard.rounding.count_table import broken_quote_mark
from wizard.tables.grid import TableError, quote
from wizard.tables.output import OutCell, Percent

_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]")


_COUNT_TYPES = frozenset({int, type(None)})


class GuardBreach(TableError):
    """The table to share failed the final check; nothing may be written."""


def _breach(detail: str) -> GuardBreach:
    return GuardBreach(
        f"The tool stopped before writing anything: {detail} Nothing was rounded or saved. Check the file "
        "(a quotation mark that is opened but not closed is the usual cause) and try again; if it happens "
        "again, tell the site's maintainers."
    )


def check_labels(labels: Sequence[tuple[str, str]], delimiter: str | None) -> None:
    """Each (label, where) holds no line break and, for a text file, not its separator next to a
    number. Raises GuardBreach naming the first that does."""
    for label, where in labels:
        if _LINE_BREAK.search(label):
            raise _breach(f"the label in {where}, {quote(label)}, holds a line break.")
        if broken_quote_mark(label, delimiter):
            raise _breach(
                f"the label in {where}, {quote(label)}, holds the file's separator next to a number, "
                "the mark of cells swallowed by a quotation mark that never closed."
            )


def check_figures(output: Sequence[Sequence[OutCell]], base: int, *, percentages: bool) -> None:
    """Every figure cell of ``output`` (rows after the first, cells after the first) is empty, or
    (``percentages``) a ``Percent`` from 0 to 100, or (counts) an ``int`` that is a multiple of
    ``base``. Raises GuardBreach naming the first cell that is not (its row and column counted from
    1 in the output, headings included)."""
    if base < 1:
        raise _breach(f"the rounding base {base} is not a positive whole number.")
    for r, row in enumerate(output[1:], start=2):
        figures = row[1:]
        # Quick path, at C speed: only ints and blanks, every non-zero int a multiple of the base
        # (x % base for each; bool is not int here, so True cannot pass as 1).
        if (
            not percentages
            and set(map(type, figures)) <= _COUNT_TYPES
            and not any(map(base.__rmod__, filter(None, cast("Sequence[int]", figures))))
        ):
            continue
        for c, value in enumerate(figures, start=2):
            if value is None:
                continue
            if percentages:
                if isinstance(value, Percent) and type(value.value) is int and 0 <= value.value <= 100:
                    continue
                raise _breach(
                    f"row {r}, column {c} of the table to share holds {quote(str(value))}, where only a "
                    "percentage from 0% to 100% may be."
                )
            if type(value) is int and value % base == 0:
                continue
            raise _breach(
                f"row {r}, column {c} of the table to share holds {quote(str(value))}, which is not a "
                f"multiple of {base}."
            )


def check_output(
    output: Sequence[Sequence[OutCell]], base: int, *, percentages: bool, delimiter: str | None
) -> None:
    """The whole check on the table to share (headings first, labels in the first column): see the
    module's docstring. Raises GuardBreach on any breach."""
    if not output:
        raise _breach("the table to share is empty.")
    labels: list[tuple[str, str]] = []
    for c, cell in enumerate(output[0], start=1):
        if not isinstance(cell, str):
            raise _breach(f"the heading in column {c} of the table to share is not text.")
        labels.append((cell, f"the headings, column {c}"))
    for r, row in enumerate(output[1:], start=2):
        if not row or not isinstance(row[0], str):
            raise _breach(f"row {r} of the table to share has no label.")
        labels.append((row[0], f"row {r}"))
    check_labels(labels, delimiter)
    check_figures(output, base, percentages=percentages)
