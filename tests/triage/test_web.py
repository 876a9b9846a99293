"""The triage wizard through the same JSON entry point the page calls: state lives in the query."""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import parse_qsl

from wizard import __version__, web
from wizard.flow.engine import all_paths
from wizard.flow.scenarios import load_scenarios
from wizard.triage.tool import flow

PAGE = "https://example.org/site/tools/triage.html"


def call(action: str = "render", query: str = "", **form: str) -> dict[str, Any]:
    payload = {
        "wizard": "triage",
        "action": action,
        "query": query,
        "form": {key: [value] for key, value in form.items()},
        "context": {"page": PAGE},
    }
    result: dict[str, Any] = json.loads(web.handle(json.dumps(payload)))
    return result


def heading(html: str) -> str:
    match = re.search(r"<h2 [^>]*data-focus[^>]*>(.*?)</h2>", html) or re.search(r"<h2[^>]*>(.*?)</h2>", html)
    assert match, html[:300]
    return match.group(1)


def links(html: str, text: str) -> list[str]:
    return [
        m.group(1).replace("&amp;", "&")
        for m in re.finditer(rf'<a href="\?([^"]*)" data-wizard-link>{text}', html)
    ]


def test_first_question_is_a_fieldset_with_the_question_as_legend_heading_and_hints() -> None:
    html = web.initial_html("triage")
    assert '<fieldset class="wizard-fieldset" aria-describedby="triage-purpose-hint">' in html
    assert re.search(r"<legend><h2[^>]*>What do you want to use the data for\?</h2></legend>", html)
    assert html.count('type="radio"') == 6 and html.count('name="purpose"') == 6
    assert "Back" not in html and "Start again" not in html


def test_a_link_with_a_purpose_pre_answers_that_question() -> None:
    response = call(query="purpose=research")
    assert heading(response["html"]) == "How much detail would you receive?"
    assert response["query"] == "v=2&purpose=research"
    assert links(response["html"], "Back") == ["v=2&purpose=research&at=purpose"]


def test_continuing_without_an_answer_shows_the_error_summary_linked_to_the_field() -> None:
    response = call("answer", "v=2&purpose=research")
    html = response["html"]
    assert response["title"] == "Error: How much detail would you receive?"
    assert 'class="wizard-error-summary" role="alert" tabindex="-1" data-focus' in html
    assert '<a href="#triage-detail-published">Select how much detail you would receive</a>' in html
    assert 'aria-describedby="triage-detail-hint triage-detail-error"' in html
    assert response["query"] == "v=2&purpose=research"


def test_back_shows_the_earlier_question_with_its_answer_chosen_and_continue_moves_on() -> None:
    back = call(query="v=2&purpose=research&at=purpose")
    assert heading(back["html"]) == "What do you want to use the data for?"
    assert 'value="research" checked' in back["html"]
    onward = call("answer", "v=2&purpose=research&at=purpose", purpose="research")
    assert heading(onward["html"]) == "How much detail would you receive?"
    assert onward["query"] == "v=2&purpose=research"


FULL = "v=2&purpose=outreach&detail=identifiable&holder=dwp&recipient=own_council&informed=neither&special=no"


def test_changing_an_answer_drops_answers_that_are_no_longer_on_the_path_and_says_so() -> None:
    change = call(query=FULL)
    change_links = links(change["html"], "Change")
    assert len(change_links) == 6 and change_links[1] == FULL + "&at=detail"
    response = call("answer", FULL + "&at=detail", detail="aggregate")
    assert response["query"] == "v=2&purpose=outreach&detail=aggregate&holder=dwp"
    assert "no longer apply" in response["html"] and "special category" in response["html"]
    assert 'data-outcome="result"' in response["html"]


def test_changing_an_answer_that_keeps_the_path_returns_to_the_outcome() -> None:
    response = call("answer", FULL + "&at=special", special="both")
    assert response["query"] == FULL.replace("special=no", "special=both")
    assert 'data-verdict="special" data-status="applies" data-case="both"' in response["html"]


def test_a_tampered_link_gets_a_message_and_a_fresh_start_not_an_error_page() -> None:
    for query in (
        "purpose=world-domination",
        "v=2&purpose=research&colour=red",
        "purpose=research&purpose=planning",
    ):
        response = call(query=query)
        assert "has been changed or is incomplete" in response["html"], query
        assert heading(response["html"]) == "What do you want to use the data for?"
        assert response["query"] == "" and 'role="alert"' not in response["html"]


def test_a_link_from_another_version_gets_a_message_and_a_fresh_start() -> None:
    response = call(query="v=999&purpose=research&detail=anonymised")
    assert "earlier version of this tool" in response["html"]
    assert response["query"] == ""


