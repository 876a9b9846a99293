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
TOTAL_LABELS = frozenset(
    {
        "total",
        "totals",
        "all",
        "grand total",
        "overall total",
        "column total",
        "row total",
        "total persons",
        "total people",
        "all persons",
        "all people",
        "all ages",
        "all usual residents",
        "all households",
        "all claimants",
    }
)
#: ONS census tables head their totals "All categories: Age" and the like.
_ALL_CATEGORIES = re.compile(r"^all categories\b", re.IGNORECASE)
_SUBTOTAL = re.compile(r"\bsub[\s-]*totals?\b", re.IGNORECASE)
_OUTCOME_WORDS = re.compile(r"outcome|sustain", re.IGNORECASE)


def normalise_label(label: str) -> str:
    return " ".join(label.split()).rstrip(":").strip().casefold()


def is_total_label(label: str) -> bool:
    """True for Total, Totals, All, Grand total and the totals of published exports ("All persons",
    "All ages", "Column Total", "All categories: Age"), in any case and spacing (a trailing colon
    is allowed)."""
    normal = normalise_label(label)
    return normal in TOTAL_LABELS or bool(_ALL_CATEGORIES.match(normal))


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
    delimiter: str | None = None  # the text file's separator (None for a workbook), for the guard
    sheet: str = ""  # the worksheet read, for a workbook
    other_sheets: tuple[str, ...] = ()  # the workbook's other sheets a person may choose


# --------------------------------------------------------------------------------------------
# Cells: what counts as a count, by the file's convention for numbers
# --------------------------------------------------------------------------------------------

_THOUSANDS = re.compile(r"^[0-9]{1,3}(,[0-9]{3})+$")
_DOT_THOUSANDS = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")
_WHOLE_DECIMAL = re.compile(r"^[0-9]+\.0+$")
#: A number written with a decimal comma (2,5 or 1.234,5), or with several full stops between
#: thousands (1.000.000): either says the file writes numbers the continental European way.
_EUROPEAN = re.compile(
    r"^[0-9]+,[0-9]{1,2}$|^[0-9]+,[0-9]{4,}$|^[0-9]{1,3}(\.[0-9]{3})+,[0-9]+$|^[0-9]{1,3}(\.[0-9]{3}){2,}$"
)
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


class NumberStyle:
    """How a file writes numbers, decided only when a figure could be read two ways.

    ``"uk"``: 1,234 is a thousand and more, 1.000 is one (a comma file, or a workbook);
    ``"european"``: 1.000 is a thousand, 1,5 is one and a half (a semicolon or tab file that writes a
    decimal comma elsewhere, or 1.000.000); ``"unclear"``: a semicolon file with no such sign, where
    1.000 and 1,234 are refused rather than guessed.
    """

    def __init__(self, grid: Grid) -> None:
        self._grid = grid
        self._style: str | None = "uk" if grid.delimiter in (",", None) else None

    @property
    def style(self) -> str:
        if self._style is None:
            european = any(
                isinstance(cell, str) and _EUROPEAN.match(cell.strip())
                for row in self._grid.rows
                for cell in row
            )
            self._style = "european" if european else ("uk" if self._grid.delimiter == "\t" else "unclear")
        return self._style

    @property
    def separator_name(self) -> str:
        """How the file's cells are separated, for messages: "semicolons", "tabs" or "commas"."""
        names = {";": "semicolons", "\t": "tabs", ",": "commas"}
        return names.get(self._grid.delimiter or "", "its separator")


_AMBIGUOUS = (
    "could be read two ways: {a} or {b}. Separated by {sep}, the file does not show which. "
    "Write the count without separators ({plain}), or use the same style throughout the file"
)


