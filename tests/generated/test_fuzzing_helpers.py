"""The fuzzing helpers themselves: pattern semantics, the oracle, presence rules, mutations."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from .fuzzing import regexes
from .fuzzing.intrinsics import is_intrinsic, template, with_intrinsics
from .fuzzing.mutations import Proposal, confirm, proposals
from .fuzzing.runner import ci_settings
from .fuzzing.schema import Oracle, SchemaView
from .fuzzing.values import Builder

QUICK = ci_settings(40)
# A made-up type using the schema features the vendored Stage types lack.
SCHEMA: dict[str, Any] = {
    "typeName": "Test::Fuzz::Thing",
    "readOnlyProperties": ["/properties/Arn"],
    "properties": {
        "Arn": {"type": "string"},
        "Name": {"type": "string", "pattern": "^[\\p{L}\\d]{1,8}$"},
        "Size": {"type": "integer", "exclusiveMinimum": 0, "multipleOf": 5},
        "Source": {"$ref": "#/definitions/Source"},
        "Labels": {
            "type": "object",
            "additionalProperties": False,
            "patternProperties": {"^[a-z]+$": {"type": "string", "maxLength": 3}},
        },
    },
    "definitions": {
        "Source": {
            "type": "object",
            "additionalProperties": False,
            "properties": {"Bucket": {"type": "string"}, "Url": {"type": "string"}},
            "oneOf": [{"required": ["Bucket"]}, {"required": ["Url"]}],
        }
    },
    "required": ["Name", "Arn"],
}


@pytest.mark.parametrize(
    ("pattern", "text", "matches"),
    [
        ("^a$", "a\n", False),  # $ ends the text, as in ECMA 262 and Java
        ("^\\d$", "\u0663", False),  # \d is ASCII
        ("^\\S$", "\x1c", True),  # \s is Java's ASCII whitespace
        ("^\\p{Alpha}+$", "\u00e9", False),  # Java's POSIX classes are ASCII
        ("^\\p{L}+$", "\u00e9", True),  # Unicode classes are not
        ("^[a[b]+$", "[", True),  # [ inside a class is a literal (ECMA 262)
        ("^\\Qa.b\\E$", "axb", False),
        ("^[\\S\\s]*$", "a \n", True),  # class escapes inside a class
        ("^[\\w-.]+$", "a-.", True),  # a dash after a class escape is a literal
        ("^a(?s).+$", "a\nb", True),  # Java's inline flag where it stands
        ("^[\\P{C}]+$", "a\x07", False),
    ],
)
def test_patterns_read_as_cloudformation_reads_them(pattern: str, text: str, matches: bool) -> None:
    """The matcher gives Java's (CloudFormation's) answer where Python's re would differ."""
    match = regexes.matcher(pattern)
    assert match is not None
    assert match(text) is matches


@QUICK
@given(data=st.data())
def test_made_up_type_draws_only_valid_values(data: st.DataObject) -> None:
    """Read-only names, unicode classes, exclusive bounds with steps, maps and oneOf all hold."""
    view = SchemaView(SCHEMA)
    build = Builder(view)
    value = data.draw(build.properties())
    assert "Arn" not in value
    assert Oracle(view).errors(value) == []
    if "Source" in value:
        assert len(value["Source"]) == 1  # exactly one of Bucket, Url


def test_all_of_parts_constraining_one_name_both_count() -> None:
    """Merging ``allOf`` keeps both schemas of a name two parts constrain."""
    a, b = {"type": "string"}, {"not": {"enum": ["admin"]}}
    node = {"allOf": [{"properties": {"User": a}}, {"properties": {"User": b}}]}
    assert SchemaView(SCHEMA).resolve(node)["properties"] == {"User": {"allOf": [a, b]}}


def test_oracle_refuses_what_the_schema_refuses() -> None:
    """The oracle is a real validator: required, oneOf, multipleOf and key patterns count."""
    oracle = Oracle(SchemaView(SCHEMA))
    assert oracle.is_valid({"Name": "ab", "Arn": "x"}) is False  # Arn is read-only
    assert oracle.is_valid({"Name": "ab", "Size": 7}) is False
    assert oracle.is_valid({"Name": "ab", "Source": {"Bucket": "b", "Url": "u"}}) is False
    assert oracle.is_valid({"Name": "ab", "Labels": {"A": "x"}}) is False
    assert oracle.is_valid({"Name": "ab", "Size": 10, "Labels": {"a": "x"}}) is True


def test_a_mutation_breaking_two_rules_is_not_confirmed() -> None:
    """A change that breaks two rules at once (pattern and length) is dropped as ambiguous."""
    view = SchemaView(SCHEMA)
    document = {"Name": "ab"}
    two = Proposal("maxLength", ("Name",), ("Name",), "a b" * 5, ("set", ("Name",), "a b" * 5))
    one = Proposal("pattern", ("Name",), ("Name",), "a b", ("set", ("Name",), "a b"))
    assert confirm(Oracle(view), document, two) is None
    confirmed = confirm(Oracle(view), document, one)
    assert confirmed is not None
    assert confirmed.document == {"Name": "a b"}


def test_proposals_cover_every_rule_of_a_full_document() -> None:
    """Names, required, type, pattern, range and map keys are all proposed for a rich value."""
    document = {"Name": "ab", "Size": 5, "Labels": {"a": "x"}, "Source": {"Url": "u"}}
    rules = {p.rule for p in proposals(SchemaView(SCHEMA), document)}
    assert {"additionalProperties", "required", "type", "pattern", "exclusiveMinimum"} <= rules
    assert {"patternProperties", "maxLength"} <= rules


@QUICK
@given(value=with_intrinsics(st.fixed_dictionaries({"A": st.lists(st.text(), max_size=4)})))
def test_intrinsics_are_distinct_and_declared(value: dict[str, Any]) -> None:
    """Every call carries its own serial number and the template declares what it names."""
    calls = [v for v in value.get("A", []) if is_intrinsic(v)]
    assert len({repr(c) for c in calls}) == len(calls)
    declared = template("T::T::T", value)
    assert set(declared["Parameters"]) >= {"P1", "P40"}
    assert declared["Resources"]["Res"]["Properties"] is value


@QUICK
@given(data=st.data())
def test_filled_strings_reach_an_exact_length(data: st.DataObject) -> None:
    """A length from_regex rarely reaches (36 characters exactly) is drawn from the alphabet."""
    strategy = regexes.filled("^[a-zA-Z0-9][a-zA-Z0-9-]*$", 36, 36)
    assert strategy is not None
    text = data.draw(strategy)
    assert len(text) == 36
    assert text[0] != "-"
