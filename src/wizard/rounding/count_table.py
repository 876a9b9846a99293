"""What a count table is: labels, totals and whole-number counts, decided from a grid of cells.

The rules that turn cells read from a file or paste (``wizard.tables``) into a :class:`CountTable`:
which row holds the headings, which rows and columns are totals, which cells are counts, and why
anything else is refused. Every refusal is a ``TableError`` naming row, column and value.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from wizard.tables.grid import (
    MAX_LABEL_CHARS,
    Grid,
    GridCell,
    Special,
    TableError,
    column_letter,
    is_blank,
    quote,
    shown,
)

Cells = tuple[tuple[int | None, ...], ...]

#: Labels that mark a row or column as a total (compared after trimming, in any case).
TOTAL_LABELS = frozenset({"total", "totals", "all", "grand total"})
_SUBTOTAL = re.compile(r"\bsub[\s-]*totals?\b", re.IGNORECASE)
_OUTCOME_WORDS = re.compile(r"outcome|sustain", re.IGNORECASE)


def normalise_label(label: str) -> str:
    return " ".join(label.split()).rstrip(":").strip().casefold()


def is_total_label(label: str) -> bool:
    """True for Total, Totals, All and Grand total, in any case and spacing (a trailing colon is allowed)."""
    return normalise_label(label) in TOTAL_LABELS


def is_subtotal_label(label: str) -> bool:
    return bool(_SUBTOTAL.search(label))


def mentions_outcomes(label: str) -> bool:
    return bool(_OUTCOME_WORDS.search(label))


@dataclass(frozen=True)
class Line:
    """A row or a column of the table: its label, whether it is a total, and where it was."""

    label: str
    is_total: bool
    where: str  # how a person finds it in their file: "row 5", "column C"


@dataclass(frozen=True)
class CountTable:
    """A table of counts as read. ``cells[r][c]`` is the figure in row r, column c (None if blank).

    Cells where a total row or column crosses hold the input's own total (or None): they are
    only ever compared with the true sums, never used to make the output.
    """

    corner: str  # the heading above the row labels
    rows: tuple[Line, ...]
    columns: tuple[Line, ...]
    cells: Cells

    def data_rows(self) -> list[int]:
        return [index for index, line in enumerate(self.rows) if not line.is_total]

    def data_columns(self) -> list[int]:
        return [index for index, line in enumerate(self.columns) if not line.is_total]

    def without_totals(self) -> CountTable:
        """The same table with every total cell blanked (the output must not depend on them)."""
        total_rows = {index for index, line in enumerate(self.rows) if line.is_total}
        total_columns = {index for index, line in enumerate(self.columns) if line.is_total}
        cells = tuple(
            tuple(None if (r in total_rows or c in total_columns) else value for c, value in enumerate(row))
            for r, row in enumerate(self.cells)
        )
        return CountTable(self.corner, self.rows, self.columns, cells)


@dataclass(frozen=True)
class ReadTable:
    """A table of counts and what a person should know about how it was read."""

    table: CountTable
    notes: tuple[str, ...]
    left_out: tuple[str, ...] = field(default=())  # text found above or below the table
    warnings: tuple[str, ...] = field(default=())


# --------------------------------------------------------------------------------------------
# Grid -> CountTable
# --------------------------------------------------------------------------------------------

_THOUSANDS = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")
_WHOLE_DECIMAL = re.compile(r"^[0-9]+\.0+$")
_MARKERS = {
    "*",
    "**",
    "c",
    "x",
    "..",
    ".",
    "-",
    "–",
    "—",
    "~",
    "n/a",
    "na",
    "#",
    "s",
    "[c]",
    "[x]",
    "[z]",
    "z",
}


def _parse_count(raw: GridCell) -> int | str | None:
    """A whole non-negative count, None for a blank, or the reason the cell is not a count."""
    if isinstance(raw, Special):
        return {
            "boolean": "is TRUE or FALSE, not a count",
            "error": "shows a spreadsheet error, not a count. Correct the formula in the spreadsheet",
            "date": "is a date, not a count",
            "formula": "holds a formula with no saved value. Open the file in Excel, save it again, "
            "and upload it again (or copy the cells and paste them as values)",
        }[raw.kind]
    if raw.isascii() and raw.isdigit():
        return int(raw)
    value = raw.strip().strip("\u00a0").strip()
    if not value:
        return None
    if value.isascii() and value.isdigit():
        return int(value)
    if _THOUSANDS.match(value):
        return int(value.replace(",", ""))
    if _WHOLE_DECIMAL.match(value):
        return int(value.split(".")[0])
    lowered = value.casefold()
    if lowered in _MARKERS:
        return (
            "looks like a mark for a figure held back or not available. The tool needs the true "
            "figures (rounding is what protects them): enter the count, or leave the cell empty if "
            "there is none"
        )
    if lowered.endswith("%"):
        return (
            "is a percentage. Enter the counts; for job outcomes and sustainments the tool works out "
            "the percentages"
        )
    number = value.replace(",", "")
    if re.fullmatch(r"[-−][0-9.]+", number):
        return "is negative. Counts cannot be below zero"
    if re.fullmatch(r"[0-9]*\.[0-9]+", number) or re.fullmatch(r"[0-9]+,[0-9]{1,2}", value):
        return (
            "is not a whole number. Counts of people are whole numbers; if this is a rate or an "
            "average, round the counts it was worked out from instead"
        )
    if re.fullmatch(r"[0-9.]+[eE][-+]?[0-9]+", number):
        return (
            "is written in scientific notation, which may hide digits. Show the whole number in the "
            "spreadsheet"
        )
    return (
        "is text, not a count. Only the first column can hold labels; every other cell must be a "
        "count or left empty"
    )


def _label(cell: GridCell) -> str:
    return shown(cell).strip()


def to_count_table(grid: Grid) -> ReadTable:
    """Decide the table's labels, totals and counts, refusing anything that is not a count."""
    source = grid.source
    entries = [
        (number, row) for number, row in zip(grid.row_numbers, grid.rows, strict=True) if not _blank_row(row)
    ]
    if not entries:
        raise TableError(f"The {source} is empty. It needs a row of column headings and rows of figures.")
    left_out: list[str] = []
    entries = _drop_title_and_notes(entries, left_out)

    used = _used_columns(entries)
    header_number, header = entries[0]
    header_last = max((index for index, cell in enumerate(header) if not is_blank(cell)), default=-1)
    label_index = used[0]

    def letter(index: int) -> str:
        return column_letter(grid.first_column + index)

    for number, row in entries[1:]:
        for index in range(header_last + 1, len(row)):
            if not is_blank(row[index]):
                hint = (
                    f" If row {header_number} is a title, delete it so that the table starts with its "
                    "column headings."
                    if _single_text(header)
                    else " (In a CSV file, a number written with a comma, such as 1,234, or a label with a "
                    "comma needs quotation marks around it.)"
                )
                raise TableError(
                    f"Row {number} has {quote(shown(row[index]))} in column {letter(index)}, to the right "
                    f"of the last column heading (row {header_number}). Give that column a heading, or "
                    f"delete what is there.{hint}"
                )
    columns_used = [index for index in used if index != label_index and index <= header_last]
    if not columns_used:
        raise TableError(
            f"The {source} has only one column. The tool needs a table: a first column of labels, "
            "then one or more columns of figures, with a row of headings at the top."
        )
    if len(entries) < 2:
        raise TableError(
            f"The {source} has headings (row {header_number}) but no rows of figures below them."
        )

    def cell_at(row: list[GridCell], index: int) -> GridCell:
        return row[index] if index < len(row) else ""

    corner = _label(cell_at(header, label_index))
    columns = tuple(
        Line(
            _label(cell_at(header, index)) or f"Column {letter(index)}",
            is_total_label(_label(cell_at(header, index))),
            f"column {letter(index)}",
        )
        for index in columns_used
    )
    rows = tuple(
        Line(
            _label(cell_at(row, label_index)) or f"Row {number}",
            is_total_label(_label(cell_at(row, label_index))),
            f"row {number}",
        )
        for number, row in entries[1:]
    )
    _check_labels(columns, rows)

    notes = list(grid.notes)
    short_rows = [number for number, row in entries[1:] if len(row) <= columns_used[-1]]
    if short_rows:
        notes.append(
            f"{_rows_text(short_rows)} had fewer cells than the headings; the missing cells were read "
            "as empty."
        )
    cells = _read_counts(entries, label_index, columns_used, columns, rows, letter)
    warnings = []
    data_labels = [line.label for line in rows if not line.is_total]
    if data_labels and all(label.replace(",", "").isdigit() for label in data_labels):
        warnings.append(
            f"Every label in the first column ({quote(corner) if corner else 'no heading'}) is a number. "
            "The first column is copied as it is, not rounded: if it holds figures rather than labels "
            "(such as years), add a column of labels before it and round the table again."
        )
    return ReadTable(CountTable(corner, rows, columns, cells), tuple(notes), tuple(left_out), tuple(warnings))


