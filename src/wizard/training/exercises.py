"""Training exercises (training/exercises.toml): situations run through the real tools.

An exercise names a triage scenario (its answers) and/or a purpose and field list for the field
adviser. Everything a model answer states about a level, a legal test or a field comes from
running the engine here, never from a second copy of the rules. Used at build time (the pages in
docs/training/scenarios/) and by the quiz and the tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from wizard.core.data import DataError, Table, as_table, file_label, read_data
from wizard.core.purposes import Purpose, purpose
from wizard.flow.engine import Decided, Result, decide, walk
from wizard.flow.model import Flow
from wizard.flow.scenarios import Scenario, load_scenarios
from wizard.flow.state import canonical_query
from wizard.minimise.advice import FieldAdvice, advise
from wizard.minimise.state import State as MinimiseState
from wizard.minimise.state import to_query as minimise_query_string
from wizard.triage.tool import flow as triage_flow

PACKAGE = "wizard.training"
FILE = "exercises.toml"


class TrainingDataError(DataError):
    """The training data does not fit: the message names the file, the entry and the problem."""


@dataclass(frozen=True)
class FieldTask:
    purpose: Purpose
    fields: tuple[str, ...]


@dataclass(frozen=True)
class Exercise:
    id: str
    title: str
    triage: Scenario | None
    minimise: FieldTask | None


@cache
def triage_scenarios() -> Mapping[str, Scenario]:
    return {scenario.id: scenario for scenario in load_scenarios("triage")}


def triage_scenario(scenario_id: str) -> Scenario:
    try:
        return triage_scenarios()[scenario_id]
    except KeyError:
        known = ", ".join(triage_scenarios())
        raise TrainingDataError(f"no triage scenario {scenario_id!r}; known: {known}") from None


def _field_task(table: Table) -> FieldTask:
    try:
        chosen = purpose(table.text("purpose"))
    except KeyError as problem:
        raise table.fail(problem.args[0], "purpose") from None
    task = FieldTask(chosen, table.texts("fields"))
    table.done()
    return task


def parse_exercises(
    data: Mapping[str, Any] | Table, file: str = file_label(PACKAGE, FILE)
) -> tuple[Exercise, ...]:
    """The exercises from decoded TOML: ``[[exercises]]`` with an id, a title, and a ``triage``
    scenario id and/or a ``minimise`` task (``{ purpose = ..., fields = [...] }``).

    Raises TrainingDataError naming the file and the entry for a missing, mistyped or unknown
    key, an unknown scenario or purpose, or an id used twice.
    """
    top = as_table(data, file, TrainingDataError)
    found: list[Exercise] = []
    for item in top.tables("exercises"):
        exercise_id, title = item.text("id"), item.text("title")
        if not item.has("triage") and not item.has("minimise"):
            raise item.fail("name a 'triage' scenario, a 'minimise' task, or both")
        scenario = None
        if item.has("triage"):
            try:
                scenario = triage_scenario(item.text("triage"))
            except TrainingDataError as problem:
                raise item.fail(str(problem), "triage") from None
        task_table = item.optional_table("minimise")
        task = _field_task(task_table) if task_table is not None else None
        item.done()
        found.append(Exercise(exercise_id, title, scenario, task))
    top.done()
    ids = [exercise.id for exercise in found]
    duplicates = sorted({item for item in ids if ids.count(item) > 1})
    if duplicates:
        raise top.fail(f"exercise id(s) used twice: {', '.join(duplicates)}", "exercises")
    return tuple(found)


@cache
def exercises() -> tuple[Exercise, ...]:
    """The packaged exercises (read once). Raises TrainingDataError for a malformed file."""
    return parse_exercises(read_data(PACKAGE, FILE, TrainingDataError))


def exercise(exercise_id: str) -> Exercise:
    for item in exercises():
        if item.id == exercise_id:
            return item
    raise TrainingDataError(f"no exercise {exercise_id!r} in {file_label(PACKAGE, FILE)}")


# --- Running the tools ------------------------------------------------------------------------


def triage_result(scenario: Scenario, flow: Flow | None = None) -> Result:
    """What the triage tool concludes for a scenario's answers (the page shows the same)."""
    flow = flow or triage_flow()
    route = walk(flow, scenario.answers)
    if route.dropped or not route.finished:
        raise TrainingDataError(f"triage scenario {scenario.id!r}: its answers do not reach an outcome")
    return decide(flow, route.current, route.answers)  # type: ignore[arg-type]


def decided(result: Result, verdict_id: str) -> Decided:
    for item in result.decided:
        if item.verdict.id == verdict_id:
            return item
    raise TrainingDataError(f"the triage tool has no verdict {verdict_id!r}")


def triage_query(scenario: Scenario) -> str:
    """The triage page's query string for a scenario's answers (opens at the outcome)."""
    return canonical_query(triage_flow(), dict(scenario.answers))


def field_advice(task: FieldTask) -> list[FieldAdvice]:
    return advise(task.fields, task.purpose.id)


def minimise_query(task: FieldTask) -> str:
    """The field adviser's query string for a task (opens at the advice)."""
    return minimise_query_string(MinimiseState(purpose=task.purpose.id, typed=task.fields))
