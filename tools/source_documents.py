"""The five source documents on the site's pages, from the one registry (src/wizard/core/sources.toml).

The registry's keys are the anchors of the documents' entries on docs/reference/sources.md, so a
citation ``dwp-guide`` links to ``reference/sources.md#dwp-guide``. This step writes:

- ``cite``: one citation in generated Markdown (the "Cited in" lists of the glossary and the
  useful links page), naming the document as every citation in the tools names it;
- ``render_page``: the summary table at the top of the source documents page, filled in at
  build time where the page holds ``TABLE_MARKER``, so the table cannot fall behind the registry.
"""

from __future__ import annotations

from typing import Final

from wizard.core.sources import SOURCES, sources

SOURCES_PAGE: Final = "reference/sources.md"
CHANGES_PAGE: Final = "reference/changes-since.md"
TABLE_MARKER: Final = "<!-- source-documents:table -->"


class SourcesPageError(ValueError):
    """The source documents page cannot be filled in (its table marker is missing or repeated)."""


def cite(key: str, where: str | None, sources_href: str) -> str:
    """Markdown for one citation: a link to the document's entry, then where in it.

    ``key`` is a registered source key (KeyError otherwise); ``sources_href`` is the relative
    address of the source documents page from the page being written (``sources.md``).
    """
    link = f"[{SOURCES[key]}]({sources_href}#{key})"
    return f"{link}, {where}" if where else link


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell (a bar would end the cell)."""
    return text.replace("|", "\\|")


def summary_table() -> str:
    """The summary table of the source documents page: key (linked to the entry), document,
    publisher and date, and how to cite it, one row per registered document in registry order."""
    rows = [
        "| Key | Document | Publisher and date | How to cite it |",
        "|---|---|---|---|",
    ]
    for item in sources():
        published = f"{item.publisher}, {item.date}" if item.date else item.publisher
        cells = (f"[`{item.key}`](#{item.key})", _cell(item.title), _cell(published), _cell(item.citing))
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def render_page(markdown: str, page: str = SOURCES_PAGE) -> str:
    """The source documents page with its table marker replaced by :func:`summary_table`.

    Raises SourcesPageError naming ``page`` unless the marker appears exactly once on a line of
    its own.
    """
    lines = markdown.split("\n")
    found = [index for index, line in enumerate(lines) if line.strip() == TABLE_MARKER]
    if len(found) != 1 or markdown.count(TABLE_MARKER) != 1:
        raise SourcesPageError(
            f"docs/{page}: put {TABLE_MARKER} once, on a line of its own, where the summary table of "
            f"the source documents goes (found it {markdown.count(TABLE_MARKER)} time(s))"
        )
    lines[found[0]] = summary_table()
    return "\n".join(lines)
