"""The "Download the paperwork" button, as the page's loader drives it: on the triage outcome and on
the field adviser's advice, the first press names odfpy in ``needs`` (when it is not loaded), the
next brings the bundle; the triage answers travel to the adviser in its address."""

from __future__ import annotations

import base64
import io
import json
import zipfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from tests.paperwork.reading import read_odt, scenario_query
from tests.site.test_html_validity import fragment_page, report, validate
from tests.views import read_view
from wizard import web
from wizard.minimise.state import from_query
from wizard.paperwork import odt

TRIAGE_PAGE = "https://council.example/tools/triage.html"
ADVISER_PAGE = "https://council.example/tools/minimise.html"


def call(wizard: str, action: str, query: str, form: dict[str, list[str]] | None = None) -> dict[str, Any]:
    page = TRIAGE_PAGE if wizard == "triage" else ADVISER_PAGE

    def fail(fault: BaseException) -> None:
        raise fault

    payload = {
        "wizard": wizard,
        "action": action,
        "query": query,
        "form": form or {},
        "context": {"page": page},
    }
    answer: dict[str, Any] = json.loads(web.handle(json.dumps(payload), on_unexpected=fail))
    return answer


def unzip(answer: dict[str, Any]) -> dict[str, bytes]:
    item = answer["downloads"]["paperwork"]
    assert item["filename"] == "data-sharing-paperwork.zip" and item["mime"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(base64.b64decode(item["base64"]))) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture
def without_odfpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """As in the browser before the button is pressed: odfpy is not loaded."""
    monkeypatch.setattr(odt, "library_ready", lambda: False)


# --- The triage outcome -------------------------------------------------------------------------


def test_the_outcome_offers_the_button_and_the_adviser_with_these_answers() -> None:
    query = scenario_query("blue_badge_dla")
    answer = call("triage", "render", query)
    view = read_view(answer["html"])
    (form,) = [f for f in view.forms if f.action == "paperwork"]
    assert form.fields == {}  # the address says everything: the form sends nothing more
    assert ">Download the paperwork</button>" in answer["html"]
    assert answer.get("needs") is None and "paperwork" not in answer["downloads"]
    # The link to the field adviser carries the purpose and these answers, nothing else.
    (href,) = [h for h in answer["html"].split('"') if h.startswith("minimise.html?")]
    params = parse_qs(urlsplit(href.replace("&amp;", "&")).query)
    assert set(params) == {"purpose", "triage"}
    assert params["purpose"] == ["welfare_services"] and params["triage"] == [query]
    assert from_query(urlsplit(href.replace("&amp;", "&")).query).triage == query


def test_pressing_it_first_asks_for_odfpy_then_brings_the_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    query = scenario_query("health_to_contracted_provider")
    monkeypatch.setattr(odt, "library_ready", lambda: False)
    asked = call("triage", "paperwork", query)
    assert asked["needs"] == ["odfpy"] and "paperwork" not in asked["downloads"]
    assert "could not be made" in asked["html"] and 'role="alert"' in asked["html"]
    assert asked["query"] == query  # the address does not change
    monkeypatch.undo()
    made = call("triage", "paperwork", query)
    assert made.get("needs") is None and made["query"] == query
    files = unzip(made)
    assert list(files) == [
        "README.txt",
        "decision-record.odt",
        "data-sharing-agreement.odt",
        "dpia-screening.odt",
        "decision-record.md",
    ]
    assert "Controller and processor." in read_odt(files["decision-record.odt"]).text()
    assert f"{TRIAGE_PAGE}?{query}".encode() in files["README.txt"]
    # The view says it is ready, takes focus there, and marks its link to be followed at once.
    html = made["html"]
    assert "Your paperwork is ready" in html
    assert (
        html.count("data-focus") == 1
        and html.index("data-focus") > html.index("Your paperwork is ready") - 80
    )
    assert 'data-download="paperwork" data-start' in html
    # The Markdown record is offered as before.
    assert made["downloads"]["record"]["filename"] == "decision-record.md"


def test_pressing_it_before_the_outcome_shows_the_question(without_odfpy: None) -> None:
    answer = call("triage", "paperwork", "v=2&purpose=outreach")
    assert answer.get("needs") is None and answer["downloads"] == {}
    assert "<legend" in answer["html"]


# --- The field adviser --------------------------------------------------------------------------


def adviser_query(scenario: str, fields: str = "Name%0ADate%20of%20birth") -> str:
    triage = scenario_query(scenario)
    purpose = parse_qs(triage)["purpose"][0]
    return f"purpose={purpose}&fields={fields}&triage={quote(triage, safe='')}"


def test_the_adviser_carries_the_triage_answers_into_its_paperwork() -> None:
    query = adviser_query("health_to_contracted_provider")
    shown = call("minimise", "render", query)
    assert shown["query"] == query
    assert "It holds your answers to the triage questions too" in shown["html"]
    assert "See the triage result these fields go with" in shown["html"]
    made = call("minimise", "paperwork", query)
    files = unzip(made)
    agreement = read_odt(files["data-sharing-agreement.odt"])
    assert [row[0] for row in agreement.tables()[1]] == [
        "Name",
        "Year of birth or age band (instead of Date of birth)",
    ]
    assert "A contract rather than an agreement." in agreement.text()
    readme = files["README.txt"].decode()
    assert f"{TRIAGE_PAGE}?{scenario_query('health_to_contracted_provider')}" in readme
    assert f"{ADVISER_PAGE}?{query}" in readme
    assert set(made["downloads"]) == {"csv", "markdown", "paperwork"}


