"""Resources: ``CfnResource`` (base of every generated class) and ``RawResource`` (any type).

A resource holds its validated props and the resource attributes CloudFormation knows
(``DependsOn``, ``DeletionPolicy``, ``UpdateReplacePolicy``, ``Condition``, ``Metadata``,
``CreationPolicy``, ``UpdatePolicy``). Properties the schema does not know yet go through the
explicit escape hatch ``add_property_override``; synthesis reports every override it applies.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Generic, NamedTuple, Self, TypeVar

import attrs

from stagewright.core._elements import CfnCondition, CfnElement, _name_of, _owner
from stagewright.core._fn import GetAtt, Ref
from stagewright.core._tree import Construct
from stagewright.runtime._errors import Problem, ValidationError, suggest
from stagewright.runtime._intrinsics import CURRENT_RESOLVER, Intrinsic, render
from stagewright.runtime._props import CfnProperty

if TYPE_CHECKING:
    from stagewright.core._tags import ScopeTags

__all__ = ["CfnResource", "GetAtt", "Override", "RawResource", "Ref", "Tagging"]

P = TypeVar("P", bound=CfnProperty)

DELETION_POLICIES = ("Delete", "Retain", "RetainExceptOnCreate", "Snapshot")
UPDATE_REPLACE_POLICIES = ("Delete", "Retain", "Snapshot")
_DELETE = object()  # an override that removes a key


@attrs.frozen(kw_only=True)
class Tagging:
    """The schema's ``tagging`` block: whether and how the resource takes tags."""

    taggable: bool
    tag_property: str | None = None
    tag_on_create: bool = False
    tag_updatable: bool = False
    cloudformation_system_tags: bool = False


class Override(NamedTuple):
    """One escape-hatch change to a resource's template entry: a key path and its new value."""

    path: tuple[str, ...]
    value: Any

    @property
    def deletes(self) -> bool:
        """Whether the override removes the key instead of setting it."""
        return self.value is _DELETE

    def __str__(self) -> str:
        return ".".join(p.replace(".", "\\.") for p in self.path)


def _split_path(path: str, owner: str) -> tuple[str, ...]:
    """Split ``Properties.A.B`` at dots; ``\\.`` is a literal dot inside a key."""
    parts, current, escaped = [], "", False
    for ch in path:
        if escaped:
            current, escaped = current + ch, False
        elif ch == "\\":
            escaped = True
        elif ch == ".":
            parts.append(current)
            current = ""
        else:
            current += ch
    parts.append(current)
    if not path or any(not p for p in parts):
        message = "an override path is keys separated by dots"
        raise ValidationError([Problem(("path",), "override-path", message, path, owner=owner)])
    return tuple(parts)


