"""Tables as text: CSV, TSV and cells pasted from a spreadsheet, read into a :class:`Grid`.

Decodes bytes (UTF-8, UTF-16, Windows-1252), refuses binary files by their signature, detects the
separator, and keeps each row's line number for messages. Nothing here decides what a cell means.
"""

from __future__ import annotations

import csv
import io

from wizard.tables.grid import MAX_CELLS, UTF8_BOM, Grid, GridCell, TableError

# --------------------------------------------------------------------------------------------
# Text: CSV, TSV, pasted cells
# --------------------------------------------------------------------------------------------

_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a picture (PNG)"),
    (b"\xff\xd8\xff", "a picture (JPEG)"),
    (b"GIF8", "a picture (GIF)"),
    (b"\xd0\xcf\x11\xe0", "an older Excel (.xls) or Word (.doc) file"),
)


def decode_text(data: bytes, source: str) -> str:
    """Text from bytes: UTF-8 (with or without Excel's byte-order mark), UTF-16 (Excel's "Unicode
    text"), or Windows-1252 (Excel's plain "CSV" on a UK PC). Binary files are refused."""
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            advice = (
                " Open it in Excel and save it as .xlsx or as CSV."
                if b"\xd0\xcf" in magic
                else " Choose the spreadsheet or CSV file that holds the table."
            )
            raise TableError(f"This {source} is {kind}, not a table.{advice}")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise TableError(f"This {source} could not be read as text.") from None
    if b"\x00" in data:
        raise TableError(
            f"This {source} does not look like a table: it holds binary data. "
            "Choose a CSV or .xlsx file, or copy the cells from the spreadsheet and paste them."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise TableError(
            f"This {source} is not text in a form the tool knows (UTF-8 or Windows). "
            "Save it from Excel as “CSV UTF-8” or as .xlsx and try again."
        ) from None


def _field_counts(text: str, delimiter: str, lines: int = 50) -> list[int]:
    counts = []
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            if any(cell.strip() for cell in row):
                counts.append(len(row))
                if len(counts) >= lines:
                    break
    except csv.Error:
        return []
    return counts


def detect_delimiter(text: str) -> str:
    """The separator (tab, semicolon or comma) that splits the first lines into the same number of
    cells, two or more, most often. Ties go to tab (what Excel puts on the clipboard), then
    semicolon (Excel's CSV where the comma is the decimal mark), then comma."""
    best, best_score = ",", (-1.0, 0)
    for delimiter in ("\t", ";", ","):
        if delimiter not in text:
            continue
        counts = _field_counts(text, delimiter)
        if not counts or counts[0] < 2:
            continue
        same = sum(1 for count in counts if count == counts[0]) / len(counts)
        score = (same, counts[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best


DELIMITER_NAMES = {",": "commas", ";": "semicolons", "\t": "tabs"}


def read_text_grid(text: str, source: str) -> Grid:
    if text.startswith(UTF8_BOM):
        text = text[1:]
    if not text.strip():
        raise TableError(f"The {source} is empty. It needs a row of column headings and rows of figures.")
    if "\x00" in text:
        raise TableError(f"The {source} holds binary data, so it does not look like a table.")
    delimiter = detect_delimiter(text)
    rows: list[list[GridCell]] = []
    numbers: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    cells = 0
    previous_end = 0
    try:
        for row in reader:
            start = previous_end + 1
            previous_end = reader.line_num
            cells += len(row)
            if cells > MAX_CELLS:
                raise TableError(too_big(source))
            rows.append(list(row))
            numbers.append(start)
    except csv.Error as problem:
        raise TableError(
            f"Line {reader.line_num} of the {source} could not be read ({problem}). "
            "Check for a quotation mark that is opened but not closed."
        ) from None
    notes = (f"Read as cells separated by {DELIMITER_NAMES[delimiter]}.",) if delimiter == ";" else ()
    return Grid(rows, numbers, source, notes=notes, delimiter=delimiter)


def too_big(source: str) -> str:
    return (
        f"The {source} has more than {MAX_CELLS:,} cells, more than the tool can round in one go. "
        "Split it into smaller tables."
    )
