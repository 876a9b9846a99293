"""Benchmark: how long the triage wizard takes to answer, in CPython and in Pyodide (under Node).

Prints the median time for the calls a person makes: the first question, answering a question,
and showing an outcome (with its decision record), plus the time to walk and decide every path.

Usage: .venv/bin/python bench/triage.py [--runs 50] [--no-pyodide]
Not a test: it prints numbers and never fails on a timing.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

CODE = """
import json, statistics, time
import wizard.web as w
from wizard.triage.tool import flow
from wizard.flow.engine import all_paths, decide

def timed(payload, runs):
    text = json.dumps(payload)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        w.handle(text)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)

runs = RUNS
outcome = ("v=2&purpose=outreach&detail=identifiable&holder=dwp&recipient=own_council"
           "&informed=neither&special=no")
start = time.perf_counter()
flow()
load_ms = (time.perf_counter() - start) * 1000
result = {
    "load the flow (first call only)": load_ms,
    "first question": timed({"wizard": "triage"}, runs),
    "answer a question": timed({"wizard": "triage", "action": "answer", "query": "v=2&purpose=outreach",
                                 "form": {"detail": ["identifiable"]}}, runs),
    "show an outcome and its record": timed({"wizard": "triage", "query": outcome,
                                             "context": {"page": "https://example.org/t.html"}}, runs),
}
start = time.perf_counter()
paths = list(all_paths(flow()))
for path in paths:
    decide(flow(), path.outcome, path.answers)
result[f"walk and decide all {len(paths)} paths"] = (time.perf_counter() - start) * 1000
json.dumps(result)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--no-pyodide", action="store_true", help="measure CPython only")
    args = parser.parse_args()
    code = CODE.replace("RUNS", str(args.runs))
    scope: dict[str, object] = {}
    exec(compile(code.rsplit("\n", 2)[0], "bench", "exec"), scope)
    columns = {"CPython": scope["result"]}
    if not args.no_pyodide:
        from tests.pyodide import run_in_pyodide
        from tools.wheel import build_package

        columns["Pyodide (Node)"] = json.loads(run_in_pyodide(build_package().wheel.parent, code))
    names = list(columns["CPython"])  # type: ignore[call-overload]
    print(f"{'milliseconds (median)':40}" + "".join(f"{name:>16}" for name in columns))
    for name in names:
        print(f"{name:40}" + "".join(f"{col[name]:16.1f}" for col in columns.values()))  # type: ignore[index]


if __name__ == "__main__":
    main()
