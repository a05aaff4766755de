"""Tags.of(scope): tags for every taggable resource below a scope, applied at synthesis."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright import (
    App,
    Aspects,
    CfnParameter,
    Construct,
    RawIntrinsic,
    RawResource,
    Stack,
    Tags,
    ValidationError,
)
from stagewright.generated.aws_apigateway import account, rest_api, stage
from stagewright.generated.aws_apigateway.stage import Tag
from stagewright.generated.aws_apigatewayv2 import api, deployment
from stagewright.generated.aws_apigatewayv2 import stage as stage_v2


def _stack() -> tuple[App, Stack]:
    app = App()
    return app, Stack(app, "S")


def _resources(app: App) -> dict[str, Any]:
    resources: dict[str, Any] = app.synthesize().templates["S"]["Resources"]
    return resources


def _tags(app: App, logical_id: str) -> Any:
    return _resources(app)[logical_id]["Properties"].get("Tags")


def test_v1_resources_get_a_key_value_list_sorted_by_key() -> None:
    """A REST API takes its scopes' tags as a list of Key/Value, sorted by key."""
    app, stack = _stack()
    Tags.of(stack).add("team", "shop")
    Tags.of(app).add("cost-center", "42")
    rest_api.RestApi(stack, "Api", name="shop")
    assert _tags(app, "Api") == [
        {"Key": "cost-center", "Value": "42"},
        {"Key": "team", "Value": "shop"},
    ]


def test_v2_resources_get_a_string_map() -> None:
    """An HTTP API and its stage take the tags as a string map."""
    app, stack = _stack()
    Tags.of(stack).add("team", "shop")
    http = api.Api(stack, "Http", name="shop", protocol_type="HTTP")
    stage_v2.Stage(stack, "Live", api_id=http.ref, stage_name="live")
    assert _tags(app, "Http") == {"team": "shop"}
    assert _tags(app, "Live") == {"team": "shop"}


def test_resources_created_after_the_call_are_tagged() -> None:
    """The tags are applied at synthesis, so later resources (in nested scopes too) get them."""
    app, stack = _stack()
    Tags.of(app).add("team", "shop")
    grouped = rest_api.RestApi(Construct(stack, "Group"), "Api", name="shop")
    assert _tags(app, grouped.logical_id) == [{"Key": "team", "Value": "shop"}]


def test_a_tag_the_resource_sets_itself_wins() -> None:
    """A resource's own tag keeps its value; the other scope tags follow its own tags."""
    app, stack = _stack()
    Tags.of(stack).add("team", "shop")
    Tags.of(stack).add("env", "prod")
    stage.Stage(stack, "Prod", rest_api_id="abc", tags=[Tag(key="team", value="payments")])
    http = api.Api(stack, "Http", name="h", protocol_type="HTTP", tags={"env": "test"})
    stage_v2.Stage(stack, "Live", api_id=http.ref, stage_name="live")
    assert _tags(app, "Prod") == [
        {"Key": "team", "Value": "payments"},
        {"Key": "env", "Value": "prod"},
    ]
    assert _tags(app, "Http") == {"env": "test", "team": "shop"}


def test_an_override_of_the_tag_property_wins() -> None:
    """An escape-hatch override of Tags replaces what the scopes would add."""
    app, stack = _stack()
    Tags.of(stack).add("team", "shop")
    rest_api.RestApi(stack, "Api", name="shop").add_property_override("Tags", [])
    assert _tags(app, "Api") == []


def test_the_nearer_scope_wins_and_remove_takes_back_an_outer_tag() -> None:
    """An inner scope's add overrides an outer one's value; an inner remove drops the tag."""
    app, stack = _stack()
    Tags.of(app).add("team", "shop")
    Tags.of(app).add("env", "prod")
    inner = Construct(stack, "Inner")
    Tags.of(inner).add("team", "payments")
    Tags.of(inner).remove("env")
    nested = rest_api.RestApi(inner, "Api", name="shop")
    rest_api.RestApi(stack, "Outer", name="shop")
    assert _tags(app, nested.logical_id) == [{"Key": "team", "Value": "payments"}]
    assert _tags(app, "Outer") == [
        {"Key": "env", "Value": "prod"},
        {"Key": "team", "Value": "shop"},
    ]


def test_at_one_scope_the_later_call_wins() -> None:
    """add, remove, add of one key at one scope leaves the tag on (each call counts)."""
    app, stack = _stack()
    Tags.of(stack).add("team", "a")
    Tags.of(stack).remove("team")
    Tags.of(stack).add("team", "b")
    rest_api.RestApi(stack, "Api", name="shop")
    assert _tags(app, "Api") == [{"Key": "team", "Value": "b"}]
    assert len(Aspects.of(stack).all) == 3


