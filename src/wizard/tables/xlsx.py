"""Excel workbooks (.xlsx): a worksheet read into a :class:`Grid`, and a table written as a workbook,
both through openpyxl (a pure-Python library, with et_xmlfile).

In the browser openpyxl is not loaded with the page: it is a separate wheel in the site's lock file,
loaded only when a request holds a workbook or asks for one. Until it is there, reading or writing
raises :class:`LibraryNeeded`, and the page loads the packages it names and sends the request again.

Before openpyxl sees a file, :func:`check_archive` refuses zip bombs (parts, sizes, cells counted
from the declared sizes and the XML itself) and XML with document type declarations, so a hostile
file cannot exhaust memory or expand entities.
"""

from __future__ import annotations

import datetime
import importlib.util
import io
import re
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from wizard.tables.grid import (
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    MAX_CELLS,
    MAX_XLSX_BYTES,
    MAX_XLSX_PARTS,
    MAX_XML_PART_BYTES,
    Grid,
    GridCell,
    Special,
    TableError,
    column_letter,
    quote,
)
from wizard.tables.output import OutCell, Percent, needs_neutralising
from wizard.tables.text import too_big

#: Every .xlsx file is a zip archive, which starts with these bytes.
XLSX_SIGNATURE = b"PK\x03\x04"

#: The packages (names in the Pyodide lock file) that reading or writing a workbook needs.
WORKBOOK_PACKAGES = ("openpyxl",)

#: Sheet names that hold something other than the table in an accessible spreadsheet (the
#: Government Analysis Function's layout: a cover sheet, contents and notes before the tables).
_FRONT_MATTER = re.compile(
    r"^(cover([ _-]?sheet)?|contents?|table[ _-]?of[ _-]?contents|notes?|metadata|about|information|"
    r"info|read[ _-]?me|definitions|glossary|guidance|introduction|index)$",
    re.IGNORECASE,
)


def is_xlsx(data: bytes) -> bool:
    """True when ``data`` starts like a workbook (a zip archive); the one place this is checked."""
    return data.startswith(XLSX_SIGNATURE)


class LibraryNeeded(TableError):
    """Reading or writing a workbook needs openpyxl, which is not loaded (in the browser: not yet).

    ``packages`` are the names to load; the page loads them and sends the same request again."""

    def __init__(self, message: str, packages: tuple[str, ...] = WORKBOOK_PACKAGES) -> None:
        super().__init__(message)
        self.packages = packages


def library_ready() -> bool:
    """True when openpyxl can be imported here (always on the command line; in the browser only
    after the page has loaded it)."""
    return importlib.util.find_spec("openpyxl") is not None


def _openpyxl() -> Any:
    if not library_ready():
        raise LibraryNeeded(
            "Reading and writing .xlsx workbooks needs the openpyxl library, which is not installed here. "
            "Install it (pip install openpyxl==3.1.5), or save the sheet as CSV and use that."
        )
    import openpyxl

    return openpyxl


# --------------------------------------------------------------------------------------------
# Limits, checked before openpyxl reads anything
# --------------------------------------------------------------------------------------------

_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_FORMULA_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?f[\s>/]")
_CHUNK = 1 << 20
_NOT_A_SPREADSHEET_XML = "This .xlsx file contains XML that spreadsheets do not use, so it was not read."


@dataclass(frozen=True)
class ArchiveFacts:
    cells: int  # cells in all worksheets, counted from the XML
    formulas: bool  # some worksheet holds a formula


