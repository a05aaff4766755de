"""Field kinds: how one schema type is checked, read from a template and written back.

Generated modules describe every field with a kind built by the factories at the bottom of this
module (``string(pattern=...)``, ``number(minimum=0)``, ``obj(CanarySetting)``...). A kind
``check``s a Python value (appending Problems, never raising), converts a template value with
``from_cfn`` (CloudFormation's string forms of booleans and numbers included) and renders with
``to_cfn``. Intrinsic functions pass every check: they are only known at deploy time.
"""

from __future__ import annotations

import difflib
import math
import re
import warnings
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from stagewright._errors import Key, Path, Problem, ValidationError
from stagewright._intrinsics import Intrinsic, intrinsic_from_cfn, unknown_function

__all__ = [
    "Kind",
    "any_json",
    "boolean",
    "integer",
    "json_value",
    "list_of",
    "map_of",
    "number",
    "obj",
    "one_of",
    "string",
]

Errors = list[Problem]
# The number forms a JSON template can spell as a string; not Python's ("1_000", "inf", " 3 ").
_INTEGER_TEXT = re.compile(r"-?\d+\Z")
_NUMBER_TEXT = re.compile(r"-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\Z")
_PATTERN_MEMO = 4096  # answers remembered per pattern, bounding the memory a long run keeps


class _Cfn(Protocol):
    """What ``obj`` needs of a generated property class."""

    __cfn_name__: str

    @classmethod
    def from_cfn(cls, mapping: Mapping[str, Any]) -> Any: ...

    def to_cfn(self) -> dict[str, Any]: ...


def _type_name(value: Any) -> str:
    return type(value).__name__


def _problem(path: Path, rule: str, message: str, value: Any, hint: str | None = None) -> Problem:
    if rule == "type" and hint is None:
        hint = unknown_function(value)
    return Problem(path=path, rule=rule, message=message, value=value, hint=hint)


class Kind:
    """One schema type; subclasses implement the three operations."""

    __slots__ = ()
    label = "value"
    # Hot loops (``_collect``, lists, maps, ``to_cfn``) test ``type(value) in ...`` against these
    # to skip a call: ``valid_types`` never get a problem from ``check``, ``to_cfn`` returns
    # ``verbatim_types`` unchanged. Exact types only: bools, subclasses and intrinsics take the
    # full path.
    valid_types: tuple[type, ...] = ()
    verbatim_types: tuple[type, ...] = (str, int, float, bool)

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        """Append a Problem to ``errors`` for each rule ``value`` breaks."""

    def from_cfn(self, raw: Any, path: Path) -> Any:
        """Convert a template value; leave what cannot be converted for ``check`` to report."""
        return intrinsic_from_cfn(raw) or raw

    def to_cfn(self, value: Any) -> Any:
        """Return the template form of ``value``."""
        return value.to_cfn() if isinstance(value, Intrinsic) else value


