"""Named scenarios for a flow (``wizard/NAME/scenarios.toml``): real situations from the sources with
the answers someone would give and the outcome expected. Tests check them; training reuses them."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from typing import Any

from wizard.core.sources import SOURCES, Citation
from wizard.flow.engine import decide, walk
from wizard.flow.model import Flow


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


def load_scenarios(name: str) -> tuple[Scenario, ...]:
    text = resources.files(f"wizard.{name}").joinpath("scenarios.toml").read_text(encoding="utf-8")
    items = []
    for index, item in enumerate(tomllib.loads(text)["scenarios"]):
        where = f"wizard/{name}/scenarios.toml, scenarios[{index}]"
        try:
            expect = dict(item["expect"])
            source = Citation(**item["source"])
            if source.source not in SOURCES:
                raise ValueError(f"unknown source {source.source!r}")
            items.append(
                Scenario(
                    id=item["id"],
                    title=item["title"],
                    situation=item["situation"],
                    source=source,
                    answers=dict(item["answers"]),
                    verdicts=dict(expect.pop("verdicts", {})),
                    notes=tuple(expect.pop("notes", ())),
                    values=expect,
                )
            )
        except (KeyError, TypeError, ValueError) as problem:
            raise ValueError(f"{where}: {problem!r}") from None
    return tuple(items)


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
    shown = {note.id for note in result.notes}
    found.extend(f"note {note} is not shown" for note in scenario.notes if note not in shown)
    return found
