"""“Check this browser”: proves that Python runs in the page and can do what the tools need.

Trainers and IT staff use it before a session, on the machines people will use. It runs a few
self-tests of the standard-library pieces the other tools rely on and reports each one.
"""

from __future__ import annotations

import csv
import io
import platform
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from wizard import __version__
from wizard.core import components
from wizard.core.markup import Markup, join, tag
from wizard.core.messages import Request, Response
from wizard.registry import Tool


@dataclass(frozen=True)
class CheckResult:
    name: str
    passed: bool
    detail: str


def _check_csv() -> str:
    rows = list(csv.reader(io.StringIO('Area,Jan\r\n"B, north",13\r\n')))
    assert rows == [["Area", "Jan"], ["B, north", "13"]], rows
    return "Read a two-row table with a quoted comma."


def _check_zip() -> str:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("sheet.xml", "<row>13</row>" * 50)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        assert archive.read("sheet.xml").decode() == "<row>13</row>" * 50
    return "Wrote and read back a compressed file, as spreadsheet (.xlsx) files need."


def _check_integers() -> str:
    big = 10**30 + 13
    assert (big + 10) // 20 * 20 == 10**30 + 20
    return "Exact whole-number arithmetic on very large counts."


CHECKS: tuple[tuple[str, Callable[[], str]], ...] = (
    ("Reading tables", _check_csv),
    ("Spreadsheet files", _check_zip),
    ("Exact arithmetic", _check_integers),
)


def run_checks() -> list[CheckResult]:
    results = []
    for name, check in CHECKS:
        try:
            results.append(CheckResult(name, True, check()))
        except Exception as problem:  # report, do not crash: this is a diagnostic page
            results.append(CheckResult(name, False, f"Failed: {problem!r}"))
    return results


def environment() -> dict[str, str]:
    in_browser = sys.platform == "emscripten"
    return {
        "Python": platform.python_version(),
        "Where it runs": "inside this browser (Pyodide)"
        if in_browser
        else f"on this computer ({sys.platform})",
        "Tools package": __version__,
    }


def _intro() -> Markup:
    return tag(
        "form",
        tag(
            "p",
            "Press the button to run Python in this page and check the parts of it the tools use. "
            "Nothing is sent anywhere.",
        ),
        components.button("Run the check", submit=True, primary=True),
        method="get",
        data_action="submit",
    )


def _report(request: Request) -> Markup:
    results = run_checks()
    started = request.context.get("startup_ms")
    facts = environment()
    if isinstance(started, int | float):
        facts["Time Python took to start"] = f"{started / 1000:.1f} seconds"
    all_passed = all(result.passed for result in results)
    summary = (
        "Every check passed: the tools on this site will work in this browser."
        if all_passed
        else "Some checks failed: the tools may not work in this browser. Use the printed guidance instead."
    )
    rows = (
        tag(
            "tr",
            components.row_heading(result.name),
            tag("td", "Passed" if result.passed else "Failed"),
            tag("td", result.detail),
        )
        for result in results
    )
    return join(
        [
            components.heading("Result"),
            tag(
                "p",
                tag("strong", summary),
                class_="wizard-check__summary",
                data_outcome="pass" if all_passed else "fail",
            ),
            tag(
                "dl",
                join(tag("div", tag("dt", key), tag("dd", value)) for key, value in facts.items()),
                class_="wizard-facts",
            ),
            components.table("Self-tests", ("Check", "Result", "What it did"), rows),
            tag("p", components.wizard_link("Run it again", query="")),
        ]
    )


def respond(request: Request) -> Response:
    if request.action == "submit":
        return Response(html=_report(request), query=None)
    return Response(html=_intro(), query=None)


#: What this tool offers the page (see wizard.registry).
TOOL = Tool(respond=respond)
