"""The paperwork's content, format-free: for named scenarios, each document has the headings the
ICO's templates call for, is filled with what the answers decided, and leaves marked blanks for
what only the person knows."""

from __future__ import annotations

import pytest

from tests.paperwork.reading import scenario_facts
from wizard.core.law import provisions
from wizard.core.sources import SOURCES
from wizard.paperwork.content import (
    ShareFacts,
    data_sharing_agreement,
    decision_record,
    dpia_screening,
    indicators,
    law_verdicts,
)
from wizard.paperwork.document import Document, Heading, Paragraph, Table, blanks, plain_text
from wizard.paperwork.facts import share_facts
from wizard.triage.tool import flow as triage_flow

#: The fields of the data sharing request form in Annex B of the ICO's data sharing code, as
#: ../shared/design/research/legal-currency-2.md (section 9) lists them, in its order.
ANNEX_B_FIELDS = (
    "Organisation receiving the request",
    "Organisation requesting the data",
    "Name and position of the person requesting",
    "Date the request was received",
    "Description of the data requested",
    "Controller relationship",
    "Will a data sharing agreement be in place?",
    "Purpose of the sharing",
    "Lawful basis",
    "Why the sharing is necessary",
    "Special category and criminal offence data: conditions",
    "Part 3 of the Data Protection Act 2018 (law enforcement)",
    "Legal power",
    "Was a DPIA considered? Its outcome",
    "Data protection officer's views (if no DPIA)",
    "Retention and deletion",
    "Security",
    "Information rights",
    "Dates or intervals of sharing",
    "Decision",
    "Reasons for the decision",
    "Decision taken by",
    "Signature and date",
)

#: The checklist headings of a data sharing agreement in the ICO code (section 9 of the same note:
#: purpose; the organisations and whether joint controllers; data items; lawful basis; special
#: category data; access and individual rights; information governance; further details).
AGREEMENT_HEADINGS = (
    "1. The purpose of the sharing",
    "2. The organisations involved and their roles",
    "3. The data items to be shared",
    "4. The lawful basis and the legal power",
    "5. Special category and criminal offence data",
    "6. Access and individual rights",
    "7. Information governance arrangements",
    "8. Review and ending",
    "9. Signatures",
)

#: The ICO's indicators our research verified (section 7 of the same note), and the Article 35(3)
#: case for large-scale special category data.
VERIFIED_INDICATORS = (
    "Data matching",
    "Denial of service",
    "Invisible processing",
    "Biometric or genetic data",
    "Large-scale special category or criminal offence data (Article 35(3))",
    "Large-scale profiling",
    "Innovative technology",
)


def headings(document: Document, level: int = 2) -> list[str]:
    return [block.text for block in document.blocks if isinstance(block, Heading) and block.level == level]


def table(document: Document, caption_start: str) -> dict[str, str]:
    (found,) = [b for b in document.blocks if isinstance(b, Table) and b.caption.startswith(caption_start)]
    return {label: plain_text(value) for label, value in found.rows}


def form(facts: ShareFacts) -> dict[str, str]:
    return table(decision_record(facts), "The data sharing request form")


def text(document: Document) -> str:
    from wizard.paperwork.markdown import to_markdown

    return to_markdown(document)


# --- The decision record ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "scenario",
    ["blue_badge_dla", "dudley_information_days", "health_to_contracted_provider", "published_small_area"],
)
def test_the_decision_record_is_the_ico_request_form_in_its_order(scenario: str) -> None:
    record = decision_record(scenario_facts(scenario))
    assert tuple(form(scenario_facts(scenario))) == ANNEX_B_FIELDS
    assert headings(record)[:2] == ["The request and the decision", "What the law asks today, step by step"]
    # Every card of today's law, in the page's order, as a sub-heading.
    law = law_verdicts(triage_flow())
    assert len(law) == 11  # the triage's law section: personal data ... research
    law_headings = headings(record, 3)[: len(law)]
    assert [h.split(":")[0] for h in law_headings] == [f"Step {n}" for n in range(1, len(law) + 1)]