def test_the_adviser_repeats_a_triage_result_without_a_gateway_and_keeps_the_answers() -> None:
    # The second user test read the advice as a go-ahead after the triage had said "Not as planned".
    query = adviser_query("dudley_information_days", "Name%0AAddress")
    shown = call("minimise", "render", query)
    assert shown["query"] == query  # the answers stay: the paperwork records them
    assert "Not as planned: the triage result these fields go with found no legal gateway" in shown["html"]
    assert 'class="wizard-notice"' in shown["html"]
    with_gateway = call("minimise", "render", adviser_query("health_to_contracted_provider"))
    assert "Not as planned" not in with_gateway["html"]


def test_the_adviser_form_keeps_the_triage_answers_when_submitted() -> None:
    triage = scenario_query("health_to_contracted_provider")
    form_view = call("minimise", "render", f"purpose=tracking&triage={quote(triage, safe='')}")
    (form,) = [f for f in read_view(form_view["html"]).forms if f.action == "submit"]
    assert form.fields["triage"] == [triage]
    submitted = call(
        "minimise", "submit", "", {"purpose": ["tracking"], "fields": ["Name, NINO"], "triage": [triage]}
    )
    assert from_query(submitted["query"]).triage == triage


@pytest.mark.parametrize(
    ("triage", "says"),
    [
        ("v=1&purpose=tracking&detail=identifiable", "earlier version"),
        ("v=2&purpose=tracking", "do not reach a result"),
        (scenario_query("blue_badge_dla"), "not the purpose chosen here"),
    ],
)
def test_stale_or_mismatched_triage_answers_are_dropped_with_a_notice(triage: str, says: str) -> None:
    answer = call("minimise", "render", f"purpose=tracking&fields=Name&triage={quote(triage, safe='')}")
    assert answer["query"] == "purpose=tracking&fields=Name"
    assert says in answer["html"] and 'class="wizard-notice"' in answer["html"]
    assert "Advice on 1 field" in answer["html"]


def test_a_pasted_triage_link_joins_the_address_and_the_paperwork() -> None:
    triage = scenario_query("health_to_contracted_provider")
    answer = call(
        "minimise", "paperwork", "purpose=tracking&fields=Name", {"triage_link": [f"{TRIAGE_PAGE}?{triage}"]}
    )
    assert from_query(answer["query"]).triage == triage
    assert "Controller and processor." in read_odt(unzip(answer)["decision-record.odt"]).text()


def test_a_bad_pasted_link_is_an_error_on_its_field_and_nothing_is_made(without_odfpy: None) -> None:
    answer = call("minimise", "paperwork", "purpose=tracking&fields=Name", {"triage_link": ["v=1&purpose=x"]})
    assert answer.get("needs") is None and "paperwork" not in answer["downloads"]
    assert answer["title"].startswith("Error: ")
    assert 'href="#minimise-triage_link"' in answer["html"] and "earlier version" in answer["html"]
    assert 'id="minimise-triage_link-error"' in answer["html"]


def test_adviser_paperwork_without_triage_asks_for_odfpy_first(monkeypatch: pytest.MonkeyPatch) -> None:
    query = "purpose=research&fields=Name%0APostcode"
    monkeypatch.setattr(odt, "library_ready", lambda: False)
    asked = call("minimise", "paperwork", query)
    assert asked["needs"] == ["odfpy"] and "could not be made" in asked["html"]
    monkeypatch.undo()
    record = read_odt(unzip(call("minimise", "paperwork", query))["decision-record.odt"])
    assert "[To complete: the Article 6 lawful basis]" in record.text()


# --- HTML validity of the new views --------------------------------------------------------------


def test_the_paperwork_views_are_valid_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    triage = scenario_query("blue_badge_dla")
    adviser = adviser_query("blue_badge_dla")
    views = [
        call("triage", "paperwork", triage)["html"],
        call("minimise", "render", adviser)["html"],
        call("minimise", "paperwork", adviser)["html"],
        call("minimise", "render", f"purpose=welfare_services&triage={quote(triage, safe='')}")["html"],
        call("minimise", "render", f"purpose=research&fields=Name&triage={quote(triage, safe='')}")["html"],
        call("minimise", "paperwork", "purpose=research&fields=Name", {"triage_link": ["nonsense"]})["html"],
    ]
    monkeypatch.setattr(odt, "library_ready", lambda: False)
    views += [call("triage", "paperwork", triage)["html"], call("minimise", "paperwork", adviser)["html"]]
    files = []
    for number, view in enumerate(views):
        path = tmp_path / f"paperwork-{number}.html"
        path.write_text(fragment_page(view), encoding="utf-8")
        files.append(path)
    findings = validate(files, tmp_path)
    assert not findings, report(findings)
