"""The glossary: one data file (docs/_data/glossary.yml) of terms and abbreviations.

It is rendered twice from the same entries, so the two can never disagree:
- the glossary page (reference/glossary.md), alphabetical, one anchor per term;
- Markdown abbreviation definitions (``*[DWP]: Department for Work and Pensions``) appended to
  every page, which Material shows as tooltips wherever the abbreviation occurs.

An entry with an ``expansion`` is an abbreviation and gets a tooltip; an entry without one is a
term (jargon) that only appears on the glossary page.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from tools.data_files import DataFileError, citation, load_yaml, validate
from tools.source_documents import cite

PAGE: Final = "reference/glossary.md"
DATA_FILE: Final = Path("_data") / "glossary.yml"

SCHEMA: Final = "glossary.schema.json"  # in tools/schemas/


@dataclass(frozen=True)
class Entry:
    term: str
    definition: str
    expansion: str | None = None
    forms: tuple[str, ...] = ()
    today: str | None = None
    changes: str | None = None
    see: tuple[str, ...] = ()
    sources: tuple[tuple[str, str | None], ...] = ()

    @property
    def is_abbreviation(self) -> bool:
        return self.expansion is not None

    @property
    def anchor(self) -> str:
        return slug(self.term)

    def written_forms(self) -> tuple[str, ...]:
        """Every spelling that gets this entry's tooltip: the term, its plural, listed forms."""
        if not self.is_abbreviation:
            return ()
        # A plain "s" plural (LSOAs) for simple abbreviations; not for APS, UK GDPR or GOV.UK.
        plural = (self.term + "s",) if self.term.isalnum() and self.term[-1] not in "sS" else ()
        return (self.term, *plural, *self.forms)


def slug(term: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", term.casefold()).strip("-")


def _letter(term: str) -> str:
    return term[0].upper()


def _sort_key(entry: Entry) -> tuple[str, str]:
    return entry.term.casefold(), entry.term


def parse(data: Any, path: Path) -> list[Entry]:
    """Entries from the loaded YAML, after checking the schema and the cross-references."""
    validate(data, SCHEMA, path, "entries", "term")
    entries = [
        Entry(
            term=item["term"],
            definition=item["definition"].strip(),
            expansion=item.get("expansion"),
            forms=tuple(item.get("forms", ())),
            today=item.get("today", "").strip() or None,
            changes=item.get("changes"),
            see=tuple(item.get("see", ())),
            sources=tuple(citation(source) for source in item["sources"]),
        )
        for item in data["entries"]
    ]
    problems: list[str] = []
    seen: dict[str, str] = {}
    for entry in entries:
        if entry.anchor in seen:
            problems.append(f"{entry.term!r} has the same anchor #{entry.anchor} as {seen[entry.anchor]!r}")
        seen.setdefault(entry.anchor, entry.term)
        if entry.forms and not entry.is_abbreviation:
            problems.append(
                f"{entry.term!r} lists forms but has no expansion (only abbreviations have forms)"
            )
    written: dict[str, str] = {}
    for entry in entries:
        for form in entry.written_forms():
            if form in written and written[form] != entry.term:
                problems.append(f"{form!r} is written the same way in {written[form]!r} and {entry.term!r}")
            written.setdefault(form, entry.term)
    terms = {entry.term for entry in entries}
    for entry in entries:
        problems += [
            f"{entry.term!r} says 'see {other}', which is not a term"
            for other in entry.see
            if other not in terms
        ]
    if problems:
        raise DataFileError(f"{path}:\n" + "\n".join(f"  {problem}" for problem in problems))
    return sorted(entries, key=_sort_key)


def load(docs_dir: Path) -> list[Entry]:
    path = docs_dir / DATA_FILE
    return parse(load_yaml(path), path)


@functools.lru_cache(maxsize=4)
def _abbreviations_for(path: Path, modified_ns: int) -> str:
    return abbreviation_markdown(parse(load_yaml(path), path))


def abbreviations_for_pages(docs_dir: Path) -> str:
    """The abbreviation definitions for every page, read once per change of the data file."""
    path = docs_dir / DATA_FILE
    try:
        modified_ns = path.stat().st_mtime_ns
    except OSError as error:
        raise DataFileError(f"{path}: cannot read the file ({error.strerror})") from error
    return _abbreviations_for(path, modified_ns)


def tooltips(entries: Iterable[Entry]) -> dict[str, str]:
    """Written form -> the expansion shown as its tooltip (and on the glossary page)."""
    return {form: entry.expansion for entry in entries if entry.expansion for form in entry.written_forms()}


def abbreviation_markdown(entries: Iterable[Entry]) -> str:
    """Markdown abbreviation definitions for the abbr extension, one per written form."""
    return "\n".join(f"*[{form}]: {title}" for form, title in sorted(tooltips(entries).items()))


def entry_for(form: str, entries: Iterable[Entry]) -> Entry | None:
    """The abbreviation entry that a written form (DWP, LSOAs, LPSA2) belongs to, if any."""
    return next((entry for entry in entries if form in entry.written_forms()), None)


def _entry_markdown(entry: Entry, by_term: dict[str, Entry]) -> str:
    blocks: list[str] = []
    if entry.expansion:
        blocks.append(f"**{entry.expansion}**{{ .glossary-expansion }}")
    blocks.append(entry.definition)
    more = f"[What has changed since](changes-since.md#{entry.changes})" if entry.changes else None
    if entry.today:
        blocks.append(f"**Today:** {entry.today}" + (f" More in {more}." if more else ""))
    elif more:
        blocks.append(f"**More:** {more}.")
    if entry.see:
        links = ", ".join(f"[{other}](#{by_term[other].anchor})" for other in entry.see)
        blocks.append(f"**See also:** {links}.")
    if entry.sources:
        cited = "; ".join(cite(key, where, "sources.md") for key, where in entry.sources)
        blocks.append(f"**In the sources:** {cited}.")
    else:
        blocks.append("**In the sources:** not used; added for today's law and services.")
    body = "\n\n".join(blocks).replace("\n", "\n    ")
    return f"{entry.term} {{ #{entry.anchor} }}\n:   {body}\n"


INTRO: Final = """\
# Glossary

Terms and abbreviations used on this site and in the five source documents, in alphabetical
order. An abbreviation shows its meaning as a tooltip wherever it appears on the site: the
tooltip and this page come from the same list.

Where an entry has no **Today** note, we have not checked what has become of it since the
sources were written: treat it as describing the years 2005 to 2011.

!!! changed "Many of these terms date from 2005–2011"
    Several laws, benefits and services named here have since been repealed, abolished or
    replaced, for example the Data Protection Act 1998, Council Tax Benefit, GCSx and the
    Work Programme. Each entry says so where our research found it. The page
    [What has changed since](changes-since.md) explains every change.
"""


def page_markdown(entries: list[Entry]) -> str:
    """The whole glossary page: a letter index, then one definition list per letter."""
    by_term = {entry.term: entry for entry in entries}
    letters: dict[str, list[Entry]] = {}
    for entry in entries:
        letters.setdefault(_letter(entry.term), []).append(entry)
    index = " · ".join(f"[{letter}](#letter-{letter.lower()})" for letter in letters)
    sections = [
        f"## {letter} {{ #letter-{letter.lower()} }}\n\n"
        + '<div class="glossary" markdown>\n\n'
        + "\n".join(_entry_markdown(entry, by_term) for entry in group)
        + "\n</div>\n"
        for letter, group in letters.items()
    ]
    return "\n".join([INTRO, f"Jump to: {index}\n", *sections])