def test_blue_badge_record_names_the_gateway_the_basis_the_condition_and_the_dpia() -> None:
    filled = form(scenario_facts("blue_badge_dla"))
    assert filled["Legal power"].startswith("A gateway covers it. Welfare Reform Act 2012 section 131")
    assert "SI 2012/1483, regulation 5" in filled["Legal power"]
    # The gateway is named, so the blank asks to confirm it, not to name a power again.
    assert filled["Legal power"].endswith(
        "[To complete: confirm with the disclosing organisation or your legal team that it covers this share]"
    )
    assert filled["Lawful basis"].startswith("Public task: Article 6(1)(e)")
    assert "Public task. Public task" not in filled["Lawful basis"]  # the status is not said twice
    assert filled["Special category and criminal offence data: conditions"].startswith("Applies.")
    assert "Schedule 1" in filled["Special category and criminal offence data: conditions"]
    assert filled["Was a DPIA considered? Its outcome"].startswith("Likely to be needed.")
    # The data comes from DWP: DWP and the council are separate controllers, and an agreement is drafted.
    assert filled["Controller relationship"].startswith("Separate controllers.")
    assert filled["Will a data sharing agreement be in place?"].startswith("Yes: a draft is in this bundle.")
    assert "Blue Badge" in filled["Purpose of the sharing"]
    parties = table(data_sharing_agreement(scenario_facts("blue_badge_dla")), "The parties")
    assert parties["Organisation disclosing the data"].startswith("DWP or Jobcentre Plus. [To complete:")
    # What only the person knows is left blank.
    for label in ("Organisation receiving the request", "Date the request was received", "Decision"):
        assert filled[label].startswith("[To complete:"), label


def test_hb_reuse_for_outreach_records_no_gateway_and_the_offence() -> None:
    facts = scenario_facts("dudley_information_days")
    filled = form(facts)
    assert filled["Legal power"].startswith("No gateway.") or "No gateway" in filled["Legal power"]
    assert "Contacting people" in filled["Purpose of the sharing"]
    record = text(decision_record(facts))
    assert "Disclosing this information without lawful authority is a criminal offence." in record
    # The easier routes are listed, each with a blank for why it was turned down.
    assert "## Easier routes considered" in record
    assert "[To complete: why it was turned down]" in record
    assert "## What to do next" in record and "## Documents to prepare" in record
    assert "Dudley" in record  # the history the page shows


def test_a_contracted_provider_with_health_data_needs_a_processor_contract() -> None:
    facts = scenario_facts("health_to_contracted_provider", ["Name", "Health condition"])
    filled = form(facts)
    assert filled["Controller relationship"].startswith("Controller and processor.")
    assert "Article 28" in filled["Controller relationship"]
    assert filled["Will a data sharing agreement be in place?"].startswith(
        "A processor contract (Article 28)"
    )
    assert filled["Description of the data requested"].startswith(
        "Detail: Records that identify people. From: Another service in your own council. 2 data items"
    )
    agreement = data_sharing_agreement(facts)
    assert "A contract rather than an agreement." in text(agreement)
    parties = table(agreement, "The parties")
    assert parties["Organisation receiving the data"].startswith(
        "A provider working for you under a contract."
    )
    items = table(agreement, "The data items")
    assert items["Name"].startswith("Keep.")
    assert items["Health condition"].startswith("Special category (Article 9).")
    assert "The law: UK GDPR, Article 9 (special category data)" in items["Health condition"]


def test_every_provision_and_citation_of_the_outcome_is_in_the_decision_record() -> None:
    for scenario in ("blue_badge_dla", "dudley_information_days", "health_to_contracted_provider"):
        facts = scenario_facts(scenario)
        assert facts.triage is not None
        record = text(decision_record(facts)).replace("**", "").replace("\\*", "*")
        known = provisions()
        for decided in facts.triage.result.decided:
            assert decided.case.summary in record, (scenario, decided.verdict.id)
            for pid in decided.case.law:
                assert known[pid].label in record, (scenario, pid)
            for cite in decided.case.cite:
                assert cite.text() in record, (scenario, cite)
        for cite in facts.triage.result.citations():
            assert cite.text() in record
        assert facts.triage.link in record


# --- The data sharing agreement -----------------------------------------------------------------


@pytest.mark.parametrize("scenario", ["blue_badge_dla", "health_to_contracted_provider"])
def test_the_agreement_follows_the_ico_checklist(scenario: str) -> None:
    agreement = data_sharing_agreement(scenario_facts(scenario))
    assert headings(agreement) == list(AGREEMENT_HEADINGS)
    assert agreement.stem == "data-sharing-agreement"
    gaps = blanks(agreement)
    for needed in ("retention periods", "review date", "name, position, signature, date"):
        assert any(needed in gap for gap in gaps), needed


def test_an_agreement_within_one_council_says_none_is_needed_between_teams() -> None:
    # Housing Benefit records reused by another team of the same council.
    agreement = text(data_sharing_agreement(scenario_facts("dudley_information_days")))
    assert "**Within one council.**" in agreement
    assert "Your own council" in agreement


