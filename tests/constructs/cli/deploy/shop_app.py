"""An app moto's CloudFormation can deploy: a named REST API, a method, a release, a logged stage.

moto 5.2 needs a ``Name`` on ``AWS::ApiGateway::RestApi`` (a body alone is an HTTP 500), a method
before a deployment, and ``IntegrationHttpMethod`` and ``Uri`` on the method's integration; it
ignores ``AWS::ApiGateway::Stage`` and ``AWS::ApiGateway::Account`` (with a warning). The API's
name is the ``ApiName`` parameter, so a deploy with another value is an update.
"""

from __future__ import annotations

from stagewright import App, CfnOutput, CfnParameter, RawResource, Stack
from stagewright.generated.aws_apigateway import deployment, rest_api
from stagewright.stages import AccountLoggingRole, LoggedProductionStage

__all__ = ["build_app", "build_app_v2", "root_get_method"]


def root_get_method(stack: Stack, id: str, api: rest_api.RestApi) -> RawResource:
    """A GET method on the API's root, with the integration fields moto wants."""
    return RawResource(
        stack,
        id,
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


def build_app(log_retention_days: int = 365) -> App:
    """The app: one stack, ``MotoShop``."""
    app = App()
    stack = Stack(app, "MotoShop")
    name = CfnParameter(stack, "ApiName", default="shop")
    AccountLoggingRole(stack, "ApiGatewayLogging")  # its role is retained when the stack goes
    api = rest_api.RestApi(stack, "Api", name=name.ref)
    get = root_get_method(stack, "GetRoot", api)
    release = deployment.Deployment(stack, "Release", rest_api_id=api.ref)
    release.node.add_dependency(get)
    LoggedProductionStage(
        stack, "Prod", rest_api=api, deployment=release, log_retention_days=log_retention_days
    )
    CfnOutput(stack, "ApiId", value=api.ref)
    return app


def build_app_v2() -> App:
    """The same app with the access logs kept 30 days instead of 365: an in-place update."""
    return build_app(log_retention_days=30)
