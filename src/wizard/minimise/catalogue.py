"""The field catalogue (minimise/fields.toml): data fields, how identifying each is, and advice by purpose.

Loading is strict: a mistake in the data file stops with a message naming the entry and key,
never with a half-read catalogue. The same rules are also written as a JSON Schema
(tools/schemas/fields.schema.json) that the build and the tests check; this module repeats the
checks that matter at run time, where jsonschema is not available (Pyodide ships only the
standard library), and adds the ones a schema cannot express: references between entries,
synonyms that collide, and alternatives that would be more identifying than what they replace.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from typing import Any

from wizard.core.data import DataError, Table, as_table, file_label, read_data
from wizard.core.law import provisions
from wizard.core.purposes import purposes
from wizard.core.sources import Citation, read_citations

PACKAGE = "wizard.minimise"
FILE = "fields.toml"


class CatalogueError(DataError):
    """The field catalogue is malformed; the message names the file, the entry and the key."""


class Verdict(StrEnum):
    KEEP = "keep"
    REPLACE = "replace"
    DROP = "drop"
    SENSITIVE = "sensitive"  # special category (UK GDPR Art 9) or criminal offence data (Art 10)


#: The provisions (ids in core/law.toml) that make a field special category data or criminal
#: offence data. A "sensitive" verdict names one of them in its ``law``.
ARTICLE_9 = "ukgdpr-art9"
ARTICLE_10 = "ukgdpr-art10"


@dataclass(frozen=True)
class Level:
    id: str
    rank: int  # 0 = least identifying
    label: str


@dataclass(frozen=True)
class Note:
    id: str
    title: str
    text: str


@dataclass(frozen=True)
class Group:
    id: str
    legend: str


@dataclass(frozen=True)
class Advice:
    verdict: Verdict
    alternatives: tuple[str, ...]  # field ids, each less identifying than the field
    reason: str
    cite: tuple[Citation, ...]
    notes: tuple[str, ...]  # note ids
    law: tuple[str, ...] = ()  # provisions of today's law the advice states (ids in core/law.toml)


@dataclass(frozen=True)
class Field:
    id: str
    label: str
    group: str
    level: Level
    synonyms: tuple[str, ...]
    advice: Advice
    by_purpose: Mapping[str, Advice]

    def advice_for(self, purpose_id: str) -> Advice:
        return self.by_purpose.get(purpose_id, self.advice)


@dataclass(frozen=True)
class Catalogue:
    fields: tuple[Field, ...]
    levels: tuple[Level, ...]
    groups: tuple[Group, ...]
    notes: Mapping[str, Note]
    prefixes: tuple[str, ...]  # normalised words tried off the front of a name
    index: Mapping[str, str]  # normalised name or synonym -> field id
    unknown: Advice  # for a name the catalogue does not know (verdict field unused)

    def field(self, field_id: str) -> Field:
        for item in self.fields:
            if item.id == field_id:
                return item
        raise KeyError(field_id)

    def in_group(self, group_id: str) -> tuple[Field, ...]:
        return tuple(item for item in self.fields if item.group == group_id)

    def _exact(self, name: str) -> Field | None:
        key = normalise(name)
        if not key:
            return None
        found = self.index.get(key)
        if found is None:
            for prefix in self.prefixes:
                if key.startswith(prefix) and key[len(prefix) :] in self.index:
                    found = self.index[key[len(prefix) :]]
                    break
        return self.field(found) if found else None

    def lookup(self, name: str) -> Field | None:
        """The field a name means; None if it is not known.

        Tried in turn: the name as it stands (ignoring case, punctuation and spacing, and a word
        such as "Client" in front); without qualifiers in brackets at its end ("Disability (Y/N)",
        "Date of birth (dd/mm/yyyy)", "Postcode (full)"); then each part of a name split on "/"
        ("Religion/Belief"), keeping the most protective match: special category or offence data
        first, then the most identifying field.
        """
        found = self._exact(name)
        if found is not None:
            return found
        bare = _without_qualifiers(name)
        if bare != name:
            found = self._exact(bare)
            if found is not None:
                return found
        parts = [part for part in bare.split("/") if normalise(part)]
        if len(parts) > 1:
            matches = [match for match in (self._exact(part) for part in parts) if match is not None]
            if matches:
                return max(matches, key=lambda item: (item.group == "sensitive", item.level.rank))
        return None


_OPENING, _CLOSING = "([", ")]"


def _without_qualifiers(name: str) -> str:
    """The name without qualifiers in brackets at its end: "Sex (M/F)" -> "Sex"; "Date of birth
    (dd/mm/yyyy) [optional]" -> "Date of birth". A qualifier holds no bracket itself; one that
    would leave no letter or digit is kept ("(Other)" stays).

    One pass from the end, so a long line costs time in proportion to its length (a regular
    expression anchored at the end tried every start and took seconds on a pasted paragraph)."""
    end = len(name.rstrip())
    first_letter = next((i for i, ch in enumerate(name) if ch.isalnum()), len(name))
    while end > 0 and name[end - 1] in _CLOSING:
        start = end - 2
        while start >= 0 and name[start] not in _OPENING and name[start] not in _CLOSING:
            start -= 1
        if start < 0 or name[start] not in _OPENING:
            break
        while start > 0 and name[start - 1].isspace():
            start -= 1
        if start <= first_letter:
            break  # nothing but the qualifier would be left
        end = start
    return name[:end].strip()


def normalise(name: str) -> str:
    """Fold a field name so that case, punctuation, spacing and Unicode forms do not matter.

    "D.O.B.", "dob" and "DOB " all become "dob"; "Date of birth" and "date_of_birth" become
    "dateofbirth".
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


# --- strict reading ----------------------------------------------------------------------------

