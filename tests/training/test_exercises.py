"""Training exercises and handouts: the pages agree with the tools, and the facts come from them."""

from __future__ import annotations

import re
from html import escape, unescape
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.content_checks import sources_section_problems
from tools import glossary, training_pages
from tools.source_documents import SOURCES_PAGE
from wizard.core.law import provisions
from wizard.core.sources import SOURCES
from wizard.rounding.method import round_to_base
from wizard.training.exercises import (
    decided,
    exercise,
    exercises,
    field_advice,
    minimise_query,
    triage_query,
    triage_result,
)
from wizard.triage.tool import flow as triage_flow

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
SCENARIO_PAGES = sorted((DOCS / "training" / "scenarios").glob("*.md"))
EXERCISE_PAGES = [path for path in SCENARIO_PAGES if path.name != "index.md"]


def round_to_20(value: int) -> int:
    return round_to_base(value, 20)


def front_matter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}, text
    head, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(head) or {}, body


def model_answer(markdown: str) -> str:
    return markdown.split('??? success "Model answer"', 1)[1].split("\n## ", 1)[0]


def test_there_are_at_least_eight_exercises_each_with_its_own_page() -> None:
    ids = [item.id for item in exercises()]
    assert len(ids) >= 8
    pages = {front_matter(path)[0].get("exercise"): path.stem for path in EXERCISE_PAGES}
    assert pages == {item: item for item in ids}, "each exercise needs docs/training/scenarios/<id>.md"


@pytest.mark.parametrize("path", EXERCISE_PAGES, ids=lambda p: p.stem)
def test_exercise_page_has_its_parts_and_ends_with_sources(path: Path) -> None:
    _, body = front_matter(path)
    for part in ("## The situation", "## What would you do?", "{{ try-it }}", '??? success "Model answer"'):
        assert part in body, f"{path.name} lacks {part}"
    assert "{{ tool-answer }}" in model_answer(body)
    page = path.relative_to(DOCS).as_posix()
    assert not sources_section_problems(body, page, SOURCES, SOURCES_PAGE)


@pytest.mark.parametrize("path", EXERCISE_PAGES, ids=lambda p: p.stem)
def test_model_answers_state_levels_only_through_the_tools(path: Path) -> None:
    # A level written by hand could drift from the tool; tokens are filled from it at build time.
    written = re.findall(r"\blevels? [1-5]\b", model_answer(front_matter(path)[1]), re.IGNORECASE)
    assert not written, f"{path.name}: write {{{{ level }}}} instead of {written}"


def render(path: Path) -> str:
    meta, body = front_matter(path)
    return training_pages.render(body, meta, path.relative_to(DOCS).as_posix(), glossary.load(DOCS))


#: The triage verdicts that state today's law (the flow's "law" section), in the tool's order.
LAW_VERDICTS = [
    v.id
    for v in triage_flow().verdicts
    if next(s for s in triage_flow().sections if s.id == v.section).style == "law"
]
#: Findings a model answer could be tempted to write by hand: each must come from a token.
HAND_WRITTEN_FINDINGS = [
    triage_flow().statuses[status]
    for status in (
        "gateway",
        "no_gateway",
        "own_powers",
        "same_controller",
        "separate_controllers",
        "processor",
    )
]
HISTORY_HEADING = re.compile(r"\*\*What the [^*]+ said[^*]*\*\*")


@pytest.mark.parametrize("path", EXERCISE_PAGES, ids=lambda p: p.stem)
def test_model_answers_lead_with_todays_law_then_tell_the_guidance_as_history(path: Path) -> None:
    answer = model_answer(front_matter(path)[1])
    for finding in HAND_WRITTEN_FINDINGS:
        assert finding.lower() not in answer.lower(), f"{path.name}: use a token, not {finding!r}"
    history = HISTORY_HEADING.search(answer)
    assert history, f"{path.name}: the model answer should say what the 2009–11 guidance said"
    law_tokens = [
        match
        for match in training_pages.TOKEN.finditer(answer)
        if match.group("name") in ("status", "case", "law") and match.group("arg") in LAW_VERDICTS
    ]
    assert law_tokens, f"{path.name}: the model answer should state today's law through the tools' tokens"
    assert law_tokens[0].start() < history.start(), f"{path.name}: today's law comes before the history"
    assert answer.index("{{ tool-answer }}") > history.start()


