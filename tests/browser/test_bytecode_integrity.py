"""The precompiled runtime and bytecode wheel in Chromium, as the site ships them: the site's
start-up routine (docs/assets/wizard/wizard-python.js) starts Python, installs the wheel the lock
file names, and refuses it, with a plain message and no traceback, when its bytes do not match the
lock's sha256 (checked with the browser's Web Crypto before anything is unpacked).

A minimal page and worker of its own around that routine, so it needs no site build and can ask
Python where its modules came from.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import Server, serve
from tools.paths import DOCS
from tools.pyodide_runtime import copy_runtime, load_record, stdlib_file_name
from tools.wheel import copy_package

pytestmark = pytest.mark.browser

STARTUP = DOCS / "assets" / "wizard" / "wizard-python.js"

WORKER = """
import "./assets/wizard/wizard-python.js";
const indexURL = new URL("assets/pyodide/%s/", self.location.href).href;
const stdLibURL = indexURL + "%s";
const packageBaseUrl = new URL("assets/wizard/", self.location.href).href;
const errors = [];
console.warn = (...parts) => errors.push(parts.map(String).join(" "));
try {
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const { pyodide } = await self.startWizardPython(loadPyodide, { indexURL, stdLibURL, packageBaseUrl }, {
    lock: fetch(packageBaseUrl + "pyodide-lock.json").then((response) => response.json()),
    wheel: (entry) => fetch(packageBaseUrl + entry.file_name).then((response) => response.arrayBuffer()),
  });
  const result = pyodide.runPython(`
import json, sys, wizard.web as w
from wizard import registry
answers = {name: json.loads(w.handle(json.dumps({"wizard": name}))) for name in registry.names()}
json.dumps({"tools": [name for name, answer in answers.items() if answer["html"]],
            "stdlib_pyc": sys.modules["json"].__file__, "package_pyc": w.__file__})`);
  self.postMessage({ ok: true, result: JSON.parse(result), errors });
} catch (error) {
  self.postMessage({ ok: false, error: String((error && error.message) || error), errors });
}
"""

PAGE = """<!doctype html><html lang="en"><title>bytecode</title><body><script type="module">
const worker = new Worker("worker.mjs", { type: "module" });
worker.onmessage = (event) => { window.outcome = event.data; };
</script></body></html>"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("bytecode-site")
    copy_runtime(root)  # the precompiled standard library, under its content-addressed name
    copy_package(root)  # the bytecode wheel and the lock naming its sha256
    shutil.copyfile(STARTUP, root / "assets" / "wizard" / STARTUP.name)
    (root / "worker.mjs").write_text(WORKER % (load_record().version, stdlib_file_name()))
    (root / "index.html").write_text(PAGE)
    running = serve(root)
    yield running
    running.httpd.shutdown()


def flip_last_byte(body: bytes) -> bytes:
    return body[:-1] + bytes([body[-1] ^ 0xFF])


def outcome(browser: Any, server: Server, change: Callable[[bytes], bytes] | None = None) -> dict[str, Any]:
    """Start Python in the page's worker; ``change`` rewrites the wheel's bytes on the way."""
    context = browser.new_context()
    page = context.new_page()
    wheels: list[str] = []

    def rewrite(route: Any) -> None:
        assert change is not None
        route.fulfill(body=change(route.fetch().body()), content_type="application/zip")

    if change is not None:
        page.route("**/*.whl", rewrite)
    page.on("request", lambda request: request.url.endswith(".whl") and wheels.append(request.url))
    page.goto(server.url("index.html"))
    page.wait_for_function("() => window.outcome !== undefined", timeout=120_000)
    result: dict[str, Any] = page.evaluate("window.outcome")
    context.close()
    result["wheels"] = wheels
    return result


def test_precompiled_runtime_loads_the_bytecode_wheel(browser: Any, server: Server) -> None:
    result = outcome(browser, server)
    assert result["ok"], result
    assert result["errors"] == []
    assert result["result"]["tools"], "no tool answered"
    assert result["result"]["stdlib_pyc"].endswith("/json/__init__.pyc")
    assert result["result"]["package_pyc"].endswith("/wizard/web.pyc")
    assert any(Path(url).name.startswith("wizard-") and "-cp3" in url for url in result["wheels"])


def test_tampered_bytecode_wheel_is_refused_with_a_plain_message(browser: Any, server: Server) -> None:
    # Control: the same interception handing over the wheel unchanged installs it.
    assert outcome(browser, server, change=lambda body: body)["ok"]
    result = outcome(browser, server, change=flip_last_byte)
    assert result["wheels"], "the wheel was never fetched"
    assert not result["ok"], "a wheel that does not match the lock's sha256 was installed"
    assert result["error"] == "the tool's files did not arrive intact"  # words for the page
    # The technical cause is logged for developers: the file and both hashes.
    assert any("sha256" in message and "wizard-" in message for message in result["errors"]), result
