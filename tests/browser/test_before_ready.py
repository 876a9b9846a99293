"""What a person sees and can do while Python is still starting (the runtime is held back until
the test releases it): a shared link says it is working out the result instead of showing the
first question, and an answer given in the first view is kept and used once Python is ready."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.browser.conftest import (
    RecordedPage,
    Server,
    block_worker,
    hold_runtime,
    wait_for_state,
    wait_until_ready,
)
from tests.browser.wizard_states import WIZARD_STATES

pytestmark = pytest.mark.browser

TRIAGE = "tools/triage.html"
#: The triage's own shared-link state (wizard_states.py): every answer, leading to an outcome.
SHARED = next(state.query for state in WIZARD_STATES["triage"] if state.query)


def triage(page: Any) -> Any:
    return page.locator('[data-wizard="triage"]')


def status(page: Any) -> str:
    text: str = triage(page).get_by_role("status").inner_text()
    return text


def test_a_shared_link_says_it_is_working_out_the_result_then_shows_it(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    held = hold_runtime(page)
    page.goto(site_server.url(f"{TRIAGE}?{SHARED}"))
    container = triage(page)
    page.locator('[data-wizard="triage"][data-pending="result"]').wait_for(state="attached")
    assert container.get_attribute("data-state") == "loading"
    assert container.get_attribute("aria-busy") == "true"
    assert status(page).startswith("Working out your result")
    # Not the first question, which the build put in the page: it is not what the link leads to.
    assert not container.get_by_role("button", name="Continue").is_visible()
    assert not container.locator("legend").first.is_visible()
    # The printed steps elsewhere on the page are still there to read.
    assert page.locator(".wizard-printed").first.is_visible()

    held.release()
    container.locator("[data-outcome]").wait_for(timeout=90_000)
    assert container.get_attribute("data-state") == "ready"
    assert container.get_attribute("data-pending") is None
    assert parse_qs(urlsplit(page.url).query) == parse_qs(SHARED)


def test_an_answer_given_before_python_is_ready_is_kept_and_used(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    held = hold_runtime(page)
    page.goto(site_server.url(TRIAGE))
    container = triage(page)
    page.wait_for_function("() => document.readyState !== 'loading'")
    assert container.get_attribute("data-state") == "loading"
    # Two answers before Python is ready: the second (the person's latest) is the one used.
    container.get_by_label("Contacting people: direct marketing or outreach").check()
    container.get_by_role("button", name="Continue").click()
    assert status(page).startswith("Your answer is kept")
    container.get_by_label("Planning services or targeting areas").check()
    container.get_by_role("button", name="Continue").click()
    assert status(page).startswith("Your answer is kept")
    assert urlsplit(page.url).query == ""  # nothing has been sent anywhere yet

    held.release()
    page.wait_for_function("() => new URLSearchParams(location.search).has('purpose')", timeout=90_000)
    assert parse_qs(urlsplit(page.url).query)["purpose"] == ["planning"]
    wait_until_ready(page, "triage")
    # The second question is on screen: the answer was applied, not dropped.
    assert container.get_by_role("group").first.is_visible()
    assert "What do you want to use the data for?" not in container.locator("legend").first.inner_text()


def test_a_shared_link_that_cannot_start_python_shows_the_page_as_built(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    block_worker(page)
    page.goto(site_server.url(f"{TRIAGE}?{SHARED}"))
    assert wait_for_state(page, "triage", ("error",), 30_000) == "error"
    container = triage(page)
    assert container.get_attribute("data-pending") is None
    assert "cannot run here" in status(page)
    assert container.get_by_role("button", name="Continue").is_visible()
