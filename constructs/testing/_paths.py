"""How the testing kit names places and values in messages: paths and short reprs."""

from __future__ import annotations

import re
from typing import Any

from stagewright.runtime._errors import Key, format_path

__all__ = ["JsonPath", "count", "plural", "show", "where"]

JsonPath = tuple[str | int, ...]
"""Keys and list indexes from the top of a JSON value down to one place in it."""

_PLAIN_KEY = re.compile(r"[^.\[\]\"'\s]+\Z")
_MAX_CHARS = 80


def where(path: JsonPath) -> str:
    """Render ``path`` as ``Properties.MethodSettings[0].LoggingLevel`` (``(root)`` if empty).

    A key that a dotted path could not show unambiguously (``GET /pets``, ``a.b``) is written
    ``["GET /pets"]``.
    """
    parts = [p if isinstance(p, int) or _PLAIN_KEY.match(p) else Key(p) for p in path]
    return format_path("", tuple(parts))


def show(value: Any, limit: int = _MAX_CHARS) -> str:
    """Return ``repr(value)``, cut to ``limit`` characters."""
    text = repr(value)
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return text


def plural(noun: str) -> str:
    """Return ``mismatches`` for ``mismatch``, ``resources`` for ``resource``."""
    return noun + ("es" if noun.endswith(("s", "ch")) else "s")


def count(number: int, noun: str) -> str:
    """Return ``1 mismatch`` / ``2 mismatches``."""
    return f"{number} {noun if number == 1 else plural(noun)}"
