"""stagewright: API Gateway stages as code, typed and validated from the CloudFormation registry.

The names below are the public API. Synthesis and import machinery is loaded on first use, so
``import stagewright`` stays fast.
"""

from typing import TYPE_CHECKING, Any

from stagewright._elements import CfnCondition, CfnElement, CfnMapping, CfnOutput, CfnParameter
from stagewright._errors import Problem, ValidationError
from stagewright._fn import Aws, ConditionFunction, Fn, GetAtt, PseudoParameter, Ref
from stagewright._intrinsics import Intrinsic, RawIntrinsic
from stagewright._resource import CfnResource, RawResource, Tagging
from stagewright._stack import App, Stack
from stagewright._tree import Annotations, Aspect, Aspects, Construct, Node, TreeError

if TYPE_CHECKING:
    from stagewright._import import (
        IncludedTemplate,
        TemplateImportError,
        include_template,
        stack_from_template,
    )
    from stagewright._synth import Assembly, Message, StackArtifact, SynthesisError

__all__ = [
    "Annotations",
    "App",
    "Aspect",
    "Aspects",
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
    "IncludedTemplate",
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
    "TemplateImportError",
    "TreeError",
    "ValidationError",
    "include_template",
    "stack_from_template",
]

_LAZY = {
    "Assembly": "stagewright._synth",
    "Message": "stagewright._synth",
    "StackArtifact": "stagewright._synth",
    "SynthesisError": "stagewright._synth",
    "IncludedTemplate": "stagewright._import",
    "TemplateImportError": "stagewright._import",
    "include_template": "stagewright._import",
    "stack_from_template": "stagewright._import",
}


def __getattr__(name: str) -> Any:
    """Load the synthesis and import names on first use."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'stagewright' has no attribute {name!r}")
    import importlib  # noqa: PLC0415

    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
