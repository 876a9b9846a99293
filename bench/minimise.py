"""Benchmark: how long the field adviser takes to answer, and how long its links get.

Prints, for header rows of 10, 100, 300 and 1,000 fields (a realistic mix of known names and
unknown ones):
  - the time for one "Get advice" (read the paste, advise, render the page, write CSV and
    Markdown) through wizard.web.handle, in this Python and in Pyodide under Node (median of
    several runs, after one warm-up);
  - the size of the answer and the length of the page address that reproduces it.

Usage: .venv/bin/python bench/minimise.py [--runs 5] [--no-pyodide]
Not a test: it prints numbers and never fails on a timing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]

from wizard import web  # noqa: E402
from wizard.minimise.catalogue import catalogue  # noqa: E402

SIZES = (10, 100, 300, 1000)


def header(size: int) -> str:
    known = [name for field in catalogue().fields for name in (field.label, *field.synonyms)]
    names = [known[n % len(known)] if n % 3 else f"Survey question {n}" for n in range(size)]
    return "\t".join(names)


def request(size: int) -> str:
    return json.dumps(
        {
            "wizard": "minimise",
            "action": "submit",
            "form": {"purpose": ["research"], "fields": [header(size)]},
        }
    )


def time_here(size: int, runs: int) -> tuple[float, int, int]:
    text = request(size)
    web.handle(text)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        answer = web.handle(text)
        times.append(time.perf_counter() - start)
    decoded = json.loads(answer)
    return statistics.median(times) * 1000, len(answer), len(decoded["query"])


PYODIDE_CODE = """
import json, time, wizard.web as w
out = {}
for size, text in json.loads(%r):
    w.handle(text)
    times = []
    for _ in range(%d):
        start = time.perf_counter(); w.handle(text); times.append(time.perf_counter() - start)
    times.sort()
    out[size] = times[len(times) // 2] * 1000
json.dumps(out)
"""


def time_in_pyodide(runs: int) -> dict[str, float]:
    from tests.pyodide import run_in_pyodide
    from tools.wheel import build_package

    package_dir = build_package().wheel.parent
    payload = json.dumps([[size, request(size)] for size in SIZES])
    result: dict[str, float] = json.loads(run_in_pyodide(package_dir, PYODIDE_CODE % (payload, runs)))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-pyodide", action="store_true")
    args = parser.parse_args()
    pyodide = {} if args.no_pyodide else time_in_pyodide(args.runs)
    print(f"{'fields':>7} {'CPython ms':>11} {'Pyodide ms':>11} {'answer KB':>10} {'address chars':>14}")
    for size in SIZES:
        here, answer, address = time_here(size, args.runs)
        there = pyodide.get(str(size))
        there_text = f"{there:11.1f}" if there is not None else f"{'-':>11}"
        print(f"{size:>7} {here:11.1f} {there_text} {answer / 1024:10.1f} {address:>14}")


if __name__ == "__main__":
    main()
