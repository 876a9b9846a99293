"""MkDocs glue. Each hook only calls a build step in tools/, so another generator could reuse them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for entry in (ROOT, ROOT / "src"):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))

from tools import check_flows, pyodide_runtime, render_wizards, wheel  # noqa: E402


def on_config(config: Any) -> Any:
    check_flows.verify()  # a flow that breaks its schema or has a dead end stops the build
    runtime = pyodide_runtime.verify()
    config.extra["pyodide_dir"] = runtime.site_dir
    return config


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if page.meta.get("wizard"):
        return render_wizards.render_placeholders(html)
    return html


def on_post_build(config: Any) -> None:
    site = Path(config.site_dir)
    pyodide_runtime.copy_runtime(site)
    wheel.copy_package(site)
