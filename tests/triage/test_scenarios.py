"""Real situations from the sources, each with the verdicts the guidance points to."""

from __future__ import annotations

import pytest

from wizard.flow.scenarios import Scenario, load_scenarios, mismatches
from wizard.triage.tool import flow

SCENARIOS = load_scenarios("triage")


def test_there_are_at_least_twelve_distinct_scenarios_covering_every_purpose() -> None:
    assert len(SCENARIOS) >= 12
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS)
    assert {s.answers["purpose"] for s in SCENARIOS} == set(flow().questions["purpose"].option_ids())


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario_gets_the_expected_verdicts(scenario: Scenario) -> None:
    assert mismatches(flow(), scenario) == [], f"{scenario.title} ({scenario.source.text()})"


def test_a_wrong_expectation_is_caught() -> None:
    scenario = SCENARIOS[0]
    wrong = Scenario(**{**scenario.__dict__, "values": {"level": 1}, "notes": ("no_such_note",)})
    found = mismatches(flow(), wrong)
    assert "level: expected 1, got 5" in found and "note no_such_note is not shown" in found