def _blank_row(row: list[GridCell]) -> bool:
    if not any(row):  # quick: every cell the empty string
        return True
    return all(is_blank(cell) for cell in row)


def _used_columns(entries: list[tuple[int, list[GridCell]]]) -> list[int]:
    """Columns with something in them. Each column is scanned only until its first non-blank cell,
    which is usually in the row of headings, so this is quick for large tables."""
    width = max(len(row) for _, row in entries)
    used = []
    for index in range(width):
        for _, row in entries:
            if index < len(row) and not is_blank(row[index]):
                used.append(index)
                break
    return used


def _rows_text(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:10])
    more = f" and {len(numbers) - 10:,} more" if len(numbers) > 10 else ""
    return f"Row{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _single_text(row: list[GridCell]) -> bool:
    """The row holds one piece of text and nothing else (a title or a note, not a row of a table)."""
    filled = [cell for cell in row if not is_blank(cell)]
    return (
        len(filled) == 1
        and isinstance(_parse_count(filled[0]), str)
        and not is_total_label(_label(filled[0]))
    )


def _drop_title_and_notes(
    entries: list[tuple[int, list[GridCell]]], left_out: list[str]
) -> list[tuple[int, list[GridCell]]]:
    """Leave out a title above the table and notes below it: blocks of rows, each with one piece of
    text, set apart from the table by an empty row. They may hold figures, so they are not copied."""
    gaps = [i for i in range(1, len(entries)) if entries[i][0] > entries[i - 1][0] + 1]
    if not gaps:
        return entries
    first_gap, last_gap = gaps[0], gaps[-1]
    start, end = 0, len(entries)
    if all(_single_text(row) for _, row in entries[:first_gap]) and first_gap < len(entries):
        start = first_gap
        numbers = [number for number, _ in entries[:first_gap]]
        left_out.append(f"{_rows_text(numbers)}, above the table (a title or notes)")
    tail = entries[last_gap:]
    if last_gap > start and all(_single_text(row) for _, row in tail):
        end = last_gap
        numbers = [number for number, _ in tail]
        left_out.append(f"{_rows_text(numbers)}, below the table (notes)")
    return entries[start:end]


