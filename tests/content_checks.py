"""Content rules for the site, as plain functions over text, so each can be tested on examples.

tests/site/test_content.py applies them to the built site and to the Markdown in docs/.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass

# --- Abbreviations ----------------------------------------------------------------------------

# A word starting with a letter, not glued to a letter or digit before it ("16LA" in s.16LA is a
# section number, not an abbreviation). Dotted names like GOV.UK count as one word.
_WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9]*(?:\.[A-Z][A-Za-z0-9]*)*")
# Roman numerals in legal references ("Chapter III", "Part V") are not abbreviations.
_ROMAN = re.compile(r"^(?=[IVX]{2,}$)X{0,3}(?:IX|IV|V?I{0,3})$")


def looks_like_abbreviation(word: str) -> bool:
    """Two or more capitals making up at least half the letters: DWP, LSOAs, NeSS, IDeA, GCSx.

    Ordinary capitalised words (Council, JavaScript, GovConnect) do not qualify.
    """
    letters = [c for c in word if c.isalpha()]
    capitals = sum(c.isupper() for c in letters)
    return capitals >= 2 and capitals * 2 >= len(letters) and not _ROMAN.match(word)


def abbreviations_in(text: str) -> list[str]:
    return [m.group(0) for m in _WORD.finditer(text) if looks_like_abbreviation(m.group(0))]


def undefined_abbreviations(text: str, defined: Iterable[str]) -> list[str]:
    """Abbreviation-like words in the text that the glossary does not define, in order, once each."""
    known = set(defined)
    missing: list[str] = []
    for word in abbreviations_in(text):
        if word not in known and word not in missing:
            missing.append(word)
    return missing


# --- Superseded law and services --------------------------------------------------------------


@dataclass(frozen=True)
class Superseded:
    label: str
    pattern: re.Pattern[str]
    anchor: str  # the item on reference/changes-since.md that explains it


def _rule(label: str, pattern: str, anchor: str, *, ignore_case: bool = False) -> Superseded:
    return Superseded(label, re.compile(pattern, re.IGNORECASE if ignore_case else 0), anchor)


SUPERSEDED: tuple[Superseded, ...] = (
    _rule("Data Protection Act 1998", r"Data Protection Act,? 1998", "data-protection-act-1998"),
    _rule("DPA 1998", r"\bDPA,? 1998\b", "data-protection-act-1998"),
    _rule(
        "Schedule 2 or 3 (DPA 1998 conditions)", r"\bSchedules? [23]\b", "schedules-2-and-3", ignore_case=True
    ),
    _rule("section 33 (research exemption)", r"\b(?:section|s\.) ?33\b", "section-33", ignore_case=True),
    _rule("ICO framework code", r"\bframework code\b", "ico-data-sharing-code", ignore_case=True),
    _rule("Council Tax Benefit", r"\bCouncil Tax Benefits?\b", "council-tax-benefit", ignore_case=True),
    _rule("CTB", r"\bCTB\b", "council-tax-benefit"),
    _rule("Welfare Reform Bill", r"\bWelfare Reform Bill\b", "welfare-reform-act-2012", ignore_case=True),
    _rule(
        "Social Fund (crisis loans, community care grants)",
        r"\bSocial Fund\b|\bcrisis loans?\b|\bcommunity care grants?\b",
        "social-fund",
        ignore_case=True,
    ),
    _rule("well-being power", r"\bwell-?being powers?\b", "general-power-of-competence", ignore_case=True),
    _rule("Work Programme", r"\bWork Programme\b", "work-programme"),
    _rule("GovConnect", r"\bGov ?Connect\b|\bGovernment Connect\b", "govconnect-gcsx"),
    _rule("GCSx", r"\bGCSx\b", "govconnect-gcsx"),
    _rule("Tab Tool", r"\bTab ?Tool\b|\bTabulation Tool\b", "tab-tool", ignore_case=True),
    _rule(
        "Neighbourhood Statistics",
        r"\bNeighbourhood Statistics\b",
        "neighbourhood-statistics",
        ignore_case=True,
    ),
    _rule("NeSS", r"\bNeSS\b", "neighbourhood-statistics"),
)


def superseded_mentions(text: str) -> list[tuple[Superseded, str]]:
    """Each superseded item the text mentions, with the words around its first mention."""
    found: list[tuple[Superseded, str]] = []
    for rule in SUPERSEDED:
        match = rule.pattern.search(text)
        if match:
            start, end = max(0, match.start() - 40), match.end() + 40
            found.append((rule, " ".join(text[start:end].split())))
    return found


# --- Personal contact details -----------------------------------------------------------------

EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# UK numbers: 0 or +44 then 9 or 10 more digits, in groups separated by single spaces or hyphens
# (020 7296 6880, 0191 261 177, +44 20 7946 0000). Line breaks between table cells do not join.
PHONE = re.compile(r"(?<![\d.,/])(?:\+44[ -]?(?:\(0\)[ -]?)?|0)(?:\d[ -]?){8,9}\d(?![\d/])")


def contact_details(text: str, links: Iterable[str]) -> list[str]:
    """E-mail addresses and phone numbers in a page's text or in mailto:/tel: links."""
    found = [m.group(0) for m in EMAIL.finditer(text)] + [m.group(0).strip() for m in PHONE.finditer(text)]
    found += [link for link in links if link.lower().startswith(("mailto:", "tel:"))]
    return list(dict.fromkeys(found))


# --- The Sources section of a guidance page ---------------------------------------------------

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*(?:\{[^}]*\})?\s*#*\s*$", re.MULTILINE)
_ITEM = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+", re.MULTILINE)
_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _resolve(page: str, target: str) -> tuple[str, str]:
    """(path relative to docs/, fragment) for a link target written on a page."""
    path, _, fragment = target.partition("#")
    if not path:
        return page, fragment
    return posixpath.normpath(posixpath.join(posixpath.dirname(page), path)), fragment


def sources_section_problems(markdown: str, page: str, keys: Iterable[str], sources_page: str) -> list[str]:
    """What is wrong with a guidance page's closing "## Sources" section (empty if nothing).

    ``page`` is the page's path relative to docs/ (for resolving relative links); ``keys`` are
    the anchors that exist on ``sources_page``.
    """
    valid = set(keys)
    text = _FENCE.sub("", markdown)
    headings = list(_HEADING.finditer(text))
    level_two = [h for h in headings if len(h.group(1)) == 2]
    if not level_two:
        return ["has no '## Sources' section"]
    last = level_two[-1]
    if last.group(2).strip() != "Sources":
        return [f"does not end with '## Sources' (its last section is '## {last.group(2).strip()}')"]
    later = [h.group(0).strip() for h in headings if h.start() > last.start()]
    if later:
        return [f"has headings after '## Sources': {', '.join(later)}"]
    section = text[last.end() :]
    items = [item.strip() for item in _ITEM.split(section)[1:]]
    if not items:
        return ["'## Sources' has no list of sources"]
    problems: list[str] = []
    for item in items:
        first_line = item.splitlines()[0] if item else ""
        cited = [
            fragment
            for path, fragment in (_resolve(page, target) for target in _LINK.findall(item))
            if path == sources_page
        ]
        if not cited:
            problems.append(f"source '{first_line[:80]}' does not link to {sources_page}#<document>")
        problems += [
            f"source '{first_line[:80]}' links to #{fragment or '(no anchor)'}, which is not one of "
            f"{', '.join(sorted(valid))}"
            for fragment in cited
            if fragment not in valid
        ]
    return problems
