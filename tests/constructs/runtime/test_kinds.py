"""Runtime field kinds: JSON Schema semantics where Python's differ."""

from __future__ import annotations

import pytest

from stagewright import RawIntrinsic
from stagewright.runtime._errors import Problem
from stagewright.runtime.kinds import (
    Kind,
    any_json,
    boolean,
    integer,
    json_value,
    list_of,
    map_of,
    number,
    one_of,
    string,
)


def _problems(kind_value: tuple[object, object]) -> list[Problem]:
    kind, value = kind_value
    errors: list[Problem] = []
    kind.check(value, ("X",), errors)  # type: ignore[attr-defined]
    return errors


def test_dollar_does_not_accept_a_trailing_newline() -> None:
    """``^[a-z]+$`` rejects ``"abc\\n"`` as JSON Schema does (Python's re would accept it)."""
    kind = string(pattern="^[a-z]+$")
    assert _problems((kind, "abc")) == []
    assert [p.rule for p in _problems((kind, "abc\n"))] == ["pattern"]


def test_java_unicode_classes_are_understood() -> None:
    """Registry patterns use Java's ``\\p{L}``; the regex module matches letters of any script."""
    kind = string(pattern="^[\\p{L}\\p{Z}]+$")
    assert _problems((kind, "Grüße ünd 東京")) == []
    assert [p.rule for p in _problems((kind, "a1"))] == ["pattern"]


def test_intrinsics_skip_every_check() -> None:
    """A deploy-time value passes checks it would fail as a literal."""
    assert _problems((integer(minimum=5), RawIntrinsic({"Ref": "P"}))) == []
    assert [p.rule for p in _problems((integer(minimum=5), 1))] == ["minimum"]


def test_one_of_reports_the_constraint_of_the_matching_type() -> None:
    """For ``string | integer``, a too-small integer reports ``minimum``, not a type mismatch."""
    kind = one_of([string(), integer(minimum=5)])
    assert _problems((kind, "x")) == []
    assert [p.rule for p in _problems((kind, 1))] == ["minimum"]
    assert [p.rule for p in _problems((kind, 1.5))] == ["type"]


def test_json_value_takes_documents_and_strings_as_declared() -> None:
    """An ``[object, string]`` document accepts a mapping or a string, nothing else."""
    kind = json_value(allow_object=True, allow_string=True)
    assert _problems((kind, {"Version": "2012-10-17"})) == []
    assert _problems((kind, "{}")) == []
    assert [p.rule for p in _problems((kind, 3))] == ["type"]


def test_misspelt_intrinsic_is_a_type_problem_with_a_hint() -> None:
    """``{"Fn::Sbu": ...}`` is no intrinsic: it is checked as a value and the hint names Fn::Sub."""
    (problem,) = _problems((string(), {"Fn::Sbu": "x"}))
    assert problem.rule == "type"
    assert problem.hint == "Fn::Sbu is not an intrinsic function; did you mean Fn::Sub?"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_numbers_are_refused(value: float) -> None:
    """NaN and infinities have no JSON form, so a number field refuses them."""
    assert [p.rule for p in _problems((number(), value))] == ["type"]


class _Text(str):
    """A str subclass: checks accept it, the fast paths must not need to."""


