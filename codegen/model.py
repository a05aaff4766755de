"""The intermediate model between a parsed schema and the rendered module: small attrs nodes."""

from __future__ import annotations

from typing import Any

import attrs

__all__ = [
    "ClassModel",
    "FieldModel",
    "ResourceModel",
    "RuleModel",
    "TaggingModel",
    "Target",
    "TypeModel",
]


@attrs.frozen
class TypeModel:
    """The type of one value: its kind, its constraints and what it contains."""

    kind: str
    """One of string, integer, number, boolean, object, list, map, union, json, any."""
    constraints: tuple[tuple[str, Any], ...] = ()
    """Keyword arguments of the runtime kind factory, sorted by name."""
    ref: str | None = None
    """For ``object``: the class name."""
    item: TypeModel | None = None
    """For ``list``: the item type."""
    entries: tuple[tuple[str | None, TypeModel], ...] = ()
    """For ``map``: (key pattern, value type) pairs; a None pattern accepts any key."""
    options: tuple[TypeModel, ...] = ()
    """For ``union``: the alternatives."""


@attrs.frozen
class FieldModel:
    """One property of a class."""

    attr: str
    cfn_name: str
    type: TypeModel
    required: bool
    description: str


@attrs.frozen
class RuleModel:
    """A class-level ``oneOf``/``anyOf``/``allOf`` rule over required-lists or nested rules."""

    keyword: str
    alternatives: tuple[tuple[str, ...] | RuleModel, ...]

    def names(self) -> set[str]:
        """Every property name the rule mentions."""
        out: set[str] = set()
        for a in self.alternatives:
            out |= a.names() if isinstance(a, RuleModel) else set(a)
        return out


@attrs.frozen
class ClassModel:
    """A generated attrs class: the props class or a nested property type."""

    name: str
    cfn_name: str
    """The name used in messages: the type name for props, the definition name otherwise."""
    description: str
    fields: tuple[FieldModel, ...]
    rules: tuple[RuleModel, ...] = ()
    unenforced: tuple[str, ...] = ()
    """Class-level combinators of the schema that the class does not check (``if``/``then``...)."""


@attrs.frozen
class TaggingModel:
    """The schema's tagging block."""

    taggable: bool
    tag_property: str | None
    tag_on_create: bool
    tag_updatable: bool
    cloudformation_system_tags: bool


@attrs.frozen
class ResourceModel:
    """Everything one generated module says about one resource type."""

    type_name: str
    package: str
    module: str
    class_name: str
    description: str
    props: ClassModel
    classes: tuple[ClassModel, ...]
    """Nested property types, in dependency-free (sorted by name) order."""
    primary_identifier: tuple[str, ...]
    create_only: tuple[str, ...]
    write_only: tuple[str, ...]
    read_only: tuple[str, ...]
    """GetAtt attribute names (``Arn``, ``RootResourceId``, ``Foo.Bar``)."""
    tagging: TaggingModel | None
    source: str
    """Which vendored file (and patch) the module came from."""


@attrs.frozen
class Target:
    """Which package a generated tree becomes, and how its files name their origin."""

    package: str = "stagewright.generated"
    """The tree's import name: the index in its ``__init__`` names modules under it."""
    command: str = "stagewright codegen"
    """The command that regenerates the tree, named in every file's header."""
    schemas: str = "schemas"
    """The schemas folder as the headers name it (``<schemas>/<file> + <schemas>/patches/...``)."""
