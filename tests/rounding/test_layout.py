"""Tables as real exports lay them out: a title and filters above (Stat-Xplore, NOMIS), two heading
rows, totals named as publishers name them, notes below. The text above is recognised, listed in
the notes and never blamed on a wrong row."""

from __future__ import annotations

import pytest

from wizard.rounding.count_table import ReadTable, is_total_label, to_count_table
from wizard.tables.grid import TableError
from wizard.tables.read import read_grid

STAT_XPLORE = (
    '"Dataset:","People on Universal Credit"\r\n'
    "\r\n"
    '"Month","Jan-24"\r\n'
    '"Conditionality Regime","Total"\r\n'
    "\r\n"
    ',"Age (bands)","","",""\r\n'
    '"Local Authority","16-24","25-49","50+","Total"\r\n'
    '"Hartlepool","13","27","8","48"\r\n'
    '"Middlesbrough","30","10","41","81"\r\n'
    '"Total","43","37","49","129"\r\n'
    "\r\n"
    '"* Figures for the latest month are provisional"\r\n'
)

NOMIS = (
    '"Jobseeker\'s Allowance claimants"\r\n'
    '"ONS Crown Copyright Reserved [from Nomis on 1 March 2026]"\r\n'
    '"date","January 2026"\r\n'
    '"sex","Total"\r\n'
    "\r\n"
    '"ward","All persons","Aged 16-24","Aged 25-49"\r\n'
    '"Central","57","13","44"\r\n'
    '"Riverside","22","9","13"\r\n'
    "\r\n"
    '"Source: DWP"\r\n'
)


def read(text: str) -> ReadTable:
    return to_count_table(read_grid(text.encode("utf-8"), "export.csv"))


def test_a_stat_xplore_export_with_filters_and_two_heading_rows() -> None:
    result = read(STAT_XPLORE)
    table = result.table
    assert table.corner == "Local Authority"
    assert [line.label for line in table.columns] == [
        "Age (bands): 16-24",
        "Age (bands): 25-49",
        "Age (bands): 50+",
        "Age (bands): Total",
    ]
    assert [line.is_total for line in table.columns] == [False, False, False, True]
    assert [line.label for line in table.rows] == ["Hartlepool", "Middlesbrough", "Total"]
    assert table.cells[0][:3] == (13, 27, 8)
    assert "Rows 1–4, above the table (a title and filters)" in result.left_out
    assert any("below the table" in item for item in result.left_out)


def test_a_nomis_export_with_preamble_lines() -> None:
    result = read(NOMIS)
    table = result.table
    assert table.corner == "ward"
    assert [(line.label, line.is_total) for line in table.columns] == [
        ("All persons", True),
        ("Aged 16-24", False),
        ("Aged 25-49", False),
    ]
    assert table.cells == ((None, 13, 44), (None, 9, 13)) or table.cells[0][1:] == (13, 44)
    assert result.left_out[0] == "Rows 1–4, above the table (a title and filters)"


def test_a_filter_line_with_a_number_is_not_taken_for_the_table() -> None:
    text = '"Year","2024"\r\n\r\n"Area","Jan","Feb"\r\n"North","13","27"\r\n"South","4","5"\r\n'
    result = read(text)
    assert [line.label for line in result.table.rows] == ["North", "South"]
    assert result.left_out == ("Row 1, above the table (a title and filters)",)


def test_an_empty_row_between_the_headings_and_the_figures() -> None:
    result = read("Area,Jan\r\n\r\nNorth,13\r\nSouth,27\r\n")
    assert result.table.corner == "Area" and result.table.cells == ((13,), (27,))


@pytest.mark.parametrize("empty", ["", ",,"])
def test_an_empty_row_after_the_first_row_of_figures_is_inside_the_table(empty: str) -> None:
    # Seen in a user test: with one row of figures above the empty row, the headings and that row
    # were taken for a title and the table refused as "headings but no rows of figures".
    result = read(f"ward,male,female\r\nAbbey,1,2\r\n{empty}\r\nCastle,12,150\r\n")
    assert [(line.label, line.where) for line in result.table.rows] == [
        ("Abbey", "row 2"),
        ("Castle", "row 4"),
    ]
    assert result.table.cells == ((1, 2), (12, 150))
    assert result.left_out == ()


def test_a_bad_figure_below_a_preamble_is_blamed_on_its_own_row() -> None:
    text = STAT_XPLORE.replace('"Middlesbrough","30"', '"Middlesbrough","3O"')
    with pytest.raises(TableError, match=r"^Row 9, column B \(Middlesbrough, Age \(bands\): 16-24\): “3O”"):
        read(text)


def test_a_total_first_layout_keeps_the_rows_after_it() -> None:
    result = read("Area,Jan\r\nAll ages,40\r\nNorth,13\r\nSouth,27\r\n")
    assert [(line.label, line.is_total) for line in result.table.rows] == [
        ("All ages", True),
        ("North", False),
        ("South", False),
    ]


def test_a_note_inside_the_table_is_left_out() -> None:
    result = read("Area,Jan\r\nNorth,13\r\nNote: 3 people moved\r\nSouth,27\r\n")
    assert [line.label for line in result.table.rows] == ["North", "South"]
    assert "Row 3, inside the table (notes)" in result.left_out


@pytest.mark.parametrize(
    "label",
    [
        "All persons",
        "ALL AGES",
        "Column Total",
        "Row total",
        "All people",
        "All categories: Age",
        "Overall total",
    ],
)
def test_publishers_totals_are_totals(label: str) -> None:
    assert is_total_label(label)


@pytest.mark.parametrize("label", ["All areas", "Total referrals", "Persons"])
def test_other_labels_are_not(label: str) -> None:
    assert not is_total_label(label)


def test_a_label_over_two_lines_becomes_one_line_but_a_swallowed_table_is_refused() -> None:
    assert read('Area,Jan\r\n"North\neast",13\r\n').table.rows[0].label == "North east"
    with pytest.raises(TableError, match="Row 2: a quotation mark"):
        read('Area,Jan\r\n"North,13\r\nSouth,4\r\n')
    with pytest.raises(TableError, match="never closes"):
        read('Area,Jan\r\nNorth,13\r\n"South\r\nEast\r\nWest\r\n')


def test_a_number_with_thousands_or_a_spaced_comma_in_a_label_is_not_a_broken_quote() -> None:
    assert read('Area,Jan\r\n"Incomes over 1,000",13\r\n').table.rows[0].label == "Incomes over 1,000"
    table = read('Area,"Jan, 2024"\r\n"Leeds, 2 wards",13\r\n').table
    assert table.columns[0].label == "Jan, 2024" and table.rows[0].label == "Leeds, 2 wards"
