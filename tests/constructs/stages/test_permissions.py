"""``StageVariablePermissions``: a Lambda permission per function a stage variable names."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright import ValidationError
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.generated.aws_iam.role import Role
from stagewright.generated.aws_lambda.function import Code, Function
from stagewright.stages import (
    Canary,
    CanaryStage,
    HttpStage,
    RestStage,
    StageVariablePermissions,
    stage_variable,
)
from tests.constructs.stages._support import http_app, rest_app, synth
from tests.constructs.stages.deploy_apps import TRUST

SOURCE = {
    "Fn::Sub": [
        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${Stage}/*",
        {"Api": {"Ref": "Api"}, "Stage": "prod"},
    ]
}


def _permissions(template: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        v["Properties"]
        for v in template["Resources"].values()
        if v["Type"] == "AWS::Lambda::Permission"
    ]


def _canary_stage(stage_value: str, canary_value: str) -> tuple[Any, Any, CanaryStage]:
    app, stack, api, release = rest_app()
    release2 = Deployment(stack, "Release2", rest_api_id=api.ref)
    stage = CanaryStage(
        stack,
        "Prod",
        rest_api=api,
        deployment=release,
        canary_deployment=release2,
        variables={"fn": stage_value, "other": "x"},
        stage_variable_overrides={"fn": canary_value},
    )
    return app, stack, stage


def test_one_permission_for_the_stage_value_and_one_for_the_canary_value() -> None:
    """Each function gets InvokeFunction for API Gateway, from this stage of this API only."""
    app, stack, stage = _canary_stage("orders-v1", "orders-v2")
    helper = StageVariablePermissions(stack, "Permissions", stage=stage, variable="fn")
    assert list(helper.permissions) == ["orders-v1", "orders-v2"]
    assert _permissions(synth(app)["Shop"]) == [
        {
            "Action": "lambda:InvokeFunction",
            "FunctionName": name,
            "Principal": "apigateway.amazonaws.com",
            "SourceArn": SOURCE,
        }
        for name in ("orders-v1", "orders-v2")
    ]


def test_a_value_given_by_both_makes_one_permission() -> None:
    """The canary naming the stage's own function adds no second permission."""
    app, stack, stage = _canary_stage("orders-v1", "orders-v1")
    helper = StageVariablePermissions(stack, "Permissions", stage=stage, variable="fn")
    assert helper.values() == ["orders-v1"]
    assert list(helper.permissions) == ["orders-v1"]
    assert len(_permissions(synth(app)["Shop"])) == 1


def test_a_canary_started_later_gets_its_permission_at_synthesis() -> None:
    """The canary's value is read again when the app is synthesized."""
    app, stack, api, release = rest_app()
    stage = RestStage(stack, "Prod", rest_api=api, deployment=release, variables={"fn": "v1"})
    helper = StageVariablePermissions(stack, "Permissions", stage=stage, variable="fn")
    assert list(helper.permissions) == ["v1"]
    stage.start_canary(Canary(deployment=release, stage_variable_overrides={"fn": "v2"}))
    names = [p["FunctionName"] for p in _permissions(synth(app)["Shop"])]
    assert names == ["v1", "v2"]
    assert list(helper.permissions) == ["v1", "v2"]


def test_function_name_places_the_value_as_the_integration_uri_does() -> None:
    """A variable holding an alias: the permission is for that alias of one function."""
    app, stack, stage = _canary_stage("live", "next")
    StageVariablePermissions(
        stack,
        "Permissions",
        stage=stage,
        variable="fn",
        function_name=f"arn:aws:lambda:us-east-1:111122223333:function:orders:{stage_variable('fn')}",
    )
    assert [p["FunctionName"] for p in _permissions(synth(app)["Shop"])] == [
        "arn:aws:lambda:us-east-1:111122223333:function:orders:live",
        "arn:aws:lambda:us-east-1:111122223333:function:orders:next",
    ]


def test_an_http_stage_and_its_stage_variables() -> None:
    """HTTP stages name the variable in stage_variables; the stage is $default."""
    app, stack, api = http_app()
    stage = HttpStage(stack, "Live", api=api, stage_variables={"fn": "pets"})
    StageVariablePermissions(stack, "Permissions", stage=stage, variable="fn")
    (permission,) = _permissions(synth(app)["Shop"])
    assert permission["FunctionName"] == "pets"
    assert permission["SourceArn"]["Fn::Sub"][1] == {"Api": {"Ref": "Api"}, "Stage": "$default"}


def test_a_permission_waits_for_its_function_in_the_stack() -> None:
    """A function of the same stack named by a value is created before its permission."""
    app, stack, stage = _canary_stage("orders-v1", "elsewhere")
    role = Role(stack, "Role", assume_role_policy_document=TRUST)
    Function(
        stack,
        "OrdersV1",
        function_name="orders-v1",
        runtime="python3.12",
        handler="index.handler",
        role=role.attr_arn,
        code=Code(zip_file="def handler(event, context):\n    return {}\n"),
    )
    StageVariablePermissions(stack, "Permissions", stage=stage, variable="fn")
    resources = synth(app)["Shop"]["Resources"]
    depends = {
        v["Properties"]["FunctionName"]: v.get("DependsOn")
        for v in resources.values()
        if v["Type"] == "AWS::Lambda::Permission"
    }
    assert depends == {"orders-v1": ["OrdersV1"], "elsewhere": None}


def test_no_value_is_refused_and_leaves_the_tree_as_it_was() -> None:
    """Neither the stage nor its canary gives the variable: refused, naming the fix."""
    _app, stack, api, release = rest_app()
    stage = RestStage(stack, "Prod", rest_api=api, deployment=release, variables={"other": "x"})
    before = [c.node.id for c in stack.node.children]
    with pytest.raises(ValidationError) as error:
        StageVariablePermissions(stack, "Permissions", stage=stage, variable="fn")
    assert [str(p) for p in error.value.problems] == [
        "Shop/Permissions: variable: the stage and its canary give this variable no value, so "
        "no function is named [no-value], got 'fn'; define it in the stage's variables (or the "
        "canary's overrides)"
    ]
    assert [c.node.id for c in stack.node.children] == before


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({"variable": "my-fn"}, "variable: a stage variable name must contain only"),
        (
            {"variable": "fn", "function_name": "orders:live"},
            "function_name: must contain ${stageVariables.fn}, where each value of the variable "
            "goes [reference], got 'orders:live'",
        ),
        ({"variable": "fn", "stage": "prod"}, "stage: must be a stage construct [type]"),
    ],
)
def test_refusals(options: dict[str, Any], expected: str) -> None:
    """A bad variable name, a function_name without the reference, a stage that is not one."""
    _app, stack, stage = _canary_stage("v1", "v2")
    with pytest.raises(ValidationError) as error:
        StageVariablePermissions(stack, "Permissions", **{"stage": stage, **options})
    (message,) = [str(p) for p in error.value.problems]
    assert message.startswith("Shop/Permissions: ")
    assert expected in message
