"""The five source documents: keys used in every citation, and how a citation reads on the page."""

from __future__ import annotations

from dataclasses import dataclass

#: Source key -> short title shown in citations (CONTRIBUTING.md lists the documents in full).
SOURCES: dict[str, str] = {
    "idea-2010": "Tackling worklessness: Data sharing (IDeA/LGA, 2010)",
    "dwp-guide": "DWP guide for local partners (DWP, c. 2009–10)",
    "dwp-2011": "Sharing customer data between DWP and local authorities (DWP, 2011)",
    "nru-2005": "Solving the problem: Data Sharing (NRU, c. 2005)",
    "wp-ch21": "Work Programme provider guidance, chapter 21 (DWP)",
}


@dataclass(frozen=True)
class Citation:
    source: str  # a key of SOURCES
    where: str  # section or paragraphs, as the source numbers them

    def text(self) -> str:
        return f"{SOURCES[self.source]}, {self.where}"
