"""Benchmark: start-up of Pyodide and of our tool pages, in one run.

Prints:

1. Bytes a visitor downloads, raw and as a static host sends them (gzip -6 for JavaScript, wasm
   and JSON; zips and wheels as they are, already deflated), plus brotli (q11) for reference:
   the stock runtime, the precompiled one, our wheel (source and bytecode), and the snapshot.
2. Node: cold ``loadPyodide()`` and time to our first answer, stock vs precompiled vs snapshot
   (a fresh ``node`` process per run).
3. Chromium (headless, Debian's chromium), several cold starts each, every one in a fresh
   browser context (empty cache), on 127.0.0.1 and, with ``--mbit``, with the network throttled
   through the DevTools protocol (``Network.emulateNetworkConditions``). Every time is from
   navigation, and is also given as a ratio to the bare stock page of the same run:
     - bare stock / bare precompiled: a page whose worker only calls loadPyodide() and runs
       ``1 + 1`` (bare stock is the yardstick: "goal <= 0.6" is measured against it);
     - + wheel: the worker also installs our wheel and answers ``{"wizard": "check"}``: with
       ``loadPackage("wizard")`` (stock runtime + .py wheel; precompiled + .pyc wheel), or with
       the site's start-up routine (wizard-python.js: the wheel fetched beside the runtime,
       checked with Web Crypto, unpacked without an installer);
     - snapshot (spike, ``--snapshot``): it starts from a memory snapshot made at build time in
       Node with every tool imported (``_loadSnapshot``), then answers the same request;
     - our site (unless ``--no-site``), and with ``--baseline-site DIR`` the same pages of a site
       built from another commit (e.g. main: "today"), served the same way:
         * check page, tool ready (``data-state="ready"``);
         * check page, first answer: "Run the check" is pressed as soon as the page has loaded,
           and the time is when the result is on screen;
         * triage page opened from a shared link (every answer in the address): its result
           on screen.
   The server sends HTML, CSS, JavaScript, JSON and wasm gzip-compressed, as a static host would.
4. Bytes each site's check page transfers on a cold visit, as that server sends them, counted
   by the server (so worker scripts, which the browser's own accounting leaves out, count too):
   the page (HTML, CSS, the theme's scripts, the search worker and its index) and Python (the
   runtime, our package and our scripts).

Usage: .venv/bin/python bench/startup.py [--runs 5] [--mbit 10 --throttled-runs 3] [--snapshot]
                                         [--site DIR | --no-site] [--baseline-site DIR]
                                         [--node-runs 5]
Not a test: it prints numbers and never fails on a timing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM_ARGS, Server, SiteHandler, chromium_path  # noqa: E402
from tests.browser.wizard_states import shared_link_query  # noqa: E402
from tools.bytecode import precompiled_stdlib  # noqa: E402
from tools.pyodide_runtime import HOSTED_FILES, package_dir  # noqa: E402
from tools.site_build import build  # noqa: E402
from tools.wheel import BuiltPackage, build_package  # noqa: E402

NODE_DIR = ROOT / "bench" / "node"
STARTUP_ROUTINE = ROOT / "docs" / "assets" / "wizard" / "wizard-python.js"

BARE_WORKER = """
self.onerror = (event) => self.postMessage("error: " + event.message);
const params = new URL(self.location.href).searchParams;
const indexURL = new URL(params.get("runtime") + "/", self.location.href).href;
const packages = params.get("package");
const snapshot = params.get("snapshot");
// (A bare page still needs a lock file: it gets ours, 0.5 kB, and loads nothing from it.)
const lockDir = new URL((packages || "wheel") + "/", self.location.href).href;
const check = JSON.stringify({ wizard: "check" });