def test_figures_get_the_rounding_rule_and_no_blank_for_the_legal_power() -> None:
    facts = scenario_facts("unpublished_counts_business_case")
    agreement = text(data_sharing_agreement(facts))
    assert "## How figures are made safe to share" in agreement
    assert "nearest 20" in agreement and "Work Programme" in agreement
    assert "[To complete: the rule your contract or guidance asks for, if different]" in agreement
    filled = form(facts)
    assert filled["Will a data sharing agreement be in place?"].startswith("Not needed.")
    assert "how the figures may be used" in filled["Will a data sharing agreement be in place?"]
    # Identifiable records get no rounding section.
    assert "How figures are made safe" not in text(data_sharing_agreement(scenario_facts("blue_badge_dla")))


# --- The DPIA screening note --------------------------------------------------------------------


def touched(facts: ShareFacts) -> dict[str, str]:
    return {item.name: item.touched for item in indicators(facts)}


def test_the_screening_lists_only_the_verified_indicators() -> None:
    facts = scenario_facts("blue_badge_dla")
    assert tuple(touched(facts)) == VERIFIED_INDICATORS
    note = dpia_screening(facts)
    assert tuple(table(note, "The ICO's indicators")) == VERIFIED_INDICATORS
    assert headings(note) == ["What the answers point to", "Indicators of likely high risk", "Decision"]
    assert blanks(note) == ["yes / no, and why", "the DPO's advice and date", "name, position and date"]


@pytest.mark.parametrize(
    ("scenario", "expected"),
    [
        # Checking DWP's award records against applicants is matching records from two sources.
        (
            "blue_badge_dla",
            {"Denial of service": "Yes", "Data matching": "Yes", "Invisible processing": "No"},
        ),
        ("health_to_contracted_provider", {"Data matching": "Yes", "Biometric or genetic data": "Possibly"}),
        ("lone_parents_mailing", {"Invisible processing": "Yes", "Data matching": "No"}),
        ("out_of_work_check", {"Denial of service": "Possibly", "Data matching": "Yes"}),
        ("unpublished_counts_business_case", dict.fromkeys(VERIFIED_INDICATORS[:6], "No")),
    ],
)
def test_the_indicators_touched_follow_the_answers(scenario: str, expected: dict[str, str]) -> None:
    found = touched(scenario_facts(scenario))
    assert {name: found[name] for name in expected} == expected


def test_the_screening_conclusion_is_the_dpia_card() -> None:
    for scenario, start in (
        ("blue_badge_dla", "Likely to be needed."),
        ("published_small_area", "Not needed."),
    ):
        note = text(dpia_screening(scenario_facts(scenario)))
        after = note.split("## What the answers point to\n\n", 1)[1]
        assert after.startswith(f"**{start.rstrip('.')}") or after.startswith(f"**{start}"), (
            scenario,
            after[:80],
        )


# --- From the field adviser alone ---------------------------------------------------------------


def test_adviser_only_paperwork_lists_the_fields_and_leaves_the_law_blank() -> None:
    facts = share_facts(None, "research", ["Name", "Date of birth", "Postcode"])
    record = decision_record(facts)
    filled = form(facts)
    assert filled["Lawful basis"] == "[To complete: the Article 6 lawful basis]"
    assert filled["Legal power"] == "[To complete: the legal power: Act, section, regulation]"  # one blank
    assert "Research or evaluation" in filled["Purpose of the sharing"]
    assert "What the law asks today, step by step" not in headings(record)
    agreement = data_sharing_agreement(facts)
    # For research the adviser leaves the name out: it is listed apart, not among the items shared.
    shared = table(agreement, "The data items to be shared")
    left_out = table(agreement, "Asked for, but not to be shared")
    # A field to replace is shared as what replaces it.
    assert list(shared) == [
        "Year of birth or age band (instead of Date of birth)",
        "Area code for a larger area (such as a Lower Super Output Area or ward) (instead of Postcode)",
    ]
    assert filled["Description of the data requested"].startswith(
        "2 data items to be shared (1 more asked for but left out on the field adviser's advice)"
    )
    assert list(left_out) == ["Name"]
    assert {value.split(".")[0] for value in shared.values()} <= {"Keep", "Replace"}
    assert left_out["Name"].startswith("Leave out.")
    assert "triage questions version" not in text(record)
    # The adviser's items are details of people, linked for research, none of them special.
    assert touched(facts) == {
        "Data matching": "Yes",
        "Denial of service": "No",
        "Invisible processing": "Not asked",
        "Biometric or genetic data": "No",
        "Large-scale special category or criminal offence data (Article 35(3))": "No",
        "Large-scale profiling": "Not asked",
        "Innovative technology": "Not asked",
    }


