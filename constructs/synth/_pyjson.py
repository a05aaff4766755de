"""The pure-Python template encoder: the text of ``json.dumps(indent=2, sort_keys=True)``.

``json.dumps`` only uses its C encoder without ``indent``; this encoder writes the same text about
3x faster than its pure-Python one. ``_encode.dumps_template`` uses it when orjson cannot be.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from json.encoder import encode_basestring as _encode_string
from typing import Any

__all__ = ["dumps_python"]


def dumps_python(template: Mapping[str, Any]) -> str:
    """The pure-Python encoder: json's bytes, ~3x faster than ``json.dumps(indent=2)``."""
    parts: list[str] = []
    try:
        _encode(template, "", parts.append)
    except TypeError:
        # Keys that are not strings (or values json converts): let the standard encoder decide.
        return json.dumps(template, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    parts.append("\n")
    return "".join(parts)


def _encode(value: Any, indent: str, out: Callable[[str], Any]) -> None:
    kind = type(value)
    if kind is str:
        out(_encode_string(value))
    elif kind is dict or (kind is not list and isinstance(value, Mapping)):
        _encode_mapping(value, indent, out)
    elif kind is list or kind is tuple:
        _encode_list(value, indent, out)
    else:
        out(_encode_scalar(value))


def _encode_mapping(value: Mapping[str, Any], indent: str, out: Callable[[str], Any]) -> None:
    if not value:
        out("{}")
        return
    inner = indent + "  "
    separator = "{\n" + inner
    for key in sorted(value):
        item = value[key]
        if type(item) is str:  # the common case, without a call per value
            out(separator + _encode_string(key) + ": " + _encode_string(item))
        else:
            out(separator + _encode_string(key) + ": ")
            _encode(item, inner, out)
        separator = ",\n" + inner
    out("\n" + indent + "}")


def _encode_list(
    value: list[Any] | tuple[Any, ...], indent: str, out: Callable[[str], Any]
) -> None:
    if not value:
        out("[]")
        return
    inner = indent + "  "
    separator = "[\n" + inner
    for item in value:
        if type(item) is str:
            out(separator + _encode_string(item))
        else:
            out(separator)
            _encode(item, inner, out)
        separator = ",\n" + inner
    out("\n" + indent + "]")


def _encode_scalar(value: Any) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"cannot write {value!r} into a template: JSON has no such number")
        return float.__repr__(value)
    raise TypeError(f"cannot write a {type(value).__name__} into a template: {value!r}")
