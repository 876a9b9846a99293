"""The Training section in Chromium: the quiz end to end, a scenario's link into the triage tool,
and the handouts and an exercise printed to A4 PDF."""

from __future__ import annotations

import io
from typing import Any

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from tests.browser.conftest import RecordedPage, Server, wait_until_ready
from wizard.training.exercises import decided, exercise, triage_result
from wizard.training.quiz import quiz

pytestmark = pytest.mark.browser

#: Each handout, the most A4 pages it may take, and text that must be on them.
HANDOUTS = {
    "hierarchy": (1, ["Handout: the hierarchy of shareability", "Identifiable records for operational use."]),
    "legal-test": (
        1,
        ["Handout: today's legal steps, in order", "Is there a legal power to share (a gateway)?"],
    ),
    "fields": (1, ["Handout: asking for the fields you need", "Don't ask for a phone number"]),
    "rounding": (1, ["Handout: rounding figures to the nearest 20", "Job starts (shared)"]),
    "jargon": (2, ["Handout: jargon", "Hierarchy of shareability"]),
}


def quiz_tool(page: Any) -> Any:
    return page.locator('[data-wizard="quiz"]')


def focused_text(page: Any) -> str:
    text: str = page.evaluate("document.activeElement.textContent")
    return text


def pdf_text(page: Any) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    return len(reader.pages), " ".join(text.replace("\u2019", "'").split())


def test_quiz_end_to_end_with_keyboard_error_summary_and_score(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.goto(site_server.url("training/quiz.html"))
    wait_until_ready(page, "quiz")
    questions = quiz().questions
    tool = quiz_tool(page)
    # Continuing without an answer: an error summary that takes focus.
    tool.get_by_role("button", name="Continue").click()
    expect(tool.locator(".wizard-error-summary")).to_be_visible(timeout=30_000)
    assert "There is a problem" in focused_text(page)
    right = 0
    for number, question in enumerate(questions, start=1):
        heading = tool.locator("legend h2")
        expect(heading).to_contain_text(f"Question {number} of {len(questions)}", timeout=30_000)
        if number > 1:  # focus moves to the new question, caption first
            assert focused_text(page).startswith(f"Question {number} of {len(questions)}")
        # Right answers to every other question; the first question by keyboard alone.
        chosen = (
            question.answer if number % 2 else next(o.id for o in question.options if o.id != question.answer)
        )
        right += chosen == question.answer
        radio = tool.locator(f"#quiz-{question.id}-{chosen}")
        if number == 1:
            radio.focus()
            page.keyboard.press("Space")
            page.keyboard.press("Enter")
        else:
            radio.check()
            tool.get_by_role("button", name="Continue").click()
    result = tool.locator('[data-outcome="result"]')
    result.wait_for(timeout=30_000)
    assert focused_text(page) == f"Your score: {right} out of {len(questions)}"
    assert result.locator(".quiz-score").get_attribute("data-score") == str(right)
    # Marks are words with an icon, never colour alone.
    assert result.locator('[data-status="correct"] .quiz-mark__result').first.inner_text() == "✓ Correct"
    assert (
        result.locator('[data-status="incorrect"] .quiz-mark__result').first.inner_text() == "✗ Not correct"
    )
    assert result.locator(".quiz-mark").count() == len(questions)
    assert page.title().startswith(f"Your score: {right} out of")
    # Try again starts from question 1 with nothing kept.
    tool.get_by_role("link", name="Try the quiz again").click()
    expect(tool.locator("legend h2")).to_contain_text("Question 1 of", timeout=30_000)
    assert "?" not in page.url or page.url.endswith("quiz.html")
    assert recorded_page.foreign_requests(site_server.origin) == []
    assert recorded_page.console_errors == []


def test_scenario_link_opens_the_triage_tool_at_the_model_answers_level(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.goto(site_server.url("training/scenarios/information-day.html"))
    item = exercise("information-day")
    assert item.triage is not None
    level = decided(triage_result(item.triage), "level").case.value
    summary = page.locator("details.success summary")
    summary.click()
    model = page.locator("details.success")
    assert f"Level {level}" in model.inner_text()
    page.locator('a[data-training-tool="triage"]').click()
    wait_until_ready(page, "triage")
    verdict = page.locator('[data-wizard="triage"] [data-verdict="level"]')
    verdict.wait_for(timeout=30_000)
    assert f"Level {level}" in verdict.inner_text()
    assert recorded_page.foreign_requests(site_server.origin) == []


def test_handouts_and_an_exercise_print_on_a4_without_navigation(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    counts = {}
    for name, (most, wanted) in HANDOUTS.items():
        address = site_server.url(f"training/handouts/{name}.html")
        page.goto(address)
        pages, text = pdf_text(page)
        counts[name] = pages
        assert pages <= most, f"{name} prints on {pages} pages"
        for phrase in [*wanted, "From Sharing data to tackle worklessness", "Built "]:
            assert phrase in text, (name, phrase)
        assert address in text.replace(" ", "") or address in text, f"{name}: the address is not printed"
        assert "Skip to content" not in text and "Case studies" not in text, f"{name}: navigation printed"
    # An exercise: the printout carries the situation and, expanded for print, the model answer.
    page.goto(site_server.url("training/scenarios/information-day.html"))
    exercise_pages, printed = pdf_text(page)
    for phrase in ("The situation", "What would you do?", "What the triage tool concludes"):
        assert phrase in printed, phrase
    assert "Identifiable records for operational use." in printed
    assert exercise_pages <= 6
    assert "Skip to content" not in printed
    assert recorded_page.foreign_requests(site_server.origin) == []
    print("printed pages:", counts, "exercise:", exercise_pages)
