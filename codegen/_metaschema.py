"""Check a resource schema against CloudFormation's resource provider meta-schema."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Mapping
from importlib.resources import files
from typing import TYPE_CHECKING, Any

import referencing
import referencing.jsonschema
from jsonschema import Draft7Validator
from jsonschema.exceptions import ValidationError, best_match

from ._problems import Problem

if TYPE_CHECKING:  # referencing exports its Resolver class from _core only
    from referencing._core import Resolver

__all__ = [
    "EXTENSION_KEYWORDS",
    "TOP_LEVEL_EXTENSION_KEYWORDS",
    "check",
    "strip_extensions",
    "validator",
]

# The meta-schema files ship in cloudformation-cli (pinned in pyproject), in rpdk/core/data/schema/.
_META_PACKAGE = "rpdk.core"
_META_FOLDER = ("data", "schema")
_PROVIDER_SCHEMA = "provider.definition.schema.v1.json"
# cloudformation-cli's loader also serves its draft-07 copy under https; one of its files uses that.
_DRAFT7_ALIASES = {
    "http://json-schema.org/draft-07/schema#": "https://json-schema.org/draft-07/schema#"
}

# Keywords that cfn-lint writes into its registry snapshot but the meta-schema rejects. cfn-lint
# adds them to drive its own rules; CloudFormation never sees them, so they say nothing about
# whether the registry schema conforms. Stripped (from a copy) before checking, at schema
# positions only (a property that happens to be named like one is kept).
EXTENSION_KEYWORDS = frozenset(
    {
        # cfn-lint's own keywords, in no JSON Schema draft (cfnlint/jsonschema/_keywords.py):
        "dependentExcluded",
        "enumCaseInsensitive",
        "maxUniqueItems",
        "requiredOr",
        "requiredXor",
        "uniqueKeys",
        # Keywords of later JSON Schema drafts that cfn-lint's validator implements; not draft-07:
        "dependentRequired",
        "prefixItems",
    }
)
# Resource-level keywords newer than the meta-schema in cloudformation-cli 0.2.41: `lifecycle`
# (`{"status": "sunset", "date": ...}`) marks types being retired. Only meaningful at the top.
TOP_LEVEL_EXTENSION_KEYWORDS = frozenset({"lifecycle"})
# Not in the allowlist on purpose: `if`/`then`/`else`/`not` are draft-07 keywords that the
# meta-schema deliberately excludes; cfn-lint adds them to a few schemas, and a generator that met
# them would have to understand them, so they stay reported.

# Where a schema keyword holds sub-schemas: one schema, a list of them, or a name -> schema map.
_SCHEMA_VALUED = (
    "additionalItems",
    "additionalProperties",
    "contains",
    "else",
    "if",
    "items",
    "not",
    "propertyNames",
    "then",
)
_SCHEMA_LISTS = ("allOf", "anyOf", "items", "oneOf", "prefixItems")
_SCHEMA_MAPS = ("definitions", "dependencies", "patternProperties", "properties")

_MAX_MESSAGE = 300


def strip_extensions(schema: Mapping[str, Any]) -> dict[str, Any]:
    """Copy a resource schema without the allowlisted cfn-lint extension keywords."""
    top = {k: v for k, v in schema.items() if k not in TOP_LEVEL_EXTENSION_KEYWORDS}
    return _strip(top)


def _strip(node: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in EXTENSION_KEYWORDS:
            continue
        out[key] = _strip_child(key, value)
    return out


def _strip_child(key: str, value: Any) -> Any:
    if key in _SCHEMA_VALUED and isinstance(value, dict):
        return _strip(value)
    if key in _SCHEMA_LISTS and isinstance(value, list):
        return [_strip(v) if isinstance(v, dict) else v for v in value]
    if key in _SCHEMA_MAPS and isinstance(value, dict):
        return {k: _strip(v) if isinstance(v, dict) else v for k, v in value.items()}
    return value


def check(schema: Any, source: str) -> list[Problem]:
    """List every way a resource schema breaks the provider meta-schema, sorted by pointer."""
    if not isinstance(schema, dict):
        kind = type(schema).__name__
        return [Problem(source, "", f"a resource schema must be a JSON object, not {kind}")]
    try:
        errors = list(validator().iter_errors(strip_extensions(schema)))
    except RecursionError:
        return [Problem(source, "", "schema is nested too deeply to check")]
    found = {Problem(source, _pointer(e.absolute_path), _describe(e)) for e in errors}
    return sorted(found, key=lambda p: (p.pointer, p.message))


@functools.cache
def validator() -> Draft7Validator:
    """Build the meta-schema validator once: every `$ref` inlined, so checks do no lookups."""
    documents = _meta_documents()
    registry = _registry(documents)
    provider = documents[_PROVIDER_SCHEMA]
    resolver = registry.resolver(base_uri=provider["$id"])
    return Draft7Validator(_inline(provider, resolver, {}))


def _meta_documents() -> dict[str, dict[str, Any]]:
    folder = files(_META_PACKAGE).joinpath(*_META_FOLDER)
    documents: dict[str, dict[str, Any]] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".json"):
            documents[entry.name] = json.loads(entry.read_text(encoding="utf-8"))
    return documents


def _registry(documents: Mapping[str, dict[str, Any]]) -> referencing.Registry[Any]:
    # Their "$schema" is draft-07 over https, which referencing cannot detect: say DRAFT7 outright.
    pairs: list[tuple[str, referencing.Resource[Any]]] = []
    for name, contents in sorted(documents.items()):
        resource = referencing.jsonschema.DRAFT7.create_resource(contents)
        pairs.append((name, resource))
        uri = contents.get("$id")
        if isinstance(uri, str):
            pairs.append((uri, resource))
            if uri in _DRAFT7_ALIASES:
                pairs.append((_DRAFT7_ALIASES[uri], resource))
    return referencing.Registry().with_resources(pairs)


def _inline(node: Any, resolver: Resolver[Any], done: dict[int, Any]) -> Any:
    # Replace each {"$ref": ...} by its (shared, possibly cyclic) target. In draft-07 a $ref's
    # siblings are ignored, so this keeps the meaning; it makes checking the registry ~3x faster.
    if isinstance(node, list):
        return [_inline(item, resolver, done) for item in node]
    if not isinstance(node, dict):
        return node
    ref = node.get("$ref")
    if isinstance(ref, str):
        resolved = resolver.lookup(ref)
        return _inline(resolved.contents, resolved.resolver, done)
    if id(node) in done:
        return done[id(node)]
    copy: dict[str, Any] = {}
    done[id(node)] = copy
    for key, value in node.items():
        copy[key] = _inline(value, resolver, done)
    return copy


def _pointer(path: Iterable[str | int]) -> str:
    return "".join("/" + str(part).replace("~", "~0").replace("/", "~1") for part in path)


def _describe(error: ValidationError) -> str:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        return _describe_extra(error.instance, error.schema)
    message = _shorten(error.message)
    if error.context:
        message += f" (closest: {_shorten(best_match(error.context).message)})"
    return message


def _describe_extra(instance: Mapping[str, Any], schema: Any) -> str:
    known = schema.get("properties", {}) if isinstance(schema, dict) else {}
    patterns = list(schema.get("patternProperties", {})) if isinstance(schema, dict) else []
    extra = [
        key for key in instance if key not in known and not any(re.search(p, key) for p in patterns)
    ]
    names = ", ".join(repr(k) for k in extra)
    if known:
        return f"unknown keyword(s) {names}: the provider meta-schema does not allow them here"
    return f"name(s) {names} must match {' or '.join(patterns) or 'nothing'}"


def _shorten(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"