def test_the_outcome_opens_with_todays_law_each_card_linking_its_provisions_then_history() -> None:
    html = call(query="v=2&purpose=research&detail=anonymised&holder=dwp&special=no")["html"]
    order = re.findall(r'data-verdict="([a-z0-9_]+)" data-status="([a-z0-9_]+)"', html)
    assert [v for v, _ in order] == [
        "personal_data",
        "gateway",
        "offence",
        "lawful_basis",
        "special",
        "roles",
        "transparency",
        "confidence",
        "hra",
        "dpia",
        "research",
        "level",
        "business_case",
    ]
    assert ("level", "level_3") in order and ("research", "applies") in order
    assert '<strong class="wizard-status wizard-status--applies">Applies</strong>' in html
    research = html[html.index('data-verdict="research"') :]
    assert research.index('class="wizard-law"') < research.index('class="wizard-history"')
    assert 'href="https://www.legislation.gov.uk/eur/2016/679/article/84B"' in research
    assert "What the 2009–11 guidance said" in research
    assert 'href="../reference/sources.html#dwp-guide">DWP guide for local partners' in html
    assert "Check the current position: " in html


def test_decision_record_holds_answers_verdicts_citations_versions_and_the_reproducing_link() -> None:
    query = FULL
    response = call(query=query)
    assert 'data-download="record"' in response["html"]
    record = response["downloads"]["record"]
    assert record["filename"] == "decision-record.md" and record["mime"].startswith("text/markdown")
    text = record["text"]
    for heading_text in (
        "Organisation receiving the request",
        "Description of the data requested",
        "Controller relationship",
        "Purpose of the sharing",
        "Lawful basis",
        "Why the sharing is necessary",
        "Was a DPIA considered?",
        "Retention and deletion",
        "Security",
        "Decision taken by",
        "What the law asks today, step by step",
    ):
        assert heading_text in text
    assert f"{PAGE}?{query}" in text
    assert f"tools version {__version__}, triage questions version {flow().version}" in text
    assert "Contacting people: direct marketing or outreach" in text
    assert "§2.2, paras 10–11" in text and "Level 5" in text
    assert "**The law:** Social Security Administration Act 1992, section 123" in text
    assert "**What the 2009–11 guidance said:**" in text and "[To complete: signature and date]" in text
    assert f'value="{PAGE}?{query.replace("&", "&amp;")}"' in response["html"]


def replay(answers: dict[str, str]) -> dict[str, Any]:
    """Answer one question at a time, as a person would, then walk the Back links to the start."""
    query = ""
    for question_id, answer in answers.items():
        response = call("answer", query, **{question_id: answer})
        query = response["query"]
    assert query == "v=2&" + "&".join(f"{k}={v}" for k, v in answers.items())
    outcome = call(query=query)
    seen = []
    current = outcome
    while back := links(current["html"], "Back"):
        current = call(query=back[0])
        seen.append(heading(current["html"]))
        assert dict(parse_qsl(current["query"])).get("at") is not None
    assert seen == [flow().questions[key].text for key in reversed(list(answers))]
    return outcome


def test_every_scenario_replays_forwards_and_backwards() -> None:
    for scenario in load_scenarios("triage"):
        outcome = replay(dict(scenario.answers))
        assert 'data-outcome="result"' in outcome["html"]


def test_a_sample_of_all_paths_replays_forwards_and_backwards() -> None:
    paths = list(all_paths(flow()))
    for path in paths[:: max(1, len(paths) // 40)]:
        replay(path.answers)


def test_printed_steps_list_every_question_option_and_verdict_for_use_without_python() -> None:
    html = web.printed_html("triage")
    for question in flow().questions.values():
        assert question.text in html
        assert all(option.label.replace("'", "&#x27;") in html for option in question.options)
    assert "go to question 3" in html and "Working out the result" in html
    assert all(verdict.label.replace("'", "&#x27;") in html for verdict in flow().verdicts)


def test_the_next_step_to_the_field_adviser_carries_the_answers() -> None:
    # A user test found this link opened the adviser without the answers (the paperwork box's did).
    from urllib.parse import quote

    query = (
        "v=2&purpose=outreach&detail=identifiable&holder=council_benefits&recipient=own_council"
        "&informed=told&special=no"
    )
    html = call("render", query)["html"]
    links = re.findall(r'<a href="([^"]*minimise\.html[^"]*)">([^<]*)</a>', html)
    carried = f"minimise.html?purpose=outreach&amp;triage={quote(query, safe='')}"
    assert any(href.endswith(carried) and label == "Open the tool on this site" for href, label in links), (
        links
    )
