"""Generated resource classes: schema facts, construction through the tree, GetAtt getters."""

from __future__ import annotations

import pytest

from stagewright import App, GetAtt, Stack, ValidationError
from stagewright.generated import RESOURCE_MODULES
from stagewright.generated.aws_apigateway import rest_api, stage
from stagewright.generated.aws_apigatewayv2 import stage as stage_v2
from stagewright.generated.aws_logs import log_group
from stagewright.runtime import cfn_fields


def test_index_lists_every_vendored_type() -> None:
    """The generated index maps each vendored type to its module and class."""
    assert RESOURCE_MODULES["AWS::ApiGateway::Stage"] == (
        "stagewright.generated.aws_apigateway.stage",
        "Stage",
    )
    assert len(RESOURCE_MODULES) == 49


def test_stage_schema_facts() -> None:
    """Type name, identifier, create-only properties and tagging come from the schema."""
    assert stage.Stage.TYPE_NAME == "AWS::ApiGateway::Stage"
    assert stage.Stage.PRIMARY_IDENTIFIER == ("RestApiId", "StageName")
    assert set(stage.Stage.CREATE_ONLY_PROPERTIES) == {"RestApiId", "StageName"}
    assert stage.Stage.TAGGING is not None
    assert stage.Stage.TAGGING.tag_property == "Tags"
    assert stage_v2.Stage.PRIMARY_IDENTIFIER == ("ApiId", "StageName")


def test_resource_validates_props_on_construction() -> None:
    """Building a resource validates its props at once, with the property path in the error."""
    root = Stack(App(), "S")
    with pytest.raises(ValidationError) as caught:
        stage.Stage(
            root,
            "Prod",
            rest_api_id="abc",
            canary_setting=stage.CanarySetting(percent_traffic=5),
            tracing_enabled="yes",  # type: ignore[arg-type]
        )
    assert caught.value.paths == ["AWS::ApiGateway::Stage TracingEnabled"]


def test_typed_getatt_getters_and_ref() -> None:
    """Read-only attributes become typed getters rendering Fn::GetAtt; ref renders Ref."""
    root = Stack(App(), "S")
    api = rest_api.RestApi(root, "Api", name="shop")
    assert isinstance(api.attr_root_resource_id, GetAtt)
    assert api.attr_root_resource_id.to_cfn() == {"Fn::GetAtt": ["Api", "RootResourceId"]}
    assert api.ref.to_cfn() == {"Ref": "Api"}
    prod = stage.Stage(root, "Prod", rest_api_id=api.ref, stage_name="prod")
    assert prod.to_cfn() == {
        "Type": "AWS::ApiGateway::Stage",
        "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "prod"},
    }


def test_get_att_refuses_an_attribute_the_schema_does_not_list() -> None:
    """An unknown attribute is a ValidationError naming the construct, the type and the nearest."""
    root = Stack(App(), "S")
    api = rest_api.RestApi(root, "Api", name="shop")
    with pytest.raises(ValidationError) as caught:
        api.get_att("RootResourceID")
    assert str(caught.value) == (
        "S/Api: Fn::GetAtt: is not an attribute of AWS::ApiGateway::RestApi [attribute], "
        "got 'RootResourceID'; did you mean 'RootResourceId'? attributes: RestApiId, "
        "RootResourceId"
    )
    (problem,) = caught.value.problems
    assert (problem.rule, problem.value) == ("attribute", "RootResourceID")
    prod = stage.Stage(root, "Prod", rest_api_id=api.ref)
    with pytest.raises(
        ValidationError, match=r"AWS::ApiGateway::Stage has no attributes; use \.ref"
    ):
        prod.get_att("Arn")


def test_read_only_properties_are_not_inputs() -> None:
    """``Arn`` of a log group is a GetAtt attribute, not a constructor argument."""
    assert "Arn" in log_group.LogGroup.READ_ONLY_ATTRIBUTES
    assert "Arn" not in {f.cfn for f in cfn_fields(log_group.LogGroupProps)}


def test_duplicate_sibling_ids_are_rejected() -> None:
    """Two children with one id under the same scope is an error naming the path."""
    scope = Stack(App(), "Stack")
    stage.Stage(scope, "Prod", rest_api_id="a")
    with pytest.raises(ValueError, match="'Prod' at 'Stack/Prod'"):
        stage.Stage(scope, "Prod", rest_api_id="b")
