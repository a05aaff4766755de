"""A small shop stack that the testing kit's own tests assert on."""

from __future__ import annotations

import pytest

from stagewright import App, CfnCondition, CfnOutput, CfnParameter, Fn, Stack
from stagewright.generated.aws_apigateway import deployment, rest_api
from stagewright.generated.aws_apigateway.stage import MethodSetting, Stage


def build_shop(app: App, name: str = "ShopApi", *, tracing: bool = True) -> Stack:
    """Add a stack with a REST API, a deployment, a prod and a dev stage, a parameter and more."""
    stack = Stack(app, name)
    env = CfnParameter(stack, "Env", allowed_values=["prod", "dev"], default="prod")
    is_prod = CfnCondition(stack, "IsProd", expression=Fn.equals(env.ref, "prod"))
    api = rest_api.RestApi(stack, "Api", name="shop")
    release = deployment.Deployment(stack, "Release", rest_api_id=api.ref)
    prod = Stage(
        stack,
        "Prod",
        rest_api_id=api.ref,
        deployment_id=release.ref,
        stage_name="prod",
        tracing_enabled=tracing,
        method_settings=[
            MethodSetting(http_method="*", resource_path="/*", logging_level="ERROR"),
            MethodSetting(http_method="GET", resource_path="/pets", metrics_enabled=True),
        ],
    )
    prod.apply_removal_policy("Retain")
    prod.add_depends_on(api)
    dev = Stage(
        stack,
        "Dev",
        rest_api_id=api.ref,
        deployment_id=release.ref,
        stage_name="dev",
        method_settings=[MethodSetting(http_method="*", resource_path="/*", logging_level="INFO")],
    )
    dev.condition = is_prod
    # Export names are unique per account and region: a second shop exports under its own.
    export = "ShopUrl" if name == "ShopApi" else f"{name}Url"
    CfnOutput(stack, "Url", value=Fn.sub("https://${Api}.example.com/prod"), export_name=export)
    return stack


@pytest.fixture
def shop() -> Stack:
    """Return the shop stack, alone in a new app."""
    return build_shop(App())