def parse_count(raw: GridCell, numbers: NumberStyle | None = None) -> int | str | None:
    """A whole non-negative count, None for a blank, or the reason (a phrase) the cell is not a count.

    ``numbers`` says how the file writes numbers (default: as in the UK); a value such as 1.000 in
    a semicolon file is read as a thousand only where the file's convention is clear.
    """
    if isinstance(raw, Special):
        return {
            "boolean": "is TRUE or FALSE, not a count",
            "error": "shows a spreadsheet error, not a count. Correct the formula in the spreadsheet",
            "date": "is a date, not a count",
            "time": "is a time of day, not a count",
            "percent": "is a percentage (the spreadsheet formats the cell as a percentage). Enter the "
            "counts; for job outcomes and sustainments the tool works out the percentages",
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
    if _THOUSANDS.match(value) or _DOT_THOUSANDS.match(value):
        style = numbers.style if numbers is not None else "uk"
        comma = "," in value
        if style == "uk" and comma:
            return int(value.replace(",", ""))
        if style == "european" and not comma:
            return int(value.replace(".", ""))
        if style == "unclear" or not comma:
            plain = value.replace(",", "").replace(".", "")
            a, b = (
                (
                    f"{int(plain):,} (a comma between thousands)",
                    f"{value.replace(',', '.')} (a decimal comma)",
                )
                if comma
                else (f"{int(plain):,} (a full stop between thousands)", f"{value} (a decimal point)")
            )
            separated = numbers.separator_name if numbers is not None else "commas"
            return _AMBIGUOUS.format(a=a, b=b, sep=separated, plain=plain)
        # a European file: 1,234 is one and a little more
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
    if re.fullmatch(r"[0-9]*\.[0-9]+", number) or re.fullmatch(r"[0-9]+,[0-9]+", value):
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


#: Kept for callers of the old name.
_parse_count = parse_count


def _is_figure(cell: GridCell) -> bool:
    """A cell that reads as a count whatever the file's convention (for finding the table's layout)."""
    if not isinstance(cell, str):
        return False
    value = cell.strip()
    return bool(value) and (
        (value.isascii() and value.isdigit()) or bool(_THOUSANDS.match(value) or _DOT_THOUSANDS.match(value))
    )


def _label(cell: GridCell) -> str:
    return shown(cell).strip()


# --------------------------------------------------------------------------------------------
# Labels: line breaks, and the marks of a quotation mark that was never closed
# --------------------------------------------------------------------------------------------

_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]")
_UK_THOUSANDS_IN_TEXT = re.compile(r"(?<![0-9,])[0-9]{1,3}(?:,[0-9]{3})+(?![0-9,])")


def broken_quote_mark(label: str, delimiter: str | None) -> bool:
    """The label holds what a quotation mark that never closed leaves behind: a line break followed
    by more, or the file's separator next to a number (``North East”,13,27``). A number written
    with commas between thousands (``over 1,000``), or a comma and a space before a number
    (``Jan, 2024``), is not such a mark."""
    if delimiter is None or delimiter not in label:
        return False
    text = _UK_THOUSANDS_IN_TEXT.sub("0", label) if delimiter == "," else label
    # Directly next to each other, as a file's cells are ("”,13,27"); people write "Jan, 2024".
    return re.search(rf"{re.escape(delimiter)}[0-9]|[0-9]{re.escape(delimiter)}", text) is not None


def _swallowed_lines(text: str, delimiter: str) -> bool:
    """A quoted cell of a text file that runs over lines the way an unclosed quotation mark makes
    it: holding the separator, a quotation mark, three or more lines, or running to the end of the
    file (it then ends with a line break). A short label over two lines ("Job\nstarts") is not."""
    if not _LINE_BREAK.search(text):
        return False
    lines = _LINE_BREAK.split(text)
    return delimiter in text or any(mark in text for mark in '"“”') or len(lines) > 2 or not lines[-1].strip()


def _broken_quote_message(number: int, text: str, delimiter: str | None) -> str:
    lines = _LINE_BREAK.split(text)
    first = lines[0]
    typographic = "”" in first or "“" in first
    closes = (
        " It seems to end with ” (a typographic quotation mark), which does not close a quoted cell."
        if typographic
        else ""
    )
    spread = f", and runs on over {len(lines)} lines of the file" if len(lines) > 1 else ""
    return (
        f'Row {number}: a quotation mark (") opens a cell here that never closes, so the cell '
        f'{quote(first)} swallows the cells after it{spread}.{closes} Put a plain " at the end of '
        "that cell's text (or take out the opening one), save the file and try again. Nothing was rounded."
    )


def clean_label(cell: GridCell, number: int, delimiter: str | None) -> str:
    """A label as it will be shown: trimmed, with line breaks turned into spaces. Raises TableError
    (naming row ``number``) if the label shows the marks of a quotation mark that never closed."""
    text = shown(cell)
    if delimiter is not None and (broken_quote_mark(text, delimiter) or _swallowed_lines(text, delimiter)):
        raise TableError(_broken_quote_message(number, text.strip(), delimiter))
    if _LINE_BREAK.search(text):
        text = " ".join(_LINE_BREAK.sub(" ", text).split())
    return text.strip()


# --------------------------------------------------------------------------------------------
# Where the table is: title and filters above, heading rows, body, notes below
# --------------------------------------------------------------------------------------------

