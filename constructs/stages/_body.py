"""A stage checked at synthesis against its API's OpenAPI body and its own variables.

Hazards, not certain failures, so each is a warning, decided afresh at every synthesis (the
body, the variables or the canary may change after the stage is made):

- a ``method_options`` or ``route_settings`` key naming an operation the body does not define:
  API Gateway keeps the setting, and it applies to nothing;
- a ``${stageVariables.x}`` reference in the body that the stage (its variables, or its
  canary's overrides) does not define;
- a canary override whose name is a near miss of a stage variable: ``stageVariableOverrides``
  "can override existing stage variables or add new stage variables" (API Gateway's
  ``DeploymentCanarySettings``), so a new name is fine, but one a letter away from a stage
  variable most likely meant to override it, and canary requests keep the stage's value.

An inline body (a mapping) is read, and so is a document an ``OpenApiDefinition`` put in the
staging bucket (an S3 location whose key is a live asset's); a ``Ref``, another S3 location or
a string is not. Messages name the document's file.
"""

from __future__ import annotations

import difflib
import json
import re
import weakref
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

from stagewright.core._assets import FileAsset, asset_for_key
from stagewright.core._tree import WARNING, Annotations, Aspects, Construct

__all__ = [
    "body_name",
    "body_of",
    "defined_names",
    "recheck_at_synthesis",
    "warn_missing_methods",
    "warn_missing_routes",
    "warn_override_near_misses",
    "warn_undefined_variables",
]

_ANY = "x-amazon-apigateway-any-method"
_OPENAPI_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", _ANY)
# ``${stageVariables.x}`` (integration URIs, mapping templates), ``${!stageVariables.x}``
# (inside Fn::Sub), ``$stageVariables.x`` (mapping templates); ``stageVariables.x`` alone is a
# parameter mapping value.
_REFERENCE = re.compile(r"\$\{?!?stageVariables\.([A-Za-z0-9_]+)")
_MAPPING_VALUE = re.compile(r"stageVariables\.([A-Za-z0-9_]+)\Z")
_MAX_NODES = 100_000  # a body is at most a few MB; this bounds the walk whatever it holds


class _FileDocument(dict[str, Any]):
    """An API's OpenAPI document read back from its asset; ``source`` names its file."""

    source: str = ""


# Documents read back, by asset: an asset's content never changes.
_DOCUMENTS: weakref.WeakKeyDictionary[FileAsset, _FileDocument | None] = weakref.WeakKeyDictionary()


def _file_document(key: str, api: Any) -> _FileDocument | None:
    """The document of the asset (in the API's app) stored under ``key``, or None."""
    asset = asset_for_key(key, api.node.root)
    if asset is None:
        return None
    if asset not in _DOCUMENTS:
        document = json.loads(asset.data)
        found = _FileDocument(document) if isinstance(document, dict) else None
        if found is not None:
            found.source = asset.source
        _DOCUMENTS[asset] = found
    return _DOCUMENTS[asset]


def body_name(body: Mapping[str, Any]) -> str:
    """How messages name ``body``: the inline body, or the document and its file."""
    source = getattr(body, "source", "")
    return f"OpenAPI document ({source})" if source else "inline OpenAPI body"


def body_of(api: Any) -> Mapping[str, Any] | None:
    """Return an API construct's OpenAPI body, or None (none, or not known here).

    The inline body, or the document of an ``OpenApiDefinition`` the API's S3 location names.
    """
    props = getattr(api, "props", None)
    body = getattr(props, "body", None)
    if body is None:
        key = getattr(getattr(props, "body_s3_location", None), "key", None)
        return _file_document(key, api) if isinstance(key, str) else None
    if not isinstance(body, Mapping) or any(
        isinstance(k, str) and (k == "Ref" or k.startswith("Fn::")) for k in body
    ):
        return None
    return body


def operations(body: Mapping[str, Any]) -> dict[str, set[str]] | None:
    """Return the body's methods by path (``ANY`` for the any-method), or None without paths."""
    paths = body.get("paths")
    if not isinstance(paths, Mapping):
        return None
    found: dict[str, set[str]] = {}
    for path, item in paths.items():
        if not isinstance(path, str) or not isinstance(item, Mapping):
            continue
        methods = {m.lower() for m in item if isinstance(m, str)} & set(_OPENAPI_METHODS)
        found[path] = {"ANY" if m == _ANY else m.upper() for m in methods}
    return found


