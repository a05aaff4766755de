"""Import an existing template (JSON, or YAML with ``!Ref``-style short forms) into a stack.

Every element keeps its logical ID. Resources are children of the stack with their logical ID as
construct id; parameters, mappings, conditions and outputs get ids with their section
(``Parameters.Env``, ``Outputs.Url``), since a template may reuse a resource's ID there.

Resources whose type has a generated class become typed resources (their properties validated);
other types (``AWS::SQS::Queue``, SAM's ``AWS::Serverless::*``, ``Custom::*``) become
``RawResource``s kept as written. ``Rules``, ``Globals`` and the template-level keys are kept on
the stack. Synthesizing the stack again gives an equal template (CloudFormation's string forms
of booleans and numbers, ``"true"``/``"5"``, come back typed in the typed resources).
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

import attrs

from stagewright.core._elements import CfnCondition, CfnElement, CfnMapping, CfnOutput, CfnParameter
from stagewright.core._logical_ids import check_logical_id
from stagewright.core._resource import CfnResource, RawResource
from stagewright.core._stack import Stack
from stagewright.core._tree import Annotations, Construct
from stagewright.runtime._errors import ProblemsError, ValidationError
from stagewright.synth._checks import props_class, resource_class

__all__ = [
    "IncludedTemplate",
    "TemplateImportError",
    "include_template",
    "stack_from_template",
]

T = TypeVar("T")

_TEMPLATE_KEYS = (
    "AWSTemplateFormatVersion",
    "Description",
    "Metadata",
    "Transform",
    "Parameters",
    "Rules",
    "Mappings",
    "Conditions",
    "Resources",
    "Outputs",
)
# Sections CloudFormation (or its SAM transform) also accepts, kept as written.
_KEPT_SECTIONS = ("Globals", "Hooks")
_RESOURCE_ATTRIBUTES = (
    "Type",
    "Properties",
    "DependsOn",
    "Condition",
    "DeletionPolicy",
    "UpdateReplacePolicy",
    "Metadata",
    "CreationPolicy",
    "UpdatePolicy",
)


class TemplateImportError(ProblemsError):
    """A template could not be imported; ``problems`` lists every reason, location first."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        super().__init__(f"{source}:", problems)


@attrs.frozen
class IncludedTemplate:
    """The elements an import created, by logical ID, to build upon."""

    stack: Stack
    resources: dict[str, CfnResource[Any]]
    parameters: dict[str, CfnParameter]
    conditions: dict[str, CfnCondition]
    mappings: dict[str, CfnMapping]
    outputs: dict[str, CfnOutput]

    def get_resource(self, logical_id: str) -> CfnResource[Any]:
        """Return the imported resource ``logical_id`` (typed when its type has a class)."""
        return _get(self.resources, logical_id, "resource")

    def get_parameter(self, logical_id: str) -> CfnParameter:
        """Return the imported parameter ``logical_id``."""
        return _get(self.parameters, logical_id, "parameter")

    def get_condition(self, logical_id: str) -> CfnCondition:
        """Return the imported condition ``logical_id``."""
        return _get(self.conditions, logical_id, "condition")


