"""Every path through the triage flow, walked: no dead end, today's law first, all cited, and
answers that differ in law lead to outcomes that differ.

The decision table tests/triage/golden/triage.paths.json is factorised: for each verdict, every
combination of the answers it depends on with the case it selects; for each note, every
combination under which it is shown (see wizard.flow.paths). When the logic changes on purpose,
regenerate it and review the diff:

    .venv/bin/python -m wizard paths triage --table > tests/triage/golden/triage.paths.json
"""

from __future__ import annotations

import json
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest

from wizard.core.law import provisions
from wizard.core.purposes import purposes
from wizard.flow.engine import Path as FlowPath
from wizard.flow.engine import Result, all_paths, decide, problems, walk
from wizard.flow.paths import decision_rows, decision_table, path_json, reads
from wizard.triage.tool import flow

GOLDEN = Path(__file__).parent / "golden" / "triage.paths.json"

#: Today's law, in the order a lawyer would check it.
LEGAL_ORDER = [
    "personal_data",
    "gateway",
    "offence",
    "lawful_basis",
    "special",
    "roles",
    "transparency",
    "confidence",
    "hra",
    "dpia",
    "research",
]

#: Words of the Data Protection Act 1998 that a card may use only when telling history.
WORDS_OF_1998 = (
    "sensitive personal data",
    "privacy impact assessment",
    "Schedule 2",
    "Schedule 3",
    "well-being power",
)


@cache
def walked() -> list[tuple[FlowPath, Result]]:
    return [(path, decide(flow(), path.outcome, path.answers)) for path in all_paths(flow())]


def test_no_dead_end_no_unreachable_node_no_unused_case_or_note() -> None:
    assert problems(flow()) == []


def test_every_option_of_every_question_is_taken_on_some_path() -> None:
    taken = {(q.id, o.id) for path, _ in walked() for q, o in path.steps}
    offered = {(q.id, o.id) for q in flow().questions.values() for o in q.options}
    assert offered == taken


def test_purpose_question_offers_exactly_the_shared_purposes() -> None:
    question = flow().questions["purpose"]
    assert flow().start == "purpose"
    assert [o.id for o in question.options] == [p.id for p in purposes()]


def test_todays_law_comes_first_in_the_order_a_lawyer_checks_it() -> None:
    with_verdicts = [s for s in flow().sections if any(v.section == s.id for v in flow().verdicts)]
    assert with_verdicts[0].style == "law"
    # Only the one-line summary may come before it, and it holds notes, not verdicts.
    assert [s.id for s in flow().sections][: flow().sections.index(with_verdicts[0])] == ["in_short"]
    law = [v.id for v in flow().verdicts if v.section == with_verdicts[0].id]
    assert law == LEGAL_ORDER
    assert [v.id for v in flow().verdicts][: len(LEGAL_ORDER)] == LEGAL_ORDER


def test_every_law_card_names_its_provisions_and_tells_the_guidance_as_cited_history() -> None:
    known = provisions()
    for verdict in flow().verdicts:
        if verdict.section != "law":
            continue
        for case in verdict.cases:
            where = f"{verdict.id}/{case.id}"
            assert case.law and set(case.law) <= set(known), where
            assert case.history and case.cite, where
            today = " ".join((verdict.label, case.summary, case.text, case.check))
            for words in WORDS_OF_1998:
                assert words.lower() not in today.lower(), f"{where} uses 1998 words today: {words!r}"


def test_every_provision_links_to_legislation_gov_uk_or_is_common_law() -> None:
    for provision in provisions().values():
        assert provision.url is None or provision.url.startswith("https://www.legislation.gov.uk/"), provision
    assert [p.id for p in provisions().values() if p.url is None] == ["common-law-confidence"]


def test_every_level_from_1_to_5_is_reachable_and_open_only_after_not_sure() -> None:
    levels = {r.status("level") for _, r in walked()}
    assert levels == {"level_1", "level_2", "level_3", "level_4", "level_5", "level_open"}
    for path, result in walked():
        if result.status("level") == "level_open":
            assert path.answers["detail"] == "not_sure", path.answers


def test_every_verdict_and_note_on_every_path_is_cited_and_business_case_is_a_yes_or_no() -> None:
    for _, result in walked():
        assert all(d.case.cite for d in result.decided)
        assert all(note.cite or note.law for note in result.notes)
        business_case = next(d for d in result.decided if d.verdict.id == "business_case").case.value
        assert isinstance(business_case, bool)


def test_benefit_information_about_people_is_always_under_the_offences() -> None:
    for path, result in walked():
        answers = path.answers
        benefit = (
            answers.get("holder") in ("dwp", "council_benefits") or answers.get("social_security") == "yes"
        )
        if benefit and answers["detail"] == "identifiable":
            assert result.status("offence") == "applies", answers
            assert result.status("gateway") in ("gateway", "no_gateway", "check"), answers
        if answers["detail"] in ("published", "aggregate"):
            assert result.status("offence") == "does_not_apply"


def test_no_gateway_is_claimed_for_employment_support_planning_or_outreach() -> None:
    for path, result in walked():
        if result.status("gateway") == "gateway":
            assert path.answers["purpose"] in ("welfare_services", "eligibility"), path.answers
            assert path.answers["service"] not in ("other", "not_sure", "families"), path.answers


def test_housing_benefit_records_never_get_a_gateway_outside_the_listed_services() -> None:
    for path, result in walked():
        if path.answers.get("holder") == "council_benefits" and path.answers["detail"] == "identifiable":
            service = path.answers.get("service")
            if service in (None, "other", "not_sure"):
                assert result.status("gateway") in ("no_gateway", "check"), path.answers