Entry = tuple[int, list[GridCell]]


def _filled(row: list[GridCell]) -> list[int]:
    return [index for index, cell in enumerate(row) if not is_blank(cell)]


def _is_data_row(row: list[GridCell]) -> bool:
    """A label (text) and at least one figure to its right."""
    filled = _filled(row)
    if len(filled) < 2:
        return False
    first = row[filled[0]]
    if _is_figure(first):
        return False
    return any(_is_figure(row[index]) for index in filled[1:])


def _blocks(entries: list[Entry], positions: dict[int, int] | None = None) -> list[list[Entry]]:
    """Runs of rows with no empty row between them. ``positions``: row number -> place in the grid
    counting empty rows (a quoted cell over several lines makes its row's number jump)."""
    place = positions or {}
    blocks: list[list[Entry]] = []
    for entry in entries:
        if blocks and place.get(entry[0], entry[0]) == place.get(blocks[-1][-1][0], blocks[-1][-1][0]) + 1:
            blocks[-1].append(entry)
        else:
            blocks.append([entry])
    return blocks


def _is_title_row(row: list[GridCell], label_index: int) -> bool:
    """A title or filter line: one piece of text at the left, or a ``Name:`` with its value."""
    filled = _filled(row)
    if not filled or filled[0] > label_index:
        return False
    if len(filled) == 1:
        return not _is_figure(row[filled[0]])
    return len(filled) == 2 and _label(row[filled[0]]).endswith(":")


def _is_filter_block(block: list[Entry]) -> bool:
    """A block of rows of one or two cells, as exports put their title and filters in."""
    return all(len(_filled(row)) <= 2 for _, row in block)


@dataclass(frozen=True)
class Layout:
    above: tuple[Entry, ...]  # a title, filters or other text above the table: left out
    headings: tuple[Entry, ...]  # one or more rows of column headings
    body: tuple[Entry, ...]  # the rows of the table
    below: tuple[Entry, ...]  # notes below the table: left out


def find_layout(entries: list[Entry], positions: dict[int, int] | None = None) -> Layout:
    """Where the table is among the grid's non-empty rows.

    The body starts at the first row with a label and a figure that is followed by another such
    row, a total, or nothing more (a filter line such as ``"Year","2024"`` set apart by an empty
    row is not). The headings are the rows just above it (several for an export with two heading
    rows); rows above those that are a title or filters are left out, as are blocks of one- or
    two-cell rows set apart above the table. Below the table, blocks of notes set apart by an empty
    row are left out. Rows after the last total are decided in :func:`to_count_table`.
    """
    blocks = _blocks(entries, positions)
    block_of = {id(entry): b for b, block in enumerate(blocks) for entry in block}
    # The last row with a label and figures (scanning from the end: it is usually the last row).
    last_data = next(
        (position for position in range(len(entries) - 1, -1, -1) if _is_data_row(entries[position][1])), None
    )
    start: int | None = None
    for position, (_, row) in enumerate(entries):
        if last_data is None or position > last_data:
            break
        if not _is_data_row(row):
            continue
        following = entries[position + 1] if position + 1 < len(entries) else None
        continues = following is not None and block_of[id(following)] == block_of[id(entries[position])]
        # One row of figures under its headings, then an empty row, then more figures: the empty
        # row is inside the table (as it is when two or more rows come before it).
        under_headings = (
            position > 0
            and block_of[id(entries[position - 1])] == block_of[id(entries[position])]
            and _has_heading_text(entries[position - 1][1], min(_filled(row) or [0]))
        )
        if position == last_data or (
            (continues or under_headings)
            and following is not None
            and (_is_data_row(following[1]) or is_total_label(_first_label(following[1])))
        ):
            start = position
            break
    if start is None:
        return _fallback_layout(blocks, positions)
    b = block_of[id(entries[start])]
    block = blocks[b]
    inside = [entry for entry in block if entry[0] < entries[start][0]]
    label_index = min(_filled(entries[start][1]) or [0])
    headings: list[Entry]
    header_at = max(
        (i for i, (_, row) in enumerate(inside) if _has_heading_text(row, label_index)), default=None
    )
    if header_at is not None:
        top = header_at
        while top > 0 and not _is_title_row(inside[top - 1][1], label_index):
            top -= 1  # a heading row above the headings (a heading over several columns, a year)
        headings = list(inside[top : header_at + 1])
        after = inside[header_at + 1 :]
        header_row = inside[header_at][1]
        if after and (label_index >= len(header_row) or is_blank(header_row[label_index])):
            headings.append(after[0])  # the corner heading on a row of its own (two heading rows)
        body_start = entries.index(headings[-1]) + 1
    elif b > 0 and _has_heading_text(blocks[b - 1][-1][1], label_index):
        # An empty row between the headings and the figures.
        previous = blocks[b - 1]
        top = len(previous) - 1
        while top > 0 and not _is_title_row(previous[top - 1][1], label_index):
            top -= 1
        headings = list(previous[top:])
        body_start = entries.index(block[0])
    else:
        # The first row of the table is its own heading row (headings that are numbers, such as years).
        first = block[0] if not inside else inside[0]
        headings = [first]
        body_start = entries.index(first) + 1
    first_heading = entries.index(headings[0])
    above = entries[:first_heading]
    rest = entries[body_start:]
    body, below = _split_notes_below(rest, positions)
    return Layout(tuple(above), tuple(headings), tuple(body), tuple(below))


