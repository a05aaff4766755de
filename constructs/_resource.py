"""Base of every generated resource class: a construct holding validated props."""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

import attrs

from stagewright._intrinsics import Intrinsic
from stagewright._props import CfnProperty
from stagewright._tree import Construct

__all__ = ["CfnResource", "GetAtt", "Ref", "Tagging"]

P = TypeVar("P", bound=CfnProperty)


@attrs.frozen(kw_only=True)
class Tagging:
    """The schema's ``tagging`` block: whether and how the resource takes tags."""

    taggable: bool
    tag_property: str | None = None
    tag_on_create: bool = False
    tag_updatable: bool = False
    cloudformation_system_tags: bool = False


class Ref(Intrinsic):
    """``{"Ref": ...}`` to a resource of this app, resolved to its logical ID."""

    __slots__ = ("target",)

    def __init__(self, target: CfnResource[Any]) -> None:
        self.target = target

    def to_cfn(self) -> Any:
        """Return ``{"Ref": <logical id>}``."""
        return {"Ref": self.target.logical_id}

    def __repr__(self) -> str:
        return f"Ref({self.target.node.path!r})"


class GetAtt(Intrinsic):
    """``{"Fn::GetAtt": [logical id, attribute]}`` of a resource of this app."""

    __slots__ = ("attribute", "target")

    def __init__(self, target: CfnResource[Any], attribute: str) -> None:
        self.target, self.attribute = target, attribute

    def to_cfn(self) -> Any:
        """Return ``{"Fn::GetAtt": [<logical id>, <attribute>]}``."""
        return {"Fn::GetAtt": [self.target.logical_id, self.attribute]}

    def __repr__(self) -> str:
        return f"GetAtt({self.target.node.path!r}, {self.attribute!r})"


class CfnResource(Construct, Generic[P]):
    """A CloudFormation resource in the tree; generated subclasses declare the schema facts."""

    TYPE_NAME: ClassVar[str]
    """The CloudFormation type name, e.g. ``AWS::ApiGateway::Stage``."""
    PRIMARY_IDENTIFIER: ClassVar[tuple[str, ...]] = ()
    """Properties that identify a deployed resource."""
    CREATE_ONLY_PROPERTIES: ClassVar[tuple[str, ...]] = ()
    """Properties whose change replaces the resource (paths like ``RestApiId``)."""
    WRITE_ONLY_PROPERTIES: ClassVar[tuple[str, ...]] = ()
    """Properties CloudFormation accepts but never returns."""
    READ_ONLY_ATTRIBUTES: ClassVar[tuple[str, ...]] = ()
    """Attributes available through ``Fn::GetAtt``."""
    TAGGING: ClassVar[Tagging | None] = None
    """How the resource takes tags, or None if the schema does not say."""

    def __init__(self, scope: Construct, id: str, props: P) -> None:
        super().__init__(scope, id)
        self.props: P = props

    @property
    def logical_id(self) -> str:
        """The logical ID in the template: the construct id with non-alphanumerics removed."""
        return "".join(ch for ch in self.node.id if ch.isascii() and ch.isalnum())

    @property
    def ref(self) -> Ref:
        """A ``Ref`` to this resource."""
        return Ref(self)

    def get_att(self, attribute: str) -> GetAtt:
        """A ``Fn::GetAtt`` of ``attribute``; prefer the typed ``attr_*`` getters."""
        if attribute not in self.READ_ONLY_ATTRIBUTES:
            known = ", ".join(self.READ_ONLY_ATTRIBUTES) or "none"
            raise ValueError(f"{self.TYPE_NAME} has no attribute {attribute!r} (known: {known})")
        return GetAtt(self, attribute)

    def to_cfn(self) -> dict[str, Any]:
        """Return the resource's template entry (``Type`` and ``Properties``)."""
        entry: dict[str, Any] = {"Type": self.TYPE_NAME}
        properties = self.props.to_cfn()
        if properties:
            entry["Properties"] = properties
        return entry
