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

Two departures from ``json.dumps``, so that every template written parses everywhere:

- DEL, the C1 control characters (U+0080 to U+009F) and the Unicode noncharacters (U+FDD0 to
  U+FDEF, and the last two code points of every plane, such as U+FFFF) are written escaped
  (``\u0085``): JSON allows them raw, but cfn-lint's reader and other tools refuse the file.
  A template without them is written byte for byte as ``json.dumps`` writes it;
- what JSON cannot carry is refused with its location (``UnwritableError``): NaN and infinities,
  lone surrogates (no UTF-8 form), and nesting deeper than ``MAX_DEPTH`` levels (the most
  stagewright reads back; deeper still, encoders run out of stack).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Mapping
from typing import Any

__all__ = [
    "MAX_DEPTH",
    "UnwritableError",
    "dumps_compact_bytes",
    "dumps_template",
    "dumps_template_bytes",
    "find_unwritable",
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
MAX_DEPTH = 100
"""The deepest nesting written: ``template._limits.MAX_DEPTH``, the most stagewright reads back
(not imported from there: ``template`` imports synthesis)."""

# Characters written escaped: DEL, C1 controls, noncharacters (U+FDD0-U+FDEF, U+xFFFE-U+xFFFF).
_ESCAPED_TEXT = re.compile(
    "[\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
    + "".join(f"\\U{p:04x}fffe\\U{p:04x}ffff" for p in range(0x1, 0x11))
    + "]"
)
# The same characters in UTF-8 (a match can only start at a character's first byte).
_ESCAPED_UTF8 = re.compile(
    rb"\x7f|\xc2[\x80-\x9f]|\xef\xb7[\x90-\xaf]|\xef\xbf[\xbe\xbf]"
    rb"|[\xf0-\xf4][\x8f\x9f\xaf\xbf]\xbf[\xbe\xbf]"
)

Location = tuple[str | int, ...]


class UnwritableError(ValueError):
    """A template holds what JSON cannot carry; ``problems`` lists (location, message) pairs."""

    def __init__(self, problems: list[tuple[Location, str]]) -> None:
        self.problems = problems
        lines = "; ".join(f"{_dotted(path)}: {message}" for path, message in problems)
        super().__init__(f"cannot write the template: {lines}")


def _dotted(path: Location) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(template)"


def dumps_template(template: Mapping[str, Any]) -> str:
    """Serialize a template the way synthesis writes it: sorted, 2-space indent, final newline.

    The text is ``json.dumps(template, indent=2, sort_keys=True, ensure_ascii=False)`` plus a
    newline, with the characters other tools refuse escaped (see the module docstring). What
    JSON cannot carry (NaN, lone surrogates, nesting past ``MAX_DEPTH``) raises UnwritableError.
    """
    data = _dumps_orjson(template)
    if data is not None:
        return _escaped_text(data.decode())
    _refuse_unwritable(template, surrogates=False)
    return _escaped_text(_dumps_python(template))


def dumps_template_bytes(template: Mapping[str, Any]) -> bytes:
    """Return ``dumps_template(template)`` encoded in UTF-8: a template file's contents.

    Synthesis writes these bytes as they come (a 500-resource template is about 1 MB: a text
    copy of it and an encoded copy for the file are work and memory it does not need). A lone
    surrogate, which UTF-8 cannot encode, is refused (UnwritableError) with its location.
    """
    data = _dumps_orjson(template)
    if data is None:
        _refuse_unwritable(template, surrogates=True)
        data = _dumps_python(template).encode()
    return _escaped_bytes(data)


def dumps_compact_bytes(template: Mapping[str, Any]) -> bytes:
    """Return the template as compact JSON (no spaces, sorted keys) in UTF-8: what deploy sends.

    The same characters are escaped as in the files synthesis writes; ``template`` is one that
    synthesis wrote (or read back), so there is nothing JSON cannot carry. Without indentation,
    ``json.dumps`` runs its C encoder.
    """
    text = json.dumps(
        template, separators=(",", ":"), sort_keys=True, ensure_ascii=False, allow_nan=False
    )
    return _escaped_bytes(text.encode())


def _escaped_text(text: str) -> str:
    if text.isascii() and "\x7f" not in text:
        return text  # the common case, checked at C speed
    return _ESCAPED_TEXT.sub(lambda m: _escape(m.group()), text)


def _escaped_bytes(data: bytes) -> bytes:
    if data.isascii() and b"\x7f" not in data:
        return data
    return _ESCAPED_UTF8.sub(lambda m: _escape(m.group().decode()).encode(), data)


def _escape(char: str) -> str:
    """JSON's escape of one character: ``\\u0085``, a surrogate pair beyond U+FFFF."""
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _refuse_unwritable(template: Mapping[str, Any], *, surrogates: bool) -> None:
    problems = list(find_unwritable(template, surrogates=surrogates))
    if problems:
        raise UnwritableError(problems)


def find_unwritable(value: Any, *, surrogates: bool = True) -> Iterator[tuple[Location, str]]:
    """Yield (location, message) for each value JSON cannot carry, without recursion.

    NaN and infinities, lone surrogates (in keys too; only when ``surrogates``: text may hold
    them, UTF-8 bytes cannot), and containers nested past ``MAX_DEPTH`` (reported once, at the
    first levels of the location where they start).
    """
    pending: list[tuple[Location, Any]] = [((), value)]
    too_deep: set[Location] = set()
    while pending:
        path, node = pending.pop()
        if isinstance(node, Mapping | list | tuple):
            if len(path) >= MAX_DEPTH:
                # Named where the deep value starts (its first levels), once.
                where = path[:_DEEP_SHOWN]
                if where not in too_deep:
                    too_deep.add(where)
                    yield where, f"holds values nested deeper than {MAX_DEPTH} levels"
                continue
            items = node.items() if isinstance(node, Mapping) else enumerate(node)
            children = []
            for key, item in items:
                shown = key
                if surrogates and isinstance(key, str) and _has_surrogate(key):
                    # The location is printed: the key is shown with the surrogate escaped.
                    shown = key.encode(errors="backslashreplace").decode()
                    yield (*path, shown), _SURROGATE_KEY
                children.append(((*path, shown), item))
            pending.extend(reversed(children))
        elif isinstance(node, float) and not math.isfinite(node):
            yield path, f"must be a finite number (JSON has no NaN or Infinity), got {node!r}"
        elif surrogates and isinstance(node, str) and _has_surrogate(node):
            yield path, f"{_SURROGATE} got {_shown(node)}"


_DEEP_SHOWN = 5  # location parts shown for a value nested too deep
_SURROGATE = "holds a lone surrogate, which UTF-8 (and so a template) cannot encode,"
_SURROGATE_KEY = "the key holds a lone surrogate, which UTF-8 (and so a template) cannot encode"


def _has_surrogate(text: str) -> bool:
    if text.isascii():
        return False
    try:
        text.encode()
    except UnicodeEncodeError:
        return True
    return False


def _shown(text: str) -> str:
    shown = ascii(text)
    return shown if len(shown) <= 80 else shown[:77] + "..."


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
    """Tell whether ``value`` holds only types and floats that orjson writes as json does.

    Nesting deeper than ``MAX_DEPTH`` is not plain either: the careful path reports it.
    """
    pending: list[tuple[Any, int]] = [(value, 1)]
    while pending:
        node, depth = pending.pop()
        kind = type(node)
        if kind is dict:
            items: Any = node.values()
        elif kind is list or kind is tuple:
            items = node
        else:
            if not _plain_scalar(node):
                return False
            continue
        if depth > MAX_DEPTH:
            return False
        depth += 1
        for item in items:
            kind = type(item)
            if kind is str or kind is int or kind is bool or item is None:
                continue
            if kind is dict or kind is list or kind is tuple:
                pending.append((item, depth))
            elif not _plain_scalar(item):
                return False
    return True


def _plain_scalar(value: Any) -> bool:
    kind = type(value)
    if kind is float:
        # NaN fails both comparisons; infinities fail the second.
        return bool(value == 0.0 or _SMALLEST_SAFE <= abs(value) < math.inf)
    return kind is str or kind is int or kind is bool or value is None
