"""Benchmark: a tool page opened from disk (the offline copy) against the same page served online.

Prints, from one run in headless Chromium (median of several cold starts, each in a fresh browser
context), the time from navigation to the tool being ready (data-state="ready"):
  - hosted: served over http from 127.0.0.1, Python in a module worker;
  - offline: the unzipped offline copy opened from file://, Python on the page from embedded files.

Usage: .venv/bin/python bench/offline.py [--runs 5] [--page tools/check.html]
Builds both copies first. Not a test: it prints numbers and never fails on a timing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, serve  # noqa: E402
from tools import offline  # noqa: E402
from tools.site_build import build as build_site  # noqa: E402

READY = "() => document.querySelector('[data-wizard]').dataset.state === 'ready'"


def time_to_ready(browser: object, url: str) -> float:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(READY, timeout=180_000)
    elapsed: float = page.evaluate("performance.now()")
    context.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", default="tools/check.html")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        hosted = build_site(scratch / "hosted")
        zip_path = offline.make_zip(
            offline.build_offline_site(scratch / "offline"), scratch / offline.ZIP_NAME
        )
        with zipfile.ZipFile(zip_path) as archive:
            archive.extractall(scratch / "unzipped")
        offline_root = next((scratch / "unzipped").iterdir())
        server = serve(hosted)
        hosted_ms: list[float] = []
        offline_ms: list[float] = []
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for _ in range(args.runs):
                hosted_ms.append(time_to_ready(browser, server.url(args.page)))
                offline_ms.append(time_to_ready(browser, (offline_root / args.page).as_uri()))
            browser.close()
        server.httpd.shutdown()
        zip_mb = zip_path.stat().st_size / 1_000_000

    hosted_median, offline_median = statistics.median(hosted_ms), statistics.median(offline_ms)
    print(f"{args.page}: time to ready in Chromium, {args.runs} cold starts each, median (all runs in ms)")
    print(f"  zip size:              {zip_mb:7.1f} MB")
    print(f"  hosted (http, worker): {hosted_median:7.0f} ms  {[round(v) for v in hosted_ms]}")
    print(f"  offline (file://):     {offline_median:7.0f} ms  {[round(v) for v in offline_ms]}")
    print(f"  ratio offline/hosted:  {offline_median / hosted_median:7.2f}")


if __name__ == "__main__":
    main()
