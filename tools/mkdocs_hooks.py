"""MkDocs glue. Each hook only calls a build step in tools/, so another generator could reuse them."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for entry in (ROOT, ROOT / "src"):
    if str(entry) not in sys.path:
        sys.path.insert(0, str(entry))

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402

from tools import glossary, links, pyodide_runtime, render_wizards, wheel  # noqa: E402
from tools.data_files import DataFileError  # noqa: E402


def on_config(config: Any) -> Any:
    runtime = pyodide_runtime.verify()
    config.extra["pyodide_dir"] = runtime.site_dir
    return config


def on_files(files: Files, config: Any) -> Files:
    """Add the pages generated from docs/_data/: the glossary and the useful links."""
    docs = Path(config.docs_dir)
    try:
        glossary_page = glossary.page_markdown(glossary.load(docs))
        links_page = links.page_markdown(links.load(docs))
    except DataFileError as error:  # a clear message, not a traceback
        raise PluginError(str(error)) from error
    files.append(File.generated(config, glossary.PAGE, content=glossary_page))
    files.append(File.generated(config, links.PAGE, content=links_page))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Append the glossary's abbreviation definitions, so every page shows the same tooltips."""
    try:
        abbreviations = glossary.abbreviations_for_pages(Path(config.docs_dir))
    except DataFileError as error:
        raise PluginError(str(error)) from error
    return markdown + "\n\n" + abbreviations + "\n"


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if page.meta.get("wizard"):
        return render_wizards.render_placeholders(html)
    return html


def on_post_build(config: Any) -> None:
    site = Path(config.site_dir)
    pyodide_runtime.copy_runtime(site)
    wheel.copy_package(site)
