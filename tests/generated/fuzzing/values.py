"""Hypothesis strategies of schema-valid values, built from the nodes of a ``SchemaView``.

Each node kind maps to a strategy: enums and consts are sampled, strings come from their pattern
(``regexes.strings``) or are free text within the length bounds, numbers respect every bound and
``multipleOf``, arrays their item counts and uniqueness, objects their required and optional
properties, maps (``patternProperties``) get keys from the key patterns. Class-level presence
rules (``oneOf``/``anyOf`` of ``required`` lists) choose an alternative first, then the object is
filtered through the ``Oracle``; so are values below other combinators. References are
followed lazily (``st.deferred``); past ``max_depth`` references only required properties are
drawn (and lists hold their fewest items), so recursive definitions stay finite.

A class node never gets names it does not declare, even without ``additionalProperties: false``:
the generated classes refuse them, as CloudFormation's handlers do.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from hypothesis import strategies as st

from . import regexes
from .schema import Oracle, SchemaView

__all__ = ["Builder", "canonical", "json_values", "strict"]

Strategy = st.SearchStrategy[Any]
_Maker = Callable[[dict[str, Any], int], Strategy]
_MAX_ITEMS = 3  # extra items past minItems: enough for uniqueness and indexes to matter
_MAX_KEYS = 3
_MAX_REFS = 12  # references followed in a row; past max_depth only required properties count
_VALUE_RULES = ("not", "if", "allOf", "dependencies")  # checked by filtering through the oracle
_TYPE_KEYS = {
    "string": ("pattern", "minLength", "maxLength", "format"),
    "number": ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"),
    "array": ("items", "minItems", "maxItems", "uniqueItems"),
    "object": ("properties", "patternProperties", "additionalProperties", "required"),
}


def canonical(value: Any) -> str:
    """Return a key equal for JSON-equal values (``1``, ``1.0``) and unequal for ``1``, ``true``."""

    def norm(v: Any) -> Any:
        if isinstance(v, float) and v.is_integer():
            return int(v)
        if isinstance(v, dict):
            return {k: norm(x) for k, x in v.items()}
        if isinstance(v, list):
            return [norm(x) for x in v]
        return v

    return json.dumps(norm(value), sort_keys=True)


def strict(value: Any) -> str:
    """Return the exact JSON text of ``value``: ``1``, ``1.0`` and ``true`` all differ."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


def json_values(max_leaves: int = 6) -> Strategy:
    """Return a strategy of JSON documents without null (CloudFormation refuses null values)."""
    scalars = (
        st.booleans()
        | st.integers(-(2**53), 2**53)
        | st.floats(allow_nan=False, allow_infinity=False)
        | st.text(max_size=12)
    )
    return st.recursive(
        scalars,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
        ),
        max_leaves=max_leaves,
    )