class _Pattern:
    """A schema ``pattern``, compiled on first use (``regex`` knows Java's ``\\p{L}`` classes)."""

    __slots__ = ("_compiled", "_seen", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: Any = None
        # Map keys and many values repeat from object to object: remember some answers.
        self._seen: dict[str, bool] = {}

    def search(self, text: str) -> bool:
        found = self._seen.get(text) if type(text) is str else None
        if found is None:
            found = self._search(text)
            if type(text) is str and len(self._seen) < _PATTERN_MEMO:
                self._seen[text] = found
        return found

    def _search(self, text: str) -> bool:
        if self._compiled is None:
            self._compiled = _compile(_end_anchors(self.source))
        return self._compiled.search(text) is not None


# Syntax where Java (and the ``regex`` package) differ from Python's ``re``: Unicode classes,
# POSIX classes, inline groups and flags, possessive quantifiers, \Q...\E quoting.
_NOT_FOR_RE = ("\\p", "\\P", "[:", "(?", "++", "*+", "?+", "}+", "\\X", "\\G", "\\Q")


def _compile(pattern: str) -> Any:
    """Compile with ``re`` when the pattern is plain, else with ``regex`` (~10 ms to import)."""
    if not any(token in pattern for token in _NOT_FOR_RE):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # re's FutureWarning marks syntax it reads differently
            try:
                return re.compile(pattern, re.ASCII)  # \d \w \s as in Java and ECMA
            except (re.error, FutureWarning):
                pass
    import regex  # noqa: PLC0415 - only patterns that need it pay for the import

    # Java's \d \w \s and POSIX classes are ASCII; regex's ASCII flag would narrow \p{L} too.
    return regex.compile(pattern, 0 if "\\p" in pattern or "\\P" in pattern else regex.ASCII)


def _end_anchors(pattern: str) -> str:
    """Make ``$`` end the text as in JSON Schema (Python's also matches before a final newline)."""
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "$" and not in_class:
            out.append("\\Z")
            continue
        out.append(ch)
    return "".join(out)


class _Scalar(Kind):
    """Shared enum and range checks of strings and numbers."""

    __slots__ = ("_ranged", "enum", "maximum", "minimum", "valid_types", "xmaximum", "xminimum")
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

    def _type_ok(self, value: Any, path: Path, errors: Errors) -> bool:
        """Report a wrong type; tell whether the constraints are still to be checked."""
        if isinstance(value, Intrinsic):
            return False
        if not self._accepts(value):
            errors.append(
                _problem(path, "type", f"must be {self.label}, not {_type_name(value)}", value)
            )
            return False
        if isinstance(value, float) and not math.isfinite(value):
            message = "must be a finite number (JSON has no NaN or Infinity)"
            errors.append(_problem(path, "type", message, value))
            return False
        return True

    def _report_enum(self, value: Any, path: Path, errors: Errors) -> None:
        enum = self.enum or ()
        allowed = ", ".join(map(repr, enum))
        close = difflib.get_close_matches(str(value), [str(e) for e in enum], n=1)
        hint = f"did you mean {close[0]!r}?" if close else None
        errors.append(_problem(path, "enum", f"must be one of {allowed}", value, hint))

    def _check_range(self, value: Any, path: Path, errors: Errors) -> None:
        if self.minimum is not None and value < self.minimum:
            errors.append(_problem(path, "minimum", f"must be at least {self.minimum}", value))
        if self.maximum is not None and value > self.maximum:
            errors.append(_problem(path, "maximum", f"must be at most {self.maximum}", value))
        if self.xminimum is not None and value <= self.xminimum:
            errors.append(
                _problem(path, "exclusiveMinimum", f"must be above {self.xminimum}", value)
            )
        if self.xmaximum is not None and value >= self.xmaximum:
            errors.append(
                _problem(path, "exclusiveMaximum", f"must be below {self.xmaximum}", value)
            )


class _String(_Scalar):
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
        self.pattern = _Pattern(pattern) if pattern is not None else None
        self.min_length, self.max_length = min_length, max_length
        self._set_ranged(pattern, min_length, max_length)

    def _accepts(self, value: Any) -> bool:
        return isinstance(value, str)

    def _check_range(self, value: Any, path: Path, errors: Errors) -> None:
        size = len(value)
        if self.min_length is not None and size < self.min_length:
            errors.append(
                _problem(
                    path, "minLength", f"must be at least {self.min_length} characters long", value
                )
            )
        if self.max_length is not None and size > self.max_length:
            errors.append(
                _problem(
                    path, "maxLength", f"must be at most {self.max_length} characters long", value
                )
            )
        if self.pattern is not None and not self.pattern.search(value):
            errors.append(_problem(path, "pattern", f"must match {self.pattern.source!r}", value))

    def from_cfn(self, raw: Any, path: Path) -> Any:
        # CloudFormation turns numbers and booleans given for a string property into strings.
        if isinstance(raw, bool):
            return "true" if raw else "false"
        if isinstance(raw, int | float):
            return str(raw)
        return super().from_cfn(raw, path)


class _Boolean(Kind):
    __slots__ = ()
    label = "a boolean"
    valid_types = (bool,)

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        if not isinstance(value, bool | Intrinsic):
            errors.append(
                _problem(path, "type", f"must be a boolean, not {_type_name(value)}", value)
            )

    def from_cfn(self, raw: Any, path: Path) -> Any:
        if isinstance(raw, str) and raw.lower() in ("true", "false"):
            return raw.lower() == "true"
        return super().from_cfn(raw, path)


class _Integer(_Scalar):
    __slots__ = ()
    label = "an integer"
    _exact = (int,)

    def _accepts(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool)

    def from_cfn(self, raw: Any, path: Path) -> Any:
        if isinstance(raw, str):
            return int(raw) if _INTEGER_TEXT.match(raw) else raw
        if isinstance(raw, float) and raw.is_integer():
            return int(raw)
        return super().from_cfn(raw, path)


class _Number(_Scalar):
    __slots__ = ()
    label = "a number"
    _exact = (int, float)

    def _accepts(self, value: Any) -> bool:
        return isinstance(value, int | float) and not isinstance(value, bool)

    def from_cfn(self, raw: Any, path: Path) -> Any:
        if isinstance(raw, str):
            if _INTEGER_TEXT.match(raw):
                return int(raw)
            return float(raw) if _NUMBER_TEXT.match(raw) else raw
        return super().from_cfn(raw, path)


class _JsonValue(Kind):
    """An untyped JSON document (a policy, an OpenAPI body) given as an object and/or a string."""

    __slots__ = ("allow_object", "allow_string", "valid_types")

    def __init__(self, *, allow_object: bool, allow_string: bool) -> None:
        self.allow_object, self.allow_string = allow_object, allow_string
        self.valid_types = (dict,) * allow_object + (str,) * allow_string

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
                _problem(path, "type", f"must be {self.label}, not {_type_name(value)}", value)
            )

    def from_cfn(self, raw: Any, path: Path) -> Any:
        # A JSON document may itself be a one-key mapping: only wrap when it cannot be one.
        if self.allow_object:
            return raw
        return super().from_cfn(raw, path)


