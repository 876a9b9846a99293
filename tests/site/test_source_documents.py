"""The source documents page and the "Cited in" lists take the documents' names from the registry."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools import source_documents
from tools.paths import DOCS
from wizard.core.sources import SOURCES, sources


def test_the_summary_table_has_a_row_per_registered_document_in_order() -> None:
    lines = source_documents.summary_table().splitlines()
    assert lines[0] == "| Key | Document | Publisher and date | How to cite it |"
    rows = lines[2:]
    assert [re.findall(r"^\| \[`([^`]+)`\]\(#\1\) \|", row) for row in rows] == [[key] for key in SOURCES]
    for row, item in zip(rows, sources(), strict=True):
        cells = [cell.strip() for cell in row.strip("|").split(" | ")]
        assert cells[1:] == [
            item.title,
            f"{item.publisher}, {item.date}" if item.date else item.publisher,
            item.citing,
        ]


def test_the_page_keeps_its_prose_and_gets_the_table_in_place_of_its_marker() -> None:
    markdown = (DOCS / source_documents.SOURCES_PAGE).read_text(encoding="utf-8")
    assert markdown.count(source_documents.TABLE_MARKER) == 1 and "| Key |" not in markdown
    rendered = source_documents.render_page(markdown)
    assert source_documents.TABLE_MARKER not in rendered
    assert source_documents.summary_table() in rendered
    before, after = markdown.split(source_documents.TABLE_MARKER)
    assert rendered.startswith(before) and rendered.endswith(after)


@pytest.mark.parametrize(
    "markdown", ["# Sources\n\nNo table here.\n", "<!-- source-documents:table -->\n" * 2]
)
def test_a_page_without_exactly_one_marker_stops_the_build(markdown: str) -> None:
    with pytest.raises(source_documents.SourcesPageError, match=r"docs/reference/sources\.md: put "):
        source_documents.render_page(markdown)


def test_a_citation_in_a_generated_list_links_to_the_entry_with_the_registry_name() -> None:
    assert source_documents.cite("nru-2005", "References", "sources.md") == (
        f"[{SOURCES['nru-2005']}](sources.md#nru-2005), References"
    )
    assert source_documents.cite("wp-ch21", None, "../reference/sources.md") == (
        f"[{SOURCES['wp-ch21']}](../reference/sources.md#wp-ch21)"
    )


def test_the_built_page_shows_the_table(built_site: Path) -> None:
    html = (built_site / "reference" / "sources.html").read_text(encoding="utf-8")
    assert "<th>Publisher and date</th>" in html and "source-documents:table" not in html
    for item in sources():
        assert f'<a href="#{item.key}"><code>{item.key}</code></a>' in html
        assert f"<td>{item.citing}</td>" in html
