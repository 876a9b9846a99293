"""The source registry (core/sources.toml) and the one Citation type."""

from __future__ import annotations

import re
import tomllib

import pytest

from wizard.core.data import DataError, parse_toml
from wizard.core.sources import (
    SOURCES,
    Citation,
    parse_sources,
    read_citation,
    read_citations,
    source,
    sources,
)

KEYS = ["idea-2010", "dwp-guide", "dwp-2011", "nru-2005", "wp-ch21"]


def test_the_registry_has_the_five_documents_in_order_with_unique_names() -> None:
    assert [item.key for item in sources()] == KEYS == list(SOURCES)
    names = [item.name for item in sources()]
    assert len(set(names)) == len(names)
    assert all(item.title and item.publisher and item.citing for item in sources())
    assert {item.key: item.name for item in sources()} == SOURCES


def test_a_citation_reads_as_the_registry_names_the_document() -> None:
    cite = Citation("dwp-guide", "§5.1, para 47")
    assert cite.text() == f"{source('dwp-guide').name}, §5.1, para 47"
    assert cite.text() == "DWP guide for local partners (DWP, c. 2009–10), §5.1, para 47"


def test_an_unknown_key_names_the_known_ones() -> None:
    with pytest.raises(KeyError, match="dwp-guide"):
        source("wikipedia")


def test_reading_citations_refuses_an_unknown_source_an_empty_list_and_extra_keys() -> None:
    table = parse_toml(
        """
        one = { source = "wikipedia", where = "x" }
        none = []
        extra = [{ source = "dwp-guide", where = "para 1", page = 3 }]
        good = [{ source = "wp-ch21", where = "Background" }]
        """,
        "demo.toml",
    )
    with pytest.raises(
        DataError, match=re.escape("demo.toml: one.source: unknown source 'wikipedia'; use one of idea-2010")
    ):
        read_citation(table.table("one"))
    with pytest.raises(
        DataError, match=re.escape("demo.toml: none: expected a list of at least 1 entry, found 0")
    ):
        read_citations(table, "none")
    with pytest.raises(DataError, match=re.escape("demo.toml: extra[0]: has unknown key(s) page")):
        read_citations(table, "extra")
    assert read_citations(table, "good") == (Citation("wp-ch21", "Background"),)


def test_the_registry_refuses_a_key_used_twice() -> None:
    entry = '[[sources]]\nkey = "a"\ntitle = "T"\npublisher = "P"\nname = "{}"\nciting = "c"\n'
    data = tomllib.loads(entry.format("One") + entry.format("Two"))
    with pytest.raises(DataError, match=re.escape("sources[1] (a): uses the same key or name as 'a'")):
        parse_sources(data, "demo.toml")