def _check_labels(columns: tuple[Line, ...], rows: tuple[Line, ...]) -> None:
    for line in (*columns, *rows):
        if len(line.label) > MAX_LABEL_CHARS:
            raise TableError(f"The label in {line.where} is longer than a spreadsheet cell can hold.")
    for kind, lines in (("row", rows), ("column", columns)):
        subtotals = [line for line in lines if is_subtotal_label(line.label)]
        if subtotals:
            line = subtotals[0]
            raise TableError(
                f"The {kind} {quote(line.label)} ({line.where}) is a sub-total. The tool cannot tell which "
                f"{kind}s it adds up, and a sub-total rounded on its own could give away the figures under "
                f"it. Delete sub-total {kind}s (the tool recalculates the overall total) or split the table."
            )
        totals = [line for line in lines if line.is_total]
        if len(totals) > 1:
            raise TableError(
                f"More than one {kind} is labelled as a total ({', '.join(line.where for line in totals)}). "
                f"The tool cannot tell which {kind}s each adds up. Keep only the overall total, or split "
                "the table into one table per total."
            )
    if all(line.is_total for line in rows):
        raise TableError("Every row below the headings is a total: the table needs rows of figures as well.")
    if all(line.is_total for line in columns):
        raise TableError("Every column of figures is a total: the table needs columns of figures as well.")


