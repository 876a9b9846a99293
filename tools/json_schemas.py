"""The JSON Schemas in tools/schemas/: the one way the build and the tests load them.

Every schema of the project is a JSON file in tools/schemas/ (Draft 2020-12). ``schema(name)``
returns one ready to validate with:

- every node marked ``"x-enum-from": "LIST"`` gets an ``enum`` of that list's values, because a
  JSON file cannot read the registries it must agree with: ``source-keys`` (the source registry,
  src/wizard/core/sources.toml), ``purpose-ids`` (src/wizard/core/purposes.toml), and any list
  the caller passes (the case studies' tag vocabulary);
- every other schema file it refers to with ``$ref`` (``citation.schema.json#/$defs/citations``)
  is embedded under ``$defs`` with its ``$id``, so the result is self-contained: a plain
  ``jsonschema.validate(data, schema(name))`` resolves every reference;
- it is checked against the Draft 2020-12 meta-schema, so a broken schema stops the build.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

from tools.paths import SCHEMAS
from wizard.core.purposes import purposes
from wizard.core.sources import SOURCES

#: The keyword that asks for an enum to be filled in, and the lists every schema may name.
FILL = "x-enum-from"


class SchemaFileError(ValueError):
    """A schema file that is missing, not JSON, not a valid Draft 2020-12 schema, or names a list
    that is not known."""


def registry_lists() -> dict[str, list[str]]:
    """The lists schemas may name in ``x-enum-from``, read from the package's registries."""
    return {"source-keys": list(SOURCES), "purpose-ids": [item.id for item in purposes()]}


def schema_files() -> list[Path]:
    """Every schema file in tools/schemas/."""
    return sorted(SCHEMAS.glob("*.json"))


def read_file(name: str) -> dict[str, Any]:
    """The schema file tools/schemas/``name`` as written (not filled in or bundled)."""
    path = SCHEMAS / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as problem:
        raise SchemaFileError(f"tools/schemas/{name}: cannot be read as JSON: {problem}") from None
    if not isinstance(data, dict) or data.get("$id") != name:
        raise SchemaFileError(f"tools/schemas/{name}: must be a JSON object whose $id is {name!r}")
    return data


def _nodes(node: Any) -> Iterator[dict[str, Any]]:
    """Every object inside a schema (the schema itself included)."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _nodes(value)
    elif isinstance(node, list):
        for value in node:
            yield from _nodes(value)


def referenced_files(data: Mapping[str, Any]) -> list[str]:
    """The other schema files a schema refers to with ``$ref`` (``citation.schema.json``), in order."""
    found: list[str] = []
    for node in _nodes(data):
        target = node.get("$ref")
        if isinstance(target, str) and not target.startswith("#"):
            name = target.split("#", 1)[0]
            if name not in found:
                found.append(name)
    return found


def _fill(data: dict[str, Any], name: str, lists: Mapping[str, Sequence[str]]) -> None:
    for node in _nodes(data):
        wanted = node.get(FILL)
        if wanted is None:
            continue
        if wanted not in lists:
            raise SchemaFileError(
                f"tools/schemas/{name}: {FILL} {wanted!r} is not a known list; known: {', '.join(lists)}"
            )
        node["enum"] = list(lists[wanted])


def _bundle(name: str, lists: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    data = copy.deepcopy(read_file(name))
    _fill(data, name, lists)
    pending = referenced_files(data)
    embedded: dict[str, Any] = {}
    while pending:
        other = pending.pop(0)
        if other in embedded or other == name:
            continue
        part = copy.deepcopy(read_file(other))
        _fill(part, other, lists)
        part.pop("$schema", None)
        embedded[other] = part
        pending.extend(referenced_files(part))
    if embedded:
        data.setdefault("$defs", {}).update(embedded)
    try:
        jsonschema.Draft202012Validator.check_schema(data)
    except jsonschema.SchemaError as problem:
        raise SchemaFileError(
            f"tools/schemas/{name} is not a valid Draft 2020-12 schema: {problem.message}"
        ) from None
    return data


@cache
def _cached(name: str, lists: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, Any]:
    return _bundle(name, {**registry_lists(), **dict(lists)})


def schema(name: str, lists: Mapping[str, Sequence[str]] | None = None) -> dict[str, Any]:
    """The schema tools/schemas/``name``, filled in, bundled and checked (see the module's notes).

    ``lists`` adds lists for ``x-enum-from`` beyond the registries' (such as ``case-study-tags``).
    Raises SchemaFileError naming the file if it is missing, not JSON, names an unknown list or
    is not a valid Draft 2020-12 schema. The result is shared between callers: do not change it.
    """
    frozen = tuple(sorted((key, tuple(values)) for key, values in (lists or {}).items()))
    return _cached(name, frozen)


def validator(name: str, lists: Mapping[str, Sequence[str]] | None = None) -> jsonschema.Draft202012Validator:
    """A Draft 2020-12 validator for :func:`schema`'s result."""
    return jsonschema.Draft202012Validator(schema(name, lists))


def errors(data: Any, name: str, lists: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """Every place where ``data`` breaks the schema, as ``path: message`` lines (``(top)`` for the
    whole document), sorted by path; empty when it fits."""
    found = sorted(
        validator(name, lists).iter_errors(data), key=lambda error: list(map(str, error.absolute_path))
    )
    return [f"{'/'.join(map(str, error.absolute_path)) or '(top)'}: {error.message}" for error in found]
