"""Workbooks read and written through openpyxl: number formats, merged headings, hidden sheets,
cover and notes sheets, choosing a sheet, and what is written back."""

from __future__ import annotations

import datetime
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from wizard.rounding.count_table import to_count_table
from wizard.tables import xlsx
from wizard.tables.grid import Special, TableError
from wizard.tables.output import Percent
from wizard.tables.read import read_grid
from wizard.tables.xlsx import LibraryNeeded, read_xlsx_grid, write_xlsx


def saved(book: Any) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def book_with(*sheets: tuple[str, list[list[object]]]) -> Any:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for name, rows in sheets:
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    return book


TABLE = [["Area", "Jan", "Feb"], ["North", 13, 27], ["South", 30, 10]]


def test_a_percentage_format_is_read_as_what_excel_shows() -> None:
    book = book_with(("T", [["Area", "A", "B", "C"], ["North", 1, 0.25, 0.125]]))
    sheet = book["T"]
    sheet["B2"].number_format = "0%"
    sheet["C2"].number_format = "0%"
    sheet["D2"].number_format = "0.0%"
    grid = read_xlsx_grid(saved(book))
    assert grid.rows[1][1:] == [
        Special("percent", "100%"),
        Special("percent", "25%"),
        Special("percent", "12.5%"),
    ]


def test_dates_and_times_are_labels_as_shown() -> None:
    book = book_with(
        (
            "T",
            [
                ["Time", datetime.date(2024, 1, 1), datetime.date(2024, 2, 1)],
                [datetime.time(9, 30), 13, 27],
                [datetime.time(14, 0, 15), 1, 2],
            ],
        )
    )
    sheet = book["T"]
    sheet["B1"].number_format = "mmm-yy"
    sheet["C1"].number_format = "d mmm yyyy"
    sheet["A2"].number_format = "hh:mm"
    sheet["A3"].number_format = "hh:mm:ss"
    table = to_count_table(read_xlsx_grid(saved(book))).table
    assert [line.label for line in table.columns] == ["Jan 2024", "1 Feb 2024"]
    assert [line.label for line in table.rows] == ["09:30", "14:00:15"]
    assert table.cells == ((13, 27), (1, 2))


def test_a_time_where_a_figure_should_be_is_refused_by_name() -> None:
    book = book_with(("T", [["Area", "Jan"], ["North", datetime.time(9, 30)]]))
    book["T"]["B2"].number_format = "hh:mm"
    with pytest.raises(TableError, match=r"Row 2, column B \(North, Jan\): “09:30” is a time"):
        to_count_table(read_xlsx_grid(saved(book)))


def test_a_heading_merged_over_several_columns_heads_each_of_them() -> None:
    book = book_with(
        ("T", [["Area", "Year 2024", None, "Year 2025"], ["", "Jan", "Feb", "Jan"], ["North", 13, 27, 4]])
    )
    book["T"].merge_cells("B1:C1")
    read = to_count_table(read_xlsx_grid(saved(book)))
    assert [line.label for line in read.table.columns] == [
        "Year 2024: Jan",
        "Year 2024: Feb",
        "Year 2025: Jan",
    ]
    assert any("Merged cells (B1:C1)" in note for note in read.notes)
    assert any("read together as the column headings" in note for note in read.notes)


def test_a_figure_in_a_merged_range_counts_once() -> None:
    book = book_with(("T", [["Area", "Jan", "Feb"], ["North", 13, None]]))
    book["T"].merge_cells("B2:C2")
    assert to_count_table(read_xlsx_grid(saved(book))).table.cells == ((13, None),)


def test_cover_contents_and_notes_sheets_are_passed_over_and_named() -> None:
    book = book_with(
        ("Cover_sheet", [["Referrals by area"], ["Published 1 March 2026"]]),
        ("Contents", [["Sheet", "Title"], ["Table_1", "Referrals"]]),
        ("Notes", [["Note number", "Note text"], [1, "Provisional"], [2, "Revised"]]),
        ("Table_1", TABLE),
    )
    grid = read_xlsx_grid(saved(book))
    assert grid.sheet == "Table_1"
    assert grid.other_sheets == ("Cover_sheet", "Contents", "Notes")
    assert any("Read the sheet “Table_1”" in note and "Cover_sheet" in note for note in grid.notes)


def test_hidden_sheets_are_never_chosen_unless_named() -> None:
    book = book_with(("Secret", [["Area", "Jan"], ["North", 3], ["South", 4]]), ("Table", TABLE))
    book["Secret"].sheet_state = "hidden"
    data = saved(book)
    grid = read_xlsx_grid(data)
    assert grid.sheet == "Table" and "Secret" not in grid.other_sheets
    assert any("Hidden sheet" in note and "Secret" in note for note in grid.notes)
    named = read_xlsx_grid(data, "secret")
    assert named.sheet == "Secret" and any("hidden" in note for note in named.notes)


