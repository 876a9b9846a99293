"""A small document model for the paperwork: headings, paragraphs, lists, two-column tables and
marked blanks, independent of any file format.

The content modules build documents from what a person answered and what the tools concluded;
writers turn them into Markdown (``wizard.paperwork.markdown``) or an editable OpenDocument text
file (``wizard.paperwork.odt``). Text is plain: a writer escapes it for its format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Blank:
    """Something only the person can fill in, shown as ``[To complete: what]``."""

    what: str

    def text(self) -> str:
        return f"[To complete: {self.what}]"


@dataclass(frozen=True)
class Strong:
    """Text shown in bold (an answer given, a status)."""

    text: str


#: A run of text: plain text, bold text (``Strong``), or a marked blank.
Run = str | Strong | Blank


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 2  # 1 for the title, 2 for sections, 3 for sub-sections


@dataclass(frozen=True)
class Paragraph:
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Bullets:
    items: tuple[tuple[Run, ...], ...]


@dataclass(frozen=True)
class Table:
    """Two columns: a label and its value (the shape of the ICO's request form)."""

    rows: tuple[tuple[str, tuple[Run, ...]], ...]
    caption: str = ""


Block = Heading | Paragraph | Bullets | Table


@dataclass(frozen=True)
class Document:
    """One document of the bundle: its file stem ("decision-record"), its title and its blocks."""

    stem: str
    title: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


def runs(*parts: Run | None) -> tuple[Run, ...]:
    """The non-empty parts, in order (a helper for building blocks)."""
    return tuple(part for part in parts if part)


def paragraph(*parts: Run | None) -> Paragraph:
    return Paragraph(runs(*parts))


def bullets(items: Sequence[Sequence[Run | None] | str]) -> Bullets:
    """A bulleted list; each item is a string or a sequence of runs."""
    return Bullets(tuple((item,) if isinstance(item, str) else runs(*item) for item in items))


def plain_text(parts: Sequence[Run]) -> str:
    """The runs as plain text (for Markdown and for tests)."""
    return "".join(
        part if isinstance(part, str) else part.text if isinstance(part, Strong) else part.text()
        for part in parts
    )


def blanks(document: Document) -> list[str]:
    """Every blank in a document, in order (what the person still has to fill in)."""
    found: list[str] = []

    def scan(parts: Sequence[Run]) -> None:
        found.extend(part.what for part in parts if isinstance(part, Blank))

    for block in document.blocks:
        if isinstance(block, Paragraph):
            scan(block.runs)
        elif isinstance(block, Bullets):
            for item in block.items:
                scan(item)
        elif isinstance(block, Table):
            for _, value in block.rows:
                scan(value)
    return found
