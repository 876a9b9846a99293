# ruff: noqa: E501  (the test flow is TOML, where one inline table is one line)
"""The general flow engine, on small flows written for each behaviour."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from wizard.flow.engine import all_paths, decide, problems, walk
from wizard.flow.load import FlowError, parse_flow

BASE = """
[flow]
id = "toy"
version = 1
title = "Toy"
start = "colour"

[statuses]
yes = "Yes"
no = "No"

[[questions]]
id = "colour"
text = "Which colour?"
next = [{ when = { q = "colour", eq = "red" }, goto = "size" }, { goto = "done" }]
options = [{ id = "red", label = "Red" }, { id = "blue", label = "Blue" }]

[[questions]]
id = "size"
text = "Which size?"
next = [{ goto = "done" }]
options = [{ id = "big", label = "Big" }, { id = "small", label = "Small" }, { id = "not_sure", label = "Not sure" }]

[[outcomes]]
id = "done"
title = "Done"

[[sections]]
id = "main"
heading = "Main"
style = "verdicts"

[[verdicts]]
id = "first"
label = "First"
section = "main"
cases = [
  { when = { all = [{ q = "colour", eq = "red" }, { not = { q = "size", eq = "small" } }] }, status = "yes", value = 1, summary = "Red, not small", cite = [{ source = "dwp-guide", where = "para 1" }] },
  { status = "no", value = 2, summary = "Otherwise", cite = [{ source = "dwp-guide", where = "para 2" }] },
]

[[verdicts]]
id = "second"
label = "Second"
section = "main"
cases = [
  { when = { any = [{ verdict = "first", eq = "yes" }, { test = "is_blue" }] }, status = "yes", summary = "A", cite = [{ source = "idea-2010", where = "x" }] },
  { status = "no", summary = "B", cite = [{ source = "idea-2010", where = "y" }] },
]

[[notes]]
id = "unsure"
section = "main"
text = "You were not sure."
when = { q = "size", in = ["not_sure"] }
cite = [{ source = "wp-ch21", where = "z" }]
"""

PREDICATES = {"is_blue": lambda answers: answers.get("colour") == "blue"}


def toy(text: str = BASE) -> Any:
    return parse_flow(tomllib.loads(text), PREDICATES)


def test_every_path_is_walked_and_each_leads_to_the_outcome() -> None:
    flow = toy()
    paths = [path.answers for path in all_paths(flow)]
    assert paths == [
        {"colour": "red", "size": "big"},
        {"colour": "red", "size": "small"},
        {"colour": "red", "size": "not_sure"},
        {"colour": "blue"},
    ]
    assert problems(flow) == []


def test_conditions_all_any_not_verdict_and_named_predicate() -> None:
    flow = toy()
    outcome = flow.outcomes["done"]
    red_big = decide(flow, outcome, {"colour": "red", "size": "big"})
    assert [(d.verdict.id, d.case.status, d.case.value) for d in red_big.decided] == [
        ("first", "yes", 1),
        ("second", "yes", None),
    ]
    red_small = decide(flow, outcome, {"colour": "red", "size": "small"})
    assert red_small.status("first") == "no" and red_small.status("second") == "no"
    blue = decide(flow, outcome, {"colour": "blue"})
    assert blue.status("second") == "yes"  # through the named predicate
    unsure = decide(flow, outcome, {"colour": "red", "size": "not_sure"})
    assert [note.id for note in unsure.notes] == ["unsure"]


def test_walk_keeps_only_answers_on_the_path() -> None:
    flow = toy()
    route = walk(flow, {"colour": "blue", "size": "big"})
    assert route.finished and route.answers == {"colour": "blue"} and route.dropped == {"size": "big"}
    halfway = walk(flow, {"colour": "red", "size": "huge"})
    assert not halfway.finished and halfway.current.id == "size" and halfway.dropped == {"size": "huge"}


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ('goto = "done" }]\noptions = [{ id = "big"', 'goto = "nowhere" }]\noptions = [{ id = "big"'),
            "'nowhere' is neither",
        ),
        (
            ('{ q = "colour", eq = "red" }, goto', '{ q = "colour", eq = "green" }, goto'),
            "has no option green",
        ),
        (('{ verdict = "first", eq = "yes" }', '{ verdict = "second", eq = "yes" }'), "not decided before"),
        (('{ test = "is_blue" }', '{ test = "is_green" }'), "no Python predicate named 'is_green'"),
        (('source = "wp-ch21"', 'source = "wikipedia"'), "unknown source 'wikipedia'"),
        (('title = "Done"', 'title = "Done"\ncolour = "x"'), "unknown key(s) colour"),
        (('text = "Which size?"\n', ""), "missing 'text'"),
        (("version = 1", 'version = "one"'), "expected a whole number"),
        (('{ q = "size", in = ["not_sure"] }', '{ q = "size", like = "x" }'), "not a condition"),
        (('status = "no", value = 2', 'status = "maybe", value = 2'), "unknown status 'maybe'"),
        (
            ('next = [{ goto = "done" }]', 'next = [{ when = { q = "size", eq = "big" }, goto = "done" }]'),
            "last entry",
        ),
    ],
)
def test_strict_loading_names_the_place_and_the_problem(change: tuple[str, str], message: str) -> None:
    old, new = change
    assert old in BASE
    with pytest.raises(FlowError, match=message.replace("(", r"\(").replace(")", r"\)")):
        toy(BASE.replace(old, new, 1))


def test_problems_finds_unreachable_nodes_and_unused_cases_and_notes() -> None:
    text = BASE.replace('{ when = { q = "colour", eq = "red" }, goto = "size" }, ', "")
    found = problems(toy(text))
    assert "node 'size' is never reached" in found
    assert "note 'unsure' is never shown" in found
    impossible = BASE.replace('{ not = { q = "size", eq = "small" } }', '{ q = "colour", eq = "blue" }')
    assert "verdict 'first', case 0 ('Red, not small') is never used" in problems(toy(impossible))


def test_a_verdict_with_no_matching_case_is_reported_as_a_dead_end() -> None:
    text = BASE.replace(
        '{ status = "no", summary = "B", cite = [{ source = "idea-2010", where = "y" }] },', ""
    )
    found = problems(toy(text))
    assert len(found) == 1 and "verdict 'second': no case matches" in found[0]


def test_a_loop_is_reported() -> None:
    text = BASE.replace('next = [{ goto = "done" }]', 'next = [{ goto = "colour" }]')
    assert "loops back to question 'colour'" in problems(toy(text))[0]