def _nearest(wanted: str, candidates: Iterable[str]) -> str:
    close = difflib.get_close_matches(wanted, sorted(candidates), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else "the body defines none like it"


def warn_missing_methods(
    stage: Construct, body: Mapping[str, Any], keys: Iterable[str], parse: Callable[[str], Any]
) -> None:
    """Warn for each method key naming a path or method the REST API's body lacks."""
    found = operations(body)
    if found is None:
        return
    known = {f"{p.rstrip('/')}/{m}" for p, methods in found.items() for m in methods}
    known |= {f"{p.rstrip('/')}/*" for p in found}
    for key in keys:
        parsed = parse(key)
        if not isinstance(parsed, tuple) or parsed == ("/*", "*"):
            continue  # refused at construction, or every method
        path, method = key.rpartition("/")[0] or "/", parsed[1]
        if path in found and (method == "*" or method in found[path]):
            continue
        operation = path if method == "*" else f"{method} {path}"
        Annotations.of(stage).add_warning(
            f"method_options key {key!r}: the REST API's {body_name(body)} has no {operation}, "
            f"so the setting applies to nothing; {_nearest(key, known)}"
        )


def warn_missing_routes(stage: Construct, body: Mapping[str, Any], keys: Iterable[str]) -> None:
    """Warn for each HTTP route key (``GET /pets``) the API's body does not define."""
    found = operations(body)
    if found is None:
        return
    known = {f"{m} {p}" for p, methods in found.items() for m in methods}
    for key in keys:
        if key == "$default" or key in known or " " not in key:
            continue
        Annotations.of(stage).add_warning(
            f"route_settings key {key!r}: the HTTP API's {body_name(body)} has no route {key}, "
            f"so the setting applies to nothing; {_nearest(key, known)}"
        )


def _strings(value: Any) -> Iterator[str]:
    """Yield every string in ``value`` (keys too), walking at most ``_MAX_NODES`` values."""
    pending, seen = [value], 0
    while pending and seen < _MAX_NODES:
        item = pending.pop()
        seen += 1
        if isinstance(item, str):
            yield item
        elif isinstance(item, Mapping):
            pending.extend(item.keys())
            pending.extend(item.values())
        elif isinstance(item, list | tuple):
            pending.extend(item)


def referenced_variables(body: Mapping[str, Any]) -> set[str]:
    """Return the stage variable names the body refers to."""
    names: set[str] = set()
    for text in _strings(body):
        names.update(_REFERENCE.findall(text))
        names.update(_MAPPING_VALUE.findall(text))
    return names


def warn_undefined_variables(
    stage: Construct, body: Mapping[str, Any], defined: Iterable[str], where: str
) -> None:
    """Warn when the body refers to stage variables the stage does not define."""
    missing = sorted(referenced_variables(body) - set(defined))
    if missing:
        shown = ", ".join(f"${{stageVariables.{name}}}" for name in missing)
        Annotations.of(stage).add_warning(
            f"the API's {body_name(body)} uses {shown}, which this stage does not define: "
            f"the reference has no value on this stage; define it in {where}"
        )


def warn_override_near_misses(
    stage: Construct, variables: Mapping[str, Any], overrides: Mapping[str, Any]
) -> None:
    """Warn for each canary override named a near miss of a stage variable it leaves alone."""
    left_alone = sorted(v for v in variables if isinstance(v, str) and v not in overrides)
    for name in overrides:
        if not isinstance(name, str) or name in variables:
            continue
        close = next((v for v in left_alone if _near_miss(name, v)), None)
        if close is not None:
            Annotations.of(stage).add_warning(
                f"the canary's stage variable override {name!r} adds a variable the stage does not "
                f"define, and canary requests keep the stage's value of {close!r}; did you "
                f"mean {close!r}?"
            )


def _near_miss(name: str, variable: str) -> bool:
    """Whether ``name`` looks like a typo of ``variable``, not a new variable of its own.

    The same name but for case and underscores, one character replaced, two swapped, or one
    dropped or added inside the name; a character added or dropped at either end
    (``alias2`` beside ``alias``), one digit for another, or names under five characters
    read as deliberate new variables.
    """
    if name.replace("_", "").lower() == variable.replace("_", "").lower():
        return True
    if min(len(name), len(variable)) < 5:
        return False  # v1 and v2: too short to tell a typo from a new name
    if len(name) == len(variable):
        diff = [i for i, (a, b) in enumerate(zip(name, variable, strict=True)) if a != b]
        if len(diff) == 1:
            return not (name[diff[0]].isdigit() and variable[diff[0]].isdigit())  # alias1/2
        swapped = len(diff) == 2 and diff[1] == diff[0] + 1 and name[diff[0]] == variable[diff[1]]
        return swapped and name[diff[1]] == variable[diff[0]]
    longer, shorter = (name, variable) if len(name) > len(variable) else (variable, name)
    if len(longer) != len(shorter) + 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(1, len(longer) - 1))


class _Recheck:
    """Aspect: run ``check`` on the stage at every synthesis, dropping the warnings of the last."""

    def __init__(self, stage: Construct, check: Callable[[], None]) -> None:
        self._stage, self._check = stage, check
        self._added: list[str] = []

    def visit(self, construct: Construct) -> None:
        if construct is not self._stage:
            return
        node = construct.node
        for message in self._added:
            node._drop_message(WARNING, message)
        before = set(node.metadata)
        self._check()
        self._added = [str(e.data) for e in node.metadata if e.type == WARNING and e not in before]


def recheck_at_synthesis(stage: Construct, check: Callable[[], None]) -> None:
    """Run ``check`` (which adds warnings to ``stage``) afresh at every synthesis."""
    Aspects.of(stage).add(_Recheck(stage, check))


def defined_names(*mappings: Mapping[str, Any] | None) -> set[str]:
    """Return the names (string keys) of the given mappings."""
    return {k for m in mappings if isinstance(m, Mapping) for k in m if isinstance(k, str)}
