"""The construct core: the tree, ``App`` and ``Stack``, template elements, resources, ``Fn``.

Generated resource classes subclass ``CfnResource`` and take a ``Construct`` scope; the stage
constructs and users build on the rest. Stands on ``stagewright.runtime`` only; synthesis is
loaded when ``App.synth`` runs.
"""

from stagewright.core._elements import (
    CfnCondition,
    CfnElement,
    CfnMapping,
    CfnOutput,
    CfnParameter,
    ListValue,
    NumberValue,
    ParameterValue,
    StringValue,
)
from stagewright.core._environment import Environment
from stagewright.core._fn import Aws, ConditionFunction, Fn, GetAtt, PseudoParameter, Ref
from stagewright.core._logical_ids import MAX_LOGICAL_ID_LENGTH, make_logical_id
from stagewright.core._resource import CfnResource, RawResource, Tagging
from stagewright.core._stack import App, Stack, stacks_under
from stagewright.core._tags import Tags
from stagewright.core._tree import Annotations, Aspect, Aspects, Construct, Node, TreeError

__all__ = [
    "MAX_LOGICAL_ID_LENGTH",
    "Annotations",
    "App",
    "Aspect",
    "Aspects",
    "Aws",
    "CfnCondition",
    "CfnElement",
    "CfnMapping",
    "CfnOutput",
    "CfnParameter",
    "CfnResource",
    "ConditionFunction",
    "Construct",
    "Environment",
    "Fn",
    "GetAtt",
    "ListValue",
    "Node",
    "NumberValue",
    "ParameterValue",
    "PseudoParameter",
    "RawResource",
    "Ref",
    "Stack",
    "StringValue",
    "Tagging",
    "Tags",
    "TreeError",
    "make_logical_id",
    "stacks_under",
]