class _AnyJson(Kind):
    """A value the schema leaves unconstrained."""

    __slots__ = ()
    label = "any JSON value"
    valid_types = (str, int, float, bool, dict, list)

    def from_cfn(self, raw: Any, path: Path) -> Any:
        return raw


class _Object(Kind):
    """A nested property type: a generated class, already validated when it was built."""

    __slots__ = ("cls", "valid_types")
    verbatim_types = ()

    def __init__(self, cls: type[_Cfn]) -> None:
        self.cls = cls
        self.valid_types = (cls,)

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a {self.cls.__name__}"

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        if not isinstance(value, self.cls | Intrinsic):
            hint = (
                f"build it with {self.cls.__name__}(...) or {self.cls.__name__}.from_cfn({{...}})"
            )
            errors.append(
                _problem(
                    path, "type", f"must be {self.label}, not {_type_name(value)}", value, hint
                )
            )

    def from_cfn(self, raw: Any, path: Path) -> Any:
        intrinsic = intrinsic_from_cfn(raw)
        if intrinsic is not None:
            return intrinsic
        if not isinstance(raw, Mapping):
            return raw
        try:
            return self.cls.from_cfn(raw)
        except ValidationError as exc:
            raise exc.under("", path) from None

    def to_cfn(self, value: Any) -> Any:
        return value.to_cfn()


def _is_sequence(value: Any) -> bool:
    return isinstance(value, Sequence) and not isinstance(value, str | bytes)


class _List(Kind):
    __slots__ = ("item", "max_items", "min_items", "unique")
    verbatim_types = ()

    def __init__(
        self,
        item: Kind,
        *,
        min_items: int | None = None,
        max_items: int | None = None,
        unique: bool = False,
    ) -> None:
        self.item, self.unique = item, unique
        self.min_items, self.max_items = min_items, max_items

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a list of {self.item.label}"

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        if type(value) not in (list, tuple) and not self._is_list(value, path, errors):
            return
        if self.min_items is not None and len(value) < self.min_items:
            errors.append(
                _problem(path, "minItems", f"must have at least {self.min_items} item(s)", value)
            )
        if self.max_items is not None and len(value) > self.max_items:
            errors.append(
                _problem(path, "maxItems", f"must have at most {self.max_items} item(s)", value)
            )
        check, valid = self.item.check, self.item.valid_types
        for index, item in enumerate(value):
            if type(item) not in valid:
                check(item, (*path, index), errors)
        if self.unique:
            self._check_unique(value, path, errors)

    @staticmethod
    def _is_list(value: Any, path: Path, errors: Errors) -> bool:
        """Report a value that is no list; tell whether its items are still to be checked."""
        if isinstance(value, Intrinsic):
            return False
        if not _is_sequence(value):
            errors.append(_problem(path, "type", f"must be a list, not {_type_name(value)}", value))
            return False
        return True

    def _check_unique(self, value: Sequence[Any], path: Path, errors: Errors) -> None:
        seen: list[Any] = []
        for index, item in enumerate(value):
            if item in seen:
                first = seen.index(item)
                message = f"items must be unique; item {index} repeats item {first}"
                errors.append(_problem((*path, index), "uniqueItems", message, item))
            seen.append(item)

    def from_cfn(self, raw: Any, path: Path) -> Any:
        intrinsic = intrinsic_from_cfn(raw)
        if intrinsic is not None or not _is_sequence(raw):
            return intrinsic or raw
        items: list[Any] = []
        problems: list[Problem] = []
        for index, item in enumerate(raw):
            try:
                items.append(self.item.from_cfn(item, (*path, index)))
            except ValidationError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ValidationError(problems)
        return items

    def to_cfn(self, value: Any) -> Any:
        if isinstance(value, Intrinsic):
            return value.to_cfn()
        to_cfn, verbatim = self.item.to_cfn, self.item.verbatim_types
        return [item if type(item) in verbatim else to_cfn(item) for item in value]


