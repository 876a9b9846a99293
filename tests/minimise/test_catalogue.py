"""The field catalogue: schema, strict loading, every entry, and synonym matching."""

from __future__ import annotations

import copy
import re
import tomllib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tools.render_catalogue import DATA, schema_errors
from wizard.core.purposes import purposes
from wizard.core.sources import SOURCES
from wizard.minimise.catalogue import (
    CatalogueError,
    Verdict,
    _without_qualifiers,
    catalogue,
    normalise,
    parse_catalogue,
)

RAW: dict[str, Any] = tomllib.loads(DATA.read_text(encoding="utf-8"))
CATALOGUE = catalogue()
FIELD_IDS = [field.id for field in CATALOGUE.fields]
PURPOSE_IDS = [item.id for item in purposes()]


def raw_copy() -> dict[str, Any]:
    return copy.deepcopy(RAW)


def field_raw(data: dict[str, Any], field_id: str) -> dict[str, Any]:
    return next(item for item in data["fields"] if item["id"] == field_id)


def test_the_data_file_matches_its_schema() -> None:
    assert schema_errors(RAW) == []


def test_catalogue_size_and_levels_are_as_declared() -> None:
    assert len(CATALOGUE.fields) == len(RAW["fields"]) >= 30
    assert [level.id for level in CATALOGUE.levels] == [
        "aggregate",
        "category",
        "coarse",
        "pseudonym",
        "quasi",
        "direct",
    ]


@pytest.mark.parametrize("field_id", FIELD_IDS)
def test_each_entry_matches_its_label_id_and_synonyms(field_id: str) -> None:
    field = CATALOGUE.field(field_id)
    for name in (field.label, field.id, *field.synonyms):
        found = CATALOGUE.lookup(name)
        assert found is not None and found.id == field_id, name


@pytest.mark.parametrize("field_id", FIELD_IDS)
def test_each_entry_has_cited_advice_for_every_purpose(field_id: str) -> None:
    field = CATALOGUE.field(field_id)
    for purpose_id in PURPOSE_IDS:
        advice = field.advice_for(purpose_id)
        assert advice.reason.strip() and advice.cite
        assert all(c.source in SOURCES and c.where for c in advice.cite)
        if advice.verdict == Verdict.REPLACE:
            assert advice.alternatives
        for alternative in advice.alternatives:
            assert CATALOGUE.field(alternative).level.rank < field.level.rank


@pytest.mark.parametrize(
    "name",
    [
        "DOB",
        "D.O.B.",
        "date of birth",
        "birth date",
        "Date_Of_Birth",
        " dob ",
        "ＤＯＢ",
        "Client DOB",
        "Customer's date of birth",
        "DATE-OF-BIRTH",
        "date\tof birth",
    ],
)
def test_date_of_birth_spellings_all_match(name: str) -> None:
    found = CATALOGUE.lookup(name)
    assert found is not None and found.id == "date_of_birth"


@pytest.mark.parametrize(
    ("name", "field_id"),
    [
        ("NINO", "nino"),
        ("N.I. No.", "nino"),
        ("ni number", "nino"),
        ("Post Code", "postcode"),
        ("Tel.", "telephone"),
        ("Mobile No", "telephone"),
        ("E-mail", "email"),
        ("Benefit Type", "benefit_type"),
        ("Ethnic origin", "ethnicity"),
        ("Criminal record", "offences"),
        ("LSOA code", "area_code"),
        ("Surname", "name"),
        ("Applicant name", "name"),
    ],
)
def test_common_header_names_match(name: str, field_id: str) -> None:
    found = CATALOGUE.lookup(name)
    assert found is not None and found.id == field_id


@pytest.mark.parametrize("name", ["Shoe size", "", "   ", "!!!", "Client", "Date", "Notes", "<b>DOB</b>x"])
def test_unknown_names_are_not_guessed(name: str) -> None:
    assert CATALOGUE.lookup(name) is None


def test_normalise_ignores_case_punctuation_spacing_and_unicode_forms() -> None:
    assert normalise("D.O.B.") == normalise("dob") == normalise("ＤＯＢ") == "dob"
    assert normalise("Date of birth") == normalise("date_of-birth") == "dateofbirth"


