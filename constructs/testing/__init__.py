"""stagewright.testing: assertions and snapshot tests for stacks (the ``pytest`` half).

``Template`` asserts on resources, outputs, parameters and conditions with ``Match`` patterns
and ``Capture``; ``Annotations`` on what synthesis warns about (not to be confused with
``stagewright.Annotations``, which adds those messages). ``load_app`` builds a user's app as the
command line does. The ``template_snapshot`` fixture
comes from the pytest plugin that installing stagewright registers. Importing this package does
not import pytest or syrupy; ``TemplateSnapshotExtension`` (syrupy) loads on first use.
"""

from typing import TYPE_CHECKING, Any

from stagewright.testing._annotations import Annotations
from stagewright.testing._apps import load_app
from stagewright.testing._capture import Capture
from stagewright.testing._masking import MASKED, mask_template
from stagewright.testing._match import Matcher, MatchResult, Mismatch
from stagewright.testing._matchers import Match
from stagewright.testing._template import Template

if TYPE_CHECKING:
    from stagewright.testing._snapshot import (
        TemplateSnapshot,
        TemplateSnapshotExtension,
        TemplateSnapshotMismatchError,
    )

__all__ = [
    "MASKED",
    "Annotations",
    "Capture",
    "Match",
    "MatchResult",
    "Matcher",
    "Mismatch",
    "Template",
    "TemplateSnapshot",
    "TemplateSnapshotExtension",
    "TemplateSnapshotMismatchError",
    "load_app",
    "mask_template",
]

_LAZY = {"TemplateSnapshot", "TemplateSnapshotExtension", "TemplateSnapshotMismatchError"}


def __getattr__(name: str) -> Any:
    """Load the syrupy-based names on first use."""
    if name not in _LAZY:
        raise AttributeError(f"module 'stagewright.testing' has no attribute {name!r}")
    from stagewright.testing import _snapshot  # noqa: PLC0415

    value = getattr(_snapshot, name)
    globals()[name] = value
    return value
