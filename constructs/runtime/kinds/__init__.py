"""Field kinds: how one schema type is checked, read from a template and written back.

Generated modules describe every field with a kind built by the factories of this module
(``string(pattern=...)``, ``number(minimum=0)``, ``obj(CanarySetting)``...). A kind ``check``s a
Python value (appending Problems, never raising), converts a template value with ``from_cfn``
(CloudFormation's string forms of booleans and numbers included) and renders with ``to_cfn``.
Intrinsic functions pass every check: they are only known at deploy time. The kinds live in
``_scalar`` and ``_container``, their base in ``_base``, patterns in
``stagewright.runtime._patterns``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stagewright.runtime.kinds._base import Kind
from stagewright.runtime.kinds._container import ListKind, MapKind, ObjectKind, OneOfKind
from stagewright.runtime.kinds._scalar import (
    AnyJsonKind,
    BooleanKind,
    IntegerKind,
    JsonValueKind,
    NumberKind,
    StringKind,
)

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


def string(
    *,
    pattern: str | None = None,
    min_length: int | None = None,
    max_length: int | None = None,
    enum: Sequence[str] | None = None,
) -> Kind:
    """Return the kind of a ``string`` schema."""
    return StringKind(pattern=pattern, min_length=min_length, max_length=max_length, enum=enum)


def integer(
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: float | None = None,
    exclusive_maximum: float | None = None,
    enum: Sequence[int] | None = None,
) -> Kind:
    """Return the kind of an ``integer`` schema."""
    return IntegerKind(enum, minimum, maximum, exclusive_minimum, exclusive_maximum)


def number(
    *,
    minimum: float | None = None,
    maximum: float | None = None,
    exclusive_minimum: float | None = None,
    exclusive_maximum: float | None = None,
    enum: Sequence[float] | None = None,
) -> Kind:
    """Return the kind of a ``number`` schema."""
    return NumberKind(enum, minimum, maximum, exclusive_minimum, exclusive_maximum)


_BOOLEAN = BooleanKind()
_ANY = AnyJsonKind()


def boolean() -> Kind:
    """Return the kind of a ``boolean`` schema."""
    return _BOOLEAN


def any_json() -> Kind:
    """Return the kind of a schema without a type."""
    return _ANY


def json_value(*, allow_object: bool = True, allow_string: bool = False) -> Kind:
    """Return the kind of an untyped ``object`` (or ``[object, string]``) schema."""
    return JsonValueKind(allow_object=allow_object, allow_string=allow_string)


def obj(cls: type[Any] | str) -> Kind:
    """Return the kind of a nested property type: a generated class, or its name in the module."""
    return ObjectKind(cls)


def list_of(
    item: Kind, *, min_items: int | None = None, max_items: int | None = None, unique: bool = False
) -> Kind:
    """Return the kind of an ``array`` schema."""
    return ListKind(item, min_items=min_items, max_items=max_items, unique=unique)


def map_of(
    entries: Sequence[tuple[str | None, Kind]],
    *,
    min_properties: int | None = None,
    max_properties: int | None = None,
) -> Kind:
    """Return the kind of a ``patternProperties`` map; a None pattern accepts any key."""
    return MapKind(entries, min_properties=min_properties, max_properties=max_properties)


def one_of(options: Sequence[Kind]) -> Kind:
    """Return the kind of a value that may take any of several kinds."""
    return OneOfKind(options)
