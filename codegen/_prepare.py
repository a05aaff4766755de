"""Reshape a registry schema before naming and building: drop read-only properties, hoist inline
objects into ``definitions``, and split off class-level ``oneOf/anyOf/allOf`` rules."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import attrs

__all__ = ["Prepared", "class_nodes", "is_class_node", "prepare"]

COMBINATORS = ("oneOf", "anyOf", "allOf")
ROOT = "#"


@attrs.frozen
class Prepared:
    """A schema shaped for naming (``_dcg``) and for the type walker (``build``)."""

    root: dict[str, Any]
    """``{"type": "object", "properties", "required", "definitions"}``, minus read-only ones."""
    rules: dict[str, list[tuple[str, list[Any]]]]
    """Class-level rules per class key (``#`` or a definition name): (keyword, alternatives); an
    alternative is a list of required names or a nested ``(keyword, alternatives)``."""
    unenforced: dict[str, list[str]]
    """Class-level combinators too rich to enforce (``if``/``then``, nested constraints)."""
    origin: dict[str, str]
    """Class key -> the name in messages (the definition, or the property it was hoisted from)."""


def is_class_node(node: Any) -> bool:
    """Tell whether a schema node becomes a generated class (an object with named properties).

    ``properties`` beside another ``type`` (cfn-lint's ``KeySchema`` arrays) say nothing: JSON
    Schema applies them to objects only.
    """
    kind = node.get("type", "object") if isinstance(node, dict) else None
    return (
        isinstance(node, dict)
        and isinstance(node.get("properties"), dict)
        and bool(node["properties"])
        and (kind == "object" or (isinstance(kind, list) and "object" in kind))
    )


def _rule_alternative(alt: Any) -> Any:
    """Return a required-list or a nested ``(keyword, alternatives)``; None if unsupported."""
    if not isinstance(alt, dict):
        return None
    nested = [k for k in COMBINATORS if k in alt]
    if set(alt) - {"required", "description", "type", "properties", "$comment", *COMBINATORS}:
        return None
    if any(v not in ({}, None) for v in (alt.get("properties") or {}).values()):
        return None
    required = [str(r) for r in alt.get("required") or []]
    if not nested:
        return required
    parts: list[Any] = [required] if required else []
    for keyword in nested:
        groups = _rule_groups(alt[keyword])
        if groups is None:
            return None
        parts.append((keyword, groups))
    return parts[0] if len(parts) == 1 else ("allOf", parts)


def _rule_groups(alternatives: Any) -> list[Any] | None:
    """Return the alternatives if each only says which properties are (or are not yet) required."""
    if not isinstance(alternatives, list) or not alternatives:
        return None
    groups = [_rule_alternative(alt) for alt in alternatives]
    return None if any(g is None for g in groups) else groups


def _split_rules(node: dict[str, Any]) -> tuple[list[tuple[str, list[Any]]], list[str]]:
    """Take the presence rules off a class node; return them and the combinators left unenforced."""
    rules, unenforced = [], []
    for keyword in COMBINATORS:
        if keyword not in node:
            continue
        groups = _rule_groups(node[keyword])
        if groups is not None:
            rules.append((keyword, groups))
        else:
            unenforced.append(keyword)
        del node[keyword]
    return rules, unenforced


class _Hoister:
    def __init__(self, definitions: dict[str, Any]) -> None:
        self.definitions = definitions
        self.origin: dict[str, str] = {}

    def _fresh(self, hint: str) -> str:
        name, n = hint or "Property", 2
        while name in self.definitions:
            name, n = f"{hint}{n}", n + 1
        return name

    def walk_class(self, node: dict[str, Any], prefix: str) -> None:
        for prop, sub in sorted(node.get("properties", {}).items()):
            node["properties"][prop] = self.walk(sub, f"{prefix}{prop}")

    def walk(self, node: Any, hint: str) -> Any:
        """Return ``node`` with every inline class replaced by a ``$ref`` to a new definition."""
        if not isinstance(node, dict):
            return node
        if is_class_node(node):
            name = self._fresh(hint)
            # An object-or-string (SQS's RedrivePolicy) is a class or a plain value.
            kinds = node.get("type")
            others = [t for t in kinds if t != "object"] if isinstance(kinds, list) else []
            self.definitions[name] = {**node, "type": "object"} if others else node
            self.origin[name] = hint
            self.walk_class(self.definitions[name], name)
            ref = {"$ref": f"#/definitions/{name}"}
            if others:
                return {"oneOf": [ref, {"type": others}], **_keep_docs(node)}
            return {**ref, **_keep_docs(node)}
        self.walk_children(node, hint)
        return node

    def walk_children(self, node: dict[str, Any], hint: str) -> None:
        """Hoist the inline classes below a node that is not a class itself."""
        if isinstance(node.get("items"), dict):
            node["items"] = self.walk(node["items"], f"{hint}Item")
        for key in ("patternProperties",):
            for pattern, sub in list(node.get(key, {}).items()):
                node[key][pattern] = self.walk(sub, f"{hint}Value")
        if isinstance(node.get("additionalProperties"), dict):
            node["additionalProperties"] = self.walk(node["additionalProperties"], f"{hint}Value")
        for keyword in COMBINATORS:
            if isinstance(node.get(keyword), list):
                node[keyword] = [
                    self.walk(alt, f"{hint}Option{i + 1}") for i, alt in enumerate(node[keyword])
                ]


def _keep_docs(node: dict[str, Any]) -> dict[str, Any]:
    return {"description": node["description"]} if isinstance(node.get("description"), str) else {}


def _drop_read_only(properties: dict[str, Any], read_only: list[str]) -> dict[str, Any]:
    top = {p.split("/")[2] for p in read_only if p.startswith("/properties/") and p.count("/") == 2}
    return {k: v for k, v in properties.items() if k not in top}


def prepare(schema: dict[str, Any]) -> Prepared:
    """Return the prepared copy of a (patched) registry schema."""
    work = copy.deepcopy(schema)
    definitions: dict[str, Any] = dict(work.get("definitions") or {})
    properties = _drop_read_only(
        dict(work.get("properties") or {}), work.get("readOnlyProperties") or []
    )
    root: dict[str, Any] = {
        "type": "object",
        "additionalProperties": False,
        "properties": properties,
        "definitions": definitions,
    }
    required = [r for r in work.get("required") or [] if r in properties]
    if required:
        root["required"] = required
    for keyword in COMBINATORS:
        if keyword in work:
            root[keyword] = work[keyword]
    hoister = _Hoister(definitions)
    origin = {name: name for name in definitions}
    for name, node in sorted(definitions.items()):
        if is_class_node(node):
            hoister.walk_class(node, name)
        elif isinstance(node, dict):
            hoister.walk_children(node, name)
    hoister.walk_class(root, "")
    origin.update(hoister.origin)
    rules, unenforced = {}, {}
    for key, node in [(ROOT, root), *sorted(definitions.items())]:
        if key == ROOT or is_class_node(node):
            rules[key], unenforced[key] = _split_rules(node)
    return Prepared(root=root, rules=rules, origin=origin, unenforced=unenforced)


def class_nodes(prepared: Prepared) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(key, node)`` for the root (``#``) and every class definition."""
    yield ROOT, prepared.root
    for name, node in sorted(prepared.root["definitions"].items()):
        if is_class_node(node):
            yield name, node
