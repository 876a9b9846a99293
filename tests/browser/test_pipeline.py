"""The pipeline end to end in Chromium: the page starts Python in a worker and runs our package."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import RecordedPage, Server, wait_for_state, wait_until_ready
from tools.pyodide_runtime import load_record, stdlib_file_name

pytestmark = pytest.mark.browser


def test_first_view_is_in_the_page_before_python_starts(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page
    page.route("**/pyodide.asm.wasm", lambda route: None)  # hold the runtime back: Python never starts
    page.goto(site_server.url("tools/check.html"), wait_until="domcontentloaded")
    container = page.locator('[data-wizard="check"]')
    assert container.get_attribute("data-state") == "loading"
    assert container.get_attribute("aria-busy") == "true"
    assert container.get_by_role("button", name="Run the check").is_visible()
    assert "Starting Python" in container.get_by_role("status").inner_text()


def test_check_page_runs_our_package_in_pyodide(recorded_page: RecordedPage, site_server: Server) -> None:
    page = recorded_page.page
    page.goto(site_server.url("tools/check.html"))
    container = wait_until_ready(page, "check")
    assert container.get_attribute("aria-busy") == "false"
    container.get_by_role("button", name="Run the check").click()
    summary = container.locator("[data-outcome]")
    summary.wait_for()
    assert summary.get_attribute("data-outcome") == "pass"
    facts = container.locator(".wizard-facts").inner_text()
    assert "3.14" in facts  # Python inside Pyodide, not the build machine's Python
    assert "inside this browser" in facts
    # Focus moves to the result heading for keyboard and screen-reader users.
    assert page.evaluate("document.activeElement.textContent") == "Result"
    assert recorded_page.foreign_requests(site_server.origin) == []


#: Our wheel's address (its sha256 follows in the query string).
WHEEL = re.compile(r"\.whl(\?|$)")


def test_worker_fetches_wheel_named_in_lock(
    recorded_page: RecordedPage, site_server: Server, built_site: Path
) -> None:
    page = recorded_page.page
    page.goto(site_server.url("tools/check.html"))
    wait_until_ready(page, "check")
    lock = json.loads((built_site / "assets" / "wizard" / "pyodide-lock.json").read_text())
    entry = lock["packages"]["wizard"]
    fetched = [url for url in recorded_page.requests if WHEEL.search(url)]
    # Named as the lock names it, with its sha256 in the address so that no cache serves an old one.
    assert fetched == [site_server.url(f"assets/wizard/{entry['file_name']}?sha256={entry['sha256']}")]


def test_standard_library_is_fetched_under_a_name_that_carries_its_digest(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    """A browser that cached another standard library (the stock one, before it was precompiled)
    never reuses it: a different content has a different address."""
    page = recorded_page.page
    page.goto(site_server.url("tools/check.html"))
    wait_until_ready(page, "check")
    stdlib = [url for url in recorded_page.requests if "python_stdlib" in url]
    assert stdlib == [site_server.url(f"{load_record().site_dir}{stdlib_file_name()}")]


def test_tampered_wheel_is_refused_with_a_plain_message(
    recorded_page: RecordedPage, site_server: Server
) -> None:
    page = recorded_page.page

    def corrupt(route: Any) -> None:
        body = route.fetch().body()
        route.fulfill(body=body[:-1] + bytes([body[-1] ^ 0xFF]), content_type="application/zip")

    page.route(WHEEL, corrupt)
    page.goto(site_server.url("tools/check.html"))
    assert wait_for_state(page, "check", ("error",)) == "error"
    message = page.locator('[data-wizard="check"] [role="status"]').inner_text()
    assert "cannot run here: the tool's files did not arrive intact." in message
    assert "Traceback" not in message and "Error" not in message


def test_guidance_page_loads_no_python(recorded_page: RecordedPage, site_server: Server) -> None:
    page = recorded_page.page
    page.goto(site_server.url("index.html"))
    page.wait_for_load_state("networkidle")
    assert not [
        url for url in recorded_page.requests if "/assets/pyodide/" in url or "/assets/wizard/" in url
    ]
    assert recorded_page.foreign_requests(site_server.origin) == []


def test_policy_blocks_an_injected_inline_script(recorded_page: RecordedPage, site_server: Server) -> None:
    page = recorded_page.page
    page.goto(site_server.url("index.html"))
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1';"
        " document.body.appendChild(s); }"
    )
    assert page.evaluate("() => window.__injected") is None
