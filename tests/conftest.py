"""Fixtures shared by every test folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_ROOT.parent / "shared"


def _missing(what: Path) -> None:
    """Skip the test, or fail it under CI, because ``what`` is not there."""
    reason = f"{what} is missing (the shared folder sits beside the repository)"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; CI must have it")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """Return ../shared (the corpus and reference data); skip without it, fail under CI."""
    if not SHARED_DIR.is_dir():
        _missing(SHARED_DIR)
    return SHARED_DIR


@pytest.fixture(autouse=True)
def _no_xdist_worker_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run each test's subprocesses as in a plain pytest run, though the suite runs in workers.

    pytest-xdist marks its workers in the environment, and a pytest started by a test
    (pytester) inherits the mark: syrupy then takes that run for a worker and prints no report.
    """
    for name in ("PYTEST_XDIST_WORKER", "PYTEST_XDIST_WORKER_COUNT", "PYTEST_XDIST_TESTRUNUID"):
        monkeypatch.delenv(name, raising=False)
