"""The offline copy, unzipped and opened from disk (file://) with the network blocked."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import RecordedPage, wait_for_state, wait_until_ready
from tools import offline
from wizard.training.quiz import quiz as quiz_data

pytestmark = pytest.mark.browser


@pytest.fixture(scope="session")
def offline_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The zip a trainer downloads, unzipped. Set OFFLINE_ZIP to reuse one built earlier in the run."""
    prebuilt = os.environ.get("OFFLINE_ZIP")
    if prebuilt:
        zip_path = Path(prebuilt)
    else:
        scratch = tmp_path_factory.mktemp("offline")
        zip_path = offline.make_zip(offline.build_offline_site(scratch / "site"), scratch / offline.ZIP_NAME)
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(target)
    (folder,) = target.iterdir()
    return folder


@pytest.fixture
def offline_page(recorded_page: RecordedPage) -> Iterator[RecordedPage]:
    """A page on which every http(s) request is blocked (and recorded)."""
    recorded_page.page.context.route("http://**/*", lambda route: route.abort())
    recorded_page.page.context.route("https://**/*", lambda route: route.abort())
    yield recorded_page


def network_requests(recorded: RecordedPage) -> list[str]:
    return [url for url in recorded.requests if not url.startswith(("file://", "blob:", "data:"))]


def test_navigation_and_search_work_from_disk(offline_page: RecordedPage, offline_copy: Path) -> None:
    page: Any = offline_page.page
    page.goto((offline_copy / "index.html").as_uri())
    page.get_by_role("link", name="Tools").first.click()
    page.wait_for_url("**/tools/index.html")
    page.get_by_label("Search").first.click()
    page.keyboard.type("browser")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=30_000)
    assert "browser" in result.inner_text().lower()
    assert network_requests(offline_page) == []


def test_python_starts_from_disk_and_runs_the_check(offline_page: RecordedPage, offline_copy: Path) -> None:
    page: Any = offline_page.page
    page.goto((offline_copy / "tools" / "check.html").as_uri())
    container = wait_until_ready(page, "check")
    container.get_by_role("button", name="Run the check").click()
    summary = container.locator("[data-outcome]")
    summary.wait_for()
    assert summary.get_attribute("data-outcome") == "pass"
    assert "3.14" in container.locator(".wizard-facts").inner_text()
    assert network_requests(offline_page) == []


def test_pages_without_a_tool_load_no_python(offline_page: RecordedPage, offline_copy: Path) -> None:
    page: Any = offline_page.page
    page.goto((offline_copy / "index.html").as_uri())
    page.wait_for_load_state("load")
    assert not [url for url in offline_page.requests if "pyodide" in url or "/assets/wizard/" in url]


def test_a_hosted_page_opened_from_disk_says_plainly_it_cannot_run(
    recorded_page: RecordedPage, built_site: Path
) -> None:
    page: Any = recorded_page.page
    page.goto((built_site / "tools" / "check.html").as_uri())
    assert wait_for_state(page, "check", ("error",), 30_000) == "error"
    message = page.locator('[data-wizard="check"] [role="status"]').inner_text()
    assert "opened from disk" in message
    assert page.get_by_role("button", name="Run the check").is_visible()  # the page itself still works


def test_all_three_tools_run_from_disk(offline_page: RecordedPage, offline_copy: Path) -> None:
    """Each tool, and the quiz, used from the offline copy with the network blocked (as in a
    training room)."""
    page: Any = offline_page.page

    # Triage: a link with every answer (as a trainer would share) opens straight on the outcome.
    answers = (
        "purpose=outreach&detail=identifiable&holder=dwp&recipient=own_council&informed=neither&special=no"
    )
    page.goto((offline_copy / "tools" / "triage.html").as_uri() + "?v=2&" + answers)
    triage = wait_until_ready(page, "triage")
    triage.locator('[data-outcome="result"]').wait_for(timeout=60_000)
    assert "Level 5" in triage.locator('[data-verdict="level"]').inner_text()

    # Field adviser: paste a header row, choose a purpose, read the table.
    page.goto((offline_copy / "tools" / "minimise.html").as_uri())
    minimise = wait_until_ready(page, "minimise")
    minimise.get_by_label("Field names").fill("Name\tDOB\tPostcode")
    minimise.get_by_label("Planning services or targeting areas").check()
    minimise.get_by_role("button", name="Get advice").click()
    advice = minimise.get_by_role("table", name=re.compile("Advice on each field"))
    advice.wait_for(timeout=60_000)
    assert "Counts for small areas" in advice.inner_text()  # planning needs numbers, not lists

    # Rounding: paste a table, choose a measure, read the rounded table.
    page.goto((offline_copy / "tools" / "rounding.html").as_uri())
    rounding = wait_until_ready(page, "rounding")
    rounding.get_by_label("Job starts").check()
    rounding.get_by_label("Restart Scheme").check()
    rounding.get_by_label("Paste your table").fill("Area\tJan\tFeb\nArea A\t13\t7\nArea B\t31\t50\n")
    rounding.get_by_role("button", name="Round the table").click()
    rounding.get_by_role("heading", name="Your rounded table").wait_for(timeout=60_000)
    body = rounding.get_by_role("table").locator("tbody").inner_text()
    assert body.split("\n")[0].split("\t") == ["Area A", "20", "0"]

    # The training quiz: answer the first question, reach the second.
    page.goto((offline_copy / "training" / "quiz.html").as_uri())
    quiz = wait_until_ready(page, "quiz")
    first = quiz_data().questions[0]
    quiz.get_by_label(first.choice(first.answer).label).check()
    quiz.get_by_role("button", name="Continue").click()
    quiz.get_by_text(f"Question 2 of {len(quiz_data().questions)}").wait_for(timeout=60_000)

    assert network_requests(offline_page) == []