_VALUES: list[object] = [
    None, "", "a", "A_1", "a b", "OFF", "INFO", "/x", "x" * 129, _Text("OFF"), 0, 1, -1, 5, 100,
    101, 2**70, 0.5, -0.5, 1e-5, 100.5, float("nan"), float("inf"), True, False, [], ["a"],
    ["a", "a"], [1, 2], [None], ("a", "b"), {}, {"a": "b"}, {"A_1": "/x"}, {"bad key": "v"},
    {1: "x"}, {"a": 1}, RawIntrinsic({"Ref": "P"}), {"Fn::Sbu": "x"}, object(),
]  # fmt: skip
_KINDS = [
    string(),
    string(enum=["OFF", "ERROR", "INFO"]),
    string(pattern="^/", min_length=1, max_length=128),
    string(min_length=2),
    integer(),
    integer(minimum=0, maximum=100),
    integer(exclusive_minimum=0, enum=[1, 5]),
    number(),
    number(minimum=0),
    number(maximum=100, exclusive_minimum=-1),
    boolean(),
    any_json(),
    json_value(allow_object=True, allow_string=True),
    json_value(allow_object=True),
    list_of(string()),
    list_of(integer(minimum=0), min_items=1, max_items=2, unique=True),
    map_of([("^[A-Za-z0-9_]+$", string(pattern="^[A-Za-z0-9/_]+$"))], max_properties=1),
    map_of([(None, integer())], min_properties=1),
    one_of([string(), integer(minimum=5)]),
]


@pytest.mark.parametrize("kind", _KINDS, ids=lambda kind: type(kind).__name__)
def test_accepts_never_passes_what_check_reports(kind: Kind) -> None:
    """``accepts`` (validation's fast path) is True only for values ``check`` finds no fault in."""
    for value in _VALUES:
        if kind.accepts(value):
            assert _problems((kind, value)) == [], value


def test_accepts_takes_the_usual_values_without_a_check() -> None:
    """Plain valid values pass the fast path (else every valid object would take the slow one)."""
    assert string(enum=["OFF", "INFO"]).accepts("OFF")
    assert string(pattern="^/", min_length=1, max_length=128).accepts("/x")
    assert number(minimum=0, maximum=100).accepts(0.5)
    assert integer(minimum=0).accepts(5)
    assert list_of(integer(minimum=0), unique=True).accepts([1, 2])
    assert map_of([("^[A-Za-z0-9_]+$", string(pattern="^[a-z/]+$"))]).accepts({"A_1": "/x"})
    assert not number().accepts(float("nan"))


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("^\\d+$", "\u0663", False),  # ARABIC-INDIC DIGIT THREE
        ("^\\w+$", "caf\u00e9", False),
        ("^\\S+$", "\x1c\x85", True),  # separators Python counts as whitespace, Java does not
        ("^\\s$", "\u00a0", False),
        ("^\\d\\w\\s$", "1a ", True),
    ],
)
def test_class_escapes_are_ascii_as_in_java(pattern: str, value: str, matches: bool) -> None:
    """A plain pattern's ``\\d``, ``\\w``, ``\\s`` are Java's ASCII classes (ECMA agrees on two)."""
    problems = _problems((string(pattern=pattern), value))
    assert [p.rule for p in problems] == ([] if matches else ["pattern"])


@pytest.mark.parametrize("value", [5, -9378859041, 2.5, True, "5", "true", "text"])
def test_union_keeps_a_value_an_option_takes_as_it_is(value: object) -> None:
    """``type: [string, number, boolean]`` reads 5 as 5 and "5" as "5", not one as the other."""
    kind = one_of([string(), number(), boolean()])
    read = kind.from_cfn(value, ("X",))
    assert (read, type(read)) == (value, type(value))
    assert _problems((kind, read)) == []


@pytest.mark.parametrize(
    ("pattern", "value", "matches"),
    [
        ("^(?:\\S+)$", "\x1c\x85", True),  # (?: sends a pattern to the regex package
        ("^(?:\\w+)$", "caf\u00e9", False),
        ("^[[:alpha:]]+$", "\u00e9", False),  # Java's \p{Alpha}, as codegen writes it
        ("^\\p{L}+$", "\u00e9", True),  # Unicode classes stay Unicode
    ],
)
def test_regex_package_patterns_read_classes_as_java(
    pattern: str, value: str, matches: bool
) -> None:
    """Patterns the regex package compiles read ``\\s`` and POSIX classes as ASCII too."""
    problems = _problems((string(pattern=pattern), value))
    assert [p.rule for p in problems] == ([] if matches else ["pattern"])
