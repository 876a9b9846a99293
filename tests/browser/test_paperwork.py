"""The paperwork in the browser: "Download the paperwork" loads odfpy from the site (hash-checked
through our lock file) only when pressed, and saves a zip whose .odt files parse, on the hosted
triage outcome, on the field adviser with the triage answers carried over, and in the offline
copy opened from disk with the network blocked."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.conftest import RecordedPage, Server, wait_until_ready
from tests.browser.test_offline import network_requests, offline_copy, offline_page  # noqa: F401
from tests.browser.wizard_states import BLUE_BADGE_TO_PROVIDER
from tests.paperwork.reading import read_odt

pytestmark = pytest.mark.browser

LIBRARY = ("odfpy-", "defusedxml-")
FILES = [
    "README.txt",
    "decision-record.odt",
    "data-sharing-agreement.odt",
    "dpia-screening.odt",
    "decision-record.md",
]


def library_requests(recorded: RecordedPage) -> list[str]:
    return [url for url in recorded.requests if any(name in url.rsplit("/", 1)[-1] for name in LIBRARY)]


def press_and_save(page: Any, tool: Any) -> tuple[dict[str, bytes], float]:
    """Press "Download the paperwork"; the files of the zip the browser saves, and the seconds
    from the press to the download."""
    started = time.perf_counter()
    with page.expect_download(timeout=90_000) as caught:
        tool.get_by_role("button", name="Download the paperwork").click()
    seconds = time.perf_counter() - started
    download = caught.value
    assert download.suggested_filename == "data-sharing-paperwork.zip"
    with zipfile.ZipFile(io.BytesIO(Path(download.path()).read_bytes())) as archive:
        return {name: archive.read(name) for name in archive.namelist()}, seconds


def test_a_page_that_never_presses_the_button_loads_no_odfpy(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.goto(site_server.url(f"tools/triage.html?{BLUE_BADGE_TO_PROVIDER}"))
    tool = wait_until_ready(page, "triage")
    tool.locator("[data-outcome]").wait_for(timeout=60_000)
    assert tool.get_by_role("button", name="Download the paperwork").is_visible()
    tool.get_by_role("link", name="Download the decision record on its own (plain text)").wait_for()
    page.wait_for_load_state("networkidle")
    # Our own wheel (asked for as name.whl?sha256=...): recording works.
    assert any(urlsplit(url).path.endswith(".whl") for url in recorded_page.requests)
    assert library_requests(recorded_page) == []


def test_the_button_on_the_hosted_triage_outcome_saves_the_bundle(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.goto(site_server.url(f"tools/triage.html?{BLUE_BADGE_TO_PROVIDER}"))
    tool = wait_until_ready(page, "triage")
    tool.locator("[data-outcome]").wait_for(timeout=60_000)
    files, first = press_and_save(page, tool)
    assert list(files) == FILES
    record = read_odt(files["decision-record.odt"])
    assert record.headings()[0] == (1, "Decision record: proposed data share")
    assert "A gateway covers it." in record.text()
    assert "Controller and processor." in record.text()
    for name in ("data-sharing-agreement.odt", "dpia-screening.odt"):
        assert read_odt(files[name]).headings()[0][0] == 1
    assert site_server.url(f"tools/triage.html?{BLUE_BADGE_TO_PROVIDER}").encode() in files["README.txt"]
    # odfpy and defusedxml came from our own site, once; the page says the paperwork is ready.
    fetched = library_requests(recorded_page)
    assert sorted(url.rsplit("/", 1)[-1].split("-")[0] for url in fetched) == ["defusedxml", "odfpy"]
    assert all(url.startswith(site_server.url("assets/wizard/")) for url in fetched)
    assert tool.get_by_role("heading", name="Your paperwork is ready").is_visible()
    assert page.evaluate("() => document.activeElement.textContent") == "Your paperwork is ready"
    # The live status no longer says the library is loading (a screen reader would be left with it).
    assert "Loading" not in (tool.locator(".wizard__status").text_content() or "")
    _, again = press_and_save(page, tool)
    assert len(library_requests(recorded_page)) == 2  # not fetched again
    assert recorded_page.foreign_requests(site_server.origin) == []
    print(f"\nChromium, hosted: first press to download {first:.2f} s (loading odfpy), again {again:.2f} s")


def test_the_triage_answers_go_to_the_field_adviser_and_its_paperwork_holds_both(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.goto(site_server.url(f"tools/triage.html?{BLUE_BADGE_TO_PROVIDER}"))
    triage = wait_until_ready(page, "triage")
    triage.get_by_role("link", name="check your fields with the field adviser").click()
    page.wait_for_url("**/tools/minimise.html?purpose=eligibility&triage=*")
    adviser = wait_until_ready(page, "minimise")
    adviser.get_by_text("Your answers to the triage questions come with you").wait_for(timeout=60_000)
    assert adviser.get_by_label("Checking eligibility").is_checked()
    adviser.get_by_label("Field names").fill("Name\tDate of birth\tHealth condition")
    adviser.get_by_role("button", name="Get advice").click()
    advice = adviser.get_by_role("table", name="Advice on each field, for: Checking eligibility")
    advice.wait_for(timeout=60_000)
    files, _ = press_and_save(page, adviser)
    agreement = read_odt(files["data-sharing-agreement.odt"])
    items = next(rows for rows in agreement.tables() if rows[0][0] == "Name")
    assert [row[0] for row in items] == ["Name", "Age band (instead of Date of birth)", "Health condition"]
    assert "A gateway covers it." in read_odt(files["decision-record.odt"]).text()
    assert b"triage=v%3D2" in files["README.txt"]


def test_the_button_works_in_the_offline_copy(
    offline_page: RecordedPage,  # noqa: F811
    offline_copy: Path,  # noqa: F811
) -> None:
    page: Any = offline_page.page
    page.goto((offline_copy / "tools" / "triage.html").as_uri() + "?" + BLUE_BADGE_TO_PROVIDER)
    tool = wait_until_ready(page, "triage")
    tool.locator("[data-outcome]").wait_for(timeout=90_000)
    scripts = page.evaluate("() => [...document.scripts].map((s) => s.src)")
    assert not [src for src in scripts if "odfpy" in src]  # not loaded until the button is pressed
    files, seconds = press_and_save(page, tool)
    assert list(files) == FILES
    assert "Controller and processor." in read_odt(files["decision-record.odt"]).text()
    scripts = page.evaluate("() => [...document.scripts].map((s) => s.src)")
    assert [src for src in scripts if "odfpy" in src] and [src for src in scripts if "defusedxml" in src]
    assert network_requests(offline_page) == []
    print(f"\nChromium, offline copy: first press to download {seconds:.2f} s")
