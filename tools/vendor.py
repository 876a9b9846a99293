"""Small front-end files copied from node_modules (pinned in package-lock.json) into the site."""

from __future__ import annotations

import shutil
from pathlib import Path

from tools.paths import NODE_MODULES

#: Material's offline plugin needs this shim so its search worker runs from file://. Its path must
#: contain "iframe-worker" so the plugin does not add its unpkg address.
IFRAME_WORKER_SHIM = "assets/javascripts/iframe-worker-shim.js"


def copy_iframe_worker_shim(site_dir: Path) -> Path:
    source = NODE_MODULES / "iframe-worker" / "shim" / "index.js"
    if not source.exists():
        raise FileNotFoundError(f"{source} is missing: run `npm ci` (tools/setup.sh does this).")
    target = site_dir / IFRAME_WORKER_SHIM
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target
