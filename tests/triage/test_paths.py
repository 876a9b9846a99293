"""Every path through the triage flow, walked: no dead end, every level reachable, all cited.

The decision table tests/triage/golden/triage.paths.json holds one row per path. When the logic changes
on purpose, regenerate it and review the diff:

    .venv/bin/python -m wizard paths triage --table > tests/triage/golden/triage.paths.json
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from wizard.core.purposes import purposes
from wizard.flow.engine import Path as FlowPath
from wizard.flow.engine import Result, all_paths, decide, problems
from wizard.flow.paths import decision_table, path_json
from wizard.triage.tool import flow

GOLDEN = Path(__file__).parent / "golden" / "triage.paths.json"
LEGAL_ORDER = ["power", "ssaa", "hra", "confidence", "dpa", "sensitive", "research"]


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


def test_every_level_from_1_to_5_is_reachable_and_open_only_after_not_sure() -> None:
    levels = {result.decided[0].case.value for _, result in walked()}
    assert levels == {1, 2, 3, 4, 5, None}
    for path, result in walked():
        level = next(d for d in result.decided if d.verdict.id == "level").case.value
        if level is None:
            assert "not_sure" in path.answers.values(), path.answers


def test_every_verdict_and_note_on_every_path_is_cited_and_business_case_is_a_yes_or_no() -> None:
    for _, result in walked():
        assert all(d.case.cite for d in result.decided)
        assert all(note.cite for note in result.notes)
        business_case = next(d for d in result.decided if d.verdict.id == "business_case").case.value
        assert isinstance(business_case, bool)


def test_legal_tests_come_in_the_order_the_law_asks_them() -> None:
    for _, result in walked()[:1]:
        tests = [d.verdict.id for d in result.decided if d.verdict.section == "tests"]
        assert tests == LEGAL_ORDER
        statuses = {d.case.status for _, r in walked() for d in r.decided if d.verdict.section == "tests"}
        assert statuses == {"applies", "may_apply", "does_not_apply"}


def test_social_security_restriction_applies_to_identifiable_dwp_and_benefit_data() -> None:
    for path, result in walked():
        answers = path.answers
        if answers.get("holder") in ("dwp", "council_benefits") and answers["detail"] == "identifiable":
            assert result.status("ssaa") == "applies"
            assert result.status("power") == "applies"
        if answers["detail"] in ("published", "aggregate"):
            assert result.status("ssaa") == "does_not_apply"


def test_business_case_through_dsam_exactly_when_unpublished_dwp_data_may_be_involved() -> None:
    for path, result in walked():
        business_case = next(d for d in result.decided if d.verdict.id == "business_case").case.value
        expected = path.answers["detail"] != "published" and path.answers.get("holder") in ("dwp", "not_sure")
        assert business_case is expected, path.answers


def test_paths_json_has_the_shape_the_cli_promises() -> None:
    path, _ = walked()[0]
    item = path_json(flow(), path)
    assert set(item["answers"][0]) == {"question_id", "question", "answer_id", "answer"}
    outcome = item["outcome"]
    assert {"level", "business_case", "verdicts", "citations"} <= set(outcome)
    assert {"test", "status", "citation"} <= set(outcome["verdicts"][0])
    assert outcome["citations"] and all(v["citation"] for v in outcome["verdicts"])


def test_committed_decision_table_is_up_to_date() -> None:
    current = decision_table(flow(), [path for path, _ in walked()])
    assert len(json.loads(current)) == len(walked())
    assert GOLDEN.read_text(encoding="utf-8") == current, (
        "The triage logic changed: regenerate the decision table with\n"
        "  .venv/bin/python -m wizard paths triage --table > tests/triage/golden/triage.paths.json\n"
        "and check that the diff shows only the change you meant."
    )


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
    | {"tools/index.md"}
)


def test_read_more_links_point_only_at_agreed_site_pages() -> None:
    links = [v.see for v in flow().verdicts if v.see] + [n.see for n in flow().notes if n.see]
    assert links
    assert {link.split("#")[0] for link in links} <= SITE_PAGES
