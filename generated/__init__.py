"""Generated resource modules, one per CloudFormation type; never edit by hand (``stagewright codegen``).

``RESOURCE_MODULES`` maps each type name to its module and resource class, so importers can find a
type without importing every module.
"""

__all__ = ["RESOURCE_MODULES"]

RESOURCE_MODULES: dict[str, tuple[str, str]] = {
    "AWS::ApiGateway::Account": ("stagewright.generated.aws_apigateway.account", "Account"),
    "AWS::ApiGateway::Deployment": (
        "stagewright.generated.aws_apigateway.deployment",
        "Deployment",
    ),
    "AWS::ApiGateway::RestApi": ("stagewright.generated.aws_apigateway.rest_api", "RestApi"),
    "AWS::ApiGateway::Stage": ("stagewright.generated.aws_apigateway.stage", "Stage"),
    "AWS::ApiGatewayV2::Api": ("stagewright.generated.aws_apigatewayv2.api", "Api"),
    "AWS::ApiGatewayV2::Stage": ("stagewright.generated.aws_apigatewayv2.stage", "Stage"),
    "AWS::IAM::Role": ("stagewright.generated.aws_iam.role", "Role"),
    "AWS::Logs::LogGroup": ("stagewright.generated.aws_logs.log_group", "LogGroup"),
}
