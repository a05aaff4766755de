"""Both values of an ``Fn::If`` must suit the property, as CloudFormation checks (E3012)."""

from __future__ import annotations

import pytest

from stagewright import App, Aws, CfnCondition, Fn, RawIntrinsic, Stack, ValidationError
from stagewright.generated.aws_apigateway.stage import MethodSetting, StageProps


def _condition() -> CfnCondition:
    return CfnCondition(Stack(App(), "S"), "IsProd", expression=Fn.equals("a", "b"))


def test_a_wrong_value_in_either_branch_is_refused_with_its_place() -> None:
    """A string for a boolean, in the second value: the path names the branch."""
    with pytest.raises(ValidationError) as caught:
        StageProps(rest_api_id="a", tracing_enabled=Fn.if_(_condition(), True, "yes"))
    assert caught.value.paths == ["AWS::ApiGateway::Stage TracingEnabled.Fn::If[2]"]


def test_no_value_and_fitting_values_pass() -> None:
    """``AWS::NoValue`` leaves the property unset; fitting values of each kind are fine."""
    condition = _condition()
    props = StageProps(
        rest_api_id="a",
        tracing_enabled=Fn.if_(condition, True, Aws.NO_VALUE),
        cache_cluster_size=Fn.if_(condition, "0.5", "1.6"),
    )
    assert props.to_cfn()["TracingEnabled"] == {"Fn::If": ["IsProd", True, {"Ref": "AWS::NoValue"}]}


def test_template_values_are_read_as_cloudformation_reads_them() -> None:
    """From a template, ``"true"`` is a boolean; an unknown enum value is refused."""
    MethodSetting.from_cfn({"CachingEnabled": {"Fn::If": ["C", "true", False]}})
    with pytest.raises(ValidationError, match=r"LoggingLevel\.Fn::If\[1\]: must be one of"):
        MethodSetting.from_cfn({"LoggingLevel": {"Fn::If": ["C", "DEBUG", "INFO"]}})


def test_nested_ifs_are_checked_too() -> None:
    """An ``Fn::If`` inside a branch has its own values checked."""
    inner = RawIntrinsic({"Fn::If": ["D", 5, True]})
    with pytest.raises(ValidationError) as caught:
        StageProps(rest_api_id="a", tracing_enabled=Fn.if_(_condition(), inner, False))
    assert caught.value.paths == ["AWS::ApiGateway::Stage TracingEnabled.Fn::If[1].Fn::If[1]"]
