"""Intrinsic functions (``Fn``) and pseudo parameters (``Aws``), usable in every typed field.

``Fn.sub("arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:x")``,
``Fn.if_(is_prod, "INFO", "ERROR")``, ``Fn.join("", ["https://", api.ref, ".execute-api"])``...
Arguments may themselves be intrinsics, generated property objects, lists and mappings: they are
rendered when the stack is synthesized. References (``resource.ref``, ``param.ref``,
``resource.attr_*``) resolve against the stack being synthesized: within it they are ``Ref`` /
``Fn::GetAtt``; from another stack of the same app they become ``Fn::ImportValue`` of an export
that the producing stack gains.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from stagewright.runtime._errors import Path, Problem, ValidationError
from stagewright.runtime._intrinsics import CURRENT_RESOLVER, Intrinsic, Referenceable, render

__all__ = [
    "PSEUDO_PARAMETERS",
    "Aws",
    "ConditionFunction",
    "Fn",
    "FnCall",
    "GetAtt",
    "NameOf",
    "PseudoParameter",
    "Ref",
]


class Ref(Intrinsic):
    """``{"Ref": ...}`` to a resource or parameter of this app, resolved at synthesis."""

    __slots__ = ("target",)

    def __init__(self, target: Referenceable) -> None:
        self.target = target

    def to_cfn(self) -> Any:
        """Return ``{"Ref": <logical id>}`` (or the cross-stack import of it)."""
        resolver = CURRENT_RESOLVER.get()
        if resolver is not None:
            return resolver.reference(self.target, None)
        return {"Ref": self.target.logical_id}

    def __repr__(self) -> str:
        return f"Ref({self.target!r})"


class GetAtt(Intrinsic):
    """``{"Fn::GetAtt": [logical id, attribute]}`` of a resource of this app."""

    __slots__ = ("attribute", "target")

    def __init__(self, target: Referenceable, attribute: str) -> None:
        self.target, self.attribute = target, attribute

    def to_cfn(self) -> Any:
        """Return ``{"Fn::GetAtt": [<logical id>, <attribute>]}`` (or the cross-stack import)."""
        resolver = CURRENT_RESOLVER.get()
        if resolver is not None:
            return resolver.reference(self.target, self.attribute)
        return {"Fn::GetAtt": [self.target.logical_id, self.attribute]}

    def __repr__(self) -> str:
        return f"GetAtt({self.target!r}, {self.attribute!r})"


class PseudoParameter(Intrinsic):
    """``{"Ref": "AWS::Region"}`` and the other pseudo parameters."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def to_cfn(self) -> Any:
        """Return ``{"Ref": "AWS::..."}``."""
        return {"Ref": self.name}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PseudoParameter) and other.name == self.name

    def __hash__(self) -> int:
        return hash(self.name)

    def __repr__(self) -> str:
        return f"PseudoParameter({self.name!r})"


class FnCall(Intrinsic):
    """A call of an intrinsic function: ``{"Fn::Join": [delimiter, [...]]}``."""

    __slots__ = ("args", "function")

    def __init__(self, function: str, args: Any) -> None:
        self.function, self.args = function, args

    def to_cfn(self) -> Any:
        """Return ``{function: rendered arguments}``."""
        return {self.function: render(self.args)}

    def __repr__(self) -> str:
        return f"FnCall({self.function!r}, {self.args!r})"


class ConditionFunction(FnCall):
    """A condition expression (``Fn::Equals``, ``Fn::And``...), for conditions and ``Fn.if_``."""

    __slots__ = ()


class Aws:
    """The pseudo parameters CloudFormation defines in every stack."""

    ACCOUNT_ID = PseudoParameter("AWS::AccountId")
    NOTIFICATION_ARNS = PseudoParameter("AWS::NotificationARNs")
    NO_VALUE = PseudoParameter("AWS::NoValue")
    PARTITION = PseudoParameter("AWS::Partition")
    REGION = PseudoParameter("AWS::Region")
    STACK_ID = PseudoParameter("AWS::StackId")
    STACK_NAME = PseudoParameter("AWS::StackName")
    URL_SUFFIX = PseudoParameter("AWS::URLSuffix")


PSEUDO_PARAMETERS = frozenset(p.name for p in vars(Aws).values() if isinstance(p, PseudoParameter))


