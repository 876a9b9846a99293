"""The training quiz: its answers come from the tools, marking works, and nothing leaks early."""

from __future__ import annotations

import json
import re
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from tools.check_flows import schema
from wizard import web
from wizard.core.law import provisions
from wizard.flow.engine import decide, walk
from wizard.flow.scenarios import load_scenarios
from wizard.minimise.advice import advise
from wizard.rounding.method import round_to_base
from wizard.rounding.parameters import rules
from wizard.training.exercises import TrainingDataError, exercises
from wizard.training.quiz import (
    CORRECT,
    FILE,
    INCORRECT,
    flow,
    flow_data,
    parse_quiz,
    printed_html,
    quiz,
    score,
)
from wizard.triage.tool import flow as triage_flow

SCENARIOS = {scenario.id: scenario for scenario in load_scenarios("triage")}
RAW = tomllib.loads(resources.files("wizard.training").joinpath(FILE).read_text(encoding="utf-8"))


def call(action: str = "render", query: str = "", form: dict[str, list[str]] | None = None) -> dict[str, Any]:
    payload = {"wizard": "quiz", "action": action, "query": query, "form": form or {}}
    result: dict[str, Any] = json.loads(web.handle(json.dumps(payload)))
    return result


def triage_decided(scenario_id: str, verdict_id: str) -> Any:
    route = walk(triage_flow(), SCENARIOS[scenario_id].answers)
    assert route.finished
    result = decide(triage_flow(), route.current, route.answers)  # type: ignore[arg-type]
    return next(d for d in result.decided if d.verdict.id == verdict_id)


def test_the_quiz_has_at_least_ten_questions_of_every_kind() -> None:
    item = quiz()
    assert len(item.questions) >= 10
    assert {q.ask for q in item.questions} == {"level", "verdict", "field", "choice", "rounding"}
    assert len({q.id for q in item.questions}) == len(item.questions)
    for question in item.questions:
        assert question.answer in {o.id for o in question.options}, question.id
        assert question.cite and question.explanation, question.id


@pytest.mark.parametrize("question", [q for q in quiz().questions if q.ask in ("level", "verdict")], ids=str)
def test_level_and_verdict_answers_are_what_the_triage_tool_concludes(question: Any) -> None:
    verdict_id = "level" if question.ask == "level" else question.data["verdict"]
    found = triage_decided(question.data["scenario"], verdict_id)
    assert question.answer == found.case.status
    assert found.case.summary in question.explanation
    assert set(found.case.cite) <= set(question.cite)
    if question.ask == "level":
        # The options are the five levels, labelled as the tool labels them.
        assert [o.label for o in question.options] == [f"Level {n}" for n in range(1, 6)]
        assert (
            question.choice(question.answer).label
            == f"Level {SCENARIOS[question.data['scenario']].values['level']}"
        )
    assert SCENARIOS[question.data["scenario"]].situation in question.text


@pytest.mark.parametrize("question", [q for q in quiz().questions if q.ask == "field"], ids=str)
def test_field_answers_are_what_the_field_adviser_says(question: Any) -> None:
    advice = advise([question.data["field"].replace("_", " ")], question.data["purpose"])[0]
    assert advice.field is not None and advice.field.id == question.data["field"]
    assert question.answer == advice.verdict
    assert advice.reason in question.explanation
    assert [(c.source, c.where) for c in question.cite] == [(c.source, c.where) for c in advice.cite]


@pytest.mark.parametrize("question", [q for q in quiz().questions if q.ask == "rounding"], ids=str)
def test_rounding_answers_follow_the_rounding_tool(question: Any) -> None:
    """The quiz's rounding answers are what the site's own rounding tool gives."""
    cells = question.data["cells"]
    base = rules().base.value
    rounded = [round_to_base(cell, base) for cell in cells]
    expected = rounded[0] if question.data["share"] == "cell" else sum(rounded)
    assert question.answer == f"n{expected}"


def test_the_legal_order_answer_is_the_earliest_step_of_todays_law_the_triage_tool_takes() -> None:
    question = quiz().question("legal_order")
    steps = [v.id for v in triage_flow().verdicts if v.section == "law"]
    options = [o.id for o in question.options]
    assert set(options) <= set(steps)
    assert question.answer == min(options, key=steps.index)
    assert "lawful_basis" not in options and steps.index(question.answer) < steps.index("lawful_basis")


def test_verdict_questions_explain_todays_law_first_then_the_guidance_as_history() -> None:
    for question in (q for q in quiz().questions if q.ask == "verdict"):
        found = triage_decided(question.data["scenario"], question.data["verdict"])
        assert question.law == found.case.law
        if found.case.history:
            history = question.explanation.index(f"What the 2009–11 guidance said: {found.case.history}")
            assert question.explanation.index(found.case.summary) < history
    law_questions = [q for q in quiz().questions if q.law]
    assert len(law_questions) >= 6
    # The printed key and the marks at the end link each provision to its current text.
    key = printed_html()
    marked = answer_all(lambda q: q.answer)["html"]
    known = provisions()
    for question in law_questions:
        for html in (key, marked):
            assert 'class="wizard-law"' in html
            assert all(f'href="{known[pid].url}"' in html for pid in question.law if known[pid].url)


