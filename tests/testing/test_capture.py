"""Capture: values matched by an assertion can be read back, typed, one after another."""

from __future__ import annotations

import pytest

from stagewright import Stack
from stagewright.testing import Capture, Match, Template


def test_capture_reads_the_value_of_a_matching_resource(shop: Stack) -> None:
    """A capture in has_resource_properties holds the value of the resource that matched."""
    deployment, tracing = Capture(), Capture()
    Template.from_stack(shop).has_resource_properties(
        "AWS::ApiGateway::Stage",
        {"StageName": "prod", "DeploymentId": deployment, "TracingEnabled": tracing},
    )
    assert deployment.as_object() == {"Ref": "Release"}
    assert tracing.as_boolean() is True


def test_capture_records_each_matching_resource_and_next_moves_on(shop: Stack) -> None:
    """With two matching stages, both names are captured in logical ID order; next() walks them."""
    name = Capture()
    Template.from_stack(shop).has_resource_properties("AWS::ApiGateway::Stage", {"StageName": name})
    assert name.as_string() == "dev"  # Dev sorts before Prod
    assert name.next() is True
    assert name.as_string() == "prod"
    assert name.next() is False
    assert name.as_string() == "prod"


def test_capture_records_nothing_from_a_resource_that_does_not_match(shop: Stack) -> None:
    """Only resources that match as a whole contribute a captured value."""
    name = Capture()
    Template.from_stack(shop).has_resource_properties(
        "AWS::ApiGateway::Stage", {"StageName": name, "TracingEnabled": True}
    )
    assert name.as_string() == "prod"
    assert name.next() is False


def test_capture_with_a_pattern_only_takes_matching_values(shop: Stack) -> None:
    """Capture(pattern) matches (and records) only values that match the pattern."""
    setting = Capture({"LoggingLevel": "ERROR"})
    template = Template.from_stack(shop)
    template.has_resource_properties(
        "AWS::ApiGateway::Stage", {"MethodSettings": Match.array_with([setting])}
    )
    assert setting.as_object() == {"HttpMethod": "*", "LoggingLevel": "ERROR", "ResourcePath": "/*"}
    with pytest.raises(AssertionError, match="LoggingLevel: expected 'WARN', got 'ERROR'"):
        template.has_resource_properties(
            "AWS::ApiGateway::Stage",
            {"MethodSettings": [Capture({"LoggingLevel": "WARN"}), Match.any_value()]},
        )


def test_capture_typed_getters_refuse_other_types() -> None:
    """as_number on a captured string names the value and its JSON type."""
    value = Capture()
    result = Match.object_like({"A": value}).test({"A": "5"})
    result.commit()
    assert value.as_string() == "5"
    with pytest.raises(AssertionError, match=r"captured value \[0\] is string '5', not number"):
        value.as_number()
    items = Capture()
    Match.object_like({"A": items, "B": Capture()}).test({"A": [1], "B": 2.5}).commit()
    assert items.as_array() == [1]


def test_capture_without_a_match_has_nothing_to_give() -> None:
    """Reading a capture no successful assertion filled raises AssertionError."""
    value = Capture()
    failed = Match.object_like({"A": value, "B": 1}).test({"A": "x", "B": 2})
    failed.commit()
    with pytest.raises(AssertionError, match="captured no value"):
        value.as_string()


def test_capture_refuses_null() -> None:
    """A null value cannot be captured (as in AWS CDK)."""
    assert [str(m) for m in Capture().test(None).mismatches] == [
        "(root): expected a value to capture, got None"
    ]
