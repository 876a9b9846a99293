"""Reading and writing tables: CSV, TSV, text pasted from a spreadsheet, and .xlsx files.

Standard library only, so it runs unchanged in the browser (Pyodide): .xlsx files are read and
written with zipfile and xml.etree. Every refusal is a :class:`TableError` whose message names
the row, column and value, and says what to do. Nothing here rounds anything.

Reading happens in two steps:
  1. bytes or pasted text -> :class:`Grid` (cells as text, in rows, with their row numbers);
  2. :class:`Grid` -> :class:`wizard.rounding.CountTable` (labels, totals, whole-number counts).
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from xml.etree import ElementTree

from wizard.errors import WizardInputError
from wizard.rounding import CountTable, Line, is_subtotal_label, is_total_label

# Limits. A Work Programme MI table is a few hundred cells; these keep a mistaken or hostile file
# from exhausting the browser's memory while leaving room for very large tables on the command line.
MAX_INPUT_BYTES = 50 * 1024 * 1024
MAX_CELLS = 2_000_000
MAX_XML_PART_BYTES = 200 * 1024 * 1024  # one part of an .xlsx file, uncompressed
MAX_XLSX_PARTS = 2_000
MAX_LABEL_CHARS = 32_767  # the most text one spreadsheet cell can hold
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_COLUMNS = 16_384

UTF8_BOM = "\ufeff"


class TableError(WizardInputError):
    """A table that cannot be read or rounded, with a message naming where the problem is."""


@dataclass(frozen=True)
class Special:
    """A spreadsheet cell that is not plain text or a number: shown to people as ``text``."""

    kind: str  # "boolean", "error", "date", "formula" (a formula with no saved value)
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


@dataclass(frozen=True)
class ReadTable:
    """A table of counts and what a person should know about how it was read."""

    table: CountTable
    notes: tuple[str, ...]
    left_out: tuple[str, ...] = field(default=())  # text found above or below the table
    warnings: tuple[str, ...] = field(default=())


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


def _shown(cell: GridCell) -> str:
    return cell.text if isinstance(cell, Special) else cell


def _is_blank(cell: GridCell) -> bool:
    return isinstance(cell, str) and not cell.strip()


def _quote(value: str, limit: int = 60) -> str:
    value = " ".join(value.split()) if "\n" in value or "\r" in value else value
    if len(value) > limit:
        value = value[: limit - 1] + "…"
    return f"“{value}”"


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
                raise TableError(_too_big(source))
            rows.append(list(row))
            numbers.append(start)
    except csv.Error as problem:
        raise TableError(
            f"Line {reader.line_num} of the {source} could not be read ({problem}). "
            "Check for a quotation mark that is opened but not closed."
        ) from None
    notes = (f"Read as cells separated by {DELIMITER_NAMES[delimiter]}.",) if delimiter == ";" else ()
    return Grid(rows, numbers, source, notes=notes)


def _too_big(source: str) -> str:
    return (
        f"The {source} has more than {MAX_CELLS:,} cells, more than the tool can round in one go. "
        "Split it into smaller tables."
    )


# --------------------------------------------------------------------------------------------
# .xlsx (Office Open XML spreadsheet), first worksheet only
# --------------------------------------------------------------------------------------------

_CELL_REF = re.compile(r"^([A-Za-z]{1,3})([0-9]{1,7})$")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REL_NS_STRICT = "http://purl.oclc.org/ooxml/officeDocument/relationships"
_BUILTIN_DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    """One part of the archive, refusing zip bombs and XML with document type declarations."""
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise TableError(f"This .xlsx file is incomplete: it has no {name}.") from None
    if info.file_size > MAX_XML_PART_BYTES:
        raise TableError(
            f"This .xlsx file is too large to read here: its {name} would take "
            f"{info.file_size / 1024 / 1024:,.0f} MB. Split the table or save it as CSV."
        )
    with archive.open(info) as stream:
        data = stream.read(MAX_XML_PART_BYTES + 1)
    if len(data) > MAX_XML_PART_BYTES:
        raise TableError(f"This .xlsx file is too large to read here ({name}).")
    # Spreadsheets never need a DTD; refusing one rules out entity-expansion attacks.
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise TableError("This .xlsx file contains XML that spreadsheets do not use, so it was not read.")
    return data


def _parse_xml(data: bytes, name: str) -> ElementTree.Element:
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise TableError(f"This .xlsx file is damaged: its {name} could not be read.") from None


def _first_sheet(archive: zipfile.ZipFile) -> tuple[str, str, int]:
    """Path, name, and number of worksheets of the workbook's first sheet."""
    workbook = _parse_xml(_read_part(archive, "xl/workbook.xml"), "workbook")
    sheets = [element for element in workbook.iter() if _local(element.tag) == "sheet"]
    if not sheets:
        raise TableError("This .xlsx file has no worksheets.")
    first = sheets[0]
    name = first.get("name", "Sheet1")
    rel_id = first.get(f"{{{_REL_NS}}}id") or first.get(f"{{{_REL_NS_STRICT}}}id")
    target = "worksheets/sheet1.xml"
    if rel_id and "xl/_rels/workbook.xml.rels" in archive.namelist():
        rels = _parse_xml(_read_part(archive, "xl/_rels/workbook.xml.rels"), "workbook relationships")
        for rel in rels:
            if rel.get("Id") == rel_id and rel.get("Target"):
                target = str(rel.get("Target"))
    path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return path, name, len(sheets)


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    root = _parse_xml(_read_part(archive, "xl/sharedStrings.xml"), "shared strings")
    strings = []
    for item in root:
        if _local(item.tag) == "si":
            strings.append(_rich_text(item))
    return strings


