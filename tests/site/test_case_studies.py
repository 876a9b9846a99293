"""Case studies: every page's front matter is valid, the summaries and index are generated from it,
and a wrong page stops the build with a message that names the file, line and field."""

from __future__ import annotations

import html as html_lib
import re
import shutil
from pathlib import Path
from types import SimpleNamespace

import markdown
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from mkdocs.exceptions import PluginError
from mkdocs.utils.yaml import yaml_load

from tools import case_studies
from tools.case_studies import CaseStudyError

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"

REQUIRED_SLUGS = {
    "dudley-hb-mapping",
    "national-pilots",
    "in-and-out-of-work",
    "tyne-and-wear-tracking",
    "newham-equalities",
    "circles-of-need",
    "kent-supporting-independence",
    "ndc-worklessness",
    "leeds-lpsa2-consent",
    "west-london-works",
    "greater-manchester-against-crime",
    "wigan-information-network",
    "liverpool-single-targeting",
    "sefton-financial-assessment",
    "blue-badge-dla-checks",
    "leicestershire-analysts",
}

# The Markdown extensions the site uses that could turn plain text into markup.
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables"]


@pytest.fixture(scope="module")
def collection() -> case_studies.Collection:
    return case_studies.load_collection(DOCS)


# --- The pages as written ----------------------------------------------------------------------


def test_every_case_study_front_matter_passes_the_schema(collection: case_studies.Collection) -> None:
    validator = Draft202012Validator(case_studies.schema(collection.groups))
    paths = case_studies.case_paths(DOCS)
    assert len(paths) >= 16
    for path in paths:
        parts = case_studies.split_front_matter(path.read_text(encoding="utf-8"))
        assert parts is not None, path
        errors = [error.message for error in validator.iter_errors(yaml.safe_load(parts[0]))]
        assert errors == [], f"{path.name}: {errors}"


def test_there_are_at_least_the_sixteen_required_case_studies(collection: case_studies.Collection) -> None:
    slugs = {case.slug for case in collection.cases}
    assert len(slugs) >= 16
    assert slugs >= REQUIRED_SLUGS


def test_every_case_without_a_level_says_why(collection: case_studies.Collection) -> None:
    for case in collection.cases:
        if case.hierarchy_level is None:
            assert case.hierarchy_note, case.slug


def test_nav_lists_the_index_and_every_case_study() -> None:
    with (ROOT / "mkdocs.yml").open(encoding="utf-8") as file:
        config = yaml_load(file)
    sections = [
        item["Case studies"] for item in config["nav"] if isinstance(item, dict) and "Case studies" in item
    ]
    assert len(sections) == 1

    def flatten(items: list[object]) -> list[str]:
        """Page paths in a nav section, in order, through any sub-sections."""
        paths: list[str] = []
        for item in items:
            value = item if isinstance(item, str) else next(iter(item.values()))  # type: ignore[union-attr]
            paths.extend(flatten(value) if isinstance(value, list) else [str(value)])
        return paths

    entries = flatten(sections[0])
    assert entries[0] == "case-studies/index.md"
    pages = {f"case-studies/{path.name}" for path in case_studies.case_paths(DOCS)}
    assert set(entries[1:]) == pages and len(entries) == len(pages) + 1
    tools_position = next(i for i, item in enumerate(config["nav"]) if "Tools" in item)
    case_position = next(i for i, item in enumerate(config["nav"]) if "Case studies" in item)
    assert case_position == tools_position + 1


# --- The generated index -----------------------------------------------------------------------


def tag_sections(index: str) -> dict[str, set[str]]:
    """Pages linked under each tag heading ("#### Label {#tag-ID}") of the generated index."""
    sections: dict[str, set[str]] = {}
    current: str | None = None
    for line in index.splitlines():
        heading = re.match(r"#{2,4} .*?(?:\{#tag-(?P<id>[\w-]+)\})?$", line)
        if heading:
            current = heading["id"]
            if current:
                sections[current] = set()
        elif current and line.startswith("- "):
            sections[current].update(re.findall(r"\]\(([\w-]+\.md)\)", line))
    return sections


def test_index_lists_every_case_under_each_of_its_tags_and_nowhere_else(
    collection: case_studies.Collection,
) -> None:
    sections = tag_sections(case_studies.index_markdown(collection))
    for case in collection.cases:
        for tag_id in case.tags:
            assert case.page in sections[tag_id], (case.slug, tag_id)
    for tag_id, pages in sections.items():
        for page in pages:
            assert tag_id in collection.case(page.removesuffix(".md")).tags, (page, tag_id)


