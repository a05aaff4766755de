"""``Capture``: a matcher that records the value it matched, to read it after an assertion."""

from __future__ import annotations

from typing import Any

from stagewright.testing._match import Matcher, MatchResult, as_matcher, json_type
from stagewright.testing._paths import JsonPath, show

__all__ = ["Capture"]

_UNSET: Any = object()


class Capture(Matcher):
    """Match any non-null value (or one matching ``pattern``) and record it.

    Values are recorded only when the whole assertion matches; when several resources match,
    each one's value is recorded in logical ID order: read the first with ``as_string()`` (and
    the others), move on with ``next()``.
    """

    def __init__(self, pattern: Any = _UNSET) -> None:
        """Capture any value, or only values matching ``pattern`` (a dict means object-like)."""
        self.pattern = pattern
        self._captured: list[Any] = []
        self._index = 0

    def _test(self, actual: Any, path: JsonPath, result: MatchResult) -> None:
        if actual is None:
            result.fail(path, "expected a value to capture, got None")
            return
        if self.pattern is not _UNSET:
            inner = as_matcher(self.pattern, partial=True).test(actual, path)
            result.merge(inner)
            if not inner.ok:
                return
        result.add_capture(lambda: self._captured.append(actual))

    def next(self) -> bool:
        """Move to the next captured value; return False (and stay) if there is none."""
        if self._index + 1 < len(self._captured):
            self._index += 1
            return True
        return False

    def as_string(self) -> str:
        """Return the current captured value, which must be a string."""
        __tracebackhide__ = True
        return str(self._current("string"))

    def as_number(self) -> int | float:
        """Return the current captured value, which must be a number."""
        __tracebackhide__ = True
        value: int | float = self._current("number")
        return value

    def as_boolean(self) -> bool:
        """Return the current captured value, which must be a boolean."""
        __tracebackhide__ = True
        return bool(self._current("boolean"))

    def as_object(self) -> dict[str, Any]:
        """Return the current captured value, which must be an object."""
        __tracebackhide__ = True
        value: dict[str, Any] = self._current("object")
        return value

    def as_array(self) -> list[Any]:
        """Return the current captured value, which must be an array."""
        __tracebackhide__ = True
        value: list[Any] = self._current("array")
        return value

    def _current(self, expected: str) -> Any:
        __tracebackhide__ = True
        if not self._captured:
            raise AssertionError(f"{self!r} captured no value (no assertion using it matched)")
        value = self._captured[self._index]
        if json_type(value) != expected:
            raise AssertionError(
                f"captured value [{self._index}] is {json_type(value)} {show(value)}, "
                f"not {expected}"
            )
        return value

    def __repr__(self) -> str:
        return "Capture()" if self.pattern is _UNSET else f"Capture({self.pattern!r})"
