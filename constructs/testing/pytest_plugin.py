"""The stagewright pytest plugin: the ``template_snapshot`` fixture and its failure report.

pytest loads it through the ``pytest11`` entry point, so installing stagewright is enough; with
plugin autoloading off (``PYTEST_DISABLE_PLUGIN_AUTOLOAD``), pass
``-p stagewright.testing.pytest_plugin``.
It needs syrupy's ``snapshot`` fixture (syrupy is a dependency of stagewright).
"""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.terminal import disable_color

from stagewright.testing._snapshot import TemplateSnapshot, TemplateSnapshotExtension

__all__ = ["pytest_assertrepr_compare", "template_snapshot"]


@pytest.fixture
def template_snapshot(snapshot: SnapshotAssertion) -> TemplateSnapshot:
    """Snapshot CloudFormation templates: ``assert template_snapshot == stack`` (or app, or dict).

    One pretty, key-sorted ``.json`` file per stack under ``__snapshots__/``; write or update
    them with ``pytest --snapshot-update``.
    """
    return TemplateSnapshot(snapshot.use_extension(TemplateSnapshotExtension))


@pytest.hookimpl(tryfirst=True)
def pytest_assertrepr_compare(
    config: pytest.Config, op: str, left: Any, right: Any
) -> list[str] | None:
    """Explain a failed ``template_snapshot == ...``: each difference with its path."""
    snapshot = next((s for s in (left, right) if isinstance(s, TemplateSnapshot)), None)
    if snapshot is None or op != "==":
        return None
    plain = disable_color() if config.option.no_colors else contextlib.nullcontext()
    with plain:
        return [f"{left!r} {op} {right!r}", *snapshot.explain()]
