"""Reading and writing tables: every kind of awkward input is read correctly or refused by name."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.rounding import count_table
from wizard.rounding.count_table import to_count_table
from wizard.tables import output, xlsx
from wizard.tables import read as read_tables
from wizard.tables import text as text_tables
from wizard.tables.grid import TableError
from wizard.tables.output import Percent, write_csv
from wizard.tables.read import read_grid, read_pasted
from wizard.tables.xlsx import write_xlsx

SIMPLE = "Area,Jan,Feb,Total\r\nArea A,13,7,20\r\nArea B,31,50,81\r\nTotal,44,57,101\r\n"


def read(data: bytes | str, filename: str = "table.csv") -> count_table.ReadTable:
    if isinstance(data, str):
        data = data.encode("utf-8")
    return to_count_table(read_grid(data, filename))


def shape(table: count_table.CountTable) -> object:
    """Everything about a table except where its lines were in the file."""
    return (
        table.corner,
        [(line.label, line.is_total) for line in table.rows],
        [(line.label, line.is_total) for line in table.columns],
        table.cells,
    )


def refusal(data: bytes | str, filename: str = "table.csv") -> str:
    with pytest.raises(TableError) as caught:
        read(data, filename)
    return str(caught.value)


# --- reading text ------------------------------------------------------------------------------


def test_reads_labels_totals_and_counts() -> None:
    table = read(SIMPLE).table
    assert table.corner == "Area"
    assert [(line.label, line.is_total) for line in table.columns] == [
        ("Jan", False),
        ("Feb", False),
        ("Total", True),
    ]
    assert [line.label for line in table.rows] == ["Area A", "Area B", "Total"]
    assert table.cells == ((13, 7, 20), (31, 50, 81), (44, 57, 101))


@pytest.mark.parametrize(
    "variant",
    [
        SIMPLE.replace("\r\n", "\n"),  # Unix line endings
        SIMPLE.replace("\r\n", "\r"),  # old Mac line endings
        "\ufeff" + SIMPLE,  # Excel's UTF-8 byte-order mark
        SIMPLE.replace(",", ";"),  # European Excel
        SIMPLE.replace(",", "\t"),  # tab-separated
        SIMPLE.replace("13", " 13 "),  # spaces around a figure
        "\r\n" + SIMPLE + "\r\n\r\n",  # empty lines around the table
        SIMPLE.replace("\r\n", ",\r\n"),  # a trailing separator on every line
    ],
)
def test_the_same_table_however_it_is_written(variant: str) -> None:
    assert shape(read(variant).table) == shape(read(SIMPLE).table)


def test_reads_utf16_and_windows_1252() -> None:
    text = SIMPLE.replace("Area A", "Área £")
    expected = read(text).table
    assert read(text.encode("utf-16")).table == expected
    assert read(text.encode("cp1252")).table == expected
    assert expected.rows[0].label == "Área £"


def test_quoted_labels_with_commas_quotes_and_newlines() -> None:
    text = 'Area,Jan\r\n"Area B, north",13\r\n"The ""new"" estate",7\r\n"Two\nlines",1\r\n'
    result = read(text)
    # A label never keeps a line break (the mark of a broken quote): a closed one becomes a space.
    assert [line.label for line in result.table.rows] == ["Area B, north", 'The "new" estate', "Two lines"]
    assert any("Line breaks" in note for note in result.notes)


def test_thousands_separators_and_whole_decimals_are_counts() -> None:
    assert read('Area,Jan,Feb\r\nA,"1,234",13.0\r\n').table.cells == ((1234, 13),)


def test_pasted_text_from_excel() -> None:
    table = to_count_table(read_pasted("Area\tJan\r\nA\t13\r\nB\t\r\n")).table
    assert table.cells == ((13,), (None,))


def test_short_rows_are_padded_with_blanks_and_noted() -> None:
    result = read("Area,Jan,Feb\r\nA,13\r\nB,1,2\r\n")
    assert result.table.cells == ((13, None), (1, 2))
    assert any("Row 2" in note and "empty" in note for note in result.notes)


def test_title_above_and_notes_below_are_left_out_and_listed() -> None:
    text = 'Referrals by area\r\n\r\nArea,Jan\r\nA,13\r\n\r\n"Source: provider MI, 3 withdrawn"\r\n'
    result = read(text)
    assert [line.label for line in result.table.rows] == ["A"]
    assert any("above the table" in item for item in result.left_out)
    assert any("below the table" in item for item in result.left_out)


def test_blank_columns_are_dropped_and_unnamed_columns_named_by_letter() -> None:
    assert [line.label for line in read("Area,,Jan,Feb\r\nA,,13,\r\n").table.columns] == ["Jan", "Feb"]
    named = read("Area,Jan,,Mar\r\nA,13,4,5\r\n").table
    assert [line.label for line in named.columns] == ["Jan", "Column C", "Mar"]


# --- refusals name the row, column and value ------------------------------------------------------


@pytest.mark.parametrize(
    ("cell", "words"),
    [
        ("1.5", "not a whole number"),
        ("-3", "negative"),
        ("abc", "is text"),
        ("12%", "percentage"),
        ("*", "held back"),
        ("1E+20", "scientific notation"),
        ("1,5", "not a whole number"),
    ],
)
def test_bad_counts_are_refused_naming_row_column_and_value(cell: str, words: str) -> None:
    message = refusal(f'Area,Jan,Feb\r\nArea A,13,7\r\nArea B,4,"{cell}"\r\n')
    assert "Row 3, column C (Area B, Feb)" in message
    assert f"“{cell}”" in message
    assert words in message


def test_empty_input_is_refused() -> None:
    assert "empty" in refusal(b"")
    assert "empty" in refusal(b"\r\n  \r\n")
    with pytest.raises(TableError, match="empty"):
        read_pasted("   ")


def test_a_single_column_is_not_a_table() -> None:
    assert "only one column" in refusal("Just some text\r\nmore text\r\n")


def test_headings_without_rows_are_refused() -> None:
    assert "no rows of figures" in refusal("Area,Jan\r\n")


@pytest.mark.parametrize(
    ("data", "words"),
    [
        (b"%PDF-1.7 binary", "PDF"),
        (b"\x89PNG\r\n\x1a\n", "picture"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", ".xls"),
        (b"Area,Jan\x00\x01\x02", "binary"),
        (b"\x81\x8d\x8f\x90", "not text"),
    ],
)
def test_files_that_are_not_tables_are_refused(data: bytes, words: str) -> None:
    assert words in refusal(data)


def test_a_value_beyond_the_last_heading_is_refused() -> None:
    message = refusal("Area,Jan\r\nA,1,234\r\n")
    assert "Row 2" in message and "column C" in message and "“234”" in message


def test_a_title_with_no_empty_row_under_it_is_left_out() -> None:
    result = read("Referrals by area\r\nArea,Jan\r\nA,1\r\n")
    assert result.table.corner == "Area" and result.table.cells == ((1,),)
    assert result.left_out == ("Row 1, above the table (a title or notes)",)


def test_subtotals_and_two_total_rows_are_refused() -> None:
    assert "sub-total" in refusal("Area,Jan\r\nA,1\r\nSubtotal,1\r\nB,2\r\nTotal,3\r\n")
    assert "More than one row" in refusal("Area,Jan\r\nA,1\r\nTotal,1\r\nB,2\r\nGrand total,3\r\n")


def test_a_huge_file_is_refused_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_tables, "MAX_INPUT_BYTES", 100)
    assert "larger than" in refusal(SIMPLE * 10)


def test_too_many_cells_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(text_tables, "MAX_CELLS", 10)
    assert "more than 10 cells" in refusal(SIMPLE)


def test_an_unclosed_quote_names_the_line() -> None:
    message = refusal('Area,Jan\r\nA,1\r\n"B' + "x" * 200_000 + "\r\n")
    assert "Line" in message and "quotation mark" in message


def test_unreadable_input_totals_do_not_stop_rounding() -> None:
    assert read("Area,Jan,Total\r\nA,13,n/a\r\nTotal,x,\r\n").table.cells == ((13, None), (None, None))


def test_numeric_row_labels_are_flagged() -> None:
    assert read("Jan,Feb\r\n13,7\r\n4,5\r\n").warnings


# --- .xlsx, checked against openpyxl ---------------------------------------------------------------


def workbook_bytes(rows: list[list[object]], *, extra_sheet: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Referrals"
    for row in rows:
        sheet.append(row)
    if extra_sheet:
        book.create_sheet("Other").append(["ignored", 1])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_reads_an_xlsx_made_by_openpyxl_including_formula_totals() -> None:
    data = workbook_bytes(
        [
            ["Area", "Jan", "Feb", "Total"],
            ["Area A", 13, 7, "=SUM(B2:C2)"],
            ["Area B", 31, 50, "=SUM(B3:C3)"],
        ],
        extra_sheet=True,
    )
    result = read(data, "referrals.xlsx")
    assert result.table.cells == ((13, 7, None), (31, 50, None))
    assert result.table.columns[2].is_total
    assert any("Read the first sheet, “Referrals”" in note for note in result.notes)


def test_a_figure_whose_formula_has_no_saved_value_is_refused_by_cell() -> None:
    data = workbook_bytes([["Area", "Jan"], ["Area A", "=5+8"]])
    message = refusal(data, "t.xlsx")
    assert "Row 2, column B" in message and "formula" in message and "=5+8" in message


def test_cached_formula_values_are_used_and_noted() -> None:
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Area</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Jan</t></is></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c><c r="B2"><f>5+8</f><v>13</v></c></row>'
        "</sheetData></worksheet>"
    )
    result = read(replace_sheet(write_xlsx([["x"]]), sheet), "t.xlsx")
    assert result.table.cells == ((13,),)
    assert any("B2" in note and "formulas" in note for note in result.notes)


def replace_sheet(xlsx: bytes, sheet_xml: str) -> bytes:
    """An .xlsx with its first worksheet replaced (to build awkward files by hand)."""
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = sheet_xml.encode() if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item.filename, body)
    return out.getvalue()


@pytest.mark.parametrize(
    ("cell_xml", "words"),
    [
        ('<c r="B2" t="b"><v>1</v></c>', "TRUE"),
        ('<c r="B2" t="e"><v>#REF!</v></c>', "#REF!"),
        ('<c r="B2"><v>12.5</v></c>', "not a whole number"),
        ('<c r="B2"><v>-4</v></c>', "negative"),
    ],
)
def test_odd_xlsx_cells_are_refused_by_name(cell_xml: str, words: str) -> None:
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Area</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Jan</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>A</t></is></c>{cell_xml}</row>'
        "</sheetData></worksheet>"
    )
    message = refusal(replace_sheet(write_xlsx([["x"]]), sheet), "t.xlsx")
    assert "Row 2, column B" in message and words in message


def test_a_stray_cell_far_away_is_refused_naming_it() -> None:
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Area</t></is></c><c r="B1"><v>1</v></c></row>'
        '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    )
    message = refusal(replace_sheet(write_xlsx([["x"]]), sheet), "t.xlsx")
    assert "Row 1048576" in message and "column XFD" in message


def test_a_sheet_too_wide_to_hold_is_refused_naming_its_far_cell(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_CELLS", 1000)
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Area</t></is></c><c r="ZZ1"><v>1</v></c></row>'
        '<row r="40"><c r="B40"><v>1</v></c></row>'
        "</sheetData></worksheet>"
    )
    assert "ZZ40" in refusal(replace_sheet(write_xlsx([["x"]]), sheet), "t.xlsx")


def test_xml_with_entities_is_refused() -> None:
    sheet = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet>&a;</worksheet>'
    assert "not read" in refusal(replace_sheet(write_xlsx([["x"]]), sheet), "t.xlsx")


def test_a_zip_bomb_is_refused_without_inflating_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(xlsx, "MAX_XML_PART_BYTES", 1000)
    bomb = replace_sheet(write_xlsx([["x"]]), "<worksheet>" + " " * 100_000 + "</worksheet>")
    assert len(bomb) < 5_000
    assert "too large" in refusal(bomb, "t.xlsx")


def test_other_zip_files_are_named() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("content.xml", "<x/>")
    assert "OpenDocument" in refusal(buffer.getvalue(), "t.ods")
    assert "not a valid .xlsx" in refusal(b"PK\x03\x04broken", "t.xlsx")


def test_date_headings_read_as_dates() -> None:
    import datetime

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Area", datetime.date(2012, 1, 1), datetime.date(2012, 2, 1)])
    sheet["B1"].number_format = "mmm-yy"
    sheet["C1"].number_format = "d mmm yyyy"
    sheet.append(["A", 13, 7])
    buffer = io.BytesIO()
    book.save(buffer)
    table = read(buffer.getvalue(), "t.xlsx").table
    assert [line.label for line in table.columns] == ["Jan 2012", "1 Feb 2012"]


def test_a_table_starting_at_b2_names_cells_by_their_real_letters() -> None:
    data = workbook_bytes([[], [None, "Area", "Jan"], [None, "A", "x"]])
    assert "Row 3, column C" in refusal(data, "t.xlsx")


# --- writing ---------------------------------------------------------------------------------------


def test_csv_output_neutralises_formula_labels_and_carries_notes() -> None:
    text = write_csv([["Area", "Jan"], ["=1+1", 20], ["@SUM(A1)", None], ["-2", Percent(25)]], ["A note"])
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows == [["Area", "Jan"], ["'=1+1", "20"], ["'@SUM(A1)", ""], ["'-2", "25%"], [], ["A note"]]


def test_xlsx_output_reads_back_in_openpyxl(tmp_path: Path) -> None:
    rows = [["Area", "Jan", "Share"], ["=cmd|' /C calc'!A0", 20, Percent(7)], ["B & <c>", None, Percent(100)]]
    path = tmp_path / "out.xlsx"
    path.write_bytes(write_xlsx(rows, ["Internal MI", "Rule"]))
    book = openpyxl.load_workbook(path)
    table, notes = book.worksheets
    assert [[cell.value for cell in row] for row in table.iter_rows()] == [
        ["Area", "Jan", "Share"],
        ["=cmd|' /C calc'!A0", 20, 0.07],
        ["B & <c>", None, 1],
    ]
    assert table["A2"].data_type == "s"  # text, not a formula
    assert table["A2"].quotePrefix
    assert table["C2"].number_format == "0%"
    assert [row[0].value for row in notes.iter_rows()] == ["Internal MI", "Rule"]


def test_xlsx_output_is_the_same_bytes_every_time() -> None:
    assert write_xlsx([["A", 1]]) == write_xlsx([["A", 1]])


labels = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), min_size=1, max_size=20
).filter(lambda text: text.strip() == text and not output.needs_neutralising(text))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(labels, min_size=2, max_size=4, unique=True),
    st.lists(st.integers(0, 10**6), min_size=1, max_size=3),
)
def test_our_xlsx_and_csv_read_back_the_same(names: list[str], values: list[int]) -> None:
    from wizard.rounding.count_table import is_subtotal_label, is_total_label

    if any(is_total_label(name) or is_subtotal_label(name) for name in names):
        return
    if any(
        name.strip().replace(",", "").isdigit() or count_table._parse_count(name) is None for name in names
    ):
        return
    if any(not isinstance(count_table._parse_count(name), str) for name in names):
        return
    header = ["Area", *[f"C{i}" for i in range(len(values))]]
    rows: list[list[output.OutCell]] = [header, *[[name, *values] for name in names]]
    if any(
        count_table.broken_quote_mark(name, ",") or count_table._swallowed_lines(name, ",") for name in names
    ):
        return  # refused as the marks of a quotation mark that never closed (tested elsewhere)

    def shown(name: str) -> str:  # a line break inside a label is read as a space
        if count_table._LINE_BREAK.search(name):
            return " ".join(count_table._LINE_BREAK.sub(" ", name).split())
        return name

    if len({shown(name) for name in names}) < len(names) or not all(shown(name) for name in names):
        return
    from_xlsx = read(write_xlsx(rows), "t.xlsx").table
    from_csv = read(write_csv(rows).encode("utf-8"), "t.csv").table
    assert [line.label for line in from_xlsx.rows] == [shown(xlsx.xml_text(name)) for name in names]
    assert [line.label for line in from_csv.rows] == [shown(name) for name in names]
    assert from_xlsx.cells == from_csv.cells == tuple(tuple(values) for _ in names)