def _rich_text(element: ElementTree.Element) -> str:
    """The text of a string item: plain <t>, or runs <r><t>; phonetic guides <rPh> left out."""
    parts = []
    for child in element:
        kind = _local(child.tag)
        if kind == "t":
            parts.append(child.text or "")
        elif kind == "r":
            parts.extend(grandchild.text or "" for grandchild in child if _local(grandchild.tag) == "t")
    return "".join(parts)


def _date_styles(archive: zipfile.ZipFile) -> dict[int, str]:
    """Style index -> "date" or "month" for cell styles that show numbers as dates."""
    if "xl/styles.xml" not in archive.namelist():
        return {}
    root = _parse_xml(_read_part(archive, "xl/styles.xml"), "styles")
    custom: dict[int, str] = {}
    for element in root.iter():
        if _local(element.tag) == "numFmt" and element.get("numFmtId", "").isdigit():
            custom[int(element.get("numFmtId", "0"))] = element.get("formatCode", "")
    styles: dict[int, str] = {}
    for section in root:
        if _local(section.tag) != "cellXfs":
            continue
        for index, xf in enumerate(child for child in section if _local(child.tag) == "xf"):
            fmt_id = int(xf.get("numFmtId", "0") or 0)
            code = custom.get(fmt_id)
            if code is not None:
                bare = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", code).lower()
                if re.search(r"[dy]", bare) or ("m" in bare and not re.search(r"[hs]", bare)):
                    styles[index] = "date" if "d" in bare else "month"
            elif fmt_id in _BUILTIN_DATE_FORMATS:
                styles[index] = "month" if fmt_id == 17 else "date"
    return styles


def _excel_date(serial: str, style: str) -> str:
    """Text for a date stored as an Excel serial number (1900 date system)."""
    try:
        days = float(serial)
        day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(days))
    except (ValueError, OverflowError):
        return serial
    if style == "month":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _number_text(value: str) -> str:
    """An .xlsx number as text: whole numbers without a decimal point (12.0 -> 12)."""
    if re.fullmatch(r"-?[0-9]+\.0+", value):
        return value.split(".")[0]
    return value


