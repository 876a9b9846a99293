"""The rounding tool never lets a true figure through: the five inputs that once did (issue 14), the
final guard, and a property that corrupts tables the ways real files are corrupted.

Each case of the issue is a named test through ``python -m wizard round`` (exit status, standard
output, files left behind); the guard is tested on its own and through the CLI and the page with
a rounding rule broken on purpose; the property builds tables, corrupts them (stray quotation
marks, typographic quotes, notes under the total, junk rows, mixed separators, blank lines) and
checks that no figure cell of any output holds anything but a multiple of the base.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wizard import web
from wizard.rounding import method
from wizard.rounding.guard import GuardBreach, check_output
from wizard.rounding.parameters import rules
from wizard.rounding.report import round_paste, round_upload
from wizard.tables.grid import TableError
from wizard.tables.output import Percent


def run(source: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", "round", str(source), *args],
        capture_output=True,
        check=False,
        cwd=source.parent,
    )


def refused(tmp_path: Path, content: bytes, name: str = "in.csv") -> str:
    """Exit status 2, nothing on standard output, no file written; returns the message."""
    source = tmp_path / name
    source.write_bytes(content)
    result = run(source, "--output", str(tmp_path / "out.csv"))
    assert result.returncode == 2, result.stdout.decode()
    assert result.stdout == b""
    assert sorted(path.name for path in tmp_path.iterdir()) == [name]
    message = result.stderr.decode()
    assert "Traceback" not in message
    return message


# --- the five cases of issue 14 ------------------------------------------------------------------


@pytest.mark.parametrize("closing", ["”", ""], ids=["typographic closing quote", "no closing quote"])
def test_case_1_a_quote_that_never_closes_is_refused_naming_the_row_where_it_starts(
    tmp_path: Path, closing: str
) -> None:
    content = f'Area,Jan,Feb\r\n"North East{closing},13,27\r\nSouth,30,10\r\nTotal,43,37\r\n'.encode()
    message = refused(tmp_path, content)
    assert "Row 2" in message and "never closes" in message
    if closing:
        assert "typographic" in message


def test_case_1_a_quote_that_closes_later_on_is_refused_too() -> None:
    with pytest.raises(TableError, match="never closes"):
        round_paste(
            'Area,Jan,Feb\r\n"North East”,13,27\r\nSouth,"30",10\r\n', rules().measure("referrals"), 20
        )


def test_case_2_a_note_under_the_total_is_left_out_and_listed(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_bytes(
        b"Area,Jan,Feb,Total\r\nA,13,27,40\r\nB,30,10,40\r\nTotal,43,37,80\r\n"
        b"Note: 3 people in A were referred twice\r\n"
    )
    result = run(source)
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8-sig")
    table = text.split("\r\n\r\n")[0]
    assert list(csv.reader(io.StringIO(table))) == [
        ["Area", "Jan", "Feb", "Total"],
        ["A", "20", "20", "40"],
        ["B", "40", "20", "60"],
        ["Total", "60", "40", "100"],
    ]
    assert "referred twice" not in text  # the note (with its true figure 3) is not copied
    assert b"Row 5, below the total row" in result.stderr


def test_case_2_anything_else_after_the_total_is_refused_naming_the_row(tmp_path: Path) -> None:
    message = refused(tmp_path, b"Area,Jan,Feb\r\nA,13,27\r\nTotal,13,27\r\nB,3,4\r\n")
    assert "Row 4 comes after the total row (row 3)" in message and "“3”" in message


def test_case_3_a_thousands_full_stop_is_read_where_the_convention_is_clear_or_refused(
    tmp_path: Path,
) -> None:
    message = refused(tmp_path, b"Area;Men;Women\r\nNorth;1.000;3\r\nSouth;4;2.000\r\n")
    assert "Row 2, column B" in message and "“1.000”" in message and "two ways" in message
    # With a decimal comma elsewhere (in a total, which is only compared), 1.000 is a thousand.
    report = round_paste(
        "Area;Men;Women;Total\r\nNorth;1.000;3;1.003,0\r\nSouth;4;2.000;2.004\r\n",
        rules().measure("referrals"),
        20,
    )
    assert report.table.cells[0][0] == 1000 and report.table.cells[1][1] == 2000
    # Never read as one.
    assert all(value != 1 for row in report.table.cells for value in row)


def test_case_4_a_cell_formatted_as_a_percentage_is_refused_as_one(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Area", "Jan", "Feb"])
    sheet.append(["North", 1, 0.25])
    sheet["B2"].number_format = "0%"
    sheet["C2"].number_format = "0%"
    source = tmp_path / "in.xlsx"
    book.save(source)
    message = refused(tmp_path, source.read_bytes(), "in.xlsx")
    assert "Row 2, column B (North, Jan): “100%” is a percentage" in message
    sheet["B2"] = 5
    sheet["B2"].number_format = "General"
    book.save(source)
    message = refused(tmp_path, source.read_bytes(), "in.xlsx")
    assert "“25%” is a percentage" in message and "not a whole number" not in message


# --- the guard -----------------------------------------------------------------------------------


def test_the_guard_passes_rounded_counts_and_percentages_where_due() -> None:
    check_output(
        [("Area", "Jan"), ("A", 20), ("B", None), ("Total", 20)], 20, percentages=False, delimiter=","
    )
    check_output(
        [("G", "A"), ("JSA", Percent(25)), ("ESA", Percent(75))], 20, percentages=True, delimiter=None
    )


@pytest.mark.parametrize(
    ("output", "percentages", "words"),
    [
        ([("Area", "Jan"), ("A", 13)], False, "not a multiple of 20"),
        ([("Area", "Jan"), ("A", "13")], False, "not a multiple"),
        ([("Area", "Jan"), ("A", Percent(25))], False, "not a multiple"),
        ([("Area", "Jan"), ("A", 20)], True, "only a percentage"),
        ([("Area", "Jan"), ("A", Percent(101))], True, "only a percentage"),
        ([("Area", "Jan"), ("North East”,13,27", 20)], False, "separator next to a number"),
        ([("Area", "Jan"), ("North\nEast", 20)], False, "line break"),
        ([("Area\r", "Jan"), ("North", 20)], False, "line break"),
    ],
)
def test_the_guard_refuses_anything_else(
    output: list[tuple[object, ...]], percentages: bool, words: str
) -> None:
    with pytest.raises(GuardBreach, match=words):
        check_output(output, 20, percentages=percentages, delimiter=",")  # type: ignore[arg-type]


def broken_rounding(monkeypatch: pytest.MonkeyPatch) -> None:
    """A rounding rule with a bug: every figure passes through unrounded."""

    def identity(table: method.CountTable, base: int) -> method.RoundedTable:
        return method.RoundedTable(
            table, base, table.cells, method.sums(table, table.cells), method.sums(table, table.cells)
        )

    monkeypatch.setattr(method, "round_counts", identity)


def test_a_rounding_bug_stops_the_cli_with_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wizard.cli import main

    broken_rounding(monkeypatch)
    source = tmp_path / "in.csv"
    source.write_bytes(b"Area,Jan\r\nA,13\r\nB,27\r\n")
    target = tmp_path / "out.csv"
    assert main(["round", str(source), "--output", str(target), "--quiet"]) == 2
    assert not target.exists()


def test_a_rounding_bug_gives_an_error_view_with_no_downloads(monkeypatch: pytest.MonkeyPatch) -> None:
    broken_rounding(monkeypatch)
    payload = {
        "wizard": "rounding",
        "action": "submit",
        "form": {"measure": ["referrals"], "guidance": ["restart"], "table": ["Area\tJan\r\nA\t13\r\n"]},
    }
    response = json.loads(web.handle(json.dumps(payload)))
    assert response["downloads"] == {}
    assert "stopped before writing anything" in response["html"] and 'role="alert"' in response["html"]
    assert "“13”" in response["html"]  # the person rounding may see the figure; nothing leaves


# --- the corruption property ---------------------------------------------------------------------

BASE = 20
small = st.integers(1, BASE - 1)
figure = st.one_of(small, st.integers(0, 500))


@st.composite
def clean_tables(draw: st.DrawFn) -> list[list[str]]:
    rows = draw(st.integers(1, 4))
    columns = draw(st.integers(1, 4))
    table = [["Area", *(f"M{c}" for c in range(columns))]]
    for r in range(rows):
        table.append([f"Area {chr(65 + r)}", *(str(draw(figure)) for _ in range(columns))])
    if draw(st.booleans()):
        table.append(["Total", *(str(draw(st.integers(0, 2000))) for _ in range(columns))])
    return table


def corrupt(draw: st.DrawFn, table: list[list[str]], separator: str) -> str:
    """The table as text with one or more of the corruptions real files have."""
    lines = [separator.join(row) for row in table]
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(["open quote", "typographic quote", "note", "junk", "blank", "mixed", "title"])
        )
        at = draw(st.integers(0, len(lines)))
        if kind in ("open quote", "typographic quote") and lines:
            row = draw(st.integers(0, len(lines) - 1))
            closing = "”" if kind == "typographic quote" else ""
            cells = lines[row].split(separator)
            cells[0] = f'"{cells[0]}{closing}'
            lines[row] = separator.join(cells)
        elif kind == "note":
            lines.insert(at, f"Note: {draw(small)} people in Area A were referred twice")
        elif kind == "junk":
            lines.insert(
                at, separator.join([draw(st.sampled_from(["x", "", "*", "Area Z"])), str(draw(small))])
            )
        elif kind == "blank":
            lines.insert(at, "")
        elif kind == "mixed":
            other = ";" if separator == "," else ","
            row = draw(st.integers(0, max(0, len(lines) - 1)))
            if lines:
                lines[row] = lines[row].replace(separator, other)
        else:
            lines.insert(0, f"Referrals of {draw(small)} areas")
    return "\r\n".join(lines) + "\r\n"


@st.composite
def corrupted(draw: st.DrawFn) -> tuple[str, str]:
    separator = draw(st.sampled_from([",", ";", "\t"]))
    return corrupt(draw, draw(clean_tables()), separator), separator


@settings(
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "400")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(corrupted(), st.sampled_from(["referrals", "outcomes"]))
def test_no_output_ever_holds_an_input_figure_below_the_base_in_a_figure_cell(
    drawn: tuple[str, str], measure: str
) -> None:
    text, _separator = drawn
    try:
        report = round_upload(text.encode("utf-8"), "t.csv", rules().measure(measure), BASE)
    except TableError:
        return  # refused: nothing written
    for row in report.output[1:]:
        for cell in row[1:]:
            if measure == "referrals":
                assert cell is None or (type(cell) is int and cell % BASE == 0), (text, report.output)
            else:
                assert cell is None or isinstance(cell, Percent), (text, report.output)
    labels = [str(cell) for cell in report.output[0]] + [str(row[0]) for row in report.output[1:]]
    for label in labels:
        assert "\n" not in label and "\r" not in label
        assert "referred twice" not in label, (text, report.output)  # a note never becomes a row
