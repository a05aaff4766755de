"""Naming rules: modules, classes, fields and getters."""

from __future__ import annotations

import pytest

from stagewright.codegen import naming


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("RestApi", "rest_api"),
        ("LogGroup", "log_group"),
        ("VPCEndpoint", "vpc_endpoint"),
        ("DBInstance", "db_instance"),
        ("Stage", "stage"),
        ("ApiGatewayV2", "api_gateway_v2"),
        ("a-b c", "a_b_c"),
    ],
)
def test_snake_case(name: str, expected: str) -> None:
    """CamelCase and acronyms become snake_case words."""
    assert naming.snake_case(name) == expected


@pytest.mark.parametrize(
    ("type_name", "expected"),
    [
        ("AWS::ApiGateway::Stage", ("aws_apigateway", "stage")),
        ("AWS::ApiGatewayV2::Stage", ("aws_apigatewayv2", "stage")),
        ("AWS::Logs::LogGroup", ("aws_logs", "log_group")),
        ("AWS::Glue::Import", ("aws_glue", "import_")),
        ("Alexa::ASK::Skill", ("alexa_ask", "skill")),
    ],
)
def test_module_for(type_name: str, expected: tuple[str, str]) -> None:
    """A type maps to a service package and a snake-case module; keywords get an underscore."""
    assert naming.module_for(type_name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("class", "class_"),
        ("match", "match_"),
        ("to_cfn", "to_cfn_"),
        ("id", "id_"),
        ("format", "format"),
    ],
)
def test_safe_field_name(name: str, expected: str) -> None:
    """Keywords and reserved names get an underscore; harmless builtins such as ``format`` stay."""
    assert naming.safe_field_name(name) == expected


def test_class_names_that_shadow_annotation_names_are_renamed() -> None:
    """A resource named like a typing name gets a ``Resource`` suffix; others keep their name."""
    assert naming.resource_class_name("AWS::X::Mapping") == "MappingResource"
    assert naming.resource_class_name("AWS::Events::Rule") == "Rule"
    assert naming.props_class_name("AWS::ApiGateway::Stage") == "StageProps"


def test_attr_getter_name() -> None:
    """GetAtt attributes, nested ones included, become ``attr_`` getters."""
    assert naming.attr_getter_name("RootResourceId") == "attr_root_resource_id"
    assert naming.attr_getter_name("Endpoint.Address") == "attr_endpoint_address"