#: UK GDPR Article 9's special categories (research/legal-currency-2.md, section 5), each with
#: header names a council spreadsheet might use for it, and criminal offence data (Article 10).
ARTICLE_9_HEADERS = {
    "ethnicity": ["Ethnicity", "Ethnic group", "Race", "Racial or ethnic origin", "Client ethnicity", "BME"],
    "political_opinions": ["Political opinions", "Political views", "Political party", "Politics"],
    "religion": ["Religion", "Faith", "Religious belief", "Philosophical beliefs", "Denomination"],
    "trade_union": ["Trade union membership", "Union member", "Trades union"],
    "genetic": ["Genetic data", "DNA", "Genetic test results"],
    "biometric": ["Biometric data", "Biometrics", "Fingerprints", "Facial image"],
    "health": [
        "Health",
        "Health condition",
        "Medical conditions",
        "Mental health",
        "Medication",
        "Pregnancy",
    ],
    "disability": ["Disability", "Disabled", "Disabilities", "Impairment", "LLTI", "Learning disability"],
    "sexual_life": ["Sex life", "Sexual life", "Sexual history"],
    "sexual_orientation": ["Sexual orientation", "Sexuality", "LGBT"],
}
ARTICLE_10_HEADERS = {
    "offences": [
        "Offences",
        "Convictions",
        "Criminal record",
        "Unspent convictions",
        "Cautions",
        "Offending history",
    ]
}


@pytest.mark.parametrize(
    ("name", "field_id"),
    [
        (name, field_id)
        for group in (ARTICLE_9_HEADERS, ARTICLE_10_HEADERS)
        for field_id, names in group.items()
        for name in names
    ],
)
def test_every_article_9_category_and_criminal_offence_data_is_read_from_common_headers(
    name: str, field_id: str
) -> None:
    found = CATALOGUE.lookup(name)
    assert found is not None and found.id == field_id, name


def test_the_special_fields_are_exactly_article_9_and_article_10_and_say_so_first() -> None:
    sensitive = {f.id for f in CATALOGUE.fields if f.advice.verdict == Verdict.SENSITIVE}
    assert sensitive == set(ARTICLE_9_HEADERS) | set(ARTICLE_10_HEADERS)
    assert {f.id for f in CATALOGUE.in_group("sensitive")} == sensitive
    for field_id in sensitive:
        field = CATALOGUE.field(field_id)
        article = "ukgdpr-art10" if field_id in ARTICLE_10_HEADERS else "ukgdpr-art9"
        for advice in (field.advice, *field.by_purpose.values()):
            assert advice.verdict == Verdict.SENSITIVE, field_id
            assert article in advice.law, field_id
            # Today's law first, the 1998 Act's "sensitive personal data" only afterwards, as history.
            name = "Article 10" if article == "ukgdpr-art10" else "Article 9"
            then = min(advice.reason.find(year) for year in ("2009–10", "2011") if year in advice.reason)
            assert advice.reason.index(name) < then, field_id
            assert "sensitive" not in advice.reason[:then], field_id
            assert advice.cite, field_id
        # The history rests on the guidance's list of sensitive kinds, in its jargon guide.
        assert any("Jargon Guide" in c.where for c in field.advice.cite), field_id
        assert field.advice.notes == (
            ("criminal_offence",) if field_id in ARTICLE_10_HEADERS else ("special_category",)
        )
    assert "ukgdpr-art9" not in CATALOGUE.field("offences").advice.law
    for category in ("political opinions", "genetic", "biometric", "sexual orientation", "disability"):
        assert category in CATALOGUE.notes["special_category"].text


def test_a_sensitive_verdict_must_name_article_9_or_10() -> None:
    data = raw_copy()
    del field_raw(data, "religion")["advice"]["law"]
    refuse(data, r"\(religion\)\.advice\.law: a 'sensitive' verdict must name the law", schema_catches=False)


def test_advice_may_cite_only_provisions_in_the_law_registry() -> None:
    data = raw_copy()
    field_raw(data, "health")["advice"]["law"] = ["ukgdpr-art9", "dpa1998-sch3"]
    refuse(data, r"\(health\)\.advice\.law\[1\]: no provision 'dpa1998-sch3'", schema_catches=False)


# Headers as people write them (issue 14): qualifiers in brackets, several names split by "/", and
# fields the catalogue lacked. Special category and offence data must never come back unknown.
ISSUE_14_HEADERS = {
    "Disability (Y/N)": "disability",
    "Health condition (Y/N)": "health",
    "Criminal record (Y/N)": "offences",
    "Ethnicity (optional)": "ethnicity",
    "Sex (M/F)": "sex",
    "Date Of Birth (dd/mm/yyyy)": "date_of_birth",
    "Postcode (full)": "postcode",
    "Religion/Belief": "religion",
    "UC claim start date": "claim_dates",
    "Child's name": "child_name",
    "UPRN": "uprn",
    "Household composition": "household_composition",
    "Child's school": "child_school",
}


@pytest.mark.parametrize(("name", "field_id"), sorted(ISSUE_14_HEADERS.items()))
def test_headers_with_qualifiers_and_slashes_match(name: str, field_id: str) -> None:
    found = CATALOGUE.lookup(name)
    assert found is not None and found.id == field_id


