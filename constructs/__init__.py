"""stagewright: API Gateway stages as code, typed and validated from the CloudFormation registry."""

from stagewright._errors import Problem, ValidationError
from stagewright._intrinsics import Intrinsic, RawIntrinsic
from stagewright._resource import CfnResource, GetAtt, Ref, Tagging
from stagewright._tree import Construct

__all__ = [
    "CfnResource",
    "Construct",
    "GetAtt",
    "Intrinsic",
    "Problem",
    "RawIntrinsic",
    "Ref",
    "Tagging",
    "ValidationError",
]
