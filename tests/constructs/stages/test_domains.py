"""Custom domains: ``RestDomain``, ``ApiDomain``, ``stage.map_domain``: templates and refusals."""

from __future__ import annotations

import pydoc
from typing import TYPE_CHECKING, Any

import pytest

from stagewright import App, CfnParameter, Stack, ValidationError
from stagewright.core._fn import Fn
from stagewright.generated.aws_apigatewayv2.api import Api
from stagewright.stages import (
    ApiDomain,
    HttpStage,
    RestDomain,
    RestStage,
    WebSocketStage,
)
from stagewright.synth._synth import SynthesisError
from tests.constructs.stages._support import http_app, rest_app, synth

if TYPE_CHECKING:
    from stagewright.testing import TemplateSnapshot

CERT = "arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c"
CERT_EU = "arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c"
ZONE = "Z0123456789ABCDEFGHIJ"


def _of_type(template: dict[str, Any], kind: str) -> dict[str, dict[str, Any]]:
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def _synthesis_problems(app: App) -> list[str]:
    with pytest.raises(SynthesisError) as error:
        app.synthesize()
    return list(error.value.problems)


def _problems(error: pytest.ExceptionInfo[ValidationError]) -> list[str]:
    return [str(p) for p in error.value.problems]


# -- templates (synthesized, cfn-lint clean, snapshots reviewed)


def test_regional_rest_domain_with_new_certificate_and_alias(
    template_snapshot: TemplateSnapshot,
) -> None:
    """A DNS-validated certificate, the regional domain, an A alias, one and two-level paths."""
    app, stack, api, release = rest_app()
    domain = RestDomain(
        stack, "Domain", domain_name="api.example.com", hosted_zone_id=ZONE, alias_record=True
    )
    RestStage(stack, "Prod", rest_api=api, deployment=release).map_domain(
        domain, base_path="orders"
    )
    beta = RestStage(stack, "Beta", rest_api=api, deployment=release, stage_name="beta")
    beta.map_domain(domain, base_path="orders/beta")
    template = synth(app)["Shop"]
    assert template_snapshot == stack
    (certificate,) = _of_type(template, "AWS::CertificateManager::Certificate").values()
    assert certificate["Properties"] == {
        "DomainName": "api.example.com",
        "ValidationMethod": "DNS",
        "DomainValidationOptions": [{"DomainName": "api.example.com", "HostedZoneId": ZONE}],
    }
    (record,) = _of_type(template, "AWS::Route53::RecordSet").values()
    assert record["Properties"]["AliasTarget"] == {
        "DNSName": {"Fn::GetAtt": ["Domain", "RegionalDomainName"]},
        "HostedZoneId": {"Fn::GetAtt": ["Domain", "RegionalHostedZoneId"]},
    }
    (one_level,) = _of_type(template, "AWS::ApiGateway::BasePathMapping").values()
    assert one_level["DependsOn"] == ["Prod"]
    assert one_level["Properties"]["BasePath"] == "orders"
    (two_levels,) = _of_type(template, "AWS::ApiGatewayV2::ApiMapping").values()
    assert two_levels["DependsOn"] == ["Beta"]
    assert two_levels["Properties"] == {
        "ApiId": {"Ref": "Api"},
        "ApiMappingKey": "orders/beta",
        "DomainName": {"Ref": "Domain"},
        "Stage": "beta",
    }


def test_edge_rest_domain_with_existing_certificate(template_snapshot: TemplateSnapshot) -> None:
    """Edge: the certificate goes in CertificateArn, the alias to the CloudFront distribution."""
    app, stack, api, release = rest_app()
    domain = RestDomain(
        stack,
        "Domain",
        domain_name="api.example.com",
        certificate_arn=CERT,
        endpoint_type="EDGE",
        hosted_zone_id=ZONE,
        alias_record=True,
    )
    RestStage(stack, "Prod", rest_api=api, deployment=release).map_domain(domain)
    template = synth(app)["Shop"]
    assert template_snapshot == stack
    assert domain.certificate is None
    assert template["Resources"]["Domain"]["Properties"] == {
        "CertificateArn": CERT,
        "DomainName": "api.example.com",
        "EndpointConfiguration": {"Types": ["EDGE"]},
        "SecurityPolicy": "TLS_1_2",
    }
    (record,) = _of_type(template, "AWS::Route53::RecordSet").values()
    assert record["Properties"]["AliasTarget"] == {
        "DNSName": {"Fn::GetAtt": ["Domain", "DistributionDomainName"]},
        "HostedZoneId": {"Fn::GetAtt": ["Domain", "DistributionHostedZoneId"]},
    }
    (mapping,) = _of_type(template, "AWS::ApiGateway::BasePathMapping").values()
    assert "BasePath" not in mapping["Properties"]


