"""Content checks on the built site and on the Markdown in docs/.

Each test names the page and the offending text, so a failure says what to fix and where.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag

import pytest
import yaml

from tests.content_checks import (
    contact_details,
    sources_section_problems,
    superseded_mentions,
    undefined_abbreviations,
)
from tests.site_pages import Page, built_pages, read_page
from tools import glossary, links
from tools.source_documents import CHANGES_PAGE, SOURCES_PAGE
from wizard.core.sources import SOURCES

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
# Topic pages cite their sources; a section's index.md is an overview that routes readers to them.
GUIDANCE_PAGES = sorted(
    path.relative_to(DOCS).as_posix() for path in (DOCS / "guidance").rglob("*.md") if path.name != "index.md"
)

# Pages allowed to name superseded law without a `changed` admonition, and why.
EXPLAINS_CHANGES_ITSELF = {
    "reference/changes-since.html": "it is the page that explains every change",
}

# Anchors on the "What has changed since" page that other pages link to.
CHANGES_ANCHORS = (
    "data-protection-act-1998",
    "data-protection-principles",
    "schedules-2-and-3",
    "schedule-2",
    "schedule-3",
    "section-33",
    "ico-data-sharing-code",
    "information-commission",
    "data-use-and-access-act-2025",
    "welfare-reform-act-2012",
    "digital-economy-act-2017",
    "general-power-of-competence",
    "council-tax-benefit",
    "work-programme",
    "tab-tool",
    "govconnect-gcsx",
    "neighbourhood-statistics",
    "childrens-duty-to-share",
)


def html_name(markdown_path: str) -> str:
    return markdown_path.removesuffix(".md") + ".html"


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[Page]:
    found = built_pages(built_site)
    assert found, f"no pages in {built_site}"
    return found


@pytest.fixture(scope="module")
def entries() -> list[glossary.Entry]:
    return glossary.load(DOCS)


@pytest.fixture(scope="module")
def registry() -> links.Registry:
    return links.load(DOCS)


# --- Guidance pages end with their sources ----------------------------------------------------


@pytest.mark.parametrize("page", GUIDANCE_PAGES)
def test_guidance_page_ends_with_sources_linking_to_source_documents(page: str) -> None:
    problems = sources_section_problems(
        (DOCS / page).read_text(encoding="utf-8"), page, SOURCES, SOURCES_PAGE
    )
    assert not problems, f"docs/{page}:\n  " + "\n  ".join(problems)


def test_source_documents_page_has_an_entry_for_every_source_key(pages: list[Page]) -> None:
    sources = next(page for page in pages if page.path == html_name(SOURCES_PAGE))
    missing = sorted(set(SOURCES) - sources.ids)
    assert not missing, f"{sources.path} has no section with id {', '.join(missing)}"


def test_links_to_source_documents_use_a_source_key(pages: list[Page]) -> None:
    target = html_name(SOURCES_PAGE)
    problems = []
    for page in pages:
        for href in page.links:
            path, fragment = urldefrag(href)
            resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page.path), path)) if path else ""
            if resolved == target and fragment and fragment not in SOURCES:
                problems.append(f"{page.path}: links to {href}, not a source key")
    assert not problems, "\n".join(problems)


# --- Superseded law and services are flagged where they appear --------------------------------


def test_pages_that_name_superseded_law_or_services_carry_a_changed_note(pages: list[Page]) -> None:
    problems = []
    for page in pages:
        if page.path in EXPLAINS_CHANGES_ITSELF or page.changed_admonitions:
            continue
        for rule, context in superseded_mentions(page.prose):
            problems.append(
                f"{page.path}: mentions {rule.label} ('…{context}…') but has no '!!! changed' "
                f"admonition; add one saying what replaced it "
                f"(see {CHANGES_PAGE}#{rule.anchor})"
            )
    assert not problems, "\n".join(problems)


def test_changes_page_has_the_anchors_other_pages_link_to(
    pages: list[Page], entries: list[glossary.Entry]
) -> None:
    changes = next(page for page in pages if page.path == html_name(CHANGES_PAGE))
    wanted = set(CHANGES_ANCHORS) | {entry.changes for entry in entries if entry.changes}
    missing = sorted(wanted - changes.ids)
    assert not missing, f"{changes.path} has no heading with id {', '.join(missing)}"


def test_exemptions_from_the_changed_note_are_real_pages(pages: list[Page]) -> None:
    paths = {page.path for page in pages}
    assert set(EXPLAINS_CHANGES_ITSELF) <= paths, "an exempt page no longer exists; remove it from the list"


# --- Abbreviations and the glossary -----------------------------------------------------------


def test_every_abbreviation_on_every_page_is_in_the_glossary(
    pages: list[Page], entries: list[glossary.Entry]
) -> None:
    defined = glossary.tooltips(entries)
    problems = [
        f"{page.path}: {word!r} is not defined in docs/_data/glossary.yml"
        for page in pages
        for word in undefined_abbreviations(page.prose, defined)
    ]
    assert not problems, "\n".join(problems)


def test_tooltips_and_glossary_page_give_the_same_definition(
    pages: list[Page], entries: list[glossary.Entry]
) -> None:
    page = next(page for page in pages if page.path == html_name(glossary.PAGE))
    on_glossary_page = {item.term: item.expansion for item in page.glossary}
    problems = [
        f"{page.path}: {entry.term!r} shows {on_glossary_page.get(entry.term)!r}, "
        f"glossary.yml says {entry.expansion!r}"
        for entry in entries
        if entry.is_abbreviation and on_glossary_page.get(entry.term) != entry.expansion
    ]
    for other in pages:
        for abbr in other.abbreviations:
            entry = glossary.entry_for(abbr.text, entries)
            if entry is None:
                problems.append(f"{other.path}: tooltip for {abbr.text!r} has no glossary entry")
            elif abbr.title != on_glossary_page.get(entry.term):
                problems.append(
                    f"{other.path}: tooltip for {abbr.text!r} says {abbr.title!r}, "
                    f"the glossary page says {on_glossary_page.get(entry.term)!r}"
                )
    assert not problems, "\n".join(problems)


def test_glossary_page_has_an_anchor_for_every_term(pages: list[Page], entries: list[glossary.Entry]) -> None:
    page = next(page for page in pages if page.path == html_name(glossary.PAGE))
    missing = [entry.term for entry in entries if entry.anchor not in page.ids]
    assert not missing, f"{page.path} has no anchor for {missing}"


def test_every_abbreviation_in_page_prose_has_its_tooltip(
    pages: list[Page], entries: list[glossary.Entry]
) -> None:
    # The same longest-first matching as the abbr extension. Each abbreviation a page uses must
    # carry its tooltip there; that fails if the hook missed a page or a written form. (Text in a
    # raw HTML block is not processed by Markdown, so a page may have fewer tooltips than uses.)
    forms = sorted(glossary.tooltips(entries), key=len, reverse=True)
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(form) for form in forms) + r")\b")
    problems = []
    checked = 0
    for page in pages:
        if page.has_tool:  # tool HTML is rendered by Python, not Markdown, so has no tooltips
            continue
        in_text = Counter(pattern.findall(page.prose))
        wrapped = Counter(abbr.text for abbr in page.abbreviations)
        checked += sum(in_text.values())
        problems += [
            f"{page.path}: {form!r} appears but has no tooltip"
            for form in sorted(in_text)
            if not wrapped[form]
        ]
    assert checked, "no abbreviations found in any page's prose"
    assert not problems, "\n".join(problems)


# --- External links ---------------------------------------------------------------------------


def test_every_external_link_is_registered_as_working(pages: list[Page], registry: links.Registry) -> None:
    linkable = registry.linkable()
    problems = []
    for page in pages:
        for href in page.links:
            if not href.startswith(("http://", "https://")):
                continue
            if href in linkable or urldefrag(href).url in linkable:
                continue
            entry = registry.entry_for_address(href) or registry.entry_for_address(urldefrag(href).url)
            if entry is None:
                problems.append(f"{page.path}: links to {href}, which is not in docs/_data/links.yml")
            else:
                problems.append(
                    f"{page.path}: links to {href}, which links.yml records as {entry.status.value} "
                    f"(entry {entry.id!r}); link a working address instead and show the old one as text"
                )
    assert not problems, "\n".join(problems)


def test_old_addresses_appear_on_the_links_page_only_as_text(
    pages: list[Page], registry: links.Registry
) -> None:
    page = next(page for page in pages if page.path == html_name(links.PAGE))
    clickable = set(page.links)
    problems = []
    for entry in registry.links:
        for address in entry.old_addresses:
            if address not in page.text:
                problems.append(f"{page.path}: old address {address} of {entry.id!r} is not shown")
            if address in clickable and address not in registry.linkable():
                problems.append(f"{page.path}: old address {address} of {entry.id!r} is a link")
    assert not problems, "\n".join(problems)


# --- Navigation -------------------------------------------------------------------------------


class _ConfigLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without evaluating its !ENV tags."""


