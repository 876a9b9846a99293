"""Browser fixtures: serve a built site on 127.0.0.1 and drive Debian's Chromium with Playwright.

Every page records the requests it makes (its workers' too); ``foreign_requests`` lists those that
went to another origin. Below the fixtures are the helpers the quality gates share: the built
site's pages and wizards, the two colour schemes, axe-core, CSP violation recording, and driving a
wizard through the states declared in ``wizard_states.py`` with the mouse or the keyboard.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator
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


def record(page: Any) -> RecordedPage:
    """Start recording a page's requests (its workers' included) and console errors."""
    recorded = RecordedPage(page)
    page.on("request", lambda request: recorded.requests.append(request.url))
    page.on(
        "console", lambda message: message.type == "error" and recorded.console_errors.append(message.text)
    )
    return recorded


@pytest.fixture
def recorded_page(browser: Any) -> Iterator[RecordedPage]:
    context = browser.new_context(accept_downloads=True)
    yield record(context.new_page())
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


# --- The built site: every page, and the wizards on them ----------------------------------------

WIZARD_CONTAINER = re.compile(r'<div class="wizard" data-wizard="(?P<name>[a-z0-9_-]+)"')


def site_pages(root: Path) -> list[str]:
    """Every HTML page of a built site, as paths relative to it, found by walking the site.

    New pages are covered without being listed anywhere. (MkDocs leaves the sitemap empty when
    mkdocs.yml has no site_url, so the files themselves are the list.)
    """
    return sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*.html")
        if path.relative_to(root).parts[0] != "assets"
    )


def wizards_in(root: Path, page: str) -> list[str]:
    """The wizards whose containers the build rendered into ``page``."""
    html = (root / page).read_text(encoding="utf-8")
    return [match.group("name") for match in WIZARD_CONTAINER.finditer(html)]


def wizard_pages(root: Path) -> dict[str, str]:
    """Wizard name -> the first page that hosts it."""
    found: dict[str, str] = {}
    for page in site_pages(root):
        for name in wizards_in(root, page):
            found.setdefault(name, page)
    return found


@dataclass
class HeldRuntime:
    """Requests for the Pyodide runtime, held back until ``release()``."""

    routes: list[Any] = field(default_factory=list)
    released: bool = False

    def handle(self, route: Any) -> None:
        if self.released:
            route.continue_()
        else:
            self.routes.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.routes:
            route.continue_()


def hold_runtime(page: Any) -> HeldRuntime:
    """Hold back the Pyodide runtime so the page's wizards stay in their first, ``loading`` view
    (until ``release()``, after which Python starts)."""
    held = HeldRuntime()
    page.route("**/pyodide.asm.wasm", held.handle)
    return held


def block_worker(page: Any) -> None:
    """Make Python fail to start, as a browser that blocks workers does (the ``failed`` state)."""
    page.route("**/wizard-worker.mjs", lambda route: route.abort())


# --- Colour schemes ------------------------------------------------------------------------------

#: Material's two palettes (mkdocs.yml): light ``default`` and dark ``slate``.
COLOUR_SCHEMES = ("default", "slate")


def settle(page: Any) -> None:
    """Wait until CSS transitions and animations have finished (the theme fades colours)."""
    page.evaluate(
        """async () => {
          for (let round = 0; round < 20; round++) {
            const running = document.getAnimations().filter((animation) =>
              animation.playState === "running" && animation.effect?.getTiming().iterations !== Infinity);
            if (!running.length) return;
            await Promise.allSettled(running.map((animation) => animation.finished));
          }
        }"""
    )


def set_colour_scheme(page: Any, scheme: str) -> None:
    """Switch the page to one of Material's palettes, as its palette toggle does.

    The toggle copies the chosen palette's data-md-color-* attributes (from its radio input) onto
    <body>; the theme's CSS does the rest. Fails if the palette does not exist or nothing changed.
    """
    switched = page.evaluate(
        """(scheme) => {
          const option = document.querySelector(`input.md-option[data-md-color-scheme="${scheme}"]`);
          if (!option) return false;
          for (const key of ["scheme", "primary", "accent"]) {
            document.body.setAttribute(`data-md-color-${key}`, option.getAttribute(`data-md-color-${key}`));
          }
          return getComputedStyle(document.body).colorScheme;
        }""",
        scheme,
    )
    assert switched, f"the page has no {scheme!r} palette"
    assert switched == ("dark" if scheme == "slate" else "light"), f"{scheme}: color-scheme is {switched}"
    settle(page)


# --- axe-core -----------------------------------------------------------------------------------

AXE_SOURCE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
#: WCAG 2.2 level A and AA (axe tags each rule with the version that introduced it).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@dataclass(frozen=True)
class AxeFinding:
    rule: str
    impact: str
    target: str
    summary: str
    where: str  # page, colour scheme and state

    def __str__(self) -> str:
        return f"{self.where}: {self.rule} ({self.impact}) at {self.target}: {self.summary}"


#: A finding that axe reports but the test accepts: (rule id, regex the target must match, reason).
Exclusion = tuple[str, str, str]


@functools.cache
def axe_source() -> str:
    if not AXE_SOURCE.exists():
        pytest.fail("axe-core is missing from node_modules: run tools/setup.sh")
    return AXE_SOURCE.read_text(encoding="utf-8")


def axe_findings(page: Any, where: str, exclusions: tuple[Exclusion, ...] = ()) -> list[AxeFinding]:
    """Run axe-core's WCAG 2.2 A/AA rules on the page as it is now.

    axe is put into the page by evaluating its source through the DevTools protocol
    (Playwright's evaluate of an expression is Runtime.evaluate), which the page's real
    Content-Security-Policy does not apply to, just as it does not to a developer's console. So
    the page is audited under the policy its visitors get, with no bypass_csp context; axe's own
    checks then run as a function, which the policy also allows.
    """
    settle(page)
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    results = page.evaluate(
        """async (tags) => {
          const result = await axe.run(document, { runOnly: { type: "tag", values: tags } });
          return result.violations.flatMap((rule) => rule.nodes.map((node) => ({
            rule: rule.id, impact: rule.impact || node.impact || "",
            target: node.target.join(" "), summary: node.failureSummary || rule.help })));
        }""",
        AXE_TAGS,
    )
    findings = [AxeFinding(where=where, **result) for result in results]
    return [
        finding
        for finding in findings
        if not any(
            finding.rule == rule and re.search(target, finding.target) for rule, target, _ in exclusions
        )
    ]


def describe(findings: list[AxeFinding]) -> str:
    return f"{len(findings)} accessibility violation(s):\n" + "\n".join(
        f"  - {finding}".replace("\n", " ") for finding in findings
    )


# --- Content-Security-Policy violations ----------------------------------------------------------

#: An init script (added through the DevTools protocol, so the policy does not block it) that
#: records every securitypolicyviolation event the page fires.
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"}`
    + ` (${event.sourceFile || "page"}:${event.lineNumber})`);
});
"""


def csp_violations(page: Any) -> list[str]:
    found: list[str] = page.evaluate("() => window.__cspViolations || []")
    return found


# --- Driving a wizard through its declared states ------------------------------------------------

# (Imported here, not at the top, so this module reads as fixtures first.)
from tests.browser.wizard_states import WIZARD_STATES, State, Step  # noqa: E402


def container(page: Any, name: str) -> Any:
    return page.locator(f'[data-wizard="{name}"]')


def mark_view_stale(page: Any, name: str) -> None:
    container(page, name).locator(".wizard__body").evaluate(
        "(body) => { for (const child of body.children) child.setAttribute('data-stale', ''); }"
    )


def wait_for_new_view(page: Any, name: str, timeout_ms: int = 60_000) -> None:
    """Wait until the loader has swapped in the next view (after ``mark_view_stale``)."""
    page.wait_for_function(
        '(name) => { const c = document.querySelector(`[data-wizard="${name}"]`);'
        " return c.getAttribute('aria-busy') === 'false'"
        " && !c.querySelector('.wizard__body [data-stale]'); }",
        arg=name,
        timeout=timeout_ms,
    )


def show_address(page: Any, name: str, query: str) -> None:
    """Show the view for an address, as back/forward or a bookmarked link do (the loader re-renders
    from the address on popstate). With an empty query this is the wizard's first view."""
    mark_view_stale(page, name)
    page.evaluate(
        "(query) => { history.pushState({}, '', query ? `?${query}` : location.pathname);"
        " dispatchEvent(new PopStateEvent('popstate', { state: {} })); }",
        query,
    )
    wait_for_new_view(page, name)


def control(page: Any, name: str, step: Step) -> Any:
    box = container(page, name).locator(".wizard__body")
    if step.action == "press":
        return box.get_by_role("button", name=step.name, exact=True)
    if step.action == "follow":
        return box.get_by_role("link", name=step.name, exact=True)
    return box.get_by_label(step.name, exact=True)


def perform(page: Any, name: str, step: Step) -> None:
    """Do one step with the mouse (Playwright's actionability checks: visible, enabled, on top)."""
    target = control(page, name, step)
    if step.action in ("press", "follow"):
        mark_view_stale(page, name)
        target.click()
        wait_for_new_view(page, name)
    elif step.action == "choose":
        target.check()
    elif step.action == "fill":
        target.fill(step.value)
    elif step.action == "select":
        target.select_option(label=step.value)
    elif step.action == "upload":
        target.set_input_files(chosen_file(step))
    else:
        raise AssertionError(f"unknown step {step}")


def chosen_file(step: Step) -> dict[str, Any]:
    return {"name": step.value, "mimeType": "application/octet-stream", "buffer": step.content}


def is_focused(target: Any) -> bool:
    focused: bool = target.evaluate("(element) => element === document.activeElement")
    return focused


def tab_to(page: Any, target: Any, what: str, limit: int = 400) -> None:
    """Press Tab (only) until ``target`` has the focus; fail if it never does."""
    for _ in range(limit):
        if is_focused(target):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{what} cannot be reached with the Tab key ({limit} presses)")


def perform_by_keyboard(page: Any, name: str, step: Step) -> None:
    """Do one step with the keyboard only: Tab to the control, then Enter, Space, arrows or typing."""
    target = control(page, name, step)
    target.wait_for()
    if step.action in ("press", "follow"):
        tab_to(page, target, str(step))
        mark_view_stale(page, name)
        page.keyboard.press("Enter")
        wait_for_new_view(page, name)
    elif step.action == "choose" and target.get_attribute("type") == "radio":
        # Tab reaches a radio group once; the arrow keys move through it and select.
        group = container(page, name).locator(f'input[type="radio"][name="{target.get_attribute("name")}"]')
        first = group.first if not group.locator(":checked").count() else group.locator(":checked")
        tab_to(page, first, str(step))
        for _ in range(group.count()):
            if is_focused(target):
                break
            page.keyboard.press("ArrowDown")
        if is_focused(target) and not target.is_checked():
            page.keyboard.press("Space")  # Tab focuses the first radio of a group without ticking it
        assert is_focused(target) and target.is_checked(), (
            f"{step}: the arrow keys and Space did not select it"
        )
    elif step.action == "choose":
        tab_to(page, target, str(step))
        if not target.is_checked():
            page.keyboard.press("Space")
        assert target.is_checked(), f"{step}: Space did not tick it"
    elif step.action == "fill":
        tab_to(page, target, str(step))
        page.keyboard.press("ControlOrMeta+A")
        page.keyboard.press("Delete")
        page.keyboard.type(step.value)
    elif step.action == "select":
        tab_to(page, target, str(step))
        page.keyboard.press("Home")
        for _ in range(target.locator("option").count()):
            if target.evaluate("(s) => s.selectedOptions[0]?.label") == step.value:
                break
            page.keyboard.press("ArrowDown")
        assert target.evaluate("(s) => s.selectedOptions[0]?.label") == step.value, f"{step}: not selected"
    elif step.action == "upload":
        # The file chooser belongs to the operating system: reach the input by keyboard, then choose.
        tab_to(page, target, str(step))
        target.set_input_files(chosen_file(step))
    else:
        raise AssertionError(f"unknown step {step}")


def reach_state(page: Any, name: str, state: State, *, keyboard: bool = False, fresh: bool = False) -> Any:
    """Go to the state's starting view and play its steps; returns the element that shows the state
    was reached. ``fresh``: the page has just loaded and still shows the first view."""
    if state.query or not fresh:
        show_address(page, name, state.query)
    for step in state.steps:
        (perform_by_keyboard if keyboard else perform)(page, name, step)
    reached = container(page, name).locator(state.expect).first
    try:
        reached.wait_for(state="visible", timeout=30_000)
    except Exception as problem:
        raise AssertionError(
            f"wizard {name}: state {state.name!r} not reached ({state.expect} is not visible)"
        ) from problem
    return reached


def focused_element(page: Any) -> dict[str, str]:
    """What has the focus: its tag, text and whether it sits in a wizard view."""
    described: dict[str, str] = page.evaluate(
        "() => { const e = document.activeElement; return { tag: e.tagName.toLowerCase(),"
        " text: (e.textContent || '').trim().slice(0, 80),"
        " inView: String(!!e.closest('.wizard__body')), marked: String(e.hasAttribute('data-focus')) }; }"
    )
    return described


# --- One recorded session per wizard, shared by the privacy and CSP gates ------------------------


@dataclass
class WizardUse:
    """What happened while a wizard's page loaded and a person then used the wizard."""

    page: str
    requests_while_starting: list[str]
    foreign_while_starting: list[str]
    #: Network requests (not blob: or data:) from the moment the wizard was ready.
    requests_while_used: list[str]
    states_reached: list[str]
    csp_violations: list[str]
    csp_console_messages: list[str]
    #: The control: an inline script injected at the end must be blocked, and reported.
    injected_script_ran: bool
    injected_script_reports: list[str]


def use_wizard(browser: Any, server: Server, root: Path, name: str) -> WizardUse:
    path = wizard_pages(root).get(name)
    assert path, f"no page of the site hosts the wizard {name!r}"
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(script=CSP_RECORDER)
    console: list[str] = []
    page.on("console", lambda message: console.append(message.text))
    recorded = record(page)
    page.goto(server.url(path))
    wait_until_ready(page, name)
    page.wait_for_load_state("networkidle")  # the theme's search index, fetched once per page
    starting = list(recorded.requests)
    recorded.requests.clear()
    reached = []
    for state in WIZARD_STATES.get(name, ()):
        reach_state(page, name, state)
        reached.append(state.name)
    page.wait_for_timeout(500)  # anything sent a moment later still counts
    # The browser itself fetches the page's icon again when the address changes (pushState): that
    # request is the page's own icon, carries nothing of the visitor's, and no page code makes it.
    icon = page.evaluate("() => document.querySelector('link[rel~=\"icon\"]')?.href ?? ''")
    used = [url for url in recorded.requests if not url.startswith(("blob:", "data:")) and url != icon]
    violations = csp_violations(page)
    csp_console = [text for text in console if "Content Security Policy" in text]
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.__injected = 1';"
        " document.body.appendChild(s); }"
    )
    ran = page.evaluate("() => window.__injected === 1")
    control = csp_violations(page)[len(violations) :]
    context.close()
    return WizardUse(
        page=path,
        requests_while_starting=starting,
        foreign_while_starting=[
            url for url in starting if not url.startswith((server.origin + "/", "blob:", "data:"))
        ],
        requests_while_used=used,
        states_reached=reached,
        csp_violations=violations,
        csp_console_messages=csp_console,
        injected_script_ran=ran,
        injected_script_reports=control,
    )


@pytest.fixture(scope="session")
def wizard_use(browser: Any, site_server: Server, built_site: Path) -> Callable[[str], WizardUse]:
    """``wizard_use(name)``: the wizard's page loaded and every declared state driven, once per run."""
    done: dict[str, WizardUse] = {}

    def use(name: str) -> WizardUse:
        if name not in done:
            done[name] = use_wizard(browser, site_server, built_site, name)
        return done[name]

    return use


def axe_violations(page: Any, selector: str = "body", impacts: tuple[str, ...] = ()) -> list[str]:
    """WCAG 2.2 A/AA problems axe-core finds inside one element, as "rule: targets" lines,
    optionally only those of the given impacts (axe is put in the page as axe_findings does)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(axe_source())
    result: list[str] = page.evaluate(
        """async ([selector, tags, impacts]) => (await axe.run(document.querySelector(selector),
             {runOnly: {type: 'tag', values: tags}}))
           .violations.filter(v => impacts.length === 0 || impacts.includes(v.impact))
           .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)""",
        [selector, AXE_TAGS, list(impacts)],
    )
    return result
