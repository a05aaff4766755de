"""A REST stage and its canary rollout that moto can deploy (see shop_app for what moto takes).

``first_release``: the stage serves the release ``Live``. ``canary_release``: the same stage
with a canary of the release ``Next`` rolled out in three steps (5, 25, 50%), gated by the
CloudWatch alarm ``shop-5xx`` (made by the tests: moto's CloudFormation makes no alarms).
The two releases differ by their triggers, so ``Live`` keeps its logical ID in both apps.
"""

from __future__ import annotations

from datetime import timedelta

from stagewright import App, Stack
from stagewright.generated.aws_apigateway import rest_api
from stagewright.stages import Canary, Release, RestStage

from .shop_app import root_get_method

__all__ = ["ALARM", "BAKE", "STACK", "canary_release", "first_release"]

STACK = "Rollout"
ALARM = "shop-5xx"
BAKE = timedelta(seconds=3)
"""Short, so that a test's rollout takes seconds; the tests change alarm states within it."""


def _app(with_canary: bool) -> App:
    app = App()
    stack = Stack(app, STACK)
    api = rest_api.RestApi(stack, "Api", name="shop")
    root_get_method(stack, "ApiGet", api)  # moto creates in name order: before the deployments
    live = Release(stack, "Live", api=api, triggers={"release": 1})
    canary = None
    if with_canary:
        canary = Canary(
            deployment=Release(stack, "Next", api=api, triggers={"release": 2}),
            steps=[5, 25, 50],
            bake=BAKE,
            alarms=[ALARM],
            stage_variable_overrides={"alias": "v2"},
        )
    variables = {"alias": "v1"}
    RestStage(stack, "Prod", rest_api=api, deployment=live, variables=variables, canary=canary)
    return app


def first_release() -> App:
    """The stage serves ``Live``; no canary."""
    return _app(with_canary=False)


def canary_release() -> App:
    """``Live`` with a canary of ``Next``: steps 5, 25 and 50%, ``BAKE`` each, gated by ALARM."""
    return _app(with_canary=True)
