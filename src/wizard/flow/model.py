"""The question-flow model: questions, options, routing conditions, verdicts, notes, outcomes.

Plain frozen dataclasses and the condition language (see ``wizard.flow.load`` for how a flow file
writes them). Pure: no I/O, no global mutable state.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from wizard.core.sources import Citation

Answers = Mapping[str, str]
Predicate = Callable[[Answers], bool]
Value = int | bool | str | None


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
    """One possible finding of a verdict. In a "law" section it states today's position
    (``summary``, ``text``) with the provisions it rests on (``law``, ids in core/law.toml), what to
    check where the research could not verify a point (``check``), and then what the 2009–11
    guidance said (``history``), cited to the source documents (``cite``)."""

    status: str
    summary: str
    text: str
    cite: tuple[Citation, ...]
    when: Condition | None = None
    value: Value = None
    id: str = ""  # stable within its verdict; named by scenarios and the decision table
    law: tuple[str, ...] = ()
    check: str = ""
    history: str = ""


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
    see: str = ""  # a site page (docs-relative, may carry ?query or #anchor)
    law: tuple[str, ...] = ()  # provisions of today's law (ids in core/law.toml)


@dataclass(frozen=True)
class Section:
    id: str
    heading: str
    style: str  # law | verdicts | list | steps | changed
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
