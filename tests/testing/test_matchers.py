"""Match: each matcher accepts what it should, refuses what it should, and says where and why."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright.testing import Match, Matcher


def problems(matcher: Matcher, actual: Any) -> list[str]:
    """Return the mismatch lines of testing ``actual`` against ``matcher``."""
    return [str(m) for m in matcher.test(actual).mismatches]


STAGE = {
    "StageName": "prod",
    "TracingEnabled": True,
    "MethodSettings": [
        {"HttpMethod": "*", "LoggingLevel": "ERROR"},
        {"HttpMethod": "GET", "MetricsEnabled": True},
    ],
    "Variables": {"env": "prod", "GET /pets": "x"},
}


def test_object_like_accepts_a_subset_at_every_depth() -> None:
    """object_like ignores keys it does not name, in nested objects too."""
    pattern = {"MethodSettings": [{"HttpMethod": "*"}, {"MetricsEnabled": True}]}
    assert problems(Match.object_like(pattern), STAGE) == []


def test_object_like_reports_each_difference_with_its_path() -> None:
    """object_like lists every wrong value and missing key, each with its path."""
    pattern = {
        "StageName": "dev",
        "MethodSettings": [{"LoggingLevel": "INFO"}, {"CachingEnabled": True}],
        "Variables": {"GET /pets": "y"},
    }
    assert problems(Match.object_like(pattern), STAGE) == [
        "StageName: expected 'dev', got 'prod'",
        "MethodSettings[0].LoggingLevel: expected 'INFO', got 'ERROR'",
        "MethodSettings[1].CachingEnabled: missing key (expected True)",
        "Variables[\"GET /pets\"]: expected 'y', got 'x'",
    ]


def test_a_missing_key_suggests_the_nearest_key_the_pattern_does_not_name() -> None:
    """A typo (``StageNam``) is a missing key with did-you-mean ``StageName``; no guess if none."""
    assert problems(Match.object_like({"StageNam": "prod"}), STAGE) == [
        "StageNam: missing key (expected 'prod'); did you mean 'StageName'?"
    ]
    nested = {"MethodSettings": [{"LogingLevel": "ERROR"}, {}]}
    assert problems(Match.object_like(nested), STAGE) == [
        "MethodSettings[0].LogingLevel: missing key (expected 'ERROR'); "
        "did you mean 'LoggingLevel'?"
    ]
    # A key the pattern names itself is no suggestion: the typo is something else.
    assert problems(Match.object_like({"StageName": "prod", "StageNames": 1}), STAGE) == [
        "StageNames: missing key (expected 1)"
    ]
    assert problems(Match.object_like({"Zzz": 1}), STAGE) == ["Zzz: missing key (expected 1)"]


def test_a_literal_list_is_an_exact_array() -> None:
    """A plain list must have exactly as many items as the pattern."""
    found = problems(Match.object_like({"MethodSettings": [{"HttpMethod": "*"}]}), STAGE)
    assert found == ["MethodSettings: expected an array of 1 item, got 2"]


def test_literals_compare_as_json() -> None:
    """True is not 1, "1" is not 1, but 1 equals 1.0."""
    assert problems(Match.exact(1), True) == ["(root): expected 1, got True"]
    assert problems(Match.exact(1), "1") == ["(root): expected 1, got '1'"]
    assert problems(Match.exact(1), 1.0) == []


def test_object_equals_refuses_extra_keys_at_every_depth() -> None:
    """object_equals names each key the pattern does not have."""
    pattern = {"A": {"B": 1}}
    assert problems(Match.object_equals(pattern), {"A": {"B": 1}}) == []
    assert problems(Match.object_equals(pattern), {"A": {"B": 1, "C": 2}, "D": 3}) == [
        "A.C: unexpected key, got 2",
        "D: unexpected key, got 3",
    ]


def test_object_matchers_refuse_a_non_object() -> None:
    """An object pattern against a list says what it got."""
    assert problems(Match.object_like({"A": 1}), [1]) == [
        "(root): expected an object, got array [1]"
    ]


def test_array_with_finds_items_in_order() -> None:
    """array_with matches a subsequence: the pattern's items, in order, others in between."""
    matcher = Match.array_with([{"HttpMethod": "*"}, {"MetricsEnabled": True}])
    assert problems(matcher, STAGE["MethodSettings"]) == []
    reversed_order = Match.array_with([{"MetricsEnabled": True}, {"HttpMethod": "*"}])
    assert problems(reversed_order, STAGE["MethodSettings"]) == [
        "(root): no item after item [1] matches array_with entry [1] {'HttpMethod': '*'}"
    ]


