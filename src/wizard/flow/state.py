"""A flow's state is the page address: answers keyed by question id, in the query string.

``v`` carries the flow version and ``at`` names an answered question to show again (Back and
Change). Reading a query never fails: a link with unknown keys or answers, or one made for
another version of the flow, becomes a fresh start with a message saying why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode

from wizard.flow.engine import Walk, walk
from wizard.flow.model import Flow

VERSION_KEY = "v"
AT_KEY = "at"
RESERVED = (VERSION_KEY, AT_KEY)


@dataclass(frozen=True)
class State:
    answers: dict[str, str]
    at: str | None = None
    notices: tuple[str, ...] = field(default_factory=tuple)


def _short(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


def read_query(flow: Flow, query: str) -> State:
    """Answers from a query string; anything that does not fit gives a fresh start and a notice."""
    params = parse_qs(query.lstrip("?"), keep_blank_values=True)
    version = params.pop(VERSION_KEY, None)
    if version is not None and version != [str(flow.version)]:
        return State(
            {},
            notices=(
                "This link was made with an earlier version of this tool, so its answers may no longer "
                "fit the questions. Please answer them again.",
            ),
        )
    at_values = params.pop(AT_KEY, None)
    problems = []
    answers: dict[str, str] = {}
    for key, values in params.items():
        question = flow.questions.get(key)
        if question is None:
            problems.append(f"“{_short(key)}” is not one of this tool's questions")
        elif len(values) != 1 or question.option(values[0]) is None:
            problems.append(f"“{_short(values[-1])}” is not one of the answers to “{question.text}”")
        else:
            answers[key] = values[0]
    if problems:
        return State(
            {},
            notices=(
                "The link you followed has been changed or is incomplete, so we have started again. "
                + "; ".join(problems)
                + ".",
            ),
        )
    at = at_values[0] if at_values and len(at_values) == 1 else None
    return State(answers, at)


def canonical_query(flow: Flow, route: Walk | Mapping[str, str], at: str | None = None) -> str:
    """The query for a walk's answers: only those on its path, in path order, with the version
    first, then ``at`` if it names a question on the path. ``route`` is the Walk already made
    for the answers, or the answers themselves (walked here); "" when nothing is answered."""
    if not isinstance(route, Walk):
        route = walk(flow, route)
    if not route.answers:
        return ""
    pairs = [(VERSION_KEY, str(flow.version)), *route.answers.items()]
    if at is not None and at in route.answers:
        pairs.append((AT_KEY, at))
    return urlencode(pairs)
