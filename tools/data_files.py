"""Read the YAML data files under docs/_data/ and check them against their JSON Schema.

Any problem becomes a DataFileError that names the file, the entry and what is wrong, so a
broken data file stops the build with a message a content editor can act on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from tools import json_schemas


class DataFileError(ValueError):
    """A data file is missing, is not valid YAML, or does not match its schema."""


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a mapping with the same key twice (YAML would keep the last)."""


def _construct_mapping(loader: _UniqueKeyLoader, node: yaml.MappingNode, deep: bool = False) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise DataFileError(f"line {key_node.start_mark.line + 1}: the key {key!r} appears twice")
        seen.add(key)
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def load_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise DataFileError(f"{path}: cannot read the file ({error.strerror})") from error
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    except DataFileError as error:
        raise DataFileError(f"{path}: {error}") from error
    except yaml.YAMLError as error:
        raise DataFileError(f"{path}: not valid YAML: {error}") from error


def describe(location: list[str | int], entries: list[Any], name_key: str) -> str:
    """'entry 12 (DWP), field expansion' for an error path like [entries, 11, expansion]."""
    parts: list[str] = []
    if len(location) >= 2 and isinstance(location[1], int):
        index = location[1]
        name = entries[index].get(name_key) if isinstance(entries[index], dict) else None
        parts.append(f"entry {index + 1}" + (f" ({name})" if name else ""))
        if len(location) > 2:
            parts.append("field " + ".".join(str(step) for step in location[2:]))
    elif location:
        parts.append("field " + ".".join(str(step) for step in location))
    return ", ".join(parts) or "top level"


def validate(
    data: Any,
    schema: str,
    path: Path,
    list_key: str,
    name_key: str,
    lists: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Raise DataFileError listing every place where data does not match the schema.

    ``schema`` names a file in tools/schemas/ (citations refer to citation.schema.json, whose
    source keys come from the source registry); ``lists`` fills its other ``x-enum-from`` lists.
    """
    validator = json_schemas.validator(schema, lists)
    errors = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
    if not errors:
        return
    entries = data.get(list_key, []) if isinstance(data, dict) else []
    lines = [
        f"  {describe(list(error.absolute_path), entries, name_key)}: {error.message}" for error in errors
    ]
    raise DataFileError(f"{path} does not match its schema:\n" + "\n".join(lines))


def citation(item: str | dict[str, str]) -> tuple[str, str | None]:
    """(key, where) from a validated citation item (citation.schema.json#/$defs/mention):
    ``"dwp-guide"`` or ``{"dwp-guide": "paragraphs 10-18"}``."""
    if isinstance(item, str):
        return item, None
    ((key, where),) = item.items()
    return key, where
