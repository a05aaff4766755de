"""Template serialization: the bytes of ``json.dumps(indent=2, sort_keys=True)``, written fast.

Synthesis writes every template as ``json.dumps(template, indent=2, sort_keys=True,
ensure_ascii=False)`` plus a final newline, and snapshot tests depend on those exact bytes. With
``indent`` the standard library only has its pure-Python encoder, so templates go through orjson
(a C extension, ~20x faster) whenever orjson is known to write the same bytes, and through a
the pure-Python encoder of ``_pyjson`` otherwise:

- every value is a plain ``str``, ``int``, ``bool``, ``None``, ``dict``, ``list``, ``tuple`` or
  ``float`` (orjson also writes enums, UUIDs, dataclasses... that json refuses; subclasses could
  serialize differently), checked by a walk of the template;
- every float is 0 or of magnitude at least 1e-4 and finite (orjson spells ``1e-07`` as ``1e-7``
  and ``1e-05`` as ``0.00001``, and writes NaN as ``null`` where json raises);
- orjson itself accepts the template (it refuses ints beyond 64 bits and keys that are not
  strings, which json writes);
- the installed orjson formats a set of probe floats as ``repr`` does (checked once; orjson
  3.11.7 started writing ``1e+16`` as Python does, older versions write ``1e16``).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = [
    "dumps_template",
    "dumps_template_bytes",
    "orjson_matches_json",
]

# Floats whose repr orjson must reproduce for its output to be used: exponents both ways,
# the boundaries of repr's plain notation (1e-4 and 1e16), extremes and signed zero.
_PROBE_FLOATS = (
    0.0,
    -0.0,
    0.1,
    0.5,
    1.0,
    100.0,
    1e-4,
    0.00012345,
    123456789.123,
    9999999999999998.0,
    1e16,
    -1.2e30,
    1.7976931348623157e308,
)
_SMALLEST_SAFE = 1e-4  # below it (but for 0) orjson's spelling differs from repr's
_orjson_ok: bool | None = None  # computed on first use


def dumps_template(template: Mapping[str, Any]) -> str:
    """Serialize a template the way synthesis writes it: sorted, 2-space indent, final newline.

    The text is exactly ``json.dumps(template, indent=2, sort_keys=True, ensure_ascii=False)``
    plus a newline (see the module docstring for how). NaN and infinities are refused: JSON has
    no spelling for them.
    """
    data = _dumps_orjson(template)
    return data.decode() if data is not None else _dumps_python(template)


def dumps_template_bytes(template: Mapping[str, Any]) -> bytes:
    """Return ``dumps_template(template)`` encoded in UTF-8: a template file's contents.

    Synthesis writes these bytes as they come (a 500-resource template is about 1 MB: a text
    copy of it and an encoded copy for the file are work and memory it does not need). A lone
    surrogate, which UTF-8 cannot encode, raises UnicodeEncodeError.
    """
    data = _dumps_orjson(template)
    return data if data is not None else _dumps_python(template).encode()


def _dumps_orjson(template: Mapping[str, Any]) -> bytes | None:
    """Return orjson's bytes if they are json's (see the module docstring), else None."""
    if not (_plain(template) and orjson_matches_json()):
        return None
    import orjson  # noqa: PLC0415 - only synthesis pays for the import

    try:
        return orjson.dumps(
            template, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS | orjson.OPT_APPEND_NEWLINE
        )
    except TypeError:
        # An int beyond 64 bits, a key that is not a string (json writes both), a lone
        # surrogate (json writes it; encoding the text refuses it).
        return None


def _dumps_python(template: Mapping[str, Any]) -> str:
    from stagewright.synth._pyjson import dumps_python  # noqa: PLC0415 - rarely needed

    return dumps_python(template)


def orjson_matches_json() -> bool:
    """Tell whether the installed orjson spells the probe floats as ``repr`` does (cached)."""
    global _orjson_ok  # noqa: PLW0603 - a once-per-process answer
    if _orjson_ok is None:
        try:
            import orjson  # noqa: PLC0415
        except ImportError:  # pragma: no cover - a dependency; the pure encoder still works
            _orjson_ok = False
        else:
            _orjson_ok = all(orjson.dumps(f) == repr(f).encode() for f in _PROBE_FLOATS)
    return _orjson_ok


def _plain(value: Any) -> bool:
    """Tell whether ``value`` holds only types and floats that orjson writes as json does."""
    pending: list[Any] = [value]
    while pending:
        node = pending.pop()
        kind = type(node)
        if kind is dict:
            items: Any = node.values()
        elif kind is list or kind is tuple:
            items = node
        else:
            if not _plain_scalar(node):
                return False
            continue
        for item in items:
            kind = type(item)
            if kind is str or kind is int or kind is bool or item is None:
                continue
            if kind is dict or kind is list or kind is tuple:
                pending.append(item)
            elif not _plain_scalar(item):
                return False
    return True


def _plain_scalar(value: Any) -> bool:
    kind = type(value)
    if kind is float:
        # NaN fails both comparisons; infinities fail the second.
        return bool(value == 0.0 or _SMALLEST_SAFE <= abs(value) < math.inf)
    return kind is str or kind is int or kind is bool or value is None
