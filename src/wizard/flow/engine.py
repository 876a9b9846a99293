"""Walking a flow: where answers lead, the outcome they decide, and every path (for checks).

Pure functions over the model in ``wizard.flow.model``; the same code runs on the command line, at
build time and in Pyodide.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from wizard.core.sources import Citation
from wizard.flow.model import Answers, Case, Context, Flow, Note, Option, Outcome, Question, Verdict

# --- Walking ---------------------------------------------------------------------------------


class DeadEnd(RuntimeError):
    """No route of a question matched: a bug in the flow, caught by the exhaustive tests."""


def next_node(flow: Flow, question: Question, answers: Answers) -> str:
    context = Context(answers, predicates=flow.predicates)
    for route in question.routes:
        if route.when is None or route.when.holds(context):
            return route.goto
    raise DeadEnd(
        f"question {question.id!r}: no route for {dict(answers)}"
    )  # unreachable: last route is unconditional


@dataclass(frozen=True)
class Walk:
    """Where a set of answers leads: the answered questions on the path, then the current node."""

    path: tuple[Question, ...]
    current: Question | Outcome
    answers: dict[str, str]  # only the answers on the path, in path order
    dropped: dict[str, str]  # answers given that are not on the path

    @property
    def finished(self) -> bool:
        return isinstance(self.current, Outcome)


def walk(flow: Flow, answers: Answers) -> Walk:
    """Follow the answers from the start until a question has no (valid) answer or an outcome."""
    return _follow(flow, answers, (), flow.questions[flow.start])


def advance(flow: Flow, route: Walk, question_id: str, option_id: str) -> Walk:
    """``route`` with one question answered: its current question, or one on its path (a change).

    The same Walk as ``walk(flow, {**route.answers, question_id: option_id})``, without routing
    the path before that question again: where a question leads depends only on the answers up
    to it, so that part of the path stays as it is. The rest is walked from the question with the
    answers ``route`` had; those no longer on the path are in ``dropped``.

    Raises ValueError if the question is neither on the path nor the current one.
    """
    ids = [question.id for question in route.path]
    if question_id in ids:
        position = ids.index(question_id)
    elif isinstance(route.current, Question) and route.current.id == question_id:
        position = len(ids)
    else:
        raise ValueError(f"question {question_id!r} is not on this walk's path")
    answers = {**route.answers, question_id: option_id}
    return _follow(flow, answers, route.path[:position], flow.questions[question_id])


def _follow(
    flow: Flow, answers: Answers, path_so_far: tuple[Question, ...], node: Question | Outcome
) -> Walk:
    """Continue a walk whose path so far is ``path_so_far`` (answered from ``answers``) at ``node``."""
    path = list(path_so_far)
    kept = {question.id: answers[question.id] for question in path}
    while isinstance(node, Question):
        answer = answers.get(node.id)
        if answer is None or node.option(answer) is None:
            break
        kept[node.id] = answer
        path.append(node)
        if len(path) > len(flow.questions):
            raise DeadEnd(f"the flow loops at question {node.id!r}")
        node = flow.node(next_node(flow, node, kept))
    dropped = {key: value for key, value in answers.items() if key not in kept}
    return Walk(tuple(path), node, kept, dropped)


def progress(flow: Flow, question: Question) -> tuple[int, int] | None:
    """(N, M) for "Question N of M" in a flow with ``progress`` on (a fixed order); else None."""
    if not flow.progress:
        return None
    order: list[str] = []
    node: Question | Outcome = flow.questions[flow.start]
    while isinstance(node, Question) and node.id not in order:
        order.append(node.id)
        node = flow.node(node.routes[0].goto)
    return order.index(question.id) + 1, len(order)


# --- Outcomes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decided:
    verdict: Verdict
    case: Case


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    decided: tuple[Decided, ...]
    notes: tuple[Note, ...]

    def status(self, verdict_id: str) -> str | None:
        return next((d.case.status for d in self.decided if d.verdict.id == verdict_id), None)

    def citations(self) -> list[Citation]:
        seen: dict[Citation, None] = {}
        for decided in self.decided:
            seen.update(dict.fromkeys(decided.case.cite))
        for note in self.notes:
            seen.update(dict.fromkeys(note.cite))
        return list(seen)


def decide(flow: Flow, outcome: Outcome, answers: Answers) -> Result:
    """Each verdict takes its first case whose condition holds; each note shows if its condition holds."""
    statuses: dict[str, str] = {}
    decided = []
    for verdict in flow.verdicts:
        context = Context(answers, statuses, flow.predicates)
        case = next((c for c in verdict.cases if c.when is None or c.when.holds(context)), None)
        if case is None:
            raise DeadEnd(f"verdict {verdict.id!r}: no case matches {dict(answers)}")
        statuses[verdict.id] = case.status
        decided.append(Decided(verdict, case))
    context = Context(answers, statuses, flow.predicates)
    notes = tuple(note for note in flow.notes if note.when is None or note.when.holds(context))
    return Result(outcome, tuple(decided), notes)


# --- Every path ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Path:
    steps: tuple[tuple[Question, Option], ...]
    outcome: Outcome

    @property
    def answers(self) -> dict[str, str]:
        return {question.id: option.id for question, option in self.steps}


def all_paths(flow: Flow) -> Iterator[Path]:
    """Every route from the start to an outcome, taking every option of every question (depth first)."""

    def extend(question: Question, steps: tuple[tuple[Question, Option], ...]) -> Iterator[Path]:
        if any(q.id == question.id for q, _ in steps):
            raise DeadEnd(f"the flow loops back to question {question.id!r}")
        for option in question.options:
            taken = (*steps, (question, option))
            answers = {q.id: o.id for q, o in taken}
            node = flow.node(next_node(flow, question, answers))
            if isinstance(node, Outcome):
                yield Path(taken, node)
            else:
                yield from extend(node, taken)

    yield from extend(flow.questions[flow.start], ())


def problems(flow: Flow) -> list[str]:
    """Walk every path and list what is wrong: unreachable nodes, unresolved verdicts, uncited text."""
    found: list[str] = []
    reached: set[str] = set()
    notes_shown: set[str] = set()
    cases_used: set[tuple[str, int]] = set()
    try:
        for path in all_paths(flow):
            reached.update(question.id for question, _ in path.steps)
            reached.add(path.outcome.id)
            result = decide(flow, path.outcome, path.answers)
            notes_shown.update(note.id for note in result.notes)
            cases_used.update((d.verdict.id, d.verdict.cases.index(d.case)) for d in result.decided)
    except DeadEnd as problem:
        return [str(problem)]
    for node_id in [*flow.questions, *flow.outcomes]:
        if node_id not in reached:
            found.append(f"node {node_id!r} is never reached")
    for note in flow.notes:
        if note.id not in notes_shown:
            found.append(f"note {note.id!r} is never shown")
    for verdict in flow.verdicts:
        for index, case in enumerate(verdict.cases):
            if not case.cite:
                found.append(f"verdict {verdict.id!r}, case {index} has no citation")
            if (verdict.id, index) not in cases_used:
                found.append(f"verdict {verdict.id!r}, case {index} ({case.summary!r}) is never used")
    return found
