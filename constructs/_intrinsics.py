"""Intrinsic function tokens: values CloudFormation only knows at deploy time."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

__all__ = [
    "INTRINSIC_FUNCTIONS",
    "Intrinsic",
    "RawIntrinsic",
    "intrinsic_from_cfn",
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


class Intrinsic:
    """Base of every deploy-time value; validators skip them, ``to_cfn`` renders them."""

    __slots__ = ()

    def to_cfn(self) -> Any:
        """Return the CloudFormation JSON form (``{"Ref": ...}``, ``{"Fn::Sub": ...}``...)."""
        raise NotImplementedError


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
    close = difflib.get_close_matches(key, sorted(INTRINSIC_FUNCTIONS), n=1)
    hint = f"{key} is not an intrinsic function"
    return f"{hint}; did you mean {close[0]}?" if close else hint
