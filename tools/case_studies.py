"""Case studies: check each page's front matter, then render its summary box and the index page.

Every page in docs/case-studies/ (except index.md) starts with the same structured front matter
(see ``schema``). This step reads those files itself, so it works with any site generator:

- ``load_collection`` reads and checks every page and the tag vocabulary, and raises one
  ``CaseStudyError`` listing every problem (file, line, field, what is wrong);
- ``render_page`` turns a page's Markdown body into the full page: the title as its heading, an
  "At a glance" box drawn from the front matter, then the body;
- ``render_index`` fills the marker in case-studies/index.md with a table of every case and the
  cases grouped by tag, so the index can never fall behind the pages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from tools import json_schemas
from wizard.core.purposes import purposes
from wizard.core.sources import SOURCES, Citation

CASE_DIR = "case-studies"
INDEX_NAME = "index.md"
INDEX_MARKER = "<!-- case-studies:index -->"
VOCABULARY = Path("_data") / "case-study-tags.yml"
HIERARCHY_PAGE = "../guidance/hierarchy.md"
NOT_STATED = "Not stated in the source"

SCHEMA = "case-study.schema.json"  # in tools/schemas/

# DWP's hierarchy of "shareability", easiest to hardest (dwp-guide §5.1, para 47), in our words.
LEVELS = {
    1: "data DWP has already published",
    2: "unpublished aggregate data, not about individuals",
    3: "anonymised data for research",
    4: "non-anonymised data for research",
    5: "non-anonymised data for operational use",
}

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
H1 = re.compile(r"^#[ \t]+\S", re.MULTILINE)
SOURCES_HEADING = re.compile(r"^##[ \t]+Sources[ \t]*$", re.MULTILINE)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"\b0\d{2,4}[ -]?\d{3}[ -]?\d{3,4}\b")


class CaseStudyError(Exception):
    """One or more case-study pages (or the tag vocabulary) are wrong; the message lists each problem."""


@dataclass(frozen=True)
class Tag:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class TagGroup:
    id: str
    label: str
    tags: tuple[Tag, ...]


@dataclass(frozen=True)
class CaseStudy:
    slug: str
    title: str
    place: str
    period: str
    partners: tuple[str, ...]
    data_shared: str
    legal_basis: str
    hierarchy_level: int | None
    hierarchy_note: str | None
    outcome: str
    sources: tuple[Citation, ...]
    tags: tuple[str, ...]

    @property
    def page(self) -> str:
        """The page's file name inside case-studies/."""
        return f"{self.slug}.md"


@dataclass(frozen=True)
class Collection:
    groups: tuple[TagGroup, ...]
    cases: tuple[CaseStudy, ...]

    def tag(self, tag_id: str) -> Tag:
        for group in self.groups:
            for tag in group.tags:
                if tag.id == tag_id:
                    return tag
        raise KeyError(tag_id)

    def case(self, slug: str) -> CaseStudy:
        for case in self.cases:
            if case.slug == slug:
                return case
        raise KeyError(slug)

    def cases_tagged(self, tag_id: str) -> tuple[CaseStudy, ...]:
        return tuple(case for case in self.cases if tag_id in case.tags)


# --- The tag vocabulary ------------------------------------------------------------------------


def load_vocabulary(docs: Path) -> tuple[TagGroup, ...]:
    """The purpose group (shared with the wizards) followed by the groups in the vocabulary file."""
    purpose_group = TagGroup(
        "purpose",
        "What the sharing was for",
        tuple(Tag(item.id, item.label, item.hint) for item in purposes()),
    )
    path = docs / VOCABULARY
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise CaseStudyError(f"{path.name}: cannot read the tag vocabulary: {error}") from None
    groups = [purpose_group]
    try:
        for group in data["groups"]:
            tags = tuple(Tag(str(t["id"]), str(t["label"]), str(t["description"])) for t in group["tags"])
            groups.append(TagGroup(str(group["id"]), str(group["label"]), tags))
    except (KeyError, TypeError) as error:
        raise CaseStudyError(
            f"{VOCABULARY}: every group needs id, label and tags, and every tag id, label and "
            f"description (missing or wrong: {error})"
        ) from None
    ids = [tag.id for group in groups for tag in group.tags]
    duplicates = sorted({tag_id for tag_id in ids if ids.count(tag_id) > 1})
    if duplicates:
        raise CaseStudyError(f"{VOCABULARY}: tag ids must be unique across groups: {', '.join(duplicates)}")
    return tuple(groups)


