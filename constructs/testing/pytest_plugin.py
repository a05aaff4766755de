"""The stagewright pytest plugin: the ``template_snapshot`` fixture and its failure report.

pytest loads it through the ``pytest11`` entry point, so installing stagewright is enough; with
plugin autoloading off (``PYTEST_DISABLE_PLUGIN_AUTOLOAD``), pass
``-p stagewright.testing.pytest_plugin``. It needs syrupy's ``snapshot`` fixture (syrupy is a
dependency of stagewright). stagewright itself is only imported once a test asks for the
fixture, so pytest runs that never use it do not pay for it.
"""

from __future__ import annotations

import contextlib
import sys
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from syrupy.assertion import SnapshotAssertion

    from stagewright.testing._snapshot import TemplateSnapshot

__all__ = ["pytest_assertrepr_compare", "template_snapshot"]

_SNAPSHOT_MODULE = "stagewright.testing._snapshot"


@pytest.fixture
def template_snapshot(snapshot: SnapshotAssertion) -> TemplateSnapshot:
    """Snapshot CloudFormation templates: ``assert template_snapshot == stack`` (or app, or dict).

    One pretty, key-sorted ``.json`` file per stack under ``__snapshots__/``; write or update
    them with ``pytest --snapshot-update``.
    """
    from stagewright.testing._snapshot import (  # noqa: PLC0415 - see the module docstring
        TemplateSnapshot,
        TemplateSnapshotExtension,
    )

    return TemplateSnapshot(snapshot.use_extension(TemplateSnapshotExtension))


@pytest.hookimpl(tryfirst=True)
def pytest_assertrepr_compare(
    config: pytest.Config, op: str, left: Any, right: Any
) -> list[str] | None:
    """Explain a failed ``template_snapshot == ...``: each difference with its path."""
    module = sys.modules.get(_SNAPSHOT_MODULE)
    if module is None or op != "==":
        return None  # no template_snapshot exists before its module is loaded
    snapshot = next((s for s in (left, right) if isinstance(s, module.TemplateSnapshot)), None)
    if snapshot is None:
        return None
    from syrupy.terminal import disable_color  # noqa: PLC0415

    plain = disable_color() if config.option.no_colors else contextlib.nullcontext()
    with plain:
        lines: list[str] = [f"{left!r} {op} {right!r}", *snapshot.explain()]
        return lines
