"""
Shared test set-up: Hypothesis profiles, the fixture files in tests/data, and a CLI runner.

Hypothesis profiles (choose with the ``HYPOTHESIS_PROFILE`` environment variable):
``default`` (100 examples), ``ci`` (200, no deadline, derandomized, failure blobs
printed) and ``thorough`` (5000, no deadline).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from parlib import Assessment, Framework
from parlib.io import load_assessment, load_framework

# Every profile states its health checks: with CI=true, Hypothesis' own "ci" defaults would
# otherwise silence the too_slow check, and parlib's strategies must pass every check.
settings.register_profile("default", max_examples=100, suppress_health_check=())
settings.register_profile(
    "ci", max_examples=200, deadline=None, derandomize=True, print_blob=True, suppress_health_check=()
)
settings.register_profile("thorough", max_examples=5000, deadline=None, suppress_health_check=())
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

DATA = Path(__file__).parent / "data"
"""Small fixture files written for the suite (their sources are noted in each file)."""

RunParlib = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def data_dir() -> Path:
    """The directory of fixture files."""
    return DATA


@pytest.fixture
def run_parlib() -> RunParlib:
    """
    Run ``python -m parlib ARGS...`` in a fresh process; return the finished process
    (text output decoded as UTF-8). Extra keyword arguments update the environment.
    """

    def run(*args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
        environ = {**os.environ, "PYTHONUTF8": "1", **env}
        return subprocess.run(
            [sys.executable, "-m", "parlib", *map(str, args)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=environ,
            timeout=60,
            check=False,
        )

    return run


@pytest.fixture
def mini_framework() -> Framework:
    """tests/data/mini.toml: two domains, every leaf rule type, 15 points."""
    return load_framework(DATA / "mini.toml")


@pytest.fixture
def mini_assessment() -> Assessment:
    """tests/data/mini-2018.toml: one not-applicable leaf, one missing response."""
    return load_assessment(DATA / "mini-2018.toml")
