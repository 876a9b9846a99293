"""MkDocs glue. Each hook only calls a build step in tools/, so another generator could reuse them.

Imports come from where Python finds them, with no editing of ``sys.path``: ``wizard`` is the
package tools/setup.sh installs (editable) into .venv, and ``tools`` is this folder as a package
of the repository root, which is on ``sys.path`` because every build runs MkDocs as
``python -m mkdocs`` from the repository root (``-m`` puts the current directory first):
tools/site_build.py, tools/serve.sh, tools/build.sh and tools/test.sh all do. The ``mkdocs``
command on its own would not find ``tools`` (MkDocs adds only this file's own folder while it
loads the hooks), so then the build stops with a message that says how to run it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

try:
    from tools import (
        case_studies,
        check_data,
        check_flows,
        csp,
        glossary,
        links,
        offline,
        pyodide_runtime,
        render_catalogue,
        render_wizards,
        source_documents,
        training_pages,
        vendor,
        wheel,
    )
    from tools.bytecode import BytecodeMismatch
    from tools.data_files import DataFileError
except ModuleNotFoundError as error:
    if error.name != "tools":
        raise
    raise ValidationError(
        "the build steps in tools/ cannot be imported: run MkDocs as `.venv/bin/python -m mkdocs` "
        "from the repository root (or use tools/serve.sh or tools/build.sh)"
    ) from None

# What on_files read and checked for the current build (it runs at the start of each build).
_case_studies: dict[str, case_studies.Collection] = {}
_abbreviations: dict[str, str] = {}
_glossary: dict[str, list[glossary.Entry]] = {}


def build_date() -> str:
    """Today's date, or SOURCE_DATE_EPOCH's for a reproducible build."""
    import datetime
    import os

    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = (
        datetime.datetime.fromtimestamp(int(epoch), datetime.UTC)
        if epoch
        else datetime.datetime.now(datetime.UTC)
    )
    return f"{moment.day} {moment:%B %Y}"


def is_offline_build(config: Any) -> bool:
    plugin = config.plugins.get("material/offline") or config.plugins.get("offline")
    return bool(plugin and plugin.config.enabled)


def on_config(config: Any) -> Any:
    check_data.verify()  # a package data file that breaks its schema or its loader stops the build
    check_flows.verify()  # a flow that breaks its schema or has a dead end stops the build
    runtime = pyodide_runtime.verify()
    config.extra["pyodide_dir"] = runtime.site_dir
    try:
        config.extra["pyodide_stdlib"] = runtime.site_dir + pyodide_runtime.stdlib_file_name()
    except (BytecodeMismatch, pyodide_runtime.RuntimeMismatch) as error:
        raise PluginError(str(error)) from None
    config.copyright = f"{config.copyright or ''} Built {build_date()}.".strip()
    if is_offline_build(config):
        config.extra["offline_bundle"] = offline.OFFLINE_DIR
        # Material's offline plugin adds its file:// worker shim from a CDN: use our vendored copy.
        config.extra["polyfills"] = [
            *(url for url in config.extra.get("polyfills", []) if "iframe-worker" not in url),
            vendor.IFRAME_WORKER_SHIM,
        ]
    return config


def on_files(files: Files, config: Any) -> Files:
    """Check the case studies, and add the pages generated from docs/_data/ (glossary, links)."""
    docs = Path(config.docs_dir)
    try:
        _case_studies["current"] = case_studies.load_collection(docs)
        glossary_page = glossary.page_markdown(glossary.load(docs))
        links_page = links.page_markdown(links.load(docs))
        _abbreviations["current"] = glossary.abbreviations_for_pages(docs)
        _glossary["current"] = glossary.load(docs)
    except (case_studies.CaseStudyError, DataFileError) as error:  # a clear message, not a traceback
        raise PluginError(str(error)) from None
    files.append(File.generated(config, glossary.PAGE, content=glossary_page))
    files.append(File.generated(config, links.PAGE, content=links_page))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    src_uri = page.file.src_uri
    slug = case_studies.page_slug(src_uri)
    # The glossary's abbreviation definitions go on every page, so tooltips are the same everywhere.
    markdown = markdown + "\n\n" + _abbreviations["current"] + "\n"
    try:
        if slug is not None:
            collection = _case_studies["current"]
            return case_studies.render_page(markdown, collection.case(slug), collection)
        if src_uri == f"{case_studies.CASE_DIR}/{case_studies.INDEX_NAME}":
            return case_studies.render_index(markdown, _case_studies["current"])
        if training_pages.is_training_page(src_uri):
            return training_pages.render(markdown, page.meta, src_uri, _glossary["current"])
        if src_uri == source_documents.SOURCES_PAGE:
            return source_documents.render_page(markdown)
    except (
        case_studies.CaseStudyError,
        training_pages.TrainingPageError,
        source_documents.SourcesPageError,
    ) as error:
        raise PluginError(str(error)) from None
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    if page.meta.get("wizard"):
        html = render_catalogue.render_placeholders(render_wizards.render_placeholders(html))
    if page.meta.get("handout"):
        html += training_pages.handout_footer(page.file.src_uri, build_date())
    return html


def on_post_build(config: Any) -> None:
    site = Path(config.site_dir)
    csp.apply_to_site(site)
    if is_offline_build(config):
        vendor.copy_iframe_worker_shim(site)
        try:
            offline.write_runtime_bundle(site)
        except (BytecodeMismatch, pyodide_runtime.RuntimeMismatch) as error:
            raise PluginError(str(error)) from None
    else:
        try:  # (both ship bytecode made by the pinned runtime: a mismatch stops the build)
            pyodide_runtime.copy_runtime(site)
            wheel.copy_package(site)
        except (BytecodeMismatch, pyodide_runtime.RuntimeMismatch) as error:
            raise PluginError(str(error)) from None
        offline.publish_zip(site)
