"""The purposes a share can have, shared by every wizard (see core/purposes.toml)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Citation:
    source: str  # a source key: idea-2010, dwp-guide, dwp-2011, nru-2005, wp-ch21
    where: str  # section or paragraphs, as the source numbers them


@dataclass(frozen=True)
class Purpose:
    id: str
    label: str
    hint: str
    citation: Citation


@cache
def purposes() -> tuple[Purpose, ...]:
    data = tomllib.loads(resources.files("wizard.core").joinpath("purposes.toml").read_text(encoding="utf-8"))
    return tuple(
        Purpose(item["id"], item["label"], item["hint"], Citation(**item["citation"]))
        for item in data["purposes"]
    )


def purpose(purpose_id: str) -> Purpose:
    for item in purposes():
        if item.id == purpose_id:
            return item
    known = ", ".join(item.id for item in purposes())
    raise KeyError(f"unknown purpose {purpose_id!r}; known purposes: {known}")
