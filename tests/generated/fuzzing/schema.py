"""A patched registry schema as the fuzzers read it, and a JSON Schema validator as the oracle.

``SchemaView`` resolves ``$ref`` and ``allOf`` and builds the node a resource's ``Properties``
must match (read-only properties are outputs, so they are left out, as the generator does).
``Oracle`` is jsonschema's Draft 7 validator with ``pattern`` and ``patternProperties`` read
the way CloudFormation reads them (see ``regexes``): it decides what "schema-valid" means.
"""

from __future__ import annotations

import copy
import functools
import json
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from jsonschema import Draft7Validator, ValidationError
from jsonschema.validators import extend
from referencing.exceptions import Unresolvable

from stagewright.codegen.load import load_schemas

from . import regexes

__all__ = ["Oracle", "SchemaView", "vendored_view", "view_of_file"]

_COMBINATORS = ("oneOf", "anyOf", "allOf")


class SchemaView:
    """One registry schema (patched): its ``Properties`` node, definitions and references."""

    def __init__(self, schema: Mapping[str, Any]) -> None:
        self.schema = schema
        self.type_name = str(schema.get("typeName", ""))
        self.definitions: Mapping[str, Any] = schema.get("definitions") or {}

    @functools.cached_property
    def properties_node(self) -> dict[str, Any]:
        """The schema of a ``Properties`` mapping: writable properties, closed to others."""
        read_only = {
            p.split("/")[2]
            for p in self.schema.get("readOnlyProperties") or []
            if p.startswith("/properties/") and p.count("/") == 2
        }
        properties = {
            k: v for k, v in (self.schema.get("properties") or {}).items() if k not in read_only
        }
        node: dict[str, Any] = {
            "type": "object",
            "properties": properties,
            "additionalProperties": False,
        }
        required = [r for r in self.schema.get("required") or [] if r in properties]
        if required:
            node["required"] = required
        for keyword in (*_COMBINATORS, "dependencies"):
            if keyword in self.schema:
                node[keyword] = self.schema[keyword]
        return node

    def lookup(self, ref: str) -> dict[str, Any]:
        """Return the node ``ref`` names: ``#/definitions/X`` or ``#/properties/X``."""
        for prefix, table in (
            ("#/definitions/", self.definitions),
            ("#/properties/", self.schema.get("properties") or {}),
        ):
            if ref.startswith(prefix) and isinstance(table.get(ref[len(prefix) :]), dict):
                found: dict[str, Any] = table[ref[len(prefix) :]]
                return found
        raise KeyError(f"{self.type_name}: unresolvable $ref {ref!r}")

    def resolve(self, node: Any, seen: frozenset[str] = frozenset()) -> dict[str, Any]:
        """Follow ``$ref`` (siblings ignored, as in Draft 7) and merge ``allOf`` parts."""
        if not isinstance(node, dict):
            return {}
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref in seen:
                return {}
            return self.resolve(self.lookup(ref), seen | {ref})
        if isinstance(node.get("allOf"), list) and not _is_presence_rule(node["allOf"]):
            merged = {k: v for k, v in node.items() if k != "allOf"}
            for part in node["allOf"]:
                merged = _merge(merged, self.resolve(part, seen))
            return merged
        return node


def _is_presence_rule(alternatives: list[Any]) -> bool:
    """Tell whether combinator alternatives only say which properties must be set."""
    allowed = {"required", "properties", "description", "$comment", "type", *_COMBINATORS}
    return all(
        isinstance(a, dict)
        and set(a) <= allowed
        and all(v in ({}, None) for v in (a.get("properties") or {}).values())
        for a in alternatives
    )


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for key, value in b.items():
        if key == "properties" and isinstance(out.get(key), dict) and isinstance(value, dict):
            merged = dict(out[key])
            for name, sub in value.items():
                # A name both parts constrain must meet both constraints.
                merged[name] = {"allOf": [merged[name], sub]} if name in merged else sub
            out[key] = merged
        elif key == "required" and isinstance(out.get(key), list):
            out[key] = [*out[key], *(r for r in value if r not in out[key])]
        else:
            out[key] = value
    return out


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    match = regexes.matcher(pattern)
    if validator.is_type(instance, "string") and match is not None and not match(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _matches(pattern: str, key: str) -> bool:
    match = regexes.matcher(pattern)
    return match is None or match(key)


def _pattern_properties(
    validator: Any, patterns: dict[str, Any], instance: Any, schema: Any
) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    for pattern, subschema in patterns.items():
        for key, value in instance.items():
            if _matches(pattern, key):
                yield from validator.descend(value, subschema, path=key, schema_path=pattern)


def _additional_properties(validator: Any, extra: Any, instance: Any, schema: Any) -> Iterator[Any]:
    if not validator.is_type(instance, "object"):
        return
    known = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    extras = [k for k in instance if k not in known and not any(_matches(p, k) for p in patterns)]
    if validator.is_type(extra, "object"):
        for key in extras:
            yield from validator.descend(instance[key], extra, path=key)
    elif extra is False and extras:
        yield ValidationError(f"Additional properties are not allowed ({extras!r})")


_Validator = extend(  # type: ignore[no-untyped-call]
    Draft7Validator,
    validators={
        "pattern": _pattern,
        "patternProperties": _pattern_properties,
        "additionalProperties": _additional_properties,
    },
)


class Oracle:
    """Decide schema-validity of values for the nodes of one ``SchemaView``."""

    def __init__(self, view: SchemaView) -> None:
        self.view = view
        document = copy.deepcopy(dict(view.schema))
        document.pop("$schema", None)
        self._root = _Validator(document)
        self._validators: dict[str, Any] = {}

    def _for(self, node: Mapping[str, Any] | None) -> Any:
        node = self.view.properties_node if node is None else node
        key = json.dumps(node, sort_keys=True)
        found = self._validators.get(key)
        if found is None:
            found = self._validators[key] = self._root.evolve(schema=node)
        return found

    def errors(self, value: Any, node: Mapping[str, Any] | None = None) -> list[ValidationError]:
        """Every error of ``value`` against ``node`` (default: the ``Properties`` node)."""
        try:
            return list(self._for(node).iter_errors(value))
        except Unresolvable as exc:
            return [ValidationError(f"unresolvable reference: {exc}")]

    def is_valid(self, value: Any, node: Mapping[str, Any] | None = None) -> bool:
        """Tell whether ``value`` matches ``node`` (default: the ``Properties`` node)."""
        return not self.errors(value, node)


@functools.cache
def vendored_view(type_name: str) -> SchemaView:
    """Return the view of a vendored type, its patch applied (the generator's own input)."""
    (loaded,) = load_schemas(types=[type_name])
    return SchemaView(loaded.schema)


def view_of_file(path: Path) -> SchemaView:
    """Return the view of a schema file as it is (no patch)."""
    return SchemaView(json.loads(path.read_text(encoding="utf-8")))