class CfnResource(CfnElement, Generic[P]):
    """A CloudFormation resource in the tree; generated subclasses declare the schema facts."""

    SECTION = "Resources"
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
    scope_tags: ScopeTags | None = None
    """The tags its scopes give it (``Tags.of``), set by their aspects at synthesis."""

    def __init__(self, scope: Construct, id: str, props: P) -> None:
        super().__init__(scope, id)
        self.props: P = props
        self.condition: CfnCondition | str | None = None
        """Create the resource only when this condition holds."""
        self.metadata: dict[str, Any] = {}
        """The resource's template ``Metadata``."""
        self.creation_policy: Any = None
        """``CreationPolicy``, as CloudFormation JSON."""
        self.update_policy: Any = None
        """``UpdatePolicy``, as CloudFormation JSON."""
        self._deletion_policy: str | Intrinsic | None = None
        self._update_replace_policy: str | Intrinsic | None = None
        self._depends_on: tuple[CfnResource[Any] | str, ...] = ()  # shared while empty
        self._depends_on_as_string = False
        self.overrides: list[Override] = []
        """The escape-hatch overrides, in the order they were added."""

    @classmethod
    def from_props(cls, scope: Construct, id: str, props: P) -> Self:
        """Add the resource with properties built (and so validated) already.

        What constructs that check a resource's properties before joining the tree use, so
        that they build them once: ``Stage.from_props(self, "Default", StageProps(...))``.
        """
        name = getattr(props, "__cfn_name__", None)
        if name != cls.TYPE_NAME:
            message = f"{cls.__name__}.from_props takes the props of {cls.TYPE_NAME}"
            owner = _owner(scope, id)
            raise ValidationError([Problem(("props",), "type", message, props, owner=owner)])
        resource = cls.__new__(cls)
        CfnResource.__init__(resource, scope, id, props)
        return resource

    @property
    def type_name(self) -> str:
        """The CloudFormation type name."""
        return self.TYPE_NAME

    # -- references

    @property
    def ref(self) -> Ref:
        """A ``Ref`` to this resource."""
        return Ref(self)

    def get_att(self, attribute: str) -> GetAtt:
        """A ``Fn::GetAtt`` of ``attribute``; prefer the typed ``attr_*`` getters.

        The attribute names are the schema's read-only properties (``READ_ONLY_ATTRIBUTES``);
        any other name raises a ``ValidationError`` with the nearest one, since CloudFormation
        would only refuse it at deploy time.
        """
        if attribute not in self.READ_ONLY_ATTRIBUTES:
            raise ValidationError([self._unknown_attribute(attribute)])
        return GetAtt(self, attribute)

    def _unknown_attribute(self, attribute: Any) -> Problem:
        known = self.READ_ONLY_ATTRIBUTES
        if not known:
            hint = f"{self.TYPE_NAME} has no attributes; use .ref"
        else:
            close = suggest(attribute, known)
            hint = (f"{close} " if close else "") + f"attributes: {', '.join(known)}"
        return Problem(
            ("Fn::GetAtt",),
            "attribute",
            f"is not an attribute of {self.TYPE_NAME}",
            attribute,
            hint,
            f"{self.node.path}:",
        )

    # -- resource attributes

    @property
    def deletion_policy(self) -> str | Intrinsic | None:
        """``DeletionPolicy``: ``Delete``, ``Retain``, ``RetainExceptOnCreate`` or ``Snapshot``."""
        return self._deletion_policy

    @deletion_policy.setter
    def deletion_policy(self, value: str | Intrinsic | None) -> None:
        self._deletion_policy = _policy(self, "DeletionPolicy", value, DELETION_POLICIES)

    @property
    def update_replace_policy(self) -> str | Intrinsic | None:
        """``UpdateReplacePolicy``: ``Delete``, ``Retain`` or ``Snapshot``."""
        return self._update_replace_policy

    @update_replace_policy.setter
    def update_replace_policy(self, value: str | Intrinsic | None) -> None:
        self._update_replace_policy = _policy(
            self, "UpdateReplacePolicy", value, UPDATE_REPLACE_POLICIES
        )

    def apply_removal_policy(self, policy: str) -> None:
        """Set both ``DeletionPolicy`` and ``UpdateReplacePolicy`` (``Retain`` keeps the data)."""
        # Check both before setting either: a policy only one of them takes changes neither.
        deletion = _policy(self, "DeletionPolicy", policy, DELETION_POLICIES)
        update_replace = _policy(self, "UpdateReplacePolicy", policy, UPDATE_REPLACE_POLICIES)
        self._deletion_policy, self._update_replace_policy = deletion, update_replace

    def add_depends_on(self, *targets: CfnResource[Any]) -> None:
        """Add ``DependsOn`` entries to resources of the same stack."""
        for target in targets:
            if not isinstance(target, CfnResource):
                message = f"DependsOn takes resources, not {type(target).__name__}"
            elif target is self:
                message = "a resource cannot depend on itself"
            else:
                message = ""
            if message:
                owner = f"{self.node.path}:"
                problem = Problem(("DependsOn",), "depends-on", message, target, owner=owner)
                raise ValidationError([problem])
            if target not in self._depends_on:
                self._depends_on += (target,)

    @property
    def depends_on(self) -> list[CfnResource[Any] | str]:
        """The ``DependsOn`` targets: resources, or logical IDs kept from an imported template."""
        return list(self._depends_on)

    # -- escape hatch

    def add_property_override(self, path: str, value: Any) -> None:
        """Set ``Properties.<path>`` in the output, past the typed props (``A.B``; ``\\.`` escapes).

        For properties the schema does not know yet. Synthesis lists every override it applies
        and still validates the result against the schema; an override the schema does not know is
        reported as a warning, never dropped.
        """
        self.add_override("Properties." + path, value)

    def add_property_deletion_override(self, path: str) -> None:
        """Remove ``Properties.<path>`` from the output."""
        self.overrides.append(
            Override(_split_path("Properties." + path, f"{self.node.path}:"), _DELETE)
        )

    def add_override(self, path: str, value: Any) -> None:
        """Set any key of the template entry: ``UpdatePolicy.X``, ``Properties.Y``..."""
        owner = f"{self.node.path}:"
        if value is None:
            message = "an override value cannot be None"
            hint = "use a deletion override"
            raise ValidationError([Problem(("value",), "required", message, None, hint, owner)])
        self.overrides.append(Override(_split_path(path, owner), value))

    # -- rendering

    def properties_to_cfn(self) -> dict[str, Any]:
        """Return the ``Properties`` from the props (before overrides)."""
        return self.props.to_cfn()

    def to_cfn(self) -> dict[str, Any]:
        """Return the resource's template entry (``Type``, ``Properties``, attributes)."""
        entry: dict[str, Any] = {"Type": self.type_name}
        properties = self.properties_to_cfn()
        if self.scope_tags is not None:
            properties = self.scope_tags.merge(properties)
        if properties:
            entry["Properties"] = properties
        if self._depends_on:
            self._add_depends_on(entry)
        if (
            self.condition is None
            and self._deletion_policy is None
            and self._update_replace_policy is None
            and not self.metadata
            and self.creation_policy is None
            and self.update_policy is None
            and not self.overrides
        ):
            return entry  # the common case: no resource attribute, no escape hatch
        attributes = {
            "Condition": None if self.condition is None else _name_of(self.condition),
            "DeletionPolicy": render(self._deletion_policy),
            "UpdateReplacePolicy": render(self._update_replace_policy),
            "Metadata": render(self.metadata) if self.metadata else None,
            "CreationPolicy": render(self.creation_policy),
            "UpdatePolicy": render(self.update_policy),
        }
        entry.update((k, v) for k, v in attributes.items() if v is not None)
        for override in self.overrides:
            _apply(entry, override)
        return entry

    def _add_depends_on(self, entry: dict[str, Any]) -> None:
        names = [t if isinstance(t, str) else render(_DependsOnName(t)) for t in self._depends_on]
        names = [n for n in names if n is not None]  # other stacks' resources order the stacks
        if names:
            entry["DependsOn"] = (
                names[0] if self._depends_on_as_string and len(names) == 1 else names
            )


