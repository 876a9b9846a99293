# ruff: noqa: E501  (conditions are TOML, one inline table per line)
"""Each operator of the flow condition language, on its own, through the public loader.

Every test writes one condition as a flow file would (TOML inline table), loads a two-question
flow whose first verdict case holds exactly when that condition does, and decides it for given
answers. So a change that makes ``in`` behave like ``eq``, drops a ``not``, or swaps ``all`` and
``any`` fails here, whatever the triage content happens to need.
"""

from __future__ import annotations

import tomllib

import pytest

from wizard.flow.engine import decide, next_node, walk
from wizard.flow.load import parse_flow
from wizard.flow.model import Flow

FLOW = """
[flow]
id = "ops"
version = 1
title = "Operators"
start = "a"

[statuses]
hit = "Holds"
miss = "Does not hold"
first = "First"
second = "Second"

[[questions]]
id = "a"
text = "Question A"
next = [{{ goto = "b" }}]
options = [{{ id = "x", label = "X" }}, {{ id = "y", label = "Y" }}, {{ id = "z", label = "Z" }}]

[[questions]]
id = "b"
text = "Question B"
next = [{{ goto = "end" }}]
options = [{{ id = "x", label = "X" }}, {{ id = "y", label = "Y" }}, {{ id = "z", label = "Z" }}]

[[outcomes]]
id = "end"
title = "End"

[[sections]]
id = "main"
heading = "Main"
style = "verdicts"

[[verdicts]]
id = "base"
label = "A verdict later conditions can look at"
section = "main"
cases = [
  {{ when = {{ q = "a", eq = "x" }}, status = "first", summary = "A is X", cite = [{{ source = "dwp-guide", where = "para 1" }}] }},
  {{ status = "second", summary = "A is not X", cite = [{{ source = "dwp-guide", where = "para 2" }}] }},
]

[[verdicts]]
id = "probe"
label = "Holds when the condition under test holds"
section = "main"
cases = [
  {{ when = {condition}, status = "hit", summary = "Holds", cite = [{{ source = "dwp-guide", where = "para 3" }}] }},
  {{ status = "miss", summary = "Does not hold", cite = [{{ source = "dwp-guide", where = "para 4" }}] }},
]
"""

PREDICATES = {"b_is_z": lambda answers: answers.get("b") == "z"}


def probe(condition: str, a: str, b: str) -> bool:
    """Whether ``condition`` (TOML inline table) holds for answers a and b."""
    flow = parse_flow(tomllib.loads(FLOW.format(condition=condition)), PREDICATES)
    result = decide(flow, flow.outcomes["end"], {"a": a, "b": b})
    status = result.status("probe")
    assert status in ("hit", "miss")
    return status == "hit"


def holds_for(condition: str) -> set[tuple[str, str]]:
    """Every answer pair (a, b) for which ``condition`` holds."""
    return {(a, b) for a in "xyz" for b in "xyz" if probe(condition, a, b)}


ALL_PAIRS = {(a, b) for a in "xyz" for b in "xyz"}


def test_eq_holds_only_for_that_option() -> None:
    assert holds_for('{ q = "a", eq = "y" }') == {("y", b) for b in "xyz"}


def test_in_holds_for_each_listed_option_and_no_other() -> None:
    # Two values: "in" must not behave like "eq" on the first (or the last) of them.
    assert holds_for('{ q = "a", in = ["x", "z"] }') == {(a, b) for a in "xz" for b in "xyz"}
    assert holds_for('{ q = "b", in = ["y"] }') == {(a, "y") for a in "xyz"}


def test_not_inverts_its_condition() -> None:
    inner = holds_for('{ q = "a", in = ["x", "y"] }')
    assert holds_for('{ not = { q = "a", in = ["x", "y"] } }') == ALL_PAIRS - inner


def test_all_needs_every_part() -> None:
    assert holds_for('{ all = [{ q = "a", eq = "x" }, { q = "b", in = ["y", "z"] }] }') == {
        ("x", "y"),
        ("x", "z"),
    }


def test_any_needs_one_part() -> None:
    expected = {("x", b) for b in "xyz"} | {(a, "z") for a in "xyz"}
    assert holds_for('{ any = [{ q = "a", eq = "x" }, { q = "b", eq = "z" }] }') == expected


def test_all_and_any_nest() -> None:
    condition = '{ any = [{ all = [{ q = "a", eq = "y" }, { not = { q = "b", eq = "y" } }] }, { q = "b", eq = "x" }] }'
    assert holds_for(condition) == {("y", "x"), ("y", "z"), ("x", "x"), ("z", "x")}


def test_verdict_eq_and_in_look_at_an_earlier_verdict() -> None:
    assert holds_for('{ verdict = "base", eq = "first" }') == {("x", b) for b in "xyz"}
    assert holds_for('{ verdict = "base", in = ["first", "second"] }') == ALL_PAIRS
    assert holds_for('{ verdict = "base", in = ["second", "hit"] }') == {(a, b) for a in "yz" for b in "xyz"}


def test_a_named_predicate_is_called_with_the_answers() -> None:
    assert holds_for('{ test = "b_is_z" }') == {(a, "z") for a in "xyz"}


def order_flow() -> Flow:
    text = FLOW.format(condition='{ q = "a", in = ["x", "y"] }').replace(
        '{ when = { q = "a", in = ["x", "y"] }, status = "hit"',
        '{ when = { q = "a", eq = "x" }, status = "first", summary = "First match", cite = [{ source = "dwp-guide", '
        'where = "para 5" }] },\n  { when = { q = "a", in = ["x", "y"] }, status = "hit"',
    )
    text = text.replace(
        'next = [{ goto = "b" }]', 'next = [{ when = { q = "a", eq = "z" }, goto = "end" }, { goto = "b" }]'
    )
    return parse_flow(tomllib.loads(text), PREDICATES)


def test_the_first_case_whose_condition_holds_decides_the_verdict() -> None:
    flow = order_flow()
    outcome = flow.outcomes["end"]
    # "x" satisfies both the first and the second case: the first wins.
    assert decide(flow, outcome, {"a": "x", "b": "x"}).status("probe") == "first"
    assert decide(flow, outcome, {"a": "y", "b": "x"}).status("probe") == "hit"
    assert decide(flow, outcome, {"a": "z"}).status("probe") == "miss"


def test_the_first_route_whose_condition_holds_is_taken() -> None:
    flow = order_flow()
    question = flow.questions["a"]
    assert next_node(flow, question, {"a": "z"}) == "end"
    assert next_node(flow, question, {"a": "x"}) == "b"
    assert walk(flow, {"a": "z", "b": "x"}).answers == {"a": "z"}  # b is not on the path


@pytest.mark.parametrize(
    "condition",
    [
        '{ q = "a", eq = "w" }',
        '{ q = "a", in = [] }',
        '{ q = "nowhere", eq = "x" }',
        '{ verdict = "later", eq = "hit" }',
    ],
)
def test_a_condition_that_cannot_hold_is_refused_at_loading(condition: str) -> None:
    with pytest.raises(ValueError):
        probe(condition, "x", "x")
