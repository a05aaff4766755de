"""stagewright: API Gateway stages as code, typed and validated from the CloudFormation registry."""

from stagewright._elements import CfnCondition, CfnElement, CfnMapping, CfnOutput, CfnParameter
from stagewright._errors import Problem, ValidationError
from stagewright._fn import Aws, ConditionFunction, Fn, GetAtt, PseudoParameter, Ref
from stagewright._intrinsics import Intrinsic, RawIntrinsic
from stagewright._resource import CfnResource, RawResource, Tagging
from stagewright._stack import App, Stack
from stagewright._synth import Assembly, Message, StackArtifact, SynthesisError
from stagewright._tree import Annotations, Construct, Node, TreeError

__all__ = [
    "Annotations",
    "App",
    "Assembly",
    "Aws",
    "CfnCondition",
    "CfnElement",
    "CfnMapping",
    "CfnOutput",
    "CfnParameter",
    "CfnResource",
    "ConditionFunction",
    "Construct",
    "Fn",
    "GetAtt",
    "Intrinsic",
    "Message",
    "Node",
    "Problem",
    "PseudoParameter",
    "RawIntrinsic",
    "RawResource",
    "Ref",
    "Stack",
    "StackArtifact",
    "SynthesisError",
    "Tagging",
    "TreeError",
    "ValidationError",
]