def _read_counts(
    entries: list[tuple[int, list[GridCell]]],
    label_index: int,
    columns_used: list[int],
    columns: tuple[Line, ...],
    rows: tuple[Line, ...],
    letter: Callable[[int], str],
) -> tuple[tuple[int | None, ...], ...]:
    out: list[tuple[int | None, ...]] = []
    data_positions = [
        (position, index) for position, index in enumerate(columns_used) if not columns[position].is_total
    ]
    total_positions = [
        (position, index) for position, index in enumerate(columns_used) if columns[position].is_total
    ]
    width = len(columns_used)
    data_indices = [index for _, index in data_positions]
    every = len(data_positions) == width
    for (number, row), row_line in zip(entries[1:], rows, strict=True):
        length = len(row)
        if not row_line.is_total and data_indices and length > data_indices[-1]:
            # Quick path for a row of plain digits and blanks (nearly every row of a real table).
            # Only ASCII digits pass: int() alone would also take "-5", "1_000" and other scripts' digits.
            texts = [row[index] for index in data_indices]
            try:
                joined = "".join(texts)  # type: ignore[arg-type]  # a Special cell raises TypeError
            except TypeError:
                joined = "x"
            if not joined or (joined.isascii() and joined.isdigit()):
                quick = [int(text) if text else None for text in texts]  # type: ignore[arg-type]
                if every:
                    out.append(tuple(quick))
                    continue
                values: list[int | None] = [None] * width
                for (position, _), value in zip(data_positions, quick, strict=True):
                    values[position] = value
                _read_totals(values, row, total_positions)
                out.append(tuple(values))
                continue
        values = [None] * width
        positions = data_positions if not row_line.is_total else []
        for position, index in positions:
            raw = row[index] if index < length else ""
            if isinstance(raw, str):
                if raw.isascii() and raw.isdigit():
                    values[position] = int(raw)
                    continue
                if not raw:
                    continue
            parsed = _parse_count(raw)
            if isinstance(parsed, str):
                raise TableError(
                    _bad_cell(
                        number, letter(index), raw, row_line, columns[position], parsed, row, label_index
                    )
                )
            values[position] = parsed
        _read_totals(values, row, total_positions if not row_line.is_total else list(enumerate(columns_used)))
        out.append(tuple(values))
    return tuple(out)


def _read_totals(values: list[int | None], row: list[GridCell], positions: list[tuple[int, int]]) -> None:
    """Totals in the input are only compared with the true sums; any that cannot be read are skipped."""
    for position, index in positions:
        parsed = _parse_count(row[index] if index < len(row) else "")
        values[position] = parsed if isinstance(parsed, int) else None


def _bad_cell(
    number: int,
    letter: str,
    raw: GridCell,
    row_line: Line,
    column_line: Line,
    reason: str,
    row: list[GridCell],
    label_index: int,
) -> str:
    where = f"Row {number}, column {letter} ({row_line.label}, {column_line.label})"
    message = f"{where}: {quote(shown(raw))} {reason}."
    texts = [cell for index, cell in enumerate(row) if index != label_index and not is_blank(cell)]
    if len(texts) > 1 and all(isinstance(_parse_count(cell), str) for cell in texts):
        message += (
            " This row looks like a row of headings: the table must start with its column headings, "
            "so delete any rows above them."
        )
    return message
