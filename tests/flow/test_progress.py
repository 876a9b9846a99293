"""Engine features the training quiz added: "Question N of M" and a wizard's own outcome view."""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from typing import Any

import pytest

from wizard.core.messages import Request, Response
from wizard.flow.engine import progress
from wizard.flow.load import FlowError, parse_flow
from wizard.flow.web import Finished
from wizard.flow.web import respond as flow_respond

LINEAR = """
[flow]
id = "line"
version = 1
title = "Line"
start = "one"
progress = true

[statuses]
ok = "OK"

[[questions]]
id = "one"
text = "First?"
next = [{ goto = "two" }]
options = [{ id = "a", label = "A" }, { id = "b", label = "B" }]

[[questions]]
id = "two"
text = "Second?"
next = [{ goto = "three" }]
options = [{ id = "a", label = "A" }, { id = "b", label = "B" }]

[[questions]]
id = "three"
text = "Third?"
next = [{ goto = "end" }]
options = [{ id = "a", label = "A" }, { id = "b", label = "B" }]

[[outcomes]]
id = "end"
title = "The end"
"""


def linear(**changes: Any) -> dict[str, Any]:
    data = tomllib.loads(LINEAR)
    data["flow"].update(changes)
    return data


def test_progress_counts_questions_in_their_fixed_order() -> None:
    flow = parse_flow(linear())
    assert [progress(flow, flow.questions[q]) for q in ("one", "two", "three")] == [(1, 3), (2, 3), (3, 3)]
    assert progress(parse_flow(linear(progress=False)), flow.questions["two"]) is None


def test_progress_is_refused_on_a_flow_that_branches() -> None:
    data = linear()
    data["questions"][0]["next"] = [{"when": {"q": "one", "eq": "a"}, "goto": "three"}, {"goto": "two"}]
    with pytest.raises(FlowError, match=r"flow.progress: .*'one' branch"):
        parse_flow(data)


def test_progress_must_be_true_or_false() -> None:
    with pytest.raises(FlowError, match=r"flow.progress: expected true or false"):
        parse_flow(linear(progress="yes"))


def test_question_page_says_which_question_of_how_many_inside_the_focused_heading() -> None:
    flow = parse_flow(linear())
    html = flow_respond(flow, Request("line", query="v=1&one=a")).html
    assert '<span class="wizard-caption">Question 2 of 3</span> Second?</h2>' in html
    assert "data-focus" in html.split("<h2", 1)[1].split(">", 1)[0]
    # Without the flag, no caption.
    plain = flow_respond(parse_flow(linear(progress=False)), Request("line", query="v=1&one=a")).html
    assert "wizard-caption" not in plain


def test_outcome_view_replaces_the_standard_outcome_and_gets_the_finished_walk() -> None:
    flow = parse_flow(linear())
    seen: list[tuple[Finished, Sequence[str]]] = []

    def view(finished: Finished, notices: Sequence[str]) -> Response:
        seen.append((finished, notices))
        return Response(html="<p>mine</p>", query=finished.query, title="Mine")

    response = flow_respond(
        flow,
        Request("line", action="answer", query="v=1&one=a&two=b", form={"three": ["a"]}),
        outcome_view=view,
    )
    assert response.html == "<p>mine</p>" and response.title == "Mine"
    finished, notices = seen[0]
    assert finished.route.answers == {"one": "a", "two": "b", "three": "a"}
    assert finished.query == "v=1&one=a&two=b&three=a" == response.query
    assert notices == ()
    # Without a view, the standard outcome page.
    standard = flow_respond(flow, Request("line", query="v=1&one=a&two=b&three=a"))
    assert 'data-outcome="end"' in standard.html and "Your answers" in standard.html
