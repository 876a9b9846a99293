"""The one entry point the browser calls: JSON text in, JSON text out.

The page's JavaScript is a thin shell. It sends a request describing what the person did
(which wizard, the current query string, the fields of the form they submitted, any files)
and swaps in the HTML that comes back. Every decision is made here, in Python.

Request::

    {"wizard": "check", "action": "render" | "submit", "query": "a=1&b=2",
     "form": {"field": ["value", ...]}, "files": {"field": {"filename": "...", "base64": "..."}},
     "context": {...}}

Response::

    {"html": "...", "query": "a=1" | null, "title": "..." | null,
     "downloads": {"key": {"filename": "...", "mime": "...", "text": "..." | "base64": "..."}},
     "needs": ["openpyxl"]}   (only when a library must be loaded first)

``query`` is the new query string for the page address (``null`` leaves the address alone).
``needs`` names packages of the site's lock file that this request needs and Python has not
loaded (openpyxl for a workbook): the page loads them and sends the same request once more, and
shows ``html`` (which says what could not be done) only if they cannot be loaded.
The tools are listed in ``wizard.registry``; each is imported only when first asked for.
Links and forms in the HTML use the attributes the loader understands (see
``docs/assets/wizard/wizard-loader.js``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from wizard import registry
from wizard.core.components import heading
from wizard.core.errors import WizardInputError
from wizard.core.markup import Markup, tag
from wizard.core.messages import Request, Response, UploadedFile


def _part(payload: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """One of the request's dictionaries (form, files, context): absent means empty."""
    value = payload.get(key)
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise WizardInputError(f"The request's {key} was not understood.")
    return value


def _text(payload: Mapping[str, Any], key: str, default: str) -> str:
    value = payload.get(key)
    if value is None or value == "":
        return default
    if not isinstance(value, str):
        raise WizardInputError(f"The request's {key} was not understood.")
    return value


def parse_request(payload: Any) -> Request:
    """Turn decoded JSON into a Request, refusing anything of the wrong shape.

    The page only ever sends strings, lists of strings and dictionaries of them; anything else
    (a hand-edited request, a bug) gets a plain message rather than an error deep in a wizard.
    """
    import base64
    import binascii

    if not isinstance(payload, Mapping):
        raise WizardInputError("The request was not understood.")
    wizard = payload.get("wizard")
    if not isinstance(wizard, str):
        raise WizardInputError("The request did not say which tool to use.")
    form: dict[str, list[str]] = {}
    for key, values in _part(payload, "form").items():
        if isinstance(values, str):
            values = [values]
        if not isinstance(values, list) or not all(isinstance(value, str) for value in values):
            raise WizardInputError(f"The answer sent for {key!r} was not understood.")
        form[str(key)] = values
    files: dict[str, UploadedFile] = {}
    for key, item in _part(payload, "files").items():
        encoded = item.get("base64", "") if isinstance(item, Mapping) else None
        filename = item.get("filename", "") if isinstance(item, Mapping) else None
        if not isinstance(encoded, str) or not isinstance(filename, str):
            raise WizardInputError(f"The file sent as {key!r} could not be read.")
        try:
            content = base64.b64decode(encoded, validate=True)
        except (binascii.Error, ValueError):
            raise WizardInputError(f"The file sent as {key!r} could not be read.") from None
        files[str(key)] = UploadedFile(filename=filename, content=content)
    return Request(
        wizard=wizard,
        action=_text(payload, "action", "render"),
        query=_text(payload, "query", ""),
        form=form,
        files=files,
        context=dict(_part(payload, "context")),
    )


def error_html(message: str) -> Markup:
    """A message for problems the person can do something about."""
    return tag(
        "div",
        heading("There is a problem", class_="wizard-error__title"),
        tag("p", message),
        class_="wizard-error",
        role="alert",
    )


def respond(request: Request) -> Response:
    """The tool's answer to one request (WizardInputError for a tool that does not exist)."""
    return registry.tool(request.wizard).respond(request)


def decode(request_json: str) -> Any:
    """The request's JSON. Not JSON, numbers too long to convert (a ValueError) or nesting too
    deep (a RecursionError) are the sender's problem, not a bug of ours."""
    try:
        return json.loads(request_json)
    except (ValueError, RecursionError):
        raise WizardInputError("The request was not understood.") from None


def handle(request_json: str, *, on_unexpected: Callable[[BaseException], None] | None = None) -> str:
    """Answer one request from the page. Always returns a JSON response; never raises.

    Problems with the input become a clear message. A fault in our own code becomes a plain
    apology (and is passed to ``on_unexpected`` so the worker can log it for developers).
    """
    try:
        request = parse_request(decode(request_json))
        response = respond(request)
    except WizardInputError as problem:
        response = Response(html=error_html(str(problem)))
    except Exception as fault:  # a bug of ours: show an apology, never a traceback
        if on_unexpected is not None:
            on_unexpected(fault)
        response = Response(
            html=error_html(
                "Something went wrong inside the tool. Nothing you entered has left this browser. "
                "Please start again; if it happens again, tell the site's maintainers what you did."
            )
        )
    return json.dumps(response.to_json())


def initial_html(name: str) -> str:
    """The first view of a wizard, rendered at build time so it shows before Python starts."""
    return respond(Request(wizard=name)).html


def printed_html(name: str) -> str:
    """A wizard's steps as plain text for the page (for when Python cannot run), if it has them."""
    render = registry.tool(name).printed_html
    if render is None:
        raise WizardInputError(f"The tool {name!r} has no printed steps.")
    return render()
