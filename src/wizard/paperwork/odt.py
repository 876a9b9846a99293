"""Documents as OpenDocument text (.odt), the editable form of the paperwork, written with odfpy.

Word and LibreOffice both open .odt files (docs/arch/010-paperwork-as-opendocument.md says why
not .docx). The file is built through odfpy's element classes, never as hand-written XML, with
named styles a person finds in their word processor's style list:

- "Heading 1" (the title), "Heading 2" and "Heading 3", each with its outline level, so Word's
  navigation pane and LibreOffice's navigator list the sections;
- "Text body" for paragraphs, "List Bullet" for bulleted lists, "Caption" above each table and
  "Table Contents" inside it; two-column tables with a border on every cell, the labels in bold;
- two character styles: "Strong" (bold: an answer given, a status) and "To complete" (bold on
  yellow: every ``[To complete: ...]`` blank, so blanks stand out and can be found by style).

The document's title is set in its metadata, its language is British English, and its pages are A4.

In the browser odfpy is not loaded with the page: it is a separate wheel in the site's lock file,
loaded only when a person asks for the paperwork. Until then :func:`to_odt` raises
:class:`LibraryNeeded`, and the page loads the packages it names and sends the request again.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from wizard.paperwork.document import Blank, Bullets, Document, Heading, Paragraph, Run, Strong, Table

#: The packages (names in the Pyodide lock file) that writing .odt needs; odfpy brings defusedxml.
ODT_PACKAGES = ("odfpy",)

#: The media type of an OpenDocument text file.
ODT_MIME = "application/vnd.oasis.opendocument.text"

#: The names of the styles a person sees in Word or LibreOffice (tests read the files back by them).
HEADING_STYLES = {1: "Heading 1", 2: "Heading 2", 3: "Heading 3"}
BODY_STYLE = "Text body"
CAPTION_STYLE = "Caption"
CELL_STYLE = "Table Contents"
LIST_STYLE = "List Bullet"
STRONG_STYLE = "Strong"
BLANK_STYLE = "To complete"

#: Characters XML 1.0 cannot hold (control characters other than tab and new line, lone
#: surrogates, U+FFFE and U+FFFF): a field name pasted from anywhere must not break the file.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class LibraryNeeded(RuntimeError):
    """Writing .odt needs odfpy, which is not loaded (in the browser: not yet).

    ``packages`` are the names to load; the page loads them and sends the same request again."""

    def __init__(self, packages: tuple[str, ...] = ODT_PACKAGES) -> None:
        super().__init__(
            "Writing the paperwork as OpenDocument text needs the odfpy library, which is not installed "
            "here. Install it (pip install odfpy==1.4.1) and try again."
        )
        self.packages = packages


def library_ready() -> bool:
    """True when odfpy can be imported here (on the command line when installed; in the browser
    only after the page has loaded it)."""
    return importlib.util.find_spec("odf") is not None


@dataclass(frozen=True)
class _Odf:
    """The odfpy modules, imported only when a document is written."""

    opendocument: Any
    style: Any
    text: Any
    table: Any
    dc: Any
    teletype: Any


def _odf() -> _Odf:
    if not library_ready():
        raise LibraryNeeded()
    names = ("opendocument", "style", "text", "table", "dc", "teletype")
    return _Odf(*(importlib.import_module(f"odf.{name}") for name in names))


def xml_safe(text: str) -> str:
    """``text`` without the characters an XML file cannot hold (they become nothing)."""
    return _NOT_XML.sub("", text)


class _Styles:
    """The named styles of one document, added to its styles.xml (common styles, which a person
    sees and can change), with A4 pages and British English as the default language."""

    def __init__(self, odf: _Odf, doc: Any) -> None:
        style, text = odf.style, odf.text
        doc.fontfacedecls.addElement(
            style.FontFace(name="Arial", fontfamily="Arial", fontfamilygeneric="swiss", fontpitch="variable")
        )
        default = style.DefaultStyle(family="paragraph")
        default.addElement(
            style.TextProperties(fontname="Arial", fontsize="11pt", language="en", country="GB")
        )
        doc.styles.addElement(default)

        layout = style.PageLayout(name="A4")
        layout.addElement(
            style.PageLayoutProperties(
                pagewidth="21cm",
                pageheight="29.7cm",
                printorientation="portrait",
                margintop="2cm",
                marginbottom="2cm",
                marginleft="2cm",
                marginright="2cm",
            )
        )
        doc.automaticstyles.addElement(layout)
        doc.masterstyles.addElement(style.MasterPage(name="Standard", pagelayoutname=layout))

        def paragraph_style(name: str, *properties: Any, **attributes: Any) -> Any:
            made = style.Style(name=name, displayname=name, family="paragraph", **attributes)
            for item in properties:
                made.addElement(item)
            doc.styles.addElement(made)
            return made

        self.body = paragraph_style(
            BODY_STYLE,
            style.ParagraphProperties(margintop="0cm", marginbottom="0.2cm"),
            attributes={"class": "text"},
        )
        heading_sizes = {1: "18pt", 2: "14pt", 3: "12pt"}
        self.headings = {
            level: paragraph_style(
                name,
                style.ParagraphProperties(margintop="0.4cm", marginbottom="0.2cm", keepwithnext="always"),
                style.TextProperties(fontsize=heading_sizes[level], fontweight="bold"),
                nextstylename=self.body,
                defaultoutlinelevel=str(level),
                attributes={"class": "text"},
            )
            for level, name in HEADING_STYLES.items()
        }
        self.caption = paragraph_style(
            CAPTION_STYLE,
            style.ParagraphProperties(margintop="0.2cm", marginbottom="0.1cm", keepwithnext="always"),
            style.TextProperties(fontstyle="italic"),
            attributes={"class": "extra"},
        )
        self.cell = paragraph_style(
            CELL_STYLE,
            style.ParagraphProperties(margintop="0cm", marginbottom="0cm"),
            attributes={"class": "extra"},
        )

        # Headings belong to the outline (the navigator), without numbers.
        outline = text.OutlineStyle(name="Outline")
        for level in range(1, 11):
            outline.addElement(text.OutlineLevelStyle(level=level, numformat=""))
        doc.styles.addElement(outline)

        def character_style(name: str, **properties: str) -> Any:
            made = style.Style(name=name, displayname=name, family="text")
            made.addElement(style.TextProperties(**properties))
            doc.styles.addElement(made)
            return made

        self.strong = character_style(STRONG_STYLE, fontweight="bold")
        self.blank = character_style(BLANK_STYLE, fontweight="bold", backgroundcolor="#ffdd00")

        bullets = text.ListStyle(name=LIST_STYLE, displayname=LIST_STYLE)
        level = text.ListLevelStyleBullet(level=1, bulletchar="•")
        level.addElement(style.ListLevelProperties(spacebefore="0.4cm", minlabelwidth="0.5cm"))
        bullets.addElement(level)
        doc.styles.addElement(bullets)
        self.bullets = bullets

        table = style.Style(name="FormTable", family="table")
        table.addElement(style.TableProperties(width="17cm", align="margins"))
        columns = []
        for name, width in (("FormLabelColumn", "5.5cm"), ("FormValueColumn", "11.5cm")):
            column = style.Style(name=name, family="table-column")
            column.addElement(style.TableColumnProperties(columnwidth=width))
            columns.append(column)
        cell = style.Style(name="FormCell", family="table-cell")
        cell.addElement(style.TableCellProperties(border="0.5pt solid #000000", padding="0.1cm"))
        for item in (table, *columns, cell):
            doc.automaticstyles.addElement(item)
        self.table, self.columns, self.table_cell = table, columns, cell


class _Writer:
    def __init__(self, odf: _Odf, document: Document) -> None:
        self.odf = odf
        self.doc = odf.opendocument.OpenDocumentText()
        self.styles = _Styles(odf, self.doc)
        self.tables = 0
        meta = self.doc.meta
        meta.addElement(odf.dc.Title(text=xml_safe(document.title)))
        meta.addElement(odf.dc.Language(text="en-GB"))

    def add_text(self, element: Any, text: str) -> None:
        """Plain text, its tabs, line breaks and runs of spaces kept as ODF marks them."""
        self.odf.teletype.addTextToElement(element, xml_safe(text))

    def fill(self, element: Any, parts: Sequence[Run]) -> Any:
        for part in parts:
            if isinstance(part, Strong):
                span = self.odf.text.Span(stylename=self.styles.strong)
                self.add_text(span, part.text)
                element.addElement(span)
            elif isinstance(part, Blank):
                span = self.odf.text.Span(stylename=self.styles.blank)
                self.add_text(span, part.text())
                element.addElement(span)
            else:
                self.add_text(element, part)
        return element

    def heading(self, text: str, level: int) -> Any:
        level = min(max(level, 1), 3)
        element = self.odf.text.H(outlinelevel=level, stylename=self.styles.headings[level])
        self.add_text(element, text)
        return element

    def paragraph(self, parts: Sequence[Run], stylename: Any = None) -> Any:
        return self.fill(self.odf.text.P(stylename=stylename or self.styles.body), parts)

    def bullets(self, block: Bullets) -> Any:
        listing = self.odf.text.List(stylename=self.styles.bullets)
        for item in block.items:
            entry = self.odf.text.ListItem()
            entry.addElement(self.paragraph(item))
            listing.addElement(entry)
        return listing

    def table(self, block: Table) -> list[Any]:
        odf_table = self.odf.table
        self.tables += 1
        made = odf_table.Table(name=f"Table{self.tables}", stylename=self.styles.table)
        for column in self.styles.columns:
            made.addElement(odf_table.TableColumn(stylename=column))
        for label, value in block.rows:
            row = odf_table.TableRow()
            for parts in ((Strong(label),), value):
                cell = odf_table.TableCell(stylename=self.styles.table_cell, valuetype="string")
                cell.addElement(self.paragraph(parts, self.styles.cell))
                row.addElement(cell)
            made.addElement(row)
        caption = [self.paragraph((block.caption,), self.styles.caption)] if block.caption else []
        return [*caption, made]

    def write(self, document: Document) -> bytes:
        body = self.doc.text
        body.addElement(self.heading(document.title, 1))
        for block in document.blocks:
            if isinstance(block, Heading):
                body.addElement(self.heading(block.text, block.level))
            elif isinstance(block, Paragraph):
                body.addElement(self.paragraph(block.runs))
            elif isinstance(block, Bullets):
                body.addElement(self.bullets(block))
            elif isinstance(block, Table):
                for element in self.table(block):
                    body.addElement(element)
        buffer = io.BytesIO()
        self.doc.write(buffer)
        return buffer.getvalue()


def to_odt(document: Document) -> bytes:
    """The document as an OpenDocument text file (the bytes of a .odt zip archive).

    The title is the first heading (Heading 1) and the document's title in its metadata; each
    block follows in order. The bytes differ from run to run only in the archive's timestamps.
    Raises LibraryNeeded when odfpy is not loaded."""
    odf = _odf()
    return _Writer(odf, document).write(document)


__all__ = [
    "BLANK_STYLE",
    "BODY_STYLE",
    "CAPTION_STYLE",
    "CELL_STYLE",
    "HEADING_STYLES",
    "LIST_STYLE",
    "ODT_MIME",
    "ODT_PACKAGES",
    "STRONG_STYLE",
    "LibraryNeeded",
    "library_ready",
    "to_odt",
    "xml_safe",
]
