"""stagewright.testing: assertions and snapshot tests for stacks (the ``pytest`` half).

``Template`` asserts on resources, outputs, parameters and conditions with ``Match`` patterns
and ``Capture``; ``Annotations`` on what synthesis warns about (not to be confused with
``stagewright.Annotations``, which adds those messages). Importing this package does not
import pytest.
"""

from stagewright.testing._annotations import Annotations
from stagewright.testing._capture import Capture
from stagewright.testing._masking import MASKED, mask_template
from stagewright.testing._match import Matcher, MatchResult, Mismatch
from stagewright.testing._matchers import Match
from stagewright.testing._template import Template

__all__ = [
    "MASKED",
    "Annotations",
    "Capture",
    "Match",
    "MatchResult",
    "Matcher",
    "Mismatch",
    "Template",
    "mask_template",
]