class _Map(Kind):
    """An object keyed by free names (``patternProperties``): stage variables, tags, routes."""

    __slots__ = ("_known", "_verbatim", "entries", "max_properties", "min_properties")
    verbatim_types = ()

    def __init__(
        self,
        entries: Sequence[tuple[str | None, Kind]],
        *,
        min_properties: int | None = None,
        max_properties: int | None = None,
    ) -> None:
        # (key pattern, value kind); a None pattern accepts any key.
        self.entries = tuple((_Pattern(p) if p is not None else None, k) for p, k in entries)
        self.min_properties, self.max_properties = min_properties, max_properties
        # Item types every entry kind renders unchanged (as is an item whose key has no kind):
        # to_cfn need not look the kind up for them.
        self._verbatim = tuple(
            t for t in Kind.verbatim_types if all(t in k.verbatim_types for _, k in self.entries)
        )
        # The kinds of keys already matched: keys repeat from object to object.
        self._known: dict[str, Kind] = {}

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a map of {self.entries[0][1].label}" if self.entries else "a map"

    def _kind_for(self, key: str) -> Kind | None:
        for pattern, kind in self.entries:
            if pattern is None or pattern.search(key):
                if type(key) is str and len(self._known) < _PATTERN_MEMO:
                    self._known[key] = kind
                return kind
        return None

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        if type(value) is not dict and not self._is_mapping(value, path, errors):
            return
        if self.min_properties is not None and len(value) < self.min_properties:
            errors.append(
                _problem(
                    path, "minProperties", f"must have at least {self.min_properties} key(s)", value
                )
            )
        if self.max_properties is not None and len(value) > self.max_properties:
            errors.append(
                _problem(
                    path, "maxProperties", f"must have at most {self.max_properties} key(s)", value
                )
            )
        known = self._known
        for key, item in value.items():
            kind = known.get(key) if type(key) is str else None
            if kind is None:
                self._check_entry(key, item, path, errors)
            elif type(item) not in kind.valid_types:
                kind.check(item, (*path, Key(key)), errors)

    @staticmethod
    def _is_mapping(value: Any, path: Path, errors: Errors) -> bool:
        """Report a value that is no mapping; tell whether its entries are still to be checked."""
        if isinstance(value, Intrinsic):
            return False
        if not isinstance(value, Mapping):
            errors.append(
                _problem(path, "type", f"must be a mapping, not {_type_name(value)}", value)
            )
            return False
        return True

    def _check_entry(self, key: Any, item: Any, path: Path, errors: Errors) -> None:
        if not isinstance(key, str):
            errors.append(
                _problem(path, "type", f"keys must be strings, not {_type_name(key)}", key)
            )
            return
        kind = self._kind_for(key)
        if kind is None:
            patterns = " or ".join(repr(p.source) for p, _ in self.entries if p is not None)
            errors.append(
                _problem((*path, Key(key)), "patternProperties", f"key must match {patterns}", key)
            )
            return
        if type(item) not in kind.valid_types:
            kind.check(item, (*path, Key(key)), errors)

    def from_cfn(self, raw: Any, path: Path) -> Any:
        intrinsic = intrinsic_from_cfn(raw)
        if intrinsic is not None or not isinstance(raw, Mapping):
            return intrinsic or raw
        out: dict[Any, Any] = {}
        problems: list[Problem] = []
        for key, item in raw.items():
            kind = self._kind_for(key) if isinstance(key, str) else None
            try:
                out[key] = kind.from_cfn(item, (*path, Key(key))) if kind is not None else item
            except ValidationError as exc:
                problems.extend(exc.problems)
        if problems:
            raise ValidationError(problems)
        return out

    def to_cfn(self, value: Any) -> Any:
        if isinstance(value, Intrinsic):
            return value.to_cfn()
        verbatim, encode = self._verbatim, self._encode
        return {
            key: item if type(item) in verbatim and type(key) is str else encode(key, item)
            for key, item in value.items()
        }

    def _encode(self, key: str, item: Any) -> Any:
        kind = self._kind_for(key)
        return kind.to_cfn(item) if kind is not None else item


