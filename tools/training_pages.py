"""Build step for the Training section: fill the pages' tokens from the tools and the data files.

Training pages are written by hand, but whatever they state about a level, a legal test or a
field comes from running the tools (wizard.training), and term definitions come from the
glossary. A page writes a token where such a fact goes:

Block tokens, alone on a line (indented as the surrounding block, e.g. inside a model answer):
    {{ try-it }}            links that open the exercise in the tools, answers filled in
    {{ tool-answer }}       what the triage tool and the field adviser conclude for the exercise:
                            today's law step by step, each step's 2009–11 history after it
    {{ exercise-list }}     every exercise in src/wizard/training/exercises.toml, linked
    {{ hierarchy-table }}   the five levels, as the triage tool describes them, with sources
    {{ glossary: A | B }}   a table of those glossary entries, with expansions and definitions

Inline tokens, inside a sentence:
    {{ level }}             the exercise's level ("Level 5")
    {{ level: SCENARIO }}   the level of another triage scenario
    {{ status: VERDICT }}   the exercise's status for a triage verdict ("applies", "no gateway found")
    {{ case: VERDICT }}     the triage tool's finding for that verdict, as a sentence (its summary)
    {{ law: VERDICT }}      the provisions of today's law that finding rests on, as links to
                            their current text ("[Welfare Reform Act 2012, section 131](...) and ...")
    {{ field: NAME }}       the field adviser's verdict on one of the exercise's fields

Pages with ``exercise: ID`` in their front matter use that exercise. An unknown token, or one
the page cannot fill, stops the build with a message naming the page and the token.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Mapping, Sequence
from html import escape
from typing import Any

from tools import glossary
from wizard.core.law import provisions
from wizard.core.sources import SOURCES, Citation
from wizard.flow.engine import Decided, Result
from wizard.flow.model import Flow
from wizard.flow.scenarios import Scenario
from wizard.minimise.advice import FieldAdvice, cite_text
from wizard.minimise.catalogue import ARTICLE_9
from wizard.training.exercises import (
    Exercise,
    TrainingDataError,
    decided,
    exercise,
    exercises,
    field_advice,
    minimise_query,
    triage_query,
    triage_result,
    triage_scenario,
)
from wizard.triage.tool import flow as triage_flow

SCENARIO_DIR = "training/scenarios"
TOKEN = re.compile(r"\{\{\s*(?P<name>[a-z-]+)\s*(?::\s*(?P<arg>[^}]*?))?\s*\}\}")
BLOCK_LINE = re.compile(r"^(?P<indent>[ \t]*)\{\{[^}]*\}\}[ \t]*$")


class TrainingPageError(ValueError):
    """A training page asks for something that cannot be filled; the message names page and token."""


def page_for(exercise_id: str) -> str:
    return f"{SCENARIO_DIR}/{exercise_id}.md"


def _relative(target: str, page: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page))


def _status(result: Result, verdict_id: str) -> str:
    return triage_flow().statuses[decided(result, verdict_id).case.status]


def _lower_first(text: str) -> str:
    """The text with a lower-case first letter, unless it starts an abbreviation ("DWP")."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _cites(result_cites: Sequence[Citation]) -> str:
    return "; ".join(cite.text() for cite in result_cites)


def _grouped(cites: Sequence[Citation]) -> str:
    """Citations grouped by document: "DWP guide for local partners (...), §5.1, para 47; §4.2, para 39"."""
    by_source: dict[str, list[str]] = {}
    for cite in cites:
        by_source.setdefault(cite.source, []).append(cite.where)
    return "; ".join(f"{SOURCES[source]}, {'; '.join(places)}" for source, places in by_source.items())


# --- Block tokens ------------------------------------------------------------------------------


def try_it(item: Exercise, page: str) -> list[str]:
    lines = []
    if item.triage is not None:
        href = escape(_relative("tools/triage.html", page) + "?" + triage_query(item.triage))
        lines.append(
            f'- <a href="{href}" data-training-tool="triage">Open this situation in '
            "“Is this share possible?”</a>, with the answers a council officer would give already "
            "filled in. Use **Change** beside an answer to see what difference it makes."
        )
    if item.minimise is not None:
        href = escape(_relative("tools/minimise.html", page) + "?" + minimise_query(item.minimise))
        lines.append(
            f'- <a href="{href}" data-training-tool="minimise">Open the field list in “Which fields '
            f"do you need?”</a>, for {_lower_first(item.minimise.purpose.label)}: "
            + ", ".join(item.minimise.fields)
            + "."
        )
    return lines


