"""The catalogue's advice, written into the page at build time from the same data file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tools import render_catalogue
from wizard.core.purposes import purposes
from wizard.minimise.advice import VERDICT_LABELS
from wizard.minimise.catalogue import catalogue


def test_every_field_and_every_purpose_specific_advice_is_in_the_tables() -> None:
    html = str(render_catalogue.catalogue_html())
    cat = catalogue()
    assert html.count("<table>") == len(cat.groups)
    assert html.count('<th scope="row">') == len(cat.fields)
    labels = {item.id: item.label for item in purposes()}
    for field in cat.fields:
        assert f"<span>{field.label}</span>" in html.replace("&#x27;", "'")
        for purpose_id in field.by_purpose:
            assert f"<em>{labels[purpose_id]}: </em>" in html.replace("&#x27;", "'")
    assert html.count("<li><em>") == sum(len(field.by_purpose) for field in cat.fields)
    for label in (
        "Keep",
        "Replace",
        "Leave out",
        "Special category (Article 9)",
        "Criminal offence data (Article 10)",
    ):
        assert f"<strong>{label}" in html
    assert html.count('class="minimise-law"') == sum(
        1 for field in cat.fields for advice in (field.advice, *field.by_purpose.values()) if advice.law
    )
    assert VERDICT_LABELS["unknown"] not in html


def test_placeholder_is_replaced_and_other_pages_are_left_alone() -> None:
    page = '<p>x</p><div data-field-catalogue="minimise"></div><p>y</p>'
    rendered = render_catalogue.render_placeholders(page)
    assert rendered.startswith("<p>x</p>") and rendered.endswith("<p>y</p>")
    assert "data-field-catalogue" not in rendered and "<caption>Who the person is</caption>" in rendered
    assert render_catalogue.render_placeholders("<p>plain</p>") == "<p>plain</p>"


def test_a_data_file_that_breaks_the_schema_stops_the_build(tmp_path: Path) -> None:
    broken = tmp_path / "fields.toml"
    text = render_catalogue.DATA.read_text(encoding="utf-8")
    broken.write_text(text.replace('verdict = "drop"', 'verdict = "perhaps"', 1), encoding="utf-8")
    with pytest.raises(render_catalogue.CatalogueSchemaError, match=r"fields/\d+/.*'perhaps' is not one of"):
        render_catalogue.validate(broken)


def test_built_page_has_the_first_view_and_the_advice_in_full(built_site: Path) -> None:
    html = (built_site / "tools" / "minimise.html").read_text(encoding="utf-8")
    assert 'data-wizard="minimise"' in html and "What is the data for?" in html
    assert "<caption>Special category and criminal offence data</caption>" in html
    assert len(re.findall(r'<th scope="row">', html)) == len(catalogue().fields)
    assert "Which fields do you need?" in (built_site / "tools" / "index.html").read_text(encoding="utf-8")
