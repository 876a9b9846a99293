"""The field catalogue (minimise/fields.toml): data fields, how identifying each is, and advice by purpose.

Loading is strict: a mistake in the data file stops with a message naming the entry and key,
never with a half-read catalogue. The same rules are also written as a JSON Schema
(tools/schemas/fields.schema.json) that the build and the tests check; this module repeats the
checks that matter at run time, where jsonschema is not available (Pyodide ships only the
standard library), and adds the ones a schema cannot express: references between entries,
synonyms that collide, and alternatives that would be more identifying than what they replace.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

from wizard.core.purposes import Citation, purposes


class CatalogueError(ValueError):
    """The field catalogue is malformed; the message names the entry and key."""


class Verdict(StrEnum):
    KEEP = "keep"
    REPLACE = "replace"
    DROP = "drop"
    SENSITIVE = "sensitive"


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
    sources: Mapping[str, str]
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

    def cite_text(self, citation: Citation) -> str:
        return f"{self.sources.get(citation.source, citation.source)}, {citation.where}"


_QUALIFIER = re.compile(r"\s*[\(\[][^\(\)\[\]]*[\)\]]\s*$")


def _without_qualifiers(name: str) -> str:
    """The name without qualifiers in brackets at its end: "Sex (M/F)" -> "Sex"."""
    while True:
        shorter = _QUALIFIER.sub("", name)
        if shorter == name or not normalise(shorter):
            return name.strip()
        name = shorter


def normalise(name: str) -> str:
    """Fold a field name so that case, punctuation, spacing and Unicode forms do not matter.

    "D.O.B.", "dob" and "DOB " all become "dob"; "Date of birth" and "date_of_birth" become
    "dateofbirth".
    """
    folded = unicodedata.normalize("NFKC", name).casefold()
    return "".join(ch for ch in folded if ch.isalnum())


# --- strict reading ----------------------------------------------------------------------------

_VERDICTS = {item.value for item in Verdict}


def _fail(where: str, problem: str) -> CatalogueError:
    return CatalogueError(f"fields.toml, {where}: {problem}")


def _table(
    value: Any, where: str, required: Collection[str], optional: Collection[str] = ()
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _fail(where, "should be a table")
    missing = sorted(set(required) - value.keys())
    if missing:
        raise _fail(where, f"is missing {', '.join(missing)}")
    unknown = sorted(value.keys() - set(required) - set(optional))
    if unknown:
        raise _fail(where, f"has unknown key(s) {', '.join(unknown)}")
    return value


def _text(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "should be non-empty text")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise _fail(where, "should be a list")
    return value


def _advice(raw: Any, where: str, sources: Mapping[str, str], notes: Mapping[str, Note]) -> Advice:
    table = _table(raw, where, {"verdict", "reason", "cite", "notes"}, {"alternatives"})
    verdict = table["verdict"]
    if verdict not in _VERDICTS:
        raise _fail(f"{where}.verdict", f"{verdict!r} is not one of {', '.join(sorted(_VERDICTS))}")
    cites = []
    for number, item in enumerate(_list(table["cite"], f"{where}.cite")):
        spot = f"{where}.cite[{number}]"
        entry = _table(item, spot, {"source", "where"})
        if entry["source"] not in sources:
            raise _fail(f"{spot}.source", f"{entry['source']!r} is not in [sources]")
        cites.append(Citation(entry["source"], _text(entry["where"], f"{spot}.where")))
    if not cites:
        raise _fail(f"{where}.cite", "every piece of advice needs at least one citation")
    note_ids = [_text(item, f"{where}.notes") for item in _list(table["notes"], f"{where}.notes")]
    for note_id in note_ids:
        if note_id not in notes:
            raise _fail(f"{where}.notes", f"{note_id!r} is not a note id")
    alternatives = [
        _text(item, f"{where}.alternatives") for item in _list(table.get("alternatives", []), where)
    ]
    if verdict == Verdict.REPLACE and not alternatives:
        raise _fail(f"{where}.alternatives", "a 'replace' verdict must name what to use instead")
    if verdict in (Verdict.KEEP, Verdict.DROP) and alternatives:
        raise _fail(f"{where}.alternatives", f"a {verdict!r} verdict takes no alternatives")
    return Advice(
        Verdict(verdict),
        tuple(alternatives),
        _text(table["reason"], f"{where}.reason"),
        tuple(cites),
        tuple(note_ids),
    )


def parse_catalogue(data: Mapping[str, Any]) -> Catalogue:
    """Build the catalogue from decoded TOML, refusing anything malformed or inconsistent."""
    top = _table(
        dict(data),
        "top level",
        {"schema_version", "sources", "levels", "notes", "groups", "fields", "matching", "unknown"},
    )
    if top["schema_version"] != 1:
        raise _fail("schema_version", f"version {top['schema_version']!r} is not supported (expected 1)")
    sources = {
        str(key): _text(value, f"sources.{key}")
        for key, value in _table(top["sources"], "sources", set(), set(top["sources"])).items()
    }
    levels: list[Level] = []
    for rank, raw in enumerate(_list(top["levels"], "levels")):
        entry = _table(raw, f"levels[{rank}]", {"id", "label"})
        levels.append(
            Level(
                _text(entry["id"], f"levels[{rank}].id"), rank, _text(entry["label"], f"levels[{rank}].label")
            )
        )
    level_by_id = {level.id: level for level in levels}
    if len(level_by_id) != len(levels):
        raise _fail("levels", "level ids must be unique")
    notes: dict[str, Note] = {}
    for key, raw in _table(top["notes"], "notes", set(), set(top["notes"])).items():
        entry = _table(raw, f"notes.{key}", {"title", "text"})
        notes[key] = Note(
            key, _text(entry["title"], f"notes.{key}.title"), _text(entry["text"], f"notes.{key}.text")
        )
    groups = []
    for number, raw in enumerate(_list(top["groups"], "groups")):
        entry = _table(raw, f"groups[{number}]", {"id", "legend"})
        groups.append(
            Group(
                _text(entry["id"], f"groups[{number}].id"), _text(entry["legend"], f"groups[{number}].legend")
            )
        )
    group_ids = {group.id for group in groups}
    matching = _table(top["matching"], "matching", {"prefixes"})
    prefixes = tuple(
        normalise(_text(item, "matching.prefixes"))
        for item in _list(matching["prefixes"], "matching.prefixes")
    )
    purpose_ids = {item.id for item in purposes()}

    fields: list[Field] = []
    index: dict[str, str] = {}
    for number, raw in enumerate(_list(top["fields"], "fields")):
        named = f"fields[{number}] ({raw.get('id', '?')})" if isinstance(raw, dict) else f"fields[{number}]"
        entry = _table(raw, named, {"id", "label", "group", "level", "synonyms", "advice"}, {"purposes"})
        field_id = _text(entry["id"], f"fields[{number}].id")
        where = f"fields[{number}] ({field_id})"
        if entry["group"] not in group_ids:
            raise _fail(f"{where}.group", f"{entry['group']!r} is not a group id")
        if entry["level"] not in level_by_id:
            raise _fail(f"{where}.level", f"{entry['level']!r} is not a level id")
        label = _text(entry["label"], f"{where}.label")
        synonyms = tuple(
            _text(item, f"{where}.synonyms") for item in _list(entry["synonyms"], f"{where}.synonyms")
        )
        for name in (label, field_id, *synonyms):
            key = normalise(name)
            if not key:
                raise _fail(f"{where}.synonyms", f"{name!r} has no letters or digits")
            if index.get(key, field_id) != field_id:
                raise _fail(f"{where}.synonyms", f"{name!r} also matches field {index[key]!r}")
            index[key] = field_id
        by_purpose: dict[str, Advice] = {}
        for purpose_id, advice in _table(
            entry.get("purposes", {}), f"{where}.purposes", set(), purpose_ids
        ).items():
            by_purpose[purpose_id] = _advice(advice, f"{where}.purposes.{purpose_id}", sources, notes)
        fields.append(
            Field(
                field_id,
                label,
                entry["group"],
                level_by_id[entry["level"]],
                synonyms,
                _advice(entry["advice"], f"{where}.advice", sources, notes),
                by_purpose,
            )
        )
    by_id = {item.id: item for item in fields}
    if len(by_id) != len(fields):
        raise _fail("fields", "field ids must be unique")
    for item in fields:
        for purpose_id, advice in [("advice", item.advice), *item.by_purpose.items()]:
            for alternative in advice.alternatives:
                where = f"field {item.id!r}, {purpose_id}, alternative {alternative!r}"
                if alternative not in by_id:
                    raise _fail(where, "is not a field id")
                if by_id[alternative].level.rank >= item.level.rank:
                    raise _fail(where, "is not less identifying than the field it replaces")
    for group in groups:
        if not any(item.group == group.id for item in fields):
            raise _fail(f"group {group.id!r}", "has no fields")
    unknown = _advice(
        {**_table(top["unknown"], "unknown", {"reason", "cite", "notes"}), "verdict": "keep"},
        "unknown",
        sources,
        notes,
    )
    return Catalogue(tuple(fields), tuple(levels), tuple(groups), notes, sources, prefixes, index, unknown)


@cache
def catalogue() -> Catalogue:
    text = resources.files("wizard.minimise").joinpath("fields.toml").read_text(encoding="utf-8")
    return parse_catalogue(tomllib.loads(text))