def test_array_with_shows_the_closest_item() -> None:
    """When no item matches, array_with adds the differences of the closest item."""
    matcher = Match.object_like({"MethodSettings": Match.array_with([{"LoggingLevel": "INFO"}])})
    assert problems(matcher, STAGE) == [
        "MethodSettings: no item matches array_with entry [0] {'LoggingLevel': 'INFO'}",
        "MethodSettings[0].LoggingLevel: expected 'INFO', got 'ERROR'",
    ]


def test_array_equals_is_exact_in_items_and_objects() -> None:
    """array_equals wants every item, in order, and objects with no extra keys."""
    assert problems(Match.array_equals([1, 2]), [1, 2]) == []
    assert problems(Match.array_equals([2, 1]), [1, 2]) == [
        "[0]: expected 2, got 1",
        "[1]: expected 1, got 2",
    ]
    assert problems(Match.array_equals([{"A": 1}]), [{"A": 1, "B": 2}]) == [
        "[0].B: unexpected key, got 2"
    ]
    assert problems(Match.array_equals([1]), "1") == ["(root): expected an array, got string '1'"]


def test_absent_wants_the_key_missing() -> None:
    """absent() passes for a missing key and fails, with the value, for a present one."""
    assert problems(Match.object_like({"CacheClusterEnabled": Match.absent()}), STAGE) == []
    assert problems(Match.object_like({"TracingEnabled": Match.absent()}), STAGE) == [
        "TracingEnabled: expected the key to be absent, got True"
    ]


def test_any_value_wants_a_present_non_null_value() -> None:
    """any_value() fails for a missing key and for null."""
    matcher = Match.object_like({"StageName": Match.any_value()})
    assert problems(matcher, STAGE) == []
    assert problems(matcher, {"StageName": None}) == ["StageName: expected any value, got None"]
    assert problems(matcher, {}) == ["StageName: missing key (expected Match.any_value())"]


def test_string_like_regexp_searches_strings() -> None:
    """string_like_regexp finds the pattern anywhere in a string, and refuses non-strings."""
    matcher = Match.string_like_regexp(r"^pro")
    assert problems(matcher, "prod") == []
    assert problems(matcher, "dev") == ["(root): expected a string matching /^pro/, got 'dev'"]
    assert problems(matcher, 5) == ["(root): expected a string matching /^pro/, got 5"]


def test_not_inverts_a_pattern() -> None:
    """not_() fails exactly when its pattern matches."""
    assert problems(Match.not_("dev"), "prod") == []
    assert problems(Match.not_({"A": 1}), {"A": 1, "B": 2}) == [
        "(root): expected not to match {'A': 1}, got {'A': 1, 'B': 2}"
    ]


def test_serialized_json_matches_the_parsed_value() -> None:
    """serialized_json parses the string and matches the result; bad input says why."""
    matcher = Match.serialized_json({"status": 200})
    assert problems(matcher, '{"status": 200, "body": "ok"}') == []
    assert problems(matcher, '{"status": 500}') == ["status: expected 200, got 500"]
    assert problems(matcher, {"status": 200}) == [
        "(root): expected a JSON string, got object {'status': 200}"
    ]
    (bad,) = problems(matcher, "{oops")
    assert bad.startswith("(root): expected a JSON string, got invalid JSON (")


def test_exact_refuses_extra_keys_in_nested_objects() -> None:
    """exact() compares at every depth, objects included."""
    assert problems(Match.exact({"A": [{"B": 1}]}), {"A": [{"B": 1}]}) == []
    assert problems(Match.exact({"A": [{"B": 1}]}), {"A": [{"B": 1, "C": 0}]}) == [
        "A[0].C: unexpected key, got 0"
    ]


def test_patterns_must_have_the_right_shape() -> None:
    """An object pattern that is not a mapping, or an array pattern that is a string, is refused."""
    with pytest.raises(TypeError, match="an object pattern is a mapping"):
        Match.object_like(["A"])  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="an array pattern is a list"):
        Match.array_with("abc")


def test_matchers_show_as_the_calls_that_build_them() -> None:
    """A matcher's repr is the Match call, so 'Looked for' lines read as code."""
    pattern = {"A": Match.absent(), "B": Match.string_like_regexp("x"), "C": Match.not_(1)}
    assert repr(Match.object_like(pattern)) == (
        "Match.object_like({'A': Match.absent(), 'B': Match.string_like_regexp('x'), "
        "'C': Match.not_(1)})"
    )
