"""The training quiz: multiple choice, one question at a time, a score and explanations at the end.

Questions are data (training/quiz.toml). Most ask what a tool concludes: the triage level
or a verdict for one of its scenarios, or the field adviser's verdict on a field for a purpose.
For those, the options, the right answer, the explanation and the sources are worked out here by
running the tools, so the quiz follows any change to the guidance data. The other questions carry
their answer in the data, with sources.

The quiz is a question flow built in memory and run by the general engine (wizard.flow,
flow_web): one question per view with "Question N of M", the learner's answers in the page
address only, and each answer marked by a verdict whose case is "correct" or "incorrect". Nothing
in a question's HTML says which option is right; the marks appear only at the end.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from wizard.core import components
from wizard.core.data import Table, as_table, file_label, read_data
from wizard.core.markup import Markup, join, tag
from wizard.core.messages import Request, Response
from wizard.core.purposes import purpose
from wizard.core.sources import Citation, read_citations
from wizard.flow.engine import Result
from wizard.flow.load import FlowError, parse_flow
from wizard.flow.model import Flow
from wizard.flow.scenarios import Scenario
from wizard.flow.view import citations_html, law_html
from wizard.flow.web import Finished
from wizard.flow.web import respond as flow_respond
from wizard.minimise.advice import VERDICT_LABELS, advise
from wizard.minimise.catalogue import catalogue
from wizard.registry import Tool
from wizard.training.exercises import TrainingDataError, decided, triage_result, triage_scenario
from wizard.triage.tool import flow as triage_flow

NAME = "quiz"
PACKAGE = "wizard.training"
FILE = "quiz.toml"
CORRECT = "correct"
INCORRECT = "incorrect"
STATUSES = {CORRECT: "Correct", INCORRECT: "Not correct"}
ICONS = {CORRECT: "✓", INCORRECT: "✗"}  # shown beside the word, never instead of it

#: How each field-adviser verdict is offered as an answer.
FIELD_HINTS = {
    "keep": "The purpose needs it as it is.",
    "replace": "Ask for a less intrusive form instead.",
    "drop": "The purpose does not need it at all.",
    "sensitive": "It is special category or criminal offence data: it needs an extra condition.",
}


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class QuizQuestion:
    id: str
    ask: str  # level | verdict | field | choice | rounding
    text: str
    options: tuple[Choice, ...]
    answer: str  # the id of the right option
    explanation: str
    cite: tuple[Citation, ...]
    data: Mapping[str, Any]  # the entry as written in the data file
    law: tuple[str, ...] = ()  # provisions of today's law the answer rests on (ids in core/law.toml)

    def choice(self, option_id: str) -> Choice:
        return next(option for option in self.options if option.id == option_id)


@dataclass(frozen=True)
class Quiz:
    version: int
    title: str
    questions: tuple[QuizQuestion, ...]

    def question(self, question_id: str) -> QuizQuestion:
        return next(item for item in self.questions if item.id == question_id)


# --- Reading the data, and asking the tools ---------------------------------------------------


def _joined(*parts: str) -> str:
    return " ".join(part.strip() for part in parts if part.strip())


def _scenario(item: Table) -> Scenario:
    try:
        return triage_scenario(item.text("scenario"))
    except TrainingDataError as problem:
        raise item.fail(str(problem), "scenario") from None


def _level(item: Table) -> QuizQuestion:
    scenario = _scenario(item)
    level = decided(triage_result(scenario), "level")
    if level.case.value is None:
        raise item.fail(f"the triage tool leaves the level of {scenario.id!r} open")
    statuses = triage_flow().statuses
    options = tuple(
        Choice(case.status, statuses[case.status], case.summary)
        for case in level.verdict.cases
        if case.value is not None
    )
    return QuizQuestion(
        id=item.text("id"),
        ask="level",
        text=(
            f"{scenario.situation} Where would this request have sat on DWP's hierarchy of "
            "shareability (its 2009–10 guide)?"
        ),
        options=options,
        answer=level.case.status,
        explanation=_joined(level.case.summary, level.case.text),
        cite=(scenario.source, *(c for c in level.case.cite if c != scenario.source)),
        data=item.data,
    )


def _verdict(item: Table) -> QuizQuestion:
    """Today's position first (the case's summary, text and what to check, with its provisions),
    then what the 2009–11 guidance said, cited."""
    scenario = _scenario(item)
    found = decided(triage_result(scenario), item.text("verdict"))
    statuses = triage_flow().statuses
    seen = list(dict.fromkeys(case.status for case in found.verdict.cases))
    case = found.case
    return QuizQuestion(
        id=item.text("id"),
        ask="verdict",
        text=f"{scenario.situation} {item.text('text')}",
        options=tuple(Choice(status, statuses[status]) for status in seen),
        answer=case.status,
        explanation=_joined(
            case.summary,
            case.text,
            f"Check the current position: {case.check}" if case.check else "",
            f"What the 2009–11 guidance said: {case.history}" if case.history else "",
        ),
        cite=case.cite,
        data=item.data,
        law=case.law,
    )


def _field(item: Table) -> QuizQuestion:
    try:
        chosen = purpose(item.text("purpose"))
        field = catalogue().field(item.text("field"))
    except KeyError as problem:
        raise item.fail(str(problem.args[0])) from None
    advice = advise([field.label], chosen.id)[0]  # through the adviser, as a learner would
    if advice.field is None or advice.field.id != field.id:
        raise item.fail(f"the adviser does not read {field.label!r} as {field.id!r}")
    instead = f"Ask for instead: {advice.alternative_text}." if advice.alternative_text else ""
    return QuizQuestion(
        id=item.text("id"),
        ask="field",
        text=(
            f"You are drawing up a request for data. Its purpose: {chosen.label.lower()}. One field on "
            f"your list is “{field.label}”. What does the field adviser say about it?"
        ),
        options=tuple(
            Choice(verdict, VERDICT_LABELS[verdict], hint) for verdict, hint in FIELD_HINTS.items()
        ),
        answer=advice.verdict,
        explanation=_joined(advice.reason, instead),
        cite=advice.cite,
        data=item.data,
        law=advice.law,
    )


def _choice(item: Table) -> QuizQuestion:
    choices = []
    for option in item.tables("options", at_least=2):
        choices.append(Choice(option.text("id"), option.text("label")))
        option.done()
    return _answered(item, "choice", tuple(choices), item.text("answer"))


def _rounding(item: Table) -> QuizQuestion:
    numbers = item.integers("options", at_least=2)
    item.integers("cells")  # the true figures; tests/training/test_quiz.py rounds them
    item.choice("share", ("cell", "total"))
    choices = tuple(Choice(f"n{number}", str(number)) for number in numbers)
    return _answered(item, "rounding", choices, f"n{item.integer('answer')}")


def _answered(item: Table, ask: str, choices: tuple[Choice, ...], answer: str) -> QuizQuestion:
    if answer not in {choice.id for choice in choices}:
        raise item.fail(f"{item.data['answer']!r} is not one of the options", "answer")
    return QuizQuestion(
        id=item.text("id"),
        ask=ask,
        text=item.text("text"),
        options=choices,
        answer=answer,
        explanation=item.text("explanation"),
        cite=read_citations(item),
        data=item.data,
    )


KINDS = {"level": _level, "verdict": _verdict, "field": _field, "choice": _choice, "rounding": _rounding}


def parse_quiz(data: Mapping[str, Any] | Table, file: str = file_label(PACKAGE, FILE)) -> Quiz:
    """The quiz from decoded TOML: a ``[quiz]`` table (version, title) and ``[[questions]]``, each
    with an ``ask`` kind and that kind's keys (see quiz.toml's header).

    Questions asked of the tools are answered here by running them. Raises TrainingDataError
    naming the file and the question for a missing, mistyped or unknown key, an unknown kind,
    scenario, verdict, purpose, field or source, or a stated answer that is not an option.
    """
    top = as_table(data, file, TrainingDataError)
    head = top.table("quiz")
    version, title = head.integer("version", minimum=1), head.text("title")
    head.done()
    questions = []
    for item in top.tables("questions"):
        kind = item.choice("ask", list(KINDS))
        try:
            questions.append(KINDS[kind](item))
        except TrainingDataError as problem:
            message = str(problem)  # the tools' own errors do not name the file: say where
            placed = message if message.startswith(top.file) else f"{item.place()}: {message}"
            raise TrainingDataError(placed) from None
        item.done()
    top.done()
    return Quiz(version, title, tuple(questions))


@cache
def quiz() -> Quiz:
    """The packaged quiz (read once). Raises TrainingDataError for a malformed file."""
    return parse_quiz(read_data(PACKAGE, FILE, TrainingDataError))


# --- The quiz as a question flow ---------------------------------------------------------------


def flow_data(item: Quiz) -> dict[str, Any]:
    """The quiz as a flow file would say it: questions in order, and one marking verdict each."""
    ids = [question.id for question in item.questions]
    questions = []
    verdicts = []
    for number, question in enumerate(item.questions):
        following = ids[number + 1] if number + 1 < len(ids) else "result"
        questions.append(
            {
                "id": question.id,
                "text": question.text,
                "error": "Select an answer",
                "options": [{"id": o.id, "label": o.label, "hint": o.hint} for o in question.options],
                "next": [{"goto": following}],
            }
        )
        cite = [{"source": c.source, "where": c.where} for c in question.cite]
        verdicts.append(
            {
                "id": question.id,
                "label": question.text,
                "section": "marks",
                "cases": [
                    {
                        "when": {"q": question.id, "eq": option.id},
                        "status": CORRECT if option.id == question.answer else INCORRECT,
                        "value": option.id == question.answer,
                        "summary": f"You answered: {option.label}",
                        "text": question.explanation,
                        "cite": cite,
                        **({"law": list(question.law)} if question.law else {}),
                    }
                    for option in question.options
                ],
            }
        )
    return {
        "flow": {"id": NAME, "version": item.version, "title": item.title, "start": ids[0], "progress": True},
        "statuses": dict(STATUSES),
        "questions": questions,
        "outcomes": [{"id": "result", "title": "Your result"}],
        "sections": [{"id": "marks", "heading": "Question by question", "style": "verdicts"}],
        "verdicts": verdicts,
    }


@cache
def flow() -> Flow:
    """The quiz as a question flow (built once). Raises TrainingDataError if it does not fit."""
    try:
        return parse_flow(flow_data(quiz()), file=f"{file_label(PACKAGE, FILE)} (as a question flow)")
    except FlowError as problem:
        raise TrainingDataError(str(problem)) from None


def score(result: Result) -> tuple[int, int]:
    """(right, asked): each question's marking verdict is worth 1 when its value is true."""
    marks = [d.case.value is True for d in result.decided]
    return sum(marks), len(marks)


