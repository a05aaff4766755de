"""Intrinsic function tokens: values CloudFormation only knows at deploy time."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["Intrinsic", "RawIntrinsic", "intrinsic_from_cfn"]

# Keys that make a one-key mapping an intrinsic function in a template.
_INTRINSIC_KEYS = frozenset({"Ref", "Condition"})


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
        if isinstance(key, str) and (key in _INTRINSIC_KEYS or key.startswith("Fn::")):
            return RawIntrinsic(raw)
    return None