def test_remove_keeps_a_tag_the_resource_sets_itself() -> None:
    """remove only takes back scope tags; the resource's own tags stay."""
    app, stack = _stack()
    Tags.of(stack).remove("team")
    stage.Stage(stack, "Prod", rest_api_id="abc", tags=[Tag(key="team", value="payments")])
    assert _tags(app, "Prod") == [{"Key": "team", "Value": "payments"}]


def test_resources_without_a_tag_property_are_skipped() -> None:
    """Raw resources, untaggable types and types whose schema names no tag property keep as is."""
    app, stack = _stack()
    Tags.of(stack).add("team", "shop")
    RawResource(stack, "Queue", type="AWS::SQS::Queue", properties={"QueueName": "q"})
    account.Account(stack, "Account")
    deployment.Deployment(stack, "Deployment", api_id="abc")  # taggable: false in its schema
    resources = _resources(app)
    assert resources["Queue"] == {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": "q"}}
    assert resources["Account"] == {"Type": "AWS::ApiGateway::Account"}
    assert "Tags" not in resources["Deployment"]["Properties"]


def test_include_and_exclude_resource_types() -> None:
    """Only the included types are tagged, and never the excluded ones."""
    app, stack = _stack()
    Tags.of(stack).add("a", "1", include_resource_types=["AWS::ApiGateway::Stage"])
    Tags.of(stack).add("b", "2", exclude_resource_types=["AWS::ApiGateway::Stage"])
    rest_api.RestApi(stack, "Api", name="shop")
    stage.Stage(stack, "Prod", rest_api_id="abc")
    assert _tags(app, "Api") == [{"Key": "b", "Value": "2"}]
    assert _tags(app, "Prod") == [{"Key": "a", "Value": "1"}]


def test_a_tag_value_may_be_an_intrinsic() -> None:
    """A parameter's value as a tag value renders as its Ref."""
    app, stack = _stack()
    Tags.of(stack).add("env", CfnParameter(stack, "Env").value_as_string)
    rest_api.RestApi(stack, "Api", name="shop")
    assert _tags(app, "Api") == [{"Key": "env", "Value": {"Ref": "Env"}}]


def test_synthesizing_twice_gives_the_same_tags() -> None:
    """The aspects run at every synthesis without piling up or losing tags."""
    app, stack = _stack()
    Tags.of(stack).add("team", "shop")
    rest_api.RestApi(stack, "Api", name="shop")
    first = app.synthesize().templates
    Tags.of(stack).add("env", "prod")
    assert _tags(app, "Api") == [
        {"Key": "env", "Value": "prod"},
        {"Key": "team", "Value": "shop"},
    ]
    assert first["S"]["Resources"]["Api"]["Properties"]["Tags"] == [
        {"Key": "team", "Value": "shop"}
    ]


def test_tags_given_as_an_intrinsic_are_kept_with_a_warning() -> None:
    """A tag property set with an intrinsic cannot be merged: kept as is, with a warning."""
    app, stack = _stack()
    Tags.of(stack).add("team", "shop")
    tags = RawIntrinsic({"Ref": "AWS::NoValue"})
    rest_api.RestApi(stack, "Api", name="shop", tags=tags)
    assembly = app.synthesize()
    properties = assembly.templates["S"]["Resources"]["Api"]["Properties"]
    assert properties["Tags"] == {"Ref": "AWS::NoValue"}
    (warning,) = [m for m in assembly.messages if m.level == "warning"]
    assert warning.path == "S/Api"
    assert "cannot be added to it" in warning.text


@pytest.mark.parametrize(
    ("key", "value", "rule"),
    [
        ("aws:team", "x", "pattern"),
        ("AWS:team", "x", "pattern"),
        ("", "x", "type"),
        ("k" * 129, "x", "maxLength"),
        ("team", "v" * 257, "maxLength"),
        ("team", 3, "type"),
    ],
)
def test_bad_keys_and_values_are_refused_at_once(key: str, value: Any, rule: str) -> None:
    """Reserved ``aws:`` keys, empty or long keys, and long or non-string values are refused."""
    stack = _stack()[1]
    with pytest.raises(ValidationError) as caught:
        Tags.of(stack).add(key, value)
    assert [p.rule for p in caught.value.problems] == [rule]
    assert Aspects.of(stack).all == []


def test_remove_refuses_a_reserved_key() -> None:
    """remove refuses an ``aws:`` key too, naming the scope."""
    with pytest.raises(ValidationError, match=r"^S: Tags\.key: a tag key starting with 'aws:'"):
        Tags.of(_stack()[1]).remove("aws:cloudformation:stack-name")