class NameOf(Intrinsic):
    """The logical ID of a condition or mapping construct, read at synthesis (not a ``Ref``)."""

    __slots__ = ("target",)

    def __init__(self, target: Referenceable) -> None:
        self.target = target

    def to_cfn(self) -> Any:
        """Return the target's logical ID (checked to be in the stack being synthesized)."""
        resolver = CURRENT_RESOLVER.get()
        if resolver is not None:
            return resolver.name_of(self.target)
        return self.target.logical_id

    def __repr__(self) -> str:
        return f"NameOf({self.target!r})"


def _refusal(
    function: str, path: Path, rule: str, message: str, value: Any, *, hint: str | None = None
) -> ValidationError:
    """The error of a bad argument of ``function`` (``Fn.join``): no construct owns it yet."""
    return ValidationError([Problem(path, rule, message, value, hint, f"{function}:")])


def _name(target: Any, what: str, function: str, argument: str) -> Any:
    """A condition or mapping given as a construct or a name."""
    if isinstance(target, str | Intrinsic):
        return target
    if isinstance(getattr(target, "logical_id", None), str):
        return NameOf(target)
    message = f"expected a {what} construct or name, not {type(target).__name__}"
    raise _refusal(function, (argument,), "type", message, target)


def _is_condition(value: Any) -> bool:
    return isinstance(getattr(value, "logical_id", None), str) and hasattr(value, "expression")


def _check_conditions(function: str, conditions: Sequence[Any]) -> None:
    if not 2 <= len(conditions) <= 10:
        message = f"{function} takes 2 to 10 conditions"
        raise _refusal(function, ("conditions",), "fn-args", message, len(conditions))
    for index, condition in enumerate(conditions):
        if not (isinstance(condition, Intrinsic) or _is_condition(condition)):
            message = f"{function} takes condition functions or CfnConditions"
            raise _refusal(function, ("conditions", index), "type", message, condition)


def _condition_arg(value: Any) -> Any:
    """A condition argument: a function as-is; a CfnCondition becomes ``{"Condition": name}``."""
    return {"Condition": NameOf(value)} if _is_condition(value) else value