def test_every_blank_is_marked_and_named() -> None:
    for facts in (scenario_facts("blue_badge_dla"), share_facts(None, "planning", ["Postcode"])):
        for document in (decision_record(facts), data_sharing_agreement(facts), dpia_screening(facts)):
            gaps = blanks(document)
            assert gaps and all(gap.strip() for gap in gaps)
            assert text(document).count("[To complete:") == len(gaps)


def test_a_share_without_a_gateway_is_flagged_at_the_top_and_asks_for_no_power() -> None:
    facts = scenario_facts("dudley_information_days")  # no gateway for this reuse of benefit records
    for document in (decision_record(facts), data_sharing_agreement(facts), dpia_screening(facts)):
        opening = [plain_text(b.runs) for b in document.blocks[:6] if isinstance(b, Paragraph)]
        assert any(line.startswith("Not as planned. ") for line in opening), document.title
    assert form(facts)["Legal power"].startswith("No gateway found.")
    assert form(facts)["Legal power"].endswith(
        "[To complete: a power only if legal advice finds one; without one, do not share as planned]"
    )
    with_gateway = scenario_facts("blue_badge_dla")
    assert "Not as planned." not in text(decision_record(with_gateway))
    assert "Not as planned." not in text(data_sharing_agreement(with_gateway))


def test_special_category_fields_raise_the_screening_where_the_answers_did_not() -> None:
    # Adviser-only paperwork: no triage answer on special category data, but Ethnicity is one.
    without = touched(share_facts(None, "outreach", ["Name", "Address"]))
    assert without["Biometric or genetic data"] == "No"  # none of the adviser's items is special
    with_ethnicity = touched(share_facts(None, "outreach", ["Name", "Address", "Ethnicity"]))
    assert with_ethnicity["Biometric or genetic data"] == "Possibly"
    assert (
        with_ethnicity["Large-scale special category or criminal offence data (Article 35(3))"] == "Possibly"
    )
    # The triage said "no", yet the fields include health: the adviser's finding wins.
    said_no = scenario_facts("lone_parents_mailing")
    assert touched(said_no)["Biometric or genetic data"] == "No"
    raised = scenario_facts("lone_parents_mailing", ["Name", "Health conditions"])
    assert touched(raised)["Biometric or genetic data"] == "Possibly"


def test_sources_cited_are_one_line_per_document_with_every_place_once() -> None:
    facts = scenario_facts("blue_badge_dla")
    assert facts.triage is not None
    markdown = text(decision_record(facts))
    lines = [
        line[2:] for line in markdown.split("## Sources cited\n", 1)[1].splitlines() if line.startswith("- ")
    ]
    cited = {cite.source for cite in facts.triage.result.citations()}
    assert len(lines) == len(cited) > 1  # one line per document
    for cite in facts.triage.result.citations():
        prefix = f"{SOURCES[cite.source]}: "
        (line,) = [line for line in lines if line.startswith(prefix)]
        places = line.removeprefix(prefix).split("; ")
        assert len(places) == len(set(places))  # each place once
        assert set(cite.where.split("; ")) <= set(places)


def test_data_from_dwp_through_a_provider_takes_an_agreement_and_a_contract() -> None:
    # Two controllers (DWP, the council) and the council's processor (the provider).
    facts = scenario_facts("dwp_outreach_through_provider")
    filled = form(facts)
    assert filled["Controller relationship"].startswith("Controller and processor. The provider would be")
    assert "separate controller" in filled["Controller relationship"]
    assert filled["Will a data sharing agreement be in place?"].startswith(
        "Yes, with the organisation disclosing the data: a draft is in this bundle; and a processor contract"
    )
    agreement = data_sharing_agreement(facts)
    parties = table(agreement, "The parties")
    assert parties["Organisation disclosing the data"].startswith("DWP or Jobcentre Plus.")
    assert parties["Organisation receiving the data"].startswith(
        "Your council, which passes the data to its provider"
    )
    assert "**An agreement and a contract.**" in text(agreement)
    # A provider working for a council that collects the data itself needs only the contract.
    own = form(scenario_facts("health_to_contracted_provider"))
    assert own["Will a data sharing agreement be in place?"].startswith(
        "A processor contract (Article 28) instead."
    )


def test_no_schedule_1_blank_when_no_such_data_is_shared() -> None:
    said_no = form(scenario_facts("lone_parents_mailing"))  # special category: "no"
    assert said_no["Special category and criminal offence data: conditions"].startswith("Does not apply.")
    assert "[To complete" not in said_no["Special category and criminal offence data: conditions"]
    special = form(scenario_facts("blue_badge_dla"))
    assert special["Special category and criminal offence data: conditions"].endswith(
        "[To complete: the Schedule 1 condition relied on]"
    )