def test_a_slash_keeps_the_most_protective_match() -> None:
    found = CATALOGUE.lookup("Name/Ethnicity")
    assert found is not None and found.id == "ethnicity"
    found = CATALOGUE.lookup("Age/Postcode")
    assert found is not None and found.id == "postcode"


@pytest.mark.parametrize(
    "name",
    [
        "Ethnic group (optional)",
        "Religion / belief",
        "Sexual orientation (optional)",
        "Trade union member (Y/N)",
        "Mental health (Y/N)",
        "Previous convictions (Y/N)",
        "Political views",
        "Biometrics",
        "Genetic test results",
    ],
)
def test_special_category_and_offence_data_never_come_back_unknown(name: str) -> None:
    found = CATALOGUE.lookup(name)
    assert found is not None and found.advice.verdict == Verdict.SENSITIVE
    first = found.advice.reason.split(".")[0]
    assert "UK GDPR Article" in first  # today's law first


# --- strict loading: a broken file is refused with a message naming the entry ----------------------


def refuse(data: dict[str, Any], expected: str, *, schema_catches: bool = True) -> None:
    """The loader refuses the data naming the place; so does the schema, where a schema can tell."""
    with pytest.raises(CatalogueError, match=expected):
        parse_catalogue(data)
    assert bool(schema_errors(data)) is schema_catches


def test_refuses_an_unknown_key() -> None:
    data = raw_copy()
    field_raw(data, "name")["colour"] = "red"
    refuse(data, r"fields\[0\] \(name\): has unknown key\(s\) colour")


def test_refuses_an_unknown_verdict() -> None:
    data = raw_copy()
    field_raw(data, "postcode")["advice"]["verdict"] = "maybe"
    refuse(data, r"\(postcode\)\.advice\.verdict: 'maybe' is not one of")


def test_refuses_advice_without_a_citation() -> None:
    data = raw_copy()
    field_raw(data, "telephone")["advice"]["cite"] = []
    refuse(data, r"\(telephone\)\.advice\.cite: every piece of advice needs at least one citation")


def test_refuses_replace_without_an_alternative() -> None:
    data = raw_copy()
    del field_raw(data, "date_of_birth")["advice"]["alternatives"]
    refuse(data, r"\(date_of_birth\)\.advice\.alternatives: a 'replace' verdict must name")


def test_refuses_an_advice_for_an_unknown_purpose() -> None:
    data = raw_copy()
    field_raw(data, "name")["purposes"]["fundraising"] = field_raw(data, "name")["advice"]
    refuse(data, r"\(name\)\.purposes: has unknown key\(s\) fundraising")


def test_refuses_a_synonym_shared_by_two_fields() -> None:
    data = raw_copy()
    field_raw(data, "telephone")["synonyms"].append("D O B")
    refuse(data, r"\(date_of_birth\)\.synonyms: 'DOB' also matches field 'telephone'", schema_catches=False)


def test_refuses_an_alternative_more_identifying_than_the_field() -> None:
    data = raw_copy()
    field_raw(data, "age_band")["purposes"]["research"] = {
        "verdict": "replace",
        "alternatives": ["date_of_birth"],
        "reason": "r",
        "cite": [{"source": "dwp-guide", "where": "para 54"}],
        "notes": [],
    }
    refuse(
        data,
        r"'age_band', research, alternative 'date_of_birth': is not less identifying",
        schema_catches=False,
    )


def test_refuses_an_alternative_that_is_not_a_field() -> None:
    data = raw_copy()
    field_raw(data, "nino")["purposes"]["research"]["alternatives"] = ["hash"]
    refuse(data, r"'nino', research, alternative 'hash': is not a field id", schema_catches=False)


def _without_qualifiers_by_regex(name: str) -> str:
    """The rule as a regular expression (clear, but it took seconds on a long pasted line)."""
    pattern = re.compile(r"\s*[\(\[][^\(\)\[\]]*[\)\]]\s*$")
    while True:
        shorter = pattern.sub("", name)
        if shorter == name or not normalise(shorter):
            return name.strip()
        name = shorter


@settings(max_examples=500)
@given(st.text(alphabet=st.sampled_from(list("ab ()[]/\t1-_ß")), max_size=24))
def test_qualifiers_come_off_as_the_regular_expression_says(name: str) -> None:
    assert _without_qualifiers(name) == _without_qualifiers_by_regex(name)


def test_a_long_line_of_brackets_and_spaces_still_reads() -> None:
    # Found by the fuzz test: these took seconds each before (the regex tried every start).
    assert _without_qualifiers("Name" + " (x)" * 20_000) == "Name"
    assert _without_qualifiers("Name" + " " * 50_000 + "(") == "Name" + " " * 50_000 + "("