def law_links(provision_ids: Sequence[str]) -> str:
    """Provisions of today's law as Markdown links to their current text, in a sentence:
    "[A](url), [B](url) and [C](url)". Law made by the courts has no text and is named plainly."""
    known = provisions()
    names = [
        f"[{known[pid].label}]({known[pid].url})" if known[pid].url else known[pid].label
        for pid in provision_ids
    ]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _law_step(flow: Flow, item: Decided) -> str:
    """One step of today's law: status and summary, the provisions, what to check, then history."""
    case = item.case
    parts = [f"- **{item.verdict.label}**: {flow.statuses[case.status]}. {case.summary}"]
    parts.append(f"The law: {law_links(case.law)}.")
    if case.check:
        parts.append(f"Check the current position: {case.check}")
    if case.history:
        parts.append(f"*What the 2009–11 guidance said:* {case.history}")
    return " ".join(parts) + f" <small>({_cites(case.cite)})</small>"


def _triage_answer(scenario: Scenario, page: str) -> list[str]:
    """What the triage tool concludes, in the tool's order: today's law step by step (each with
    its provisions and then, as history, what the 2009–11 guidance said), DWP's 2009–10
    hierarchy, then the notes the scenario expects, under the tool's section headings."""
    flow = triage_flow()
    result = triage_result(scenario)
    sections = {section.id: section for section in flow.sections}
    law = [item for item in result.decided if sections[item.verdict.section].style == "law"]
    rest = [item for item in result.decided if item not in law]
    lines = ["**What the triage tool concludes today** for these answers, step by step:", ""]
    lines += [_law_step(flow, item) for item in law]
    changes = _relative("reference/changes-since.md", page)
    lines += [
        "",
        '!!! changed "Today\'s law first, the 2009–11 guidance as history"',
        "    The guidance was written under the Data Protection Act 1998, before the regulations made "
        "under the Welfare Reform Act 2012. The UK GDPR and the Data Protection Act 2018 replaced the "
        "1998 Act in 2018 (amended since by the Data (Use and Access) Act 2025). Each step above states "
        "today's position first; what the guidance said follows it, as history. "
        f"[What has changed since]({changes}#data-protection-act-1998)",
    ]
    if rest:
        lines += ["", f"**{sections[rest[0].verdict.section].heading}** (the 2009–10 frame):", ""]
        for item in rest:
            lines.append(
                f"- **{item.verdict.label}**: {flow.statuses[item.case.status]}. {item.case.summary} "
                f"<small>({_cites(item.case.cite)})</small>"
            )
    for section in flow.sections:
        notes = [note for note in result.notes if note.section == section.id and note.id in scenario.notes]
        if not notes:
            continue
        lines += ["", f"**{section.heading}:**", ""]
        for note in notes:
            lead = f"**{note.label}**: " if note.label else ""
            law_part = f" The law: {law_links(note.law)}." if note.law else ""
            lines.append(f"- {lead}{note.text}{law_part} <small>({_cites(note.cite)})</small>")
    return lines


def _field_line(advice: FieldAdvice) -> str:
    read_as = (
        f" (read as {advice.field.label})" if advice.field and advice.field.label != advice.given else ""
    )
    instead = f" Ask for instead: {advice.alternative_text}." if advice.alternative_text else ""
    law = f" The law: {law_links(advice.law)}." if advice.law else ""
    return (
        f"- **{advice.given}**{read_as}: {advice.verdict_label}.{instead} {advice.reason}{law} "
        f"<small>({cite_text(advice.cite)})</small>"
    )


def tool_answer(item: Exercise, page: str) -> list[str]:
    lines: list[str] = []
    if item.triage is not None:
        lines += _triage_answer(item.triage, page)
    if item.minimise is not None:
        if lines:
            lines.append("")
        lines += [
            f"**What the field adviser says**, for {_lower_first(item.minimise.purpose.label)}:",
            "",
            *(_field_line(advice) for advice in field_advice(item.minimise)),
        ]
    return lines


def exercise_list(page: str) -> list[str]:
    lines = []
    for item in exercises():
        tools = []
        if item.triage is not None:
            tools.append("Is this share possible?")
        if item.minimise is not None:
            tools.append("Which fields do you need?")
        lines.append(f"- [{item.title}]({_relative(page_for(item.id), page)}): uses {' and '.join(tools)}.")
    return lines


def hierarchy_table() -> list[str]:
    level = next(verdict for verdict in triage_flow().verdicts if verdict.id == "level")
    cases = [case for case in level.cases if case.value is not None]
    lines = ["| Level | What you would receive | What it means |", "|---|---|---|"]
    lines += [f"| **{case.value}** | {case.summary} | {case.text} |" for case in cases]
    cites = list(dict.fromkeys(cite for case in cases for cite in case.cite))
    return [*lines, "", f"<small>Sources of the table: {_grouped(cites)}.</small>"]


def glossary_list(terms: str, entries: Sequence[glossary.Entry]) -> list[str]:
    by_term = {entry.term: entry for entry in entries}
    lines = ["| Term | What it means |", "|---|---|"]
    for term in (item.strip() for item in terms.split("|")):
        entry = by_term.get(term)
        if entry is None:
            raise TrainingPageError(f"{term!r} is not a term in docs/_data/glossary.yml")
        expansion = f" ({entry.expansion})" if entry.expansion else ""
        lines.append(f"| **{entry.term}**{expansion} | {' '.join(entry.definition.split())} |")
    return lines


