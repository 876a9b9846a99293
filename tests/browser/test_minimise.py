"""The field adviser in Chromium: paste a header row, choose a purpose, read the advice."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import RecordedPage, Server, axe_violations, wait_until_ready

pytestmark = pytest.mark.browser


HEADER = "Name\tDOB\tNINO\tPostcode\tBenefit type\tPhone\tEthnicity\t<b>Shoe size</b>\tD.O.B."


def row_texts(table: object) -> list[tuple[str, str, str]]:
    rows = table.locator("tbody tr")  # type: ignore[attr-defined]
    return [
        (
            rows.nth(i).locator("th .minimise-given").inner_text(),
            rows.nth(i).locator("td").nth(1).inner_text(),
            rows.nth(i).locator("td").nth(2).inner_text(),
        )
        for i in range(rows.count())
    ]


def test_paste_a_header_row_choose_a_purpose_and_read_the_advice(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.goto(site_server.url("tools/minimise.html"))
    # The advice in full is on the page whether or not Python starts.
    assert page.get_by_role("table", name="Who the person is").is_visible()
    container = wait_until_ready(page, "minimise")
    assert axe_violations(page, "article") == []  # the form and the catalogue tables

    # Nothing chosen: an error summary that takes focus.
    container.get_by_role("button", name="Get advice").click()
    container.locator(".wizard-error-summary").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('wizard-error-summary')")
    assert container.get_by_role("link", name="Choose what the data is for.").is_visible()
    assert axe_violations(page, '[data-wizard="minimise"]') == []

    container.get_by_label("Field names").fill(HEADER)
    container.get_by_label("Research or evaluation").check()
    container.get_by_role("button", name="Get advice").click()
    table = container.get_by_role("table", name=re.compile("Advice on each field"))
    table.wait_for()
    assert page.evaluate("document.activeElement.textContent") == "Advice on 9 fields"
    rows = row_texts(table)
    assert rows[0] == ("Name", "Leave out", "–")
    assert rows[1] == ("DOB", "Replace", "Year of birth or age band")
    assert rows[2] == ("NINO", "Replace", "Anonymised identifier")
    assert rows[3][1:] == (
        "Replace",
        "Area code for a larger area (such as a Lower Super Output Area or ward)",
    )
    assert rows[4] == ("Benefit type", "Replace", "Receives a benefit (yes/no)")
    assert rows[5] == ("Phone", "Leave out", "–")
    assert rows[6][:2] == ("Ethnicity", "Special category (Article 9)")
    assert rows[7][:2] == ("<b>Shoe size</b>", "Unknown field")  # shown as text
    assert rows[8][:2] == ("D.O.B.", "Replace")
    assert "same as row 2" in table.locator("tbody tr").nth(8).inner_text()
    assert axe_violations(page, '[data-wizard="minimise"]') == []
    assert parse_qs(urlsplit(page.url).query)["purpose"] == ["research"]
    triage = container.get_by_role("link", name="Check the legal route for this purpose")
    assert triage.get_attribute("href") == "triage.html?purpose=research"

    with page.expect_download() as info:
        container.get_by_role("link", name="Download as CSV").click()
    download = info.value
    assert download.suggested_filename == "field-advice-research.csv"
    content = Path(download.path()).read_text(encoding="utf-8-sig")
    records = list(csv.reader(io.StringIO(content)))
    assert records[0][1] == "Field asked for" and len(records) == 10
    assert records[2][1:5] == ["DOB", "Date of birth", "Replace", "Year of birth or age band"]
    assert recorded_page.foreign_requests(site_server.origin) == []


def test_a_link_reproduces_the_advice(recorded_page: RecordedPage, site_server: Server) -> None:
    page = recorded_page.page
    page.goto(site_server.url("tools/minimise.html?purpose=planning&pick=address,telephone&fields=DOB"))
    container = wait_until_ready(page, "minimise")
    table = container.get_by_role("table", name=re.compile("Advice on each field"))
    table.wait_for()
    assert [row[:2] for row in row_texts(table)] == [
        ("Address", "Replace"),
        ("Telephone number", "Leave out"),
        ("DOB", "Replace"),
    ]
    # "Change" returns to the filled-in form; the browser's back button returns to the advice.
    container.get_by_role("link", name="Change the purpose or the fields").click()
    container.get_by_label("Field names").wait_for()
    assert container.get_by_label("Planning services or targeting areas").is_checked()
    assert container.get_by_label("Telephone number").is_checked()
    page.go_back()
    table.wait_for()
    assert recorded_page.foreign_requests(site_server.origin) == []
