"""The five source documents: the keys every page, flow and data file uses to cite them.

The keys are also the anchors of their entries on docs/reference/sources.md, so a citation
``dwp-guide`` links to ``reference/sources.md#dwp-guide``.
"""

from __future__ import annotations

from typing import Final

# key -> short name used in generated lists ("Cited in: ...").
SOURCE_DOCUMENTS: Final[dict[str, str]] = {
    "idea-2010": "IDeA/LGA guide (2010)",
    "dwp-guide": "DWP guide for local partners (c. 2009–10)",
    "dwp-2011": "DWP Call for Evidence report (2011)",
    "nru-2005": "NRU note on data sharing (c. 2005)",
    "wp-ch21": "Work Programme guidance, chapter 21",
}

SOURCES_PAGE: Final = "reference/sources.md"
CHANGES_PAGE: Final = "reference/changes-since.md"


def cite(key: str, where: str | None, sources_href: str) -> str:
    """Markdown for one citation: a link to the document's entry, then where in it."""
    link = f"[{SOURCE_DOCUMENTS[key]}]({sources_href}#{key})"
    return f"{link}, {where}" if where else link
