"""Tags: ``Tags.of(scope).add(key, value)`` tags every taggable resource below ``scope``.

Each call adds an aspect (``Aspects``), so the tags are applied at synthesis and reach resources
created after the call too. A resource takes them only if its registry schema says it is taggable
and names its tag property (``CfnResource.TAGGING``); the property's shape comes from the
generated field: a list of ``{"Key", "Value"}`` (``AWS::ApiGateway::*``) or a string map
(most of ``AWS::ApiGatewayV2::*``). ``RawResource`` and types without tagging metadata are
skipped.

Priority, as in AWS CDK: a tag the resource sets itself (in its props, or by an override) wins
over one from a scope; among scopes, the nearer scope wins (aspects are applied top-down), and
at one scope the later call wins, so ``remove`` undoes an outer ``add`` and an inner ``add`` an
outer ``remove``. ``remove`` never takes away a tag the resource sets itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Literal

from stagewright.core._resource import CfnResource
from stagewright.core._tree import Annotations, Aspects, Construct
from stagewright.runtime._errors import Problem, ValidationError
from stagewright.runtime._intrinsics import Intrinsic, render
from stagewright.runtime._props import cfn_fields
from stagewright.runtime.kinds._container import ListKind, MapKind

__all__ = ["ScopeTags", "Tags"]

MAX_KEY_LENGTH = 128
MAX_VALUE_LENGTH = 256
RESERVED_PREFIX = "aws:"

Shape = Literal["list", "map"]


class Tags:
    """The tags a scope gives the resources below it: ``Tags.of(stack).add("team", "shop")``."""

    __slots__ = ("_scope",)

    def __init__(self, scope: Construct) -> None:
        self._scope = scope

    @classmethod
    def of(cls, scope: Construct) -> Tags:
        """Return the tags of ``scope`` (an app, a stack, any construct, or one resource)."""
        if not isinstance(scope, Construct):
            message = f"Tags.of takes a construct, not {type(scope).__name__}"
            raise ValidationError([Problem(("scope",), "type", message, scope, owner="Tags.of:")])
        return cls(scope)

    def add(
        self,
        key: str,
        value: str | Intrinsic,
        *,
        include_resource_types: Iterable[str] = (),
        exclude_resource_types: Iterable[str] = (),
    ) -> None:
        """Tag every taggable resource below the scope (of the included types, if any given)."""
        self._check(key, value)
        aspect = _TagAspect(key, value, include_resource_types, exclude_resource_types)
        Aspects.of(self._scope).add(aspect)

    def remove(
        self,
        key: str,
        *,
        include_resource_types: Iterable[str] = (),
        exclude_resource_types: Iterable[str] = (),
    ) -> None:
        """Take back a tag an outer scope (or an earlier call) adds; resources' own tags stay."""
        self._check(key, None)
        aspect = _TagAspect(key, None, include_resource_types, exclude_resource_types)
        Aspects.of(self._scope).add(aspect)

    def _check(self, key: Any, value: Any) -> None:
        path = self._scope.node.path
        owner = f"{path}:" if path else ""
        problems = []
        if not isinstance(key, str) or not key:
            message = "a tag key is a non-empty string"
            problems.append(Problem(("Tags", "key"), "type", message, key, owner=owner))
        elif key.lower().startswith(RESERVED_PREFIX):
            message = "a tag key starting with 'aws:' is reserved for AWS's own tags"
            hint = "choose another key"
            problems.append(Problem(("Tags", "key"), "pattern", message, key, hint, owner))
        elif len(key) > MAX_KEY_LENGTH:
            message = f"a tag key is at most {MAX_KEY_LENGTH} characters"
            problems.append(Problem(("Tags", "key"), "maxLength", message, key, owner=owner))
        if value is not None and not isinstance(value, str | Intrinsic):
            message = "a tag value is a string (or an intrinsic such as a parameter's value)"
            problems.append(Problem(("Tags", "value"), "type", message, value, owner=owner))
        elif isinstance(value, str) and len(value) > MAX_VALUE_LENGTH:
            message = f"a tag value is at most {MAX_VALUE_LENGTH} characters"
            problems.append(Problem(("Tags", "value"), "maxLength", message, value, owner=owner))
        if problems:
            raise ValidationError(problems)


