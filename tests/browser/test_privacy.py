"""Private by construction: no page asks another origin for anything, pages without a tool load no
Python, and once a tool is ready, using it makes no network request at all."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import (
    Server,
    WizardUse,
    record,
    site_pages,
    wait_for_state,
    wizards_in,
)
from wizard.registry import names

pytestmark = pytest.mark.browser

PYTHON_FILES = ("/assets/pyodide/", "/assets/wizard/")


def test_no_page_requests_another_origin_and_only_tool_pages_load_python(
    browser: Any, site_server: Server, built_site: Path
) -> None:
    context = browser.new_context()
    page = context.new_page()
    recorded = record(page)
    foreign: dict[str, list[str]] = {}
    python_without_tool: dict[str, list[str]] = {}
    for path in site_pages(built_site):
        recorded.requests.clear()
        page.goto(site_server.url(path))
        tools = wizards_in(built_site, path)
        if tools:  # let the tool start, so the runtime's and the worker's requests are recorded
            for name in tools:
                wait_for_state(page, name, ("ready", "error"))
        page.wait_for_load_state("networkidle")
        if found := recorded.foreign_requests(site_server.origin):
            foreign[path] = found
        if not tools and (
            python := [url for url in recorded.requests if any(p in url for p in PYTHON_FILES)]
        ):
            python_without_tool[path] = python
    context.close()
    assert not foreign, f"requests to other origins: {foreign}"
    assert not python_without_tool, f"pages without a tool that load Python: {python_without_tool}"


def library_wheels(site: Path) -> set[str]:
    """The library wheels (openpyxl & co.) the site's lock file names beside ours: a tool may fetch
    these from the site itself when a request needs one (a workbook). They carry nothing of the
    visitor's: the same files for everyone, named in the lock file, hash-checked."""
    lock = json.loads((site / "assets" / "wizard" / "pyodide-lock.json").read_text(encoding="utf-8"))
    return {entry["file_name"] for name, entry in lock["packages"].items() if name != "wizard"}


@pytest.mark.parametrize("name", names())
def test_using_a_ready_wizard_makes_no_network_request(name: str, wizard_use: Any, built_site: Path) -> None:
    use: WizardUse = wizard_use(name)
    assert use.requests_while_starting, "recording saw no requests at all: it is not working"
    assert use.foreign_while_starting == [], (
        f"{name}: requests to other origins: {use.foreign_while_starting}"
    )
    allowed = library_wheels(built_site)
    made = [
        url
        for url in use.requests_while_used
        if not ("/assets/wizard/" in url and url.rsplit("/", 1)[-1] in allowed and "?" not in url)
    ]
    assert made == [], f"{name}: using the wizard ({', '.join(use.states_reached)}) made requests: {made}"
