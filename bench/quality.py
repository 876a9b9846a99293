"""Benchmark: how fast the site is for a visitor, written to bench/REPORT.md.

One run in headless Chromium, each page load in a fresh browser context (nothing cached):

1. A guidance page (the longest page without a tool) against a stock Material for MkDocs page
   with the same Markdown (default theme settings, except ``font: false`` so nothing leaves this
   machine; the same Markdown extensions so the text renders the same): bytes, requests, first
   contentful paint and the load event.
2. Each tool page: when the tool's first question is on screen, against the page's first paint.
3. Each tool page: when the tool is ready (Python started), against bare Pyodide pages (from
   bench/startup.py, whose worker only starts the runtime): the stock runtime and the precompiled
   one the site ships.
4. Each tool, once ready: the time per answer (from the click to the new view), over every press
   in every state that tests/browser/wizard_states.py declares for it, repeated.
5. Every page without a tool: bytes of Python (the Pyodide runtime or our package) it loads.

Usage: .venv/bin/python bench/quality.py [--runs 5] [--answers 10] [--site DIR] [--report PATH]
Not a test: it reports numbers and never fails on a timing.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.startup import BARE_READY, make_bench_root  # noqa: E402
from tests.browser.conftest import (  # noqa: E402
    CHROMIUM_ARGS,
    chromium_path,
    perform,
    serve,
    show_address,
    site_pages,
    wait_until_ready,
    wizard_pages,
    wizards_in,
)
from tests.browser.wizard_states import WIZARD_STATES  # noqa: E402
from tools.site_build import build as build_site  # noqa: E402

PYTHON_FILES = ("/assets/pyodide/", "/assets/wizard/")
Server_ = Any  # tests.browser.conftest.Server

#: Records, in the page, when the first question shows, when the tool is ready, and when a view
#: was last swapped in after the last click or Enter.
PROBE = """
window.__bench = {};
const QUESTION = ".wizard__body legend, .wizard__body label, .wizard__body h2, .wizard__body button";
new MutationObserver((records) => {
  for (const record of records) {
    if (record.type === "attributes" && record.target.dataset.state === "ready" && !__bench.readyAt)
      __bench.readyAt = performance.now();
    if (record.type === "childList" && record.target.classList?.contains("wizard__body"))
      __bench.swappedAt = performance.now();
  }
  // Mark the first question as the parser adds it, so Element Timing reports when it is painted.
  // Element Timing reports the element whose own text is painted, so go down to it.
  let question = document.querySelector(QUESTION);
  while (question && question.firstElementChild &&
         ![...question.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim()))
    question = question.firstElementChild;
  if (question && !question.hasAttribute("elementtiming")) question.setAttribute("elementtiming", "question");
  const heading = document.querySelector("article h1");
  if (heading && !heading.hasAttribute("elementtiming")) heading.setAttribute("elementtiming", "heading");
}).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-state"] });
new PerformanceObserver((list) => {
  for (const entry of list.getEntries())
    if (!__bench[entry.identifier + "At"]) __bench[entry.identifier + "At"] = entry.renderTime;
}).observe({ type: "element", buffered: true });
addEventListener("click", () => { __bench.actionAt = performance.now(); }, true);
addEventListener("keydown", (event) => {
  if (event.key === "Enter") __bench.actionAt = performance.now();
}, true);
"""


@dataclass
class Load:
    bytes: int  # every response body, worker scripts included
    requests: int
    python_bytes: int
    search_index_bytes: int  # the whole site's search index, fetched by the search worker
    search_worker_bytes: int  # the search worker's own script
    first_paint: float
    first_contentful_paint: float
    load_event: float


@dataclass
class ToolStart:
    question_visible: float | None  # None if the browser reported no paint for it
    heading_visible: float | None
    first_paint: float
    first_contentful_paint: float
    ready: float


@dataclass
class Results:
    guidance_page: str = ""
    ours: list[Load] = field(default_factory=list)
    stock: list[Load] = field(default_factory=list)
    bare_ready: dict[str, list[float]] = field(default_factory=dict)  # runtime -> ready times
    tools: dict[str, tuple[str, list[ToolStart]]] = field(default_factory=dict)
    answers: dict[str, list[float]] = field(default_factory=dict)
    python_on_plain_pages: dict[str, int] = field(default_factory=dict)
    python_on_tool_pages: dict[str, int] = field(default_factory=dict)


# --- Pages --------------------------------------------------------------------------------------


def longest_guidance_page() -> Path:
    """The Markdown page without a tool that has the most words."""
    candidates = [
        path
        for path in (ROOT / "docs").rglob("*.md")
        if "_data" not in path.parts and not re.search(r"^wizard:", path.read_text(encoding="utf-8"), re.M)
    ]
    return max(candidates, key=lambda path: len(path.read_text(encoding="utf-8").split()))


def html_name(markdown: Path) -> str:
    return markdown.relative_to(ROOT / "docs").with_suffix(".html").as_posix()


class AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml, ignoring its !ENV and !!python tags."""


AnyTagLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
AnyTagLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def build_stock_site(markdown: Path, folder: Path) -> Path:
    """A stock Material site whose only page is ``markdown``, rendered with our Markdown extensions."""
    ours = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=AnyTagLoader)
    config = {
        "site_name": ours["site_name"],
        "theme": {"name": "material", "font": False},
        "markdown_extensions": ours.get("markdown_extensions", []),
    }
    (folder / "docs").mkdir(parents=True)
    (folder / "docs" / "index.md").write_text(markdown.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(folder / "site")],
        cwd=folder,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=True,
        capture_output=True,  # it warns about the page's links to pages it does not have
    )
    return folder / "site"


# --- Measuring -------------------------------------------------------------------------------------


def paint(page: Any, name: str) -> float:
    value: float = page.evaluate("(name) => performance.getEntriesByName(name)[0]?.startTime ?? -1", name)
    return value


def body_bytes(request: Any) -> int:
    """The response body's size. The browser reports 0 for a worker's own script (the theme's
    search worker, our Python worker), so then the response's Content-Length is used."""
    size: int = request.sizes()["responseBodySize"]
    response = request.response()
    if size == 0 and response is not None and response.status == 200:
        size = int(response.headers.get("content-length", 0))
    return size


def load_page(browser: Any, url: str, until_ready: Callable[[Any], None] | None = None) -> tuple[Load, Any]:
    """Load ``url`` cold; returns its numbers and the still-open page (close its context after)."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(script=PROBE)
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(url, wait_until="load")
    if until_ready:
        until_ready(page)
    page.wait_for_load_state("networkidle")
    sizes = [(request.url, body_bytes(request)) for request in finished]
    load = Load(
        bytes=sum(size for _, size in sizes),
        requests=len(sizes),
        python_bytes=sum(size for url, size in sizes if any(part in url for part in PYTHON_FILES)),
        search_index_bytes=sum(size for url, size in sizes if "/search/search_index" in url),
        search_worker_bytes=sum(size for url, size in sizes if "/workers/search" in url),
        first_paint=paint(page, "first-paint"),
        first_contentful_paint=paint(page, "first-contentful-paint"),
        load_event=page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd"),
    )
    return load, page


def measure_guidance(
    browser: Any, results: Results, site: Server_, stock: Server_, page: str, runs: int
) -> None:
    for _ in range(runs):
        for server, path, into in ((site, page, results.ours), (stock, "index.html", results.stock)):
            load, opened = load_page(browser, server.url(path))
            into.append(load)
            opened.context.close()


def measure_tools(browser: Any, results: Results, site: Server_, root: Path, runs: int, answers: int) -> None:
    for name, path in sorted(wizard_pages(root).items()):
        starts: list[ToolStart] = []
        for run in range(runs):
            load, page = load_page(
                browser, site.url(path), lambda page, name=name: wait_until_ready(page, name, 180_000)
            )
            probe = page.evaluate("() => window.__bench")
            starts.append(
                ToolStart(
                    probe.get("questionAt"),
                    probe.get("headingAt"),
                    load.first_paint,
                    load.first_contentful_paint,
                    probe["readyAt"],
                )
            )
            if run == 0:
                results.python_on_tool_pages[name] = load.python_bytes
                results.answers[name] = time_answers(page, name, answers)
            page.context.close()
        results.tools[name] = (path, starts)


def time_answers(page: Any, name: str, repeats: int) -> list[float]:
    """Play every declared state ``repeats`` times; time each press or link from the click to the
    new view being in place."""
    times: list[float] = []
    for _ in range(repeats):
        for state in WIZARD_STATES.get(name, ()):
            show_address(page, name, state.query)
            for step in state.steps:
                perform(page, name, step)
                if step.action in ("press", "follow"):
                    probe = page.evaluate("() => window.__bench")
                    times.append(probe["swappedAt"] - probe["actionAt"])
    return times


#: The bare pages measured (bench/startup.py's variants): runtime -> address.
BARE_PAGES = {"stock": "bare.html?runtime=stock", "precompiled": "bare.html?runtime=precompiled"}


def measure_bare(browser: Any, results: Results, bare: Server_, runs: int) -> None:
    for _ in range(runs):
        for runtime, address in BARE_PAGES.items():
            context = browser.new_context()
            page = context.new_page()
            page.goto(bare.url(address))
            page.wait_for_function(BARE_READY, timeout=180_000)
            failure = page.evaluate("() => window.failure")
            if failure:
                raise RuntimeError(f"{address}: {failure}")
            results.bare_ready.setdefault(runtime, []).append(page.evaluate("() => window.readyAt"))
            context.close()


def measure_plain_pages(browser: Any, results: Results, site: Server_, root: Path) -> None:
    for path in site_pages(root):
        if not wizards_in(root, path):
            load, page = load_page(browser, site.url(path))
            results.python_on_plain_pages[path] = load.python_bytes
            page.context.close()


# --- The report -------------------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def painted(values: list[float | None]) -> str:
    """The median of the paint times the browser reported."""
    return ms(median([value for value in values if value is not None]))


def ms(value: float) -> str:
    return f"{value:,.0f} ms"


def kb(value: float) -> str:
    return f"{value / 1024:,.0f} KB"


def spread(values: list[float]) -> str:
    return ", ".join(f"{value:,.0f}" for value in values)


def machine(browser_version: str) -> str:
    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        cpu = found.group(1).strip() if found else cpu
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30 if hasattr(os, "sysconf") else 0
    return (
        f"{platform.system()} {platform.machine()}, {cpu}, {os.cpu_count()} cores (shared with other "
        f"work), {memory:.0f} GiB memory; headless Chromium {browser_version}; "
        f"Python {platform.python_version()}"
    )


def report(results: Results, about: str, runs: int, answers: int) -> str:
    ours, stock = results.ours, results.stock
    rows = [
        ("Bytes transferred", kb(median([x.bytes for x in ours])), kb(median([x.bytes for x in stock]))),
        (
            "of which the search index (every page's text)",
            kb(median([x.search_index_bytes for x in ours])),
            kb(median([x.search_index_bytes for x in stock])),
        ),
        (
            "of which the search worker's script",
            kb(median([x.search_worker_bytes for x in ours])),
            kb(median([x.search_worker_bytes for x in stock])),
        ),
        (
            "Requests",
            f"{median([x.requests for x in ours]):.0f}",
            f"{median([x.requests for x in stock]):.0f}",
        ),
        (
            "First contentful paint",
            ms(median([x.first_contentful_paint for x in ours])),
            ms(median([x.first_contentful_paint for x in stock])),
        ),
        ("Load event", ms(median([x.load_event for x in ours])), ms(median([x.load_event for x in stock]))),
    ]
    lines = [
        "# Quality benchmarks",
        "",
        f"Written by `bench/quality.py` on {datetime.datetime.now(datetime.UTC):%d %B %Y %H:%M} UTC;",
        "regenerate with `.venv/bin/python bench/quality.py`.",
        "",
        f"- Machine: {about}.",
        "- Each page load is cold (a fresh browser context, nothing cached) from a local server on",
        "  127.0.0.1, so network time is near zero: the numbers show the work the browser does. On a",
        "  slow connection the Python runtime (its size is in the last section) adds its download",
        "  time to the tool start-up.",
        f"- Medians of {runs} runs; the runs themselves are listed where they vary most.",
        "",
        "## A guidance page against a stock Material page",
        "",
        f"`{results.guidance_page}` (the longest page without a tool) against the same Markdown built",
        "by Material for MkDocs with its default settings (plus `font: false`, so that it too stays",
        "on this machine, and our Markdown extensions, so the text renders the same).",
        "",
        "| | this site | stock Material |",
        "|---|---:|---:|",
        *(f"| {name} | {a} | {b} |" for name, a, b in rows),
        "",
        f"Load event, all runs (ms): this site [{spread([x.load_event for x in ours])}], "
        f"stock [{spread([x.load_event for x in stock])}].",
        "",
        "## Tool pages: the first question is on screen with the page",
        "",
        "The first view of each tool is in the page as built, so it appears with the page's first",
        "paint, before Python has started. The first paint is the site's header; the article (its",
        "heading, then the tool) follows as the page is parsed. Paint times of the page's heading and",
        "of the tool's first legend, label, heading or button come from the Element Timing API.",
        "",
        "| tool | page | first paint | first contentful paint | page heading painted "
        "| first question painted |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, (path, starts) in sorted(results.tools.items()):
        lines.append(
            f"| {name} | `{path}` | {ms(median([s.first_paint for s in starts]))} | "
            f"{ms(median([s.first_contentful_paint for s in starts]))} | "
            f"{painted([s.heading_visible for s in starts])} | "
            f"{painted([s.question_visible for s in starts])} |"
        )
    stock, precompiled = (median(results.bare_ready[runtime]) for runtime in BARE_PAGES)
    lines += [
        "",
        "## Tool pages: time until the tool is ready",
        "",
        "From navigation until Python has started in the worker and loaded our package (the tool's",
        "`data-state` becomes `ready`), against bare pages whose worker only starts Pyodide",
        "(bench/startup.py): with the stock runtime, and with the precompiled one the site ships.",
        "",
        "| | ready | runs (ms) | against bare stock | against bare precompiled |",
        "|---|---:|---|---:|---:|",
    ]
    for runtime in BARE_PAGES:
        ready = results.bare_ready[runtime]
        lines.append(
            f"| bare Pyodide page, {runtime} runtime | {ms(median(ready))} | {spread(ready)} "
            f"| {median(ready) / stock:.2f} | {median(ready) / precompiled:.2f} |"
        )
    for name, (_, starts) in sorted(results.tools.items()):
        ready = [s.ready for s in starts]
        lines.append(
            f"| {name} | {ms(median(ready))} | {spread(ready)} | {median(ready) / stock:.2f} "
            f"| {median(ready) / precompiled:.2f} |"
        )
    lines += [
        "",
        "## Time per answer once a tool is ready",
        "",
        "Every press of a button or link in every state tests/browser/wizard_states.py declares,",
        f"played {answers} times: from the click to the new view in place (Python's work, the",
        "worker round trip and the page update).",
        "",
        "| tool | answers timed | median | fastest | slowest |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, times in sorted(results.answers.items()):
        lines.append(
            f"| {name} | {len(times)} | {ms(median(times))} | {ms(min(times))} | {ms(max(times))} |"
            if times
            else f"| {name} | 0 | | | |"
        )
    python_total = sum(results.python_on_plain_pages.values())
    lines += [
        "",
        "## Python on pages without a tool",
        "",
        f"{len(results.python_on_plain_pages)} pages without a tool loaded {python_total:,} bytes of the",
        "Pyodide runtime or our package in total (it must be zero; tests/browser/test_privacy.py also",
        "checks it). For comparison, a tool page loads "
        + ", ".join(f"{kb(size)} ({name})" for name, size in sorted(results.python_on_tool_pages.items()))
        + " of them on a first visit.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="cold loads per page (default 5)")
    parser.add_argument("--answers", type=int, default=10, help="times each tool state is replayed")
    parser.add_argument("--site", type=Path, help="a site built already (default: build one now)")
    parser.add_argument("--report", type=Path, default=ROOT / "bench" / "REPORT.md")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    results = Results()
    guidance = longest_guidance_page()
    results.guidance_page = html_name(guidance)
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        site = args.site or build_site(scratch / "site")
        stock = build_stock_site(guidance, scratch / "stock")
        bare = make_bench_root(scratch / "bare", snapshot=False)
        servers = [serve(folder) for folder in (site, stock, bare)]
        site_server, stock_server, bare_server = servers
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            measure_guidance(browser, results, site_server, stock_server, results.guidance_page, args.runs)
            measure_plain_pages(browser, results, site_server, site)
            measure_bare(browser, results, bare_server, args.runs)
            measure_tools(browser, results, site_server, site, args.runs, args.answers)
            about = machine(browser.version)
            browser.close()
        for server in servers:
            server.httpd.shutdown()
    text = report(results, about, args.runs, args.answers)
    args.report.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
