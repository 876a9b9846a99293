"""Reading the paperwork back, independently of how it was written.

:func:`read_odt` reads an .odt file with the standard library only (zipfile and xml.etree on
content.xml, styles.xml and meta.xml), as any OpenDocument reader would, not with odfpy, which
wrote it. :func:`scenario_facts` gives the facts for a named triage scenario, walked as the page
walks it.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field

from wizard.flow.scenarios import load_scenarios
from wizard.flow.state import canonical_query
from wizard.paperwork.content import ShareFacts
from wizard.paperwork.facts import TRIAGE_LINK_LABEL, share_facts, triage_outcome
from wizard.triage.tool import flow

NS = {
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
    "dc": "http://purl.org/dc/elements/1.1/",
}


def q(name: str) -> str:
    """A prefixed name ("text:p") as ElementTree spells it ("{urn:...}p")."""
    prefix, local = name.split(":")
    return f"{{{NS[prefix]}}}{local}"


def text_of(element: ET.Element) -> str:
    """An element's text as a reader shows it: text:s is spaces, text:tab a tab, text:line-break a
    new line."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == q("text:s"):
            parts.append(" " * int(child.get(q("text:c"), "1")))
        elif child.tag == q("text:tab"):
            parts.append("\t")
        elif child.tag == q("text:line-break"):
            parts.append("\n")
        else:
            parts.append(text_of(child))
        parts.append(child.tail or "")
    return "".join(parts)


@dataclass
class ReadDocument:
    """What a reader finds in an .odt file."""

    mimetype: str
    title: str
    language: str
    #: style:name -> (family, display name, properties: attribute local name -> value)
    styles: dict[str, tuple[str, str, dict[str, str]]]
    #: the body, block by block: ("h", level, style display name, text), ("p", style display name,
    #: text), ("list", style display name, [item texts]), ("table", [[cell texts]])
    blocks: list[tuple[object, ...]] = field(default_factory=list)
    #: text runs inside spans, by the span's style display name
    spans: dict[str, list[str]] = field(default_factory=dict)

    def display(self, name: str) -> str:
        return self.styles[name][1] if name in self.styles else name

    def headings(self) -> list[tuple[int, str]]:
        return [(int(str(block[1])), str(block[3])) for block in self.blocks if block[0] == "h"]

    def tables(self) -> list[list[list[str]]]:
        return [block[1] for block in self.blocks if block[0] == "table"]  # type: ignore[misc]

    def text(self) -> str:
        """Every block's text, one per line (table cells and list items each on their own)."""
        lines: list[str] = []
        for block in self.blocks:
            if block[0] == "h":
                lines.append(str(block[3]))
            elif block[0] == "p":
                lines.append(str(block[2]))
            elif block[0] == "list":
                lines.extend(block[2])  # type: ignore[arg-type]
            else:
                lines.extend(cell for row in block[1] for cell in row)  # type: ignore[union-attr]
        return "\n".join(lines)


def _styles(*roots: ET.Element) -> dict[str, tuple[str, str, dict[str, str]]]:
    found = {}
    for root in roots:
        for element in root.iter():
            if element.tag not in (q("style:style"), q("text:list-style")):
                continue
            name = element.get(q("style:name"), "")
            properties = {}
            for child in element:
                for key, value in child.attrib.items():
                    properties[key.split("}")[1]] = value
            properties.update({key.split("}")[1]: value for key, value in element.attrib.items()})
            family = element.get(q("style:family"), "list")
            found[name] = (family, element.get(q("style:display-name"), name), properties)
    return found


def read_odt(data: bytes) -> ReadDocument:
    """Read an .odt file's body, styles and metadata (raises on a file that is not one)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist()[0] == "mimetype", "the mimetype must be the first entry"
        assert archive.getinfo("mimetype").compress_type == zipfile.ZIP_STORED
        mimetype = archive.read("mimetype").decode("ascii")
        content = ET.fromstring(archive.read("content.xml"))
        styles = ET.fromstring(archive.read("styles.xml"))
        meta = ET.fromstring(archive.read("meta.xml"))
        manifest = archive.read("META-INF/manifest.xml").decode("utf-8")
    assert "content.xml" in manifest and "styles.xml" in manifest
    read = ReadDocument(
        mimetype=mimetype,
        title=meta.findtext(".//dc:title", "", NS),
        language=meta.findtext(".//dc:language", "", NS),
        styles=_styles(styles, content),
    )
    for span in content.iter(q("text:span")):
        read.spans.setdefault(read.display(span.get(q("text:style-name"), "")), []).append(text_of(span))
    body = content.find("office:body/office:text", NS)
    assert body is not None
    for element in body:
        style = read.display(element.get(q("text:style-name"), ""))
        if element.tag == q("text:h"):
            read.blocks.append(("h", element.get(q("text:outline-level")), style, text_of(element)))
        elif element.tag == q("text:p"):
            read.blocks.append(("p", style, text_of(element)))
        elif element.tag == q("text:list"):
            items = [text_of(p) for item in element.findall("text:list-item", NS) for p in item]
            read.blocks.append(("list", style, items))
        elif element.tag == q("table:table"):
            rows = [
                ["\n".join(text_of(p) for p in cell) for cell in row.findall("table:table-cell", NS)]
                for row in element.findall("table:table-row", NS)
            ]
            read.blocks.append(("table", rows))
        elif element.tag not in (q("text:sequence-decls"), q("office:forms")):
            raise AssertionError(f"unexpected element in the body: {element.tag}")
    return read


def normalise(text: str) -> str:
    """Text with runs of white space made one space, for comparing what a document says."""
    return re.sub(r"\s+", " ", text).strip()


def scenario_query(scenario_id: str) -> str:
    """The canonical triage query for a named scenario in triage/scenarios.toml."""
    (scenario,) = [item for item in load_scenarios("triage") if item.id == scenario_id]
    return canonical_query(flow(), dict(scenario.answers))


def scenario_facts(
    scenario_id: str, fields: Sequence[str] = (), page: str = "https://example.org/tools/triage.html"
) -> ShareFacts:
    """The facts for a named triage scenario, walked as the page walks it, with optional fields."""
    finished = triage_outcome(scenario_query(scenario_id), page)
    return share_facts(finished, "", fields, ((TRIAGE_LINK_LABEL, finished.link),))
