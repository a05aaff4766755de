"""Parameter values typed for Python: value_as_string, value_as_number, value_as_list."""

from __future__ import annotations

import pytest

from stagewright import (
    App,
    CfnParameter,
    ListValue,
    NumberValue,
    ParameterValue,
    Stack,
    StringValue,
    SynthesisError,
    ValidationError,
)
from stagewright.generated.aws_apigateway import rest_api, stage


def _stack() -> tuple[App, Stack]:
    app = App()
    return app, Stack(app, "S")


def test_each_value_renders_as_a_ref_in_its_typed_field() -> None:
    """String, number and list values each render as ``{"Ref": parameter}`` where they are used."""
    app, stack = _stack()
    name = CfnParameter(stack, "Name")
    size = CfnParameter(stack, "Size", type="Number", default=1024)
    types = CfnParameter(stack, "Types", type="CommaDelimitedList")
    rest_api.RestApi(
        stack,
        "Api",
        name=name.value_as_string,
        minimum_compression_size=size.value_as_number,
        binary_media_types=types.value_as_list,
    )
    properties = app.synthesize().templates["S"]["Resources"]["Api"]["Properties"]
    assert properties == {
        "Name": {"Ref": "Name"},
        "MinimumCompressionSize": {"Ref": "Size"},
        "BinaryMediaTypes": {"Ref": "Types"},
    }


def test_values_are_typed_tokens() -> None:
    """Each accessor returns its own token class, all of them parameter values."""
    stack = _stack()[1]
    number = CfnParameter(stack, "N", type="Number")
    listed = CfnParameter(stack, "L", type="List<Number>")
    assert isinstance(number.value_as_string, StringValue)
    assert isinstance(number.value_as_number, NumberValue)
    assert isinstance(listed.value_as_list, ListValue)
    assert isinstance(listed.value_as_list, ParameterValue)
    assert repr(number.value_as_number) == "NumberValue(<CfnParameter 'S/N'>)"


@pytest.mark.parametrize(
    "type_", ["String", "Number", "AWS::EC2::VPC::Id", "AWS::SSM::Parameter::Value<String>"]
)
def test_value_as_string_of_a_scalar_parameter(type_: str) -> None:
    """Every parameter type whose value is one string has a ``value_as_string``."""
    app, stack = _stack()
    parameter = CfnParameter(stack, "P", type=type_)
    stage.Stage(stack, "Prod", rest_api_id=parameter.value_as_string)
    resources = app.synthesize().templates["S"]["Resources"]
    assert resources["Prod"]["Properties"]["RestApiId"] == {"Ref": "P"}


@pytest.mark.parametrize(
    ("type_", "accessor", "hint"),
    [
        ("String", "value_as_list", "use value_as_string"),
        ("CommaDelimitedList", "value_as_string", "use value_as_list"),
        ("List<AWS::EC2::Subnet::Id>", "value_as_number", "use value_as_list"),
        ("AWS::EC2::VPC::Id", "value_as_number", "use value_as_string"),
    ],
)
def test_a_value_of_the_wrong_shape_is_refused(type_: str, accessor: str, hint: str) -> None:
    """A list parameter has no string or number value, a scalar one no list value."""
    parameter = CfnParameter(_stack()[1], "P", type=type_)
    with pytest.raises(ValidationError) as caught:
        getattr(parameter, accessor)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"S/P: {accessor}: a parameter of this type holds no ")
    assert problem.value == type_
    assert problem.hint == hint


def test_a_value_used_in_another_stack_is_refused_like_ref() -> None:
    """A parameter's typed value cannot cross stacks, just as its ``ref`` cannot."""
    app = App()
    name = CfnParameter(Stack(app, "Base"), "Name")
    rest_api.RestApi(Stack(app, "Shop"), "Api", name=name.value_as_string)
    with pytest.raises(SynthesisError, match="only resources can be shared between stacks"):
        app.synthesize()