# --- Checking a page ---------------------------------------------------------------------------


def schema(groups: Iterable[TagGroup]) -> dict[str, Any]:
    """The JSON Schema every case study's front matter must pass (tools/schemas/case-study.schema.json),
    with the tag ids of ``groups`` and the source registry's keys filled in."""
    tags = [tag.id for group in groups for tag in group.tags]
    return json_schemas.schema(SCHEMA, {"case-study-tags": tags})


def split_front_matter(text: str) -> tuple[str, str] | None:
    """(front matter YAML, body), or None when the page has no front matter block."""
    match = FRONT_MATTER.match(text)
    if match is None:
        return None
    return match.group("yaml") or "", text[match.end() :]


def _field_lines(front_matter: str) -> dict[str, int]:
    """The page line where each field and list item starts ("tags[2]", "sources[0].where", ...).

    Front matter begins on line 2 of the page, after the opening '---'.
    """
    try:
        root = yaml.compose(front_matter, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[str, int] = {}

    def walk(node: yaml.Node, path: str) -> None:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                child = f"{path}.{key.value}" if path else str(key.value)
                lines[child] = key.start_mark.line + 2
                walk(value, child)
        elif isinstance(node, yaml.SequenceNode):
            for number, item in enumerate(node.value):
                lines[f"{path}[{number}]"] = item.start_mark.line + 2
                walk(item, f"{path}[{number}]")

    if root is not None:
        walk(root, "")
    return lines


def _line_of_field(lines: Mapping[str, int], field: str) -> int | None:
    """The line of the field, or of the nearest enclosing field that has one."""
    while field:
        if field in lines:
            return lines[field]
        field = re.sub(r"(\.[^.\[]*|\[\d+\])$", "", field) if re.search(r"[.\[]", field) else ""
    return None


def _path_text(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _explain(error: ValidationError, groups: tuple[TagGroup, ...]) -> tuple[str, str]:
    """(field, message) in words a page author can act on."""
    field = _path_text(error.absolute_path)
    if error.validator == "required":
        missing = re.match(r"'(.+)' is a required property", error.message)
        name = missing.group(1) if missing else error.message
        why = " (a page with hierarchy_level: null must say why)" if "then" in error.schema_path else ""
        return name, f"missing{why}"
    if error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, Mapping) else []
        given = error.instance if isinstance(error.instance, Mapping) else {}
        extra = sorted(set(given) - set(allowed))
        return (field + "." if field else "") + ", ".join(extra), (
            f"not a known field; the fields are: {', '.join(allowed)}"
        )
    if error.validator == "enum" and field.startswith("tags"):
        known = "; ".join(f"{g.label}: {', '.join(t.id for t in g.tags)}" for g in groups)
        return field, f"unknown tag {error.instance!r}; tags come from docs/{VOCABULARY.as_posix()} ({known})"
    if error.validator == "enum":
        return field, f"{error.instance!r} is not a source key; use one of {', '.join(SOURCES)}"
    return field, error.message


def _body_problems(body: str, body_start: int, sources: Iterable[str]) -> list[tuple[int | None, str]]:
    problems: list[tuple[int | None, str]] = []

    def line_of(offset: int) -> int:
        return body_start + body.count("\n", 0, offset)

    for match in H1.finditer(body):
        problems.append(
            (line_of(match.start()), "remove this '# ' heading: the title comes from the front matter")
        )
    for pattern, what in ((EMAIL, "an e-mail address"), (PHONE, "a phone number")):
        for match in pattern.finditer(body):
            problems.append(
                (line_of(match.start()), f"{what} ({match.group()}): name the organisation instead")
            )
    heading = SOURCES_HEADING.search(body)
    if heading is None:
        problems.append((None, "the page must end with a '## Sources' section"))
        return problems
    cited = body[heading.end() :]
    for key in sources:
        if f"sources.md#{key})" not in cited:
            problems.append(
                (
                    line_of(heading.start()),
                    f"the front matter cites {key!r} but '## Sources' has no link to "
                    f"../reference/sources.md#{key}",
                )
            )
    return problems


def load_case(path: Path, docs: Path, groups: tuple[TagGroup, ...]) -> CaseStudy:
    """Read and check one case-study page; every problem found is in the error's message."""
    shown = path.relative_to(docs.parent).as_posix()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CaseStudyError(f"{shown}: cannot read the page: {error}") from None
    parts = split_front_matter(text)
    if parts is None:
        raise CaseStudyError(f"{shown}, line 1: the page must start with front matter between '---' lines")
    front_matter, body = parts
    try:
        meta = yaml.safe_load(front_matter)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 2}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error)
        raise CaseStudyError(f"{shown}{where}: the front matter is not valid YAML: {problem}") from None
    if not isinstance(meta, Mapping):
        raise CaseStudyError(f"{shown}, line 2: the front matter must be a set of 'field: value' lines")

    lines = _field_lines(front_matter)
    problems: list[str] = []
    validator = Draft202012Validator(schema(groups))
    for invalid in sorted(validator.iter_errors(meta), key=lambda e: [str(p) for p in e.absolute_path]):
        field, message = _explain(invalid, groups)
        line_no = _line_of_field(lines, field)
        line = f", line {line_no}" if line_no else ""
        problems.append(f"{shown}{line}, field '{field}': {message}")
    body_start = text.count("\n", 0, len(text) - len(body)) + 1
    raw_sources = meta.get("sources")
    cited_keys = [
        str(item["source"]) for item in raw_sources or [] if isinstance(item, Mapping) and "source" in item
    ]
    for line_no, message in _body_problems(body, body_start, cited_keys):
        problems.append(f"{shown}{f', line {line_no}' if line_no else ''}: {message}")
    if problems:
        raise CaseStudyError("\n".join(problems))

    level = meta["hierarchy_level"]
    return CaseStudy(
        slug=path.stem,
        title=meta["title"],
        place=meta["place"],
        period=meta["period"],
        partners=tuple(meta["partners"]),
        data_shared=meta["data_shared"],
        legal_basis=meta["legal_basis"],
        hierarchy_level=level,
        hierarchy_note=meta.get("hierarchy_note"),
        outcome=meta["outcome"],
        sources=tuple(Citation(item["source"], item["where"]) for item in meta["sources"]),
        tags=tuple(meta["tags"]),
    )


