"""stagewright: API Gateway stages as code, typed and validated from the CloudFormation registry.

The names below are the public API. Synthesis and import machinery is loaded on first use, so
``import stagewright`` stays fast.
"""

from typing import TYPE_CHECKING, Any

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
from stagewright.core._resource import CfnResource, RawResource, Tagging
from stagewright.core._rollback import AlarmLike, add_rollback_alarms
from stagewright.core._stack import App, Stack
from stagewright.core._tags import Tags
from stagewright.core._tree import Annotations, Aspect, Aspects, Construct, Node, TreeError
from stagewright.runtime._errors import Problem, ValidationError
from stagewright.runtime._intrinsics import Intrinsic, RawIntrinsic

if TYPE_CHECKING:
    from stagewright.synth._synth import (
        Assembly,
        Message,
        OutputFolderError,
        StackArtifact,
        SynthesisError,
    )
    from stagewright.template._include import (
        IncludedTemplate,
        TemplateImportError,
        include_template,
        stack_from_template,
    )

__all__ = [
    "AlarmLike",
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
    "Environment",
    "Fn",
    "GetAtt",
    "IncludedTemplate",
    "Intrinsic",
    "ListValue",
    "Message",
    "Node",
    "NumberValue",
    "OutputFolderError",
    "ParameterValue",
    "Problem",
    "PseudoParameter",
    "RawIntrinsic",
    "RawResource",
    "Ref",
    "Stack",
    "StackArtifact",
    "StringValue",
    "SynthesisError",
    "Tagging",
    "Tags",
    "TemplateImportError",
    "TreeError",
    "ValidationError",
    "add_rollback_alarms",
    "include_template",
    "stack_from_template",
]

_LAZY = {
    "Assembly": "stagewright.synth._synth",
    "Message": "stagewright.synth._synth",
    "OutputFolderError": "stagewright.synth._synth",
    "StackArtifact": "stagewright.synth._synth",
    "SynthesisError": "stagewright.synth._synth",
    "IncludedTemplate": "stagewright.template._include",
    "TemplateImportError": "stagewright.template._include",
    "include_template": "stagewright.template._include",
    "stack_from_template": "stagewright.template._include",
}


if not TYPE_CHECKING:  # type checkers see the imports above: a misspelt name is an error

    def __getattr__(name: str) -> Any:
        """Load the synthesis and import names on first use."""
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'stagewright' has no attribute {name!r}")
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value
