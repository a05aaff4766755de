"""The property runtime: what generated code stands on (the generator's interface).

Generated modules import this package (and ``stagewright.core``, for their resource classes)
and nothing else of stagewright: the property base class, the field metadata (``prop``), field
kinds, class-level rules, intrinsic tokens and validation problems. Code generated into a
user's project uses the same names, so they stay stable.
"""

from stagewright.runtime import kinds
from stagewright.runtime._errors import Problem, ValidationError
from stagewright.runtime._intrinsics import Intrinsic, RawIntrinsic
from stagewright.runtime._props import CfnProperty, Field, Rule, cfn_fields, check, prop

__all__ = [
    "CfnProperty",
    "Field",
    "Intrinsic",
    "Problem",
    "RawIntrinsic",
    "Rule",
    "ValidationError",
    "cfn_fields",
    "check",
    "kinds",
    "prop",
]
