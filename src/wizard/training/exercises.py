"""Training exercises (training/exercises.toml): situations run through the real tools.

An exercise names a triage scenario (its answers) and/or a purpose and field list for the field
adviser. Everything a model answer states about a level, a legal test or a field comes from
running the engine here, never from a second copy of the rules. Used at build time (the pages in
docs/training/scenarios/) and by the quiz and the tests.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from wizard.core.purposes import Purpose, purpose
from wizard.flow.engine import Decided, Result, decide, walk
from wizard.flow.model import Flow
from wizard.flow.scenarios import Scenario, load_scenarios
from wizard.flow.state import canonical_query
from wizard.minimise.advice import FieldAdvice, advise
from wizard.minimise.state import State as MinimiseState
from wizard.minimise.state import to_query as minimise_query_string
from wizard.triage.tool import flow as triage_flow

FILE = "exercises.toml"


class TrainingDataError(ValueError):
    """The training data does not fit: the message names the entry and the problem."""


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


def _field_task(raw: Any, where: str) -> FieldTask:
    if not isinstance(raw, dict) or set(raw) != {"purpose", "fields"}:
        raise TrainingDataError(f"{where}.minimise: give exactly 'purpose' and 'fields'")
    try:
        chosen = purpose(str(raw["purpose"]))
    except KeyError as problem:
        raise TrainingDataError(f"{where}.minimise.purpose: {problem.args[0]}") from None
    fields = raw["fields"]
    if not isinstance(fields, list) or not fields or not all(isinstance(f, str) and f for f in fields):
        raise TrainingDataError(f"{where}.minimise.fields: a non-empty list of field names")
    return FieldTask(chosen, tuple(fields))


def parse_exercises(data: Mapping[str, Any]) -> tuple[Exercise, ...]:
    items = data.get("exercises")
    if not isinstance(items, list) or not items:
        raise TrainingDataError(f"{FILE}: needs at least one [[exercises]] entry")
    found: list[Exercise] = []
    for index, raw in enumerate(items):
        where = f"{FILE}, exercises[{index}]"
        if not isinstance(raw, dict):
            raise TrainingDataError(f"{where}: expected a table")
        unknown = sorted(set(raw) - {"id", "title", "triage", "minimise"})
        if unknown:
            raise TrainingDataError(f"{where}: unknown key(s) {', '.join(unknown)}")
        if not isinstance(raw.get("id"), str) or not isinstance(raw.get("title"), str):
            raise TrainingDataError(f"{where}: needs an 'id' and a 'title'")
        if "triage" not in raw and "minimise" not in raw:
            raise TrainingDataError(f"{where}: name a 'triage' scenario, a 'minimise' task, or both")
        try:
            scenario = triage_scenario(str(raw["triage"])) if "triage" in raw else None
        except TrainingDataError as problem:
            raise TrainingDataError(f"{where}.triage: {problem}") from None
        task = _field_task(raw["minimise"], where) if "minimise" in raw else None
        found.append(Exercise(raw["id"], raw["title"], scenario, task))
    ids = [exercise.id for exercise in found]
    duplicates = sorted({item for item in ids if ids.count(item) > 1})
    if duplicates:
        raise TrainingDataError(f"{FILE}: exercise id(s) used twice: {', '.join(duplicates)}")
    return tuple(found)


@cache
def exercises() -> tuple[Exercise, ...]:
    text = resources.files("wizard.training").joinpath(FILE).read_text(encoding="utf-8")
    return parse_exercises(tomllib.loads(text))


def exercise(exercise_id: str) -> Exercise:
    for item in exercises():
        if item.id == exercise_id:
            return item
    raise TrainingDataError(f"no exercise {exercise_id!r} in {FILE}")


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
