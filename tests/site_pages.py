"""Read the pages of a built site: their text, links, abbreviations and admonitions.

Only the standard library's HTML parser is used. Text is collected per page in two forms: the
whole visible text (for e-mail addresses and phone numbers, wherever they appear) and the
article's prose outside code (for abbreviations and superseded terms).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
HIDDEN = {"script", "style", "template"}
CODE = {"code", "pre", "kbd", "samp", "svg"}
# Block-level tags end a run of text, so words in neighbouring cells or items do not merge.
BLOCKS = {
    "p", "li", "dt", "dd", "div", "td", "th", "tr", "h1", "h2", "h3", "h4", "h5", "h6",
    "br", "table", "ul", "ol", "dl", "blockquote", "details", "summary", "nav", "header", "footer",
    "section", "article", "label", "legend", "fieldset", "option", "button", "figcaption",
}  # fmt: skip


@dataclass
class Abbreviation:
    text: str
    title: str


@dataclass
class GlossaryItem:
    anchor: str
    term: str = ""
    expansion: str | None = None


@dataclass
class Page:
    """What the tests need to know about one built HTML page."""

    path: str  # relative to the site root, e.g. "reference/glossary.html"
    text: str = ""  # all visible text
    prose: str = ""  # the article's text outside code
    links: list[str] = field(default_factory=list)  # every <a href>
    nav_links: list[str] = field(default_factory=list)  # <a href> inside the primary navigation
    abbreviations: list[Abbreviation] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    changed_admonitions: int = 0
    glossary: list[GlossaryItem] = field(default_factory=list)
    has_tool: bool = False  # a wizard container, whose HTML is rendered outside Markdown


class _PageParser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.stack: list[tuple[str, set[str]]] = []
        self.text: list[str] = []
        self.prose: list[str] = []
        self.abbr: Abbreviation | None = None
        self.dt: GlossaryItem | None = None
        self.in_dt = False
        self.in_expansion = False

    def _inside(self, tag: str, cls: str | None = None) -> bool:
        return any(t == tag and (cls is None or cls in classes) for t, classes in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        classes = set(values.get("class", "").split())
        if "id" in values:
            self.page.ids.add(values["id"])
        if "data-wizard" in values:
            self.page.has_tool = True
        if tag in BLOCKS:
            self.text.append("\n")
            self.prose.append("\n")
        if tag == "a" and "href" in values:
            self.page.links.append(values["href"])
            if self._inside("nav", "md-nav--primary"):
                self.page.nav_links.append(values["href"])
        if tag == "abbr":
            self.abbr = Abbreviation("", values.get("title", ""))
        if "changed" in classes and ("admonition" in classes or tag == "details"):
            self.page.changed_admonitions += 1
        if tag == "dt" and "id" in values:
            self.dt = GlossaryItem(values["id"])
            self.page.glossary.append(self.dt)
            self.in_dt = True
        if tag == "strong" and "glossary-expansion" in classes and self.dt is not None:
            self.in_expansion = True
            self.dt.expansion = ""
        if tag not in VOID:
            self.stack.append((tag, classes))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "abbr" and self.abbr is not None:
            self.page.abbreviations.append(self.abbr)
            self.abbr = None
        if tag == "dt":
            self.in_dt = False
        if tag == "strong":
            self.in_expansion = False
        if tag in BLOCKS:
            self.text.append("\n")
            self.prose.append("\n")
        for depth in range(len(self.stack) - 1, -1, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data: str) -> None:
        if any(tag in HIDDEN for tag, _ in self.stack):
            return
        self.text.append(data)
        if self.abbr is not None:
            self.abbr.text += data
        if self.in_dt and self.dt is not None:
            self.dt.term += data
        if self.in_expansion and self.dt is not None:
            self.dt.expansion = (self.dt.expansion or "") + data
        in_article = self._inside("article", "md-content__inner")
        in_code = any(tag in CODE for tag, _ in self.stack)
        # The headerlink pilcrow is decoration, not prose.
        if in_article and not in_code and not self._inside("a", "headerlink"):
            self.prose.append(data)


def read_page(site: Path, html_file: Path) -> Page:
    page = Page(html_file.relative_to(site).as_posix())
    parser = _PageParser(page)
    parser.feed(html_file.read_text(encoding="utf-8"))
    parser.close()
    page.text = "".join(parser.text)
    page.prose = "".join(parser.prose)
    for item in page.glossary:
        item.term = item.term.strip()
    return page


def built_pages(site: Path) -> list[Page]:
    """Every content page of the built site (not the 404 page, assets or search files)."""
    files = sorted(
        path
        for path in site.rglob("*.html")
        if path.name != "404.html" and path.relative_to(site).parts[0] not in {"assets", "search"}
    )
    return [read_page(site, path) for path in files]
