"""Every shipped type: built from Python, synthesized, read back with from_cfn; GetAtt names typed.

``EXAMPLES`` gives each type of ``RESOURCE_MODULES`` the properties a user might write (required
ones at least, as CloudFormation JSON). Each is read with ``from_cfn``, built again through the
resource's own keyword constructor, synthesized in a stack and read back: the template must hold
exactly the example, and ``from_cfn(to_cfn())`` must give an equal props object.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from typing import Any

import pytest

from stagewright import App, Fn, GetAtt, RawResource, Stack, ValidationError
from stagewright.core import CfnResource
from stagewright.generated import RESOURCE_MODULES
from stagewright.runtime import CfnProperty, cfn_fields

_API = {"Ref": "Api"}
_ARN = "arn:aws:iam::123456789012:role/api"
_CERT = "arn:aws:acm:us-east-1:123456789012:certificate/abc"
_DOMAIN_ARN = "arn:aws:apigateway:us-east-1::/domainnames/api.example.com+abc"
_FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:shop"
_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "apigateway.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}

EXAMPLES: dict[str, dict[str, Any]] = {
    "AWS::ApiGateway::Account": {"CloudWatchRoleArn": _ARN},
    "AWS::ApiGateway::ApiKey": {"Enabled": True, "Name": "partner"},
    "AWS::ApiGateway::Authorizer": {
        "RestApiId": _API,
        "Name": "cognito",
        "Type": "COGNITO_USER_POOLS",
        "IdentitySource": "method.request.header.Authorization",
        "ProviderARNs": ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"],
    },
    "AWS::ApiGateway::BasePathMapping": {
        "DomainName": "api.example.com",
        "RestApiId": _API,
        "Stage": "prod",
        "BasePath": "shop",
    },
    "AWS::ApiGateway::BasePathMappingV2": {
        "DomainNameArn": _DOMAIN_ARN,
        "RestApiId": _API,
        "Stage": "prod",
    },
    "AWS::ApiGateway::ClientCertificate": {"Description": "backend mTLS"},
    "AWS::ApiGateway::Deployment": {
        "RestApiId": _API,
        "StageDescription": {"LoggingLevel": "ERROR", "Variables": {"alias": "live"}},
    },
    "AWS::ApiGateway::DocumentationPart": {
        "RestApiId": _API,
        "Location": {"Type": "API"},
        "Properties": '{"description": "The shop API"}',
    },
    "AWS::ApiGateway::DocumentationVersion": {"RestApiId": _API, "DocumentationVersion": "1.0"},
    "AWS::ApiGateway::DomainName": {
        "DomainName": "api.example.com",
        "RegionalCertificateArn": _CERT,
        "EndpointConfiguration": {"Types": ["REGIONAL"]},
        "SecurityPolicy": "TLS_1_2",
    },
    "AWS::ApiGateway::DomainNameAccessAssociation": {
        "DomainNameArn": _DOMAIN_ARN,
        "AccessAssociationSource": "vpce-0123456789abcdef0",
        "AccessAssociationSourceType": "VPCE",
    },
    "AWS::ApiGateway::DomainNameV2": {
        "DomainName": "private.example.com",
        "CertificateArn": _CERT,
        "EndpointConfiguration": {"Types": ["PRIVATE"]},
    },
    "AWS::ApiGateway::GatewayResponse": {
        "RestApiId": _API,
        "ResponseType": "DEFAULT_4XX",
        "StatusCode": "400",
        "ResponseParameters": {"gatewayresponse.header.Access-Control-Allow-Origin": "'*'"},
    },
    "AWS::ApiGateway::Method": {
        "RestApiId": _API,
        "ResourceId": {"Ref": "Pets"},
        "HttpMethod": "GET",
        "AuthorizationType": "NONE",
        "Integration": {
            "Type": "AWS_PROXY",
            "IntegrationHttpMethod": "POST",
            "Uri": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/functions/x"},
        },
        "MethodResponses": [{"StatusCode": "200"}],
    },
    "AWS::ApiGateway::Model": {
        "RestApiId": _API,
        "ContentType": "application/json",
        "Schema": {"type": "object"},
    },
    "AWS::ApiGateway::RequestValidator": {"RestApiId": _API, "ValidateRequestBody": True},
    "AWS::ApiGateway::Resource": {
        "RestApiId": _API,
        "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
        "PathPart": "pets",
    },
    "AWS::ApiGateway::RestApi": {"Name": "shop", "EndpointConfiguration": {"Types": ["REGIONAL"]}},
    "AWS::ApiGateway::Stage": {"RestApiId": _API, "StageName": "prod"},
    "AWS::ApiGateway::UsagePlan": {
        "ApiStages": [{"ApiId": _API, "Stage": "prod"}],
        "Quota": {"Limit": 1000, "Period": "MONTH"},
        "Throttle": {"BurstLimit": 20, "RateLimit": 10},
    },
    "AWS::ApiGateway::UsagePlanKey": {
        "KeyId": {"Ref": "Key"},
        "KeyType": "API_KEY",
        "UsagePlanId": {"Ref": "Plan"},
    },
    "AWS::ApiGateway::VpcLink": {
        "Name": "backend",
        "TargetArns": ["arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/b/1"],
    },
    "AWS::ApiGatewayV2::Api": {
        "Name": "chat",
        "ProtocolType": "WEBSOCKET",
        "RouteSelectionExpression": "$request.body.action",
    },
    "AWS::ApiGatewayV2::ApiGatewayManagedOverrides": {
        "ApiId": _API,
        "Stage": {"StageVariables": {"alias": "live"}},
    },
    "AWS::ApiGatewayV2::ApiMapping": {
        "ApiId": _API,
        "DomainName": "api.example.com",
        "Stage": "$default",
    },
    "AWS::ApiGatewayV2::Authorizer": {
        "ApiId": _API,
        "AuthorizerType": "JWT",
        "Name": "jwt",
        "IdentitySource": ["$request.header.Authorization"],
        "JwtConfiguration": {"Audience": ["shop"], "Issuer": "https://issuer.example.com"},
    },
    "AWS::ApiGatewayV2::Deployment": {"ApiId": _API},
    "AWS::ApiGatewayV2::DomainName": {
        "DomainName": "api.example.com",
        "DomainNameConfigurations": [{"CertificateArn": _CERT, "EndpointType": "REGIONAL"}],
    },
    "AWS::ApiGatewayV2::Integration": {
        "ApiId": _API,
        "IntegrationType": "AWS_PROXY",
        "IntegrationUri": _FUNCTION_ARN,
        "PayloadFormatVersion": "2.0",
    },
    "AWS::ApiGatewayV2::IntegrationResponse": {
        "ApiId": _API,
        "IntegrationId": {"Ref": "Integration"},
        "IntegrationResponseKey": "$default",
        "ResponseTemplates": {"application/json": "{}"},
    },
    "AWS::ApiGatewayV2::Model": {
        "ApiId": _API,
        "Name": "Message",
        "ContentType": "application/json",
        "Schema": {"type": "object"},
    },
    "AWS::ApiGatewayV2::PortalProduct": {"DisplayName": "Shop"},
    "AWS::ApiGatewayV2::Route": {
        "ApiId": _API,
        "RouteKey": "sendmessage",
        "AuthorizationType": "NONE",
        "Target": {"Fn::Join": ["/", ["integrations", {"Ref": "Integration"}]]},
        "RequestParameters": {"route.request.querystring.token": {"Required": True}},
    },
    "AWS::ApiGatewayV2::RouteResponse": {
        "ApiId": _API,
        "RouteId": {"Ref": "Route"},
        "RouteResponseKey": "$default",
    },
    "AWS::ApiGatewayV2::RoutingRule": {
        "DomainNameArn": _DOMAIN_ARN,
        "Priority": 10,
        "Conditions": [{"MatchBasePaths": {"AnyOf": ["orders"]}}],
        "Actions": [{"InvokeApi": {"ApiId": _API, "Stage": "prod"}}],
    },
    "AWS::ApiGatewayV2::Stage": {"ApiId": _API, "StageName": "$default", "AutoDeploy": True},
    "AWS::ApiGatewayV2::VpcLink": {"Name": "backend", "SubnetIds": ["subnet-0123456789abcdef0"]},
    "AWS::CertificateManager::Certificate": {
        "DomainName": "api.example.com",
        "ValidationMethod": "DNS",
    },
    "AWS::CloudWatch::Alarm": {
        "Namespace": "AWS/ApiGateway",
        "MetricName": "5XXError",
        "Dimensions": [{"Name": "ApiName", "Value": "shop"}],
        "Statistic": "Sum",
        "Period": 60,
        "EvaluationPeriods": 1,
        "Threshold": 1,
        "ComparisonOperator": "GreaterThanOrEqualToThreshold",
    },
    "AWS::IAM::Policy": {
        "PolicyName": "invoke",
        "PolicyDocument": {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "lambda:InvokeFunction", "Resource": "*"}],
        },
        "Roles": [{"Ref": "Role"}],
    },
    "AWS::IAM::Role": {"AssumeRolePolicyDocument": _TRUST},
    "AWS::Lambda::Function": {
        "Code": {"ZipFile": "def handler(event, context):\n    return {}\n"},
        "Handler": "index.handler",
        "Role": {"Fn::GetAtt": ["Role", "Arn"]},
        "Runtime": "python3.12",
    },
    "AWS::Lambda::Permission": {
        "Action": "lambda:InvokeFunction",
        "FunctionName": _FUNCTION_ARN,
        "Principal": "apigateway.amazonaws.com",
        "SourceArn": {"Fn::Sub": "arn:${AWS::Partition}:execute-api:${AWS::Region}:*/*/*"},
    },
    "AWS::Logs::LogGroup": {"RetentionInDays": 365},
    "AWS::Logs::MetricFilter": {
        "LogGroupName": "/aws/apigateway/shop",
        "FilterPattern": '{ $.status = "5*" }',
        "MetricTransformations": [
            {"MetricName": "Errors", "MetricNamespace": "Shop", "MetricValue": "1"}
        ],
    },
    "AWS::Logs::SubscriptionFilter": {
        "LogGroupName": "/aws/apigateway/shop",
        "FilterPattern": "",
        "DestinationArn": _FUNCTION_ARN,
    },
    "AWS::Route53::RecordSet": {
        "HostedZoneName": "example.com.",
        "Name": "api.example.com.",
        "Type": "A",
        "AliasTarget": {
            "DNSName": {"Fn::GetAtt": ["Domain", "RegionalDomainName"]},
            "HostedZoneId": {"Fn::GetAtt": ["Domain", "RegionalHostedZoneId"]},
        },
    },
    "AWS::S3::Bucket": {"VersioningConfiguration": {"Status": "Enabled"}},
    "AWS::WAFv2::WebACLAssociation": {
        "ResourceArn": {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/p"},
        "WebACLArn": "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shop/abc",
    },
}

TYPES = sorted(RESOURCE_MODULES)


def resource_class(type_name: str) -> type[CfnResource[Any]]:
    """Import a shipped type's module and return its resource class."""
    module_name, class_name = RESOURCE_MODULES[type_name]
    cls: type[CfnResource[Any]] = getattr(importlib.import_module(module_name), class_name)
    return cls


