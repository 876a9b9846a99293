"""Build the site with MkDocs, hosted or offline: the one place the build command is spelt out."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tools.paths import ROOT


def build(site_dir: Path, *, offline: bool = False) -> Path:
    """Run a strict MkDocs build into ``site_dir`` (``offline`` turns on the offline copy's build)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    # `python -m mkdocs` from the repository root puts the root on sys.path, which is how the hooks
    # (tools/mkdocs_hooks.py) import the `tools` package; `wizard` is installed in .venv.
    if offline:
        env["OFFLINE"] = "true"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site_dir)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return site_dir
