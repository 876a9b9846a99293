"""The field adviser's logic: reading pasted names, purpose-dependent advice, exports."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard.core.errors import WizardInputError
from wizard.core.purposes import purpose, purposes
from wizard.minimise.advice import (
    MAX_FIELD_CHARS,
    MAX_FIELDS,
    UNKNOWN,
    advise,
    minimised_fields,
    parse_field_text,
    to_csv,
    to_json,
    to_markdown,
)
from wizard.minimise.catalogue import catalogue

HEADER = "Name, DOB, NINO, Postcode, Benefit type, Phone, Ethnicity"
PURPOSE_IDS = [item.id for item in purposes()]
CATALOGUE = catalogue()


def verdicts(text: str, purpose_id: str) -> dict[str, tuple[str, str | None]]:
    results = advise(parse_field_text(text).names, purpose_id)
    return {item.given: (item.verdict, item.alternative_text) for item in results}


def cites(field: str, purpose_id: str) -> str:
    item = advise([field], purpose_id)[0]
    return " ".join(f"{c.source} {c.where}" for c in item.cite)


# --- named scenarios from the guidance --------------------------------------------------------------


def test_header_row_for_planning_becomes_counts_for_small_areas() -> None:
    result = verdicts(HEADER, "planning")
    assert result["Name"] == ("drop", None)
    assert result["NINO"] == ("drop", None)
    assert result["Phone"] == ("drop", None)
    for field in ("DOB", "Postcode", "Benefit type"):
        assert result[field] == ("replace", "Counts for small areas (such as Output Areas)")
    assert result["Ethnicity"][0] == "sensitive"
    assert "para 41" in cites("Postcode", "planning") and "para 41" in cites("Name", "planning")


def test_header_row_for_research_is_anonymised() -> None:
    result = verdicts(HEADER, "research")
    assert result["NINO"] == ("replace", "Anonymised identifier")
    assert result["Name"] == ("drop", None)
    assert result["DOB"] == ("replace", "Year of birth or age band")
    assert result["Postcode"][0] == "replace"
    assert result["Benefit type"] == ("replace", "Receives a benefit (yes/no)")
    assert "para 45" in cites("NINO", "research") and "para 39" in cites("NINO", "research")


def test_do_and_dont_examples_of_paragraph_54() -> None:
    # Telephone when an address will do; benefit type when yes/no will do; date of birth when a
    # year or age group will do.
    for purpose_id in ("tracking", "outreach", "eligibility", "welfare_services"):
        assert verdicts("Telephone number", purpose_id)["Telephone number"] == ("drop", None)
        assert "§5.3, para 54" in cites("Telephone number", purpose_id)
    assert verdicts("Benefit type", "tracking")["Benefit type"] == ("replace", "Receives a benefit (yes/no)")
    assert verdicts("Date of birth", "tracking")["Date of birth"] == ("replace", "Year of birth or age band")
    assert "§5.3, para 54" in cites("Date of birth", "tracking")


def test_address_is_kept_to_write_to_people_but_not_to_plan() -> None:
    assert verdicts("Address", "tracking")["Address"] == ("keep", None)
    assert verdicts("Address", "welfare_services")["Address"] == ("keep", None)
    assert verdicts("Address", "planning")["Address"][0] == "replace"
    assert verdicts("Address", "outreach")["Address"] == (
        "replace",
        "Counts for small areas (such as Output Areas)",
    )
    assert "para 42" in cites("Address", "outreach")


def test_welfare_services_need_a_yes_no_not_health_details() -> None:
    assert verdicts("Health condition", "welfare_services")["Health condition"] == (
        "sensitive",
        "Meets a specific condition (yes/no)",
    )
    assert "dwp-2011 para 2.18" in cites("Health condition", "welfare_services")
    assert verdicts("Benefit type", "welfare_services")["Benefit type"] == ("keep", None)
    assert "para 3.24" in cites("Benefit type", "welfare_services")


def test_sensitive_fields_say_what_that_demands_and_what_changed() -> None:
    item = advise(["Religion"], "tracking")[0]
    assert item.verdict == "sensitive" and item.verdict_label == "Special category (Article 9)"
    assert "Article 9 condition" in item.reason and "ukgdpr-art9" in item.law
    assert item.notes == ("special_category",)
    offences = advise(["Criminal convictions"], "tracking")[0]
    assert offences.verdict == "sensitive" and offences.verdict_label == "Criminal offence data (Article 10)"
    assert offences.law_labels[0] == "UK GDPR, Article 10 (criminal offence data)"
    assert "Article 9" in CATALOGUE.notes["special_category"].text
    assert "Article 10" in CATALOGUE.notes["criminal_offence"].text


def test_unknown_fields_get_a_message_not_a_guess() -> None:
    item = advise(["Shoe size"], "research")[0]
    assert item.verdict == UNKNOWN and item.field is None and item.alternatives == ()
    assert "does not know" in item.reason and item.cite


def test_duplicates_are_noted_and_counted_once() -> None:
    results = advise(["DOB", "Name", "D.O.B.", "date of birth", "Shoe size", "shoe-size"], "research")
    assert [item.duplicate_of for item in results] == [None, None, 1, 1, None, 5]
    assert minimised_fields(results) == ["Year of birth or age band", "Shoe size (say what it holds)"]


def test_unknown_purpose_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(WizardInputError, match="planning"):
        advise(["DOB"], "fundraising")


# --- reading pasted text ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Name\tDOB\tNINO",
        "Name;DOB;NINO",
        "Name|DOB|NINO",
        "Name\nDOB\nNINO\n",
        '"Name","DOB","NINO"',
        "\ufeffName , DOB ,NINO\r\n",
    ],
)
def test_separators_and_quotes(text: str) -> None:
    assert parse_field_text(text).names == ("Name", "DOB", "NINO")


def test_a_quoted_comma_stays_inside_its_field() -> None:
    assert parse_field_text('"Surname, forename",DOB').names == ("Surname, forename", "DOB")


def test_only_the_header_row_of_a_pasted_table_is_read() -> None:
    parsed = parse_field_text(
        "Name,DOB,Postcode\nJane Smith,01/02/1980,AB1 2CD\nJo Bloggs,03/04/1990,EF3 4GH"
    )
    assert parsed.names == ("Name", "DOB", "Postcode")
    assert "2 lines below it were ignored" in parsed.notes[0]
    assert "Jane" not in " ".join(parsed.names + parsed.notes)


def test_empty_input_gives_no_fields_and_empty_columns_are_counted() -> None:
    assert parse_field_text("  \n\t\n").names == ()
    parsed = parse_field_text("Name,,DOB,")
    assert parsed.names == ("Name", "DOB") and parsed.notes == ("2 empty columns ignored.",)


def test_html_looking_and_unicode_names_are_kept_as_text() -> None:
    names = parse_field_text("<script>alert(1)</script>; Nom de famille; 生年月日; Ünïcödé").names
    assert names == ("<script>alert(1)</script>", "Nom de famille", "生年月日", "Ünïcödé")


def test_hundreds_of_fields_are_read() -> None:
    header = ",".join(f"Column {number}" for number in range(800)) + ",DOB"
    results = advise(parse_field_text(header).names, "research")
    assert len(results) == 801 and results[-1].verdict == "replace"


def test_too_many_fields_is_refused_with_the_limit() -> None:
    with pytest.raises(WizardInputError, match=f"up to {MAX_FIELDS:,}"):
        parse_field_text(",".join(f"c{number}" for number in range(MAX_FIELDS + 1)))


def test_an_overlong_field_is_refused_naming_its_position() -> None:
    with pytest.raises(WizardInputError, match=r"Field 2 \(starting “xxxx.*up to 200"):
        parse_field_text("Name," + "x" * (MAX_FIELD_CHARS + 1))


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_any_text_is_read_or_refused_plainly(text: str) -> None:
    try:
        parsed = parse_field_text(text)
    except WizardInputError as problem:
        assert str(problem)
        return
    for name in parsed.names:
        assert name and name == name.strip() and len(name) <= MAX_FIELD_CHARS
        assert not any(ord(ch) < 32 for ch in name)
    advise(parsed.names, "planning")  # never raises for names that were read


# --- the identifiability property ---------------------------------------------------------------------

known_names = st.sampled_from([name for f in CATALOGUE.fields for name in (f.label, *f.synonyms)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(known_names, st.text(max_size=30)), max_size=20), st.sampled_from(PURPOSE_IDS))
def test_an_alternative_is_never_more_identifying_than_the_field_it_replaces(
    names: list[str], purpose_id: str
) -> None:
    for item in advise(names, purpose_id):
        assert item.reason and item.cite
        if item.field is None:
            assert item.verdict == UNKNOWN and not item.alternatives
            continue
        for alternative in item.alternatives:
            assert alternative.level.rank < item.field.level.rank
        if item.verdict == "replace":
            assert item.alternatives


# --- exports --------------------------------------------------------------------------------------------


def test_json_has_the_promised_keys_for_each_field() -> None:
    rows = to_json(advise(["DOB", "Shoe size"], "research"))
    assert [row["field"] for row in rows] == ["DOB", "Shoe size"]
    assert rows[0]["verdict"] == "replace" and rows[0]["alternative"] == "Year of birth or age band"
    assert rows[0]["citation"].startswith("DWP guide for local partners (DWP, c. 2009–10), §5.3, para 54")
    assert rows[1]["alternative"] is None and rows[1]["verdict"] == "unknown"


def test_exports_name_todays_law_for_special_category_and_criminal_offence_fields() -> None:
    results = advise(["Ethnicity", "Criminal record", "Name"], "tracking")
    rows = to_json(results)
    assert [law["id"] for law in rows[0]["law"]][:1] == ["ukgdpr-art9"]  # type: ignore[index]
    assert rows[0]["verdict_label"] == "Special category (Article 9)"
    assert rows[1]["verdict_label"] == "Criminal offence data (Article 10)"
    assert rows[1]["law"][0]["url"] == "https://www.legislation.gov.uk/eur/2016/679/article/10"  # type: ignore[index]
    assert rows[2]["law"] == []
    table = list(csv.reader(io.StringIO(to_csv(results, purpose("tracking")))))
    assert table[0][6] == "The law today" and table[1][6].startswith(
        "UK GDPR, Article 9 (special category data)"
    )
    assert table[3][6] == ""
    text = to_markdown(results, purpose("tracking"))
    assert "The law today: UK GDPR, Article 10 (criminal offence data)" in text
    assert minimised_fields(results) == [
        "Ethnicity (special category: needs an Article 9 condition)",
        "Criminal record (criminal offence data: Article 10 applies)",
        "Name",
    ]


def test_csv_has_a_row_per_field_and_neutralises_formulas() -> None:
    results = advise(['=HYPERLINK("x")', "DOB", "dob"], "research")
    rows = list(csv.reader(io.StringIO(to_csv(results, purpose("research")))))
    assert rows[0][:4] == ["Row", "Field asked for", "Matched as", "Decision"]
    assert rows[1][1] == '\'=HYPERLINK("x")'
    assert rows[2][3] == "Replace" and rows[3][3] == "Replace (same as row 2)"
    assert all(row[-1] == "Research or evaluation" for row in rows[1:])


def test_markdown_table_escapes_pipes_and_html() -> None:
    text = to_markdown(advise(["a|b", "<i>x</i>", "Name"], "planning"), purpose("planning"))
    assert "| a\\|b |" in text and "\\<i\\>x\\</i\\>" in text
    lines = [line for line in text.splitlines() if line.startswith("|")]
    assert len(lines) == 5 and all(line.count(" | ") == 4 for line in lines[2:])
    assert "Purpose: Planning services or targeting areas." in text
