"""Benchmark: a tool page opened from disk (the offline copy) against the same page served online,
and how responsive the page stays while Python starts.

Prints, from one run in headless Chromium (median of several cold starts, each in a fresh browser
context):
  - the time from navigation to the tool being ready (data-state="ready");
  - the longest task on the page's main thread from navigation until then (the Long Tasks API
    reports every task over 50 ms): while one runs the page cannot respond to a click or a key.
    The theme's own scripts are among them (Material's bundle takes about 0.1 s here);
  - how many of those tasks took over 200 ms.
for:
  - hosted: served over http from 127.0.0.1, Python in a module worker;
  - offline: the unzipped offline copy opened from file://;
  - with ``--baseline-zip``: another offline copy (e.g. built from main) opened the same way.

Usage: .venv/bin/python bench/offline.py [--runs 5] [--page tools/check.html] [--zip PATH]
                                         [--baseline-zip PATH]
Builds both copies first (unless ``--zip`` is given, with SITE_DIR for the hosted site). Not a
test: it prints numbers and never fails on a timing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402
from tools import offline  # noqa: E402
from tools.site_build import build as build_site  # noqa: E402

READY = "() => document.querySelector('[data-wizard]').dataset.state === 'ready'"
#: Records every long task (over 50 ms) on the page's main thread: [start, duration] in ms.
LONG_TASKS = """
window.__longTasks = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__longTasks.push([entry.startTime, entry.duration]);
}).observe({ type: "longtask", buffered: true });
"""


def cold_start(browser: Any, url: str) -> tuple[float, float, int]:
    """(ms to ready, longest main-thread task until then in ms, tasks over 200 ms)."""
    context = browser.new_context()
    page = context.new_page()
    page.add_init_script(script=LONG_TASKS)
    page.goto(url)
    page.wait_for_function(READY, timeout=180_000)
    elapsed: float = page.evaluate("performance.now()")
    tasks: list[list[float]] = page.evaluate("window.__longTasks")
    context.close()
    durations = [duration for start, duration in tasks if start < elapsed]
    return elapsed, max(durations, default=0.0), sum(1 for duration in durations if duration > 200)


def unzip(zip_path: Path, folder: Path) -> Path:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    return next(folder.iterdir())


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", default="tools/check.html")
    parser.add_argument("--zip", type=Path, help="an offline copy built already")
    parser.add_argument("--baseline-zip", type=Path, help="another offline copy to compare (e.g. main's)")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        hosted = Path(os.environ["SITE_DIR"]) if args.zip and "SITE_DIR" in os.environ else None
        hosted = hosted or build_site(scratch / "hosted")
        zip_path = args.zip or offline.make_zip(
            offline.build_offline_site(scratch / "offline"), scratch / offline.ZIP_NAME
        )
        copies = {"offline (file://)": unzip(zip_path, scratch / "unzipped")}
        if args.baseline_zip:
            copies["baseline offline (file://)"] = unzip(args.baseline_zip, scratch / "baseline")
        server = serve(hosted)
        urls = {"hosted (http, worker)": server.url(args.page)}
        urls.update({label: (folder / args.page).as_uri() for label, folder in copies.items()})
        results: dict[str, list[tuple[float, float, int]]] = {label: [] for label in urls}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for _ in range(args.runs):  # interleaved, so a busy moment hits every copy alike
                for label, url in urls.items():
                    results[label].append(cold_start(browser, url))
            browser.close()
        server.httpd.shutdown()
        zip_mb = zip_path.stat().st_size / 1_000_000

    print(f"{args.page} in Chromium, {args.runs} cold starts each: median [all runs]")
    print(f"  offline zip: {zip_mb:.1f} MB")
    for label, runs in results.items():
        print(f"  {label}")
        rows = ((0, "ready", "ms"), (1, "longest main-thread task", "ms"), (2, "tasks over 200 ms", ""))
        for index, what, unit in rows:
            values = [run[index] for run in runs]
            print(f"    {what:26} {statistics.median(values):7.0f} {unit:2}  {[round(v) for v in values]}")


if __name__ == "__main__":
    main()