def read_xlsx_grid(data: bytes) -> Grid:
    """The first worksheet of an .xlsx file.

    Formulas: the value Excel saved with the file is used, and a note says which cells held
    formulas. A formula with no saved value (a file written by a program that does not calculate)
    is kept as a :class:`Special` cell: fine for a total, which is recalculated anyway, refused for
    a figure.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise TableError("This file is not a valid .xlsx file. Open it in Excel and save it again.") from None
    with archive:
        if len(archive.infolist()) > MAX_XLSX_PARTS:
            raise TableError("This .xlsx file has too many parts to be a simple table.")
        names = set(archive.namelist())
        if "xl/workbook.xml" not in names:
            if "content.xml" in names:
                raise TableError("This is an OpenDocument spreadsheet (.ods). Save it as .xlsx or CSV.")
            if "word/document.xml" in names:
                raise TableError("This is a Word document, not a spreadsheet. Choose the .xlsx or CSV file.")
            raise TableError("This file is a compressed archive but not an .xlsx spreadsheet.")
        path, sheet_name, sheet_count = _first_sheet(archive)
        strings = _shared_strings(archive)
        date_styles = _date_styles(archive)
        try:
            sheet = _read_part(archive, path)
        except zipfile.BadZipFile:
            raise TableError("This .xlsx file is damaged and could not be read.") from None
    return _sheet_grid(sheet, strings, date_styles, sheet_name, sheet_count)


def _sheet_grid(
    sheet: bytes, strings: list[str], date_styles: dict[int, str], sheet_name: str, sheet_count: int
) -> Grid:
    cells: dict[tuple[int, int], GridCell] = {}
    formula_cells: list[str] = []
    row_number = 0
    max_row = max_column = 0
    min_column = EXCEL_MAX_COLUMNS + 1
    try:
        events = ElementTree.iterparse(io.BytesIO(sheet), events=("start", "end"))
        column = 0
        for event, element in events:
            kind = _local(element.tag)
            if event == "start":
                if kind == "row":
                    row_attr = element.get("r")
                    row_number = int(row_attr) if row_attr and row_attr.isdigit() else row_number + 1
                    column = 0
                continue
            if kind != "c":
                if kind == "row":
                    element.clear()
                continue
            ref = element.get("r")
            if ref:
                match = _CELL_REF.match(ref)
                if not match:
                    raise TableError(f"This .xlsx file has a cell with an unreadable reference ({ref}).")
                column = column_number(match.group(1))
                if int(match.group(2)) != row_number:
                    row_number = int(match.group(2))
            else:
                column += 1
            value = _cell_value(element, strings, date_styles)
            element.clear()
            if value is None:
                continue
            name = f"{column_letter(column)}{row_number}"
            if row_number > EXCEL_MAX_ROWS or column > EXCEL_MAX_COLUMNS:
                raise TableError(f"This .xlsx file has a cell outside the sheet ({name}).")
            cell, had_formula = value
            if had_formula:
                formula_cells.append(name)
            cells[(row_number, column)] = cell
            max_row, max_column = max(max_row, row_number), max(max_column, column)
            min_column = min(min_column, column)
            if len(cells) > MAX_CELLS:
                raise TableError(_too_big(".xlsx file"))
    except ElementTree.ParseError:
        raise TableError("This .xlsx file is damaged: its first worksheet could not be read.") from None
    if not cells:
        raise TableError(f"The first worksheet ({sheet_name}) of this .xlsx file is empty.")
    row_numbers = sorted({row for row, _ in cells})
    width = max_column - min_column + 1
    if len(row_numbers) * width > MAX_CELLS:
        far = f"{column_letter(max_column)}{max_row}"
        raise TableError(
            f"The first worksheet ({sheet_name}) stretches to cell {far}, which makes a table of "
            f"{len(row_numbers) * width:,} cells, more than the tool can round in one go. If that "
            "cell is a stray entry, delete it; otherwise split the table."
        )
    rows: list[list[GridCell]] = []
    for row in row_numbers:
        rows.append([cells.get((row, column), "") for column in range(min_column, max_column + 1)])
    notes = []
    if sheet_count > 1:
        notes.append(f"Only the first worksheet, {_quote(sheet_name)}, was read; the file has {sheet_count}.")
    if formula_cells:
        shown = ", ".join(formula_cells[:8]) + (
            f" and {len(formula_cells) - 8:,} more" if len(formula_cells) > 8 else ""
        )
        notes.append(f"Cells with formulas ({shown}) were read as the values Excel saved with the file.")
    return Grid(rows, row_numbers, ".xlsx file", first_column=min_column, notes=tuple(notes))


def _cell_value(
    element: ElementTree.Element, strings: list[str], date_styles: dict[int, str]
) -> tuple[GridCell, bool] | None:
    """(cell, had a formula) for one <c> element, or None for an empty cell."""
    kind = element.get("t", "n")
    formula = value = None
    inline: ElementTree.Element | None = None
    for child in element:
        name = _local(child.tag)
        if name == "f":
            formula = child.text or ""
        elif name == "v":
            value = child.text
        elif name == "is":
            inline = child
    had_formula = formula is not None
    if kind == "inlineStr":
        return (_rich_text(inline) if inline is not None else "", had_formula)
    if value is None:
        if had_formula:
            return (Special("formula", f"={formula}" if formula else "a formula"), True)
        return None
    if kind == "s":
        try:
            return (strings[int(value)], had_formula)
        except (ValueError, IndexError):
            raise TableError("This .xlsx file is damaged: a cell points to text that is not there.") from None
    if kind == "str":
        return (value, had_formula)
    if kind == "b":
        return (Special("boolean", "TRUE" if value.strip() == "1" else "FALSE"), had_formula)
    if kind == "e":
        return (Special("error", value), had_formula)
    if kind == "d":
        return (Special("date", value), had_formula)
    value = value.strip()
    style = element.get("s")
    if style and style.isdigit() and int(style) in date_styles and _NUMBER.match(value):
        return (Special("date", _excel_date(value, date_styles[int(style)])), had_formula)
    return (_number_text(value), had_formula)


# --------------------------------------------------------------------------------------------
# Entry points for reading
# --------------------------------------------------------------------------------------------


def read_grid(data: bytes, filename: str = "") -> Grid:
    """A grid from an uploaded file, recognised by its content (.xlsx) or read as text."""
    if not data:
        raise TableError(f"The file {_quote(filename) + ' ' if filename else ''}is empty.")
    if len(data) > MAX_INPUT_BYTES:
        raise TableError(
            f"The file is larger than {MAX_INPUT_BYTES // (1024 * 1024)} MB, too large for this tool. "
            "Split the table into smaller files."
        )
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx_grid(data)
    source = "CSV file" if filename.lower().endswith(".csv") or not filename else "file"
    return read_text_grid(decode_text(data, source), source)


def read_pasted(text: str) -> Grid:
    if len(text) > MAX_INPUT_BYTES:
        raise TableError("The pasted table is too large for this tool. Split it into smaller tables.")
    return read_text_grid(text.replace("\r\n", "\n"), "pasted table")


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
    return _shown(cell).strip()


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
    header_last = max((index for index, cell in enumerate(header) if not _is_blank(cell)), default=-1)
    label_index = used[0]

    def letter(index: int) -> str:
        return column_letter(grid.first_column + index)

    for number, row in entries[1:]:
        for index in range(header_last + 1, len(row)):
            if not _is_blank(row[index]):
                hint = (
                    f" If row {header_number} is a title, delete it so that the table starts with its "
                    "column headings."
                    if _single_text(header)
                    else " (In a CSV file, a number written with a comma, such as 1,234, or a label with a "
                    "comma needs quotation marks around it.)"
                )
                raise TableError(
                    f"Row {number} has {_quote(_shown(row[index]))} in column {letter(index)}, to the right "
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
            f"Every label in the first column ({_quote(corner) if corner else 'no heading'}) is a number. "
            "The first column is copied as it is, not rounded: if it holds figures rather than labels "
            "(such as years), add a column of labels before it and round the table again."
        )
    return ReadTable(CountTable(corner, rows, columns, cells), tuple(notes), tuple(left_out), tuple(warnings))


def _blank_row(row: list[GridCell]) -> bool:
    if not any(row):  # quick: every cell the empty string
        return True
    return all(_is_blank(cell) for cell in row)


def _used_columns(entries: list[tuple[int, list[GridCell]]]) -> list[int]:
    """Columns with something in them. Each column is scanned only until its first non-blank cell,
    which is usually in the row of headings, so this is quick for large tables."""
    width = max(len(row) for _, row in entries)
    used = []
    for index in range(width):
        for _, row in entries:
            if index < len(row) and not _is_blank(row[index]):
                used.append(index)
                break
    return used


def _rows_text(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:10])
    more = f" and {len(numbers) - 10:,} more" if len(numbers) > 10 else ""
    return f"Row{'s' if len(numbers) > 1 else ''} {shown}{more}"


def _single_text(row: list[GridCell]) -> bool:
    """The row holds one piece of text and nothing else (a title or a note, not a row of a table)."""
    filled = [cell for cell in row if not _is_blank(cell)]
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
                f"The {kind} {_quote(line.label)} ({line.where}) is a sub-total. The tool cannot tell which "
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
    message = f"{where}: {_quote(_shown(raw))} {reason}."
    texts = [cell for index, cell in enumerate(row) if index != label_index and not _is_blank(cell)]
    if len(texts) > 1 and all(isinstance(_parse_count(cell), str) for cell in texts):
        message += (
            " This row looks like a row of headings: the table must start with its column headings, "
            "so delete any rows above them."
        )
    return message


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


def write_csv(rows: Iterable[Sequence[OutCell]], notes: Sequence[str] = ()) -> str:
    """CSV text for Excel: a byte-order mark (so Excel reads it as UTF-8), the table, then, after
    an empty row, one note per row. Labels that could run as formulas are neutralised."""
    buffer = io.StringIO(newline="")
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    # The csv module writes None as an empty cell, ints as digits and Percent through str().
    writer.writerows([neutralise(cell) if isinstance(cell, str) else cell for cell in row] for row in rows)
    if notes:
        writer.writerow([])
        writer.writerows([neutralise(note)] for note in notes)
    return buffer.getvalue()


_XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _xml_text(text: str) -> str:
    """Text XML can hold: line breaks as spreadsheets store them, other control characters replaced."""
    return _XML_UNSAFE.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


# Cell styles in the workbook we write (index into cellXfs).
_STYLE_PLAIN, _STYLE_BOLD, _STYLE_PERCENT, _STYLE_TEXT, _STYLE_BOLD_TEXT = range(5)

_STYLES_XML = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{_MAIN_NS}">
<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>
<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>
<fills count="2"><fill><patternFill patternType="none"/></fill>
<fill><patternFill patternType="gray125"/></fill></fills>
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>
<cellXfs count="5">
<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>
<xf numFmtId="9" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>
<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" quotePrefix="1"/>
<xf numFmtId="49" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyNumberFormat="1"
 quotePrefix="1"/>
</cellXfs>
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>
</styleSheet>
"""


