"""Container kinds: nested property objects, lists, maps of free keys, and unions of kinds."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from stagewright.runtime._errors import Key, Path, Problem, ValidationError
from stagewright.runtime._intrinsics import Intrinsic, intrinsic_from_cfn
from stagewright.runtime._patterns import MEMO_SIZE, Pattern
from stagewright.runtime.kinds._base import Errors, Kind, count, problem, type_name

__all__ = ["ListKind", "MapKind", "ObjectKind", "OneOfKind"]


class _Cfn(Protocol):
    """What ``obj`` needs of a generated property class."""

    __cfn_name__: str

    @classmethod
    def from_cfn(cls, mapping: Mapping[str, Any]) -> Any: ...

    def to_cfn(self) -> dict[str, Any]: ...


class ObjectKind(Kind):
    """A nested property type: a generated class, already validated when it was built.

    Generated modules name the class (``obj("CanarySetting")``): it may be defined further
    down the module, or be the class the field belongs to. ``resolve`` looks it up once the
    module is complete, before the kind is first used.
    """

    __slots__ = ("cls", "name", "valid_types")
    verbatim_types = ()

    def __init__(self, cls: type[_Cfn] | str) -> None:
        if isinstance(cls, str):
            self.name, self.valid_types = cls, ()
        else:
            self.name, self.cls, self.valid_types = cls.__name__, cls, (cls,)

    def resolve(self, namespace: Mapping[str, Any]) -> None:
        if not self.valid_types:
            self.cls = namespace[self.name]
            self.valid_types = (self.cls,)

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a {self.name}"

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        if not isinstance(value, self.cls | Intrinsic):
            hint = (
                f"build it with {self.cls.__name__}(...) or {self.cls.__name__}.from_cfn({{...}})"
            )
            errors.append(
                problem(path, "type", f"must be {self.label}, not {type_name(value)}", value, hint)
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


class ListKind(Kind):
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

    def resolve(self, namespace: Mapping[str, Any]) -> None:
        self.item.resolve(namespace)

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a list of {self.item.label}"

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        if type(value) not in (list, tuple) and not self._is_list(value, path, errors):
            return
        if self.min_items is not None and len(value) < self.min_items:
            errors.append(
                problem(
                    path, "minItems", f"must have at least {count(self.min_items, 'item')}", value
                )
            )
        if self.max_items is not None and len(value) > self.max_items:
            errors.append(
                problem(
                    path, "maxItems", f"must have at most {count(self.max_items, 'item')}", value
                )
            )
        check, valid = self.item.check, self.item.valid_types
        for index, item in enumerate(value):
            if type(item) not in valid:
                check(item, (*path, index), errors)
        if self.unique:
            self._check_unique(value, path, errors)

    def accepts(self, value: Any) -> bool:
        if type(value) is not list and type(value) is not tuple:
            return False
        size = len(value)
        if (self.min_items is not None and size < self.min_items) or (
            self.max_items is not None and size > self.max_items
        ):
            return False
        valid, accepts = self.item.valid_types, self.item.accepts
        for item in value:
            if type(item) not in valid and not accepts(item):
                return False
        if self.unique:
            errors: Errors = []
            self._check_unique(value, (), errors)
            return not errors
        return True

    @staticmethod
    def _is_list(value: Any, path: Path, errors: Errors) -> bool:
        """Report a value that is no list; tell whether its items are still to be checked."""
        if isinstance(value, Intrinsic):
            return False
        if not _is_sequence(value):
            errors.append(problem(path, "type", f"must be a list, not {type_name(value)}", value))
            return False
        return True

    def _check_unique(self, value: Sequence[Any], path: Path, errors: Errors) -> None:
        seen: list[Any] = []
        for index, item in enumerate(value):
            if item in seen:
                first = seen.index(item)
                message = f"items must be unique; item {index} repeats item {first}"
                errors.append(problem((*path, index), "uniqueItems", message, item))
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
        if type(self.item) is ObjectKind:
            # Property objects and intrinsics both render themselves (what ObjectKind.to_cfn does).
            return [item.to_cfn() for item in value]
        to_cfn, verbatim = self.item.to_cfn, self.item.verbatim_types
        return [item if type(item) in verbatim else to_cfn(item) for item in value]


class MapKind(Kind):
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
        self.entries = tuple((Pattern(p) if p is not None else None, k) for p, k in entries)
        self.min_properties, self.max_properties = min_properties, max_properties
        # Item types every entry kind renders unchanged (as is an item whose key has no kind):
        # to_cfn need not look the kind up for them.
        self._verbatim = tuple(
            t for t in Kind.verbatim_types if all(t in k.verbatim_types for _, k in self.entries)
        )
        # The kinds of keys already matched: keys repeat from object to object.
        self._known: dict[str, Kind] = {}

    def resolve(self, namespace: Mapping[str, Any]) -> None:
        for _, kind in self.entries:
            kind.resolve(namespace)

    @property
    def label(self) -> str:  # type: ignore[override]
        return f"a map of {self.entries[0][1].label}" if self.entries else "a map"

    def _kind_for(self, key: str) -> Kind | None:
        for pattern, kind in self.entries:
            if pattern is None or pattern.search(key):
                if type(key) is str and len(self._known) < MEMO_SIZE:
                    self._known[key] = kind
                return kind
        return None

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        if type(value) is not dict and not self._is_mapping(value, path, errors):
            return
        if self.min_properties is not None and len(value) < self.min_properties:
            errors.append(
                problem(
                    path,
                    "minProperties",
                    f"must have at least {count(self.min_properties, 'key')}",
                    value,
                )
            )
        if self.max_properties is not None and len(value) > self.max_properties:
            errors.append(
                problem(
                    path,
                    "maxProperties",
                    f"must have at most {count(self.max_properties, 'key')}",
                    value,
                )
            )
        known = self._known
        for key, item in value.items():
            kind = known.get(key) if type(key) is str else None
            if kind is None:
                self._check_entry(key, item, path, errors)
            elif type(item) not in kind.valid_types:
                kind.check(item, (*path, Key(key)), errors)

    def accepts(self, value: Any) -> bool:
        if type(value) is not dict:
            return False
        size = len(value)
        if (self.min_properties is not None and size < self.min_properties) or (
            self.max_properties is not None and size > self.max_properties
        ):
            return False
        known = self._known
        for key, item in value.items():
            if type(key) is not str:
                return False
            kind = known.get(key) or self._kind_for(key)
            if kind is None or (type(item) not in kind.valid_types and not kind.accepts(item)):
                return False
        return True

    @staticmethod
    def _is_mapping(value: Any, path: Path, errors: Errors) -> bool:
        """Report a value that is no mapping; tell whether its entries are still to be checked."""
        if isinstance(value, Intrinsic):
            return False
        if not isinstance(value, Mapping):
            errors.append(
                problem(path, "type", f"must be a mapping, not {type_name(value)}", value)
            )
            return False
        return True

    def _check_entry(self, key: Any, item: Any, path: Path, errors: Errors) -> None:
        if not isinstance(key, str):
            errors.append(problem(path, "type", f"keys must be strings, not {type_name(key)}", key))
            return
        kind = self._kind_for(key)
        if kind is None:
            found = [p for p, _ in self.entries if p is not None]
            patterns = " or ".join(repr(p.source) for p in found)
            late = next((p for p in found if p.timed_out(key)), None)
            errors.append(
                late.problem((*path, Key(key)), key, f"key must match {patterns}")
                if late is not None
                else problem(
                    (*path, Key(key)), "patternProperties", f"key must match {patterns}", key
                )
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
        if type(value) is dict:
            for key, item in value.items():
                if type(item) not in verbatim or type(key) is not str:
                    break
            else:
                return dict(value)  # the usual map, all plain: copied in C, half the time
        return {
            key: item if type(item) in verbatim and type(key) is str else encode(key, item)
            for key, item in value.items()
        }

    def _encode(self, key: str, item: Any) -> Any:
        kind = self._kind_for(key)
        return kind.to_cfn(item) if kind is not None else item


class OneOfKind(Kind):
    """A value of one of several kinds (``type: [a, b]`` or ``anyOf``/``oneOf`` of types)."""

    __slots__ = ("options",)
    verbatim_types = ()

    def __init__(self, options: Sequence[Kind]) -> None:
        self.options = tuple(options)

    def resolve(self, namespace: Mapping[str, Any]) -> None:
        for option in self.options:
            option.resolve(namespace)

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
        errors.append(problem(path, "type", f"must be {self.label}, not {type_name(value)}", value))

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
