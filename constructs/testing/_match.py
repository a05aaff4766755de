"""The matching engine: ``Matcher``, ``MatchResult`` and the literal, object and array matchers.

Matching collects every mismatch with its path instead of stopping at the first, so a failed
assertion can say what differs and pick the closest candidate (the one with fewest mismatches).
Captures are only recorded once a whole candidate matches (``MatchResult.commit``).
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Mapping, Sequence
from typing import Any, ClassVar

import attrs

from stagewright.runtime._errors import nearest
from stagewright.testing._paths import JsonPath, count, show, where

__all__ = [
    "ArrayMatch",
    "LiteralMatch",
    "MatchResult",
    "Matcher",
    "Mismatch",
    "ObjectMatch",
    "as_matcher",
    "json_type",
    "same",
]


@attrs.frozen
class Mismatch:
    """One difference: where it is and what was expected there."""

    path: JsonPath
    message: str
    counted: bool = True
    """False for a line that only introduces others (array_with's "no item matches")."""

    def __str__(self) -> str:
        return f"{where(self.path)}: {self.message}"


class MatchResult:
    """The outcome of testing one value: its mismatches, and the captures it would record."""

    def __init__(self) -> None:
        self.mismatches: list[Mismatch] = []
        self._captures: list[Callable[[], None]] = []

    @property
    def ok(self) -> bool:
        """Whether the value matched (no mismatch)."""
        return not self.mismatches

    @property
    def score(self) -> int:
        """How far from matching: the number of mismatches (introductory lines not counted)."""
        return sum(m.counted for m in self.mismatches)

    def fail(self, path: JsonPath, message: str, *, counted: bool = True) -> MatchResult:
        """Record a mismatch at ``path``; return self."""
        self.mismatches.append(Mismatch(path, message, counted))
        return self

    def add_capture(self, record: Callable[[], None]) -> None:
        """Keep a capture to record when the whole match succeeds."""
        self._captures.append(record)

    def merge(self, other: MatchResult) -> None:
        """Take over the mismatches and captures of a nested match."""
        self.mismatches.extend(other.mismatches)
        self._captures.extend(other._captures)

    def commit(self) -> None:
        """Record the captures of a successful match (``Capture`` values become readable)."""
        if self.ok:
            for record in self._captures:
                record()
        self._captures.clear()

    def describe(self, indent: str = "  ", limit: int = 20) -> str:
        """Return the mismatches, one indented line each (at most ``limit`` lines)."""
        lines = [f"{indent}{m}" for m in self.mismatches[:limit]]
        if len(self.mismatches) > limit:
            lines.append(f"{indent}... and {count(len(self.mismatches) - limit, 'more mismatch')}")
        return "\n".join(lines)


class Matcher(abc.ABC):
    """A pattern a JSON value is tested against; build one with ``Match`` (or ``Capture``)."""

    ALLOWS_MISSING: ClassVar[bool] = False
    """Whether an object key this matcher stands for may be missing (``Match.absent()``)."""

    def test(self, actual: Any, path: JsonPath = ()) -> MatchResult:
        """Test ``actual`` (found at ``path``); return every mismatch (nothing is captured yet)."""
        result = MatchResult()
        self._test(actual, path, result)
        return result

    @abc.abstractmethod
    def _test(self, actual: Any, path: JsonPath, result: MatchResult) -> None:
        """Add the mismatches of ``actual`` to ``result``."""


def json_type(value: Any) -> str:
    """Name the JSON type of ``value``: object, array, string, number, boolean or null."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, Mapping):
        return "object"
    if isinstance(value, Sequence):
        return "array"
    return type(value).__name__


def same(expected: Any, actual: Any) -> bool:
    """Compare scalars as JSON does: ``True`` is not ``1``, ``"1"`` is not ``1``, 1 is 1.0."""
    if isinstance(expected, bool) or isinstance(actual, bool):
        return type(expected) is type(actual) and expected == actual
    if json_type(expected) != json_type(actual):
        return False
    return bool(expected == actual)


def as_matcher(pattern: Any, *, partial: bool) -> Matcher:
    """Turn a plain pattern into a matcher: dicts objects, lists exact arrays, the rest literals.

    With ``partial``, objects (at any depth) may hold keys the pattern does not name.
    """
    if isinstance(pattern, Matcher):
        return pattern
    if isinstance(pattern, Mapping):
        return ObjectMatch(pattern, partial=partial)
    if isinstance(pattern, list | tuple):
        return ArrayMatch(pattern, subsequence=False, partial=partial)
    return LiteralMatch(pattern)


class LiteralMatch(Matcher):
    """Matches one scalar value (string, number, boolean or null) exactly."""

    def __init__(self, expected: Any) -> None:
        self.expected = expected

    def _test(self, actual: Any, path: JsonPath, result: MatchResult) -> None:
        if not same(self.expected, actual):
            result.fail(path, f"expected {show(self.expected)}, got {show(actual)}")

    def __repr__(self) -> str:
        return repr(self.expected)


class ObjectMatch(Matcher):
    """Matches an object key by key; ``partial`` allows keys the pattern does not name."""

    def __init__(self, pattern: Mapping[str, Any], *, partial: bool) -> None:
        if not isinstance(pattern, Mapping):
            raise TypeError(f"an object pattern is a mapping, not {type(pattern).__name__}")
        self.pattern, self.partial = dict(pattern), partial

    def _test(self, actual: Any, path: JsonPath, result: MatchResult) -> None:
        if not isinstance(actual, Mapping):
            result.fail(path, f"expected an object, got {json_type(actual)} {show(actual)}")
            return
        for key, expected in self.pattern.items():
            matcher = as_matcher(expected, partial=self.partial)
            if key in actual:
                result.merge(matcher.test(actual[key], (*path, key)))
            elif not matcher.ALLOWS_MISSING:
                hint = _did_you_mean(key, [k for k in actual if k not in self.pattern])
                result.fail((*path, key), f"missing key (expected {show(expected)}){hint}")
        if not self.partial:
            for key in actual:
                if key not in self.pattern:
                    result.fail((*path, key), f"unexpected key, got {show(actual[key])}")

    def __repr__(self) -> str:
        name = "object_like" if self.partial else "object_equals"
        return f"Match.{name}({self.pattern!r})"


def _did_you_mean(key: str, candidates: list[Any]) -> str:
    """``; did you mean 'StageName'?`` for ``StageNam`` among keys the pattern does not name."""
    close = nearest(str(key), [str(c) for c in candidates])
    return f"; did you mean {close!r}?" if close else ""


class ArrayMatch(Matcher):
    """Matches an array: item by item, or (``subsequence``) some items in the pattern's order."""

    def __init__(self, pattern: Sequence[Any], *, subsequence: bool, partial: bool) -> None:
        if isinstance(pattern, str | bytes) or not isinstance(pattern, Sequence):
            raise TypeError(f"an array pattern is a list, not {type(pattern).__name__}")
        self.pattern, self.subsequence, self.partial = list(pattern), subsequence, partial

    def _test(self, actual: Any, path: JsonPath, result: MatchResult) -> None:
        if isinstance(actual, str) or not isinstance(actual, Sequence):
            result.fail(path, f"expected an array, got {json_type(actual)} {show(actual)}")
        elif self.subsequence:
            self._test_subsequence(actual, path, result)
        else:
            if len(actual) != len(self.pattern):
                result.fail(
                    path,
                    f"expected an array of {count(len(self.pattern), 'item')}, got {len(actual)}",
                )
            for index, (expected, item) in enumerate(zip(self.pattern, actual, strict=False)):
                result.merge(as_matcher(expected, partial=self.partial).test(item, (*path, index)))

    def _test_subsequence(self, actual: Sequence[Any], path: JsonPath, result: MatchResult) -> None:
        # Taking the earliest item that matches each pattern entry finds a subsequence whenever
        # one exists: a later choice never leaves more room for the entries after it.
        start = 0
        for number, expected in enumerate(self.pattern):
            matcher = as_matcher(expected, partial=self.partial)
            closest: MatchResult | None = None
            for index in range(start, len(actual)):
                attempt = matcher.test(actual[index], (*path, index))
                if attempt.ok:
                    result.merge(attempt)
                    start = index + 1
                    break
                if closest is None or attempt.score < closest.score:
                    closest = attempt
            else:
                after = f" after item [{start - 1}]" if start else ""
                message = f"no item{after} matches array_with entry [{number}] {show(expected)}"
                # With a closest item, its differences are the mismatches; this line leads them.
                result.fail(path, message, counted=closest is None)
                if closest is not None:
                    result.mismatches.extend(closest.mismatches)
                return

    def __repr__(self) -> str:
        name = "array_with" if self.subsequence else "array_equals"
        return f"Match.{name}({self.pattern!r})"
