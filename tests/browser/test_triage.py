"""The triage wizard in Chromium: a person answers, goes back, changes, downloads; nothing leaves."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import RecordedPage, Server, wait_until_ready
from wizard.flow.scenarios import load_scenarios
from wizard.triage.tool import flow

pytestmark = pytest.mark.browser
SCENARIOS = {scenario.id: scenario for scenario in load_scenarios("triage")}


def tool(page: Any) -> Any:
    return page.locator('[data-wizard="triage"]')


def focused_text(page: Any) -> str:
    text: str = page.evaluate("document.activeElement.textContent")
    return text


def answer(page: Any, question_id: str, option_id: str, *, keyboard: bool = False) -> None:
    """Choose an option and continue, with the mouse or with the keyboard alone."""
    question = flow().questions[question_id]
    expect(tool(page).locator("legend h2")).to_have_text(question.text, timeout=30_000)
    radio = tool(page).locator(f"#triage-{question_id}-{option_id}")
    if keyboard:
        radio.focus()
        page.keyboard.press("Space")
        page.keyboard.press("Enter")
    else:
        tool(page).get_by_label(question.option(option_id).label, exact=True).check()  # type: ignore[union-attr]
        tool(page).get_by_role("button", name="Continue").click()


def walk_scenario(page: Any, scenario_id: str, *, keyboard: bool = False) -> None:
    scenario = SCENARIOS[scenario_id]
    for question_id, option_id in scenario.answers.items():
        answer(page, question_id, option_id, keyboard=keyboard)
    tool(page).locator('[data-outcome="result"]').wait_for(timeout=30_000)
    # Focus moves to the outcome's heading for keyboard and screen-reader users.
    assert focused_text(page) == "What your answers point to"
    for verdict_id, status in scenario.verdicts.items():
        verdict = tool(page).locator(f'[data-verdict="{verdict_id}"]')
        assert verdict.get_attribute("data-status") == status, (scenario_id, verdict_id)
        assert (
            flow().statuses[status] in verdict.text_content()
        )  # the status is written out, not only coloured
    for verdict_id, case_id in scenario.cases.items():
        verdict = tool(page).locator(f'[data-verdict="{verdict_id}"]')
        assert verdict.get_attribute("data-case") == case_id, (scenario_id, verdict_id)
        status = verdict.get_attribute("data-status") or ""
        assert flow().statuses[status] in verdict.text_content()  # written out, not only coloured
    if "level" in scenario.values:
        level = tool(page).locator('[data-verdict="level"]').inner_text()
        assert f"Level {scenario.values['level']}" in level


def test_three_scenarios_walked_through_the_page_with_mouse_and_keyboard(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.goto(site_server.url("tools/triage.html"))
    wait_until_ready(page, "triage")
    walk_scenario(page, "lone_parents_mailing")
    assert f"v={flow().version}&purpose=outreach&detail=identifiable" in page.url
    tool(page).get_by_role("link", name="Start again").click()
    walk_scenario(page, "esf_anonymised_linking", keyboard=True)
    tool(page).get_by_role("link", name="Start again").click()
    walk_scenario(page, "published_small_area")
    assert recorded_page.foreign_requests(site_server.origin) == []
    assert recorded_page.console_errors == []


def test_record_download_error_summary_back_forward_and_change(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.goto(site_server.url("tools/triage.html?purpose=eligibility"))  # as the minimisation tool links
    wait_until_ready(page, "triage")
    heading = tool(page).locator("legend h2")
    expect(heading).to_have_text(flow().questions["detail"].text, timeout=30_000)
    # Continue without an answer: the error summary takes focus and its link moves focus to the field.
    tool(page).get_by_role("button", name="Continue").click()
    summary = tool(page).locator(".wizard-error-summary")
    summary.wait_for(timeout=30_000)
    assert "There is a problem" in focused_text(page)
    assert page.title().startswith("Error: ")
    summary.get_by_role("link").click()
    assert page.evaluate("document.activeElement.id") == "triage-detail-published"
    for question_id, option_id in [
        ("detail", "identifiable"),
        ("holder", "dwp"),
        ("service", "other"),
        ("recipient", "own_council"),
    ]:
        answer(page, question_id, option_id)
    expect(heading).to_have_text(flow().questions["informed"].text, timeout=30_000)
    recipient, informed = flow().questions["recipient"].text, flow().questions["informed"].text
    # The browser's Back and Forward buttons move between questions.
    page.go_back()
    page.wait_for_function(f"() => document.querySelector('legend h2')?.textContent === {recipient!r}")
    assert "service=other" in page.url and "recipient" not in page.url
    page.go_forward()
    page.wait_for_function(f"() => document.querySelector('legend h2')?.textContent === {informed!r}")
    # The page's own Back link does the same.
    tool(page).get_by_role("link", name="Back").click()
    page.wait_for_function(f"() => document.querySelector('legend h2')?.textContent === {recipient!r}")
    tool(page).get_by_role("button", name="Continue").click()
    for question_id, option_id in [("informed", "neither"), ("special", "no")]:
        answer(page, question_id, option_id)
    tool(page).locator('[data-outcome="result"]').wait_for(timeout=30_000)
    # Today's law first, each step linked to the legislation, with the guidance beneath as history.
    gateway = tool(page).locator('[data-verdict="gateway"]')
    assert gateway.get_attribute("data-case") == "service_not_listed"
    assert (
        gateway.locator(".wizard-law a")
        .first.get_attribute("href", timeout=30_000)
        .startswith("https://www.legislation.gov.uk/")
    )
    assert gateway.locator(".wizard-history").is_visible()
    assert tool(page).locator('[data-note="easier_batch"]').is_visible()
    # The decision record downloads with the answers, the citations and the reproducing link.
    with page.expect_download() as info:
        tool(page).get_by_role("link", name="Download the decision record").click()
    record = open(info.value.path(), encoding="utf-8").read()  # noqa: SIM115
    assert info.value.suggested_filename == "decision-record.md"
    assert "Checking eligibility" in record and "Records that identify people" in record
    assert "DWP guide for local partners (DWP, c. 2009–10), §4.3.4, para 44" in record
    link = site_server.url(f"tools/triage.html?v={flow().version}&purpose=eligibility&detail=identifiable")
    assert link in record
    # Change an answer: later answers that no longer apply are dropped.
    tool(page).get_by_role("link", name="Change your answer to: How much detail would you receive?").click()
    assert tool(page).locator("#triage-detail-identifiable").is_checked()
    answer(page, "detail", "aggregate")
    expect(tool(page).locator(".wizard-notice")).to_contain_text("no longer apply", timeout=30_000)
    assert page.url.endswith(f"?v={flow().version}&purpose=eligibility&detail=aggregate&holder=dwp")
    assert recorded_page.foreign_requests(site_server.origin) == []


def test_tampered_link_gets_a_message_and_a_fresh_start(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.goto(
        site_server.url(f"tools/triage.html?v={flow().version}&purpose=world-domination&detail=everything")
    )
    wait_until_ready(page, "triage")
    notice = tool(page).locator(".wizard-notice")
    notice.wait_for()
    assert "has been changed or is incomplete" in notice.inner_text()
    assert tool(page).locator("legend h2").inner_text() == flow().questions["purpose"].text
    page.wait_for_function("location.search === ''")
    assert recorded_page.foreign_requests(site_server.origin) == []
