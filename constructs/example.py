"""The built-in example app that ``stagewright synth`` synthesizes when given no app.

One stack, ``StagewrightExample``, with a REST API (defined by an inline OpenAPI body with a mock
``GET /`` so it deploys without Lambda functions), its deployment and a ``prod`` stage; and an
HTTP API with a ``$default`` stage that deploys automatically. Read it as a starting point:
``python -c "import stagewright.example as e; print(e.__file__)"``.
"""

from __future__ import annotations

from stagewright._elements import CfnOutput
from stagewright._fn import Fn
from stagewright._stack import App, Stack
from stagewright.generated.aws_apigateway import deployment, rest_api, stage
from stagewright.generated.aws_apigatewayv2 import api as http_api
from stagewright.generated.aws_apigatewayv2 import stage as http_stage

__all__ = ["build_app"]

_OPENAPI_BODY = {
    "openapi": "3.0.1",
    "info": {"title": "shop", "version": "1.0"},
    "paths": {
        "/": {
            "get": {
                "responses": {"200": {"description": "OK"}},
                "x-amazon-apigateway-integration": {
                    "type": "mock",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {"default": {"statusCode": "200"}},
                },
            }
        }
    },
}


def _rest_api(stack: Stack) -> None:
    api = rest_api.RestApi(
        stack,
        "ShopApi",
        name="shop",
        body=_OPENAPI_BODY,
        endpoint_configuration=rest_api.EndpointConfiguration(types=["REGIONAL"]),
    )
    release = deployment.Deployment(stack, "ShopDeployment", rest_api_id=api.ref)
    stage.Stage(
        stack,
        "ShopProdStage",
        rest_api_id=api.ref,
        deployment_id=release.ref,
        stage_name="prod",
        description="production stage of the shop REST API",
        tracing_enabled=True,
        method_settings=[
            stage.MethodSetting(
                http_method="*",
                resource_path="/*",
                metrics_enabled=True,
                throttling_burst_limit=200,
                throttling_rate_limit=100.0,
            )
        ],
        variables={"environment": "prod"},
        tags=[stage.Tag(key="project", value="stagewright-example")],
    )
    CfnOutput(
        stack,
        "ShopApiUrl",
        description="invoke URL of the prod stage",
        value=Fn.sub("https://${ShopApi}.execute-api.${AWS::Region}.${AWS::URLSuffix}/prod/"),
    )


def _http_api(stack: Stack) -> None:
    api = http_api.Api(stack, "ShopHttpApi", name="shop-http", protocol_type="HTTP")
    http_stage.Stage(
        stack,
        "ShopHttpDefaultStage",
        api_id=api.ref,
        stage_name="$default",
        auto_deploy=True,
        description="default stage of the shop HTTP API",
        default_route_settings=http_stage.RouteSettings(
            detailed_metrics_enabled=True, throttling_burst_limit=200, throttling_rate_limit=100.0
        ),
        tags={"project": "stagewright-example"},
    )
    CfnOutput(
        stack, "ShopHttpApiUrl", description="endpoint of the HTTP API", value=api.attr_api_endpoint
    )


def build_app() -> App:
    """Return a new example app: one stack with a REST API stage and an HTTP API stage."""
    app = App()
    stack = Stack(
        app,
        "StagewrightExample",
        description="stagewright example: a REST API with a prod stage and an HTTP API",
    )
    _rest_api(stack)
    _http_api(stack)
    return app
