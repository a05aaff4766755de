"""Intrinsic function tokens: values CloudFormation only knows at deploy time."""

from __future__ import annotations

from collections.abc import Mapping
from contextvars import ContextVar
from typing import Any, Protocol

from stagewright.runtime._errors import nearest

__all__ = [
    "INTRINSIC_FUNCTIONS",
    "Intrinsic",
    "RawIntrinsic",
    "Referenceable",
    "Resolver",
    "if_branches",
    "intrinsic_from_cfn",
    "render",
    "unknown_function",
]

# The functions CloudFormation evaluates inside a property value (a one-key mapping with one of
# these keys). ``Condition`` only appears inside condition functions, whose arguments stay raw.
INTRINSIC_FUNCTIONS = frozenset(
    {
        "Ref",
        "Fn::And",
        "Fn::Base64",
        "Fn::Cidr",
        "Fn::Equals",
        "Fn::FindInMap",
        "Fn::GetAtt",
        "Fn::GetAZs",
        "Fn::If",
        "Fn::ImportValue",
        "Fn::Join",
        "Fn::Length",
        "Fn::Not",
        "Fn::Or",
        "Fn::Select",
        "Fn::Split",
        "Fn::Sub",
        "Fn::ToJsonString",
        "Fn::Transform",
    }
)


class Referenceable(Protocol):
    """An element of a stack that ``Ref`` and ``Fn::GetAtt`` can point at."""

    @property
    def logical_id(self) -> str: ...


class Resolver(Protocol):
    """What synthesis installs while it renders one stack: it turns references into JSON."""

    def reference(self, target: Any, attribute: str | None) -> Any:
        """Return the JSON for a ``Ref`` (attribute None) or ``Fn::GetAtt`` of ``target``."""
        ...

    def name_of(self, target: Any) -> str:
        """Return the logical ID of a condition or mapping of the stack being rendered."""
        ...

    def depends_on(self, target: Any) -> str | None:
        """Return the ``DependsOn`` name of ``target``, or None when it orders stacks instead."""
        ...


# Set by synthesis for the stack being rendered; None outside synthesis (references then render
# as plain same-stack Ref/GetAtt).
CURRENT_RESOLVER: ContextVar[Resolver | None] = ContextVar("stagewright_resolver", default=None)


class Intrinsic:
    """Base of every deploy-time value; validators skip them, ``to_cfn`` renders them."""

    __slots__ = ()

    def to_cfn(self) -> Any:
        """Return the CloudFormation JSON form (``{"Ref": ...}``, ``{"Fn::Sub": ...}``...)."""
        raise NotImplementedError


def render(value: Any) -> Any:
    """Return the template JSON of ``value``: intrinsics and property objects rendered, deeply."""
    if isinstance(value, Intrinsic):
        return value.to_cfn()
    if isinstance(value, str | bool | int | float) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): render(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [render(v) for v in value]
    to_cfn = getattr(value, "to_cfn", None)
    if to_cfn is not None:
        return to_cfn()
    raise TypeError(f"cannot put a {type(value).__name__} into a template: {value!r}")


class RawIntrinsic(Intrinsic):
    """An intrinsic function read from a template, kept exactly as written."""

    __slots__ = ("value",)

    def __init__(self, value: Mapping[str, Any]) -> None:
        self.value = value

    def to_cfn(self) -> Any:
        """Return the mapping as it was read."""
        return self.value

    @property
    def function(self) -> str:
        """The function name: ``Ref``, ``Fn::GetAtt``..."""
        return next(iter(self.value))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RawIntrinsic) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.function)

    def __repr__(self) -> str:
        return f"RawIntrinsic({self.value!r})"


def intrinsic_from_cfn(raw: Any) -> Intrinsic | None:
    """Wrap ``raw`` if it is a one-key ``{"Ref": ...}`` or ``{"Fn::...": ...}``; else None."""
    if isinstance(raw, Mapping) and len(raw) == 1:
        (key,) = raw
        if key in INTRINSIC_FUNCTIONS:
            return RawIntrinsic(raw)
    return None


def unknown_function(value: Any) -> str | None:
    """Return a hint if ``value`` looks like a misspelt intrinsic (``{"Fn::Sbu": ...}``)."""
    if not (isinstance(value, Mapping) and len(value) == 1):
        return None
    (key,) = value
    if not isinstance(key, str) or not (key.startswith("Fn::") or key.lower() == "ref"):
        return None
    close = nearest(key, sorted(INTRINSIC_FUNCTIONS))
    hint = f"{key} is not an intrinsic function"
    return f"{hint}; did you mean {close}?" if close else hint


_NO_VALUE = {"Ref": "AWS::NoValue"}


def if_branches(value: Any) -> tuple[Any, ...]:
    """Return the two values an ``Fn::If`` chooses between (``AWS::NoValue`` left out), else ().

    Both must suit the property the ``Fn::If`` is given to: CloudFormation refuses the
    template (cfn-lint's E3012) whichever way the condition turns out.
    """
    function = getattr(value, "function", None)
    if function != "Fn::If":
        return ()
    args = value.args if hasattr(value, "args") else value.value.get("Fn::If")
    if not isinstance(args, list | tuple) or len(args) != 3:
        return ()
    return tuple(
        branch
        for branch in args[1:]
        if branch is not None
        and branch != _NO_VALUE
        and getattr(branch, "name", None) != "AWS::NoValue"
    )
