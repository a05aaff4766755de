"""The shop: a REST API released with a canary, an HTTP API, and the account's logging role.

This is the app ``stagewright synth`` synthesizes when given no app (``build_app``), and a
starting point for your own. One stack, ``StagewrightExample``:

* ``AccountLoggingRole``: the IAM role API Gateway writes CloudWatch logs with, set in the
  account's API Gateway settings (one per app, retained when the stack goes);
* a REST API (an inline OpenAPI body with mock integrations, so it deploys without Lambda
  functions) with two deployments, and a ``LoggedProductionStage`` ``prod`` that serves release 1
  and sends 10% of requests to release 2 (a canary), with a tighter throttle on ``GET /pets/{id}``;
* an HTTP API (an inline OpenAPI body proxying to a public URL) with a ``LoggedHttpStage``
  ``$default`` that deploys automatically, with a tighter throttle on ``GET /pets``.

To move the canary along, edit ``_rest_api``: ``prod.set_canary_percent(50)``, then
``prod.promote_canary()`` (or ``prod.rollback_canary()``), and synthesize again.
"""

from __future__ import annotations

from typing import Any

from stagewright import App, CfnOutput, Stack
from stagewright.generated.aws_apigateway import deployment, rest_api
from stagewright.generated.aws_apigatewayv2 import api as http_api
from stagewright.stages import (
    AccountLoggingRole,
    Canary,
    LoggedHttpStage,
    LoggedProductionStage,
    MethodOptions,
    RouteOptions,
    Throttle,
)

__all__ = ["build_app"]


def _mock(status: int) -> dict[str, Any]:
    return {
        "responses": {str(status): {"description": "a canned response"}},
        "x-amazon-apigateway-integration": {
            "type": "mock",
            "requestTemplates": {"application/json": f'{{"statusCode": {status}}}'},
            "responses": {"default": {"statusCode": str(status)}},
        },
    }


_REST_BODY = {
    "openapi": "3.0.1",
    "info": {"title": "shop", "version": "1.0"},
    "paths": {"/": {"get": _mock(200)}, "/pets/{id}": {"get": _mock(200)}},
}

_HTTP_BODY = {
    "openapi": "3.0.1",
    "info": {"title": "shop-http", "version": "1.0"},
    "paths": {
        "/pets": {
            "get": {
                "responses": {"200": {"description": "the upstream's response"}},
                "x-amazon-apigateway-integration": {
                    "type": "http_proxy",
                    "httpMethod": "GET",
                    "uri": "https://example.com/",
                    "payloadFormatVersion": "1.0",
                },
            }
        }
    },
}


def _rest_api(stack: Stack) -> None:
    api = rest_api.RestApi(
        stack,
        "ShopApi",
        body=_REST_BODY,
        endpoint_configuration=rest_api.EndpointConfiguration(types=["REGIONAL"]),
    )
    release1 = deployment.Deployment(stack, "ShopRelease1", rest_api_id=api.ref, description="1")
    release2 = deployment.Deployment(stack, "ShopRelease2", rest_api_id=api.ref, description="2")
    prod = LoggedProductionStage(
        stack,
        "ShopProd",
        rest_api=api,
        deployment=release1,
        stage_name="prod",
        description="production stage of the shop REST API",
        variables={"release": "1"},
        canary=Canary(deployment=release2, percent=10, stage_variable_overrides={"release": "2"}),
        method_options={
            "/pets/{id}/GET": MethodOptions(throttle=Throttle(rate_limit=50, burst_limit=100))
        },
        tags={"project": "stagewright-example"},
    )
    CfnOutput(stack, "ShopApiUrl", description="invoke URL of the prod stage", value=prod.url)


def _http_api(stack: Stack) -> None:
    api = http_api.Api(stack, "ShopHttpApi", body=_HTTP_BODY)
    stage = LoggedHttpStage(
        stack,
        "ShopHttp",
        api=api,
        description="default stage of the shop HTTP API",
        route_settings={
            "GET /pets": RouteOptions(throttle=Throttle(rate_limit=20, burst_limit=40))
        },
        tags={"project": "stagewright-example"},
    )
    CfnOutput(stack, "ShopHttpApiUrl", description="URL of the HTTP API", value=stage.url)


def build_app() -> App:
    """Return a new shop app: one stack with the logging role, a REST API and an HTTP API."""
    app = App()
    stack = Stack(
        app,
        "StagewrightExample",
        description="stagewright example: a REST API with a canary, an HTTP API, the logging role",
    )
    AccountLoggingRole(stack, "ApiGatewayLogging")
    _rest_api(stack)
    _http_api(stack)
    return app
