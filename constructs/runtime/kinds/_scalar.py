"""Scalar kinds: strings, booleans, integers, numbers, and untyped JSON values."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

from stagewright.runtime._errors import Key, Path, suggest
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.runtime._patterns import Pattern
from stagewright.runtime.kinds._base import Errors, Kind, count, problem, type_name

__all__ = [
    "AnyJsonKind",
    "BooleanKind",
    "IntegerKind",
    "JsonValueKind",
    "NumberKind",
    "ScalarKind",
    "StringKind",
]

# The number forms a JSON template can spell as a string; not Python's ("1_000", "inf", " 3 ").
# Compiled (and cached by re) on first use: only template import needs them.
_INTEGER_TEXT = r"-?\d+\Z"
_NUMBER_TEXT = r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\Z"
_ACCEPTED_MEMO = 256  # accepted values remembered per kind


class ScalarKind(Kind):
    """Shared enum and range checks of strings and numbers."""

    __slots__ = (
        "_accepted",
        "_ranged",
        "enum",
        "maximum",
        "minimum",
        "valid_types",
        "xmaximum",
        "xminimum",
    )
    # Exact types ``_accepts`` takes, needing no Intrinsic test (nor, but for NaN, a float one).
    _exact: tuple[type, ...] = ()

    def __init__(
        self,
        enum: Sequence[Any] | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        exclusive_minimum: float | None = None,
        exclusive_maximum: float | None = None,
    ) -> None:
        self.enum = tuple(enum) if enum is not None else None
        # Values ``accepts`` said yes to: names, levels, paths and limits repeat from object to
        # object, and a pattern or range need not be tried again. Bounded; exact types only.
        self._accepted: set[Any] = set()
        self.minimum, self.maximum = minimum, maximum
        self.xminimum, self.xmaximum = exclusive_minimum, exclusive_maximum
        self._set_ranged(minimum, maximum, exclusive_minimum, exclusive_maximum)

    def _set_ranged(self, *constraints: Any) -> None:
        """Record whether ``_check_range`` has anything to check, so ``check`` can skip it."""
        self._ranged = any(c is not None for c in constraints)
        constrained = self._ranged or self.enum is not None
        # Not float: a NaN would pass unseen.
        self.valid_types = () if constrained else tuple(t for t in self._exact if t is not float)

    def _accepts(self, value: Any) -> bool:
        raise NotImplementedError

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        kind = type(value)
        fast = kind in self._exact and (kind is not float or math.isfinite(value))
        if not fast and not self._type_ok(value, path, errors):
            return
        if self.enum is not None and value not in self.enum:
            self._report_enum(value, path, errors)
        if self._ranged:
            self._check_range(value, path, errors)

    def accepts(self, value: Any) -> bool:
        kind = type(value)
        if kind not in self._exact:
            return False
        if value in self._accepted:
            return True
        if kind is float and not math.isfinite(value):
            return False
        if self.enum is not None and value not in self.enum:
            return False
        if self._ranged and not self._in_range(value):
            return False
        if len(self._accepted) < _ACCEPTED_MEMO:
            self._accepted.add(value)
        return True

    def _in_range(self, value: Any) -> bool:
        """Tell whether ``_check_range`` finds nothing to report (``value`` has the right type)."""
        return (
            (self.minimum is None or value >= self.minimum)
            and (self.maximum is None or value <= self.maximum)
            and (self.xminimum is None or value > self.xminimum)
            and (self.xmaximum is None or value < self.xmaximum)
        )

    def _type_ok(self, value: Any, path: Path, errors: Errors) -> bool:
        """Report a wrong type; tell whether the constraints are still to be checked."""
        if isinstance(value, Intrinsic):
            return False
        if not self._accepts(value):
            errors.append(
                problem(path, "type", f"must be {self.label}, not {type_name(value)}", value)
            )
            return False
        if isinstance(value, float) and not math.isfinite(value):
            message = "must be a finite number (JSON has no NaN or Infinity)"
            errors.append(problem(path, "type", message, value))
            return False
        return True

    def _report_enum(self, value: Any, path: Path, errors: Errors) -> None:
        enum = self.enum or ()
        allowed = ", ".join(map(repr, enum))
        errors.append(
            problem(path, "enum", f"must be one of {allowed}", value, suggest(value, enum))
        )

    def _check_range(self, value: Any, path: Path, errors: Errors) -> None:
        if self.minimum is not None and value < self.minimum:
            errors.append(problem(path, "minimum", f"must be at least {self.minimum}", value))
        if self.maximum is not None and value > self.maximum:
            errors.append(problem(path, "maximum", f"must be at most {self.maximum}", value))
        if self.xminimum is not None and value <= self.xminimum:
            errors.append(
                problem(path, "exclusiveMinimum", f"must be above {self.xminimum}", value)
            )
        if self.xmaximum is not None and value >= self.xmaximum:
            errors.append(
                problem(path, "exclusiveMaximum", f"must be below {self.xmaximum}", value)
            )


class StringKind(ScalarKind):
    __slots__ = ("max_length", "min_length", "pattern")
    label = "a string"
    _exact = (str,)

    def __init__(
        self,
        *,
        pattern: str | None = None,
        min_length: int | None = None,
        max_length: int | None = None,
        enum: Sequence[str] | None = None,
    ) -> None:
        super().__init__(enum=enum)
        self.pattern = Pattern(pattern) if pattern is not None else None
        self.min_length, self.max_length = min_length, max_length
        self._set_ranged(pattern, min_length, max_length)

    def _accepts(self, value: Any) -> bool:
        return isinstance(value, str)

    def _in_range(self, value: Any) -> bool:
        size = len(value)
        return (
            (self.min_length is None or size >= self.min_length)
            and (self.max_length is None or size <= self.max_length)
            and (self.pattern is None or self.pattern.search(value))
        )

    def _check_range(self, value: Any, path: Path, errors: Errors) -> None:
        size = len(value)
        if self.min_length is not None and size < self.min_length:
            errors.append(
                problem(
                    path,
                    "minLength",
                    f"must be at least {count(self.min_length, 'character')} long",
                    value,
                )
            )
        if self.max_length is not None and size > self.max_length:
            errors.append(
                problem(
                    path,
                    "maxLength",
                    f"must be at most {count(self.max_length, 'character')} long",
                    value,
                )
            )
        if self.pattern is not None and not self.pattern.search(value):
            errors.append(self.pattern.problem(path, value, f"must match {self.pattern.source!r}"))

    def from_cfn(self, raw: Any, path: Path) -> Any:
        # CloudFormation turns numbers and booleans given for a string property into strings.
        if isinstance(raw, bool):
            return "true" if raw else "false"
        if isinstance(raw, int | float):
            return str(raw)
        return super().from_cfn(raw, path)


class BooleanKind(Kind):
    __slots__ = ()
    label = "a boolean"
    valid_types = (bool,)

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        if not isinstance(value, bool | Intrinsic):
            errors.append(
                problem(path, "type", f"must be a boolean, not {type_name(value)}", value)
            )

    def from_cfn(self, raw: Any, path: Path) -> Any:
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        return super().from_cfn(raw, path)


class IntegerKind(ScalarKind):
    __slots__ = ()
    label = "an integer"
    _exact = (int,)

    def _accepts(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def from_cfn(self, raw: Any, path: Path) -> Any:
        if isinstance(raw, str):
            return int(raw) if re.match(_INTEGER_TEXT, raw) else raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        return super().from_cfn(raw, path)


class NumberKind(ScalarKind):
    __slots__ = ()
    label = "a number"
    _exact = (int, float)

    def _accepts(self, value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    def from_cfn(self, raw: Any, path: Path) -> Any:
        if isinstance(raw, str):
            if re.match(_INTEGER_TEXT, raw):
                return int(raw)
            return float(raw) if re.match(_NUMBER_TEXT, raw) else raw
        return super().from_cfn(raw, path)


class JsonValueKind(Kind):
    """An untyped JSON document (a policy, an OpenAPI body) given as an object and/or a string."""

    __slots__ = ("allow_object", "allow_string", "valid_types")

    def __init__(self, *, allow_object: bool, allow_string: bool) -> None:
        self.allow_object, self.allow_string = allow_object, allow_string
        # Not dict: a document is walked for nulls (CloudFormation refuses them anywhere).
        self.valid_types = (str,) * allow_string

    @property
    def label(self) -> str:  # type: ignore[override]
        kinds = [
            k for k, ok in (("an object", self.allow_object), ("a string", self.allow_string)) if ok
        ]
        return " or ".join(kinds)

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        ok = isinstance(value, Intrinsic) or (
            (self.allow_object and isinstance(value, Mapping))
            or (self.allow_string and isinstance(value, str))
        )
        if not ok:
            errors.append(
                problem(path, "type", f"must be {self.label}, not {type_name(value)}", value)
            )
        elif type(value) is not str:
            _check_nulls(value, path, errors)

    def from_cfn(self, raw: Any, path: Path) -> Any:
        # A JSON document may itself be a one-key mapping: only wrap when it cannot be one.
        if self.allow_object:
            return raw
        return super().from_cfn(raw, path)


class AnyJsonKind(Kind):
    """A value the schema leaves unconstrained."""

    __slots__ = ()
    label = "any JSON value"
    valid_types = (str, int, float, bool)  # documents are walked for nulls

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        _check_nulls(value, path, errors)

    def from_cfn(self, raw: Any, path: Path) -> Any:
        return raw


_NULL_MESSAGE = (
    "must not be null: CloudFormation refuses null anywhere in a template "
    "(\"'null' values are not allowed in templates\")"
)
_NULL_HINT = "leave the key out, or give an empty string or object"


def _check_nulls(value: Any, path: Path, errors: Errors) -> None:
    """Report each null (None) inside a JSON document, at its path (keys as ``["key"]``)."""
    if not _has_null(value):
        return
    pending: list[tuple[Path, Any]] = [(path, value)]
    while pending:
        here, node = pending.pop()
        if isinstance(node, Mapping):
            items: Any = ((Key(str(k)), v) for k, v in node.items())
        elif isinstance(node, list | tuple):
            items = enumerate(node)
        else:
            continue
        children = []
        for part, item in items:
            if item is None:
                errors.append(problem((*here, part), "null", _NULL_MESSAGE, None, _NULL_HINT))
            elif isinstance(item, Mapping | list | tuple):
                children.append(((*here, part), item))
        pending.extend(reversed(children))


def _has_null(value: Any) -> bool:
    """Tell quickly (no paths) whether a JSON document holds a null."""
    pending = [value]
    while pending:
        node = pending.pop()
        kind = type(node)
        if kind is dict:
            node = node.values()
        elif kind is not list:
            if isinstance(node, Mapping):
                node = node.values()
            elif not isinstance(node, tuple):
                continue
        for item in node:
            kind = type(item)
            if kind in _LEAF_TYPES:
                continue
            if item is None:
                return True
            if kind in _DOCUMENT_TYPES or isinstance(item, Mapping | tuple):
                pending.append(item)
    return False


_LEAF_TYPES = frozenset({str, int, float, bool})
_DOCUMENT_TYPES = frozenset({dict, list})
