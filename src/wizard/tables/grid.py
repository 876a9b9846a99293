"""Cells read from a table, before anything is decided about them, and the limits on reading.

A :class:`Grid` is what every reader in ``wizard.tables`` produces (text, paste or workbook); the
rules that decide what a count table is live in ``wizard.rounding.count_table``. Every refusal is a
:class:`TableError` whose message names the row, column and value, and says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass

from wizard.core.errors import WizardInputError

# Limits. A Work Programme MI table is a few hundred cells; these keep a mistaken or hostile file
# from exhausting the browser's memory while leaving room for very large tables on the command line.
MAX_INPUT_BYTES = 50 * 1024 * 1024
MAX_CELLS = 2_000_000
MAX_XML_PART_BYTES = 200 * 1024 * 1024  # one part of an .xlsx file, uncompressed
MAX_XLSX_PARTS = 2_000
MAX_XLSX_BYTES = 400 * 1024 * 1024  # all parts of an .xlsx file together, uncompressed
MAX_LABEL_CHARS = 32_767  # the most text one spreadsheet cell can hold
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384

UTF8_BOM = "\ufeff"


class TableError(WizardInputError):
    """A table that cannot be read or rounded, with a message naming where the problem is."""


@dataclass(frozen=True)
class Special:
    """A spreadsheet cell that is not plain text or a number: shown to people as ``text``."""

    kind: str  # "boolean", "error", "date", "time", "percent", "formula" (a formula with no saved value)
    text: str


GridCell = str | Special


@dataclass(frozen=True)
class Grid:
    """Cells as read, before anything is decided about them.

    ``rows`` may be ragged (CSV rows of different lengths); ``row_numbers`` are the rows' numbers
    in the file or pasted text, counting from 1, for messages; ``first_column`` is the number of
    the file's column that ``rows[i][0]`` came from (1 for column A).
    """

    rows: list[list[GridCell]]
    row_numbers: list[int]
    source: str  # "CSV file", "pasted table", ".xlsx file", for messages
    first_column: int = 1
    notes: tuple[str, ...] = ()
    #: The separator of a text table ("," ";" or tab), None for a workbook: a label holding it
    #: next to a number is the mark of a quotation mark that was never closed.
    delimiter: str | None = None
    #: For a workbook: the sheet read, and the other sheets a person may choose instead.
    sheet: str = ""
    other_sheets: tuple[str, ...] = ()


def column_letter(number: int) -> str:
    """Spreadsheet column name for a column number counted from 1: 1 -> A, 27 -> AA."""
    letters = ""
    while number > 0:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + (ord(letter) - ord("A") + 1)
    return number


def shown(cell: GridCell) -> str:
    return cell.text if isinstance(cell, Special) else cell


def is_blank(cell: GridCell) -> bool:
    return isinstance(cell, str) and not cell.strip()


def quote(value: str, limit: int = 60) -> str:
    value = " ".join(value.split()) if "\n" in value or "\r" in value else value
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return f"“{value}”"