def _sheet_xml(rows: Sequence[Sequence[OutCell]], bold_rows: int, bold_columns: int) -> bytes:
    root = ElementTree.Element("worksheet", xmlns=_MAIN_NS)
    width = max((len(row) for row in rows), default=0)
    if width:
        cols = ElementTree.SubElement(root, "cols")
        ElementTree.SubElement(cols, "col", min="1", max="1", width="28", customWidth="1")
        if width > 1:
            ElementTree.SubElement(cols, "col", min="2", max=str(width), width="12", customWidth="1")
    data = ElementTree.SubElement(root, "sheetData")
    for r, row in enumerate(rows, start=1):
        row_element = ElementTree.SubElement(data, "row", r=str(r))
        for c, cell in enumerate(row, start=1):
            if cell is None:
                continue
            ref = f"{column_letter(c)}{r}"
            bold = r <= bold_rows or c <= bold_columns
            if isinstance(cell, str):
                # Text is stored as text, which no spreadsheet runs; quotePrefix keeps it text if edited.
                guarded = needs_neutralising(cell)
                style = (
                    (_STYLE_BOLD_TEXT if bold else _STYLE_TEXT)
                    if guarded
                    else (_STYLE_BOLD if bold else _STYLE_PLAIN)
                )
                element = ElementTree.SubElement(row_element, "c", r=ref, t="inlineStr", s=str(style))
                inline = ElementTree.SubElement(element, "is")
                text = ElementTree.SubElement(inline, "t")
                text.text = _xml_text(cell)
                if cell != cell.strip():
                    text.set("xml:space", "preserve")
            elif isinstance(cell, Percent):
                element = ElementTree.SubElement(row_element, "c", r=ref, s=str(_STYLE_PERCENT))
                ElementTree.SubElement(element, "v").text = _percent_fraction(cell.value)
            else:
                element = ElementTree.SubElement(row_element, "c", r=ref)
                ElementTree.SubElement(element, "v").text = str(cell)
    body: bytes = ElementTree.tostring(root, encoding="UTF-8", xml_declaration=True)
    return body


