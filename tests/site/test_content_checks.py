"""The content rules on small examples: each rule passes good text and catches bad text."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tests.content_checks import (
    abbreviations_in,
    contact_details,
    looks_like_abbreviation,
    sources_section_problems,
    superseded_mentions,
    undefined_abbreviations,
)
from tests.site_pages import read_page

KEYS = ("idea-2010", "dwp-guide", "dwp-2011", "nru-2005", "wp-ch21")
SOURCES = "reference/sources.md"


def problems(markdown: str, page: str = "guidance/consent.md") -> list[str]:
    return sources_section_problems(markdown, page, KEYS, SOURCES)


GOOD_PAGE = """# Consent

Some text.

## When consent helps

More text.

## Sources

- [DWP guide for local partners](../reference/sources.md#dwp-guide) (DWP, c. 2009–10), paragraph 14.
- [Tackling worklessness: Data sharing](../reference/sources.md#idea-2010) (IDeA/LGA, May 2010),
  "The importance of personal consent".
"""


def test_a_page_ending_with_cited_sources_passes() -> None:
    assert problems(GOOD_PAGE) == []


def test_a_page_without_sources_fails() -> None:
    assert problems("# Consent\n\n## When consent helps\n\nText.\n") == [
        "does not end with '## Sources' (its last section is '## When consent helps')"
    ]
    assert problems("# Consent\n\nText only.\n") == ["has no '## Sources' section"]


def test_sources_must_be_the_last_section() -> None:
    page = GOOD_PAGE + "\n## Further reading\n\n- Something\n"
    assert problems(page) == ["does not end with '## Sources' (its last section is '## Further reading')"]
    page = GOOD_PAGE + "\n### Notes\n\nText.\n"
    assert problems(page) == ["has headings after '## Sources': ### Notes"]


def test_every_source_must_link_to_a_known_document_anchor() -> None:
    page = GOOD_PAGE.replace("#dwp-guide", "#dwp-guidance")
    assert len(problems(page)) == 1 and "#dwp-guidance" in problems(page)[0]
    page = GOOD_PAGE.replace("(../reference/sources.md#idea-2010)", "(https://example.org/guide)")
    assert len(problems(page)) == 1 and "does not link to reference/sources.md" in problems(page)[0]
    assert problems("# T\n\n## Sources\n\nSee the DWP guide.\n") == ["'## Sources' has no list of sources"]


def test_relative_links_are_resolved_from_the_page_folder() -> None:
    nested = GOOD_PAGE.replace("../reference/", "../../reference/")
    assert problems(nested, "guidance/powers/2011.md") == []
    assert problems(GOOD_PAGE, "guidance/powers/2011.md") != []


def test_a_heading_inside_a_code_block_is_not_a_section() -> None:
    page = GOOD_PAGE.replace("Some text.", "```markdown\n## Sources\n```")
    assert problems(page) == []


def test_abbreviations_are_capitalised_words_not_ordinary_ones() -> None:
    text = "The DWP, two LSOAs, NeSS, the IDeA, GCSx and GOV.UK; Council, JavaScript, GovConnect, I, A."
    assert abbreviations_in(text) == ["DWP", "LSOAs", "NeSS", "IDeA", "GCSx", "GOV.UK"]


def test_section_numbers_and_roman_numerals_are_not_abbreviations() -> None:
    assert abbreviations_in("Children Act 2004 s.16LA, Article 84A, Chapter III and Part V") == []
    assert looks_like_abbreviation("LPSA2") and looks_like_abbreviation("FN4G")


def test_undefined_abbreviations_are_listed_once_each() -> None:
    text = "DWP and the JCP shared data with the LSP, then the XYZ and the XYZ again."
    assert undefined_abbreviations(text, {"DWP", "JCP"}) == ["LSP", "XYZ"]


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz ,.;", max_size=200))
def test_lower_case_prose_has_no_abbreviations(text: str) -> None:
    assert abbreviations_in(text) == []


def test_superseded_terms_are_found_with_their_context() -> None:
    found = superseded_mentions(
        "Under the Data Protection Act 1998 and Schedule 3, councils could use the Tabtool."
    )
    assert [rule.anchor for rule, _ in found] == ["data-protection-act-1998", "schedules-2-and-3", "tab-tool"]
    assert "Data Protection Act 1998" in found[0][1]


def test_current_law_is_not_flagged_as_superseded() -> None:
    text = "The UK GDPR and the Data Protection Act 2018 apply; use Stat-Xplore and the Restart Scheme."
    assert superseded_mentions(text) == []


def test_email_addresses_and_phone_numbers_are_found() -> None:
    text = "Call 0191 261 177 or 020 7296 6880, +44 20 7946 0000, or e-mail someone@example.gov.uk."
    assert contact_details(text, []) == [
        "someone@example.gov.uk",
        "0191 261 177",
        "020 7296 6880",
        "+44 20 7946 0000",
    ]
    assert contact_details("", ["mailto:x@y.uk", "tel:01234567890"]) == ["mailto:x@y.uk", "tel:01234567890"]


def test_figures_and_references_are_not_phone_numbers() -> None:
    text = "SI 2012/1483, 84 responses, 1,100 letters, to 20, totals 0\n20\n40\n60\n80\n100, 2005 to 2011."
    assert contact_details(text, []) == []


def test_page_reader_separates_prose_from_code_and_finds_tooltips(tmp_path: Path) -> None:
    html = (
        '<nav class="md-nav md-nav--primary"><a href="a.html">A</a></nav>'
        '<article class="md-content__inner md-typeset">'
        '<h1 id="t">Title<a class="headerlink" href="#t">¶</a></h1>'
        '<p>The <abbr title="Department for Work and Pensions">DWP</abbr>s and <code>XYZ</code>.</p>'
        '<div class="admonition changed"><p class="admonition-title">Changed</p></div>'
        '<dl><dt id="dwp"><abbr title="Department for Work and Pensions">DWP</abbr></dt>'
        '<dd><p><strong class="glossary-expansion">Department for Work and Pensions</strong></p></dd></dl>'
        "</article><script>var NOT = 'prose';</script>"
    )
    (tmp_path / "p.html").write_text(html, encoding="utf-8")
    page = read_page(tmp_path, tmp_path / "p.html")
    assert (
        "DWPs" in page.prose and "XYZ" not in page.prose and "NOT" not in page.text and "¶" not in page.prose
    )
    assert page.nav_links == ["a.html"]
    assert page.changed_admonitions == 1
    assert (page.abbreviations[0].text, page.abbreviations[0].title) == (
        "DWP",
        "Department for Work and Pensions",
    )
    assert [(g.anchor, g.term, g.expansion) for g in page.glossary] == [
        ("dwp", "DWP", "Department for Work and Pensions")
    ]