def test_index_table_lists_every_case_with_its_place_period_and_level(
    collection: case_studies.Collection,
) -> None:
    rows = [line for line in case_studies.index_markdown(collection).splitlines() if line.startswith("| [")]
    assert len(rows) == len(collection.cases)
    for case in collection.cases:
        (row,) = [row for row in rows if f"]({case.page})" in row]
        level = str(case.hierarchy_level) if case.hierarchy_level else "Not assigned"
        assert row.endswith(f"| {level} |")
        assert case_studies.inline(case.place) in row and case_studies.inline(case.period) in row


def test_index_page_needs_its_marker(collection: case_studies.Collection) -> None:
    with pytest.raises(CaseStudyError, match="marker"):
        case_studies.render_index("# Case studies\n\nNo marker here.\n", collection)


def test_built_index_links_every_case_under_each_tag(
    built_site: Path, collection: case_studies.Collection
) -> None:
    html = (built_site / "case-studies" / "index.html").read_text(encoding="utf-8")
    chunks = re.split(r'<h[1-4] id="', html)
    linked: dict[str, set[str]] = {}
    for chunk in chunks:
        if chunk.startswith("tag-"):
            tag_id = chunk[len("tag-") : chunk.index('"')]
            linked[tag_id] = set(re.findall(r'<a href="([\w-]+)\.html"', chunk))
    for case in collection.cases:
        for tag_id in case.tags:
            assert case.slug in linked[tag_id], (case.slug, tag_id)


def test_built_case_pages_start_with_the_summary_box(
    built_site: Path, collection: case_studies.Collection
) -> None:
    for case in collection.cases:
        html = (built_site / "case-studies" / f"{case.slug}.html").read_text(encoding="utf-8")
        article = html[html.index("<article") :]
        assert article.count("<h1") == 1
        summary = article[article.index('class="admonition abstract case-summary"') : article.index("</dl>")]
        for term in ("Place", "Period", "Partners", "Data shared", "Legal basis", "Hierarchy level"):
            assert f"<dt>{term}</dt>" in summary, (case.slug, term)
        assert 'href="../guidance/hierarchy.html"' in summary
        for tag_id in case.tags:
            assert f'href="index.html#tag-{tag_id}"' in summary
        # The summary comes before the first section of the body.
        assert article.index("At a glance") < article.index("<h2")


# --- Rendering front-matter text safely --------------------------------------------------------


@given(st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=80))
def test_front_matter_text_renders_as_itself_never_as_markup(text: str) -> None:
    html = markdown.markdown(f"Text: {case_studies.inline(text)}", extensions=EXTENSIONS)
    assert html.startswith("<p>Text: ") and html.endswith("</p>")
    body = html[len("<p>Text: ") : -len("</p>")]
    assert "<" not in body
    assert html_lib.unescape(body).strip() == " ".join(text.split())


@pytest.mark.parametrize("text", ["- a list?", "1. a list?", "# a heading?", "--- a rule?", "+ plus"])
def test_front_matter_text_at_the_start_of_a_line_stays_text(text: str) -> None:
    html = markdown.markdown(case_studies.inline(text), extensions=EXTENSIONS)
    assert html == f"<p>{text}</p>"


# --- Wrong pages give clear errors -------------------------------------------------------------


def make_docs(tmp_path: Path) -> Path:
    """A docs folder with the real tag vocabulary and one valid case study copied from the site."""
    docs = tmp_path / "docs"
    (docs / "_data").mkdir(parents=True)
    (docs / "case-studies").mkdir()
    shutil.copy(DOCS / case_studies.VOCABULARY, docs / case_studies.VOCABULARY)
    shutil.copy(DOCS / "case-studies" / "dudley-hb-mapping.md", docs / "case-studies" / "good.md")
    return docs


def write_case(docs: Path, name: str, changes: dict[str, object], drop: tuple[str, ...] = ()) -> Path:
    """A copy of the valid page with some front-matter fields changed or removed."""
    front_matter, body = case_studies.split_front_matter(
        (docs / "case-studies" / "good.md").read_text(encoding="utf-8")
    ) or ("", "")
    meta = {**yaml.safe_load(front_matter), **changes}
    for field in drop:
        meta.pop(field)
    meta["title"] = f"{meta['title']} ({name})"
    path = docs / "case-studies" / f"{name}.md"
    path.write_text(f"---\n{yaml.safe_dump(meta, sort_keys=False)}---\n{body}", encoding="utf-8")
    return path


def test_a_valid_copy_loads(tmp_path: Path) -> None:
    docs = make_docs(tmp_path)
    write_case(docs, "copy", {})
    assert {case.slug for case in case_studies.load_collection(docs).cases} == {"good", "copy"}


