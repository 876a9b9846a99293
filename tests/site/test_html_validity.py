"""Every built page, and every view a wizard can show, is valid HTML (html-validate, pinned in
package.json, with the settings in .htmlvalidate.mjs).

A few findings come from Material for MkDocs' own templates; each is excused for that element
only (matched on its source line), so the same rule still catches our templates and Markdown.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser.conftest import site_pages
from tests.views import walk_views
from wizard.registry import names

ROOT = Path(__file__).resolve().parents[2]
CLI = ROOT / "node_modules" / "html-validate" / "bin" / "html-validate.mjs"
CONFIG = ROOT / ".htmlvalidate.mjs"

#: (rule, regex for the offending element's source line, which theme element and why).
MATERIAL_EXCUSES: tuple[tuple[str, str, str], ...] = (
    (
        "valid-autocomplete",
        r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox"',
        "base.html: the drawer and search toggles are hidden checkboxes with autocomplete=off, "
        "which stops Firefox restoring them open after a reload; harmless, and base.html has no "
        "block for them",
    ),
    (
        "wcag/h32",
        r'<form class="md-(header__option" data-md-component="palette"|search__form" name="search")>',
        "header.html/search.html: the colour-scheme switch and the search box are forms that work "
        "without a submit button (the radio toggles at once; search runs as you type)",
    ),
    (
        "attribute-allowed-values",
        r'<label class="md-nav__link ?[^"]*" for="__nav_[\d_]+" id="__nav_[\d_]+_label" tabindex="">',
        'nav-item.html: section labels get tabindex="" (navigation.sections); browsers ignore '
        "it, and fixing it means copying the whole 150-line nav partial",
    ),
    (
        "unique-landmark",
        r'<nav class="md-nav" data-md-level="\d+" aria-labelledby="__nav_[\d_]+_label"',
        "nav-item.html with navigation.indexes: a section with its own index page names its "
        "sub-menu by a label that holds only the expand icon (the section title is the link "
        "beside it), so with two or more such sections their sub-menus share an empty name",
    ),
    (
        "unique-landmark",
        r'<nav class="md-nav( md-nav--secondary)?" aria-label="[^"]*">',
        "toc.html and toc-item.html: the table of contents is rendered twice, in the sidebar and "
        "(for small screens) inside the main navigation, so its navigation landmarks ('Table of "
        "contents', and one per heading with subheadings) each appear twice with the same name",
    ),
)


@dataclass(frozen=True)
class Finding:
    file: str
    line: int
    rule: str
    message: str
    source: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.rule}: {self.message}\n      {self.source.strip()[:160]}"


def validate(files: list[Path], base: Path) -> list[Finding]:
    node = shutil.which("node")
    if not node or not CLI.exists():
        pytest.fail("html-validate is missing: run tools/setup.sh (it needs Node.js and npm)")
    # The report goes to a file: node may exit before a long report has gone through a pipe.
    with tempfile.TemporaryDirectory() as scratch:
        output = Path(scratch) / "report.json"
        result = subprocess.run(
            [node, str(CLI), "--config", str(CONFIG), "--formatter", f"json={output}", *map(str, files)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode in (0, 1) and output.exists(), (
            f"html-validate could not run: {result.stderr}"
        )
        reports = json.loads(output.read_text(encoding="utf-8") or "[]")
    findings = []
    for report in reports:
        path = Path(report["filePath"])
        lines = path.read_text(encoding="utf-8").splitlines()
        for message in report["messages"]:
            line = message.get("line", 0)
            findings.append(
                Finding(
                    file=path.relative_to(base).as_posix(),
                    line=line,
                    rule=message["ruleId"],
                    message=message["message"],
                    source=lines[line - 1] if 0 < line <= len(lines) else "",
                )
            )
    return findings


def ours(findings: list[Finding]) -> list[Finding]:
    """The findings left once Material's own, excused elements are set aside."""
    return [
        finding
        for finding in findings
        if not any(
            finding.rule == rule and re.search(source, finding.source) for rule, source, _ in MATERIAL_EXCUSES
        )
    ]


def report(findings: list[Finding]) -> str:
    return f"{len(findings)} HTML error(s):\n" + "\n".join(f"  {finding}" for finding in findings)


def test_every_built_page_is_valid_html(built_site: Path) -> None:
    pages = [built_site / page for page in site_pages(built_site)]
    assert len(pages) >= 4
    findings = ours(validate(pages, built_site))
    assert not findings, report(findings)


def fragment_page(view: str) -> str:
    """A wizard view inside a minimal valid page, one element per line so errors have a line."""
    body = re.sub(r"(<(?!/)(?:div|p|h\d|form|fieldset|legend|ul|ol|li|dl|table|tr|details)\b)", r"\n\1", view)
    head = '<!DOCTYPE html>\n<html lang="en">\n<head>\n<title>View</title>\n</head>\n<body>\n<main>'
    return f"{head}{body}\n</main>\n</body>\n</html>\n"


def test_every_wizard_view_is_valid_html(tmp_path: Path) -> None:
    files = []
    for name in names():
        views = list(walk_views(name))
        assert len(views) >= 2, f"{name}: the walk found only its first view"
        for number, view in enumerate(views):
            path = tmp_path / f"{name}-{number:02d}.html"
            path.write_text(fragment_page(view), encoding="utf-8")
            files.append(path)
    findings = validate(files, tmp_path)
    assert not findings, report(findings)


def test_the_validator_reports_invalid_markup(tmp_path: Path) -> None:
    """The control: markup with real errors fails, with the rule and the line."""
    bad = tmp_path / "bad.html"
    bad.write_text(fragment_page('<p id="a">One</p><p id="a">Two<div></div></p><img src="x.png">'))
    rules = {finding.rule for finding in validate([bad], tmp_path)}
    assert {"no-dup-id", "wcag/h37"} <= rules, rules


def test_the_rounding_views_for_a_workbook_are_valid_html(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Views the walk cannot reach without a file: the result with its sheet chooser, and the view
    shown when the workbook library cannot be loaded."""
    import base64

    from tests.browser.wizard_states import WORKBOOK
    from tests.views import call
    from wizard.tables import xlsx

    payload: dict[str, object] = {
        "wizard": "rounding",
        "action": "submit",
        "form": {"measure": ["referrals"], "guidance": ["restart"], "rows": ["payment-groups"]},
        "files": {"file": {"filename": "mi.xlsx", "base64": base64.b64encode(WORKBOOK).decode()}},
    }
    chooser = str(call(payload)["html"])
    assert 'id="round-sheet"' in chooser
    monkeypatch.setattr(xlsx, "library_ready", lambda: False)
    needed = call(payload)
    assert needed["needs"] == ["openpyxl"]
    files = []
    for number, view in enumerate((chooser, str(needed["html"]))):
        path = tmp_path / f"rounding-workbook-{number}.html"
        path.write_text(fragment_page(view), encoding="utf-8")
        files.append(path)
    findings = validate(files, tmp_path)
    assert not findings, report(findings)