def _percent_fraction(value: int) -> str:
    """A whole percentage as an exact decimal fraction: 25 -> "0.25", 100 -> "1", 7 -> "0.07"."""
    whole, hundredths = divmod(value, 100)
    return f"{whole}" if hundredths == 0 else f"{whole}.{hundredths:02d}".rstrip("0")


def _sheet_name(name: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", name).strip("' ")[:31]
    return cleaned or "Sheet"


def write_xlsx(
    rows: Sequence[Sequence[OutCell]],
    notes: Sequence[str] = (),
    *,
    sheet_name: str = "Rounded table",
    bold_rows: int = 1,
    bold_columns: int = 1,
) -> bytes:
    """An .xlsx workbook: the table on the first sheet, the notes (if any) on a second sheet."""
    sheets = [(_sheet_name(sheet_name), _sheet_xml(rows, bold_rows, bold_columns))]
    if notes:
        sheets.append(("Notes", _sheet_xml([[note] for note in notes], 0, 0)))
    sheet_entries = "".join(
        f'<sheet name="{_xml_attr(name)}" sheetId="{i}" r:id="rId{i}"/>'
        for i, (name, _) in enumerate(sheets, 1)
    )
    files = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + "</Types>"
        ).encode(),
        "_rels/.rels": (
            b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" '
            b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
            b'Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            f'<workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL_NS}"><sheets>{sheet_entries}</sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(
                f'<Relationship Id="rId{i}" '
                'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, len(sheets) + 1)
            )
            + f'<Relationship Id="rId{len(sheets) + 1}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
            'Target="styles.xml"/></Relationships>'
        ).encode(),
        "xl/styles.xml": _STYLES_XML.encode(),
    }
    for i, (_, body) in enumerate(sheets, 1):
        files[f"xl/worksheets/sheet{i}.xml"] = body
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            # A fixed date makes the same table give the same bytes.
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def _xml_attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