def props_class(type_name: str) -> type[CfnProperty]:
    """Return the props class a shipped type's resource validates."""
    props: type[CfnProperty] = resource_class(type_name).__orig_bases__[0].__args__[0]  # type: ignore[attr-defined]
    return props


def test_every_shipped_type_has_an_example() -> None:
    """The examples cover exactly the shipped types: a new type needs one."""
    assert sorted(EXAMPLES) == TYPES


def test_the_api_gateway_families_ship_whole() -> None:
    """Every AWS::ApiGateway::* and AWS::ApiGatewayV2::* type of the snapshot ships."""
    from stagewright.codegen._registry import cfn_lint_root, cfn_lint_types  # noqa: PLC0415
    from stagewright.codegen.pull import CFN_LINT_VERSION  # noqa: PLC0415

    snapshot = cfn_lint_types(cfn_lint_root(CFN_LINT_VERSION), "us-east-1")
    family = {n for n in snapshot if n.startswith(("AWS::ApiGateway::", "AWS::ApiGatewayV2::"))}
    assert len(family) == 37
    assert family <= set(RESOURCE_MODULES)


@pytest.mark.parametrize("type_name", TYPES)
def test_type_builds_synthesizes_and_reads_back(type_name: str) -> None:
    """Keyword construction, synthesis and from_cfn give back exactly the example."""
    cls, props_cls, example = resource_class(type_name), props_class(type_name), EXAMPLES[type_name]
    assert type_name == cls.TYPE_NAME
    props = props_cls.from_cfn(example)
    app = App()
    stack = Stack(app, "S")
    for name in sorted(_referenced(example)):
        RawResource(stack, name, type="Custom::Target", properties={})
    kwargs = {field.attr: getattr(props, field.attr) for field in cfn_fields(props_cls)}
    resource = cls(stack, "R", **kwargs)
    assert resource.props == props
    entry = app.synthesize().templates["S"]["Resources"]["R"]  # references checked too
    assert entry == {"Type": type_name, "Properties": example}
    assert props_cls.from_cfn(entry["Properties"]) == props