def test_http_domain_with_mutual_tls_and_dualstack(template_snapshot: TemplateSnapshot) -> None:
    """ApiDomain: one DomainNameConfiguration, the trust store, A and AAAA aliases."""
    app, stack, api = http_app()
    domain = ApiDomain(
        stack,
        "Domain",
        domain_name="api.example.com",
        certificate_arn=CERT,
        hosted_zone_id=ZONE,
        alias_record=True,
        ip_address_type="dualstack",
        truststore_uri="s3://certs/truststore.pem",
        truststore_version="3",
        tags={"team": "pets"},
    )
    stage = HttpStage(stack, "Live", api=api)
    stage.map_domain(domain, base_path="pets")
    template = synth(app)["Shop"]
    assert template_snapshot == stack
    assert template["Resources"]["Domain"]["Properties"]["DomainNameConfigurations"] == [
        {
            "CertificateArn": CERT,
            "EndpointType": "REGIONAL",
            "IpAddressType": "dualstack",
            "SecurityPolicy": "TLS_1_2",
        }
    ]
    assert template["Resources"]["Domain"]["Properties"]["MutualTlsAuthentication"] == {
        "TruststoreUri": "s3://certs/truststore.pem",
        "TruststoreVersion": "3",
    }
    records = _of_type(template, "AWS::Route53::RecordSet").values()
    assert sorted(r["Properties"]["Type"] for r in records) == ["A", "AAAA"]
    (mapping,) = _of_type(template, "AWS::ApiGatewayV2::ApiMapping").values()
    assert mapping["Properties"]["Stage"] == "$default"
    assert mapping["DependsOn"] == ["Live"]


def test_one_domain_serves_a_rest_and_an_http_api() -> None:
    """A regional RestDomain maps a REST stage (BasePathMapping) and an HTTP stage (ApiMapping)."""
    app, stack, api, release = rest_app()
    domain = RestDomain(stack, "Domain", domain_name="api.example.com", certificate_arn=CERT)
    RestStage(stack, "Prod", rest_api=api, deployment=release).map_domain(domain, base_path="v1")
    http = Api(stack, "Http", name="pets", protocol_type="HTTP")
    HttpStage(stack, "Live", api=http).map_domain(domain, base_path="v2")
    template = synth(app)["Shop"]
    assert len(_of_type(template, "AWS::ApiGateway::BasePathMapping")) == 1
    (mapping,) = _of_type(template, "AWS::ApiGatewayV2::ApiMapping").values()
    assert mapping["Properties"]["ApiId"] == {"Ref": "Http"}
    assert [m.stage.node.id for m in domain.mappings] == ["Prod", "Live"]


def test_an_intrinsic_stage_name_is_referenced_not_depended_on() -> None:
    """Ref of the stage already orders the mapping after it (a DependsOn too is cfn-lint W3005)."""
    app, stack, api, release = rest_app()
    name = CfnParameter(stack, "StageName", default="prod")
    domain = RestDomain(stack, "Domain", domain_name="api.example.com", certificate_arn=CERT)
    RestStage(stack, "Prod", rest_api=api, deployment=release, stage_name=name.ref).map_domain(
        domain
    )
    (mapping,) = _of_type(synth(app)["Shop"], "AWS::ApiGateway::BasePathMapping").values()
    assert mapping["Properties"]["Stage"] == {"Ref": "Prod"}
    assert "DependsOn" not in mapping


# -- the URL


def test_url_goes_through_the_first_domain() -> None:
    """REST: https://<domain>/<path>/; without a mapping the execute-api URL."""
    _app, stack, api, release = rest_app()
    stage = RestStage(stack, "Prod", rest_api=api, deployment=release)
    before = stage.url.to_cfn()
    assert before == stage.execute_api_url.to_cfn()
    assert "execute-api" in before["Fn::Sub"][0]
    domain = RestDomain(stack, "Domain", domain_name="api.example.com", certificate_arn=CERT)
    stage.map_domain(domain, base_path="orders")
    stage.map_domain(domain, base_path="shop")
    assert stage.url.to_cfn() == {
        "Fn::Sub": ["https://${Domain}/orders/", {"Domain": {"Ref": "Domain"}}]
    }
    assert stage.execute_api_url.to_cfn() == before
    assert [m.base_path for m in stage.domain_mappings] == ["orders", "shop"]