def _get(found: Mapping[str, T], logical_id: str, what: str) -> T:
    if logical_id in found:
        return found[logical_id]
    close = difflib.get_close_matches(logical_id, list(found), n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise KeyError(f"the template has no {what} {logical_id!r}{hint}")


def _read(source: str | Path | Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    if isinstance(source, Mapping):
        return "(template)", source
    if not isinstance(source, str | os.PathLike):
        # A parsed document that is no template (a list...); a file's is a TemplateError.
        message = f"(template): must be a mapping of sections, not {type(source).__name__}"
        raise TemplateImportError("(template)", [message])
    from stagewright.template._yaml import load_template  # noqa: PLC0415 - yaml is only needed here

    path = Path(source)
    return str(path), load_template(path)


class _Importer:
    """State of one import: the stack, strictness, problems and what was created."""

    def __init__(self, stack: Stack, name: str, *, strict: bool) -> None:
        self.stack, self.name, self.strict = stack, name, strict
        self.problems: list[str] = []

    def element(self, section: str, logical_id: Any, make: Callable[[str], CfnElement]) -> Any:
        """Create one element with ``make(id)``, pin its logical ID, and collect failures."""
        where = f"{section}.{logical_id}"
        problem = check_logical_id(logical_id)
        if problem:
            self.problems.append(f"{where}: logical ID {problem}")
            return None
        try:
            created = make(logical_id)
        except ValidationError as exc:
            # Re-root at the template location; the entry is the construct's argument there.
            for p in exc.problems:
                path = p.path[1:] if p.path[:1] in (("mapping",), ("expression",)) else p.path
                self.problems.append(str(p.at(where, path)))
            return None
        except (ValueError, TypeError, KeyError) as exc:
            self.problems.append(f"{where}: {exc}")
            return None
        created.override_logical_id(logical_id)
        return created

    def section(self, template: Mapping[str, Any], name: str) -> Mapping[str, Any]:
        value = template.get(name, {})
        if not isinstance(value, Mapping):
            self.problems.append(f"{name}: must be a mapping, not {type(value).__name__}")
            return {}
        return value


def _typed(
    importer: _Importer, cls: Any, logical_id: str, entry: Mapping[str, Any]
) -> CfnResource[Any] | None:
    """Build a typed resource from ``entry``'s Properties, or None if they do not validate."""
    properties = entry.get("Properties", {})
    props_cls = props_class(cls)
    try:
        props = props_cls.from_cfn(properties)
    except ValidationError as exc:
        if importer.strict:
            importer.problems.extend(f"Resources.{logical_id}: {p}" for p in exc.problems)
            return None
        raw = RawResource(importer.stack, logical_id, type=cls.TYPE_NAME, properties=properties)
        Annotations.of(raw).add_warning(
            f"imported as an untyped resource: its properties break the schema ({exc})"
        )
        return raw
    resource: CfnResource[Any] = cls.__new__(cls)
    CfnResource.__init__(resource, importer.stack, logical_id, props)
    return resource


def _resource(importer: _Importer, logical_id: str, entry: Any) -> CfnResource[Any]:
    if not isinstance(entry, Mapping) or not isinstance(entry.get("Type"), str):
        raise ValueError("a resource must be a mapping with a string Type")
    unknown = [k for k in entry if k not in _RESOURCE_ATTRIBUTES]
    cls = resource_class(entry["Type"])
    typed_ok = cls is not None and isinstance(entry.get("Properties", {}), Mapping)
    if unknown and importer.strict and typed_ok:
        close = difflib.get_close_matches(str(unknown[0]), _RESOURCE_ATTRIBUTES, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise ValueError(f"unknown resource attribute {unknown[0]!r}{hint}")
    resource: CfnResource[Any] | None = None
    if typed_ok and not unknown:
        resource = _typed(importer, cls, logical_id, entry)
        if resource is None:
            raise _CollectedError
    else:
        resource = RawResource(
            importer.stack, logical_id, type=entry["Type"], properties=entry.get("Properties")
        )
        resource.extra = {k: entry[k] for k in unknown}
    _attributes(resource, entry)
    return resource


class _CollectedError(Exception):
    """The resource's problems were already recorded."""


def _attributes(resource: CfnResource[Any], entry: Mapping[str, Any]) -> None:
    depends = entry.get("DependsOn")
    if depends is not None:
        names = [depends] if isinstance(depends, str) else depends
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ValueError(f"DependsOn must be a logical ID or a list of them, not {depends!r}")
        resource._depends_on = tuple(names)
        resource._depends_on_as_string = isinstance(depends, str)
    resource.condition = entry.get("Condition")
    resource.deletion_policy = entry.get("DeletionPolicy")
    resource.update_replace_policy = entry.get("UpdateReplacePolicy")
    metadata = entry.get("Metadata")
    if metadata is not None:
        if not isinstance(metadata, Mapping):
            raise ValueError(f"Metadata must be a mapping, not {metadata!r}")
        resource.metadata = dict(metadata)
    resource.creation_policy = entry.get("CreationPolicy")
    resource.update_policy = entry.get("UpdatePolicy")


def _template_options(importer: _Importer, template: Mapping[str, Any]) -> None:
    stack = importer.stack
    for key, attribute in (
        ("AWSTemplateFormatVersion", "template_format_version"),
        ("Description", "description"),
        ("Transform", "transform"),
    ):
        if key not in template:
            continue
        current, value = getattr(stack, attribute), template[key]
        default = key == "AWSTemplateFormatVersion" and current == "2010-09-09"
        if current is not None and current != value and not default:
            importer.problems.append(f"{key}: {value!r} differs from the stack's {current!r}")
        else:
            setattr(stack, attribute, value)
    for key, target in (("Metadata", stack.metadata), ("Rules", stack.rules)):
        for name, value in importer.section(template, key).items():
            if name in target and target[name] != value:
                importer.problems.append(f"{key}.{name}: differs from the stack's")
            target[name] = value
    for key in template:
        if key in _TEMPLATE_KEYS:
            continue
        if key in _KEPT_SECTIONS or not importer.strict:
            stack.extra_sections[key] = template[key]
        else:
            close = difflib.get_close_matches(str(key), _TEMPLATE_KEYS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            importer.problems.append(
                f"{key}: not a CloudFormation template section ({hint}sections: "
                f"{', '.join(_TEMPLATE_KEYS)})"
            )


def _prefixed(section: str, make: Callable[[str], CfnElement]) -> Callable[[str], CfnElement]:
    return lambda logical_id: make(f"{section}.{logical_id}")


def include_template(
    stack: Stack, source: str | Path | Mapping[str, Any], *, strict: bool = True
) -> IncludedTemplate:
    """Add every element of a template file (or mapping) to ``stack``, keeping logical IDs.

    With ``strict`` (the default) any problem (a property that breaks its schema, an unknown
    section or resource attribute) raises ``TemplateImportError`` listing all of them, and the
    stack should be discarded. With ``strict=False`` such resources are kept untyped, as written,
    with a warning on each.
    """
    name, template = _read(source)
    importer = _Importer(stack, name, strict=strict)
    _template_options(importer, template)
    scope: Construct = stack
    found: dict[str, dict[str, Any]] = {}
    # For each section: given a template entry, a function that creates it under a construct id.
    makers: dict[str, Callable[[Any], Callable[[str], CfnElement]]] = {
        "Parameters": lambda e: lambda i: CfnParameter.from_cfn(scope, i, e),
        "Mappings": lambda e: lambda i: CfnMapping(scope, i, mapping=e),
        "Conditions": lambda e: lambda i: CfnCondition(scope, i, expression=e),
        "Resources": lambda e: lambda i: _resource(importer, i, e),
        "Outputs": lambda e: lambda i: CfnOutput.from_cfn(scope, i, e),
    }
    for section, maker in makers.items():
        found[section] = {}
        for logical_id, entry in importer.section(template, section).items():
            # Resources keep their logical ID as construct id; the other sections may reuse a
            # resource's logical ID, so their construct ids carry the section: "Outputs.Url".
            make = maker(entry)
            build = make if section == "Resources" else _prefixed(section, make)
            try:
                created = importer.element(section, logical_id, build)
            except _CollectedError:
                continue
            if created is not None:
                found[section][logical_id] = created
    if importer.problems:
        raise TemplateImportError(name, importer.problems)
    return IncludedTemplate(
        stack=stack,
        resources=found["Resources"],
        parameters=found["Parameters"],
        conditions=found["Conditions"],
        mappings=found["Mappings"],
        outputs=found["Outputs"],
    )


def stack_from_template(
    scope: Construct,
    id: str,
    source: str | Path | Mapping[str, Any],
    *,
    stack_name: str | None = None,
    strict: bool = True,
) -> tuple[Stack, IncludedTemplate]:
    """Create a stack holding exactly the template's elements (see ``include_template``)."""
    stack = Stack(scope, id, stack_name=stack_name, template_format_version=None)
    return stack, include_template(stack, source, strict=strict)
