"""A strict Content-Security-Policy for every built page, as a meta tag (works on any static host).

Scripts run only from this site, plus the few inline scripts the theme writes into each page,
each allowed by its sha256 (computed here from the page as built, so a theme update cannot
silently add an unhashed one). 'wasm-unsafe-eval' lets Pyodide compile its WebAssembly; nothing
allows eval() of JavaScript. Requests, workers, fonts and images are limited to this site.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

from tools.paths import NODE_MODULES

INLINE_SCRIPT = re.compile(r"<script(?P<attributes>[^>]*)>(?P<body>.*?)</script>", re.DOTALL)
META_CHARSET = '<meta charset="utf-8">'

#: The fixed part of the policy. Styles may be inline (the theme sets some); scripts may not.
BASE_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'", "'wasm-unsafe-eval'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    # blob: lets the offline copy's search run from disk (Material's iframe-worker shim).
    "worker-src": ["'self'", "blob:"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
}


def inline_script_hashes(html: str) -> list[str]:
    """The CSP source expressions for each executable inline script in ``html``."""
    hashes = []
    for match in INLINE_SCRIPT.finditer(html):
        attributes = match.group("attributes")
        if "src=" in attributes or "application/json" in attributes:
            continue  # external scripts are covered by 'self'; JSON data is never executed
        hashes.append(sha256_source(match.group("body")))
    return sorted(set(hashes))


def sha256_source(text: str) -> str:
    return f"'sha256-{base64.b64encode(hashlib.sha256(text.encode('utf-8')).digest()).decode('ascii')}'"


def iframe_worker_hash(html: str) -> list[str]:
    """The hash of the inline script Material's iframe-worker shim writes on file:// pages.

    In the offline copy the shim runs the search worker in an iframe whose first script is built
    from two of the shim's own functions and the worker's address (the page's ``__config.search``).
    The iframe inherits this page's policy, so that script must be hashed too.
    """
    if "iframe-worker" not in html:
        return []
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.DOTALL)
    if not config:
        return []
    worker_url = json.loads(config.group(1))["search"]
    shim = (NODE_MODULES / "iframe-worker" / "shim" / "index.js").read_text(encoding="utf-8")
    post_message = shim[shim.index("function c(") : shim.index("function d(")]
    import_scripts = shim[shim.index("function d(") : shim.index("var o=class")]
    body = (
        f"postMessage={post_message};importScripts={import_scripts};"
        f'addEventListener("error",({{error}})=>{{parent.dispatchEvent(new ErrorEvent("error",'
        f'{{filename:"{worker_url}",error}}))}})'
    )
    return [sha256_source(body)]


def policy_for(html: str) -> str:
    directives = {name: list(values) for name, values in BASE_POLICY.items()}
    directives["script-src"] += inline_script_hashes(html) + iframe_worker_hash(html)
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())


def add_policy(html: str) -> str:
    """Insert the policy meta tag right after the charset, before any script can run."""
    if 'http-equiv="Content-Security-Policy"' in html or META_CHARSET not in html:
        return html
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy_for(html)}">'
    return html.replace(META_CHARSET, META_CHARSET + "\n    " + meta, 1)


def apply_to_site(site_dir: Path) -> int:
    """Add the policy to every HTML file of a built site; returns how many were changed."""
    changed = 0
    for path in site_dir.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        updated = add_policy(html)
        if updated != html:
            path.write_text(updated, encoding="utf-8")
            changed += 1
    return changed
