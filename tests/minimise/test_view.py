"""The field adviser's page views, its state in the address, and its command line."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from urllib.parse import parse_qs

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wizard import web
from wizard.core.errors import WizardInputError
from wizard.core.purposes import purposes
from wizard.minimise.catalogue import catalogue
from wizard.minimise.state import PLAIN_LIMIT, State, from_query, to_query

PURPOSE_IDS = [item.id for item in purposes()]
FIELD_IDS = [field.id for field in catalogue().fields]


def call(**payload: object) -> dict[str, object]:
    result: dict[str, object] = json.loads(web.handle(json.dumps({"wizard": "minimise", **payload})))
    return result


def submit(purpose: str = "", fields: str = "", pick: list[str] | None = None) -> dict[str, object]:
    form: dict[str, list[str]] = {"fields": [fields]}
    if purpose:
        form["purpose"] = [purpose]
    if pick:
        form["pick"] = pick
    return call(action="submit", form=form)


class Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.labels_for: set[str] = set()
        self.checked: set[str] = set()  # ids of the radios and checkboxes that are chosen

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "label" and found.get("for"):
            self.labels_for.add(str(found["for"]))
        if tag == "input" and "checked" in found:
            self.checked.add(str(found["id"]))


def ids_of(html: str) -> Ids:
    parser = Ids()
    parser.feed(html)
    return parser


# --- the form ---------------------------------------------------------------------------------------


def test_first_view_is_an_accessible_form() -> None:
    html = str(call()["html"])
    assert html.count("<fieldset") == 1 + len(catalogue().groups)
    assert '<legend class="wizard-legend">What is the data for?</legend>' in html
    for group in catalogue().groups:
        assert f">{group.legend}</legend>" in html
    parsed = ids_of(html)
    inputs = re.findall(r'<(?:input|textarea)[^>]* id="([^"]+)"', html)
    assert len(inputs) == len(PURPOSE_IDS) + len(FIELD_IDS) + 1
    assert set(inputs) <= parsed.labels_for  # every control has a label
    assert "There is a problem" not in html


def test_empty_submit_shows_an_error_summary_that_takes_focus() -> None:
    response = submit()
    html = str(response["html"])
    assert response["title"] == "Error" and response["query"] is None
    summary = html[html.index("wizard-error-summary") - 12 :]
    assert 'role="alert"' in summary[:300] and "data-focus" in summary[:300]
    links = re.findall(r'<li><a href="#([^"]+)">', html)
    assert len(links) == 2 and set(links) <= ids_of(html).ids
    assert "Choose what the data is for." in html and "Type or paste at least one field name" in html
    assert 'aria-describedby="minimise-purpose-error"' in html


def test_purpose_without_fields_keeps_the_choice() -> None:
    html = str(submit("research")["html"])
    assert ids_of(html).checked == {"minimise-purpose-research"}
    assert "Choose what the data is for." not in html


def test_a_bad_paste_is_an_error_next_to_the_field() -> None:
    html = str(submit("research", "x" * 300)["html"])
    assert "a field name can have up to 200" in html and 'id="minimise-fields-error"' in html


# --- the advice -------------------------------------------------------------------------------------


def test_advice_table_has_caption_headers_and_written_verdicts() -> None:
    response = submit("planning", "Name, DOB, NINO, Postcode, Benefit type, Phone, Ethnicity, Shoe size, dob")
    html = str(response["html"])
    assert "<caption>Advice on each field, for: Planning services or targeting areas</caption>" in html
    assert html.count('<th scope="col">') == 6
    assert html.count('<th scope="row">') == 9
    for label in ("Leave out", "Replace", "Special category (Article 9)", "Unknown field"):
        assert f">{label}</strong>" in html
    assert "Duplicate: same as row 2" in html
    assert 'href="triage.html?purpose=planning"' in html
    assert response["title"] == "Advice on 9 fields"
    downloads = response["downloads"]
    assert isinstance(downloads, dict)
    assert downloads["csv"]["filename"] == "field-advice-planning.csv"
    assert downloads["csv"]["text"].count("\r\n") == 10
    assert downloads["markdown"]["text"].startswith("## Inputs")
    assert 'data-download="csv"' in html and 'data-copy="minimise-markdown"' in html


def test_special_category_and_offence_fields_link_the_law_they_rest_on() -> None:
    html = str(submit("tracking", "Health condition, Offending history, Sexual orientation, Name")["html"])
    rows = re.findall(r"<tr data-verdict=.*?</tr>", html, re.DOTALL)
    assert len(rows) == 4
    for row in rows[:3]:
        assert 'class="wizard-law"' in row and 'href="https://www.legislation.gov.uk/' in row
    assert ">Special category (Article 9)</strong>" in rows[0] and "article/9" in rows[0]
    assert ">Criminal offence data (Article 10)</strong>" in rows[1] and "article/10" in rows[1]
    assert "article/9" not in rows[1]
    assert "wizard-law" not in rows[3]
    assert "Verdicts: 1 keep, 2 special category (Article 9), 1 criminal offence data (Article 10)." in html


def test_field_text_is_shown_as_text_never_as_markup() -> None:
    html = str(submit("research", '<img src=x onerror="alert(1)">\t<b>DOB</b>')["html"])
    assert "<img" not in html and "<b>DOB" not in html
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html


def test_the_address_reproduces_the_advice() -> None:
    first = submit("research", "Name\tDOB\tNINO", pick=["postcode", "ethnicity"])
    query = str(first["query"])
    assert parse_qs(query)["purpose"] == ["research"]
    again = call(action="render", query=query)
    assert again["html"] == first["html"] and again["query"] == query


def test_change_link_opens_the_form_filled_in() -> None:
    query = str(submit("outreach", "Name\nDOB", pick=["postcode"])["query"])
    edit = to_query(State(**{**from_query(query).__dict__, "edit": True}))
    html = str(call(action="render", query=edit)["html"])
    assert f'href="?{edit}"' in str(call(action="render", query=query)["html"]).replace("&amp;", "&")
    assert ids_of(html).checked == {"minimise-purpose-outreach", "minimise-pick-postcode"}
    assert ">Name\nDOB</textarea>" in html


def test_a_link_with_an_unknown_purpose_says_so() -> None:
    html = str(call(action="render", query="purpose=fundraising&fields=DOB")["html"])
    assert "“fundraising” is not a purpose this tool knows" in html


def test_a_link_from_the_triage_preselects_the_purpose() -> None:
    html = str(call(action="render", query="purpose=eligibility")["html"])
    assert ids_of(html).checked == {"minimise-purpose-eligibility"}
    assert "There is a problem" not in html


# --- state in the address ---------------------------------------------------------------------------

names = (
    st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=40)
    .map(str.strip)
    .filter(bool)
)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["", *PURPOSE_IDS]),
    st.lists(st.sampled_from(FIELD_IDS), unique=True, max_size=8),
    st.lists(names, max_size=60),
    st.booleans(),
)
def test_state_survives_the_address(purpose: str, picked: list[str], typed: list[str], edit: bool) -> None:
    state = State(purpose, tuple(picked), tuple(typed), edit)
    assert from_query(to_query(state)) == state


def test_hundreds_of_fields_are_compressed_in_the_address() -> None:
    typed = tuple(f"Survey question {number} response" for number in range(400))
    query = to_query(State("research", (), typed))
    assert "fz=" in query and "fields=" not in query
    assert len(query) < len("\n".join(typed)) // 4
    assert from_query(query).typed == typed
    assert "fields=" in to_query(State("research", (), typed[:5])) and PLAIN_LIMIT > 100


def test_a_damaged_compressed_list_is_a_clear_error() -> None:
    with pytest.raises(WizardInputError, match="damaged"):
        from_query("purpose=research&fz=not-really-zlib")
    html = str(call(action="render", query="purpose=research&fz=AAAA")["html"])
    assert "damaged" in html and "There is a problem" in html


# --- the command line -------------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "wizard", *args], capture_output=True, text=True, check=False
    )


def test_cli_json_gives_one_object_per_field_as_given() -> None:
    result = run("minimise", "--purpose", "research", "D.O.B.", "Telephone", "Shoe size", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [row["field"] for row in rows] == ["D.O.B.", "Telephone", "Shoe size"]
    for row in rows:
        assert {"field", "verdict", "alternative", "reason", "citation"} <= row.keys()
    assert rows[0]["alternative"] == "Year of birth or age band"
    assert rows[1]["verdict"] == "drop" and rows[1]["alternative"] is None
    assert rows[2]["verdict"] == "unknown"


def test_cli_prints_a_readable_table() -> None:
    result = run("minimise", "--purpose", "planning", "Address", "Phone")
    assert result.returncode == 0
    assert re.search(r"Address\s+Replace\s+Counts for small areas", result.stdout)
    assert "Source: DWP guide for local partners (DWP, c. 2009–10), §4.3.1, para 41" in result.stdout
    assert "Minimised field list: Counts for small areas" in result.stdout


def test_cli_help_lists_the_purposes() -> None:
    result = run("minimise", "--help")
    assert result.returncode == 0
    for item in purposes():
        assert item.id in result.stdout and item.label in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--purpose", "fundraising", "DOB"], "invalid choice: 'fundraising'"),
        (["--purpose", "research"], "the following arguments are required: FIELD"),
        (["--purpose", "research", "DOB", "  "], "A field name is empty"),
        (["--purpose", "research", "x" * 300], "a field name can have up to 200"),
    ],
)
def test_cli_bad_input_exits_2_with_a_message(args: list[str], message: str) -> None:
    result = run("minimise", *args)
    assert result.returncode == 2 and message in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr


# --- fuzzing: whatever arrives, the answer is a view or a plain message, never a fault ----------------


def assert_no_fault(payload: dict[str, object]) -> str:
    seen: list[BaseException] = []
    response = json.loads(
        web.handle(json.dumps({"wizard": "minimise", **payload}), on_unexpected=seen.append)
    )
    assert seen == [], seen
    html = str(response["html"])
    assert "Something went wrong" not in html and "Traceback" not in html
    return html


@settings(max_examples=150, deadline=None)
@given(
    st.text(max_size=300),
    st.sampled_from(["", "planning", "research", "nonsense"]),
    st.lists(st.text(max_size=12), max_size=3),
)
def test_any_form_input_gets_a_view(fields: str, purpose: str, pick: list[str]) -> None:
    html = assert_no_fault(
        {"action": "submit", "form": {"fields": [fields], "purpose": [purpose], "pick": pick}}
    )
    assert "<script" not in html.lower()


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=200))
def test_any_address_gets_a_view(query: str) -> None:
    assert_no_fault({"action": "render", "query": query})