_ConfigLoader.add_constructor("!ENV", lambda loader, node: None)


def site_config() -> dict[str, Any]:
    config: dict[str, Any] = yaml.load(
        (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_ConfigLoader
    )
    return config


def excluded_folders() -> set[str]:
    """The folders mkdocs.yml's exclude_docs keeps out of the site (data files, decision records)."""
    lines = str(site_config().get("exclude_docs", "")).splitlines()
    return {line.strip().strip("/") for line in lines if line.strip().endswith("/")}


def nav_pages() -> list[str]:
    config = site_config()

    def walk(node: Any) -> list[str]:
        if isinstance(node, str):
            return [node]
        if isinstance(node, list):
            return [page for item in node for page in walk(item)]
        if isinstance(node, dict):
            return [page for value in node.values() for page in walk(value)]
        return []

    return [page for page in walk(config["nav"]) if page.endswith(".md")]


def test_every_page_in_docs_is_in_the_navigation() -> None:
    in_nav = set(nav_pages())
    in_docs = {
        path.relative_to(DOCS).as_posix()
        for path in DOCS.rglob("*.md")
        if path.relative_to(DOCS).parts[0] not in excluded_folders()
    }
    missing = sorted(in_docs - in_nav)
    assert not missing, f"pages missing from the nav in mkdocs.yml: {', '.join(missing)}"
    unknown = sorted(in_nav - in_docs - {glossary.PAGE, links.PAGE})
    assert not unknown, f"the nav in mkdocs.yml names pages that do not exist: {', '.join(unknown)}"


def test_every_built_page_is_reachable_from_the_navigation(built_site: Path, pages: list[Page]) -> None:
    home = read_page(built_site, built_site / "index.html")
    reachable = {posixpath.normpath(urldefrag(href).url) for href in home.nav_links if urldefrag(href).url}
    assert reachable, "index.html has no primary navigation"
    missing = sorted(page.path for page in pages if page.path not in reachable)
    assert not missing, f"built pages not linked from the site navigation: {', '.join(missing)}"


# --- Personal contact details -----------------------------------------------------------------


def test_no_page_shows_an_email_address_or_phone_number(pages: list[Page]) -> None:
    problems = [
        f"{page.path}: {detail!r} (name the organisation instead of a person's contact details)"
        for page in pages
        for detail in contact_details(page.text, page.links)
    ]
    assert not problems, "\n".join(problems)
