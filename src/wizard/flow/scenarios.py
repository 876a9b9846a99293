"""Named scenarios for a flow (``wizard/NAME/scenarios.toml``): real situations from the sources with
the answers someone would give and the outcome expected. Tests check them; training reuses them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from wizard.core.data import Table, as_table, read_data
from wizard.core.sources import Citation, read_citation
from wizard.flow.engine import decide, walk
from wizard.flow.load import FlowError
from wizard.flow.model import Flow

#: How messages name scenarios passed as data rather than read from a file.
DATA_LABEL = "scenarios file"


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    situation: str
    source: Citation
    answers: Mapping[str, str]
    values: Mapping[str, Any]  # expected values of valued verdicts (triage: level, business_case)
    verdicts: Mapping[str, str]  # expected statuses
    notes: tuple[str, ...]  # notes that must be shown
    cases: Mapping[str, str] = field(default_factory=dict)  # verdict id -> expected case id
    absent: tuple[str, ...] = ()  # notes that must not be shown
    law: tuple[str, ...] = ()  # the provisions of today's law the expectation rests on (core/law.toml)


def _texts_by_key(table: Table) -> dict[str, str]:
    found = {key: table.text(key) for key in table}
    table.done()
    return found


def parse_scenarios(data: Mapping[str, Any] | Table, file: str = DATA_LABEL) -> tuple[Scenario, ...]:
    """Scenarios from decoded TOML: ``[[scenarios]]`` with id, title, situation, a source citation,
    the provisions of today's law it rests on (``law``, ids in core/law.toml), the answers
    (question id -> option id) and what to expect: verdict values such as ``expect.level``,
    ``expect.verdicts`` (verdict id -> status), ``expect.cases`` (verdict id -> case id),
    ``expect.notes`` (note ids shown) and ``expect.absent`` (note ids not shown).

    Raises FlowError naming the file and the entry for a missing, mistyped or unknown key, or an
    unknown source. Whether the ids exist in the flow is what :func:`mismatches` checks.
    """
    top = as_table(data, file, FlowError)
    items = []
    for item in top.tables("scenarios", named_by="id"):
        cited = item.table("source")
        source = read_citation(cited)
        cited.done()
        expect = item.table("expect")
        verdicts = expect.optional_table("verdicts")
        cases = expect.optional_table("cases")
        notes = expect.texts("notes", required=False)
        absent = expect.texts("absent", required=False)
        values = {
            key: expect.scalar(key) for key in expect if key not in ("verdicts", "cases", "notes", "absent")
        }
        expect.done()
        items.append(
            Scenario(
                id=item.text("id"),
                title=item.text("title"),
                situation=item.text("situation"),
                source=source,
                answers=_texts_by_key(item.table("answers")),
                verdicts=_texts_by_key(verdicts) if verdicts else {},
                notes=notes,
                values=values,
                cases=_texts_by_key(cases) if cases else {},
                absent=absent,
                law=item.texts("law", required=False),
            )
        )
        item.done()
    top.done()
    return tuple(items)


def load_scenarios(name: str) -> tuple[Scenario, ...]:
    """The scenarios of a tool's flow, ``wizard/<name>/scenarios.toml``.

    Raises FlowError naming the file and the place for a malformed file."""
    return parse_scenarios(read_data(f"wizard.{name}", "scenarios.toml", FlowError))


def mismatches(flow: Flow, scenario: Scenario) -> list[str]:
    """What the flow concludes differently from the scenario's expectations (empty if it agrees)."""
    route = walk(flow, scenario.answers)
    if route.dropped:
        return [f"answers not on the path: {route.dropped}"]
    if not route.finished:
        return [f"the answers stop at question {route.current.id!r}"]
    result = decide(flow, route.current, route.answers)  # type: ignore[arg-type]
    found = []
    decided = {d.verdict.id: d for d in result.decided}
    for key, value in scenario.values.items():
        actual = decided[key].case.value if key in decided else "(no such verdict)"
        if actual != value:
            found.append(f"{key}: expected {value!r}, got {actual!r}")
    for key, status in scenario.verdicts.items():
        actual = decided[key].case.status if key in decided else "(no such verdict)"
        if actual != status:
            found.append(f"verdict {key}: expected {status}, got {actual}")
    for key, case_id in scenario.cases.items():
        actual = decided[key].case.id if key in decided else "(no such verdict)"
        if actual != case_id:
            found.append(f"verdict {key}: expected case {case_id}, got {actual}")
    shown = {note.id for note in result.notes}
    found.extend(f"note {note} is not shown" for note in scenario.notes if note not in shown)
    found.extend(f"note {note} is shown but should not be" for note in scenario.absent if note in shown)
    return found