def _has_heading_text(row: list[GridCell], label_index: int) -> bool:
    """Text (not a figure) in a column right of the labels: a row of column headings."""
    return any(
        not is_blank(cell) and not _is_figure(cell) for cell in row[label_index + 1 :]
    ) and not _is_data_row(row)


def _first_label(row: list[GridCell]) -> str:
    filled = _filled(row)
    return _label(row[filled[0]]) if filled else ""


def _fallback_layout(blocks: list[list[Entry]], positions: dict[int, int] | None) -> Layout:
    """No row looks like a label with figures: the first row is the headings (as before), after any
    blocks of single pieces of text set apart above; notes set apart below are left out."""
    start = 0
    while start < len(blocks) - 1 and all(_single_text(row) for _, row in blocks[start]):
        start += 1
    entries = [entry for block in blocks[start:] for entry in block]
    above = [entry for block in blocks[:start] for entry in block]
    body, below = _split_notes_below(entries[1:], positions)
    return Layout(tuple(above), (entries[0],), tuple(body), tuple(below))


def _split_notes_below(
    rest: list[Entry], positions: dict[int, int] | None = None
) -> tuple[list[Entry], list[Entry]]:
    """Blocks of single pieces of text at the end, set apart from the table by an empty row."""
    blocks = _blocks(rest, positions)
    end = len(blocks)
    while end > 1 and all(_single_text(row) for _, row in blocks[end - 1]):
        end -= 1
    body = [entry for block in blocks[:end] for entry in block]
    below = [entry for block in blocks[end:] for entry in block]
    return body, below


def _single_text(row: list[GridCell]) -> bool:
    """The row holds one piece of text and nothing else (a title or a note, not a row of a table)."""
    filled = [cell for cell in row if not is_blank(cell)]
    return (
        len(filled) == 1 and isinstance(parse_count(filled[0]), str) and not is_total_label(_label(filled[0]))
    )


def _headings_by_column(headings: Sequence[Entry], width: int) -> list[list[str]]:
    """For each column, the heading text of each heading row, top first. In every row but the last,
    a heading spreads right over the empty cells after it (a heading over several columns)."""
    out: list[list[str]] = [[] for _ in range(width)]
    for position, (number, row) in enumerate(headings):
        last = position == len(headings) - 1
        carried = ""
        for index in range(width):
            cell = row[index] if index < len(row) else ""
            text = "" if is_blank(cell) else _heading_text(cell, number)
            if text:
                carried = text
            elif not last and index > 0:
                text = carried
            out[index].append(text)
    return out


def _heading_text(cell: GridCell, number: int) -> str:
    return " ".join(shown(cell).split())


def _join_heading(parts: list[str]) -> str:
    kept: list[str] = []
    for part in parts:
        if part and part not in kept:
            kept.append(part)
    return ": ".join(kept)


# --------------------------------------------------------------------------------------------
# Grid -> CountTable
# --------------------------------------------------------------------------------------------


