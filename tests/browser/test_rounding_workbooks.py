"""Workbooks in the browser: openpyxl is loaded only when one is read, from the site, hash-checked.

A page that never sees a workbook fetches none of openpyxl; uploading one fetches its wheels once
(from our own site, named with their sha256 in our lock file), in the hosted site and in the
offline copy opened from disk; a tampered wheel is refused (the browser checks the lock's sha256,
which Pyodide does not do under Node); and a workbook with several sheets offers the others.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import (
    RecordedPage,
    Server,
    mark_view_stale,
    wait_for_new_view,
    wait_until_ready,
)
from tests.browser.test_offline import network_requests, offline_copy, offline_page  # noqa: F401
from tests.browser.wizard_states import WORKBOOK

pytestmark = pytest.mark.browser

LIBRARY = ("openpyxl-", "et_xmlfile-")


def library_requests(recorded: RecordedPage) -> list[str]:
    return [url for url in recorded.requests if any(name in url.rsplit("/", 1)[-1] for name in LIBRARY)]


def upload_workbook(tool: Any, content: bytes = WORKBOOK, name: str = "referrals.xlsx") -> None:
    tool.get_by_label("Referrals").check()
    tool.get_by_label("Restart Scheme").check()
    tool.get_by_label("Or choose a file").set_input_files(
        {"name": name, "mimeType": "application/octet-stream", "buffer": content}
    )
    tool.get_by_role("button", name="Round the table").click()


def table_body(tool: Any) -> list[list[str]]:
    text = tool.get_by_role("table").locator("tbody").inner_text().strip()
    return [row.split("\t") for row in text.split("\n")]


def test_a_page_that_never_sees_a_workbook_loads_no_openpyxl(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.goto(site_server.url("tools/rounding.html"))
    tool = wait_until_ready(page, "rounding")
    tool.get_by_label("Referrals").check()
    tool.get_by_label("Restart Scheme").check()
    tool.get_by_label("Paste your table").fill("Area\tJan\nNorth\t13\nSouth\t27\n")
    tool.get_by_role("button", name="Round the table").click()
    tool.get_by_role("heading", name="Your rounded table").wait_for()
    page.wait_for_load_state("networkidle")
    # Our own wheel (asked for as name.whl?sha256=...): recording works.
    assert any(urlsplit(url).path.endswith(".whl") for url in recorded_page.requests)
    assert library_requests(recorded_page) == []


def test_a_workbook_loads_openpyxl_from_the_site_once_and_offers_the_other_sheets(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.goto(site_server.url("tools/rounding.html"))
    tool = wait_until_ready(page, "rounding")
    assert library_requests(recorded_page) == []
    upload_workbook(tool)
    tool.get_by_role("heading", name="Your rounded table").wait_for(timeout=60_000)
    fetched = library_requests(recorded_page)
    assert sorted(url.rsplit("/", 1)[-1].split("-")[0] for url in fetched) == ["et_xmlfile", "openpyxl"]
    assert all(url.startswith(site_server.url("assets/wizard/")) for url in fetched)
    # The cover sheet is passed over, and the page says which sheet it read.
    assert table_body(tool) == [["North", "20"], ["South", "20"]]
    assert "Table_1" in tool.inner_text() and "Cover_sheet" in tool.inner_text()

    # The sheet chooser: another sheet, the workbook chosen again.
    chooser = tool.locator(".wizard-sheets")
    chooser.get_by_label("Sheet to round").select_option("Table_2")
    chooser.get_by_label("The workbook, again").set_input_files(
        {"name": "referrals.xlsx", "mimeType": "application/octet-stream", "buffer": WORKBOOK}
    )
    mark_view_stale(page, "rounding")
    chooser.get_by_role("button", name="Round this sheet").click()
    wait_for_new_view(page, "rounding")
    assert table_body(tool) == [["North", "40"], ["South", "0"]]
    assert "as you chose" in tool.inner_text()
    assert len(library_requests(recorded_page)) == 2  # loaded once, not again
    with page.expect_download() as caught:
        tool.get_by_role("link", name="Download the rounded table (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(caught.value.path()).read_text(encoding="utf-8-sig"))))
    assert rows[:3] == [["Area", "January"], ["North", "40"], ["South", "0"]]
    assert any("Restart" in row[0] and "Annex 7.6" in row[0] for row in rows[4:] if row)
    assert recorded_page.foreign_requests(site_server.origin) == []


def test_a_tampered_library_wheel_is_refused_and_nothing_is_offered(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page

    def corrupt(route: Any) -> None:
        body = route.fetch().body()
        route.fulfill(body=body[:-1] + bytes([body[-1] ^ 0xFF]), content_type="application/zip")

    page.route("**/openpyxl-*.whl", corrupt)
    page.goto(site_server.url("tools/rounding.html"))
    tool = wait_until_ready(page, "rounding")
    upload_workbook(tool)
    summary = tool.locator(".wizard-error-summary")
    summary.wait_for(timeout=60_000)
    assert "could not be loaded" in summary.inner_text()
    assert tool.locator("a[data-download]").count() == 0
    assert page.evaluate("() => typeof window.pyodide") == "undefined"  # Python stays in its worker


def test_a_workbook_is_rounded_in_the_offline_copy(
    offline_page: RecordedPage,  # noqa: F811
    offline_copy: Path,  # noqa: F811
) -> None:
    page: Any = offline_page.page
    page.goto((offline_copy / "tools" / "rounding.html").as_uri())
    tool = wait_until_ready(page, "rounding")
    scripts = page.evaluate("() => [...document.scripts].map((s) => s.src)")
    assert not [src for src in scripts if "openpyxl" in src]  # not loaded until a workbook comes
    upload_workbook(tool)
    tool.get_by_role("heading", name="Your rounded table").wait_for(timeout=90_000)
    assert table_body(tool)[:2] == [["North", "20"], ["South", "20"]]
    scripts = page.evaluate("() => [...document.scripts].map((s) => s.src)")
    assert [src for src in scripts if "openpyxl" in src]
    assert network_requests(offline_page) == []