_VERDICTS = [item.value for item in Verdict]


def _advice(table: Table, notes: Mapping[str, Note], verdict: str | None = None) -> Advice:
    """Advice from its table; ``verdict`` is given for the [unknown] advice, which has none."""
    verdict = verdict or table.choice("verdict", _VERDICTS)
    if table.has("cite") and table.raw("cite") == []:
        raise table.fail("every piece of advice needs at least one citation", "cite")
    cites = read_citations(table)
    note_ids = table.texts("notes", at_least=0)
    for note_id in note_ids:
        if note_id not in notes:
            raise table.fail(f"{note_id!r} is not a note id", "notes")
    alternatives = table.texts("alternatives", required=False)
    law = table.texts("law", required=False)
    known = provisions()
    for index, provision_id in enumerate(law):
        if provision_id not in known:
            raise table.fail(f"no provision {provision_id!r} in core/law.toml", f"law[{index}]")
    if verdict == Verdict.SENSITIVE and not ({ARTICLE_9, ARTICLE_10} & set(law)):
        raise table.fail(
            "a 'sensitive' verdict must name the law it rests on: UK GDPR Article 9 (special category "
            f"data, {ARTICLE_9!r}) or Article 10 (criminal offence data, {ARTICLE_10!r})",
            "law",
        )
    if verdict == Verdict.REPLACE and not alternatives:
        raise table.fail("a 'replace' verdict must name what to use instead", "alternatives")
    if verdict in (Verdict.KEEP, Verdict.DROP) and alternatives:
        raise table.fail(f"a {verdict!r} verdict takes no alternatives", "alternatives")
    advice = Advice(Verdict(verdict), alternatives, table.text("reason"), cites, note_ids, law)
    table.done()
    return advice


def parse_catalogue(data: Mapping[str, Any] | Table, file: str = file_label(PACKAGE, FILE)) -> Catalogue:
    """Build the catalogue from decoded TOML, refusing anything malformed or inconsistent.

    Raises CatalogueError naming the file, the entry (``fields[3] (postcode)``) and the key: a
    missing, mistyped or unknown key, an unknown source, note, group, level, purpose or provision
    of law, a "sensitive" verdict that names neither UK GDPR Article 9 nor Article 10, a synonym
    that matches two fields, or an alternative that is not less identifying than its field.
    """
    top = as_table(data, file, CatalogueError)
    version = top.integer("schema_version")
    if version != 1:
        raise top.fail(f"version {version} is not supported (expected 1)", "schema_version")
    levels: list[Level] = []
    for rank, entry in enumerate(top.tables("levels", named_by="id")):
        levels.append(Level(entry.text("id"), rank, entry.text("label")))
        entry.done()
    level_by_id = {level.id: level for level in levels}
    if len(level_by_id) != len(levels):
        raise top.fail("level ids must be unique", "levels")
    notes: dict[str, Note] = {}
    notes_table = top.table("notes")
    for key in notes_table:
        entry = notes_table.table(key)
        notes[key] = Note(key, entry.text("title"), entry.text("text"))
        entry.done()
    notes_table.done()
    groups = []
    for entry in top.tables("groups", named_by="id"):
        groups.append(Group(entry.text("id"), entry.text("legend")))
        entry.done()
    group_ids = [group.id for group in groups]
    matching = top.table("matching")
    prefixes = tuple(normalise(item) for item in matching.texts("prefixes", at_least=0))
    matching.done()
    purpose_ids = [item.id for item in purposes()]

    fields: list[Field] = []
    index: dict[str, str] = {}
    for entry in top.tables("fields", named_by="id"):
        field_id = entry.text("id")
        group_id = entry.choice("group", group_ids)
        level = level_by_id[entry.choice("level", list(level_by_id))]
        label = entry.text("label")
        synonyms = entry.texts("synonyms", at_least=0)
        for name in (label, field_id, *synonyms):
            key = normalise(name)
            if not key:
                raise entry.fail(f"{name!r} has no letters or digits", "synonyms")
            if index.get(key, field_id) != field_id:
                raise entry.fail(f"{name!r} also matches field {index[key]!r}", "synonyms")
            index[key] = field_id
        by_purpose: dict[str, Advice] = {}
        specific = entry.optional_table("purposes")
        if specific is not None:
            for purpose_id in purpose_ids:
                written = specific.optional_table(purpose_id)
                if written is not None:
                    by_purpose[purpose_id] = _advice(written, notes)
            specific.done()
        fields.append(
            Field(
                field_id, label, group_id, level, synonyms, _advice(entry.table("advice"), notes), by_purpose
            )
        )
        entry.done()
    by_id = {item.id: item for item in fields}
    if len(by_id) != len(fields):
        raise top.fail("field ids must be unique", "fields")
    for item in fields:
        for purpose_id, advice in [("advice", item.advice), *item.by_purpose.items()]:
            for alternative in advice.alternatives:
                where = f"field {item.id!r}, {purpose_id}, alternative {alternative!r}"
                if alternative not in by_id:
                    raise top.fail(f"{where}: is not a field id")
                if by_id[alternative].level.rank >= item.level.rank:
                    raise top.fail(f"{where}: is not less identifying than the field it replaces")
    for group in groups:
        if not any(item.group == group.id for item in fields):
            raise top.fail(f"group {group.id!r} has no fields", "groups")
    unknown = _advice(top.table("unknown"), notes, verdict=Verdict.KEEP)
    top.done()
    return Catalogue(tuple(fields), tuple(levels), tuple(groups), notes, prefixes, index, unknown)


@cache
def catalogue() -> Catalogue:
    """The packaged catalogue, minimise/fields.toml (read once). Raises CatalogueError if malformed."""
    return parse_catalogue(read_data(PACKAGE, FILE, CatalogueError))