def case_paths(docs: Path) -> list[Path]:
    return sorted(path for path in (docs / CASE_DIR).glob("*.md") if path.name != INDEX_NAME)


def load_collection(docs: Path) -> Collection:
    """Every case study under docs/case-studies/, checked; one error lists the problems of all pages."""
    groups = load_vocabulary(docs)
    cases: list[CaseStudy] = []
    problems: list[str] = []
    for path in case_paths(docs):
        try:
            cases.append(load_case(path, docs, groups))
        except CaseStudyError as error:
            problems.append(str(error))
    titles = [case.title for case in cases]
    problems.extend(
        f"two case studies have the title {title!r}"
        for title in sorted(set(titles))
        if titles.count(title) > 1
    )
    if problems:
        count = len(problems)
        raise CaseStudyError(
            f"Case-study front matter is wrong ({count} page{'s' if count > 1 else ''}):\n"
            + "\n".join(problems)
        )
    return Collection(groups, tuple(sorted(cases, key=lambda case: case.title.casefold())))


# --- Rendering ---------------------------------------------------------------------------------

_ESCAPED = re.compile(r"([\\`*_{}\[\]#!|<>&])")
_LIST_START = re.compile(r"^(?:(?P<bullet>[-+])|(?P<number>\d+)\.)")


