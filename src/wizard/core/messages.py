"""What crosses between the page and a tool: a request (what the person did) and a response (the
HTML to show, the page address to keep, files to offer). ``wizard.web`` turns them into JSON."""

from __future__ import annotations

import base64
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs


@dataclass(frozen=True)
class UploadedFile:
    filename: str
    content: bytes


@dataclass(frozen=True)
class Request:
    wizard: str
    action: str = "render"
    query: str = ""
    form: Mapping[str, list[str]] = field(default_factory=dict)
    files: Mapping[str, UploadedFile] = field(default_factory=dict)
    context: Mapping[str, Any] = field(default_factory=dict)

    def query_params(self) -> dict[str, list[str]]:
        """The query string as a dict of lists, blank values kept."""
        return parse_qs(self.query.lstrip("?"), keep_blank_values=True)

    def form_value(self, name: str, default: str = "") -> str:
        values = self.form.get(name) or []
        return values[0] if values else default


@dataclass(frozen=True)
class Download:
    filename: str
    mime: str
    text: str | None = None
    data: bytes | None = None

    def to_json(self) -> dict[str, str]:
        payload = {"filename": self.filename, "mime": self.mime}
        if self.data is not None:
            payload["base64"] = base64.b64encode(self.data).decode("ascii")
        else:
            payload["text"] = self.text or ""
        return payload


@dataclass(frozen=True)
class Response:
    html: str
    query: str | None = None
    title: str | None = None
    downloads: Mapping[str, Download] = field(default_factory=dict)
    #: Packages (names in the site's lock file) this request needs and Python does not have yet,
    #: such as openpyxl for a workbook. The page loads them and sends the same request once more;
    #: ``html`` is what to show if they cannot be loaded.
    needs: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        payload: dict[str, Any] = {
            "html": self.html,
            "query": self.query,
            "title": self.title,
            "downloads": {key: item.to_json() for key, item in self.downloads.items()},
        }
        if self.needs:
            payload["needs"] = list(self.needs)
        return payload
