"""Shared fixtures: the built site (built once per test run)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests check behaviour, not speed (speed lives in bench/): no per-example deadline, so a
# busy CI machine cannot turn a slow example into a failure.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

ROOT = Path(__file__).resolve().parent.parent


def build_site(target: Path, *, offline: bool = False) -> Path:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if offline:
        env["OFFLINE"] = "true"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(target)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return target


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The hosted site, built with --strict. Set SITE_DIR to reuse a site built earlier in the run."""
    prebuilt = os.environ.get("SITE_DIR")
    if prebuilt:
        yield Path(prebuilt)
        return
    yield build_site(tmp_path_factory.mktemp("site"))
