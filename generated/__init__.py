"""Generated resource modules, one per CloudFormation type; never edit by hand (``stagewright codegen``).

``RESOURCE_MODULES`` maps each type name to its module and resource class, so importers can find a
type without importing every module.
"""

__all__ = ["RESOURCE_MODULES"]

RESOURCE_MODULES: dict[str, tuple[str, str]] = {
    "AWS::ApiGateway::Account": ("stagewright.generated.aws_apigateway.account", "Account"),
    "AWS::ApiGateway::ApiKey": ("stagewright.generated.aws_apigateway.api_key", "ApiKey"),
    "AWS::ApiGateway::Authorizer": (
        "stagewright.generated.aws_apigateway.authorizer",
        "Authorizer",
    ),
    "AWS::ApiGateway::BasePathMapping": (
        "stagewright.generated.aws_apigateway.base_path_mapping",
        "BasePathMapping",
    ),
    "AWS::ApiGateway::BasePathMappingV2": (
        "stagewright.generated.aws_apigateway.base_path_mapping_v2",
        "BasePathMappingV2",
    ),
    "AWS::ApiGateway::ClientCertificate": (
        "stagewright.generated.aws_apigateway.client_certificate",
        "ClientCertificate",
    ),
    "AWS::ApiGateway::Deployment": (
        "stagewright.generated.aws_apigateway.deployment",
        "Deployment",
    ),
    "AWS::ApiGateway::DocumentationPart": (
        "stagewright.generated.aws_apigateway.documentation_part",
        "DocumentationPart",
    ),
    "AWS::ApiGateway::DocumentationVersion": (
        "stagewright.generated.aws_apigateway.documentation_version",
        "DocumentationVersion",
    ),
    "AWS::ApiGateway::DomainName": (
        "stagewright.generated.aws_apigateway.domain_name",
        "DomainName",
    ),
    "AWS::ApiGateway::DomainNameAccessAssociation": (
        "stagewright.generated.aws_apigateway.domain_name_access_association",
        "DomainNameAccessAssociation",
    ),
    "AWS::ApiGateway::DomainNameV2": (
        "stagewright.generated.aws_apigateway.domain_name_v2",
        "DomainNameV2",
    ),
    "AWS::ApiGateway::GatewayResponse": (
        "stagewright.generated.aws_apigateway.gateway_response",
        "GatewayResponse",
    ),
    "AWS::ApiGateway::Method": ("stagewright.generated.aws_apigateway.method", "Method"),
    "AWS::ApiGateway::Model": ("stagewright.generated.aws_apigateway.model", "Model"),
    "AWS::ApiGateway::RequestValidator": (
        "stagewright.generated.aws_apigateway.request_validator",
        "RequestValidator",
    ),
    "AWS::ApiGateway::Resource": ("stagewright.generated.aws_apigateway.resource", "Resource"),
    "AWS::ApiGateway::RestApi": ("stagewright.generated.aws_apigateway.rest_api", "RestApi"),
    "AWS::ApiGateway::Stage": ("stagewright.generated.aws_apigateway.stage", "Stage"),
    "AWS::ApiGateway::UsagePlan": ("stagewright.generated.aws_apigateway.usage_plan", "UsagePlan"),
    "AWS::ApiGateway::UsagePlanKey": (
        "stagewright.generated.aws_apigateway.usage_plan_key",
        "UsagePlanKey",
    ),
    "AWS::ApiGateway::VpcLink": ("stagewright.generated.aws_apigateway.vpc_link", "VpcLink"),
    "AWS::ApiGatewayV2::Api": ("stagewright.generated.aws_apigatewayv2.api", "Api"),
    "AWS::ApiGatewayV2::ApiGatewayManagedOverrides": (
        "stagewright.generated.aws_apigatewayv2.api_gateway_managed_overrides",
        "ApiGatewayManagedOverrides",
    ),
    "AWS::ApiGatewayV2::ApiMapping": (
        "stagewright.generated.aws_apigatewayv2.api_mapping",
        "ApiMapping",
    ),
    "AWS::ApiGatewayV2::Authorizer": (
        "stagewright.generated.aws_apigatewayv2.authorizer",
        "Authorizer",
    ),
    "AWS::ApiGatewayV2::Deployment": (
        "stagewright.generated.aws_apigatewayv2.deployment",
        "Deployment",
    ),
    "AWS::ApiGatewayV2::DomainName": (
        "stagewright.generated.aws_apigatewayv2.domain_name",
        "DomainName",
    ),
    "AWS::ApiGatewayV2::Integration": (
        "stagewright.generated.aws_apigatewayv2.integration",
        "Integration",
    ),
    "AWS::ApiGatewayV2::IntegrationResponse": (
        "stagewright.generated.aws_apigatewayv2.integration_response",
        "IntegrationResponse",
    ),
    "AWS::ApiGatewayV2::Model": ("stagewright.generated.aws_apigatewayv2.model", "Model"),
    "AWS::ApiGatewayV2::PortalProduct": (
        "stagewright.generated.aws_apigatewayv2.portal_product",
        "PortalProduct",
    ),
    "AWS::ApiGatewayV2::Route": ("stagewright.generated.aws_apigatewayv2.route", "Route"),
    "AWS::ApiGatewayV2::RouteResponse": (
        "stagewright.generated.aws_apigatewayv2.route_response",
        "RouteResponse",
    ),
    "AWS::ApiGatewayV2::RoutingRule": (
        "stagewright.generated.aws_apigatewayv2.routing_rule",
        "RoutingRule",
    ),
    "AWS::ApiGatewayV2::Stage": ("stagewright.generated.aws_apigatewayv2.stage", "Stage"),
    "AWS::ApiGatewayV2::VpcLink": ("stagewright.generated.aws_apigatewayv2.vpc_link", "VpcLink"),
    "AWS::CertificateManager::Certificate": (
        "stagewright.generated.aws_certificatemanager.certificate",
        "Certificate",
    ),
    "AWS::CloudWatch::Alarm": ("stagewright.generated.aws_cloudwatch.alarm", "Alarm"),
    "AWS::IAM::Policy": ("stagewright.generated.aws_iam.policy", "Policy"),
    "AWS::IAM::Role": ("stagewright.generated.aws_iam.role", "Role"),
    "AWS::Lambda::Function": ("stagewright.generated.aws_lambda.function", "Function"),
    "AWS::Lambda::Permission": ("stagewright.generated.aws_lambda.permission", "Permission"),
    "AWS::Logs::LogGroup": ("stagewright.generated.aws_logs.log_group", "LogGroup"),
    "AWS::Logs::MetricFilter": ("stagewright.generated.aws_logs.metric_filter", "MetricFilter"),
    "AWS::Logs::SubscriptionFilter": (
        "stagewright.generated.aws_logs.subscription_filter",
        "SubscriptionFilter",
    ),
    "AWS::Route53::RecordSet": ("stagewright.generated.aws_route53.record_set", "RecordSet"),
    "AWS::S3::Bucket": ("stagewright.generated.aws_s3.bucket", "Bucket"),
    "AWS::WAFv2::WebACLAssociation": (
        "stagewright.generated.aws_wafv2.web_acl_association",
        "WebACLAssociation",
    ),
}
