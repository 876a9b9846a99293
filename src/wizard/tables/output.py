"""Writing a table to share as CSV text, with cells that spreadsheets would run as formulas
neutralised. (Workbooks are written by ``wizard.tables.xlsx``.)"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wizard.tables.grid import UTF8_BOM

# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Percent:
    """A whole-number percentage: "25%" in CSV, a number formatted as a percentage in .xlsx."""

    value: int

    def __str__(self) -> str:
        return f"{self.value}%"


OutCell = str | int | Percent | None

#: What a spreadsheet may take as the start of a formula (OWASP's list for CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def needs_neutralising(text: str) -> bool:
    return text.startswith(_FORMULA_STARTS)


def neutralise(text: str) -> str:
    """Text a spreadsheet will show as text rather than run: a leading ' before =, +, -, @."""
    return "'" + text if needs_neutralising(text) else text


def _guarded(row: Sequence[OutCell]) -> Sequence[OutCell]:
    if not row:
        return row
    if str in set(map(type, row[1:])):
        return [neutralise(cell) if isinstance(cell, str) else cell for cell in row]
    first = row[0]
    if isinstance(first, str) and needs_neutralising(first):
        return [neutralise(first), *row[1:]]
    return row


def write_csv(rows: Iterable[Sequence[OutCell]], notes: Sequence[str] = ()) -> str:
    """CSV text for Excel: a byte-order mark (so Excel reads it as UTF-8), the table, then, after
    an empty row, one note per row. Labels that could run as formulas are neutralised."""
    buffer = io.StringIO(newline="")
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    # The csv module writes None as an empty cell, ints as digits and Percent through str(). Only
    # text can run as a formula: a row whose other cells hold no text needs only its first checked.
    writer.writerows(_guarded(row) for row in rows)
    if notes:
        writer.writerow([])
        writer.writerows([neutralise(note)] for note in notes)
    return buffer.getvalue()