async function start(loadPyodide) {
  if (params.get("install") === "routine") {
    // The site's start-up routine: our wheel fetched beside the runtime, checked, unpacked.
    await import("./wizard-python.js");
    const lock = fetch(lockDir + "pyodide-lock.json").then((response) => response.json());
    const wheel = (entry) => fetch(lockDir + entry.file_name).then((response) => response.arrayBuffer());
    const runtime = { indexURL, packageBaseUrl: lockDir };
    const python = await self.startWizardPython(loadPyodide, runtime, { lock, wheel });
    python.handle(check);
    return;
  }
  const options = { indexURL, stdout: () => {}, packageBaseUrl: lockDir };
  options.lockFileURL = lockDir + "pyodide-lock.json";
  if (snapshot) options._loadSnapshot = fetch(snapshot).then((response) => response.arrayBuffer());
  const py = await loadPyodide(options);
  if (!packages) {
    py.runPython("1 + 1");
  } else {
    // From a snapshot the package is already imported (its files are not on the file system).
    if (!snapshot) await py.loadPackage("wizard", { messageCallback: () => {} });
    py.pyimport("wizard.web").handle(check);
  }
}

try {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  await start(loadPyodide);
  self.postMessage("ready");
} catch (error) {
  self.postMessage("error: " + String((error && error.message) || error));
}
"""

BARE_PAGE = """<!doctype html><html lang="en"><title>bare</title><body><p id="out">loading</p>
<script type="module">
const worker = new Worker("bare-worker.mjs" + location.search, { type: "module" });
worker.onmessage = (event) => {
  document.getElementById("out").textContent = event.data;
  if (event.data === "ready") window.readyAt = performance.now();
  else window.failure = event.data;
};
worker.onerror = (event) => { window.failure = "worker: " + event.message; };
</script></body></html>"""

BARE_READY = "() => window.readyAt !== undefined || window.failure !== undefined"
#: What a static host typically compresses on the fly (by type); zips and wheels are sent as they are.
COMPRESSED = {".mjs", ".js", ".wasm", ".json", ".html", ".css", ".svg", ".bin"}


@dataclass(frozen=True)
class Variant:
    label: str
    query: str


VARIANTS = [
    Variant("bare, stock runtime", "runtime=stock"),
    Variant("bare, precompiled runtime", "runtime=precompiled"),
    Variant("stock runtime + .py wheel, first answer", "runtime=stock&package=wheel-source"),
    Variant("precompiled + .pyc wheel, first answer", "runtime=precompiled&package=wheel"),
    Variant(
        "the same, through the site's start-up routine",
        "runtime=precompiled&package=wheel&install=routine",
    ),
]
SNAPSHOT = Variant(
    "snapshot (spike), first answer", "runtime=precompiled&package=wheel&snapshot=snapshot.bin"
)


class GzipHandler(SiteHandler):
    """Sends compressible files gzip-encoded (level 6, as static hosts commonly do), and notes
    what it sent: (path, bytes of the body as sent) in ``sent``."""

    cache: dict[str, bytes] = {}  # noqa: RUF012 (shared on purpose: compress each file once)
    sent: list[tuple[str, int]] = []  # noqa: RUF012 (shared on purpose: one log per server process)

    def do_GET(self) -> None:
        path = Path(self.translate_path(self.path))
        if (
            path.suffix not in COMPRESSED
            or not path.is_file()
            or "gzip" not in self.headers.get("Accept-Encoding", "")
        ):
            if path.is_file():
                self.sent.append((self.path.split("?")[0], path.stat().st_size))
            super().do_GET()
            return
        body = self.cache.get(str(path))
        if body is None:
            body = self.cache[str(path)] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.sent.append((self.path.split("?")[0], len(body)))
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def serve_gzip(root: Path) -> Server:
    import http.server
    import threading

    handler = functools.partial(GzipHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return Server(root, f"http://127.0.0.1:{httpd.server_address[1]}", httpd)


# --- What is served ---------------------------------------------------------------------------------


def copy_package(built: BuiltPackage, target: Path) -> None:
    target.mkdir(parents=True)
    shutil.copyfile(built.wheel, target / built.wheel.name)
    (target / "pyodide-lock.json").write_text(json.dumps(built.lock), encoding="utf-8")


def make_snapshot(stdlib: Path, packages: Path, out: Path) -> Path:
    subprocess.run(
        ["node", str(NODE_DIR / "make_snapshot.mjs"), str(stdlib), str(packages), str(out)],
        check=True,
        capture_output=True,
        cwd=ROOT,
    )
    return out


def make_bench_root(folder: Path, snapshot: bool) -> Path:
    """stock/ and precompiled/ runtimes, wheel-source/ and wheel/ packages, the bare page and,
    with ``snapshot``, snapshot.bin."""
    for name, precompiled in (("stock", False), ("precompiled", True)):
        (folder / name).mkdir(parents=True)
        for file in HOSTED_FILES:
            source = precompiled_stdlib() if precompiled and file == "python_stdlib.zip" else None
            shutil.copyfile(source or package_dir() / file, folder / name / file)
    copy_package(build_package(precompiled=False), folder / "wheel-source")
    copy_package(build_package(), folder / "wheel")
    shutil.copyfile(STARTUP_ROUTINE, folder / STARTUP_ROUTINE.name)
    if snapshot:
        make_snapshot(folder / "precompiled" / "python_stdlib.zip", folder / "wheel", folder / "snapshot.bin")
    (folder / "bare-worker.mjs").write_text(BARE_WORKER)
    (folder / "bare.html").write_text(BARE_PAGE)
    return folder


@functools.cache
def brotli_size(path: Path) -> int:
    script = (
        "const z=require('zlib'),fs=require('fs');"
        "process.stdout.write(String(z.brotliCompressSync(fs.readFileSync(process.argv[1]),"
        "{params:{[z.constants.BROTLI_PARAM_QUALITY]:11,"
        "[z.constants.BROTLI_PARAM_LGWIN]:24}}).length))"
    )
    return int(subprocess.run(["node", "-e", script, str(path)], capture_output=True, check=True).stdout)


@functools.cache
def sent_size(path: Path) -> int:
    if path.suffix in COMPRESSED:
        return len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
    return path.stat().st_size


def print_bytes(root: Path, snapshot: bool) -> None:
    groups = {
        "stock runtime": [root / "stock" / name for name in HOSTED_FILES],
        "precompiled runtime": [root / "precompiled" / name for name in HOSTED_FILES],
        ".py wheel + lock": sorted((root / "wheel-source").iterdir()),
        ".pyc wheel + lock": sorted((root / "wheel").iterdir()),
    }
    if snapshot:
        groups["snapshot"] = [root / "snapshot.bin"]
    print("Bytes (MB = 1,000,000 bytes): raw, as sent (gzip -6 for js/wasm/json/bin), brotli q11")
    totals: dict[str, int] = {}
    for group, files in groups.items():
        raw = sum(path.stat().st_size for path in files)
        sent = sum(sent_size(path) for path in files)
        brotli = sum(brotli_size(path) for path in files)
        totals[group] = sent
        print(f"  {group:24} {raw / 1e6:7.2f} raw  {sent / 1e6:6.2f} sent  {brotli / 1e6:6.2f} brotli")
        for path in files:
            print(
                f"    {path.name:36} {path.stat().st_size / 1e6:7.2f}  {sent_size(path) / 1e6:6.2f}"
                f"  {brotli_size(path) / 1e6:6.2f}"
            )
    stock_visit = totals["stock runtime"] + totals[".py wheel + lock"]
    bytecode_visit = totals["precompiled runtime"] + totals[".pyc wheel + lock"]
    print("  a tool page's Python, as sent:")
    print(f"    stock runtime + .py wheel        {stock_visit / 1e6:6.2f} MB")
    print(f"    precompiled runtime + .pyc wheel {bytecode_visit / 1e6:6.2f} MB")
    if snapshot:
        print(f"    the same + snapshot              {(bytecode_visit + totals['snapshot']) / 1e6:6.2f} MB")


# --- Node ---------------------------------------------------------------------------------------------


def node_times(root: Path, runs: int, snapshot: bool) -> None:
    cases = [
        ("stock runtime: loadPyodide", ["-", "-", "-"]),
        ("precompiled runtime: loadPyodide", [str(root / "precompiled" / "python_stdlib.zip"), "-", "-"]),
        ("stock + .py wheel: first answer", ["-", str(root / "wheel-source"), "-"]),
        (
            "precompiled + .pyc wheel: first answer",
            [str(root / "precompiled" / "python_stdlib.zip"), str(root / "wheel"), "-"],
        ),
        (
            "the same, through the site's start-up routine",
            [str(root / "precompiled" / "python_stdlib.zip"), str(root / "wheel"), "-", "routine"],
        ),
    ]
    if snapshot:
        cases.append(
            (
                "snapshot: first answer",
                [
                    str(root / "precompiled" / "python_stdlib.zip"),
                    str(root / "wheel"),
                    str(root / "snapshot.bin"),
                ],
            )
        )
    print(
        f"Node {subprocess.run(['node', '--version'], capture_output=True, text=True).stdout.strip()}, "
        f"{runs} cold starts each (fresh process), median ms [all runs]"
    )
    for label, args in cases:
        times = []
        for _ in range(runs):
            result = subprocess.run(
                ["node", str(NODE_DIR / "load_time.mjs"), *args],
                capture_output=True,
                text=True,
                check=True,
                cwd=ROOT,
            )
            times.append(json.loads(result.stdout)["ready_ms"])
        print(f"  {label:42} {statistics.median(times):7.0f}  {[round(t) for t in times]}")


# --- Chromium -----------------------------------------------------------------------------------------


def new_page(browser: Any, mbit: float | None) -> Any:
    """A page in a fresh context (empty cache), its network throttled to ``mbit`` (and 40 ms)."""
    context = browser.new_context()
    page = context.new_page()
    if mbit:
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.send(
            "Network.emulateNetworkConditions",
            {
                "offline": False,
                "latency": 40,
                "downloadThroughput": mbit * 1_000_000 / 8,
                "uploadThroughput": mbit * 1_000_000 / 8,
            },
        )
    return page


def cold_start(browser: Any, url: str, ready: str, mbit: float | None) -> float:
    page = new_page(browser, mbit)
    page.goto(url)
    page.wait_for_function(ready, timeout=600_000)
    failure = page.evaluate("window.failure")
    if failure:
        raise RuntimeError(f"{url}: {failure}")
    value: float = page.evaluate("window.readyAt ?? performance.now()")
    page.context.close()
    return value


#: Notes, in the page, when its first tool becomes ready and when a result is first on screen.
SITE_PROBE = """
window.__times = {};
new MutationObserver(() => {
  const tool = document.querySelector("[data-wizard]");
  if (tool && tool.dataset.state === "ready" && !__times.ready) __times.ready = performance.now();
  if (tool && tool.dataset.state === "error") __times.failure = tool.firstElementChild.textContent;
  const outcome = document.querySelector("[data-wizard] [data-outcome]");
  if (outcome && outcome.offsetParent !== null && !__times.answer) __times.answer = performance.now();
}).observe(document, { subtree: true, childList: true, attributes: true });
"""
SITE_DONE = "() => window.__times && ('answer' in window.__times || 'failure' in window.__times)"
#: The triage page from a shared link: every answer in the address (tests/browser/wizard_states.py).
SHARED_TRIAGE = "tools/triage.html?" + shared_link_query("triage")


def site_times(browser: Any, server: Server, mbit: float | None) -> dict[str, float]:
    """One cold visit to the check page (pressing "Run the check" as soon as the page has loaded)
    and one to the triage page from a shared link; times from navigation."""
    times: dict[str, float] = {}
    page = new_page(browser, mbit)
    page.add_init_script(script=SITE_PROBE)
    page.goto(server.url("tools/check.html"), wait_until="load")
    page.get_by_role("button", name="Run the check").click()
    page.wait_for_function(SITE_DONE, timeout=600_000)
    probe = page.evaluate("window.__times")
    if "failure" in probe:
        raise RuntimeError(f"{server.url('tools/check.html')}: {probe['failure']}")
    times["check page: tool ready"] = probe["ready"]
    times["check page: first answer"] = probe["answer"]
    page.context.close()
    page = new_page(browser, mbit)
    page.add_init_script(script=SITE_PROBE)
    page.goto(server.url(SHARED_TRIAGE))
    page.wait_for_function(SITE_DONE, timeout=600_000)
    probe = page.evaluate("window.__times")
    if "failure" in probe:
        raise RuntimeError(f"{server.url(SHARED_TRIAGE)}: {probe['failure']}")
    times["triage, shared link: result"] = probe["answer"]
    page.context.close()
    return times


def site_bytes(browser: Any, server: Server) -> tuple[int, int]:
    """Bytes the check page transfers on a cold visit until its tool is ready and the network is
    quiet, as the server sent them: (the page's, Python's)."""
    GzipHandler.sent.clear()
    page = new_page(browser, None)
    page.add_init_script(script=SITE_PROBE)
    page.goto(server.url("tools/check.html"))
    page.wait_for_function("() => window.__times.ready !== undefined", timeout=600_000)
    page.wait_for_load_state("networkidle")
    page.context.close()
    python = sum(size for path, size in GzipHandler.sent if path.startswith(PYTHON_PATHS))
    page_bytes = sum(size for path, size in GzipHandler.sent if not path.startswith(PYTHON_PATHS))
    return page_bytes, python


#: Where a site keeps the Python runtime, our package and our scripts.
PYTHON_PATHS = ("/assets/pyodide/", "/assets/wizard/")


def report(label: str, values: list[float], base: float | None = None) -> float:
    median = statistics.median(values)
    ratio = f"  {median / base:5.2f}x" if base else "       "
    print(f"  {label:58} {median:7.0f}{ratio}  {[round(v) for v in values]}")
    return median


def chromium_times(args: argparse.Namespace, root: Path, sites: dict[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    variants = [*VARIANTS, *([SNAPSHOT] if args.snapshot else [])]
    bench_server = serve_gzip(root)
    site_servers = {label: serve_gzip(folder) for label, folder in sites.items()}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        print(
            f"Chromium {browser.version}, cold starts (fresh context each), median ms from navigation, "
            "x bare stock of the same run, [all runs]"
        )
        networks = [("127.0.0.1", None, args.runs)]
        if args.mbit:
            networks.append(
                (f"throttled to {args.mbit:g} Mbit/s, 40 ms latency", args.mbit, args.throttled_runs)
            )
        for network, mbit, runs in networks:
            print(f" {network}, {runs} runs:")
            times: dict[str, list[float]] = {variant.label: [] for variant in variants}
            for _ in range(runs):  # interleaved, so a busy moment hits every variant alike
                for variant in variants:
                    url = bench_server.url(f"bare.html?{variant.query}")
                    times[variant.label].append(cold_start(browser, url, BARE_READY, mbit))
                for label, server in site_servers.items():
                    for row, value in site_times(browser, server, mbit).items():
                        times.setdefault(f"{label}: {row}", []).append(value)
            base = statistics.median(times[VARIANTS[0].label])
            for label, values in times.items():
                report(label, values, base)
        if site_servers:
            print(" Bytes the check page transfers on a cold visit, as sent (KB = 1,000 bytes):")
            for label, server in site_servers.items():
                page_bytes, python = site_bytes(browser, server)
                print(
                    f"  {label:24} page {page_bytes / 1e3:8,.0f}  Python {python / 1e3:8,.0f}"
                    f"  total {(page_bytes + python) / 1e3:8,.0f}"
                )
        browser.close()
    bench_server.httpd.shutdown()
    for server in site_servers.values():
        server.httpd.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5, help="cold starts per variant on 127.0.0.1")
    parser.add_argument("--mbit", type=float, default=0, help="also throttled to this many Mbit/s (e.g. 10)")
    parser.add_argument("--throttled-runs", type=int, default=3)
    parser.add_argument("--node-runs", type=int, default=5)
    parser.add_argument("--snapshot", action="store_true", help="include the memory-snapshot spike")
    parser.add_argument("--site", type=Path, help="a site built already (default: build one now)")
    parser.add_argument("--no-site", action="store_true", help="skip our site's pages")
    parser.add_argument(
        "--baseline-site", type=Path, help="also a site built from another commit (e.g. main), as 'baseline'"
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        root = make_bench_root(Path(scratch) / "bench", args.snapshot)
        print_bytes(root, args.snapshot)
        print()
        node_times(root, args.node_runs, args.snapshot)
        print()
        sites: dict[str, Path] = {}
        if not args.no_site:
            sites["this build"] = args.site or build(Path(scratch) / "site")
        if args.baseline_site:
            sites["baseline"] = args.baseline_site
        chromium_times(args, root, sites)


if __name__ == "__main__":
    main()
