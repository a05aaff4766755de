"""``Match``: the factory of matchers for template assertions (modelled on aws_cdk.assertions)."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any, ClassVar

from stagewright.testing._match import (
    ArrayMatch,
    Matcher,
    MatchResult,
    ObjectMatch,
    as_matcher,
    json_type,
)
from stagewright.testing._paths import JsonPath, show

__all__ = ["Match"]


class _Absent(Matcher):
    ALLOWS_MISSING: ClassVar[bool] = True

    def _test(self, actual: Any, path: JsonPath, result: MatchResult) -> None:
        result.fail(path, f"expected the key to be absent, got {show(actual)}")

    def __repr__(self) -> str:
        return "Match.absent()"


class _AnyValue(Matcher):
    def _test(self, actual: Any, path: JsonPath, result: MatchResult) -> None:
        if actual is None:
            result.fail(path, "expected any value, got None")

    def __repr__(self) -> str:
        return "Match.any_value()"


class _StringLikeRegexp(Matcher):
    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self._regex = re.compile(pattern)

    def _test(self, actual: Any, path: JsonPath, result: MatchResult) -> None:
        if not isinstance(actual, str) or not self._regex.search(actual):
            result.fail(path, f"expected a string matching /{self.pattern}/, got {show(actual)}")

    def __repr__(self) -> str:
        return f"Match.string_like_regexp({self.pattern!r})"


class _Not(Matcher):
    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern

    def _test(self, actual: Any, path: JsonPath, result: MatchResult) -> None:
        # Captures inside a negated pattern are never recorded: a match here is a failure.
        if as_matcher(self.pattern, partial=True).test(actual, path).ok:
            result.fail(path, f"expected not to match {show(self.pattern)}, got {show(actual)}")

    def __repr__(self) -> str:
        return f"Match.not_({self.pattern!r})"


class _SerializedJson(Matcher):
    def __init__(self, pattern: Any) -> None:
        self.pattern = pattern

    def _test(self, actual: Any, path: JsonPath, result: MatchResult) -> None:
        if not isinstance(actual, str):
            result.fail(path, f"expected a JSON string, got {json_type(actual)} {show(actual)}")
            return
        try:
            parsed = json.loads(actual)
        except ValueError as error:
            result.fail(path, f"expected a JSON string, got invalid JSON ({error}): {show(actual)}")
            return
        result.merge(as_matcher(self.pattern, partial=True).test(parsed, path))

    def __repr__(self) -> str:
        return f"Match.serialized_json({self.pattern!r})"


class Match:
    """Build matchers for ``Template`` assertions, as ``aws_cdk.assertions.Match`` does.

    A plain dict in an expectation means ``object_like`` (at every depth); a plain list means an
    array of exactly those items, in order; any other value must be equal (``True`` is not ``1``).
    """

    @staticmethod
    def object_like(pattern: Mapping[str, Any]) -> Matcher:
        """Match an object holding at least the keys of ``pattern`` (nested objects likewise)."""
        return ObjectMatch(pattern, partial=True)

    @staticmethod
    def object_equals(pattern: Mapping[str, Any]) -> Matcher:
        """Match an object with exactly the keys of ``pattern``, at every depth."""
        return ObjectMatch(pattern, partial=False)

    @staticmethod
    def array_with(pattern: Sequence[Any]) -> Matcher:
        """Match an array holding items that match ``pattern``'s entries, in that order."""
        return ArrayMatch(pattern, subsequence=True, partial=True)

    @staticmethod
    def array_equals(pattern: Sequence[Any]) -> Matcher:
        """Match an array of exactly ``pattern``'s items, in order, compared exactly."""
        return ArrayMatch(pattern, subsequence=False, partial=False)

    @staticmethod
    def exact(pattern: Any) -> Matcher:
        """Match ``pattern`` exactly: objects may not hold other keys, at any depth."""
        return as_matcher(pattern, partial=False)

    @staticmethod
    def absent() -> Matcher:
        """Match a key that is not there (as the value of an object pattern's key)."""
        return _Absent()

    @staticmethod
    def any_value() -> Matcher:
        """Match any value that is present and not null."""
        return _AnyValue()

    @staticmethod
    def string_like_regexp(pattern: str) -> Matcher:
        """Match a string in which the regular expression ``pattern`` is found (``re.search``)."""
        return _StringLikeRegexp(pattern)

    @staticmethod
    def not_(pattern: Any) -> Matcher:
        """Match any value that ``pattern`` does not match."""
        return _Not(pattern)

    @staticmethod
    def serialized_json(pattern: Any) -> Matcher:
        """Match a string holding JSON whose parsed value matches ``pattern``."""
        return _SerializedJson(pattern)
