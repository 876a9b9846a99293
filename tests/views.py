"""Reading a wizard view's HTML the way the loader uses it: its forms (fields, offered values, file
inputs, named buttons) and its in-wizard links. The fuzzers and the HTML validity test use it to
walk through every wizard without knowing its questions."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from wizard import web


@dataclass
class Form:
    action: str
    #: field name -> values the view offers (radio/checkbox/option values, a text box's value)
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)  # named submit buttons


class ViewReader(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.links: list[str] = []
        self.selects: list[list[str]] = []

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {key: value or "" for key, value in attributes}
        if tag == "form":
            self.forms.append(Form(action=attrs.get("data-action") or "submit"))
        elif tag == "a" and "data-wizard-link" in attrs:
            self.links.append(attrs.get("href", ""))
        elif self.forms and tag in ("input", "textarea", "select", "button") and attrs.get("name"):
            form, name = self.forms[-1], attrs["name"]
            kind = attrs.get("type", "text" if tag != "button" else "submit")
            if kind == "file":
                form.files.append(name)
            elif kind == "submit":
                form.buttons.append((name, attrs.get("value", "")))
            else:
                form.fields.setdefault(name, []).append(attrs.get("value", ""))
                if tag == "select":
                    self.selects.append(form.fields[name])
        elif tag == "option" and self.selects:
            self.selects[-1].append(attrs.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.selects:
            self.selects.pop()


def read_view(html: str) -> ViewReader:
    reader = ViewReader()
    reader.feed(html)
    return reader


def call(payload: dict[str, object]) -> dict[str, object]:
    answer: dict[str, object] = json.loads(web.handle(json.dumps(payload)))
    return answer


def walk_views(name: str, limit: int = 40) -> Iterator[str]:
    """Distinct views of a wizard, breadth first from its first view: every link followed, and
    every form submitted empty, with each field's first offered value, and with each value of
    its first field in turn. Deterministic; stops after ``limit`` views."""
    seen: set[str] = set()
    queue: list[tuple[str, dict[str, object]]] = [("", {"wizard": name})]
    while queue and len(seen) < limit:
        query, payload = queue.pop(0)
        answer = call(payload)
        html = str(answer["html"])
        if html in seen:
            continue
        seen.add(html)
        yield html
        if isinstance(answer["query"], str):
            query = answer["query"]
        view = read_view(html)
        for link in view.links:
            queue.append((query, {"wizard": name, "action": "render", "query": urlsplit(link).query}))
        for form in view.forms:
            firsts = {key: [next((v for v in values if v), values[0])] for key, values in form.fields.items()}
            choices: list[dict[str, list[str]]] = [{}, firsts]
            if form.fields:
                key, values = next(iter(form.fields.items()))
                choices += [{**firsts, key: [value]} for value in values]
            for fields in choices:
                queue.append((query, {"wizard": name, "action": form.action, "query": query, "form": fields}))