def test_bad_front_matter_names_the_file_line_and_each_field(tmp_path: Path) -> None:
    docs = make_docs(tmp_path)
    path = write_case(
        docs,
        "bad",
        {
            "hierarchy_level": 7,
            "tags": ["planning", "nonsense"],
            "sources": [{"source": "idea", "where": "x"}],
        },
        drop=("outcome",),
    )
    with pytest.raises(CaseStudyError) as caught:
        case_studies.load_collection(docs)
    message = str(caught.value)
    lines = path.read_text(encoding="utf-8").splitlines()
    level_line = next(i for i, line in enumerate(lines, 1) if line.startswith("hierarchy_level:"))
    assert (
        f"docs/case-studies/bad.md, line {level_line}, field 'hierarchy_level': 7 is greater than" in message
    )
    assert "field 'outcome': missing" in message
    tag_line = next(i for i, line in enumerate(lines, 1) if line.strip() == "- nonsense")
    assert f"line {tag_line}, field 'tags[1]': unknown tag 'nonsense'" in message
    assert "field 'sources[0].source': 'idea' is not a source key" in message
    assert "good.md" not in message


def test_a_null_level_without_a_note_is_refused(tmp_path: Path) -> None:
    docs = make_docs(tmp_path)
    write_case(docs, "no-note", {"hierarchy_level": None}, drop=("hierarchy_note",))
    with pytest.raises(CaseStudyError, match=r"no-note\.md.*field 'hierarchy_note': missing \(a page with"):
        case_studies.load_collection(docs)


def test_wrong_types_and_unknown_fields_are_named(tmp_path: Path) -> None:
    docs = make_docs(tmp_path)
    write_case(docs, "types", {"period": 2011, "partners": [], "colour": "blue"})
    with pytest.raises(CaseStudyError) as caught:
        case_studies.load_collection(docs)
    message = str(caught.value)
    assert "field 'period': 2011 is not of type 'string'" in message
    assert "field 'partners': [] should be non-empty" in message
    assert "field 'colour': not a known field" in message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    docs = make_docs(tmp_path)
    (docs / "case-studies" / "broken.md").write_text(
        "---\ntitle: Fine\nplace: [unclosed\nperiod: x\n---\n\nBody\n", encoding="utf-8"
    )
    with pytest.raises(CaseStudyError, match=r"broken\.md, line \d+: the front matter is not valid YAML"):
        case_studies.load_collection(docs)


def test_a_page_without_front_matter_is_refused(tmp_path: Path) -> None:
    docs = make_docs(tmp_path)
    (docs / "case-studies" / "bare.md").write_text("Just text.\n", encoding="utf-8")
    with pytest.raises(CaseStudyError, match=r"bare\.md, line 1: the page must start with front matter"):
        case_studies.load_collection(docs)


def test_body_problems_are_found_with_their_lines(tmp_path: Path) -> None:
    docs = make_docs(tmp_path)
    path = write_case(docs, "body", {"sources": [{"source": "dwp-guide", "where": "para 41"}]})
    text = path.read_text(encoding="utf-8").replace(
        "## The situation",
        "# A second title\n\nCall 0191 225 9245 or write to someone@example.org.\n\n## The situation",
    )
    path.write_text(text, encoding="utf-8")
    lines = text.splitlines()
    h1_line = lines.index("# A second title") + 1
    with pytest.raises(CaseStudyError) as caught:
        case_studies.load_collection(docs)
    message = str(caught.value)
    assert f"body.md, line {h1_line}: remove this '# ' heading" in message
    assert "a phone number (0191 225 9245)" in message
    assert "an e-mail address (someone@example.org)" in message
    assert "cites 'dwp-guide' but '## Sources' has no link" in message


def test_problems_in_several_pages_are_reported_together(tmp_path: Path) -> None:
    docs = make_docs(tmp_path)
    write_case(docs, "first", {"place": ""})
    write_case(docs, "second", {"tags": []})
    with pytest.raises(CaseStudyError) as caught:
        case_studies.load_collection(docs)
    message = str(caught.value)
    assert message.startswith("Case-study front matter is wrong (2 pages)")
    assert "first.md" in message and "second.md" in message


def test_the_build_hook_stops_the_build_with_the_message(tmp_path: Path) -> None:
    from tools import mkdocs_hooks

    docs = make_docs(tmp_path)
    write_case(docs, "bad", {"hierarchy_level": "five"})
    config = SimpleNamespace(docs_dir=str(docs))
    with pytest.raises(PluginError, match=r"bad\.md, line \d+, field 'hierarchy_level'"):
        mkdocs_hooks.on_files([], config)
