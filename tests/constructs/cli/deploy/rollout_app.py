"""A REST stage and its canary rollout that moto can deploy (see shop_app for what moto takes).

``first_release``: the stage serves the release ``Live``. ``canary_release``: the same stage
with a canary of the release ``Next`` rolled out in three steps (5, 25, 50%), gated by the
CloudWatch alarm ``shop-5xx`` (made by the tests: moto's CloudFormation makes no alarms).
The two releases differ by their triggers, so ``Live`` keeps its logical ID in both apps.
"""

from __future__ import annotations

from datetime import timedelta

from stagewright import App, RawResource, Stack
from stagewright.generated.aws_apigateway import rest_api
from stagewright.stages import Canary, Release, RestStage

__all__ = ["ALARM", "BAKE", "STACK", "canary_release", "first_release"]

STACK = "Rollout"
ALARM = "shop-5xx"
BAKE = timedelta(seconds=2)
"""Short, so that a test's rollout takes seconds; the tests change alarm states within it."""


def _api(stack: Stack) -> rest_api.RestApi:
    api = rest_api.RestApi(stack, "Api", name="shop")
    RawResource(
        stack,
        "ApiGet",  # moto creates in name order, and a deployment needs a method first
        type="AWS::ApiGateway::Method",
        properties={
            "RestApiId": api.ref,
            "ResourceId": api.attr_root_resource_id,
            "HttpMethod": "GET",
            "AuthorizationType": "NONE",
            "Integration": {
                "Type": "HTTP_PROXY",
                "IntegrationHttpMethod": "GET",
                "Uri": "https://example.com/",
            },
        },
    )
    return api


def first_release() -> App:
    """The stage serves ``Live``; no canary."""
    app = App()
    stack = Stack(app, STACK)
    api = _api(stack)
    live = Release(stack, "Live", api=api, triggers={"release": 1})
    RestStage(stack, "Prod", rest_api=api, deployment=live, variables={"alias": "v1"})
    return app


def canary_release() -> App:
    """``Live`` with a canary of ``Next``: steps 5, 25 and 50%, ``BAKE`` each, gated by ALARM."""
    app = App()
    stack = Stack(app, STACK)
    api = _api(stack)
    live = Release(stack, "Live", api=api, triggers={"release": 1})
    following = Release(stack, "Next", api=api, triggers={"release": 2})
    canary = Canary(
        deployment=following,
        steps=[5, 25, 50],
        bake=BAKE,
        alarms=[ALARM],
        stage_variable_overrides={"alias": "v2"},
    )
    RestStage(
        stack, "Prod", rest_api=api, deployment=live, variables={"alias": "v1"}, canary=canary
    )
    return app
