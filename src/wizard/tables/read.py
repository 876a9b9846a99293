"""Entry points for reading a table: an uploaded file (workbook or text) or pasted cells."""

from __future__ import annotations

from wizard.tables.grid import MAX_INPUT_BYTES, Grid, TableError, quote
from wizard.tables.text import decode_text, read_text_grid
from wizard.tables.xlsx import is_xlsx, read_xlsx_grid

# --------------------------------------------------------------------------------------------
# Entry points for reading
# --------------------------------------------------------------------------------------------


def read_grid(data: bytes, filename: str = "", sheet: str | None = None) -> Grid:
    """A grid from an uploaded file, recognised by its content (.xlsx) or read as text.

    ``sheet`` names the worksheet to read from a workbook (None: the first that holds a table).
    Raises TableError (LibraryNeeded for a workbook when openpyxl is not loaded)."""
    if not data:
        raise TableError(f"The file {quote(filename) + ' ' if filename else ''}is empty.")
    if len(data) > MAX_INPUT_BYTES:
        raise TableError(
            f"The file is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB, too large for this tool. "
            "Split the table into smaller files."
        )
    if is_xlsx(data):
        return read_xlsx_grid(data, sheet)
    source = "CSV file" if filename.lower().endswith(".csv") or not filename else "file"
    return read_text_grid(decode_text(data, source), source)


def read_pasted(text: str) -> Grid:
    if len(text) > MAX_INPUT_BYTES:
        raise TableError("The pasted table is too large for this tool. Split it into smaller tables.")
    return read_text_grid(text.replace("\r\n", "\n"), "pasted table")