@pytest.mark.parametrize("exercise", exercises(), ids=lambda e: e.id)
def test_filled_model_answer_says_what_the_tools_say(exercise: Any) -> None:
    text = render(DOCS / training_pages.page_for(exercise.id))
    answer = model_answer(text)
    if exercise.triage is not None:
        result = triage_result(exercise.triage)
        level = decided(result, "level")
        assert f"Level {level.case.value}. {level.case.summary}" in answer
        assert level.case.value == exercise.triage.values["level"]
        for item in result.decided:
            assert f"**{item.verdict.label}**: " in answer
        # Each step of today's law: its finding, the provisions as links, what to check, and only
        # then what the 2009–11 guidance said.
        known = provisions()
        for item in result.decided:
            if item.verdict.id not in LAW_VERDICTS:
                continue
            line = next(line for line in answer.split("\n") if f"**{item.verdict.label}**: " in line)
            assert item.case.summary in line
            for pid in item.case.law:
                assert (f"]({known[pid].url})" if known[pid].url else known[pid].label) in line
            if item.case.check:
                assert f"Check the current position: {item.case.check}" in line
            assert line.index(item.case.summary) < line.index(item.case.history)
        assert answer.index(f"**{triage_flow().verdicts[0].label}**") < answer.index(
            "**Hierarchy of shareability"
        )
        assert f'?{escape(triage_query(exercise.triage))}" data-training-tool="triage"' in text
    if exercise.minimise is not None:
        advice = field_advice(exercise.minimise)
        assert all(item.field is not None for item in advice), "every field should be in the catalogue"
        for item in advice:
            assert f"**{item.given}**" in answer and item.reason in answer
        assert f'?{escape(minimise_query(exercise.minimise))}" data-training-tool="minimise"' in text


def test_inline_tokens_come_from_the_tools() -> None:
    meta = {"exercise": "evaluation"}
    out = training_pages.render(
        "It is {{ level }}; linked, {{ level: esf_anonymised_linking }}; research {{ status: research }}; "
        "name: {{ field: Name }}; NINO: {{ field: NI number }}; health: {{ field: Health condition }}.",
        meta,
        "training/scenarios/evaluation.md",
        [],
    )
    assert out == (
        "It is Level 4; linked, Level 3; research applies; name: leave it out; "
        "NINO: replace it with anonymised identifier; health: treat it as special category data."
    )


def test_case_and_law_tokens_give_the_finding_and_links_to_the_provisions() -> None:
    item = exercise("blue-badge")
    assert item.triage is not None
    found = decided(triage_result(item.triage), "gateway")
    out = training_pages.render(
        "{{ status: gateway }}. {{ case: gateway }} {{ law: gateway }}",
        {"exercise": "blue-badge"},
        "training/x.md",
        [],
    )
    known = provisions()
    links = [f"[{known[pid].label}]({known[pid].url})" for pid in found.case.law]
    assert out == f"a gateway covers it. {found.case.summary} {', '.join(links[:-1])} and {links[-1]}"
    assert training_pages.law_links(["common-law-confidence"]) == known["common-law-confidence"].label


