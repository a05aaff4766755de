"""The stagewright pytest plugin: the ``template_snapshot`` fixture.

pytest loads it through the ``pytest11`` entry point of every stagewright install; with plugin
autoloading off (``PYTEST_DISABLE_PLUGIN_AUTOLOAD``), pass ``-p stagewright.testing.pytest_plugin``.
Loading it imports neither syrupy nor the snapshot code: only a test that asks for the fixture
does. syrupy comes with the ``testing`` extra (``pip install 'stagewright[testing]'``); without
it, tests that do not use the fixture run as usual, and those that do fail with that command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from stagewright.testing._snapshot import TemplateSnapshot

__all__ = ["INSTALL_HINT", "template_snapshot"]

INSTALL_HINT = "pip install 'stagewright[testing]'"


@pytest.fixture
def template_snapshot(request: pytest.FixtureRequest) -> TemplateSnapshot:
    """Snapshot CloudFormation templates: ``assert template_snapshot == stack`` (or app, or dict).

    One pretty, key-sorted ``.json`` file per stack under ``__snapshots__/``; write or update
    them with ``pytest --snapshot-update``.
    """
    try:
        import syrupy  # noqa: F401, PLC0415 - the one place syrupy's absence is reported
    except ImportError as error:
        pytest.fail(f"template_snapshot needs syrupy ({error}): {INSTALL_HINT}", pytrace=False)
    if not request.config.pluginmanager.has_plugin("syrupy"):
        pytest.fail(
            "template_snapshot needs syrupy's pytest plugin, which is disabled "
            "(-p no:syrupy, or PYTEST_DISABLE_PLUGIN_AUTOLOAD without -p syrupy)",
            pytrace=False,
        )
    from stagewright.testing._snapshot import (  # noqa: PLC0415 - see the module docstring
        TemplateSnapshot,
        TemplateSnapshotExtension,
    )

    snapshot = request.getfixturevalue("snapshot")
    return TemplateSnapshot(snapshot.use_extension(TemplateSnapshotExtension))
