"""Strict loading of question flows kept as data (one TOML file per flow, in its tool's subpackage).

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

from collections.abc import Mapping, Sequence
from typing import Any

from wizard.core.data import DataError, Table, as_table, read_data
from wizard.core.sources import read_citations
from wizard.flow.model import (
    All,
    AnswerIs,
    Any_,
    Case,
    Condition,
    Flow,
    Not,
    Note,
    Option,
    Outcome,
    Predicate,
    Question,
    Route,
    Section,
    Test,
    Verdict,
    VerdictIs,
)

#: Option lists shared between wizards, named in a flow with ``options_from``.
SHARED_OPTIONS = ("purposes",)

#: How messages name a flow passed as data (tests, the quiz's flow built in memory).
DATA_LABEL = "flow file"


class FlowError(DataError):
    """A flow file that does not fit the schema; the message names the file, the place and the problem."""


# --- Strict loading --------------------------------------------------------------------------

SECTION_STYLES = ("law", "verdicts", "list", "steps", "changed")


def _condition(data: Any, parent: Table, where: str) -> Condition:
    reader = Table(data, parent.file, where, FlowError)
    keys = set(reader.data)
    if keys in ({"q", "eq"}, {"q", "in"}, {"verdict", "eq"}, {"verdict", "in"}):
        subject_key = "q" if "q" in keys else "verdict"
        subject = reader.text(subject_key)
        values = reader.raw("eq") if "eq" in keys else reader.raw("in")
        values = [values] if "eq" in keys else values
        if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
            raise reader.fail("'eq' takes one option id and 'in' a list of them")
        reader.done()
        if subject_key == "q":
            return AnswerIs(subject, frozenset(values))
        return VerdictIs(subject, frozenset(values))
    if keys in ({"all"}, {"any"}):
        key = keys.pop()
        parts = reader.raw(key)
        if not isinstance(parts, list) or not parts:
            raise reader.fail("expected a non-empty list of conditions", key)
        built = tuple(_condition(part, reader, f"{reader.path(key)}[{i}]") for i, part in enumerate(parts))
        return All(built) if key == "all" else Any_(built)
    if keys == {"not"}:
        return Not(_condition(reader.raw("not"), reader, reader.path("not")))
    if keys == {"test"}:
        return Test(reader.text("test"))
    raise reader.fail(
        "not a condition; use q/verdict with eq or in, or all, any, not, test (found keys "
        f"{', '.join(sorted(keys)) or 'none'})"
    )


def _when(reader: Table) -> Condition | None:
    data = reader.raw("when")
    return None if data is None else _condition(data, reader, reader.path("when"))


def _shared_options(name: str, reader: Table) -> tuple[Option, ...]:
    if name == "purposes":
        from wizard.core.purposes import purposes

        return tuple(Option(item.id, item.label, item.hint) for item in purposes())
    raise reader.fail(f"unknown option list {name!r}; known: {', '.join(SHARED_OPTIONS)}", "options_from")


def _question(reader: Table) -> Question:
    question_id = reader.text("id")
    shared = reader.text("options_from", "")
    if shared:
        options = _shared_options(shared, reader)
        if reader.raw("options") is not None:
            raise reader.fail("give either 'options' or 'options_from', not both")
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


def _option(reader: Table) -> Option:
    option = Option(reader.text("id"), reader.text("label"), reader.text("hint", ""))
    reader.done()
    return option


def _law(reader: Table) -> tuple[str, ...]:
    """Provision ids (core/law.toml), each checked to exist."""
    ids = reader.texts("law", required=False)
    if ids:
        from wizard.core.law import provisions

        known = provisions()
        for index, provision_id in enumerate(ids):
            if provision_id not in known:
                raise reader.fail(f"no provision {provision_id!r} in core/law.toml", f"law[{index}]")
    return ids


def _case(reader: Table) -> Case:
    value = reader.scalar("value")
    case = Case(
        status=reader.text("status"),
        summary=reader.text("summary"),
        text=reader.text("text", ""),
        cite=read_citations(reader),
        when=_when(reader),
        value=value,
        id=reader.text("id", ""),
        law=_law(reader),
        check=reader.text("check", ""),
        history=reader.text("history", ""),
    )
    reader.done()
    return case


def parse_flow(
    data: Mapping[str, Any] | Table,
    predicates: Mapping[str, Predicate] | None = None,
    *,
    file: str = DATA_LABEL,
) -> Flow:
    """Build a Flow from decoded TOML (or a Table read from a file), checking its shape and every
    cross-reference.

    ``file`` names the data in messages when it is a plain mapping. Raises FlowError naming the
    file and the place (``questions[2].options[0]: missing 'id'``).
    """
    top = as_table(data, file, FlowError)
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
            raise item.fail(f"use one of {', '.join(SECTION_STYLES)}, not {style!r}", "style")
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
                cite=read_citations(item),
                when=_when(item),
                label=item.text("label", ""),
                see=item.text("see", ""),
                law=_law(item),
            )
        )
        item.done()
    statuses_table = top.table("statuses")
    statuses = {key: statuses_table.text(key) for key in statuses_table}
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
    try:
        _check_references(flow, questions, outcomes)
    except FlowError as problem:
        raise FlowError(f"{top.file}: {problem}") from None
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
    styles = {section.id: section.style for section in flow.sections}
    for verdict in flow.verdicts:
        if verdict.section not in section_ids:
            raise FlowError(f"verdict {verdict.id!r}: no section {verdict.section!r}")
        law_section = styles[verdict.section] == "law"
        if law_section or any(case.id for case in verdict.cases):
            _unique(f"case (in verdict {verdict.id!r})", [case.id or "(none)" for case in verdict.cases])
        for index, case in enumerate(verdict.cases):
            where = f"verdict {verdict.id!r}, cases[{index}]"
            if case.status not in flow.statuses:
                raise FlowError(f"{where}: unknown status {case.status!r}")
            if law_section and not (case.id and case.law and case.history):
                raise FlowError(
                    f"{where}: a case in a law section needs an id, the provisions it rests on (law) "
                    "and what the 2009–11 guidance said (history)"
                )
            check(case.when, f"{where}.when")
        decided.append(verdict.id)
    for note in flow.notes:
        if note.section not in section_ids:
            raise FlowError(f"note {note.id!r}: no section {note.section!r}")
        check(note.when, f"note {note.id!r}.when")


def load_flow(name: str, predicates: Mapping[str, Predicate] | None = None) -> Flow:
    """Load ``wizard/<name>/flow.toml`` (the tool's own subpackage), strictly.

    Raises FlowError naming the file and the place in it (or that it is not valid TOML)."""
    return parse_flow(read_data(f"wizard.{name}", "flow.toml", FlowError), predicates)