def test_asking_dwp_exactly_when_unpublished_dwp_data_may_be_involved() -> None:
    for path, result in walked():
        business_case = next(d for d in result.decided if d.verdict.id == "business_case").case.value
        expected = path.answers["detail"] != "published" and path.answers.get("holder") in ("dwp", "not_sure")
        assert business_case is expected, path.answers


# --- Results differ where the law differs -----------------------------------------------------

#: Pairs of answers to one question that may lead to identical outcomes everywhere, each with the
#: reason. Empty: every answer to every question changes something somewhere.
SAME_ON_PURPOSE: dict[tuple[str, str, str], str] = {}


def _signature(result: Result) -> tuple[object, ...]:
    return (tuple(d.case for d in result.decided), tuple(note.id for note in result.notes))


def test_two_answers_to_one_question_never_give_identical_outcomes_on_every_path() -> None:
    by_answers = {tuple(sorted(path.answers.items())): _signature(r) for path, r in walked()}
    differs: dict[tuple[str, str, str], bool] = defaultdict(bool)
    for path, result in walked():
        for question, option in path.steps:
            for other in question.options:
                pair = (question.id, *sorted((option.id, other.id)))
                if other.id == option.id or differs[pair]:
                    continue
                route = walk(flow(), {**path.answers, question.id: other.id})
                if not route.finished:  # another question follows: the answers lead apart
                    differs[pair] = True
                    continue
                differs[pair] = by_answers[tuple(sorted(route.answers.items()))] != _signature(result)
    same = sorted(pair for pair, differ in differs.items() if not differ)
    assert same == sorted(SAME_ON_PURPOSE), "answers that never change the outcome"


def test_the_differing_answers_check_catches_answers_that_make_no_difference() -> None:
    # Control: informed=told and informed=neither differ today; make one impossible to tell apart.
    differ = [
        (path, r)
        for path, r in walked()
        if path.answers.get("informed") in ("told", "neither") and path.answers["holder"] == "dwp"
    ]
    signatures = {path.answers["informed"]: set() for path, _ in differ}
    for path, result in differ:
        signatures[path.answers["informed"]].add(_signature(result))
    assert signatures["told"] != signatures["neither"]


# --- The JSON and the decision table ----------------------------------------------------------


def test_paths_json_gives_notes_as_objects_readable_without_the_flow_file() -> None:
    path, _ = next((p, r) for p, r in walked() if p.answers.get("service") == "blue_badge")
    item = path_json(flow(), path)
    assert set(item["answers"][0]) == {"question_id", "question", "answer_id", "answer"}
    outcome = item["outcome"]
    assert {"level", "business_case", "verdicts", "notes", "citations"} <= set(outcome)
    gateway = next(v for v in outcome["verdicts"] if v["test"] == "gateway")
    assert gateway["case"] == "blue_badge" and gateway["history"] and gateway["citation"]
    assert {
        "id": "wra2012-s131",
        "label": provisions()["wra2012-s131"].label,
        "url": provisions()["wra2012-s131"].url,
    } in gateway["law"]
    note = outcome["notes"][0]
    assert set(note) == {"id", "section", "label", "text", "law", "citations"}
    assert note["text"] and (note["citations"] or note["law"])


def test_each_verdict_reads_only_what_the_table_says_it_reads() -> None:
    # decision_rows raises if a verdict's case depends on more than its conditions read.
    rows = decision_rows(flow(), [path for path, _ in walked()])
    verdict_rows = [row for row in rows if "verdict" in row]
    assert {row["verdict"] for row in verdict_rows} == {v.id for v in flow().verdicts}
    assert reads(flow(), flow().verdicts[1].cases[0].when) == {"detail"}


def test_committed_decision_table_is_up_to_date() -> None:
    current = decision_table(flow(), [path for path, _ in walked()])
    assert GOLDEN.read_text(encoding="utf-8") == current, (
        "The triage logic changed: regenerate the decision table with\n"
        "  .venv/bin/python -m wizard paths triage --table > tests/triage/golden/triage.paths.json\n"
        "and check that the diff shows only the change you meant."
    )


@pytest.mark.parametrize("verdict", ["gateway", "offence", "special", "roles"])
def test_the_decision_table_pins_each_case_of_the_key_verdicts(verdict: str) -> None:
    rows = json.loads(GOLDEN.read_text(encoding="utf-8"))
    cases = {row["case"] for row in rows if row.get("verdict") == verdict}
    assert cases == {case.id for v in flow().verdicts if v.id == verdict for case in v.cases}


#: Site pages a wizard outcome may link to (docs-relative), as agreed for the guidance pages.
SITE_PAGES = (
    {
        f"guidance/{name}.md"
        for name in [
            "why-share",
            "barriers",
            "legal-basics",
            "social-security-data",
            "within-a-council",
            "kinds-of-data",
            "consent",
            "hierarchy",
            "dwp-data",
            "kinds-of-use",
            "dwp-considerations",
            "published-data",
            "preparing-a-request",
            "work-programme-mi",
            "partnership",
            "systems-and-security",
            "powers-2011",
        ]
    }
    | {f"reference/{name}.md" for name in ("glossary", "links", "sources", "changes-since")}
    | {"tools/index.md", "tools/minimise.md"}
)


def test_read_more_links_point_only_at_agreed_site_pages() -> None:
    links = [v.see for v in flow().verdicts if v.see] + [n.see for n in flow().notes if n.see]
    assert links
    assert {link.split("#")[0].split("?")[0] for link in links} <= SITE_PAGES