def respond(request: Request) -> Response:
    return flow_respond(flow(), request, outcome_view=result_view)


# --- The result --------------------------------------------------------------------------------


def _mark(status: str) -> Markup:
    return tag(
        "p",
        tag("span", ICONS[status], class_="quiz-icon", aria_hidden="true"),
        " ",
        tag("strong", STATUSES[status], class_=f"wizard-status wizard-status--{status}"),
        class_="quiz-mark__result",
    )


def result_view(finished: Finished, notices: Sequence[str]) -> Response:
    item = quiz()
    right, asked = score(finished.result)
    marks = []
    for number, decided_ in enumerate(finished.result.decided, start=1):
        question = item.question(decided_.verdict.id)
        given = question.choice(finished.route.answers[question.id])
        status = decided_.case.status
        marks.append(
            tag(
                "li",
                tag("h3", f"Question {number}"),
                tag("p", question.text),
                _mark(status),
                tag("p", tag("strong", "Your answer: "), given.label),
                tag("p", tag("strong", "The right answer: "), question.choice(question.answer).label)
                if status == INCORRECT
                else None,
                tag("p", decided_.case.text),
                law_html(decided_.case.law) if decided_.case.law else None,
                citations_html(decided_.case.cite),
                class_="quiz-mark",
                data_question=question.id,
                data_status=status,
            )
        )
    heading = f"Your score: {right} out of {asked}"
    html = join(
        [
            components.notices(notices),
            tag(
                "div",
                components.heading(heading),
                tag(
                    "p",
                    f"You answered {right} of the {asked} questions correctly. Each answer is marked "
                    "below, with the reasons and the sources to read.",
                    class_="wizard-lead quiz-score",
                    data_score=str(right),
                    data_total=str(asked),
                ),
                tag("ol", join(marks), class_="quiz-marks"),
                tag("p", components.button("Print your results", data_print=True), class_="wizard-actions"),
                components.start_again("Try the quiz again"),
                class_="wizard-outcome quiz-result",
                data_outcome=finished.result.outcome.id,
            ),
        ]
    )
    return Response(html=Markup(html), query=finished.query, title=heading)