def field_phrase(advice: FieldAdvice) -> str:
    """The adviser's verdict as words that fit a sentence: "replace it with an age band", "treat
    it as special category data" (UK GDPR Article 9) or "treat it as criminal offence data"."""
    alternative = _lower_first(advice.alternative_text or "")
    if advice.verdict == "replace":
        return f"replace it with {alternative}"
    if advice.verdict == "drop":
        return "leave it out"
    if advice.verdict == "sensitive":
        kind = "criminal offence data" if ARTICLE_9 not in advice.law else "special category data"
        return f"treat it as {kind}" + (f", or ask for {alternative} instead" if alternative else "")
    if advice.verdict == "keep":
        return "keep it"
    return "say what it holds"


# --- Inline tokens -----------------------------------------------------------------------------


def _needs(item: Exercise | None, token: str, what: str) -> Exercise:
    if item is None:
        raise TrainingPageError(f"{token} needs 'exercise: ID' in the page's front matter")
    if what == "triage" and item.triage is None:
        raise TrainingPageError(f"{token}: exercise {item.id!r} has no triage scenario")
    if what == "minimise" and item.minimise is None:
        raise TrainingPageError(f"{token}: exercise {item.id!r} has no field list")
    return item


def inline(name: str, arg: str | None, item: Exercise | None, token: str) -> str:
    if name == "level":
        scenario = triage_scenario(arg) if arg else _needs(item, token, "triage").triage
        assert scenario is not None
        return _status(triage_result(scenario), "level")
    if name in ("status", "case", "law") and arg:
        scenario = _needs(item, token, "triage").triage
        assert scenario is not None
        found = decided(triage_result(scenario), arg)
        if name == "status":
            return _lower_first(triage_flow().statuses[found.case.status])
        if name == "case":
            return found.case.summary
        if not found.case.law:
            raise TrainingPageError(
                f"{token}: the triage tool's {arg!r} rests on no provision of today's law"
            )
        return law_links(found.case.law)
    if name == "field" and arg:
        task = _needs(item, token, "minimise").minimise
        assert task is not None
        advice = next((a for a in field_advice(task) if a.given == arg), None)
        if advice is None:
            raise TrainingPageError(f"{token}: {arg!r} is not in the exercise's field list")
        return field_phrase(advice)
    raise TrainingPageError(f"unknown token {token}")


# --- The page ----------------------------------------------------------------------------------

BlockMaker = Callable[[str | None], list[str]]


def render(markdown: str, meta: Mapping[str, Any], page: str, entries: Sequence[glossary.Entry]) -> str:
    """The page's Markdown with every token filled. ``page`` is its path inside docs/."""
    try:
        item = exercise(str(meta["exercise"])) if meta.get("exercise") else None
        blocks: dict[str, BlockMaker] = {
            "try-it": lambda _: try_it(_needs(item, "{{ try-it }}", ""), page),
            "tool-answer": lambda _: tool_answer(_needs(item, "{{ tool-answer }}", ""), page),
            "exercise-list": lambda _: exercise_list(page),
            "hierarchy-table": lambda _: hierarchy_table(),
            "glossary": lambda arg: glossary_list(arg or "", entries),
        }
        out: list[str] = []
        for line in markdown.split("\n"):
            block = BLOCK_LINE.match(line)
            match = TOKEN.search(line) if block else None
            if block and match and match.group("name") in blocks:
                indent = block.group("indent")
                made = blocks[match.group("name")](match.group("arg"))
                out += [indent + text if text else "" for text in made]
                continue
            out.append(TOKEN.sub(lambda m: inline(m.group("name"), m.group("arg"), item, m.group(0)), line))
        text = "\n".join(out)
    except (TrainingPageError, TrainingDataError) as problem:
        raise TrainingPageError(f"docs/{page}: {problem}") from None
    if "{{" in text:
        left = text[text.index("{{") :].split("\n")[0][:60]
        raise TrainingPageError(f"docs/{page}: cannot read the token at {left!r}")
    return text


def is_training_page(page: str) -> bool:
    return page.startswith("training/")


def handout_footer(page: str, built: str) -> str:
    """Printed at the foot of a handout: the site, the page's address and the build date.

    The address is the page's path inside the site; a small script (page-address.js) replaces it
    with the full address the page was opened from, where scripts run.
    """
    html_path = page.removesuffix(".md") + ".html"
    script = _relative("assets/training/page-address.js", page)
    return (
        '<footer class="handout-footer">'
        "<p>From <em>Sharing data to tackle worklessness</em>: "
        f'<span data-page-address="">{html_path}</span>. Built {built}. '
        "Based on guidance published 2005–2011; not legal advice.</p>"
        f'<script src="{script}" defer></script>'
        "</footer>"
    )
