"""A flow in the page walks the answers once per request: every view, link and record of that
request comes from the same Walk. (What the views say is covered by tests/triage/test_web.py,
tests/training/test_quiz.py and the golden decision table.)"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any
from urllib.parse import urlencode

import pytest

from wizard.core.messages import Request, Response
from wizard.flow import engine, state
from wizard.flow import web as flow_web
from wizard.flow.engine import Path, advance, all_paths, walk
from wizard.triage.tool import flow as triage_flow
from wizard.triage.tool import record_offers


@dataclass
class Counts:
    walks: int = 0
    routes: int = 0  # routing decisions: where one answered question leads


@pytest.fixture
def counts(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counts]:
    """Count every walk started (wherever it is called from) and every routing decision."""
    found = Counts()
    real_walk, real_next = engine.walk, engine.next_node

    def counted_walk(*args: Any) -> engine.Walk:
        found.walks += 1
        return real_walk(*args)

    def counted_next(*args: Any) -> str:
        found.routes += 1
        return real_next(*args)

    for module in (engine, state, flow_web):
        monkeypatch.setattr(module, "walk", counted_walk)
    monkeypatch.setattr(engine, "next_node", counted_next)
    yield found


def query(path_answers: dict[str, str], **extra: str) -> str:
    return urlencode([("v", str(triage_flow().version)), *path_answers.items(), *extra.items()])


def respond(counts: Counts, action: str, query_: str, form: dict[str, list[str]] | None = None) -> Response:
    counts.walks = counts.routes = 0
    request = Request("triage", action=action, query=query_, form=form or {}, context={"page": "https://x/"})
    return flow_web.respond(triage_flow(), request, record=record_offers)


def some_paths(count: int = 12) -> list[Path]:
    """Paths of different lengths through the triage flow (every 25th, for speed)."""
    return list(islice(all_paths(triage_flow()), 0, 25 * count, 25))


def test_an_outcome_page_walks_once_and_routes_each_question_once(counts: Counts) -> None:
    for path in some_paths():
        response = respond(counts, "render", query(path.answers))
        assert "data-outcome=" in response.html  # Back and every Change link are in it
        assert (counts.walks, counts.routes) == (1, len(path.steps))


def test_a_question_shown_again_walks_once(counts: Counts) -> None:
    for path in some_paths():
        first = path.steps[0][0].id
        response = respond(counts, "render", query(path.answers, at=first))
        assert 'data-action="answer"' in response.html
        assert (counts.walks, counts.routes) == (1, len(path.steps))


def test_an_answer_walks_once_and_routes_only_the_new_question(counts: Counts) -> None:
    for path in some_paths():
        *before, (last, option) = path.steps
        half = {question.id: chosen.id for question, chosen in before}
        response = respond(counts, "answer", query(half), {last.id: [option.id]})
        assert response.query == query(path.answers)  # the outcome of the whole path
        assert (counts.walks, counts.routes) == (1, len(path.steps))


def test_a_changed_answer_walks_once_and_routes_again_only_from_that_question(counts: Counts) -> None:
    flow = triage_flow()
    for path in some_paths():
        question, chosen = path.steps[0]
        other = next(option for option in question.options if option.id != chosen.id)
        after = walk(flow, {**path.answers, question.id: other.id})
        respond(counts, "answer", query(path.answers, at=question.id), {question.id: [other.id]})
        assert counts.walks == 1
        assert counts.routes == len(path.steps) + len(after.path)  # the old path, then the new one


def test_an_answer_left_out_walks_once(counts: Counts) -> None:
    path = some_paths(1)[0]
    response = respond(counts, "answer", query({}), {})
    assert "wizard-error-summary" in response.html
    assert (counts.walks, counts.routes) == (1, 0)
    response = respond(counts, "answer", query(path.answers, at=path.steps[1][0].id), {})
    assert "wizard-error-summary" in response.html
    assert (counts.walks, counts.routes) == (1, len(path.steps))


# --- advance: the walk after one more answer, without routing the path before it again ---------


def every_change(paths: Iterator[Path]) -> Iterator[tuple[engine.Walk, str, str]]:
    """Each path answered part of the way, with every option of every question it could take
    next: the current question (a new answer) and each one on its path (a change)."""
    flow = triage_flow()
    for path in paths:
        items = list(path.answers.items())
        for cut in range(len(items) + 1):
            route = walk(flow, dict(items[:cut]))
            questions = [*route.path, route.current] if not route.finished else list(route.path)
            for question in questions:
                assert isinstance(question, engine.Question)
                for option in question.options:
                    yield route, question.id, option.id


def test_advance_gives_the_walk_of_the_new_answers() -> None:
    flow = triage_flow()
    checked = 0
    for route, question_id, option_id in every_change(islice(all_paths(flow), 0, None, 40)):
        expected = walk(flow, {**route.answers, question_id: option_id})
        found = advance(flow, route, question_id, option_id)
        assert found == expected
        assert list(found.answers.items()) == list(expected.answers.items())  # the same order
        checked += 1
    assert checked > 1000


def test_advance_refuses_a_question_off_the_path() -> None:
    flow = triage_flow()
    route = walk(flow, {})
    off_path = next(question_id for question_id in flow.questions if question_id != flow.start)
    with pytest.raises(ValueError, match="not on this walk's path"):
        advance(flow, route, off_path, flow.questions[off_path].options[0].id)


def test_the_counting_fixture_sees_walks_made_anywhere(counts: Counts) -> None:
    """The control: a second walk of the same answers (as canonical_query makes when given the
    answers rather than their Walk) is counted, with its routing."""
    flow = triage_flow()
    answers = some_paths(1)[0].answers
    route = walk(flow, answers)
    counts.walks = counts.routes = 0
    assert state.canonical_query(flow, route) == state.canonical_query(flow, answers)
    assert (counts.walks, counts.routes) == (1, len(answers))
