"""Benchmark: how fast the rounding tool is on large tables.

Prints, from one run (median of several repeats):
  - command line: ``python -m wizard round`` on a 1,000,000-cell CSV (1,000 rows of 1,000 cells),
    against plainly reading the same file with Python's csv module, in this same run; and the
    same rounding in this process, step by step (so start-up time can be told apart);
  - browser: a 100,000-cell table (1,000 rows of 100 cells) pasted into the "Round MI tables"
    page in headless Chromium, from pressing the button until the rounded table is on screen,
    after Python is ready; then a 1,000-cell .xlsx workbook uploaded twice (the first time loads
    openpyxl from the site, the second does not).

Usage: .venv/bin/python bench/rounding.py [--runs 3] [--site DIR] [--no-browser]
Not a test: it prints numbers and never fails on a timing.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))


def make_table(rows: int, columns: int, separator: str = ",", seed: int = 21) -> str:
    """A table of counts like real MI (mostly small, some large), with a label column."""
    rng = random.Random(seed)
    lines = [separator.join(["Area", *(f"Month {c + 1}" for c in range(columns - 1))])]
    for r in range(rows - 1):
        figures = (str(int(rng.paretovariate(1.2) * 5) - 5) for _ in range(columns - 1))
        lines.append(separator.join([f"Area {r + 1}", *figures]))
    return "\r\n".join(lines) + "\r\n"


def workbook(rows: int, columns: int, seed: int = 21) -> bytes:
    """An .xlsx workbook of the same kind of table (made with openpyxl, as a provider's would be)."""
    import io

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in make_table(rows, columns, seed=seed).split("\r\n"):
        if line:
            cells = line.split(",")
            sheet.append([cells[0], *(int(cell) if cell.isdigit() else cell for cell in cells[1:])])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def timed(action: Callable[[], object], runs: int) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times), times


def command_line(runs: int) -> None:
    from wizard.rounding.count_table import to_count_table
    from wizard.rounding.parameters import UNSPECIFIED
    from wizard.rounding.report import prepare
    from wizard.tables.output import write_csv
    from wizard.tables.read import read_grid

    text = make_table(1001, 1000)  # a heading row and a label column around 1,000,000 figures
    data = text.encode()
    with tempfile.TemporaryDirectory() as scratch:
        source = Path(scratch) / "big.csv"
        target = Path(scratch) / "out.csv"
        source.write_bytes(data)

        def plain_csv() -> None:
            with source.open(newline="", encoding="utf-8") as stream:
                for _ in csv.reader(stream):
                    pass

        def cli() -> None:
            subprocess.run(
                [sys.executable, "-m", "wizard", "round", str(source), "--output", str(target), "--quiet"],
                check=True,
                cwd=ROOT,
            )

        csv_time, csv_times = timed(plain_csv, runs)
        cli_time, cli_times = timed(cli, runs)
        startup, _ = timed(
            lambda: subprocess.run(
                [sys.executable, "-m", "wizard", "--version"], check=True, capture_output=True
            ),
            runs,
        )

    steps: dict[str, list[float]] = {"read": [], "check counts": [], "round and explain": [], "write CSV": []}
    for _ in range(runs):
        started = time.perf_counter()
        grid = read_grid(data, "big.csv")
        read_at = time.perf_counter()
        table = to_count_table(grid)
        checked_at = time.perf_counter()
        report = prepare(table, UNSPECIFIED, 20)
        rounded_at = time.perf_counter()
        write_csv(report.output, report.shared_notes)
        written_at = time.perf_counter()
        steps["read"].append(read_at - started)
        steps["check counts"].append(checked_at - read_at)
        steps["round and explain"].append(rounded_at - checked_at)
        steps["write CSV"].append(written_at - rounded_at)

    print(f"Command line, 1,000,000-cell CSV ({len(data) / 1e6:.1f} MB), {runs} runs, median (all runs in s)")
    print(f"  plain csv.reader over the file:   {csv_time:6.2f} s  {[round(t, 2) for t in csv_times]}")
    print(f"  python -m wizard round (whole):   {cli_time:6.2f} s  {[round(t, 2) for t in cli_times]}")
    print(f"  ratio (round / plain read):       {cli_time / csv_time:6.1f}")
    print(f"  of which Python start-up:         {startup:6.2f} s")
    for name, values in steps.items():
        print(f"  in-process step, {name + ':':<18} {statistics.median(values):6.2f} s")


