"""Named situations (triage/scenarios.toml), each with what today's law makes of it.

The scenarios are the triage tool's specification: every verdict case and every note of the flow
must be expected by at least one of them, and every note expected absent by at least one, so a
swapped status or a note shown in the wrong place fails here even after the decision table is
regenerated. The named tests below state, in words, the law the most important ones rest on.
"""

from __future__ import annotations

import pytest

from wizard.core.law import provisions
from wizard.flow.engine import Result, decide, walk
from wizard.flow.scenarios import Scenario, load_scenarios, mismatches
from wizard.triage.tool import flow

SCENARIOS = load_scenarios("triage")
BY_ID = {scenario.id: scenario for scenario in SCENARIOS}


def result(scenario_id: str) -> Result:
    route = walk(flow(), BY_ID[scenario_id].answers)
    assert route.finished
    return decide(flow(), route.current, route.answers)  # type: ignore[arg-type]


def case(scenario_id: str, verdict_id: str) -> str:
    return next(d.case.id for d in result(scenario_id).decided if d.verdict.id == verdict_id)


def shown(scenario_id: str) -> set[str]:
    return {note.id for note in result(scenario_id).notes}


def text_of(scenario_id: str, verdict_id: str) -> str:
    decided = next(d for d in result(scenario_id).decided if d.verdict.id == verdict_id)
    return " ".join((decided.case.summary, decided.case.text, decided.case.check))


def test_scenarios_cover_every_purpose_and_name_the_law_they_rest_on() -> None:
    assert len({s.id for s in SCENARIOS}) == len(SCENARIOS) >= 30
    assert {s.answers["purpose"] for s in SCENARIOS} == set(flow().questions["purpose"].option_ids())
    for scenario in SCENARIOS:
        assert scenario.law, f"{scenario.id} names no provision of today's law"
        assert set(scenario.law) <= set(provisions()), scenario.id


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.id for s in SCENARIOS])
def test_scenario_gets_the_expected_cases_and_notes(scenario: Scenario) -> None:
    assert mismatches(flow(), scenario) == [], f"{scenario.title} ({scenario.source.text()})"


def test_every_verdict_case_is_pinned_by_a_scenario() -> None:
    pinned = {(verdict, case_id) for s in SCENARIOS for verdict, case_id in s.cases.items()}
    every = {(verdict.id, case.id) for verdict in flow().verdicts for case in verdict.cases}
    assert sorted(every - pinned) == [], "cases that only the decision table covers"


def test_every_note_is_expected_shown_by_one_scenario_and_absent_by_another() -> None:
    every = {note.id for note in flow().notes}
    assert sorted(every - {n for s in SCENARIOS for n in s.notes}) == [], "notes no scenario expects"
    assert sorted(every - {n for s in SCENARIOS for n in s.absent}) == [], "notes no scenario expects absent"


def test_a_wrong_expectation_is_caught() -> None:
    scenario = BY_ID["blue_badge_dla"]
    wrong = Scenario(
        **{
            **scenario.__dict__,
            "values": {"level": 1},
            "cases": {"gateway": "dwp_records"},
            "notes": ("no_such_note",),
            "absent": ("powers_2011",),
        }
    )
    found = mismatches(flow(), wrong)
    assert "level: expected 1, got 5" in found
    assert "verdict gateway: expected case dwp_records, got blue_badge" in found
    assert "note no_such_note is not shown" in found
    assert "note powers_2011 is shown but should not be" in found


# --- The law each key scenario rests on, in words ---------------------------------------------


def test_blue_badge_check_has_a_gateway_in_wra_2012_s131_and_si_2012_1483() -> None:
    """WRA 2012 s.131 with SI 2012/1483 reg 5(1)(a)(i): DWP may supply benefit information to a
    council to decide Blue Badge eligibility; PIP replaced DLA for ages 16-64 from 8 April 2013."""
    for scenario in ("blue_badge_dla", "blue_badge_eligibility"):
        assert case(scenario, "gateway") == "blue_badge"
        assert case(scenario, "offence") == "inside_gateway"
        assert case(scenario, "lawful_basis") in ("public_task", "public_task_despite_consent")
        assert case(scenario, "special") == "special"
        words = text_of(scenario, "gateway")
        assert "Personal Independence Payment" in words and "8 April 2013" in words
        assert "consent" not in words.lower()


def test_housing_benefit_reuse_for_an_information_day_is_never_lawful_because_of_a_claim_form() -> None:
    """SSAA 1992 s.123: HB staff commit an offence by disclosing without lawful authority; no
    gateway in SI 2012/1483 covers employment outreach; a claim-form statement is not one."""
    assert case("dudley_information_days", "gateway") == "housing_benefit_reuse"
    assert case("dudley_information_days", "offence") == "benefit_information"
    assert case("dudley_information_days", "transparency") == "told"
    words = " ".join(text_of("dudley_information_days", v) for v in ("gateway", "offence", "transparency"))
    assert "claim form" in words and "lawful" in words
    assert "not a disclosure" not in words
    assert "dudley" in shown("dudley_information_days")


def test_health_data_to_a_contracted_provider_is_processing_under_an_article_28_contract() -> None:
    assert case("health_to_contracted_provider", "roles") == "processor"
    assert case("health_to_contracted_provider", "special") == "special"
    assert "doc_processor_contract" in shown("health_to_contracted_provider")
    assert "doc_dsa" not in shown("health_to_contracted_provider")


def test_a_provider_on_its_own_account_is_a_controller_needing_its_own_basis() -> None:
    assert case("provider_own_account", "roles") == "partner_controller"
    assert case("provider_own_account", "lawful_basis") == "partner_own_basis"
    assert {"doc_dsa", "doc_joint_arrangement"} <= shown("provider_own_account")


def test_employment_support_is_not_a_listed_purpose_and_the_dea_2017_route_is_named_to_check() -> None:
    assert case("employment_support_from_dwp", "gateway") == "service_not_listed"
    words = text_of("employment_support_from_dwp", "gateway")
    assert "Digital Economy Act 2017" in words and "multiple disadvantages" in words
    assert "not verified" in words or "Whether DWP" in words


def test_multiple_disadvantages_share_between_public_bodies_names_section_35() -> None:
    assert case("multiple_disadvantages", "gateway") == "partner_powers"
    assert "section 35" in text_of("multiple_disadvantages", "gateway")
    assert case("multiple_disadvantages", "special") == "both"


def test_research_linking_through_anonymised_numbers_is_research_with_data_matching() -> None:
    assert case("esf_anonymised_linking", "research") == "research"
    assert case("esf_anonymised_linking", "dpia") == "data_matching"
    assert case("esf_anonymised_linking", "gateway") == "anonymised_benefits"


@pytest.mark.parametrize(
    ("scenario", "history_note"),
    [
        ("hotspot_postcodes", "dwp_planning_cannot"),
        ("lone_parents_mailing", "dwp_outreach_cannot"),
        ("tracking_consortium_dwp", "dwp_tracking_cannot"),
        ("out_of_work_check", "dwp_eligibility_cannot"),
        ("research_named_records", "dwp_research_cannot"),
    ],
)
def test_each_dwp_kind_of_use_without_a_gateway_says_so_and_shows_the_guidance_as_history(
    scenario: str, history_note: str
) -> None:
    assert case(scenario, "gateway") in ("dwp_records", "service_not_listed")
    assert case(scenario, "offence") == "benefit_information"
    assert history_note in shown(scenario)