class _DependsOnName(Intrinsic):
    """The logical ID of a ``DependsOn`` target, checked by synthesis to be in the same stack."""

    __slots__ = ("target",)

    def __init__(self, target: CfnResource[Any]) -> None:
        self.target = target

    def to_cfn(self) -> Any:
        resolver = CURRENT_RESOLVER.get()
        return resolver.depends_on(self.target) if resolver else self.target.logical_id


def _policy(resource: CfnElement, name: str, value: Any, allowed: tuple[str, ...]) -> Any:
    if value is None or isinstance(value, Intrinsic) or value in allowed:
        return value
    message = f"{name} must be one of {', '.join(allowed)}"
    owner = f"{resource.node.path}:"
    problem = Problem((name,), "enum", message, value, suggest(value, allowed), owner)
    raise ValidationError([problem])


def _apply(entry: dict[str, Any], override: Override) -> None:
    target = entry
    for key in override.path[:-1]:
        child = target.get(key)
        if not isinstance(child, dict):
            if override.deletes:
                return
            child = target[key] = {}
        target = child
    last = override.path[-1]
    if override.deletes:
        target.pop(last, None)
    else:
        target[last] = render(override.value)


class RawResource(CfnResource[Any]):
    """A resource of any type, its properties kept as CloudFormation JSON.

    For types without a generated class (``AWS::SQS::Queue``, SAM's
    ``AWS::Serverless::Function``, ``Custom::*``); typed classes should be preferred. Values may
    contain intrinsics and property objects; they are rendered at synthesis.
    """

    TYPE_NAME = ""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        type: str,
        properties: Mapping[str, Any] | None = None,
    ) -> None:
        """Add a resource of ``type`` with ``properties`` (CloudFormation JSON)."""
        if not isinstance(type, str) or "::" not in type:
            message = "a resource type looks like 'AWS::Service::Resource'"
            owner = _owner(scope, id)
            raise ValidationError([Problem(("type",), "pattern", message, type, owner=owner)])
        if properties is not None and not isinstance(properties, Mapping | Intrinsic):
            message = f"properties must be a mapping, not {properties.__class__.__name__}"
            owner = _owner(scope, id)
            raise ValidationError(
                [Problem(("properties",), "type", message, properties, owner=owner)]
            )
        super().__init__(scope, id, None)
        self._type_name = type
        self.properties: Any = dict(properties) if isinstance(properties, Mapping) else properties
        """The ``Properties``, as given (a mapping, or an intrinsic from an imported template)."""
        self.extra: dict[str, Any] = {}
        """Other keys of an imported entry (SAM's ``Version``...), kept as written."""

    @property
    def type_name(self) -> str:
        """The CloudFormation type name given at construction."""
        return self._type_name

    def get_att(self, attribute: str) -> GetAtt:
        """A ``Fn::GetAtt`` of ``attribute`` (not checked: the type has no schema here)."""
        return GetAtt(self, attribute)

    def properties_to_cfn(self) -> Any:
        """Return the properties rendered."""
        return render(self.properties) if self.properties is not None else {}

    def to_cfn(self) -> dict[str, Any]:
        """Return the template entry, with imported extra keys kept."""
        entry = super().to_cfn()
        if self.properties is not None and "Properties" not in entry and not self.overrides:
            entry["Properties"] = self.properties_to_cfn()  # keep an explicit empty mapping
        for key, value in self.extra.items():
            entry.setdefault(key, value)
        return entry