@pytest.mark.parametrize("type_name", TYPES)
def test_type_getatt_names_come_from_the_schema(type_name: str) -> None:
    """Each attr_* getter renders a listed attribute, one per attribute; others are refused."""
    cls = resource_class(type_name)
    resource = cls(Stack(App(), "S"), "R", **_required_kwargs(type_name))
    getters = sorted(name for name in dir(cls) if name.startswith("attr_"))
    rendered = {getattr(resource, name).to_cfn()["Fn::GetAtt"][1] for name in getters}
    assert rendered == set(cls.READ_ONLY_ATTRIBUTES)
    assert len(getters) == len(cls.READ_ONLY_ATTRIBUTES)
    for attribute in cls.READ_ONLY_ATTRIBUTES:
        assert isinstance(resource.get_att(attribute), GetAtt)
    with pytest.raises(ValidationError, match=r"S/R: Fn::GetAtt: is not an attribute of"):
        resource.get_att("NoSuchAttribute")


def _referenced(value: Any) -> set[str]:
    """The logical IDs an example names in Ref, Fn::GetAtt and Fn::Sub (stand-ins are added)."""
    if isinstance(value, list):
        return set().union(*map(_referenced, value)) if value else set()
    if not isinstance(value, dict):
        return set()
    if set(value) == {"Ref"}:
        return {value["Ref"]}
    if set(value) == {"Fn::GetAtt"}:
        return {value["Fn::GetAtt"][0]}
    if set(value) == {"Fn::Sub"}:
        names = re.findall(r"\$\{([A-Za-z0-9]+)[.}]", value["Fn::Sub"])
        return set(names)
    return set().union(*map(_referenced, value.values())) if value else set()