def test_the_quiz_flow_fits_the_flow_schema_and_marks_each_option() -> None:
    data = flow_data(quiz())
    jsonschema.Draft202012Validator(schema()).validate(data)
    built = flow()
    assert built.progress
    for question in quiz().questions:
        verdict = next(v for v in built.verdicts if v.id == question.id)
        marks = {case.when.options: case.status for case in verdict.cases}  # type: ignore[union-attr]
        assert marks == {
            frozenset({o.id}): CORRECT if o.id == question.answer else INCORRECT for o in question.options
        }


def answer_all(choose: Any) -> dict[str, Any]:
    query = ""
    response: dict[str, Any] = {}
    for number, question in enumerate(quiz().questions, start=1):
        view = call("render", query)
        assert f"Question {number} of {len(quiz().questions)}" in view["html"]
        assert question.text.replace("'", "&#x27;") in view["html"]
        response = call("answer", query, {question.id: [choose(question)]})
        query = response["query"]
    return response


def test_all_right_scores_full_marks_and_all_wrong_scores_nothing() -> None:
    total = len(quiz().questions)
    right = answer_all(lambda q: q.answer)
    assert right["title"] == f"Your score: {total} out of {total}"
    assert f'data-score="{total}" data-total="{total}"' in right["html"]
    assert right["html"].count('data-status="correct"') == total
    wrong = answer_all(lambda q: next(o.id for o in q.options if o.id != q.answer))
    assert wrong["title"] == f"Your score: 0 out of {total}"
    assert wrong["html"].count('data-status="incorrect"') == total
    # Each mark is a word with an icon beside it, and a wrong answer shows the right one.
    assert "✗</span> <strong" in wrong["html"] and ">Not correct</strong>" in wrong["html"]
    first = quiz().questions[0]
    assert f"<strong>The right answer: </strong>{first.choice(first.answer).label}" in wrong["html"]
    assert "../reference/sources.html#dwp-guide" in wrong["html"]


def test_score_counts_the_correct_marks() -> None:
    questions = quiz().questions
    answers = {
        q.id: (q.answer if n % 3 == 0 else next(o.id for o in q.options if o.id != q.answer))
        for n, q in enumerate(questions)
    }
    route = walk(flow(), answers)
    result = decide(flow(), route.current, route.answers)  # type: ignore[arg-type]
    assert score(result) == (len(range(0, len(questions), 3)), len(questions))


def test_question_pages_give_nothing_away_about_the_right_answer() -> None:
    query = ""
    for question in quiz().questions:
        html = call("render", query)["html"]
        assert not re.search(r"correct|data-status|right answer", html, re.IGNORECASE), question.id
        assert question.explanation.replace("'", "&#x27;") not in html
        query = call("answer", query, {question.id: [question.options[0].id]})["query"]


def test_continuing_without_an_answer_shows_an_error_summary_that_takes_focus() -> None:
    response = call("answer", "", {})
    assert response["title"].startswith("Error: ")
    assert 'class="wizard-error-summary" role="alert" tabindex="-1" data-focus' in response["html"]
    assert "Select an answer" in response["html"]
    assert "<fieldset" in response["html"] and "<legend>" in response["html"]


def test_a_tampered_link_starts_again_with_a_message() -> None:
    response = call("render", f"v={quiz().version}&mailing_level=level_9")
    assert "has been changed or is incomplete" in response["html"]
    assert "Question 1 of" in response["html"]


def test_the_quiz_on_paper_lists_every_question_and_keeps_the_answers_in_a_closed_section() -> None:
    html = printed_html()
    questions, key = html.split("<details", 1)
    for question in quiz().questions:
        assert question.text.replace("'", "&#x27;") in questions
        assert question.explanation.replace("'", "&#x27;") in key
        assert question.explanation.replace("'", "&#x27;") not in questions
    assert "<details " in html and " open" not in key.split(">", 1)[0]


def edited(index: int, **changes: Any) -> dict[str, Any]:
    data = json.loads(json.dumps(RAW))
    data["questions"][index].update(changes)
    return data


FIRST_VERDICT = next(i for i, q in enumerate(RAW["questions"]) if q["ask"] == "verdict")


@pytest.mark.parametrize(
    ("index", "changes", "message"),
    [
        (0, {"ask": "guess"}, r"questions\[0\]\.ask: 'guess' is not one of level"),
        (
            FIRST_VERDICT,
            {"scenario": "nowhere"},
            rf"questions\[{FIRST_VERDICT}\].*no triage scenario 'nowhere'",
        ),
        (FIRST_VERDICT, {"verdict": "ssaa"}, rf"questions\[{FIRST_VERDICT}\].*no verdict 'ssaa'"),
    ],
)
def test_bad_quiz_data_names_the_place(index: int, changes: dict[str, Any], message: str) -> None:
    with pytest.raises(TrainingDataError, match=message):
        parse_quiz(edited(index, **changes))


def test_a_stated_answer_must_be_one_of_the_options() -> None:
    index = next(i for i, q in enumerate(RAW["questions"]) if q["ask"] == "rounding")
    with pytest.raises(TrainingDataError, match=rf"questions\[{index}\]\.answer"):
        parse_quiz(edited(index, answer=35))


NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]


def test_the_training_pages_give_the_number_of_questions_and_exercises() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "training"
    questions, situations = NUMBER_WORDS[len(quiz().questions)], NUMBER_WORDS[len(exercises())]
    assert f"{questions.capitalize()} questions, one at a time." in (docs / "quiz.md").read_text(
        encoding="utf-8"
    )
    index = " ".join((docs / "index.md").read_text(encoding="utf-8").split())
    assert f"{questions} multiple-choice questions" in index and f"{situations} situations" in index
