"""Browser fixtures: serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright.

Every page records the requests it makes; ``assert_local_only`` fails a test if any went to
another origin.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
]


def chromium_path() -> str:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).exists():
            return candidate
    pytest.fail("Chromium is not installed: run tools/setup.sh (it installs Debian's chromium package).")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types Pyodide needs, and quiet logs."""

    extensions_map = {  # noqa: RUF012 (the base class declares it as a plain dict)
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm",
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".json": "application/json",
        ".whl": "application/zip",
    }

    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Server:
    root: Path
    origin: str
    httpd: http.server.ThreadingHTTPServer

    def url(self, path: str = "") -> str:
        return f"{self.origin}/{path.lstrip('/')}"


def serve(root: Path) -> Server:
    handler = functools.partial(SiteHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return Server(root, f"http://127.0.0.1:{httpd.server_address[1]}", httpd)


@pytest.fixture(scope="session")
def site_server(built_site: Path) -> Iterator[Server]:
    server = serve(built_site)
    yield server
    server.httpd.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class RecordedPage:
    page: Any
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def foreign_requests(self, origin: str) -> list[str]:
        allowed = (origin + "/", "blob:", "data:", "file://")
        return [url for url in self.requests if not url.startswith(allowed)]


@pytest.fixture
def recorded_page(browser: Any) -> Iterator[RecordedPage]:
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    recorded = RecordedPage(page)
    page.on("request", lambda request: recorded.requests.append(request.url))
    page.on(
        "console", lambda message: message.type == "error" and recorded.console_errors.append(message.text)
    )
    yield recorded
    context.close()


def wait_for_state(page: Any, name: str, states: tuple[str, ...], timeout_ms: int = 90_000) -> str:
    """Wait until a wizard's container reaches one of ``states``; returns the state reached.

    (The check is passed as a function, not a string: the pages' Content-Security-Policy forbids
    evaluating strings, and Playwright would otherwise eval an expression.)
    """
    page.wait_for_function(
        '([name, states]) => { const c = document.querySelector(`[data-wizard="${name}"]`);'
        " return c && states.includes(c.dataset.state); }",
        arg=[name, list(states)],
        timeout=timeout_ms,
    )
    state: str = page.locator(f'[data-wizard="{name}"]').get_attribute("data-state")
    return state


def wait_until_ready(page: Any, name: str, timeout_ms: int = 90_000) -> Any:
    """Wait for a wizard's container to reach data-state=ready (or fail on error)."""
    container = page.locator(f'[data-wizard="{name}"]')
    state = wait_for_state(page, name, ("ready", "error"), timeout_ms)
    assert state == "ready", f"wizard {name} is {state}: {container.locator('.wizard__status').inner_text()}"
    return container


AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def inject_axe(page: Any) -> None:
    """Load axe-core into the page through the DevTools protocol.

    The pages' Content-Security-Policy (rightly) blocks an injected inline <script>, so axe is
    evaluated by the browser's debugger interface instead, which the policy does not govern.
    """
    if page.evaluate("typeof window.axe === 'object'"):
        return
    session = page.context.new_cdp_session(page)
    session.send("Runtime.evaluate", {"expression": AXE_SOURCE.read_text(encoding="utf-8")})
    session.detach()


def axe_violations(page: Any, selector: str = "body", impacts: tuple[str, ...] = ()) -> list[str]:
    """WCAG 2.x A/AA problems axe-core finds inside ``selector`` ("rule: targets"), optionally
    only those of the given impacts."""
    inject_axe(page)
    result: list[str] = page.evaluate(
        """async ([selector, tags, impacts]) => (await axe.run(document.querySelector(selector),
             {runOnly: {type: 'tag', values: tags}}))
           .violations.filter(v => impacts.length === 0 || impacts.includes(v.impact))
           .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)""",
        [selector, WCAG_TAGS, list(impacts)],
    )
    return result