# --- On paper ----------------------------------------------------------------------------------


def printed_html() -> str:
    """Every question with its options, then the answers in a closed details element."""
    letters = "abcdefghij"
    item = quiz()
    questions = join(
        tag(
            "li",
            tag("p", question.text),
            tag(
                "ul",
                join(
                    tag("li", f"({letters[i]}) {option.label}") for i, option in enumerate(question.options)
                ),
                class_="quiz-paper__options",
            ),
        )
        for question in item.questions
    )
    answers = join(
        tag(
            "li",
            tag(
                "p",
                tag(
                    "strong",
                    f"({letters[[o.id for o in question.options].index(question.answer)]}) ",
                    question.choice(question.answer).label,
                ),
            ),
            tag("p", question.explanation),
            law_html(question.law) if question.law else None,
            citations_html(question.cite),
        )
        for question in item.questions
    )
    return join(
        [
            tag("ol", questions, class_="quiz-paper"),
            components.details(
                "Answers and explanations (for the trainer)",
                tag("ol", answers, class_="quiz-paper__answers"),
                class_="quiz-paper__key",
            ),
        ]
    )


#: What this tool offers the page and the command line (see wizard.registry). Its flow is made
#: in memory from quiz.toml, and its paths (every combination of answers) are too many to walk.
TOOL = Tool(respond=respond, printed_html=printed_html, flow=flow)