class ScopeTags:
    """The tags a resource receives from its scopes at this synthesis, and how it takes them."""

    __slots__ = ("property", "shape", "tags")

    def __init__(self, property: str, shape: Shape) -> None:
        self.property, self.shape = property, shape
        self.tags: dict[str, str | Intrinsic] = {}

    def merge(self, properties: dict[str, Any]) -> dict[str, Any]:
        """Return ``properties`` with the scope tags the resource does not set itself added."""
        if not self.tags:
            return properties
        own = properties.get(self.property)
        added = sorted(self.tags.items())
        if self.shape == "list":
            if own is not None and not isinstance(own, list):
                return properties  # an intrinsic: warned about when the aspect ran
            own = own or []
            keys = {t.get("Key") for t in own if isinstance(t, dict)}
            extra = [{"Key": k, "Value": render(v)} for k, v in added if k not in keys]
            merged: Any = [*own, *extra]
        else:
            if own is not None and (not isinstance(own, dict) or _is_intrinsic(own)):
                return properties
            own = own or {}
            merged = {**own, **{k: render(v) for k, v in added if k not in own}}
        return {**properties, self.property: merged}


def _is_intrinsic(value: dict[str, Any]) -> bool:
    return len(value) == 1 and next(iter(value)).startswith(("Fn::", "Ref"))


class _TagAspect:
    """One ``Tags.add`` or ``Tags.remove`` call (compared by identity: each call counts)."""

    __slots__ = ("exclude", "include", "key", "value")

    def __init__(
        self,
        key: str,
        value: str | Intrinsic | None,
        include: Iterable[str],
        exclude: Iterable[str],
    ) -> None:
        self.key, self.value = key, value
        self.include, self.exclude = frozenset(include), frozenset(exclude)

    def visit(self, construct: Construct) -> None:
        """Record the tag (or its removal) on a taggable resource."""
        if not isinstance(construct, CfnResource):
            return
        type_name = construct.type_name
        if (self.include and type_name not in self.include) or type_name in self.exclude:
            return
        tags = _scope_tags(construct)
        if tags is None:
            return
        if self.value is None:
            tags.tags.pop(self.key, None)
        else:
            tags.tags[self.key] = self.value


def _scope_tags(resource: CfnResource[Any]) -> ScopeTags | None:
    """The resource's ``ScopeTags`` (made on first use), or None if it takes no tags."""
    if resource.scope_tags is not None:
        return resource.scope_tags
    tagging = resource.TAGGING
    if tagging is None or not tagging.taggable or not tagging.tag_property:
        return None
    found = _field(resource, tagging.tag_property)
    if found is None:
        return None
    attr, shape = found
    own = getattr(resource.props, attr)
    if isinstance(own, Intrinsic):
        Annotations.of(resource).add_warning(
            f"{tagging.tag_property} is set with an intrinsic function, so the tags of its "
            "scopes (Tags.of) cannot be added to it; write them into that value yourself"
        )
        return None
    resource.scope_tags = ScopeTags(tagging.tag_property, shape)
    return resource.scope_tags


def _field(resource: CfnResource[Any], name: str) -> tuple[str, Shape] | None:
    """The props attribute holding tag property ``name`` and its shape, if the props have it."""
    if resource.props is None:
        return None
    for field in cfn_fields(type(resource.props)):
        if field.cfn == name:
            if isinstance(field.kind, ListKind):
                return field.attr, "list"
            if isinstance(field.kind, MapKind):
                return field.attr, "map"
    return None
