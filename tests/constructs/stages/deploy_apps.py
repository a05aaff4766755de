"""Apps the domain and permission deploy tests give ``stagewright deploy`` (``module:function``).

moto 5.2's CloudFormation deploys ``AWS::Lambda::Function``, ``AWS::Lambda::Permission``, IAM roles
and REST APIs, methods and deployments; it has no model for API Gateway domain names, base path
and API mappings, ACM certificates, nor API Gateway stages (it ignores them with a warning, so a
``Ref`` of one is empty and a ``Fn::GetAtt`` of one fails the template). When it executes a change
set it creates the resources in the template's order, ``DependsOn`` aside: the functions' logical
IDs sort before their permissions' here.
"""

from __future__ import annotations

from stagewright import App, CfnOutput, Stack
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.generated.aws_iam.role import Role
from stagewright.generated.aws_lambda.function import Code, Function
from stagewright.stages import CanaryStage, RestDomain, RestStage, StageVariablePermissions
from tests.constructs.cli.deploy.shop_app import root_get_method

__all__ = ["FUNCTIONS", "TRUST", "domain_app", "domain_with_alias_app", "permissions_app"]

FUNCTIONS = ("orders-v1", "orders-v2")
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c"
TRUST = {  # a Lambda function's role trust policy
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def _api(stack: Stack) -> tuple[RestApi, Deployment]:
    """A REST API with one method, and a deployment of it (what moto needs to deploy one)."""
    api = RestApi(stack, "Api", name="shop")
    get = root_get_method(stack, "GetRoot", api)
    release = Deployment(stack, "Release", rest_api_id=api.ref)
    release.node.add_dependency(get)
    return api, release


def permissions_app() -> App:
    """Two functions, a canary stage whose ``fn`` variable names one each, and the permissions."""
    app = App()
    stack = Stack(app, "Orders")
    role = Role(stack, "FunctionRole", assume_role_policy_document=TRUST)
    for name in FUNCTIONS:
        Function(
            stack,
            "Function" + name.replace("-", "").title(),
            function_name=name,
            runtime="python3.12",
            handler="index.handler",
            role=role.attr_arn,
            code=Code(zip_file="def handler(event, context):\n    return {}\n"),
        )
    api, release = _api(stack)
    stage = CanaryStage(
        stack,
        "Prod",
        rest_api=api,
        deployment=release,
        canary_deployment=release,
        variables={"fn": FUNCTIONS[0]},
        stage_variable_overrides={"fn": FUNCTIONS[1]},
    )
    StageVariablePermissions(stack, "Permissions", stage=stage, variable="fn")
    CfnOutput(stack, "ApiId", value=api.ref)
    return app


def domain_app() -> App:
    """A REST stage mapped to a regional domain under ``orders``, and its URL as an output."""
    app = App()
    stack = Stack(app, "Domains")
    api, release = _api(stack)
    stage = RestStage(stack, "Prod", rest_api=api, deployment=release)
    domain = RestDomain(stack, "Domain", domain_name="api.example.com", certificate_arn=CERT)
    stage.map_domain(domain, base_path="orders")
    CfnOutput(stack, "Url", value=stage.url)
    return app


def domain_with_alias_app() -> App:
    """The domain app with a Route 53 alias record (a ``Fn::GetAtt`` of the domain)."""
    app = domain_app()
    stack = app.node.find_child("Domains")
    assert isinstance(stack, Stack)
    RestDomain(
        stack,
        "Other",
        domain_name="other.example.com",
        certificate_arn=CERT,
        hosted_zone_id="Z0123456789ABCDEFGHIJ",
        alias_record=True,
    )
    return app