def test_an_unknown_sheet_name_lists_the_sheets() -> None:
    with pytest.raises(TableError, match=r"no sheet called “Nope”. Its sheets are “A”, “B”"):
        read_xlsx_grid(saved(book_with(("A", TABLE), ("B", TABLE))), "Nope")


def test_a_workbook_with_only_empty_or_hidden_sheets_is_refused() -> None:
    book = book_with(("A", []), ("B", TABLE))
    book["B"].sheet_state = "hidden"
    with pytest.raises(TableError, match="empty or hidden"):
        read_xlsx_grid(saved(book))


def test_the_cli_reads_a_named_sheet_and_offers_the_others(tmp_path: Path) -> None:
    source = tmp_path / "mi.xlsx"
    book_with(
        ("Cover", [["Title"]]), ("Jan", TABLE), ("Feb", [["Area", "Jan"], ["North", 50], ["South", 9]])
    ).save(source)
    chosen = subprocess.run(
        [sys.executable, "-m", "wizard", "round", str(source), "--sheet", "Feb", "--table-only"],
        capture_output=True,
        check=False,
    )
    assert chosen.returncode == 0, chosen.stderr
    assert chosen.stdout.decode("utf-8-sig").split("\r\n")[:3] == ["Area,Jan", "North,60", "South,0"]
    default = subprocess.run(
        [sys.executable, "-m", "wizard", "round", str(source), "--table-only"],
        capture_output=True,
        check=False,
    )
    assert b"Read the sheet \xe2\x80\x9cJan\xe2\x80\x9d" in default.stderr
    assert b"round one with --sheet NAME" in default.stderr
    missing = subprocess.run(
        [sys.executable, "-m", "wizard", "round", str(source), "--sheet", "Mar"],
        capture_output=True,
        check=False,
    )
    assert missing.returncode == 2 and b"no sheet called" in missing.stderr and missing.stdout == b""


def test_without_openpyxl_a_workbook_asks_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    data = saved(book_with(("T", TABLE)))
    monkeypatch.setattr(xlsx, "library_ready", lambda: False)
    with pytest.raises(LibraryNeeded) as caught:
        read_grid(data, "t.xlsx")
    assert caught.value.packages == ("openpyxl",)
    with pytest.raises(LibraryNeeded):
        write_xlsx([["A", 1]])


def test_the_page_asks_for_openpyxl_when_python_has_not_loaded_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import base64
    import json

    from wizard import web

    monkeypatch.setattr(xlsx, "library_ready", lambda: False)
    payload = {
        "wizard": "rounding",
        "action": "submit",
        "form": {"measure": ["referrals"], "guidance": ["restart"]},
        "files": {
            "file": {
                "filename": "t.xlsx",
                "base64": base64.b64encode(saved(book_with(("T", TABLE)))).decode(),
            }
        },
    }
    response = json.loads(web.handle(json.dumps(payload)))
    assert response["needs"] == ["openpyxl"]
    assert response["downloads"] == {} and "could not be loaded" in response["html"]
    # A paste needs no library.
    del payload["files"]
    payload["form"]["table"] = ["Area\tJan\r\nA\t13\r\n"]  # type: ignore[index]
    assert "needs" not in json.loads(web.handle(json.dumps(payload)))


def test_writing_styles_headings_and_formats_percentages() -> None:
    data = write_xlsx([["Group", "A"], ["JSA", Percent(25)], ["Total", Percent(100)]], ["Note"])
    book = openpyxl.load_workbook(io.BytesIO(data))
    table = book.worksheets[0]
    assert table["A1"].font.b and table["B1"].font.b and table["A2"].font.b and not table["B2"].font.b
    assert table["B2"].value == 0.25 and table["B2"].number_format == "0%"
    assert table["B3"].value == 1
    assert book.sheetnames == ["Rounded table", "Notes"]
    # What it writes, it reads back as percentages (so a share table is never rounded as counts).
    assert read_xlsx_grid(data).rows[1][1] == Special("percent", "25%")


def test_zip_limits_hold_before_openpyxl_reads_anything(monkeypatch: pytest.MonkeyPatch) -> None:
    data = saved(book_with(("T", TABLE)))
    monkeypatch.setattr(xlsx, "MAX_CELLS", 5)
    with pytest.raises(TableError, match="more than the tool can round in one go"):
        read_xlsx_grid(data)
