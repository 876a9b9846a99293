"""Benchmark: how much our loader and package add to a bare Pyodide start-up.

Prints, from one run in headless Chromium (median of several cold starts, each in a fresh browser
context so nothing is cached):
  - bare:  a page whose module worker only calls loadPyodide() (the same runtime files);
  - ours:  the "Check this browser" tool page until its worker is ready, and until it has
           answered its first call (the check's result is on screen);
  - the ratio of the two.

Usage: .venv/bin/python bench/startup.py [--runs 5] [--site DIR]
Not a test: it prints numbers and never fails on a timing.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402
from tools.site_build import build  # noqa: E402

BARE_WORKER = """
const indexURL = new URL("%s", self.location.href).href;
const { loadPyodide } = await import(indexURL + "pyodide.mjs");
const lockFileURL = new URL("site/assets/wizard/pyodide-lock.json", self.location.href).href;
const py = await loadPyodide({ indexURL, lockFileURL });
py.runPython("1 + 1");
self.postMessage("ready");
"""

BARE_PAGE = """<!doctype html><html lang="en"><title>bare</title><body><p id="out">loading</p>
<script type="module">
const worker = new Worker("bare-worker.mjs", { type: "module" });
worker.onmessage = () => {
  document.getElementById("out").textContent = "ready";
  window.readyAt = performance.now();
};
</script></body></html>"""


def make_bare_page(site: Path, folder: Path) -> Path:
    """A folder with bare.html, whose worker only loads the site's Pyodide runtime (a copy of the
    site sits beside it so the runtime files are the same). Serve it and wait for ``BARE_READY``."""
    runtime_dir = next((site / "assets" / "pyodide").iterdir())
    shutil.copytree(site, folder / "site")
    (folder / "bare-worker.mjs").write_text(BARE_WORKER % f"site/assets/pyodide/{runtime_dir.name}/")
    (folder / "bare.html").write_text(BARE_PAGE)
    return folder


BARE_READY = "() => window.readyAt !== undefined"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--site", type=Path, help="a site built already (default: build one now)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch:
        site = args.site or build(Path(scratch) / "site")
        bare_dir = make_bare_page(site, Path(scratch) / "bare")
        site_server, bare_server = serve(site), serve(bare_dir)
        bare_ms: list[float] = []
        ready_ms: list[float] = []
        first_call_ms: list[float] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for _ in range(args.runs):
                context = browser.new_context()
                page = context.new_page()
                page.goto(bare_server.url("bare.html"))
                page.wait_for_function(BARE_READY, timeout=120_000)
                bare_ms.append(page.evaluate("window.readyAt"))
                context.close()

                context = browser.new_context()
                page = context.new_page()
                page.goto(site_server.url("tools/check.html"))
                page.wait_for_function(
                    "() => document.querySelector('[data-wizard]').dataset.state === 'ready'", timeout=120_000
                )
                ready_ms.append(page.evaluate("performance.now()"))
                clicked = time.perf_counter()
                page.get_by_role("button", name="Run the check").click()
                page.locator("[data-outcome]").wait_for()
                first_call_ms.append(ready_ms[-1] + (time.perf_counter() - clicked) * 1000)
                context.close()
            browser.close()
        site_server.httpd.shutdown()
        bare_server.httpd.shutdown()

    bare, ready, first = (statistics.median(values) for values in (bare_ms, ready_ms, first_call_ms))
    print(f"Chromium, {args.runs} cold starts each, median (all runs in ms)")
    print(f"  bare Pyodide page ready:           {bare:7.0f} ms  {[round(v) for v in bare_ms]}")
    print(f"  our worker ready:                  {ready:7.0f} ms  {[round(v) for v in ready_ms]}")
    print(f"  our worker answered first call:    {first:7.0f} ms  {[round(v) for v in first_call_ms]}")
    print(f"  ratio (first answer / bare ready): {first / bare:7.2f}")


if __name__ == "__main__":
    main()