def to_count_table(grid: Grid) -> ReadTable:
    """Decide the table's labels, totals and counts, refusing anything that is not a count.

    Raises TableError with a message naming the row, column and value, and what to do."""
    source = grid.source
    entries = [
        (number, row) for number, row in zip(grid.row_numbers, grid.rows, strict=True) if not _blank_row(row)
    ]
    if not entries:
        raise TableError(f"The {source} is empty. It needs a row of column headings and rows of figures.")
    left_out: list[str] = []
    notes = list(grid.notes)
    # Where each row is, counting empty rows: a text table lists its empty lines; a workbook's rows
    # are numbered by the sheet.
    positions = (
        {number: index for index, number in enumerate(grid.row_numbers)}
        if grid.delimiter is not None
        else None
    )
    layout = find_layout(entries, positions)
    if layout.above:
        numbers = [number for number, _ in layout.above]
        what = (
            "a title and filters"
            if any(len(_filled(row)) == 2 for _, row in layout.above)
            else "a title or notes"
        )
        left_out.append(f"{_span_text(numbers)}, above the table ({what})")
    if layout.below:
        left_out.append(f"{_span_text([number for number, _ in layout.below])}, below the table (notes)")
    headings = list(layout.headings)
    body = list(layout.body)
    all_rows = headings + body
    used = _used_columns(all_rows)
    header_number = headings[-1][0]
    header_last = max(
        (index for _, row in headings for index, cell in enumerate(row) if not is_blank(cell)), default=-1
    )
    label_index = used[0]

    def letter(index: int) -> str:
        return column_letter(grid.first_column + index)

    for number, row in body:
        for index in range(header_last + 1, len(row)):
            if not is_blank(row[index]):
                hint = (
                    " (In a CSV file, a number written with a comma, such as 1,234, or a label with a "
                    "comma needs quotation marks around it.)"
                    if grid.delimiter == ","
                    else ""
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
    if not body:
        raise TableError(
            f"The {source} has headings (row {header_number}) but no rows of figures below them."
        )
    body, trailing = _notes_after_total(body, label_index, columns_used, letter)
    if trailing:
        left_out.append(
            f"{_rows_text([number for number, _ in trailing])}, below the total row (notes: a row with "
            "only a label after the total)"
        )
    body, inside_notes = _notes_inside(body, label_index, columns_used)
    if inside_notes:
        left_out.append(f"{_rows_text([number for number, _ in inside_notes])}, inside the table (notes)")
    if not body:
        raise TableError(
            f"The {source} has headings (row {header_number}) but no rows of figures below them."
        )

    delimiter = grid.delimiter
    by_column = _headings_by_column(headings, max(len(row) for _, row in headings) if headings else 0)

    def heading_parts(index: int) -> list[str]:
        return by_column[index] if index < len(by_column) else []

    for number, row in headings:
        for index in [label_index, *columns_used]:
            if index < len(row) and not is_blank(row[index]):
                clean_label(row[index], number, delimiter)
    corner = _join_heading(heading_parts(label_index))
    columns = []
    for index in columns_used:
        parts = heading_parts(index)
        bottom = next((part for part in reversed(parts) if part), "")
        columns.append(
            Line(
                _join_heading(parts) or f"Column {letter(index)}",
                is_total_label(bottom),
                f"column {letter(index)}",
            )
        )
    row_lines = []
    for number, row in body:
        label = clean_label(row[label_index], number, delimiter) if label_index < len(row) else ""
        row_lines.append(Line(label or f"Row {number}", is_total_label(label), f"row {number}"))
    rows = tuple(row_lines)
    if any(_LINE_BREAK.search(shown(row[label_index])) for _, row in body if label_index < len(row)):
        notes.append("Line breaks inside labels were read as spaces.")
    _check_labels(tuple(columns), rows)

    short_rows = [number for number, row in body if len(row) <= columns_used[-1]]
    if short_rows:
        notes.append(
            f"{_rows_text(short_rows)} had fewer cells than the headings; the missing cells were read "
            "as empty."
        )
    if len(headings) > 1:
        notes.append(
            f"{_rows_text([number for number, _ in headings])} were read together as the column headings."
        )
    numbers_style = NumberStyle(grid)
    cells = _read_counts(
        [headings[-1], *body], label_index, columns_used, tuple(columns), rows, letter, numbers_style
    )
    warnings = []
    data_labels = [line.label for line in rows if not line.is_total]
    if data_labels and all(label.replace(",", "").isdigit() for label in data_labels):
        warnings.append(
            f"Every label in the first column ({quote(corner) if corner else 'no heading'}) is a number. "
            "The first column is copied as it is, not rounded: if it holds figures rather than labels "
            "(such as years), add a column of labels before it and round the table again."
        )
    return ReadTable(
        CountTable(corner, rows, tuple(columns), cells),
        tuple(notes),
        tuple(left_out),
        tuple(warnings),
        delimiter=grid.delimiter,
        sheet=grid.sheet,
        other_sheets=grid.other_sheets,
    )


#: How a note starts ("Note: 3 people were referred twice", "Source: provider MI", "* provisional").
_NOTE_START = re.compile(r"^\s*(notes?\b|source\b|footnote|\[note|\*|†|‡|¹|²|³)", re.IGNORECASE)


def _notes_inside(
    body: list[Entry], label_index: int, columns_used: list[int]
) -> tuple[list[Entry], list[Entry]]:
    """Rows with only a label that reads as a note (Note:, Source:, *): left out wherever they are,
    as a label may hold a true figure ("Note: 3 people ...")."""
    kept: list[Entry] = []
    notes: list[Entry] = []
    for entry in body:
        _, row = entry
        label = _label(row[label_index]) if label_index < len(row) else ""
        if (
            _NOTE_START.match(label)
            and not is_total_label(label)
            and all(index >= len(row) or is_blank(row[index]) for index in columns_used)
        ):
            notes.append(entry)
        else:
            kept.append(entry)
    return kept, notes


def _notes_after_total(
    body: list[Entry], label_index: int, columns_used: list[int], letter: Callable[[int], str]
) -> tuple[list[Entry], list[Entry]]:
    """Rows after the last total row: those with only a label are notes (left out); anything in a
    figure column there is refused, naming the row, unless the total is the table's first row."""
    totals = [
        position
        for position, (_, row) in enumerate(body)
        if label_index < len(row) and is_total_label(_label(row[label_index]))
    ]
    if not totals or totals[-1] == len(body) - 1:
        return body, []
    last = totals[-1]
    after = body[last + 1 :]

    def label_only(row: list[GridCell]) -> bool:
        return all(index >= len(row) or is_blank(row[index]) for index in columns_used) and not any(
            not is_blank(cell) for index, cell in enumerate(row) if index < label_index
        )

    if all(label_only(row) for _, row in after):
        return body[: last + 1], after
    if last == 0:
        return body, []  # the total comes first ("All persons" at the top): the rows after it are the table
    total_number = body[last][0]
    for number, row in after:
        if label_only(row):
            continue
        index = next(i for i in columns_used if i < len(row) and not is_blank(row[i]))
        advice = (
            "A table ends with its total row, so the tool cannot tell whether this row is part of the "
            "table or a note. Move the row above the total, or, if it is a note, put an empty row above "
            "it (or delete it)."
        )
        raise TableError(
            f"Row {number} comes after the total row (row {total_number}) and holds "
            f"{quote(shown(row[index]))} in column {letter(index)}. {advice}"
        )
    return body, []


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


def _span_text(numbers: Sequence[int]) -> str:
    """ "Row 4" or "Rows 1–6": from the first to the last (a block above or below the table, with
    the empty rows inside it)."""
    first, last = min(numbers), max(numbers)
    return f"Row {first}" if first == last else f"Rows {first}–{last}"


def _rows_text(numbers: Sequence[int]) -> str:
    """ "Row 4", "Rows 1–6", "Rows 1–3, 5 and 9": runs of consecutive rows as ranges."""
    runs: list[tuple[int, int]] = []
    for number in sorted(numbers):
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    parts = [f"{a}" if a == b else f"{a}–{b}" for a, b in runs]
    shown_parts = parts[:10]
    more = f" and {len(parts) - 10:,} more" if len(parts) > 10 else ""
    if len(shown_parts) > 1 and not more:
        listed = ", ".join(shown_parts[:-1]) + " and " + shown_parts[-1]
    else:
        listed = ", ".join(shown_parts) + more
    return f"Row{'s' if len(numbers) > 1 else ''} {listed}"


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
    numbers: NumberStyle | None = None,
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
            parsed = parse_count(raw, numbers)
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
        parsed = parse_count(row[index] if index < len(row) else "")
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
    if isinstance(raw, str) and _LINE_BREAK.search(raw.strip()):
        lines = _LINE_BREAK.split(raw.strip())
        return (
            f'{where}: a quotation mark (") opens a cell here that never closes, so the cell '
            f"{quote(lines[0])} "
            f'swallows the cells after it and runs on over {len(lines)} lines of the file. Put a plain " at '
            "the end of that cell's text (or take out the opening one), save the file and try again."
        )
    message = f"{where}: {quote(shown(raw))} {reason}."
    texts = [cell for index, cell in enumerate(row) if index != label_index and not is_blank(cell)]
    if len(texts) > 1 and all(isinstance(parse_count(cell), str) for cell in texts):
        message += (
            " This row looks like a row of headings: the table must start with its column headings, "
            "so delete any rows above them."
        )
    return message
