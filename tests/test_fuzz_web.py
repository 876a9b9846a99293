"""Fuzz the one entry point the browser calls, ``wizard.web.handle``, for every registered wizard.

Whatever arrives (wrong types, junk actions, broken query strings, repeated keys, huge values,
random files, or answers a person could really give, in any order), the answer is JSON with an
``html`` string, shows no Python error text, echoes nothing unescaped, and no exception escapes
from a wizard (``handle`` would hide one behind an apology; here it fails the test).
"""

from __future__ import annotations

import base64
import json
import traceback
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.fuzzing import PROBE, any_text, crash_text, fuzz_settings, nasty_text
from tests.views import read_view
from wizard import registry, web
from wizard.core import messages

WIZARD_NAMES = registry.names()

# --- Calling handle and checking its answer -------------------------------------------------------


def call(payload: Any, *, raw: str | None = None) -> dict[str, Any]:
    faults: list[BaseException] = []
    text = web.handle(raw if raw is not None else json.dumps(payload), on_unexpected=faults.append)
    assert not faults, "an exception escaped from the wizard:\n" + "".join(
        traceback.format_exception(faults[0])
    )
    answer = json.loads(text)
    assert isinstance(answer, dict) and set(answer) == {"html", "query", "title", "downloads"}, answer
    assert isinstance(answer["html"], str)
    assert answer["query"] is None or isinstance(answer["query"], str)
    assert answer["title"] is None or isinstance(answer["title"], str)
    assert isinstance(answer["downloads"], dict)
    for item in answer["downloads"].values():
        assert isinstance(item["filename"], str) and isinstance(item["mime"], str)
        assert isinstance(item.get("text"), str) or isinstance(item.get("base64"), str)
    crash = crash_text(answer["html"])
    assert crash is None, f"Python error text in the page: {crash!r}"
    assert PROBE not in answer["html"], "input came back as unescaped HTML"
    return answer


# --- Strategies ----------------------------------------------------------------------------------

json_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False), nasty_text
)
json_values = st.recursive(
    json_scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(nasty_text, children, max_size=4),
    max_leaves=12,
)


def random_bytes_file() -> st.SearchStrategy[dict[str, Any]]:
    content = st.one_of(
        st.binary(max_size=2_000),
        st.text(max_size=500).map(lambda text: text.encode("utf-8", "surrogatepass")),
        st.lists(st.lists(nasty_text, max_size=5), max_size=8).map(
            lambda rows: "\r\n".join(",".join(row) for row in rows).encode("utf-8", "surrogatepass")
        ),
        st.just(b"PK\x03\x04" + b"\x00" * 26),  # the start of a zip (an .xlsx) and nothing more
    )
    return st.fixed_dictionaries(
        {"filename": nasty_text | st.sampled_from(["table.csv", "table.xlsx", "a.txt", ""])},
        optional={"base64": content.map(lambda data: base64.b64encode(data).decode("ascii")) | json_values},
    )


def junk_query(keys: list[str]) -> st.SearchStrategy[str]:
    key = st.sampled_from(keys) | nasty_text if keys else nasty_text
    pairs = st.lists(st.tuples(key, any_text), max_size=6)
    encoded = pairs.map(lambda items: urlencode(items))  # repeated keys stay repeated
    naive = pairs.map(lambda items: "&".join(f"{k}={v}" for k, v in items))  # unencoded junk
    return st.one_of(encoded, naive, any_text)


