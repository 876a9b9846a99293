"""A general engine for question flows kept as data (one TOML file per wizard in ``flows/``).

A flow has questions (each with options and routing), outcomes, and the verdicts and notes that
make up an outcome. Routing and verdicts use a tiny condition language, written as TOML inline
tables:

    { q = "purpose", eq = "research" }          the answer to a question is this option
    { q = "purpose", in = ["planning", "research"] }
    { verdict = "dpa", eq = "applies" }         an earlier verdict of the outcome has this status
    { verdict = "dpa", in = ["applies", "may_apply"] }
    { all = [ ... ] }   { any = [ ... ] }   { not = { ... } }
    { test = "name" }                           a named, unit-tested Python predicate

Everything here is pure: no I/O except reading the packaged flow file, no global mutable state.
The same code runs on the command line, at build time and in Pyodide. ``load_flow`` is strict:
a wrong file stops with a message that names the place (``questions[2].options[0]: ...``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from wizard.sources import SOURCES, Citation

Answers = Mapping[str, str]
Predicate = Callable[[Answers], bool]
Value = int | bool | str | None

#: Option lists shared between wizards, named in a flow with ``options_from``.
SHARED_OPTIONS = ("purposes",)


class FlowError(ValueError):
    """A flow file that does not fit the schema; the message names the place and the problem."""


# --- Conditions ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    """What conditions can look at: the answers so far and the verdicts already decided."""

    answers: Answers
    verdicts: Mapping[str, str] = field(default_factory=dict)
    predicates: Mapping[str, Predicate] = field(default_factory=dict)


@dataclass(frozen=True)
class AnswerIs:
    question: str
    options: frozenset[str]

    def holds(self, context: Context) -> bool:
        return context.answers.get(self.question) in self.options


@dataclass(frozen=True)
class VerdictIs:
    verdict: str
    statuses: frozenset[str]

    def holds(self, context: Context) -> bool:
        return context.verdicts.get(self.verdict) in self.statuses


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]

    def holds(self, context: Context) -> bool:
        return all(part.holds(context) for part in self.parts)


@dataclass(frozen=True)
class Any_:
    parts: tuple[Condition, ...]

    def holds(self, context: Context) -> bool:
        return any(part.holds(context) for part in self.parts)


@dataclass(frozen=True)
class Not:
    part: Condition

    def holds(self, context: Context) -> bool:
        return not self.part.holds(context)


@dataclass(frozen=True)
class Test:
    name: str

    def holds(self, context: Context) -> bool:
        return bool(context.predicates[self.name](context.answers))


Condition = AnswerIs | VerdictIs | All | Any_ | Not | Test


# --- The model -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    id: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Route:
    goto: str
    when: Condition | None = None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    hint: str
    options: tuple[Option, ...]
    routes: tuple[Route, ...]
    more: str = ""  # "more about this question", shown in a details element
    error: str = ""  # message when nothing was chosen

    def option(self, option_id: str) -> Option | None:
        return next((option for option in self.options if option.id == option_id), None)

    def option_ids(self) -> list[str]:
        return [option.id for option in self.options]


@dataclass(frozen=True)
class Case:
    status: str
    summary: str
    text: str
    cite: tuple[Citation, ...]
    when: Condition | None = None
    value: Value = None


@dataclass(frozen=True)
class Verdict:
    id: str
    label: str
    section: str
    cases: tuple[Case, ...]
    see: str = ""  # a site page that explains it (docs-relative path)

    @property
    def has_values(self) -> bool:
        return any(case.value is not None for case in self.cases)


@dataclass(frozen=True)
class Note:
    id: str
    section: str
    text: str
    cite: tuple[Citation, ...]
    when: Condition | None = None
    label: str = ""  # a short lead-in shown in bold
    see: str = ""


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    style: str  # verdicts | list | steps | changed
    intro: str = ""


@dataclass(frozen=True)
class Outcome:
    id: str
    title: str
    lead: str


@dataclass(frozen=True)
class Flow:
    id: str
    version: int
    title: str
    start: str
    questions: Mapping[str, Question]
    outcomes: Mapping[str, Outcome]
    sections: tuple[Section, ...]
    verdicts: tuple[Verdict, ...]
    notes: tuple[Note, ...]
    statuses: Mapping[str, str]
    predicates: Mapping[str, Predicate] = field(default_factory=dict)
    progress: bool = False  # show "Question N of M" (only for a flow without branches)

    def node(self, node_id: str) -> Question | Outcome:
        if node_id in self.questions:
            return self.questions[node_id]
        return self.outcomes[node_id]


# --- Strict loading --------------------------------------------------------------------------

SECTION_STYLES = ("verdicts", "list", "steps", "changed")


class _Reader:
    """Reads one TOML table, remembering where it is so every error names the place."""

    def __init__(self, data: Any, where: str) -> None:
        if not isinstance(data, dict):
            raise FlowError(f"{where}: expected a table, found {type(data).__name__}")
        self.data = data
        self.where = where
        self.used: set[str] = set()

    def _get(self, key: str, kind: type | tuple[type, ...], default: Any, required: bool) -> Any:
        self.used.add(key)
        if key not in self.data:
            if required:
                raise FlowError(f"{self.where}: missing '{key}'")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise FlowError(f"{self.where}.{key}: expected {_kind_name(kind)}, found {value!r}")
        return value

    def text(self, key: str, default: str | None = None) -> str:
        value: str = self._get(key, str, default, default is None)
        if default is None and not value.strip():
            raise FlowError(f"{self.where}.{key}: must not be empty")
        return value

    def integer(self, key: str) -> int:
        value: int = self._get(key, int, None, True)
        return value

    def flag(self, key: str) -> bool:
        value: bool = self._get(key, bool, False, False)
        return value

    def table(self, key: str) -> _Reader:
        return _Reader(self._get(key, dict, None, True), f"{self.where}.{key}")

    def tables(self, key: str, *, required: bool = True) -> list[_Reader]:
        items = self._get(key, list, [], required)
        if required and not items:
            raise FlowError(f"{self.where}.{key}: must have at least one entry")
        return [_Reader(item, f"{self.where}.{key}[{index}]") for index, item in enumerate(items)]

    def raw(self, key: str) -> Any:
        self.used.add(key)
        return self.data.get(key)

    def done(self) -> None:
        unknown = sorted(set(self.data) - self.used)
        if unknown:
            raise FlowError(f"{self.where}: unknown key(s) {', '.join(unknown)}")


def _kind_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", dict: "a table", list: "a list", bool: "true or false"}
    kinds = kind if isinstance(kind, tuple) else (kind,)
    return " or ".join(names.get(k, k.__name__) for k in kinds)


def _condition(data: Any, where: str) -> Condition:
    reader = _Reader(data, where)
    keys = set(reader.data)
    if keys in ({"q", "eq"}, {"q", "in"}, {"verdict", "eq"}, {"verdict", "in"}):
        subject_key = "q" if "q" in keys else "verdict"
        subject = reader.text(subject_key)
        values = reader.raw("eq") if "eq" in keys else reader.raw("in")
        values = [values] if "eq" in keys else values
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            raise FlowError(f"{where}: 'eq' takes one option id and 'in' a list of them")
        reader.done()
        if subject_key == "q":
            return AnswerIs(subject, frozenset(values))
        return VerdictIs(subject, frozenset(values))
    if keys in ({"all"}, {"any"}):
        key = keys.pop()
        parts = reader.raw(key)
        if not isinstance(parts, list) or not parts:
            raise FlowError(f"{where}.{key}: expected a non-empty list of conditions")
        built = tuple(_condition(part, f"{where}.{key}[{i}]") for i, part in enumerate(parts))
        return All(built) if key == "all" else Any_(built)
    if keys == {"not"}:
        return Not(_condition(reader.raw("not"), f"{where}.not"))
    if keys == {"test"}:
        return Test(reader.text("test"))
    raise FlowError(
        f"{where}: not a condition; use q/verdict with eq or in, or all, any, not, test (found keys "
        f"{', '.join(sorted(keys)) or 'none'})"
    )


def _citations(reader: _Reader) -> tuple[Citation, ...]:
    items = reader.tables("cite")
    cites = []
    for item in items:
        source = item.text("source")
        if source not in SOURCES:
            raise FlowError(
                f"{item.where}.source: unknown source {source!r}; use one of {', '.join(SOURCES)}"
            )
        cites.append(Citation(source, item.text("where")))
        item.done()
    return tuple(cites)


def _when(reader: _Reader) -> Condition | None:
    data = reader.raw("when")
    return None if data is None else _condition(data, f"{reader.where}.when")


def _shared_options(name: str, where: str) -> tuple[Option, ...]:
    if name == "purposes":
        from wizard.purposes import purposes

        return tuple(Option(item.id, item.label, item.hint) for item in purposes())
    raise FlowError(f"{where}.options_from: unknown option list {name!r}; known: {', '.join(SHARED_OPTIONS)}")


def _question(reader: _Reader) -> Question:
    question_id = reader.text("id")
    shared = reader.text("options_from", "")
    if shared:
        options = _shared_options(shared, reader.where)
        if reader.raw("options") is not None:
            raise FlowError(f"{reader.where}: give either 'options' or 'options_from', not both")
    else:
        options = tuple(_option(item) for item in reader.tables("options"))
    routes = []
    for item in reader.tables("next"):
        routes.append(Route(item.text("goto"), _when(item)))
        item.done()
    question = Question(
        id=question_id,
        text=reader.text("text"),
        hint=reader.text("hint", ""),
        options=options,
        routes=tuple(routes),
        more=reader.text("more", ""),
        error=reader.text("error", ""),
    )
    reader.done()
    return question


def _option(reader: _Reader) -> Option:
    option = Option(reader.text("id"), reader.text("label"), reader.text("hint", ""))
    reader.done()
    return option


def _case(reader: _Reader) -> Case:
    value = reader.raw("value")
    if value is not None and not isinstance(value, int | bool | str):
        raise FlowError(f"{reader.where}.value: expected a number, true/false or text")
    case = Case(
        status=reader.text("status"),
        summary=reader.text("summary"),
        text=reader.text("text", ""),
        cite=_citations(reader),
        when=_when(reader),
        value=value,
    )
    reader.done()
    return case


def parse_flow(data: Mapping[str, Any], predicates: Mapping[str, Predicate] | None = None) -> Flow:
    """Build a Flow from decoded TOML, checking its shape and every cross-reference."""
    top = _Reader(dict(data), "flow file")
    head = top.table("flow")
    questions = [_question(item) for item in top.tables("questions")]
    outcomes = []
    for item in top.tables("outcomes"):
        outcomes.append(Outcome(item.text("id"), item.text("title"), item.text("lead", "")))
        item.done()
    sections = []
    for item in top.tables("sections", required=False):
        style = item.text("style")
        if style not in SECTION_STYLES:
            raise FlowError(f"{item.where}.style: use one of {', '.join(SECTION_STYLES)}, not {style!r}")
        sections.append(Section(item.text("id"), item.text("heading"), style, item.text("intro", "")))
        item.done()
    verdicts = []
    for item in top.tables("verdicts", required=False):
        cases = tuple(_case(case) for case in item.tables("cases"))
        verdicts.append(
            Verdict(item.text("id"), item.text("label"), item.text("section"), cases, item.text("see", ""))
        )
        item.done()
    notes = []
    for item in top.tables("notes", required=False):
        notes.append(
            Note(
                id=item.text("id"),
                section=item.text("section"),
                text=item.text("text"),
                cite=_citations(item),
                when=_when(item),
                label=item.text("label", ""),
                see=item.text("see", ""),
            )
        )
        item.done()
    statuses_table = top.table("statuses")
    statuses = {key: statuses_table.text(key) for key in statuses_table.data}
    statuses_table.done()
    flow = Flow(
        id=head.text("id"),
        version=head.integer("version"),
        title=head.text("title"),
        start=head.text("start"),
        questions={question.id: question for question in questions},
        outcomes={outcome.id: outcome for outcome in outcomes},
        sections=tuple(sections),
        verdicts=tuple(verdicts),
        notes=tuple(notes),
        statuses=statuses,
        predicates=dict(predicates or {}),
        progress=head.flag("progress"),
    )
    head.done()
    top.done()
    _check_references(flow, questions, outcomes)
    return flow


def _unique(kind: str, ids: Sequence[str]) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise FlowError(f"{kind} id {item!r} is used twice")
        seen.add(item)


def _check_references(flow: Flow, questions: list[Question], outcomes: list[Outcome]) -> None:
    """Every id a flow mentions must exist: nodes, options, statuses, sections, predicates."""
    _unique("node", [q.id for q in questions] + [o.id for o in outcomes])
    _unique("verdict", [v.id for v in flow.verdicts])
    _unique("note", [n.id for n in flow.notes])
    _unique("section", [s.id for s in flow.sections])
    if flow.start not in flow.questions:
        raise FlowError(f"flow.start: {flow.start!r} is not a question")
    section_ids = {section.id for section in flow.sections}
    decided: list[str] = []

    def check(condition: Condition | None, where: str) -> None:
        if condition is None:
            return
        if isinstance(condition, AnswerIs):
            question = flow.questions.get(condition.question)
            if question is None:
                raise FlowError(f"{where}: no question {condition.question!r}")
            unknown = condition.options - {option.id for option in question.options}
            if unknown:
                raise FlowError(
                    f"{where}: question {question.id!r} has no option {', '.join(sorted(unknown))}"
                )
        elif isinstance(condition, VerdictIs):
            if condition.verdict not in decided:
                raise FlowError(f"{where}: verdict {condition.verdict!r} is not decided before this point")
            unknown = condition.statuses - set(flow.statuses)
            if unknown:
                raise FlowError(f"{where}: unknown status {', '.join(sorted(unknown))}")
        elif isinstance(condition, All | Any_):
            for index, part in enumerate(condition.parts):
                check(part, f"{where}[{index}]")
        elif isinstance(condition, Not):
            check(condition.part, where)
        elif condition.name not in flow.predicates:
            raise FlowError(f"{where}: no Python predicate named {condition.name!r}")

    for question in flow.questions.values():
        _unique(f"option (in question {question.id!r})", [option.id for option in question.options])
        for index, route in enumerate(question.routes):
            where = f"question {question.id!r}, next[{index}]"
            if route.goto not in flow.questions and route.goto not in flow.outcomes:
                raise FlowError(f"{where}: goto {route.goto!r} is neither a question nor an outcome")
            check(route.when, where)
        if question.routes[-1].when is not None:
            raise FlowError(f"question {question.id!r}: the last entry of 'next' must have no 'when'")
    if flow.progress:
        branching = [q.id for q in questions if len(q.routes) != 1]
        if branching:
            raise FlowError(
                "flow.progress: 'Question N of M' needs questions in a fixed order, but "
                f"{', '.join(repr(b) for b in branching)} branch"
            )
    for verdict in flow.verdicts:
        if verdict.section not in section_ids:
            raise FlowError(f"verdict {verdict.id!r}: no section {verdict.section!r}")
        for index, case in enumerate(verdict.cases):
            if case.status not in flow.statuses:
                raise FlowError(f"verdict {verdict.id!r}, cases[{index}]: unknown status {case.status!r}")
            check(case.when, f"verdict {verdict.id!r}, cases[{index}].when")
        decided.append(verdict.id)
    for note in flow.notes:
        if note.section not in section_ids:
            raise FlowError(f"note {note.id!r}: no section {note.section!r}")
        check(note.when, f"note {note.id!r}.when")


@cache
def _packaged_text(name: str) -> str:
    return resources.files("wizard").joinpath(f"flows/{name}.toml").read_text(encoding="utf-8")


def load_flow(name: str, predicates: Mapping[str, Predicate] | None = None) -> Flow:
    """Load ``flows/<name>.toml`` from the package, strictly. Raises FlowError naming the place."""
    try:
        data = tomllib.loads(_packaged_text(name))
    except tomllib.TOMLDecodeError as problem:
        raise FlowError(f"flows/{name}.toml is not valid TOML: {problem}") from None
    try:
        return parse_flow(data, predicates)
    except FlowError as problem:
        raise FlowError(f"flows/{name}.toml: {problem}") from None


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
    kept: dict[str, str] = {}
    path: list[Question] = []
    node: Question | Outcome = flow.questions[flow.start]
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