def inline(text: str) -> str:
    """Plain text from front matter, made safe to place inside Markdown (no markup, no HTML)."""
    flat = " ".join(text.split())
    escaped = _ESCAPED.sub(lambda m: {"<": "&lt;", ">": "&gt;", "&": "&amp;"}.get(m[1], "\\" + m[1]), flat)
    # A leading "-", "+" or "1." would start a list (or "---" a rule): escape it.
    return _LIST_START.sub(lambda m: "\\" + m["bullet"] if m["bullet"] else m["number"] + "\\.", escaped)


def level_text(case: CaseStudy) -> str:
    if case.hierarchy_level is None:
        return "Not assigned"
    return f"Level {case.hierarchy_level}: {LEVELS[case.hierarchy_level]}"


def tag_link(collection: Collection, tag_id: str, index: str = "index.md") -> str:
    return f"[{inline(collection.tag(tag_id).label)}]({index}#tag-{tag_id})"


def summary_markdown(case: CaseStudy, collection: Collection) -> str:
    """The "At a glance" box: a definition list inside an admonition, drawn from the front matter."""
    hierarchy = f"{level_text(case)}. [How the levels work]({HIERARCHY_PAGE})"
    if case.hierarchy_note:
        hierarchy += f"\n\n        {inline(case.hierarchy_note)}"
    partners = "\n        ".join(f"- {inline(partner)}" for partner in case.partners)
    tag_links = ", ".join(tag_link(collection, tag_id) for tag_id in case.tags)
    rows = (
        ("Place", inline(case.place)),
        ("Period", inline(case.period)),
        ("Partners", partners),
        ("Data shared", inline(case.data_shared)),
        ("Legal basis", inline(case.legal_basis)),
        ("Hierarchy level", hierarchy),
        ("Outcome", inline(case.outcome)),
        ("Tags", tag_links),
    )
    entries = "\n\n".join(f"    {term}\n    :   {value}" for term, value in rows)
    return f'!!! abstract case-summary "At a glance"\n\n{entries}\n'


def render_page(body: str, case: CaseStudy, collection: Collection) -> str:
    """A case study's Markdown as published: its title, the summary box, then the body."""
    return f"# {inline(case.title)}\n\n{summary_markdown(case, collection)}\n{body.lstrip()}"


def index_markdown(collection: Collection) -> str:
    """The generated part of the index: every case in one table, then the cases under each tag."""
    out = [
        "## All case studies",
        "",
        "| Case study | Place | Period | Hierarchy level |",
        "|---|---|---|---|",
    ]
    for case in collection.cases:
        level = str(case.hierarchy_level) if case.hierarchy_level is not None else "Not assigned"
        cells = (f"[{inline(case.title)}]({case.page})", inline(case.place), inline(case.period), level)
        out.append(f"| {' | '.join(cells)} |")
    out += [
        "",
        f"Levels are those of DWP's [hierarchy of shareability]({HIERARCHY_PAGE}), from 1 (easiest to "
        "share) to 5 (hardest). A case has no level where the data did not come from DWP or the source "
        "does not make the level clear; its page says why.",
        "",
        "## Case studies by tag",
        "",
    ]
    for group in collection.groups:
        used = [tag for tag in group.tags if collection.cases_tagged(tag.id)]
        if not used:
            continue
        out += [f"### {inline(group.label)}", ""]
        for tag in used:
            out += [f"#### {inline(tag.label)} {{#tag-{tag.id}}}", "", inline(tag.description), ""]
            for case in collection.cases_tagged(tag.id):
                out.append(f"- [{inline(case.title)}]({case.page}): {inline(case.place)}")
            out.append("")
    return "\n".join(out)


def render_index(markdown: str, collection: Collection) -> str:
    """Fill the marker in case-studies/index.md with the generated table and tag groups."""
    if INDEX_MARKER not in markdown:
        raise CaseStudyError(f"docs/{CASE_DIR}/{INDEX_NAME}: the page needs the marker {INDEX_MARKER}")
    return markdown.replace(INDEX_MARKER, index_markdown(collection), 1)


def page_slug(src_uri: str) -> str | None:
    """The slug of a case-study page from its path inside docs/, or None for any other page."""
    folder, _, name = src_uri.rpartition("/")
    if folder != CASE_DIR or not name.endswith(".md") or name == INDEX_NAME:
        return None
    return name[: -len(".md")]