class _OneOf(Kind):
    """A value of one of several kinds (``type: [a, b]`` or ``anyOf``/``oneOf`` of types)."""

    __slots__ = ("options",)
    verbatim_types = ()

    def __init__(self, options: Sequence[Kind]) -> None:
        self.options = tuple(options)

    @property
    def label(self) -> str:  # type: ignore[override]
        return " or ".join(o.label for o in self.options)

    def _first_fit(self, value: Any, path: Path) -> Kind | None:
        for option in self.options:
            trial: Errors = []
            option.check(value, path, trial)
            if not trial:
                return option
        return None

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        if isinstance(value, Intrinsic) or self._first_fit(value, path) is not None:
            return
        # Report the option whose type matched, so the message names the broken constraint.
        for option in self.options:
            trial: Errors = []
            option.check(value, path, trial)
            if all(p.rule != "type" for p in trial):
                errors.extend(trial)
                return
        errors.append(
            _problem(path, "type", f"must be {self.label}, not {_type_name(value)}", value)
        )

    def from_cfn(self, raw: Any, path: Path) -> Any:
        intrinsic = intrinsic_from_cfn(raw)
        if intrinsic is not None:
            return intrinsic
        # A scalar some option takes as it is stays as it is: a string option listed first
        # must not turn 5 into "5" (CloudFormation's string forms are for single-type fields).
        if isinstance(raw, str | int | float) and self._first_fit(raw, path) is not None:
            return raw
        for option in self.options:
            try:
                value = option.from_cfn(raw, path)
            except ValidationError:
                continue
            if self._first_fit(value, path) is option:
                return value
        return raw

    def to_cfn(self, value: Any) -> Any:
        if isinstance(value, Intrinsic):
            return value.to_cfn()
        option = self._first_fit(value, ())
        return option.to_cfn(value) if option is not None else value


def string(
    *,
    pattern: str | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    enum: Sequence[str] | None = None,
) -> Kind:
    """Return the kind of a ``string`` schema."""
    return _String(pattern=pattern, min_length=min_length, max_length=max_length, enum=enum)


def integer(
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: float | None = None,
    exclusive_maximum: float | None = None,
    enum: Sequence[int] | None = None,
) -> Kind:
    """Return the kind of an ``integer`` schema."""
    return _Integer(enum, minimum, maximum, exclusive_minimum, exclusive_maximum)


def number(
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: float | None = None,
    exclusive_maximum: float | None = None,
    enum: Sequence[float] | None = None,
) -> Kind:
    """Return the kind of a ``number`` schema."""
    return _Number(enum, minimum, maximum, exclusive_minimum, exclusive_maximum)


_BOOLEAN = _Boolean()
_ANY = _AnyJson()


def boolean() -> Kind:
    """Return the kind of a ``boolean`` schema."""
    return _BOOLEAN


def any_json() -> Kind:
    """Return the kind of a schema without a type."""
    return _ANY


def json_value(*, allow_object: bool = True, allow_string: bool = False) -> Kind:
    """Return the kind of an untyped ``object`` (or ``[object, string]``) schema."""
    return _JsonValue(allow_object=allow_object, allow_string=allow_string)


def obj(cls: type[Any]) -> Kind:
    """Return the kind of a nested property type (a generated class)."""
    return _Object(cls)


def list_of(
    item: Kind, *, min_items: int | None = None, max_items: int | None = None, unique: bool = False
) -> Kind:
    """Return the kind of an ``array`` schema."""
    return _List(item, min_items=min_items, max_items=max_items, unique=unique)


def map_of(
    entries: Sequence[tuple[str | None, Kind]],
    *,
    min_properties: int | None = None,
    max_properties: int | None = None,
) -> Kind:
    """Return the kind of a ``patternProperties`` map; a None pattern accepts any key."""
    return _Map(entries, min_properties=min_properties, max_properties=max_properties)


def one_of(options: Sequence[Kind]) -> Kind:
    """Return the kind of a value that may take any of several kinds."""
    return _OneOf(options)