def browser(runs: int, site: Path | None) -> None:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_ARGS, chromium_path, serve

    table = make_table(1000, 100, separator="\t")  # 100,000 cells, as pasted from Excel
    with tempfile.TemporaryDirectory() as scratch:
        if site is None:
            site = Path(scratch) / "site"
            subprocess.run(
                [sys.executable, "-m", "mkdocs", "build", "--quiet", "--site-dir", str(site)],
                cwd=ROOT,
                check=True,
            )
        server = serve(site)
        ready_ms: list[float] = []
        answer_ms: list[float] = []
        first_book_ms: list[float] = []
        second_book_ms: list[float] = []
        book = workbook(100, 10)
        with sync_playwright() as playwright:
            instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
            for _ in range(runs):
                context = instance.new_context()
                page = context.new_page()
                page.goto(server.url("tools/rounding.html"))
                # A function, not a string: the page's Content-Security-Policy forbids evaluating strings.
                page.wait_for_function(
                    "() => document.querySelector('[data-wizard=rounding]').dataset.state === 'ready'",
                    timeout=120_000,
                )
                ready_ms.append(page.evaluate("() => performance.now()"))
                page.get_by_label("Job starts").check()
                page.get_by_label("Restart Scheme").check()
                page.evaluate("text => { document.getElementById('round-table').value = text; }", table)
                started = page.evaluate("() => performance.now()")
                page.get_by_role("button", name="Round the table").click()
                page.get_by_role("heading", name="Your rounded table").wait_for(timeout=120_000)
                answer_ms.append(page.evaluate("() => performance.now()") - started)
                # A workbook: the first loads openpyxl (fetched, hash-checked, installed), the second not.
                for times in (first_book_ms, second_book_ms):
                    page.evaluate("() => history.pushState({}, '', location.pathname)")
                    page.evaluate("() => dispatchEvent(new PopStateEvent('popstate', { state: {} }))")
                    page.get_by_label("Job starts").wait_for()
                    page.get_by_label("Job starts").check()
                    page.get_by_label("Restart Scheme").check()
                    page.get_by_label("Or choose a file").set_input_files(
                        {"name": "mi.xlsx", "mimeType": "application/octet-stream", "buffer": book}
                    )
                    started = page.evaluate("() => performance.now()")
                    page.get_by_role("button", name="Round the table").click()
                    page.get_by_role("heading", name="Your rounded table").wait_for(timeout=120_000)
                    times.append(page.evaluate("() => performance.now()") - started)
                context.close()
            instance.close()
        server.httpd.shutdown()
    print(f"Browser (Chromium), 100,000-cell pasted table, {runs} runs, median (all runs in ms)")
    for name, values in (
        ("Python ready after page load:", ready_ms),
        ("press Round to table on screen:", answer_ms),
        ("1,000-cell .xlsx, loading openpyxl:", first_book_ms),
        ("the same .xlsx again (loaded):", second_book_ms),
    ):
        print(f"  {name:<34}{statistics.median(values):7.0f} ms  {[round(v) for v in values]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", type=Path, help="a site built already (default: build one now)")
    parser.add_argument("--no-browser", action="store_true", help="only the command-line figures")
    args = parser.parse_args()
    command_line(args.runs)
    if not args.no_browser:
        browser(args.runs, args.site)


if __name__ == "__main__":
    main()
