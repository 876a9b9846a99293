"""The five source documents (core/sources.toml), and the one Citation type every tool uses.

The registry is the only place a document's key, title and citation name are written. The
tools cite a document as ``Citation(key, where)``; :meth:`Citation.text` gives the words a
reader sees ("DWP guide for local partners (DWP, c. 2009–10), para 47"). The build reads the same
file for the summary table on the source documents page and for the source keys the JSON
Schemas accept (tools/source_documents.py, tools/schemas.py).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Any

from wizard.core.data import Table, as_table, file_label, read_data

PACKAGE = "wizard.core"
FILE = "sources.toml"


@dataclass(frozen=True)
class Source:
    """One source document, as registered in core/sources.toml (see the file's header)."""

    key: str  # stable; the anchor of its entry on reference/sources.md
    title: str
    subtitle: str  # the rest of the full title, or ""
    publisher: str
    date: str  # as exactly as known ("about 2009–10"), or "" when the document gives none
    name: str  # how a citation names it
    citing: str  # how its sections are numbered ("paragraphs 1–58", "section headings")


def parse_sources(
    data: Mapping[str, Any] | Table, file: str = file_label(PACKAGE, FILE)
) -> tuple[Source, ...]:
    """The registry from decoded TOML (``[[sources]]`` entries), in file order.

    Raises DataError naming the file and key for a missing, mistyped or unknown key, or a key or
    name used twice.
    """
    top = as_table(data, file)
    found: list[Source] = []
    for item in top.tables("sources", named_by="key"):
        source = Source(
            key=item.text("key"),
            title=item.text("title"),
            subtitle=item.text("subtitle", ""),
            publisher=item.text("publisher"),
            date=item.text("date", ""),
            name=item.text("name"),
            citing=item.text("citing"),
        )
        item.done()
        for other in found:
            if source.key == other.key or source.name == other.name:
                raise item.fail(f"uses the same key or name as {other.key!r}")
        found.append(source)
    top.done()
    return tuple(found)


@cache
def sources() -> tuple[Source, ...]:
    """Every source document, in the registry's order (read once).

    Raises DataError naming core/sources.toml and the key if the registry is malformed.
    """
    return parse_sources(read_data(PACKAGE, FILE))


def source(key: str) -> Source:
    """The document registered under ``key``; KeyError naming the known keys if there is none."""
    for item in sources():
        if item.key == key:
            return item
    raise KeyError(f"unknown source {key!r}; known sources: {', '.join(SOURCES)}")


#: Source key -> the name citations use, in the registry's order (read from core/sources.toml).
SOURCES: Mapping[str, str] = MappingProxyType({item.key: item.name for item in sources()})


@dataclass(frozen=True)
class Citation:
    """Where a statement comes from: a source key and the section or paragraphs in it."""

    source: str  # a key of SOURCES
    where: str  # section or paragraphs, as the source numbers them

    def text(self) -> str:
        """``name, where`` as a reader sees it ("DWP guide for local partners (...), para 47")."""
        return f"{SOURCES[self.source]}, {self.where}"


def read_citation(table: Table) -> Citation:
    """A citation from the ``source`` and ``where`` keys of ``table`` (which may hold other keys).

    Raises ``table.error`` naming the place when ``source`` is not a registered key or ``where``
    is missing or blank. The caller calls ``table.done()`` when it has read the other keys.
    """
    key = table.text("source")
    if key not in SOURCES:
        raise table.fail(f"unknown source {key!r}; use one of {', '.join(SOURCES)}", "source")
    return Citation(key, table.text("where"))


def read_citations(table: Table, key: str = "cite") -> tuple[Citation, ...]:
    """The list of citations under ``key`` (``[{ source = ..., where = ... }]``), at least one.

    Raises ``table.error`` naming the entry for an empty list, an unknown source or an extra key.
    """
    found = []
    for item in table.tables(key):
        found.append(read_citation(item))
        item.done()
    return tuple(found)