def test_url_of_http_and_websocket_stages_through_domains() -> None:
    """HTTP: https://<domain>/ at the root, https://<domain>/<path>; WebSocket: wss://."""
    _app, stack, api = http_app()
    http = HttpStage(stack, "Live", api=api)
    http.map_domain(ApiDomain(stack, "Http", domain_name="api.example.com", certificate_arn=CERT))
    assert http.url.to_cfn() == {"Fn::Sub": ["https://${Domain}/", {"Domain": {"Ref": "Http"}}]}
    _app, stack, api = http_app("WEBSOCKET")
    socket = WebSocketStage(stack, "Live", api=api, auto_deploy=True)
    domain = ApiDomain(stack, "Ws", domain_name="ws.example.com", certificate_arn=CERT)
    socket.map_domain(domain, base_path="chat")
    assert socket.url.to_cfn() == {"Fn::Sub": ["wss://${Domain}/chat", {"Domain": {"Ref": "Ws"}}]}


def test_url_with_an_intrinsic_base_path() -> None:
    """A base path only known at deploy time is a variable of the Fn::Sub."""
    _app, stack, api, release = rest_app()
    path = Fn.ref("AWS::StackName")
    stage = RestStage(stack, "Prod", rest_api=api, deployment=release)
    domain = RestDomain(stack, "Domain", domain_name="api.example.com", certificate_arn=CERT)
    stage.map_domain(domain, base_path=path)
    assert stage.url.to_cfn() == {
        "Fn::Sub": [
            "https://${Domain}/${BasePath}/",
            {"Domain": {"Ref": "Domain"}, "BasePath": {"Ref": "AWS::StackName"}},
        ]
    }


# -- refusals at synthesis


def test_two_mappings_of_one_base_path_are_refused_naming_both() -> None:
    """Two stages on base path 'orders' of one domain: one SynthesisError line names both."""
    app, stack, api, release = rest_app()
    domain = RestDomain(stack, "Domain", domain_name="api.example.com", certificate_arn=CERT)
    RestStage(stack, "Prod", rest_api=api, deployment=release).map_domain(
        domain, base_path="orders"
    )
    beta = RestStage(stack, "Beta", rest_api=api, deployment=release, stage_name="beta")
    beta.map_domain(domain, base_path="orders")
    assert _synthesis_problems(app) == [
        "Shop/Domain: base path 'orders' is mapped twice: to stage 'Shop/Prod' and to stage "
        "'Shop/Beta'; API Gateway takes one mapping per base path of a domain: give one of them "
        "another base_path"
    ]


def test_two_root_mappings_are_refused_and_other_paths_are_not() -> None:
    """The root twice is a clash; 'orders' and 'orders/v2' are not; other domains are apart."""
    app, stack, api, release = rest_app()
    one = RestDomain(stack, "One", domain_name="one.example.com", certificate_arn=CERT)
    two = RestDomain(stack, "Two", domain_name="two.example.com", certificate_arn=CERT)
    prod = RestStage(stack, "Prod", rest_api=api, deployment=release)
    beta = RestStage(stack, "Beta", rest_api=api, deployment=release, stage_name="beta")
    prod.map_domain(one, base_path="orders")
    beta.map_domain(one, base_path="orders/v2")
    prod.map_domain(two)
    synth(app)
    beta.map_domain(two)
    (message,) = _synthesis_problems(app)
    assert message.startswith("Shop/Two: the root (no base path) is mapped twice: to stage ")


def test_a_websocket_api_shares_no_domain() -> None:
    """A WebSocket stage and an HTTP stage on one domain are refused at synthesis."""
    app, stack, api = http_app("WEBSOCKET")
    http = Api(stack, "Http", name="h", protocol_type="HTTP")
    domain = ApiDomain(stack, "Domain", domain_name="api.example.com", certificate_arn=CERT)
    WebSocketStage(stack, "Live", api=api, auto_deploy=True).map_domain(domain, base_path="ws")
    HttpStage(stack, "Web", api=http).map_domain(domain)
    assert _synthesis_problems(app) == [
        "Shop/Domain: WebSocket stage 'Shop/Live' and REST or HTTP stage 'Shop/Web' are mapped "
        "to this domain; API Gateway maps a WebSocket API to a domain of its own: use another "
        "domain for one of them"
    ]


