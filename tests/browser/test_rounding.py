""" "Round MI tables" in Chromium: what a person does, what they see, and what they download."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.browser.conftest import RecordedPage, Server, axe_violations, wait_until_ready

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

PASTED = "Area\tJan\tFeb\tTotal\nArea A\t13\t7\t\nArea B\t31\t50\t\nTotal\t\t\t\n"


def tool_violations(page: Any) -> list[str]:
    """Serious or critical WCAG problems inside the tool."""
    return axe_violations(page, '[data-wizard="rounding"]', impacts=("serious", "critical"))


def test_paste_a_table_and_download_the_rounded_csv(recorded_page: RecordedPage, site_server: Server) -> None:
    page = recorded_page.page
    page.goto(site_server.url("tools/rounding.html"))
    # The rule and its worked example are on the page before Python starts.
    assert "=MROUND(A1, 20)" in page.locator("article").inner_text()
    tool = wait_until_ready(page, "rounding")
    address = page.url

    # Submitting with nothing chosen gives an error summary that takes focus.
    tool.get_by_role("button", name="Round the table").click()
    summary = tool.locator(".wizard-error-summary")
    summary.wait_for()
    assert page.evaluate("document.activeElement.classList.contains('wizard-error-summary')")
    assert tool_violations(page) == []
    summary.get_by_role("link", name="Choose what the figures count").click()
    assert page.evaluate("document.activeElement.id") == "round-measure-referrals"
    assert page.url == address

    tool.get_by_label("Job starts").check()
    tool.get_by_label("Restart Scheme").check()
    tool.get_by_label("Paste your table").fill(PASTED)
    tool.get_by_role("button", name="Round the table").click()
    heading = tool.get_by_role("heading", name="Your rounded table")
    heading.wait_for()
    assert page.evaluate("document.activeElement.textContent") == "Your rounded table"
    assert page.url == address  # nothing about the table in the address

    table = tool.get_by_role("table")
    assert "Job starts, each rounded to the nearest 20" in table.locator("caption").inner_text()
    body = [row.split("\t") for row in table.locator("tbody").inner_text().strip().split("\n")]
    assert body == [["Area A", "20", "0", "20"], ["Area B", "40", "60", "100"], ["Total", "60", "60", "120"]]
    page_text = tool.inner_text()
    assert "Area A: Jan 13 shown as 20; Feb 7 shown as 0." in page_text
    assert "confidentiality or data sharing agreement" in page_text
    assert tool_violations(page) == []

    with page.expect_download() as caught:
        tool.get_by_role("link", name="Download the rounded table (CSV)").click()
    download = caught.value
    assert download.suggested_filename == "table-rounded.csv"
    rows = list(csv.reader(io.StringIO(Path(download.path()).read_text(encoding="utf-8-sig"))))
    assert rows[:4] == [
        ["Area", "Jan", "Feb", "Total"],
        ["Area A", "20", "0", "20"],
        ["Area B", "40", "60", "100"],
        ["Total", "60", "60", "120"],
    ]
    assert "INTERNAL MANAGEMENT INFORMATION" in rows[5][0]
    assert any("nearest 20" in row[0] for row in rows[5:])
    assert recorded_page.foreign_requests(site_server.origin) == []
    assert recorded_page.console_errors == []


def test_upload_outcomes_xlsx_and_download_xlsx(
    recorded_page: RecordedPage, site_server: Server, tmp_path: Path
) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Outcomes"
    for row in (
        ["Payment group", "North", "South"],
        ["JSA 18-24", 30, 12],
        ["ESA", 90, 4],
        ["Total", "=B2+B3", None],
    ):
        sheet.append(row)
    source = tmp_path / "outcomes.xlsx"
    book.save(source)

    page = recorded_page.page
    page.goto(site_server.url("tools/rounding.html"))
    tool = wait_until_ready(page, "rounding")
    tool.get_by_label("Job outcomes").check()
    tool.get_by_label("Each row of my table is a payment group").check()
    tool.get_by_label("Work Programme (closed in 2017)").check()
    tool.get_by_label("Or choose a file").set_input_files(str(source))
    tool.get_by_role("button", name="Round the table").click()
    tool.get_by_role("heading", name="Your table of percentages").wait_for()

    body = [
        row.split("\t") for row in tool.get_by_role("table").locator("tbody").inner_text().strip().split("\n")
    ]
    assert body == [["JSA 18-24", "25%", "75%"], ["ESA", "75%", "25%"], ["Total", "100%", "100%"]]
    warnings = tool.locator(".wizard-warnings").inner_text()
    assert "South (16)" in warnings  # a small base, named for the person checking

    with page.expect_download() as caught:
        tool.get_by_role("link", name="Download the percentages (.xlsx)").click()
    download = caught.value
    assert download.suggested_filename == "outcomes-percentages.xlsx"
    result = openpyxl.load_workbook(io.BytesIO(Path(download.path()).read_bytes()))
    values = [[cell.value for cell in row] for row in result.worksheets[0].iter_rows()]
    assert values == [
        ["Payment group", "North", "South"],
        ["JSA 18-24", 0.25, 0.75],
        ["ESA", 0.75, 0.25],
        ["Total", 1, 1],
    ]
    notes = [row[0].value for row in result.worksheets[1].iter_rows()]
    assert notes and "INTERNAL MANAGEMENT INFORMATION" in str(notes[0])
    assert recorded_page.foreign_requests(site_server.origin) == []