class Fn:
    """Constructors of CloudFormation's intrinsic functions; each returns an ``Intrinsic``."""

    @staticmethod
    def ref(target: Referenceable | str) -> Intrinsic:
        """``Ref`` of a resource or parameter construct, or of a logical ID or pseudo parameter."""
        if isinstance(target, str):
            return PseudoParameter(target) if target in PSEUDO_PARAMETERS else FnCall("Ref", target)
        return Ref(target)

    @staticmethod
    def get_att(target: Referenceable | str, attribute: str) -> Intrinsic:
        """``Fn::GetAtt`` of a resource construct (or logical ID) and an attribute name."""
        if isinstance(target, str):
            return FnCall("Fn::GetAtt", [target, attribute])
        get_att = getattr(target, "get_att", None)
        return get_att(attribute) if get_att is not None else GetAtt(target, attribute)

    @staticmethod
    def sub(template: str, variables: Mapping[str, Any] | None = None) -> Intrinsic:
        """``Fn::Sub``: ``${Name}``, ``${Resource.Attribute}``, ``${AWS::Region}`` substituted."""
        if not isinstance(template, str):
            message = f"Fn.sub takes a string template, not {type(template).__name__}"
            raise _refusal("Fn.sub", ("template",), "type", message, template)
        return FnCall("Fn::Sub", [template, dict(variables)] if variables else template)

    @staticmethod
    def join(delimiter: str, values: Sequence[Any] | Intrinsic) -> Intrinsic:
        """``Fn::Join``: the values joined by ``delimiter``."""
        if not isinstance(delimiter, str):
            message = f"Fn.join takes a string delimiter, not {type(delimiter).__name__}"
            raise _refusal("Fn.join", ("delimiter",), "type", message, delimiter)
        return FnCall(
            "Fn::Join", [delimiter, values if isinstance(values, Intrinsic) else list(values)]
        )

    @staticmethod
    def select(index: int | Intrinsic, values: Sequence[Any] | Intrinsic) -> Intrinsic:
        """``Fn::Select``: the item at ``index`` (from 0)."""
        if isinstance(index, int) and (isinstance(index, bool) or index < 0):
            message = "Fn.select takes an index of 0 or more"
            raise _refusal("Fn.select", ("index",), "fn-args", message, index)
        return FnCall(
            "Fn::Select", [index, values if isinstance(values, Intrinsic) else list(values)]
        )

    @staticmethod
    def split(delimiter: str, source: str | Intrinsic) -> Intrinsic:
        """``Fn::Split``: the list of parts of ``source``."""
        return FnCall("Fn::Split", [delimiter, source])

    @staticmethod
    def import_value(export_name: str | Intrinsic) -> Intrinsic:
        """``Fn::ImportValue`` of an export of another stack."""
        return FnCall("Fn::ImportValue", export_name)

    @staticmethod
    def find_in_map(mapping: Any, top_key: Any, second_key: Any) -> Intrinsic:
        """``Fn::FindInMap`` in a ``CfnMapping`` (or mapping name)."""
        return FnCall(
            "Fn::FindInMap",
            [_name(mapping, "CfnMapping", "Fn.find_in_map", "mapping"), top_key, second_key],
        )

    @staticmethod
    def base64(value: str | Intrinsic) -> Intrinsic:
        """``Fn::Base64`` of a string."""
        return FnCall("Fn::Base64", value)

    @staticmethod
    def get_azs(region: str | Intrinsic = "") -> Intrinsic:
        """``Fn::GetAZs``: the availability zones of ``region`` (default: the stack's region)."""
        return FnCall("Fn::GetAZs", region)

    @staticmethod
    def cidr(
        ip_block: str | Intrinsic, count: int | Intrinsic, cidr_bits: int | Intrinsic
    ) -> Intrinsic:
        """``Fn::Cidr``: ``count`` blocks of ``cidr_bits`` host bits carved from ``ip_block``."""
        if isinstance(count, int) and not 1 <= count <= 256:
            message = "Fn.cidr takes a count from 1 to 256"
            raise _refusal("Fn.cidr", ("count",), "fn-args", message, count)
        if isinstance(cidr_bits, int) and not 0 <= cidr_bits <= 128:
            message = "Fn.cidr takes cidr_bits from 0 to 128"
            raise _refusal("Fn.cidr", ("cidr_bits",), "fn-args", message, cidr_bits)
        return FnCall("Fn::Cidr", [ip_block, count, cidr_bits])

    @staticmethod
    def length(values: Sequence[Any] | Intrinsic) -> Intrinsic:
        """``Fn::Length`` (needs the ``AWS::LanguageExtensions`` transform)."""
        return FnCall("Fn::Length", values if isinstance(values, Intrinsic) else list(values))

    @staticmethod
    def to_json_string(value: Any) -> Intrinsic:
        """``Fn::ToJsonString`` (needs the ``AWS::LanguageExtensions`` transform)."""
        return FnCall("Fn::ToJsonString", value)

    @staticmethod
    def if_(condition: Any, value_if_true: Any, value_if_false: Any) -> Intrinsic:
        """``Fn::If``: the first value if the condition (construct or name) holds, else the second.

        Use ``Aws.NO_VALUE`` as a branch to leave the property unset.
        """
        if isinstance(condition, ConditionFunction):
            # CloudFormation only takes a condition's name here; an inline expression fails deploy.
            message = "Fn.if_ takes a CfnCondition or a condition name, not an inline expression"
            hint = "wrap it in a CfnCondition"
            raise _refusal("Fn.if_", ("condition",), "type", message, condition, hint=hint)
        return FnCall(
            "Fn::If",
            [
                _name(condition, "CfnCondition", "Fn.if_", "condition"),
                value_if_true,
                value_if_false,
            ],
        )

    @staticmethod
    def equals(left: Any, right: Any) -> ConditionFunction:
        """``Fn::Equals``, for conditions."""
        return ConditionFunction("Fn::Equals", [left, right])

    @staticmethod
    def and_(*conditions: Any) -> ConditionFunction:
        """``Fn::And`` of 2 to 10 condition functions or ``CfnCondition``s."""
        _check_conditions("Fn.and_", conditions)
        return ConditionFunction("Fn::And", [_condition_arg(c) for c in conditions])

    @staticmethod
    def or_(*conditions: Any) -> ConditionFunction:
        """``Fn::Or`` of 2 to 10 condition functions or ``CfnCondition``s."""
        _check_conditions("Fn.or_", conditions)
        return ConditionFunction("Fn::Or", [_condition_arg(c) for c in conditions])

    @staticmethod
    def not_(condition: Any) -> ConditionFunction:
        """``Fn::Not`` of a condition function or ``CfnCondition``."""
        return ConditionFunction("Fn::Not", [_condition_arg(condition)])

    @staticmethod
    def condition(condition: Any) -> ConditionFunction:
        """``{"Condition": name}``: another condition, inside a condition expression."""
        return ConditionFunction(
            "Condition", _name(condition, "CfnCondition", "Fn.condition", "condition")
        )
