"""The purposes a share can have, shared by every wizard (see core/purposes.toml)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from wizard.core.data import Table, as_table, file_label, read_data
from wizard.core.sources import Citation, read_citation

PACKAGE = "wizard.core"
FILE = "purposes.toml"


@dataclass(frozen=True)
class Purpose:
    id: str
    label: str
    hint: str
    citation: Citation


def parse_purposes(
    data: Mapping[str, Any] | Table, file: str = file_label(PACKAGE, FILE)
) -> tuple[Purpose, ...]:
    """The purposes from decoded TOML (``[[purposes]]`` with id, label, hint and a citation).

    Raises DataError naming the file and key for a missing, mistyped or unknown key, an unknown
    source, or an id used twice.
    """
    top = as_table(data, file)
    found: list[Purpose] = []
    for item in top.tables("purposes", named_by="id"):
        cited = item.table("citation")
        purpose = Purpose(item.text("id"), item.text("label"), item.text("hint"), read_citation(cited))
        cited.done()
        item.done()
        if any(other.id == purpose.id for other in found):
            raise item.fail(f"the id {purpose.id!r} is used twice", "id")
        found.append(purpose)
    top.done()
    return tuple(found)


@cache
def purposes() -> tuple[Purpose, ...]:
    """Every purpose, in the file's order (read once). Raises DataError for a malformed file."""
    return parse_purposes(read_data(PACKAGE, FILE))


def purpose(purpose_id: str) -> Purpose:
    """The purpose with this id; KeyError naming the known ids if there is none."""
    for item in purposes():
        if item.id == purpose_id:
            return item
    known = ", ".join(item.id for item in purposes())
    raise KeyError(f"unknown purpose {purpose_id!r}; known purposes: {known}")