class Builder:
    """Strategies for the nodes of one schema; ``properties()`` is the resource's Properties."""

    def __init__(self, view: SchemaView, oracle: Oracle | None = None, max_depth: int = 3) -> None:
        self.view = view
        self.oracle = oracle or Oracle(view)
        self.max_depth = max_depth
        self._refs: dict[tuple[str, int], Strategy] = {}
        self.unsupported: list[str] = []  # patterns the generator could not read

    def properties(self) -> Strategy:
        """Return a strategy of valid ``Properties`` mappings."""
        return self.node(self.view.properties_node, 0)

    def definition(self, name: str) -> Strategy:
        """Return a strategy of valid values of ``#/definitions/<name>``."""
        return self.node({"$ref": f"#/definitions/{name}"}, 0)

    def node(self, node: Any, depth: int) -> Strategy:
        """Return a strategy of values valid against ``node``."""
        if not isinstance(node, dict):
            return json_values()
        ref = node.get("$ref")
        if isinstance(ref, str):
            return self._ref(ref, depth)
        resolved = self.view.resolve(node)
        combined = [k for k in ("oneOf", "anyOf") if isinstance(resolved.get(k), list)]
        if combined and not _is_class(resolved):
            return self._union(resolved, combined[0], depth)
        drawn = self._typed(resolved, depth)
        if not _is_class(resolved) and any(k in resolved for k in _VALUE_RULES):
            return drawn.filter(self._valid_for(resolved))  # "not", "if": the oracle decides
        return drawn

    def _ref(self, ref: str, depth: int) -> Strategy:
        key = (ref, depth + 1)
        if key not in self._refs:
            if depth >= _MAX_REFS:  # a required property recursing for ever
                return st.nothing()
            target = self.view.lookup(ref)
            self._refs[key] = st.deferred(lambda: self.node(target, depth + 1))
        return self._refs[key]

    def _union(self, node: dict[str, Any], keyword: str, depth: int) -> Strategy:
        base = {k: v for k, v in node.items() if k not in ("oneOf", "anyOf")}
        options = [
            self.node(_combine(base, self.view.resolve(alt)), depth)
            for alt in node[keyword]
            if isinstance(alt, dict)
        ]
        return st.one_of(options).filter(self._valid_for(node))

    def _valid_for(self, node: dict[str, Any]) -> Callable[[Any], bool]:
        return lambda value: self.oracle.is_valid(value, node)

    def _typed(self, node: dict[str, Any], depth: int) -> Strategy:
        if "const" in node:
            return st.just(node["const"])
        if isinstance(node.get("enum"), list) and node["enum"]:
            return st.sampled_from(node["enum"])
        types = node.get("type", _infer_type(node))
        if isinstance(types, list):
            return st.one_of([self._single(node, str(t), depth) for t in types]).filter(
                self._valid_for(node)
            )
        drawn = self._single(node, str(types), depth)
        # Float steps (0.1) leave rounding to the oracle.
        return drawn.filter(self._valid_for(node)) if "multipleOf" in node else drawn

    def _single(self, node: dict[str, Any], kind: str, depth: int) -> Strategy:
        makers: dict[str, _Maker] = {
            "string": lambda n, _: self._string(n),
            "integer": lambda n, _: _integers(n),
            "number": lambda n, _: _numbers(n),
            "boolean": lambda n, _: st.booleans(),
            "array": self._array,
            "object": self._object,
            "null": lambda n, _: st.nothing(),  # CloudFormation refuses null values
        }
        return makers.get(kind, _anything)(node, depth)

    def _string(self, node: dict[str, Any]) -> Strategy:
        low = int(node.get("minLength", 0))
        high = node.get("maxLength")
        pattern = node.get("pattern")
        if isinstance(pattern, str):
            strings = regexes.strings(pattern, low, int(high) if high is not None else None)
            if strings is None:
                self.unsupported.append(pattern)
                return st.nothing()
            top = int(high) if high is not None else low + 40
            filled = regexes.filled(pattern, low, min(top, low + 40)) if low > 4 else None
            either = strings | filled if filled is not None else strings
            return either.filter(lambda s: low <= len(s) <= (high if high is not None else len(s)))
        top = int(high) if high is not None else low + 24
        return st.text(min_size=low, max_size=min(top, low + 24))

    def _array(self, node: dict[str, Any], depth: int) -> Strategy:
        items = node.get("items")
        low = int(node.get("minItems", 0))
        # Fewer extra items the deeper the list: nested lists would multiply the value's size.
        extra = max(0, _MAX_ITEMS - depth) if depth <= self.max_depth else 0
        high = min(int(node.get("maxItems", low + extra)), low + extra)
        if isinstance(items, list):  # tuple validation: one schema per position
            return st.tuples(*(self.node(i, depth) for i in items)).map(list)
        element = self.node(items, depth) if isinstance(items, dict) else json_values(3)
        unique = canonical if node.get("uniqueItems") is True else None
        return st.lists(element, min_size=low, max_size=high, unique_by=unique)

    def _object(self, node: dict[str, Any], depth: int) -> Strategy:
        if _is_class(node):
            return self._class(node, depth)
        patterns = node.get("patternProperties") or {}
        extra = node.get("additionalProperties", True)
        parts: list[Strategy] = []
        for pattern, sub in patterns.items():
            keys = regexes.strings(pattern)
            if keys is None:
                self.unsupported.append(pattern)
                continue
            parts.append(st.dictionaries(keys, self.node(sub, depth), max_size=_MAX_KEYS))
        if extra is not False:
            values = self.node(extra, depth) if isinstance(extra, dict) else json_values(3)
            free = st.text(max_size=10).filter(
                lambda k: not any((regexes.matcher(p) or _never)(k) for p in patterns)
            )
            parts.append(st.dictionaries(free, values, max_size=_MAX_KEYS))
        if not parts:  # no key pattern it can read: only {} (if the node allows it)
            return st.just({}).filter(self._valid_for(node))
        merged = st.tuples(*parts).map(lambda ds: {k: v for d in ds for k, v in d.items()})
        return merged.filter(self._valid_for(node))

    def _class(self, node: dict[str, Any], depth: int) -> Strategy:
        properties: dict[str, Any] = node["properties"]
        required = [r for r in node.get("required") or [] if r in properties]
        variants = _presence_variants(node, list(properties))
        strategies = [
            self._members(properties, [*required, *must], forbidden, depth)
            for must, forbidden in variants
        ]
        drawn = st.one_of(strategies)
        if variants != [((), ())] or _has_rules(node):
            return drawn.filter(self._valid_for(node))
        return drawn

    def _members(
        self,
        properties: Mapping[str, Any],
        required: Sequence[str],
        forbidden: Sequence[str],
        depth: int,
    ) -> Strategy:
        must = {k: self.node(properties[k], depth) for k in dict.fromkeys(required)}
        may = {
            k: self.node(v, depth)
            for k, v in properties.items()
            if k not in must and k not in forbidden and depth <= self.max_depth
        }
        return st.fixed_dictionaries(must, optional=may)