def payloads(name: str) -> st.SearchStrategy[dict[str, Any]]:
    """Payloads for wizard ``name``: right shape with junk inside, or wrong shape altogether."""
    first = read_view(web.initial_html(name))
    keys = sorted({key for form in first.forms for key in form.fields} | {"step", "q", "answer"})
    actions = sorted({form.action for form in first.forms} | {"render", "submit"})
    form_values = st.dictionaries(
        st.sampled_from(keys) | nasty_text, st.lists(any_text, max_size=3) | json_values, max_size=5
    )
    return st.fixed_dictionaries(
        {"wizard": st.just(name)},
        optional={
            "action": st.sampled_from(actions) | nasty_text | json_values,
            "query": junk_query(keys) | json_values,
            "form": form_values | json_values,
            "files": st.dictionaries(nasty_text, random_bytes_file() | json_values, max_size=3) | json_values,
            "context": st.dictionaries(nasty_text, json_values, max_size=3) | json_values,
        },
    )


# --- The tests -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", WIZARD_NAMES)
@fuzz_settings
@given(data=st.data())
def test_handle_answers_any_payload_for_each_wizard(name: str, data: st.DataObject) -> None:
    call(data.draw(payloads(name)))


@fuzz_settings
@given(payload=json_values, raw=st.none() | any_text)
def test_handle_answers_any_json_or_text_at_all(payload: Any, raw: str | None) -> None:
    call(payload, raw=raw)


@pytest.mark.parametrize("name", WIZARD_NAMES)
@fuzz_settings
@given(data=st.data())
def test_random_walks_through_what_each_view_offers(name: str, data: st.DataObject) -> None:
    """Follow links and submit forms the way the loader does, choosing the values each view
    offers most of the time and junk the rest, for up to eight views."""
    query = ""
    view = call({"wizard": name})
    for _ in range(data.draw(st.integers(min_value=1, max_value=8), label="views")):
        offered = read_view(view["html"])
        moves = len(offered.forms) + len(offered.links)
        if not moves:
            break
        move = data.draw(st.integers(min_value=0, max_value=moves - 1), label="move")
        if move < len(offered.links):
            query = urlsplit(offered.links[move]).query
            view = call({"wizard": name, "action": "render", "query": query})
        else:
            form = offered.forms[move - len(offered.links)]
            fields: dict[str, list[str]] = {}
            for key, values in form.fields.items():
                choice = data.draw(st.sampled_from(["offered", "several", "junk", "left out"]), label=key)
                if choice == "offered":
                    fields[key] = [data.draw(st.sampled_from(values))]
                elif choice == "several":
                    fields[key] = data.draw(st.lists(st.sampled_from(values), max_size=3))
                elif choice == "junk":
                    fields[key] = [data.draw(any_text)]
            if form.buttons and data.draw(st.booleans(), label="named button"):
                button, value = data.draw(st.sampled_from(form.buttons))
                fields.setdefault(button, []).append(value)
            files = {key: data.draw(random_bytes_file()) for key in form.files if data.draw(st.booleans())}
            payload = {"wizard": name, "action": form.action, "query": query, "form": fields, "files": files}
            view = call(payload)
        if view["query"] is not None:
            query = view["query"]


def test_a_crash_in_a_wizard_fails_the_fuzz_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """The control: if a wizard raises, ``call`` fails, even though the page would see an apology."""
    from wizard.check import tool as check

    def broken(request: messages.Request) -> messages.Response:
        raise KeyError("q1")

    monkeypatch.setattr(check, "TOOL", replace(check.TOOL, respond=broken))
    with pytest.raises(AssertionError, match="escaped from the wizard"):
        call({"wizard": "check"})


def test_the_view_reader_finds_forms_fields_and_links() -> None:
    reader = read_view(
        '<form data-action="next"><input type="radio" name="q1" value="yes">'
        '<input type="radio" name="q1" value="no"><select name="level"><option value="ward">Ward</option>'
        '</select><input type="file" name="table"><button name="go" value="1">Go</button></form>'
        '<a href="?q1=yes" data-wizard-link>Change</a>'
    )
    (form,) = reader.forms
    assert form.action == "next"
    assert form.fields == {"q1": ["yes", "no"], "level": ["", "ward"]}
    assert form.files == ["table"] and form.buttons == [("go", "1")]
    assert reader.links == ["?q1=yes"]