def check_archive(data: bytes) -> ArchiveFacts:
    """Refuse anything that is not a plain workbook of a size this tool can hold.

    Checks the number of parts, each part's and the whole's size once inflated (zipfile never
    inflates a part beyond its declared size), XML with a document type declaration (spreadsheets
    never need one; refusing it rules out entity expansion), and the number of cells. Reads each
    XML part once, in chunks. Raises TableError with a message saying what to do.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise TableError("This file is not a valid .xlsx file. Open it in Excel and save it again.") from None
    cells = 0
    formulas = False
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_XLSX_PARTS:
            raise TableError("This .xlsx file has too many parts to be a simple table.")
        names = {info.filename for info in infos}
        if "xl/workbook.xml" not in names:
            if "content.xml" in names:
                raise TableError("This is an OpenDocument spreadsheet (.ods). Save it as .xlsx or CSV.")
            if "word/document.xml" in names:
                raise TableError("This is a Word document, not a spreadsheet. Choose the .xlsx or CSV file.")
            raise TableError("This file is a compressed archive but not an .xlsx spreadsheet.")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_XML_PART_BYTES or total > MAX_XLSX_BYTES:
                raise TableError(
                    f"This .xlsx file is too large to read here: its {info.filename} would take "
                    f"{info.file_size / 1024 / 1024:,.0f} MB. Split the table or save it as CSV."
                )
        for info in infos:
            if not info.filename.endswith((".xml", ".rels", ".vml")):
                continue
            worksheet = info.filename.startswith("xl/worksheets/")
            tail = b""
            try:
                with archive.open(info) as stream:
                    while chunk := stream.read(_CHUNK):
                        window = tail + chunk
                        if b"<!DOCTYPE" in window or b"<!ENTITY" in window:
                            raise TableError(_NOT_A_SPREADSHEET_XML)
                        if worksheet:
                            # Count tags that start in this chunk (the tail was counted already).
                            cells += len(_CELL_TAG.findall(window)) - len(_CELL_TAG.findall(tail))
                            formulas = formulas or _FORMULA_TAG.search(window) is not None
                        tail = chunk[-16:]
            except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, NotImplementedError):
                raise TableError("This .xlsx file is damaged and could not be read.") from None
            if cells > MAX_CELLS:
                raise TableError(too_big(".xlsx file"))
    return ArchiveFacts(cells, formulas)


# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FORMAT_NOISE = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.|_.|\*.')


def _bare_format(number_format: str) -> str:
    """A number format without its quoted text, [colours]/[conditions], escapes and padding."""
    return _FORMAT_NOISE.sub("", number_format or "").lower()


def is_percent_format(number_format: str) -> bool:
    """True for formats that show a number as a percentage (``0%``, ``0.0%``)."""
    return "%" in _bare_format(number_format)


def _percent_text(value: float | int, number_format: str) -> str:
    """What Excel shows for ``value`` in a percentage format: 0.25 -> "25%", 1 -> "100%"."""
    first = _bare_format(number_format).split(";")[0]
    places = len(first.split(".", 1)[1].split("%")[0].rstrip("#")) if "." in first else 0
    shown = (Decimal(repr(value)) * 100).quantize(Decimal(1).scaleb(-places))
    return f"{shown}%"


def _date_text(value: datetime.date, number_format: str) -> str:
    bare = _bare_format(number_format)
    day = f"{value.day} " if "d" in bare else ""
    text = f"{day}{_MONTHS[value.month - 1]} {value.year}"
    if isinstance(value, datetime.datetime) and "h" in bare:
        text += f" {_time_text(value.time(), number_format)}"
    return text


def _time_text(value: datetime.time, number_format: str) -> str:
    seconds = "s" in _bare_format(number_format) or value.second
    return value.strftime("%H:%M:%S" if seconds else "%H:%M")


def _duration_text(value: datetime.timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    return f"{minutes // 60}:{minutes % 60:02d}"


def _number_text(value: float) -> str:
    """A number as text: whole numbers without a decimal point (12.0 -> 12), others as written."""
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def cell_value(value: object, number_format: str, data_type: str) -> GridCell:
    """One openpyxl cell value as read, with what its number format says it shows.

    Text stays text; whole numbers become their digits; a number in a percentage format becomes a
    ``percent`` cell showing what Excel shows (1 in ``0%`` is "100%"); dates, times and durations
    become labels ("Jan 2012", "09:30"); TRUE/FALSE and errors (#REF!) are marked as such.
    """
    if value is None:
        return ""
    if data_type == "e":
        return Special("error", str(value))
    if isinstance(value, bool):
        return Special("boolean", "TRUE" if value else "FALSE")
    if isinstance(value, str):
        return value
    if isinstance(value, int | float):
        if is_percent_format(number_format):
            return Special("percent", _percent_text(value, number_format))
        return str(value) if isinstance(value, int) else _number_text(value)
    if isinstance(value, datetime.datetime | datetime.date):
        return Special("date", _date_text(value, number_format))
    if isinstance(value, datetime.time):
        return Special("time", _time_text(value, number_format))
    if isinstance(value, datetime.timedelta):
        return Special("time", _duration_text(value))
    return str(value)


def _looks_like_table(values: list[list[GridCell]]) -> bool:
    """A sheet holds a table of figures: some row has a label and two or more numbers, or two rows
    each have a number beside a label (a cover, contents or notes sheet has text only)."""
    rows_with_numbers = 0
    for row in values:
        numbers = sum(1 for cell in row if isinstance(cell, str) and cell.isascii() and cell.isdigit())
        if numbers >= 2:
            return True
        if numbers == 1 and any(
            isinstance(cell, str) and cell.strip() and not cell.isdigit() for cell in row
        ):
            rows_with_numbers += 1
    return rows_with_numbers >= 2


@dataclass(frozen=True)
class _Sheet:
    name: str
    state: str  # visible, hidden, veryHidden
    cells: dict[tuple[int, int], GridCell]
    merged: tuple[str, ...]

    @property
    def visible(self) -> bool:
        return self.state == "visible"


def _read_sheet(worksheet: Any) -> _Sheet:
    cells: dict[tuple[int, int], GridCell] = {}
    # The cells the file holds. (iter_rows() would make every empty cell up to the far corner: a
    # stray entry in XFD1048576 would mean seventeen billion of them.)
    for cell in list(worksheet._cells.values()):
        value = cell.value
        if value is None or (isinstance(value, str) and not value):
            continue
        if cell.row > EXCEL_MAX_ROWS or cell.column > EXCEL_MAX_COLUMNS:
            raise TableError(f"This .xlsx file has a cell outside the sheet ({cell.coordinate}).")
        cells[(cell.row, cell.column)] = cell_value(value, cell.number_format, cell.data_type)
    merged = []
    for span in worksheet.merged_cells.ranges:
        top_left = cells.get((span.min_row, span.min_col))
        # A heading or label across several cells counts for each; a figure counts once (where it is).
        if isinstance(top_left, str) and top_left.strip() and not top_left.strip().isdigit():
            for r in range(span.min_row, span.max_row + 1):
                for c in range(span.min_col, span.max_col + 1):
                    cells.setdefault((r, c), top_left)
            merged.append(span.coord)
    return _Sheet(str(worksheet.title), str(worksheet.sheet_state), cells, tuple(merged))


def _grid_rows(cells: dict[tuple[int, int], GridCell]) -> tuple[list[list[GridCell]], list[int], int, int]:
    rows_used = sorted({row for row, _ in cells})
    min_column = min(column for _, column in cells)
    max_column = max(column for _, column in cells)
    return (
        [[cells.get((row, column), "") for column in range(min_column, max_column + 1)] for row in rows_used],
        rows_used,
        min_column,
        max_column,
    )


def _choose(sheets: list[_Sheet], wanted: str | None) -> tuple[_Sheet, str]:
    """The sheet to read and why (a sentence for the notes, or "" when it is simply the only one)."""
    if wanted is not None:
        for sheet in sheets:
            if sheet.name == wanted or sheet.name.casefold() == wanted.strip().casefold():
                hidden = " (a hidden sheet)" if not sheet.visible else ""
                return sheet, f"Read the sheet {quote(sheet.name)}{hidden}, as you chose."
        names = ", ".join(quote(sheet.name) for sheet in sheets)
        raise TableError(f"This workbook has no sheet called {quote(wanted)}. Its sheets are {names}.")
    visible = [sheet for sheet in sheets if sheet.visible and sheet.cells]
    if not visible:
        raise TableError(
            "Every worksheet of this .xlsx file is empty or hidden. Choose a file that holds the table."
        )
    tables = [sheet for sheet in visible if _looks_like_table(_grid_rows(sheet.cells)[0])]
    preferred = [sheet for sheet in tables if not _FRONT_MATTER.match(sheet.name.strip())]
    chosen = (preferred or tables or visible)[0]
    first = visible[0]
    if chosen is first:
        return chosen, "" if len(visible) == 1 else f"Read the first sheet, {quote(chosen.name)}."
    skipped = visible[: visible.index(chosen)]
    listed = ", ".join(quote(sheet.name) for sheet in skipped)
    return (
        chosen,
        f"Read the sheet {quote(chosen.name)}: the sheet{'s' if len(skipped) > 1 else ''} before it "
        f"({listed}) {'hold' if len(skipped) > 1 else 'holds'} no table of figures (a cover, contents or "
        "notes).",
    )


def _formula_cells(openpyxl: Any, data: bytes, sheet_name: str) -> dict[tuple[int, int], str]:
    """Cells of one sheet that hold formulas: (row, column) -> the formula, read by openpyxl without
    the saved values (a quick streaming pass, done only when the workbook has formulas)."""
    found: dict[tuple[int, int], str] = {}
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False, keep_links=False)
    try:
        for row in book[sheet_name].iter_rows():
            for cell in row:
                value = getattr(cell, "value", None)
                if getattr(cell, "data_type", "") == "f" or (
                    isinstance(value, str) and value.startswith("=")
                ):
                    found[(cell.row, cell.column)] = str(value)
    finally:
        book.close()
    return found


def read_xlsx_grid(data: bytes, sheet: str | None = None) -> Grid:
    """A worksheet of an .xlsx file as a grid: ``sheet`` by name, or else the first visible sheet
    that holds a table of figures (a cover, contents or notes sheet before it is passed over, and
    the notes say so). Hidden sheets are never chosen unless named.

    Number formats are honoured (see :func:`cell_value`); a heading merged across cells counts for
    each of them. Formulas: the value Excel saved with the file is used, and a note says which cells
    held formulas; a formula with no saved value is kept as a ``formula`` cell (fine for a total,
    which is worked out again, refused for a figure).

    Raises LibraryNeeded when openpyxl is not loaded, TableError for a file that cannot be read.
    """
    facts = check_archive(data)
    openpyxl = _openpyxl()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), data_only=True, keep_links=False, rich_text=False)
            sheets = [_read_sheet(worksheet) for worksheet in book.worksheets]
        except TableError:
            raise
        except Exception:  # openpyxl's many ways of saying a file is damaged
            raise TableError(
                "This .xlsx file could not be read: it may be damaged or made by a program Excel does not "
                "recognise. Open it in Excel and save it again, or save the sheet as CSV."
            ) from None
        if not sheets:
            raise TableError("This .xlsx file has no worksheets.")
        chosen, why = _choose(sheets, sheet)
        formulas: dict[tuple[int, int], str] = {}
        if facts.formulas:
            try:
                formulas = _formula_cells(openpyxl, data, chosen.name)
            except Exception:
                formulas = {}
    if not chosen.cells and not formulas:
        raise TableError(f"The sheet {quote(chosen.name)} of this .xlsx file is empty.")
    cells = dict(chosen.cells)
    for place, formula in formulas.items():
        if place not in cells:  # no saved value
            cells[place] = Special("formula", formula)
    rows, row_numbers, min_column, max_column = _grid_rows(cells)
    width = max_column - min_column + 1
    if len(row_numbers) * width > MAX_CELLS:
        far = f"{column_letter(max_column)}{max(row_numbers)}"
        raise TableError(
            f"The sheet {quote(chosen.name)} stretches to cell {far}, which makes a table of "
            f"{len(row_numbers) * width:,} cells, more than the tool can round in one go. If that "
            "cell is a stray entry, delete it; otherwise split the table."
        )
    notes = [why] if why else []
    if chosen.merged:
        spans = ", ".join(chosen.merged[:6]) + (" …" if len(chosen.merged) > 6 else "")
        notes.append(f"Merged cells ({spans}) were read as if each cell they cover held their heading.")
    saved = sorted(place for place in formulas if place in chosen.cells)
    if saved:
        names = [f"{column_letter(column)}{row}" for row, column in saved]
        shown = ", ".join(names[:8]) + (f" and {len(names) - 8:,} more" if len(names) > 8 else "")
        notes.append(f"Cells with formulas ({shown}) were read as the values Excel saved with the file.")
    others = tuple(item.name for item in sheets if item is not chosen and item.visible)
    hidden = [item.name for item in sheets if not item.visible]
    if hidden and chosen.visible:
        notes.append(
            f"Hidden sheet{'s' if len(hidden) > 1 else ''} ({', '.join(quote(name) for name in hidden)}) "
            "were not read."
        )
    return Grid(
        rows,
        row_numbers,
        ".xlsx file",
        first_column=min_column,
        notes=tuple(notes),
        sheet=chosen.name,
        other_sheets=others,
    )


# --------------------------------------------------------------------------------------------
# Writing
# --------------------------------------------------------------------------------------------

_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

#: A fixed time for the workbook's properties and its parts, so the same table gives the same bytes.
_FIXED_TIME = datetime.datetime(2000, 1, 1)


def xml_text(text: str) -> str:
    """Text a workbook can hold: line breaks as spreadsheets store them, other control characters
    replaced (XML 1.0 cannot carry them)."""
    return _XML_UNSAFE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def _sheet_title(name: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", name).strip("' ")[:31]
    return cleaned or "Sheet"


def _fill(
    sheet: Any, rows: Sequence[Sequence[OutCell]], bold_rows: int, bold_columns: int, openpyxl: Any
) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    bold = Font(bold=True)
    width = max((len(row) for row in rows), default=0)
    if width:
        sheet.column_dimensions["A"].width = 28
        for column in range(2, width + 1):
            sheet.column_dimensions[column_letter(column)].width = 12
    for r, row in enumerate(rows, start=1):
        out: list[Any] = []
        for c, value in enumerate(row, start=1):
            if value is None:
                out.append(None)
                continue
            if isinstance(value, Percent):
                # An exact fraction (0.07, not 0.07000000000000001): a whole percentage over 100.
                cell = WriteOnlyCell(sheet, value=float(Decimal(value.value) / 100))
                cell.number_format = "0%"
            elif isinstance(value, str):
                cell = WriteOnlyCell(sheet, value=xml_text(value))
                cell.data_type = "s"  # text, never a formula, whatever it starts with
                if needs_neutralising(value):
                    cell.number_format = "@"
                    cell.quotePrefix = True
            else:
                cell = WriteOnlyCell(sheet, value=value)
            if r <= bold_rows or c <= bold_columns:
                cell.font = bold
            out.append(cell)
        sheet.append(out)


def write_xlsx(
    rows: Sequence[Sequence[OutCell]],
    notes: Sequence[str] = (),
    *,
    sheet_name: str = "Rounded table",
    bold_rows: int = 1,
    bold_columns: int = 1,
) -> bytes:
    """An .xlsx workbook made by openpyxl: the table on the first sheet (headings in bold,
    percentages as numbers formatted ``0%``, text always stored as text with labels that a
    spreadsheet could take as formulas marked to stay text), the notes (if any) on a second sheet.
    The same table always gives the same bytes. Raises LibraryNeeded when openpyxl is not loaded.
    """
    openpyxl = _openpyxl()
    book = openpyxl.Workbook(write_only=True)
    book.properties.created = book.properties.modified = _FIXED_TIME
    book.properties.creator = "wizard"
    _fill(book.create_sheet(_sheet_title(sheet_name)), rows, bold_rows, bold_columns, openpyxl)
    if notes:
        _fill(book.create_sheet("Notes"), [[note] for note in notes], 0, 0, openpyxl)
    buffer = io.BytesIO()
    book.save(buffer)
    return _fixed_dates(buffer.getvalue())


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_dates(data: bytes) -> bytes:
    """The same archive with every part dated 1980-01-01 and the workbook's "modified" property
    fixed (openpyxl stamps it with the clock), so the bytes do not depend on when it was made."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    stamp = _FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", content)
            info = zipfile.ZipInfo(item.filename, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, content)
    return out.getvalue()