# -- refusals when the line runs


@pytest.mark.parametrize(
    ("base_path", "expected"),
    [
        ("or ders", "a base path has only letters, digits and $-_.+!*'() in levels joined by '/'"),
        ("/orders", "must not start or end with '/', nor have '//'"),
        ("orders/", "must not start or end with '/', nor have '//'"),
        ("orders//v2", "must not start or end with '/', nor have '//'"),
        ("", "must not be empty"),
        ("o" * 301, "must be at most 300 characters (API Gateway)"),
    ],
)
def test_base_path_syntax_is_checked(base_path: str, expected: str) -> None:
    """AWS's rule: letters, digits, $-_.+!*'(), single '/' between levels, at most 300."""
    _app, stack, api, release = rest_app()
    stage = RestStage(stack, "Prod", rest_api=api, deployment=release)
    domain = RestDomain(stack, "Domain", domain_name="api.example.com", certificate_arn=CERT)
    with pytest.raises(ValidationError) as error:
        stage.map_domain(domain, base_path=base_path)
    (message,) = _problems(error)
    assert message.startswith(f"Shop/Prod: base_path: {expected}")
    assert domain.mappings == []
    assert stage.url.to_cfn() == stage.execute_api_url.to_cfn()


def test_every_allowed_base_path_character_is_accepted() -> None:
    """The whole documented alphabet, and several levels on a regional TLS 1.2 domain."""
    app, stack, api, release = rest_app()
    stage = RestStage(stack, "Prod", rest_api=api, deployment=release)
    domain = RestDomain(stack, "Domain", domain_name="api.example.com", certificate_arn=CERT)
    stage.map_domain(domain, base_path="aZ09$-_.+!*'()")
    stage.map_domain(domain, base_path="orders/v1/items")
    synth(app)


@pytest.mark.parametrize(
    ("options", "what"),
    [
        ({"endpoint_type": "EDGE", "certificate_arn": CERT}, "EDGE with TLS_1_2"),
        ({"security_policy": "TLS_1_0", "certificate_arn": CERT}, "REGIONAL with TLS_1_0"),
    ],
)
def test_several_levels_need_a_regional_tls_1_2_domain(options: dict[str, Any], what: str) -> None:
    """'orders/v2' on an edge domain, or with TLS 1.0, is refused."""
    _app, stack, api, release = rest_app()
    stage = RestStage(stack, "Prod", rest_api=api, deployment=release)
    domain = RestDomain(stack, "Domain", domain_name="api.example.com", **options)
    with pytest.raises(ValidationError) as error:
        stage.map_domain(domain, base_path="orders/v2")
    (message,) = _problems(error)
    assert f"'Shop/Domain' is {what} [multi-level], got 'orders/v2'" in message
    stage.map_domain(domain, base_path="orders")  # one level is fine


def test_a_websocket_path_has_one_level() -> None:
    """AWS documents a WebSocket mapping path as letters, digits and $-_.+!*'(), no '/'."""
    _app, stack, api = http_app("WEBSOCKET")
    stage = WebSocketStage(stack, "Live", api=api, auto_deploy=True)
    domain = ApiDomain(stack, "Domain", domain_name="ws.example.com", certificate_arn=CERT)
    with pytest.raises(ValidationError) as error:
        stage.map_domain(domain, base_path="chat/v2")
    assert _problems(error) == [
        "Shop/Live: base_path: a WebSocket API's mapping path is one level: letters, digits and "
        "$-_.+!*'() [multi-level], got 'chat/v2'; did you mean 'chat-v2'?"
    ]
    stage.map_domain(domain, base_path="chat-v2")


def test_an_http_stage_on_an_edge_domain_is_refused() -> None:
    """Edge domains serve REST APIs only."""
    _app, stack, api = http_app()
    domain = RestDomain(
        stack, "Domain", domain_name="api.example.com", certificate_arn=CERT, endpoint_type="EDGE"
    )
    with pytest.raises(ValidationError) as error:
        HttpStage(stack, "Live", api=api).map_domain(domain)
    assert _problems(error) == [
        "Shop/Live: domain: is an edge domain, and edge domains serve REST APIs only; HttpStage "
        "needs a regional domain [endpoint], got 'Shop/Domain'; map it to an ApiDomain, or a "
        "RestDomain with endpoint_type='REGIONAL'"
    ]


