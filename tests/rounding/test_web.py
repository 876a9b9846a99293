"""The "Round MI tables" page through the same JSON entry point the browser calls."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
from html.parser import HTMLParser
from typing import Any

import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard import web
from wizard.rounding.parameters import rules
from wizard.rounding.report import round_paste, round_upload
from wizard.tables.output import write_csv

TABLE = (
    "Area\tJan\tFeb\tMar\tTotal\r\n"
    "Area A\t13\t7\t27\t47\r\nArea B\t31\t50\t9\t91\r\nTotal\t44\t57\t36\t137\r\n"
)
OUTCOMES = "Payment group\tArea A\tArea B\r\nJSA 18-24\t12\t0\r\nJSA 25+\t30\t5\r\nESA\t15\t0\r\n"


def call(
    action: str = "submit", form: dict[str, Any] | None = None, files: dict[str, Any] | None = None
) -> Any:
    form = dict(form or {})
    if "measure" in form and "guidance" not in form:
        form["guidance"] = ["restart"]  # what the table is shared under (tested on its own below)
    payload = {"wizard": "rounding", "action": action, "form": form, "files": files or {}}
    return json.loads(web.handle(json.dumps(payload)))


def upload(content: bytes, filename: str) -> dict[str, Any]:
    return {"file": {"filename": filename, "base64": base64.b64encode(content).decode()}}


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def download_rows(response: Any, key: str = "csv") -> list[list[str]]:
    text = response["downloads"][key]["text"]
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.described: list[str] = []
        self.fors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(str(values["id"]))
        if values.get("aria-describedby"):
            self.described.extend(str(values["aria-describedby"]).split())
        if values.get("for"):
            self.fors.append(str(values["for"]))


def test_first_view_is_an_accessible_form_that_submits_nowhere() -> None:
    html = call("render")["html"]
    assert '<form method="dialog"' in html
    assert "<fieldset" in html and "<legend" in html and "What do the figures count?" in html
    ids = Ids()
    ids.feed(html)
    assert len(ids.ids) == len(set(ids.ids))
    assert set(ids.described) <= set(ids.ids)  # every hint a field points at exists
    assert set(ids.fors) <= set(ids.ids)  # every label belongs to a field
    for measure in ("referrals", "attachments", "starts", "outcomes", "sustainments"):
        assert f'value="{measure}"' in html


def test_missing_answers_give_an_error_summary_that_takes_focus() -> None:
    response = call(form={"table": [""]})
    html = response["html"]
    assert response["title"] == "There is a problem"
    summary = html[: html.index("<form")]
    assert 'role="alert"' in summary and "data-focus" in summary
    assert 'href="#round-measure-referrals"' in summary and "Choose what the figures count" in summary
    assert 'href="#round-table"' in summary and "Paste a table, or choose a file" in summary
    assert (
        'id="round-table-error"' in html and 'aria-describedby="round-table-hint round-table-error"' in html
    )
    assert response["query"] is None


def test_pasted_table_is_rounded_with_totals_recalculated() -> None:
    response = call(form={"measure": ["referrals"], "table": [TABLE]})
    html = response["html"]
    assert response["query"] is None  # table contents never go into the address
    rows = download_rows(response)
    assert rows[:4] == [
        ["Area", "Jan", "Feb", "Mar", "Total"],
        ["Area A", "20", "0", "20", "40"],
        ["Area B", "40", "60", "0", "100"],
        ["Total", "60", "60", "20", "140"],
    ]
    notes = " ".join(row[0] for row in rows[5:])
    assert "INTERNAL MANAGEMENT INFORMATION" in notes and "nearest 20" in notes and "MROUND" in notes
    # The notes in the download hold no true figure; the page's list of changes does.
    assert not {"13", "47", "91", "137"} & {
        cell for row in rows for cell in re.findall(r"\d+", " ".join(row))
    }
    page = text_of(html)
    assert (
        "Area A: Jan 13 shown as 20; Feb 7 shown as 0; Mar 27 shown as 20. "
        "Row total now 40 although the true figures sum to 47." in page
    )
    assert "the total of Area B says 91 but its figures add up to 90" in page
    assert "confidentiality or data sharing agreement" in page and "internal management information" in page
    assert (
        "<caption>Referrals, each rounded to the nearest 20; totals are sums of the rounded figures</caption>"
        in html
    )
    assert '<th scope="col">Jan</th>' in html and '<th scope="row">Area A</th>' in html
    assert 'data-download="csv"' in html and "xlsx" not in response["downloads"]


def test_outcomes_become_percentages_with_no_counts_anywhere_in_the_download() -> None:
    response = call(form={"measure": ["outcomes"], "table": [OUTCOMES]})
    rows = download_rows(response)
    assert rows[:4] == [
        ["Payment group", "Area A", "Area B"],
        ["JSA 18-24", "21%", "0%"],
        ["JSA 25+", "53%", "100%"],
        ["ESA", "26%", "0%"],
    ]
    numbers_in_table = [cell for row in rows[1:4] for cell in row[1:]]
    assert all(cell.endswith("%") for cell in numbers_in_table)
    page = text_of(response["html"])
    assert "rest on 100 job outcomes or fewer" in page
    assert "JSA 25+ in Area B is shown as 100%" in page
    assert response["downloads"]["csv"]["filename"] == "table-percentages.csv"


def test_volumes_of_outcomes_are_refused() -> None:
    table = "Area\tJob outcomes\r\nA\t13\r\n"
    html = call(form={"measure": ["referrals"], "table": [table]})["html"]
    assert "may not" in text_of(html) or "does not allow" in text_of(html)
    assert "Job outcomes" in html and 'role="alert"' in html


def test_table_errors_name_the_cell_and_keep_what_was_pasted() -> None:
    table = "Area\tJan\r\nArea A\t13\r\nArea B\t1.5\r\n"
    response = call(form={"measure": ["starts"], "table": [table]})
    html = response["html"]
    assert "Row 3, column B (Area B, Jan): “1.5” is not a whole number" in html
    assert "Area B\t1.5" in html  # the textarea still holds the table
    assert 'value="starts" checked' in html
    assert "downloads" not in response or not response["downloads"]


def test_html_in_labels_is_shown_as_text() -> None:
    table = "Area\tJan\r\n<img src=x onerror=alert(1)>\t13\r\n"
    html = call(form={"measure": ["starts"], "table": [table]})["html"]
    assert "<img" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_formula_labels_are_neutralised_in_the_csv() -> None:
    table = 'Area\tJan\r\n=HYPERLINK("http://x")\t13\r\n@SUM(1)\t5\r\n'
    response = call(form={"measure": ["starts"], "table": [table]})
    rows = download_rows(response)
    assert rows[1][0] == '\'=HYPERLINK("http://x")' and rows[2][0] == "'@SUM(1)"
    assert "apostrophe" in text_of(response["html"])


def test_xlsx_upload_gives_csv_and_xlsx_downloads() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in (["Area", "Jan", "Total"], ["Area A", 13, "=B2"], ["Area B", 50, "=B3"]):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = call(
        form={"measure": ["referrals"], "table": [""]}, files=upload(buffer.getvalue(), "Jan MI.xlsx")
    )
    downloads = response["downloads"]
    assert downloads["csv"]["filename"] == "Jan-MI-rounded.csv"
    assert downloads["xlsx"]["filename"] == "Jan-MI-rounded.xlsx"
    back = openpyxl.load_workbook(io.BytesIO(base64.b64decode(downloads["xlsx"]["base64"])))
    values = [[cell.value for cell in row] for row in back.worksheets[0].iter_rows()]
    assert values == [["Area", "Jan", "Total"], ["Area A", 20, 20], ["Area B", 60, 60]]
    assert back.worksheets[1].title == "Notes"
    assert 'data-download="xlsx"' in response["html"]


def test_both_a_paste_and_a_file_is_an_error() -> None:
    html = call(form={"measure": ["referrals"], "table": [TABLE]}, files=upload(b"a,b\r\nc,1\r\n", "t.csv"))[
        "html"
    ]
    assert "not both" in html


def test_a_chosen_file_must_be_chosen_again_after_an_error() -> None:
    html = call(form={"table": [""]}, files=upload(b"Area,Jan\r\nA,1\r\n", "t.csv"))["html"]
    assert 'href="#round-file"' in html and "Choose the file again" in html


def test_an_empty_file_is_named() -> None:
    html = call(form={"measure": ["referrals"]}, files=upload(b"", "empty.csv"))["html"]
    assert "“empty.csv” is empty" in html and 'href="#round-file"' in html


def test_the_base_can_be_changed_and_is_checked() -> None:
    rows = download_rows(call(form={"measure": ["referrals"], "table": [TABLE], "base": ["10"]}))
    assert rows[1] == ["Area A", "10", "10", "30", "50"]
    html = call(form={"measure": ["referrals"], "table": [TABLE], "base": ["ten"]})["html"]
    assert "whole number, like 20" in html and 'href="#round-base"' in html and "<details open" in html


def test_large_tables_are_previewed_not_printed_whole() -> None:
    header = "Area\t" + "\t".join(f"M{c}" for c in range(40))
    body = "\r\n".join(f"R{r}\t" + "\t".join(str((r * c) % 97) for c in range(40)) for r in range(150))
    response = call(form={"measure": ["starts"], "table": [header + "\r\n" + body]})
    html = response["html"]
    assert "first 100 of 150 rows" in html and "first 30 of 40 columns" in html
    assert len(download_rows(response)) >= 151


# --- the whole pipeline, text in and CSV out ------------------------------------------------------


@st.composite
def pasted_tables(draw: st.DrawFn) -> tuple[list[list[str]], bool, bool]:
    rows = draw(st.integers(1, 5))
    columns = draw(st.integers(1, 5))
    figures = [
        [draw(st.one_of(st.just(""), st.integers(0, 999).map(str))) for _ in range(columns)]
        for _ in range(rows)
    ]
    total_row, total_column = draw(st.booleans()), draw(st.booleans())
    table = [["Area", *(f"M{c}" for c in range(columns))]]
    table += [[f"Area {r}", *values] for r, values in enumerate(figures)]
    if total_column:
        table[0].append("Total")
        for row in table[1:]:
            row.append(draw(st.one_of(st.just(""), st.integers(0, 5000).map(str))))
    if total_row:
        table.append(
            ["Total", *(draw(st.one_of(st.just(""), st.integers(0, 5000).map(str))) for _ in table[0][1:])]
        )
    return table, total_row, total_column


def as_text(table: list[list[str]]) -> str:
    return "\r\n".join("\t".join(row) for row in table) + "\r\n"


@settings(max_examples=60, deadline=None)
@given(pasted_tables(), st.sampled_from([5, 10, 20, 50]))
def test_pipeline_output_is_multiples_of_the_base_with_totals_that_add_up(
    drawn: tuple[list[list[str]], bool, bool], base: int
) -> None:
    table, total_row, total_column = drawn
    report = round_paste(as_text(table), rules().measure("referrals"), base)
    header, *body = report.output
    assert header == tuple(table[0])
    assert [row[0] for row in body] == [row[0] for row in table[1:]]
    figures = [[cell for cell in row[1:]] for row in body]
    assert all(
        cell is None or (isinstance(cell, int) and cell % base == 0) for row in figures for cell in row
    )
    data = figures[:-1] if total_row else figures
    if total_column:
        for row in data:
            assert row[-1] == sum(cell or 0 for cell in row[:-1])
    if total_row:
        for c, cell in enumerate(figures[-1]):
            assert cell == sum(row[c] or 0 for row in data)
    # The input's totals play no part: blank them all and the output is the same.
    blanked = [list(row) for row in table]
    for r, row in enumerate(blanked[1:], start=1):
        for c in range(1, len(row)):
            if (total_row and r == len(blanked) - 1) or (total_column and c == len(row) - 1):
                row[c] = ""
    assert round_paste(as_text(blanked), rules().measure("referrals"), base).output == report.output
    # Rounding the downloaded file again gives the same file.
    once = write_csv(report.output, report.shared_notes)
    again = round_upload(once.encode("utf-8"), "once.csv", rules().measure("referrals"), base)
    assert write_csv(again.output, again.shared_notes) == once


def test_the_note_on_empty_cells_comes_only_with_a_table_that_has_one() -> None:
    # A user test read "An empty cell was empty in the original table" under a table with none.
    full = " ".join(
        row[0] for row in download_rows(call(form={"measure": ["referrals"], "table": [TABLE]}))[5:]
    )
    assert "An empty cell" not in full and "sums of the rounded figures" in full
    gappy = TABLE.replace("Area B\t31\t50\t9\t91", "Area B\t31\t\t9\t40")
    with_gap = download_rows(call(form={"measure": ["referrals"], "table": [gappy]}))
    assert "An empty cell was empty in the original table" in " ".join(row[0] for row in with_gap if row)
