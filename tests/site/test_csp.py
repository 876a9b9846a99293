"""Every built page carries a strict Content-Security-Policy that allows exactly its own inline scripts."""

from __future__ import annotations

import re
from pathlib import Path

from tools import csp

POLICY = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">')


def script_src(policy: str) -> list[str]:
    for directive in policy.split(";"):
        name, *values = directive.split()
        if name == "script-src":
            return values
    raise AssertionError("no script-src")


def test_every_built_page_has_a_policy_hashing_its_inline_scripts(built_site: Path) -> None:
    pages = sorted(built_site.rglob("*.html"))
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        found = POLICY.search(html)
        assert found, f"{page.relative_to(built_site)} has no Content-Security-Policy"
        sources = script_src(found.group(1))
        assert "'unsafe-inline'" not in sources and "'unsafe-eval'" not in sources
        assert "'wasm-unsafe-eval'" in sources
        for expression in csp.inline_script_hashes(html):
            assert expression in sources, f"{page}: inline script {expression} not allowed"


def test_policy_comes_before_any_script() -> None:
    html = '<head><meta charset="utf-8"><script>alert(1)</script></head>'
    updated = csp.add_policy(html)
    assert updated.index("Content-Security-Policy") < updated.index("<script>")
    assert csp.sha256_source("alert(1)") in updated


def test_json_data_and_external_scripts_need_no_hash() -> None:
    html = '<script id="__config" type="application/json">{"a": 1}</script><script src="x.js"></script>'
    assert csp.inline_script_hashes(html) == []
