"""Shared fixtures: the built site (built once per test run), and the wheel for the Pyodide
tests (``wheel_dir``, from tests/pyodide.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tools import site_build

# Property tests check behaviour, not speed (speed lives in bench/): no per-example deadline, so a
# busy CI machine cannot turn a slow example into a failure.
settings.register_profile("project", deadline=None)
settings.load_profile("project")

ROOT = Path(__file__).resolve().parent.parent

# The Pyodide-under-Node harness keeps its fixture beside its helpers; this makes it available to
# every test without importing it into each test module.
pytest_plugins = ("tests.pyodide",)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The hosted site, built with --strict. Set SITE_DIR to reuse a site built earlier in the run."""
    prebuilt = os.environ.get("SITE_DIR")
    if prebuilt:
        yield Path(prebuilt)
        return
    yield site_build.build(tmp_path_factory.mktemp("site"))
