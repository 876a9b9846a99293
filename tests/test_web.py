"""The JSON entry point the browser calls: it always answers, never with a traceback."""

from __future__ import annotations

import json
from dataclasses import replace

from wizard import web
from wizard.core import messages


def call(payload: object) -> dict[str, object]:
    result: dict[str, object] = json.loads(web.handle(json.dumps(payload)))
    return result


def test_check_renders_its_start_view() -> None:
    response = call({"wizard": "check"})
    assert "Run the check" in str(response["html"])
    assert response["query"] is None


def test_check_submit_reports_every_self_test_passing() -> None:
    response = call({"wizard": "check", "action": "submit", "context": {"startup_ms": 1500}})
    html = str(response["html"])
    assert 'data-outcome="pass"' in html
    assert "1.5 seconds" in html


def test_unknown_wizard_gets_a_clear_message() -> None:
    html = str(call({"wizard": "nonsense"})["html"])
    assert "There is no tool called &#x27;nonsense&#x27;" in html
    assert 'role="alert"' in html


def test_malformed_json_gets_a_message_not_a_traceback() -> None:
    response = json.loads(web.handle("{not json"))
    assert "not understood" in response["html"]


def test_request_without_wizard_name_is_refused_politely() -> None:
    assert "did not say which tool" in str(call({"action": "render"})["html"])


def test_bad_file_encoding_names_the_field() -> None:
    html = str(call({"wizard": "check", "files": {"table": {"filename": "a.csv", "base64": "***"}}})["html"])
    assert "table" in html and "could not be read" in html


def test_bug_in_a_wizard_becomes_an_apology_and_is_reported(monkeypatch: object) -> None:
    import pytest

    assert isinstance(monkeypatch, pytest.MonkeyPatch)

    def broken(request: messages.Request) -> messages.Response:
        raise ZeroDivisionError("boom")

    from wizard.check import tool as check

    monkeypatch.setattr(check, "TOOL", replace(check.TOOL, respond=broken))
    seen: list[BaseException] = []
    response = json.loads(web.handle(json.dumps({"wizard": "check"}), on_unexpected=seen.append))
    assert "Something went wrong" in response["html"]
    assert "Traceback" not in response["html"] and "boom" not in response["html"]
    assert isinstance(seen[0], ZeroDivisionError)


def test_downloads_are_serialised_as_text_or_base64() -> None:
    response = messages.Response(
        html="",
        downloads={
            "csv": messages.Download("t.csv", "text/csv", text="a,b\n"),
            "xlsx": messages.Download("t.xlsx", "application/octet-stream", data=b"\x00\x01"),
        },
    ).to_json()
    assert response["downloads"]["csv"] == {"filename": "t.csv", "mime": "text/csv", "text": "a,b\n"}
    assert response["downloads"]["xlsx"]["base64"] == "AAE="


def test_wrong_shaped_parts_get_a_message_naming_the_part() -> None:
    # Found by tests/test_fuzz_web.py: these used to reach the apology for a bug of ours.
    assert "form was not understood" in str(call({"wizard": "check", "form": 1.0})["html"])
    assert "&#x27;q1&#x27; was not understood" in str(call({"wizard": "check", "form": {"q1": [1]}})["html"])
    assert "context was not understood" in str(call({"wizard": "check", "context": "x"})["html"])
    assert "could not be read" in str(call({"wizard": "check", "files": {"t": ["a"]}})["html"])


def test_json_numbers_too_long_to_convert_are_not_understood() -> None:
    assert "not understood" in json.loads(web.handle("9" * 10_000))["html"]
    assert "not understood" in json.loads(web.handle("[" * 100_000 + "]" * 100_000))["html"]