def _anything(node: dict[str, Any], depth: int) -> Strategy:
    return json_values()


def _never(_: str) -> bool:
    return False


def _infer_type(node: Mapping[str, Any]) -> str:
    for kind, keys in _TYPE_KEYS.items():
        if any(k in node for k in keys):
            return kind
    return "any"


def _is_class(node: Mapping[str, Any]) -> bool:
    return isinstance(node.get("properties"), dict) and bool(node["properties"])


def _has_rules(node: Mapping[str, Any]) -> bool:
    return any(k in node for k in ("oneOf", "anyOf", "allOf", "dependencies", "if", "not"))


def _combine(base: dict[str, Any], alternative: dict[str, Any]) -> dict[str, Any]:
    return {**base, **alternative}


def _alternatives(node: Mapping[str, Any], keyword: str) -> list[tuple[str, ...]] | None:
    """The ``required`` list of each alternative, if that is all the alternatives say."""
    found = node.get(keyword)
    if not isinstance(found, list) or not found:
        return None
    out = []
    for alternative in found:
        if not isinstance(alternative, dict) or set(alternative) - {"required", "description"}:
            return None
        out.append(tuple(alternative.get("required") or ()))
    return out


def _presence_variants(
    node: Mapping[str, Any], names: list[str]
) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Ways to satisfy the node's oneOf/anyOf presence rules: (names to set, names to leave out).

    ``oneOf`` sets one alternative and leaves out what only the others name; ``anyOf`` sets one;
    anything richer is left to the oracle's filter.
    """
    choices: list[list[tuple[tuple[str, ...], tuple[str, ...]]]] = []
    for keyword in ("oneOf", "anyOf"):
        alternatives = _alternatives(node, keyword)
        if alternatives is None:
            continue
        per: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
        for index, chosen in enumerate(alternatives):
            others = {n for i, a in enumerate(alternatives) if i != index for n in a}
            leave_out = tuple(sorted(others - set(chosen))) if keyword == "oneOf" else ()
            if all(n in names for n in chosen):
                per.append((chosen, leave_out))
        choices.append(per or [((), ())])
    variants = []
    for combo in itertools.product(*choices):
        must = tuple(n for c in combo for n in c[0])
        leave_out = tuple(n for c in combo for n in c[1] if n not in must)
        variants.append((must, leave_out))
    return variants or [((), ())]


def _bounds(node: Mapping[str, Any]) -> tuple[float | None, float | None, bool, bool]:
    low, high = node.get("minimum"), node.get("maximum")
    xlow, xhigh = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    exclude_low = exclude_high = False
    if isinstance(xlow, int | float) and not isinstance(xlow, bool):
        low, exclude_low = xlow, True
    if isinstance(xhigh, int | float) and not isinstance(xhigh, bool):
        high, exclude_high = xhigh, True
    return low, high, exclude_low, exclude_high


def _integers(node: Mapping[str, Any]) -> Strategy:
    low, high, exclude_low, exclude_high = _bounds(node)
    lo = None if low is None else math.floor(low) + 1 if exclude_low else math.ceil(low)
    hi = None if high is None else math.ceil(high) - 1 if exclude_high else math.floor(high)
    step = node.get("multipleOf")
    if isinstance(step, int | float) and step > 0:
        lo_k = None if lo is None else math.ceil(lo / step)
        hi_k = None if hi is None else math.floor(hi / step)
        return st.integers(lo_k, hi_k).map(lambda k: k * step)
    return st.integers(lo, hi)


def _numbers(node: Mapping[str, Any]) -> Strategy:
    step = node.get("multipleOf")
    if step is not None:
        return _integers(node)
    low, high, exclude_low, exclude_high = _bounds(node)
    floats = st.floats(
        min_value=low,
        max_value=high,
        exclude_min=exclude_low and low is not None,
        exclude_max=exclude_high and high is not None,
        allow_nan=False,
        allow_infinity=False,
    )
    return _integers(node) | floats
