"""The glossary and link registry: their data files are checked, and the pages come out right."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import markdown
import pytest

from tools import glossary, links
from tools.data_files import DataFileError, load_yaml

DOCS = Path(__file__).resolve().parents[2] / "docs"


def glossary_data(*entries: dict[str, Any]) -> dict[str, Any]:
    return {"entries": list(entries)}


DWP = {
    "term": "DWP",
    "expansion": "Department for Work and Pensions",
    "definition": "A department.",
    "sources": ["dwp-guide"],
}


def test_the_real_glossary_loads_and_has_the_jargon_guide_and_required_abbreviations() -> None:
    entries = glossary.load(DOCS)
    terms = {entry.term for entry in entries}
    jargon = {
        "Data sharing", "Data matching", "Data mining", "Data linking", "Personal data",
        "Sensitive personal data", "Data retention", "Data security",
    }  # fmt: skip
    required = {
        "DWP", "JCP", "LA", "LSP", "LAA", "MAA", "HB", "CTB", "DLA", "ESA", "IB", "JSA", "IS", "WPLS", "DSAM",
        "NINO", "OA", "LSOA", "SOA", "APS", "NOMIS", "NeSS", "PIA", "ICO", "SSAA", "DPA", "HRA", "ALMO",
        "NAFAO", "CSP", "FND", "ESF", "NDC", "NRU", "PAT", "MI", "DPIA", "DUAA", "DEA", "UC", "CTR", "PSN",
        "GCSx", "DSA", "WRA", "SI", "LPSA", "FTI", "MoU", "UK GDPR",
    }  # fmt: skip
    assert jargon <= terms, jargon - terms
    assert required <= terms, required - terms


def test_glossary_entries_come_out_in_alphabetical_order() -> None:
    entries = glossary.load(DOCS)
    assert [e.term.casefold() for e in entries] == sorted(e.term.casefold() for e in entries)


def test_a_glossary_entry_missing_its_definition_is_named(tmp_path: Path) -> None:
    broken = {key: value for key, value in DWP.items() if key != "definition"}
    with pytest.raises(DataFileError, match=r"entry 1 \(DWP\).*'definition' is a required property"):
        glossary.parse(glossary_data(broken), tmp_path / "glossary.yml")


def test_a_glossary_entry_citing_an_unknown_source_is_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"entry 1 \(DWP\), field sources"):
        glossary.parse(glossary_data({**DWP, "sources": ["dwp-2099"]}), tmp_path / "glossary.yml")


def test_two_entries_for_the_same_term_are_refused(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="same anchor #dwp"):
        glossary.parse(glossary_data(DWP, {**DWP, "expansion": "Something else"}), tmp_path / "glossary.yml")


def test_see_also_must_name_a_term(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match="'see JCP', which is not a term"):
        glossary.parse(glossary_data({**DWP, "see": ["JCP"]}), tmp_path / "glossary.yml")


def test_a_repeated_yaml_key_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yml"
    path.write_text("entries:\n  - term: DWP\n    term: JCP\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 3: the key 'term' appears twice"):
        load_yaml(path)


def test_tooltips_cover_plurals_and_listed_forms_but_not_terms() -> None:
    entries = glossary.parse(
        glossary_data(
            DWP,
            {
                "term": "LPSA",
                "expansion": "Local Public Service Agreement",
                "forms": ["LPSA2"],
                "definition": "x",
                "sources": [],
            },
            {"term": "APS", "expansion": "Annual Population Survey", "definition": "x", "sources": []},
            {"term": "Data mining", "definition": "x", "sources": []},
        ),
        Path("glossary.yml"),
    )
    assert glossary.tooltips(entries) == {
        "APS": "Annual Population Survey",
        "DWP": "Department for Work and Pensions",
        "DWPs": "Department for Work and Pensions",
        "LPSA": "Local Public Service Agreement",
        "LPSAs": "Local Public Service Agreement",
        "LPSA2": "Local Public Service Agreement",
    }
    assert "*[DWP]: Department for Work and Pensions" in glossary.abbreviation_markdown(entries).splitlines()


def test_glossary_page_and_tooltips_render_the_same_expansion() -> None:
    entries = glossary.load(DOCS)
    html = markdown.markdown(
        glossary.page_markdown(entries) + "\n\n" + glossary.abbreviation_markdown(entries),
        extensions=["abbr", "attr_list", "def_list", "admonition", "toc", "md_in_html"],
    )
    assert '<dt id="dwp"><abbr title="Department for Work and Pensions">DWP</abbr></dt>' in html
    assert '<strong class="glossary-expansion">Department for Work and Pensions</strong>' in html


def link(**fields: Any) -> dict[str, Any]:
    return {
        "id": "nomis",
        "title": "Nomis",
        "group": "statistics",
        "status": "live",
        "url": "https://www.nomisweb.co.uk/",
        **fields,
    }


def registry_data(*items: dict[str, Any]) -> dict[str, Any]:
    return {"groups": [{"id": "statistics", "title": "Statistics"}], "links": list(items)}


def parse_links(*items: dict[str, Any]) -> links.Registry:
    return links.parse(registry_data(*items), Path("links.yml"))


def test_the_real_link_registry_loads_with_every_current_address_from_the_research() -> None:
    registry = links.load(DOCS)
    current = {
        "https://www.nomisweb.co.uk/",
        "https://stat-xplore.dwp.gov.uk/",
        "https://www.ons.gov.uk/",
        "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/data-sharing/data-sharing-a-code-of-practice/",
        "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/the-research-provisions/",
        "https://ico.org.uk/for-organisations/uk-gdpr-guidance-and-resources/data-protection-principles/",
        "https://www.gov.uk/government/publications/digital-economy-act-2017-part-5-codes-of-practice",
        "https://www.gov.uk/government/publications/work-programme-dwp-provider-guidance",
        "https://www.gov.uk/government/publications/restart-provider-guidance",
        "https://www.gov.uk/government/publications/la-welfare-direct-bulletins-2025",
        "https://www.legislation.gov.uk/ukpga/2018/12/contents",
        "https://www.legislation.gov.uk/ukpga/2025/18/section/70",
        "https://www.legislation.gov.uk/uksi/2012/1483",
        "https://www.legislation.gov.uk/ukpga/2017/30/section/35",
        "https://www.legislation.gov.uk/ukpga/1992/5/section/123",
    }
    assert current <= registry.linkable(), current - registry.linkable()


def test_every_address_printed_in_the_sources_is_registered() -> None:
    # Addresses as they appear in the five source documents (our text copies), one per line.
    printed = [
        "http://www.dwp.gov.uk/docs/datasharingguide.pdf", "www.data4nr.net", "www.data4nr.org.uk",
        "http://research.dwp.gov.uk/asd/tabtool.asp", "www.nomisweb.co.uk", "www.idea.gov.uk",
        "http://www.govconnect.gov.uk/index.php", "www.sns.gov.uk", "http://www.groscotland.gov.uk/",
        "http://services.parliament.uk/bills/2010-11/welfarereform.html", "http://www.ico.gov.uk/",
        "http://www.direct.gov.uk/en/NI1/Newsroom/DG_188740",
        "www.dca.gov.uk/foi/sharing/toolkit/lawguide.pdf", "www.plymouth-informed.org.uk/",
        "www.communities.gov.uk/publications/communities/worklessnessvol1",
    ]  # fmt: skip
    registry = links.load(DOCS)
    missing = [address for address in printed if registry.entry_for_address(address) is None]
    assert not missing


def test_a_live_link_needs_its_working_address() -> None:
    with pytest.raises(DataFileError, match="a live entry needs the url"):
        parse_links({key: value for key, value in link().items() if key != "url"})


def test_a_dead_address_may_not_be_given_as_a_url() -> None:
    with pytest.raises(DataFileError, match="only a live entry may have a url"):
        parse_links(link(status="gone"))


def test_current_equivalent_must_work() -> None:
    dead = {
        "id": "tab-tool",
        "title": "Tab Tool",
        "group": "statistics",
        "status": "gone",
        "old_addresses": ["http://x"],
    }
    with pytest.raises(DataFileError, match="current names 'tab-tool', which has no working address"):
        parse_links(link(), dead, {**dead, "id": "old", "old_addresses": ["http://y"], "current": "tab-tool"})
    registry = parse_links(link(), {**dead, "current": "nomis"})
    assert registry.by_id("tab-tool").current == "nomis"


def test_the_same_address_may_not_be_registered_twice() -> None:
    with pytest.raises(DataFileError, match="also registered by 'nomis'"):
        parse_links(link(), link(id="nomis-again"))


def test_an_unknown_status_is_refused_with_the_entry_named() -> None:
    with pytest.raises(DataFileError, match=r"entry 1 \(nomis\), field status: 'dead' is not one of"):
        parse_links(link(status="dead"))


def test_only_working_addresses_become_links_on_the_page() -> None:
    registry = parse_links(
        link(),
        {"id": "tab-tool", "title": "Tab Tool", "group": "statistics", "status": "gone",
         "old_addresses": ["http://research.dwp.gov.uk/asd/tabtool.asp"], "current": "nomis"},
        {"id": "dh", "title": "DH page", "group": "statistics", "status": "archived",
         "archive": "https://webarchive.nationalarchives.gov.uk/20120104214417/http:/www.dh.gov.uk/x",
         "old_addresses": ["http://www.dh.gov.uk/x"]},
    )  # fmt: skip
    html = markdown.markdown(
        links.page_markdown(registry), extensions=["attr_list", "def_list", "admonition", "md_in_html"]
    )
    assert 'href="https://www.nomisweb.co.uk/"' in html
    assert 'href="https://webarchive.nationalarchives.gov.uk/20120104214417/http:/www.dh.gov.uk/x"' in html
    assert "<code>http://research.dwp.gov.uk/asd/tabtool.asp</code>" in html
    assert 'href="http://research.dwp.gov.uk' not in html and 'href="http://www.dh.gov.uk' not in html
    assert '<a href="#nomis">Nomis</a>' in html
