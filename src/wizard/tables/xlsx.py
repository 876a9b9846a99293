"""Excel workbooks (.xlsx, Office Open XML): the first worksheet read into a :class:`Grid`, and a
table written as a workbook. Standard library only (zipfile, xml.etree), with limits on every part
so a hostile file cannot exhaust memory.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Sequence
from typing import TYPE_CHECKING

from wizard.tables.grid import (
    EXCEL_MAX_COLUMNS,
    EXCEL_MAX_ROWS,
    MAX_CELLS,
    MAX_XLSX_PARTS,
    MAX_XML_PART_BYTES,
    Grid,
    GridCell,
    Special,
    TableError,
    column_letter,
    column_number,
    quote,
)
from wizard.tables.output import OutCell, Percent, needs_neutralising
from wizard.tables.text import too_big

if TYPE_CHECKING:
    # Imported where a workbook is read or written: xml.etree costs about 20 ms of start-up in the
    # browser, which the rounding tool's first view (a form) need not pay.
    from xml.etree import ElementTree

#: Every .xlsx file is a zip archive, which starts with these bytes.
XLSX_SIGNATURE = b"PK\x03\x04"


def is_xlsx(data: bytes) -> bool:
    """True when ``data`` starts like a workbook (a zip archive); the one place this is checked."""
    return data.startswith(XLSX_SIGNATURE)


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
    from xml.etree import ElementTree

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
    from xml.etree import ElementTree

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
                raise TableError(too_big(".xlsx file"))
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
        notes.append(f"Only the first worksheet, {quote(sheet_name)}, was read; the file has {sheet_count}.")
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
    from xml.etree import ElementTree

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