def _required_kwargs(type_name: str) -> dict[str, Any]:
    props = props_class(type_name).from_cfn(EXAMPLES[type_name])
    return {field.attr: getattr(props, field.attr) for field in cfn_fields(type(props))}


def test_importing_the_stages_imports_none_of_the_new_modules() -> None:
    """Every stage construct loads only the generated modules the stages use, no new one."""
    code = (
        "import sys\n"
        "from stagewright.stages import LoggedProductionStage, HttpStage, WebSocketStage\n"
        "print('\\n'.join(m for m in sys.modules if m.startswith('stagewright.generated.')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    loaded = {line for line in result.stdout.splitlines() if line.count(".") == 3}
    assert loaded == {
        "stagewright.generated.aws_apigateway.account",
        "stagewright.generated.aws_apigateway.deployment",
        "stagewright.generated.aws_apigateway.rest_api",
        "stagewright.generated.aws_apigateway.stage",
        "stagewright.generated.aws_apigatewayv2.api",
        "stagewright.generated.aws_apigatewayv2.stage",
        "stagewright.generated.aws_iam.role",
        "stagewright.generated.aws_logs.log_group",
    }


def test_a_websocket_api_is_built_from_typed_classes() -> None:
    """A WebSocket API with a Lambda route needs no RawResource, and a misspelt enum fails early."""
    from stagewright.generated.aws_apigatewayv2 import api, deployment, integration, route, stage  # noqa: PLC0415
    from stagewright.generated.aws_lambda import permission  # noqa: PLC0415

    app = App()
    stack = Stack(app, "Chat")
    with pytest.raises(ValidationError, match="did you mean 'WEBSOCKET'"):
        api.Api(stack, "Bad", name="chat", protocol_type="WEBSOCKETS")  # type: ignore[arg-type]
    chat = api.Api(
        stack,
        "Api",
        name="chat",
        protocol_type="WEBSOCKET",
        route_selection_expression="$request.body.action",
    )
    target = integration.Integration(
        stack, "Send", api_id=chat.ref, integration_type="AWS_PROXY", integration_uri=_FUNCTION_ARN
    )
    send = route.Route(
        stack,
        "SendRoute",
        api_id=chat.ref,
        route_key="sendmessage",
        target=Fn.join("/", ["integrations", target.ref]),
    )
    release = deployment.Deployment(stack, "Release", api_id=chat.ref)
    release.add_depends_on(send)
    stage.Stage(stack, "Live", api_id=chat.ref, stage_name="live", deployment_id=release.ref)
    permission.Permission(
        stack,
        "Invoke",
        action="lambda:InvokeFunction",
        function_name=_FUNCTION_ARN,
        principal="apigateway.amazonaws.com",
    )
    resources = app.synthesize().templates["Chat"]["Resources"]
    assert sorted(entry["Type"] for entry in resources.values()) == [
        "AWS::ApiGatewayV2::Api",
        "AWS::ApiGatewayV2::Deployment",
        "AWS::ApiGatewayV2::Integration",
        "AWS::ApiGatewayV2::Route",
        "AWS::ApiGatewayV2::Stage",
        "AWS::Lambda::Permission",
    ]
    assert resources["SendRoute"]["Properties"]["Target"] == {
        "Fn::Join": ["/", ["integrations", {"Ref": "Send"}]]
    }