@pytest.mark.parametrize(
    ("markdown", "meta", "message"),
    [
        ("{{ nonsense }}", {"exercise": "evaluation"}, "unknown token"),
        ("{{ level }}", {}, "needs 'exercise: ID'"),
        ("{{ field: Shoe size }}", {"exercise": "evaluation"}, "not in the exercise's field list"),
        ("{{ level: nowhere }}", {}, "no triage scenario 'nowhere'"),
        ("{{ glossary: Not a term }}", {}, "not a term in docs/_data/glossary.yml"),
        ("{{ field: Name }}", {"exercise": "provider-figures"}, "has no field list"),
        ("{{ level", {}, "cannot read the token"),
        ("{{ case: ssaa }}", {"exercise": "evaluation"}, "the triage tool has no verdict 'ssaa'"),
        ("{{ law: level }}", {"exercise": "evaluation"}, "rests on no provision of today's law"),
    ],
)
def test_a_token_that_cannot_be_filled_stops_the_build_naming_page_and_token(
    markdown: str, meta: dict[str, Any], message: str
) -> None:
    with pytest.raises(training_pages.TrainingPageError, match=re.escape("docs/training/x.md: ")) as info:
        training_pages.render(markdown, meta, "training/x.md", glossary.load(DOCS))
    assert message in str(info.value)


def test_block_tokens_keep_the_indentation_of_the_model_answer() -> None:
    out = training_pages.render(
        '??? success "Model answer"\n\n    {{ tool-answer }}\n',
        {"exercise": "ward-profile"},
        "training/scenarios/w.md",
        [],
    )
    lines = [line for line in out.split("\n")[2:] if line]
    assert lines and all(line.startswith("    ") for line in lines)


def test_hierarchy_handout_table_is_the_triage_tools_five_levels() -> None:
    lines = training_pages.hierarchy_table()
    rows = [line for line in lines if line.startswith("| **")]
    assert [row.split("**")[1] for row in rows] == ["1", "2", "3", "4", "5"]


def table_numbers(markdown: str, caption: str) -> list[list[int]]:
    block = markdown.split(f"| {caption} |", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in block.split("\n")[2:] if line.startswith("|")]
    return [[int(cell.strip(" *")) for cell in row.strip("|").split("|")[1:]] for row in rows]


def test_rounding_handout_worked_example_follows_the_rule() -> None:
    text = (DOCS / "training" / "handouts" / "rounding.md").read_text(encoding="utf-8")
    true = table_numbers(text, "Job starts (true)")
    shared = table_numbers(text, "Job starts (shared)")
    cells = [row[:-1] for row in true[:-1]]
    expected_cells = [[round_to_20(value) for value in row] for row in cells]
    assert [row[:-1] for row in shared[:-1]] == expected_cells
    # Totals are the sums of the rounded cells, across and down.
    assert [row[-1] for row in shared[:-1]] == [sum(row) for row in expected_cells]
    assert shared[-1] == [sum(column) for column in zip(*[row for row in shared[:-1]], strict=True)]
    # The true table adds up, and its grand total rounded on its own differs, as the text says.
    assert true[-1][-1] == sum(sum(row) for row in cells)
    assert f"is {shared[-1][-1]}, not {round_to_20(true[-1][-1])}" in " ".join(text.split())


def test_handouts_are_marked_as_handouts_without_navigation() -> None:
    for path in sorted((DOCS / "training" / "handouts").glob("*.md")):
        if path.name == "index.md":
            continue
        meta, _ = front_matter(path)
        assert meta.get("handout") is True and set(meta.get("hide", [])) >= {"navigation", "toc"}, path.name


def test_built_scenario_page_hides_the_model_answer_in_a_closed_details_block(built_site: Path) -> None:
    html = (built_site / "training" / "scenarios" / "information-day.html").read_text(encoding="utf-8")
    details = re.search(r'<details class="success">(.*?)</details>', html, re.DOTALL)
    assert details, "the model answer should be a closed <details> block"
    assert "Level 5" in unescape(re.sub(r"<[^>]+>", "", details.group(1)))
    assert f'href="../../tools/triage.html?v={triage_flow().version}&amp;purpose=outreach' in html
    # Today's law is linked to its current text; the 2009–11 guidance follows as history.
    assert 'href="https://www.legislation.gov.uk/ukpga/1992/5/section/123"' in details.group(1)
    text = unescape(re.sub(r"<[^>]+>", "", details.group(1)))
    assert text.index("What the triage tool concludes today") < text.index("What the 2009–11 guidance said")