def test_a_websocket_stage_on_a_tls_1_0_domain_is_refused() -> None:
    """WebSocket APIs take TLS 1.2 only."""
    _app, stack, api = http_app("WEBSOCKET")
    domain = ApiDomain(
        stack,
        "Domain",
        domain_name="api.example.com",
        certificate_arn=CERT,
        security_policy="TLS_1_0",
    )
    with pytest.raises(ValidationError) as error:
        WebSocketStage(stack, "Live", api=api, auto_deploy=True).map_domain(domain)
    (message,) = _problems(error)
    assert "WebSocket APIs take TLS 1.2 only [security-policy]" in message


def test_map_domain_takes_a_domain() -> None:
    """A domain name string instead of a domain construct is refused, with the fix."""
    _app, stack, api, release = rest_app()
    stage = RestStage(stack, "Prod", rest_api=api, deployment=release)
    with pytest.raises(ValidationError) as error:
        stage.map_domain("api.example.com")  # type: ignore[arg-type]
    assert _problems(error) == [
        "Shop/Prod: domain: must be a CustomDomain [type], got 'api.example.com'; pass a "
        "RestDomain or an ApiDomain"
    ]


@pytest.mark.parametrize(
    ("options", "expected"),
    [
        ({}, "certificate_arn: a domain needs a certificate"),
        ({"endpoint_type": "EDGE", "hosted_zone_id": ZONE}, "an edge domain needs a certificate"),
        (
            {"endpoint_type": "EDGE", "certificate_arn": CERT_EU},
            "certificate_arn: an edge domain's certificate must be in us-east-1 (CloudFront's "
            "region), not eu-west-1 [edge-certificate]",
        ),
        ({"certificate_arn": CERT, "alias_record": True}, "alias_record: needs the Route 53"),
        (
            {"certificate_arn": CERT, "security_policy": "TLS_1_3"},
            "security_policy: must be 'TLS_1_0', 'TLS_1_2' or an enhanced",
        ),
        ({"certificate_arn": CERT, "endpoint_type": "edge"}, "endpoint_type: must be one of"),
        (
            {"certificate_arn": CERT, "endpoint_type": "EDGE", "truststore_uri": "s3://b/t.pem"},
            "truststore_uri: mutual TLS needs a regional domain",
        ),
        (
            {"certificate_arn": CERT, "security_policy": "TLS_1_0", "truststore_uri": "s3://b/t"},
            "truststore_uri: mutual TLS needs the TLS_1_2 security policy",
        ),
        (
            {"certificate_arn": CERT, "truststore_uri": "https://b/t.pem"},
            "truststore_uri: must be an S3 URI of the trust store",
        ),
    ],
)
def test_domain_refusals(options: dict[str, Any], expected: str) -> None:
    """Each refusal names the domain and the option; the tree is left as it was."""
    stack = Stack(App(), "Shop")
    with pytest.raises(ValidationError) as error:
        RestDomain(stack, "Domain", domain_name="api.example.com", **options)
    (message,) = _problems(error)
    assert message.startswith("Shop/Domain: ")
    assert expected in message
    assert stack.node.children == []


def test_an_edge_certificate_arn_in_us_east_1_or_unknown_is_accepted() -> None:
    """A us-east-1 ARN, or one only known at deploy time (a parameter), is not refused."""
    stack = Stack(App(), "Shop")
    RestDomain(stack, "A", domain_name="a.example.com", certificate_arn=CERT, endpoint_type="EDGE")
    arn = CfnParameter(stack, "Cert")
    RestDomain(
        stack, "B", domain_name="b.example.com", certificate_arn=arn.ref, endpoint_type="EDGE"
    )


def test_help_shows_every_option() -> None:
    """help() of the domains and map_domain lists each keyword with its description."""
    for cls, names in (
        (RestDomain, ("endpoint_type", "truststore_uri", "alias_record", "hosted_zone_id")),
        (ApiDomain, ("security_policy", "ip_address_type", "truststore_version", "tags")),
    ):
        text = pydoc.render_doc(cls)
        for name in names:
            assert f"{name}:" in text
    assert "base_path:" in pydoc.render_doc(RestStage.map_domain)
