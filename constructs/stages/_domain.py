"""Custom domain names for stages: ``RestDomain``, ``ApiDomain`` and ``stage.map_domain()``.

A domain is a construct of its own, made once and mapped to any number of stages of any number of
APIs (``stage.map_domain(domain, base_path="orders")``). It makes the domain name resource, a
DNS-validated certificate unless given one, and optionally the Route 53 alias record. Each mapping
is a resource in the stage's construct that waits for the stage (``DependsOn``, as AWS CDK does: a
mapping to a stage not yet made fails in CloudFormation). The rules are API Gateway's:

* base paths are letters, digits and ``$-_.+!*'()``, levels joined by single ``/``, at most 300
  characters; a path of several levels needs a regional domain with the TLS 1.2 policy, and is an
  ``AWS::ApiGatewayV2::ApiMapping`` even for a REST stage (``AWS::ApiGateway::BasePathMapping``
  takes one level); a WebSocket API's path has one level;
* an edge domain serves REST APIs only, through CloudFront, whose certificates live in us-east-1;
* mutual TLS needs a regional domain (and TLS 1.2);
* at synthesis: one base path maps one stage per domain, and a WebSocket API shares its domain
  with no REST or HTTP API.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from stagewright.core._fn import Fn
from stagewright.core._resource import CfnResource
from stagewright.core._tree import Construct
from stagewright.generated.aws_certificatemanager.certificate import (
    Certificate,
    DomainValidationOption,
)
from stagewright.generated.aws_route53.record_set import AliasTarget, RecordSet
from stagewright.runtime._errors import Problem
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._common import owner_of, problem, raise_problems

if TYPE_CHECKING:
    from stagewright.stages._base import StageBase

__all__ = [
    "SECURITY_POLICIES",
    "ApiDomain",
    "CustomDomain",
    "DomainMapping",
    "RestDomain",
    "map_stage",
]

EndpointType = Literal["REGIONAL", "EDGE"]
SECURITY_POLICIES = ("TLS_1_0", "TLS_1_2")
"""The classic security policies; ``SecurityPolicy_...`` names (the enhanced ones) pass too."""
_ENHANCED_POLICY = "SecurityPolicy_"
EDGE_CERTIFICATE_REGION = "us-east-1"
MAX_BASE_PATH = 300
_BASE_PATH = re.compile(r"[A-Za-z0-9$\-_.+!*'()/]+\Z")
_BASE_PATH_RULE = "letters, digits and $-_.+!*'() in levels joined by '/'"
_ARN_REGION = re.compile(r"arn:[^:]+:acm:([^:]*):")


@attrs.frozen
class DomainMapping:
    """One stage mapped to a domain under a base path (``None``: the domain's root)."""

    stage: StageBase[Any, Any]
    """The mapped stage."""
    domain: CustomDomain
    """The domain."""
    base_path: str | Intrinsic | None
    """The base path (``None`` maps the root)."""
    resource: CfnResource[Any]
    """The ``BasePathMapping`` or ``ApiMapping`` resource."""

    def url(self) -> Intrinsic:
        """Return the stage's URL through the domain (``https://api.example.com/orders/``)."""
        from stagewright.stages._v2 import WebSocketStage  # noqa: PLC0415

        scheme = "wss" if isinstance(self.stage, WebSocketStage) else "https"
        rest = self.stage.resource.TYPE_NAME == "AWS::ApiGateway::Stage"
        variables: dict[str, Any] = {"Domain": self.domain.resource.ref}
        path = self.base_path
        if path is None:
            suffix = "/"
        elif isinstance(path, Intrinsic):
            variables["BasePath"] = path
            suffix = "/${BasePath}/" if rest else "/${BasePath}"
        else:
            suffix = f"/{path}/" if rest else f"/{path}"
        return Fn.sub(f"{scheme}://${{Domain}}{suffix}", variables)


def _keywords(given: dict[str, Any]) -> dict[str, Any]:
    """A constructor's own keyword arguments, from its ``locals()`` (self, scope and id aside)."""
    return {k: v for k, v in given.items() if k not in ("self", "scope", "id", "__class__")}


class CustomDomain(Construct):
    """A custom domain name for API Gateway stages: the base of ``RestDomain`` and ``ApiDomain``.

    ``.resource`` is the domain name resource, ``.certificate`` the certificate it made (or None),
    ``.records`` its Route 53 alias records, ``.mappings`` the stages mapped to it.
    """

    _ENDPOINTS: ClassVar[tuple[str, ...]] = ("REGIONAL", "EDGE")

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        domain_name: str | Intrinsic,
        certificate_arn: str | Intrinsic | None,
        hosted_zone_id: str | Intrinsic | None,
        alias_record: bool,
        endpoint_type: EndpointType,
        security_policy: str | Intrinsic,
        ip_address_type: Literal["ipv4", "dualstack"] | None,
        truststore_uri: str | Intrinsic | None,
        truststore_version: str | Intrinsic | None,
        tags: Mapping[str, str | Intrinsic] | None,
    ) -> None:
        owner = owner_of(scope, id)
        self.domain_name = domain_name
        """The domain name (``api.example.com``)."""
        self.endpoint_type: EndpointType = endpoint_type
        """``REGIONAL`` or ``EDGE``."""
        self.security_policy = security_policy
        """The TLS security policy."""
        self.ip_address_type = ip_address_type
        """``ipv4`` or ``dualstack`` (None: API Gateway's default, IPv4)."""
        self.truststore_uri = truststore_uri
        """The mutual TLS trust store (``s3://bucket/truststore.pem``), or None."""
        raise_problems(
            self._problems(owner, certificate_arn, hosted_zone_id, alias_record, truststore_uri)
        )
        super().__init__(scope, id)
        self.certificate: Certificate | None = None
        """The DNS-validated certificate this domain made (None when given certificate_arn)."""
        if certificate_arn is None:
            self.certificate = Certificate(
                self,
                "Certificate",
                domain_name=domain_name,
                validation_method="DNS",
                domain_validation_options=[
                    DomainValidationOption(domain_name=domain_name, hosted_zone_id=hosted_zone_id)
                ],
            )
            certificate_arn = self.certificate.ref
        self.certificate_arn: str | Intrinsic = certificate_arn
        """The certificate's ARN (a ``Ref`` of ``.certificate`` when the domain made it)."""
        self.resource: CfnResource[Any] = self._domain_resource(
            certificate_arn, truststore_uri, truststore_version, tags
        )
        self.records: list[RecordSet] = []
        """The Route 53 alias records (A, and AAAA for a dualstack domain)."""
        if alias_record:
            assert hosted_zone_id is not None  # refused above
            kinds = ("A", "AAAA") if ip_address_type == "dualstack" else ("A",)
            target = AliasTarget(dns_name=self.alias_dns_name, hosted_zone_id=self.alias_zone_id)
            self.records = [
                RecordSet(
                    self,
                    f"Alias{kind}",
                    name=domain_name,
                    type_=kind,
                    hosted_zone_id=hosted_zone_id,
                    alias_target=target,
                )
                for kind in kinds
            ]
        self._mappings: list[DomainMapping] = []
        self.node.add_validation(self._check_mappings)

    # -- what the families fill in

    def _domain_resource(
        self,
        certificate_arn: str | Intrinsic,
        truststore_uri: str | Intrinsic | None,
        truststore_version: str | Intrinsic | None,
        tags: Mapping[str, str | Intrinsic] | None,
    ) -> CfnResource[Any]:
        raise NotImplementedError

    @property
    def alias_dns_name(self) -> Intrinsic:
        """The name DNS aliases point to (``RegionalDomainName`` or ``DistributionDomainName``)."""
        if self.endpoint_type == "EDGE":
            return self.resource.get_att("DistributionDomainName")
        return self.resource.get_att("RegionalDomainName")

    @property
    def alias_zone_id(self) -> Intrinsic:
        """Its Route 53 hosted zone (``RegionalHostedZoneId`` or ``DistributionHostedZoneId``)."""
        if self.endpoint_type == "EDGE":
            return self.resource.get_att("DistributionHostedZoneId")
        return self.resource.get_att("RegionalHostedZoneId")

    @property
    def mappings(self) -> list[DomainMapping]:
        """The stages mapped to this domain, in the order they were mapped."""
        return list(self._mappings)

    # -- checks

    def _problems(
        self,
        owner: str,
        certificate_arn: Any,
        hosted_zone_id: Any,
        alias_record: Any,
        truststore_uri: Any,
    ) -> list[Problem]:
        problems: list[Problem] = []
        endpoint = self.endpoint_type
        if endpoint not in self._ENDPOINTS:
            allowed = ", ".join(map(repr, self._ENDPOINTS))
            message = f"must be one of {allowed}"
            problems.append(problem(owner, ("endpoint_type",), "enum", message, endpoint))
            return problems
        problems += self._certificate_problems(owner, certificate_arn, hosted_zone_id)
        policy = self.security_policy
        if isinstance(policy, str) and not (
            policy in SECURITY_POLICIES or policy.startswith(_ENHANCED_POLICY)
        ):
            message = "must be 'TLS_1_0', 'TLS_1_2' or an enhanced 'SecurityPolicy_...' name"
            hint = "use 'TLS_1_2' (the default)"
            problems.append(
                problem(owner, ("security_policy",), "enum", message, policy, hint=hint)
            )
        if alias_record and hosted_zone_id is None:
            message = "needs the Route 53 hosted zone to put the record in"
            hint = "pass hosted_zone_id= (the zone of the domain name)"
            problems.append(
                problem(owner, ("alias_record",), "needs-zone", message, True, hint=hint)
            )
        if truststore_uri is not None:
            problems += self._mutual_tls_problems(owner, truststore_uri)
        return problems

    def _certificate_problems(
        self, owner: str, certificate_arn: Any, hosted_zone_id: Any
    ) -> list[Problem]:
        edge = self.endpoint_type == "EDGE"
        if certificate_arn is None and edge:
            message = (
                f"an edge domain needs a certificate in {EDGE_CERTIFICATE_REGION} (CloudFront's), "
                "and this stack's region is not known at synthesis, so none is made here"
            )
            hint = (
                f"request a DNS-validated certificate in {EDGE_CERTIFICATE_REGION} and pass its "
                "ARN, or use endpoint_type='REGIONAL'"
            )
            return [
                problem(owner, ("certificate_arn",), "edge-certificate", message, None, hint=hint)
            ]
        if certificate_arn is None and hosted_zone_id is None:
            message = (
                "a domain needs a certificate: an existing one, or a new DNS-validated one "
                "validated in the domain's hosted zone"
            )
            hint = "pass certificate_arn=, or hosted_zone_id= to make a DNS-validated certificate"
            return [
                problem(owner, ("certificate_arn",), "needs-certificate", message, None, hint=hint)
            ]
        if edge and isinstance(certificate_arn, str):
            found = _ARN_REGION.match(certificate_arn)
            if found is not None and found.group(1) != EDGE_CERTIFICATE_REGION:
                message = (
                    f"an edge domain's certificate must be in {EDGE_CERTIFICATE_REGION} "
                    f"(CloudFront's region), not {found.group(1)}"
                )
                hint = (
                    f"request or import the certificate in {EDGE_CERTIFICATE_REGION}, or use "
                    "endpoint_type='REGIONAL' (its certificate is in the API's region)"
                )
                return [
                    problem(
                        owner,
                        ("certificate_arn",),
                        "edge-certificate",
                        message,
                        certificate_arn,
                        hint=hint,
                    )
                ]
        return []

    def _mutual_tls_problems(self, owner: str, uri: Any) -> list[Problem]:
        where = ("truststore_uri",)
        if self.endpoint_type == "EDGE":
            message = "mutual TLS needs a regional domain; an edge domain has none"
            hint = "use endpoint_type='REGIONAL'"
            return [problem(owner, where, "mutual-tls", message, uri, hint=hint)]
        if self.security_policy == "TLS_1_0":
            message = "mutual TLS needs the TLS_1_2 security policy"
            hint = "use security_policy='TLS_1_2' (the default)"
            return [problem(owner, where, "mutual-tls", message, uri, hint=hint)]
        if isinstance(uri, str) and not re.match(r"s3://[^/]+/.+", uri):
            message = "must be an S3 URI of the trust store, s3://<bucket>/<key>"
            return [
                problem(
                    owner, where, "pattern", message, uri, hint="e.g. 's3://certs/truststore.pem'"
                )
            ]
        return []

    def _check_mappings(self) -> list[str]:
        """Synthesis: one stage per base path, and no WebSocket API beside another kind."""
        from stagewright.stages._v2 import WebSocketStage  # noqa: PLC0415

        messages = []
        seen: dict[str, DomainMapping] = {}
        for mapping in self._mappings:
            if isinstance(mapping.base_path, Intrinsic):
                continue
            key = mapping.base_path or ""
            first = seen.setdefault(key, mapping)
            if first is not mapping:
                shown = f"base path {key!r}" if key else "the root (no base path)"
                messages.append(
                    f"{shown} is mapped twice: to stage {first.stage.node.path!r} and to stage "
                    f"{mapping.stage.node.path!r}; API Gateway takes one mapping per base path "
                    "of a domain: give one of them another base_path"
                )
        kinds = {isinstance(m.stage, WebSocketStage) for m in self._mappings}
        if len(kinds) == 2:
            sockets = [
                m.stage.node.path for m in self._mappings if isinstance(m.stage, WebSocketStage)
            ]
            others = [
                m.stage.node.path for m in self._mappings if not isinstance(m.stage, WebSocketStage)
            ]
            messages.append(
                f"WebSocket stage {sockets[0]!r} and REST or HTTP stage {others[0]!r} are mapped "
                "to this domain; API Gateway maps a WebSocket API to a domain of its own: use "
                "another domain for one of them"
            )
        return messages


class RestDomain(CustomDomain):
    """A custom domain name of REST APIs (``AWS::ApiGateway::DomainName``), regional or edge.

    HTTP stages may be mapped to a regional one too (through ``AWS::ApiGatewayV2::ApiMapping``).
    An edge domain is served by CloudFront: its certificate must be in us-east-1, so pass
    ``certificate_arn`` of one made there.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        domain_name: str | Intrinsic,
        certificate_arn: str | Intrinsic | None = None,
        hosted_zone_id: str | Intrinsic | None = None,
        alias_record: bool = False,
        endpoint_type: EndpointType = "REGIONAL",
        security_policy: str | Intrinsic = "TLS_1_2",
        ip_address_type: Literal["ipv4", "dualstack"] | None = None,
        truststore_uri: str | Intrinsic | None = None,
        truststore_version: str | Intrinsic | None = None,
        tags: Mapping[str, str | Intrinsic] | None = None,
    ) -> None:
        """Add the domain (and its certificate and alias records) to ``scope``; checked first.

        Args:
            scope: The construct the domain goes in (a ``Stack`` or a construct in one).
            id: The domain's id in ``scope``.
            domain_name: The domain name, e.g. ``api.example.com``.
            certificate_arn: An ACM certificate covering the name (in us-east-1 for an edge
                domain). None: a new DNS-validated certificate, validated in ``hosted_zone_id``.
            hosted_zone_id: The Route 53 hosted zone of the name: where a new certificate is
                validated and where ``alias_record`` goes.
            alias_record: Add a Route 53 alias record (A; and AAAA when dualstack) pointing the
                name at the domain's endpoint.
            endpoint_type: ``REGIONAL`` (in the API's region) or ``EDGE`` (through CloudFront).
            security_policy: The TLS policy: ``TLS_1_2`` (default) or ``TLS_1_0``.
            ip_address_type: ``ipv4`` or ``dualstack``.
            truststore_uri: Mutual TLS: the S3 URI of the trust store (regional only).
            truststore_version: Mutual TLS: the trust store object's version.
            tags: Tags of the domain name, by key.
        """
        super().__init__(scope, id, **_keywords(locals()))

    def _domain_resource(
        self,
        certificate_arn: str | Intrinsic,
        truststore_uri: str | Intrinsic | None,
        truststore_version: str | Intrinsic | None,
        tags: Mapping[str, str | Intrinsic] | None,
    ) -> CfnResource[Any]:
        from stagewright.generated.aws_apigateway import domain_name as v1  # noqa: PLC0415

        edge = self.endpoint_type == "EDGE"
        mutual_tls = (
            None
            if truststore_uri is None
            else v1.MutualTlsAuthentication(
                truststore_uri=truststore_uri, truststore_version=truststore_version
            )
        )
        return v1.DomainName(
            self,
            "Default",
            domain_name=self.domain_name,
            certificate_arn=certificate_arn if edge else None,
            regional_certificate_arn=None if edge else certificate_arn,
            endpoint_configuration=v1.EndpointConfiguration(
                types=[self.endpoint_type], ip_address_type=self.ip_address_type
            ),
            security_policy=self.security_policy,
            mutual_tls_authentication=mutual_tls,
            tags=[v1.Tag(key=k, value=v) for k, v in sorted((tags or {}).items())] or None,
        )


class ApiDomain(CustomDomain):
    """A regional custom domain name of HTTP and WebSocket APIs (``AWS::ApiGatewayV2::DomainName``).

    REST stages may be mapped to it too (through ``AWS::ApiGatewayV2::ApiMapping``); a WebSocket
    API needs a domain of its own. For an edge domain, use ``RestDomain(endpoint_type='EDGE')``.
    """

    _ENDPOINTS = ("REGIONAL",)

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        domain_name: str | Intrinsic,
        certificate_arn: str | Intrinsic | None = None,
        hosted_zone_id: str | Intrinsic | None = None,
        alias_record: bool = False,
        security_policy: str | Intrinsic = "TLS_1_2",
        ip_address_type: Literal["ipv4", "dualstack"] | None = None,
        truststore_uri: str | Intrinsic | None = None,
        truststore_version: str | Intrinsic | None = None,
        tags: Mapping[str, str | Intrinsic] | None = None,
    ) -> None:
        """Add the domain (and its certificate and alias records) to ``scope``; checked first.

        Args:
            scope: The construct the domain goes in (a ``Stack`` or a construct in one).
            id: The domain's id in ``scope``.
            domain_name: The domain name, e.g. ``api.example.com``.
            certificate_arn: An ACM certificate covering the name, in the API's region. None: a
                new DNS-validated certificate, validated in ``hosted_zone_id``.
            hosted_zone_id: The Route 53 hosted zone of the name: where a new certificate is
                validated and where ``alias_record`` goes.
            alias_record: Add a Route 53 alias record (A; and AAAA when dualstack) pointing the
                name at the domain's regional endpoint.
            security_policy: The TLS policy: ``TLS_1_2`` (default; WebSocket APIs take no other).
            ip_address_type: ``ipv4`` or ``dualstack``.
            truststore_uri: Mutual TLS (HTTP APIs): the S3 URI of the trust store.
            truststore_version: Mutual TLS: the trust store object's version.
            tags: Tags of the domain name, by key.
        """
        super().__init__(scope, id, endpoint_type="REGIONAL", **_keywords(locals()))

    def _domain_resource(
        self,
        certificate_arn: str | Intrinsic,
        truststore_uri: str | Intrinsic | None,
        truststore_version: str | Intrinsic | None,
        tags: Mapping[str, str | Intrinsic] | None,
    ) -> CfnResource[Any]:
        from stagewright.generated.aws_apigatewayv2 import domain_name as v2  # noqa: PLC0415

        mutual_tls = (
            None
            if truststore_uri is None
            else v2.MutualTlsAuthentication(
                truststore_uri=truststore_uri, truststore_version=truststore_version
            )
        )
        return v2.DomainName(
            self,
            "Default",
            domain_name=self.domain_name,
            domain_name_configurations=[
                v2.DomainNameConfiguration(
                    certificate_arn=certificate_arn,
                    endpoint_type="REGIONAL",
                    security_policy=self.security_policy,
                    ip_address_type=self.ip_address_type,
                )
            ],
            mutual_tls_authentication=mutual_tls,
            tags=dict(tags) if tags else None,
        )


# -- mapping a stage


def _base_path_problems(owner: str, domain: CustomDomain, base_path: Any) -> list[Problem]:
    where = ("base_path",)
    if base_path is None or isinstance(base_path, Intrinsic):
        return []
    if not isinstance(base_path, str):
        return [problem(owner, where, "type", "must be a string", base_path)]
    if base_path == "":
        hint = "pass base_path=None (the default) to map the domain's root"
        return [problem(owner, where, "pattern", "must not be empty", base_path, hint=hint)]
    if len(base_path) > MAX_BASE_PATH:
        message = f"must be at most {MAX_BASE_PATH} characters (API Gateway)"
        return [problem(owner, where, "maxLength", message, base_path)]
    if not _BASE_PATH.match(base_path):
        hint = f"did you mean {re.sub(r'[^A-Za-z0-9$_.+!*()/-]', '-', base_path)!r}?"
        message = f"a base path has only {_BASE_PATH_RULE}"
        return [problem(owner, where, "pattern", message, base_path, hint=hint)]
    if base_path.startswith("/") or base_path.endswith("/") or "//" in base_path:
        message = "must not start or end with '/', nor have '//': levels are joined by one '/'"
        hint = f"did you mean {'/'.join(p for p in base_path.split('/') if p)!r}?"
        return [problem(owner, where, "pattern", message, base_path, hint=hint)]
    if "/" in base_path and (domain.endpoint_type == "EDGE" or domain.security_policy != "TLS_1_2"):
        message = (
            "a base path of several levels needs a regional domain with the TLS_1_2 security "
            f"policy; {domain.node.path!r} is {domain.endpoint_type} with "
            f"{domain.security_policy}"
        )
        hint = "use one level (no '/'), or a regional TLS_1_2 domain"
        return [problem(owner, where, "multi-level", message, base_path, hint=hint)]
    return []


def map_stage(
    stage: StageBase[Any, Any], domain: CustomDomain, base_path: str | Intrinsic | None
) -> DomainMapping:
    """Map ``stage`` to ``domain`` under ``base_path`` (what ``stage.map_domain`` does)."""
    owner = f"{stage.node.path}:"
    if not isinstance(domain, CustomDomain):
        hint = "pass a RestDomain or an ApiDomain"
        shown = domain.node.path if isinstance(domain, Construct) else domain
        raise_problems(
            [problem(owner, ("domain",), "type", "must be a CustomDomain", shown, hint=hint)]
        )
    rest = stage.resource.TYPE_NAME == "AWS::ApiGateway::Stage"
    problems = _base_path_problems(owner, domain, base_path)
    if _is_websocket(stage) and isinstance(base_path, str) and "/" in base_path and not problems:
        message = "a WebSocket API's mapping path is one level: letters, digits and $-_.+!*'()"
        hint = f"did you mean {base_path.replace('/', '-')!r}?"
        problems.append(
            problem(owner, ("base_path",), "multi-level", message, base_path, hint=hint)
        )
    if _is_websocket(stage) and domain.security_policy == "TLS_1_0":
        message = "has the TLS_1_0 security policy, and WebSocket APIs take TLS 1.2 only"
        hint = "map it to a domain with security_policy='TLS_1_2' (the default)"
        problems.append(
            problem(owner, ("domain",), "security-policy", message, domain.node.path, hint=hint)
        )
    if not rest and domain.endpoint_type == "EDGE":
        message = (
            f"is an edge domain, and edge domains serve REST APIs only; "
            f"{type(stage).__name__} needs a regional domain"
        )
        hint = "map it to an ApiDomain, or a RestDomain with endpoint_type='REGIONAL'"
        problems.append(
            problem(owner, ("domain",), "endpoint", message, domain.node.path, hint=hint)
        )
    raise_problems(problems)
    resource = _mapping_resource(stage, domain, base_path, rest=rest)
    mapping = DomainMapping(stage, domain, base_path, resource)
    domain._mappings.append(mapping)
    stage._domain_mappings += (mapping,)
    return mapping


def _is_websocket(stage: Any) -> bool:
    from stagewright.stages._v2 import WebSocketStage  # noqa: PLC0415

    return isinstance(stage, WebSocketStage)


def _mapping_id(stage: Construct, domain: CustomDomain, base_path: Any) -> str:
    slug = "" if base_path is None or isinstance(base_path, Intrinsic) else base_path
    base = f"{domain.node.id}Mapping{re.sub(r'[^A-Za-z0-9]', '', slug.title())}"
    candidate, n = base, 1
    while candidate in stage.node._children:
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _mapping_resource(
    stage: StageBase[Any, Any], domain: CustomDomain, base_path: Any, *, rest: bool
) -> CfnResource[Any]:
    name = stage.options.stage_name
    # A stage name known here: the mapping names it and waits for the stage (DependsOn); else a
    # Ref of the stage, which makes CloudFormation wait already (a DependsOn too is cfn-lint's
    # W3005).
    stage_ref = name if isinstance(name, str) else stage.resource.ref
    api_id = stage._api_ref()
    id = _mapping_id(stage, domain, base_path)
    resource: CfnResource[Any]
    if rest and not (isinstance(base_path, str) and "/" in base_path):
        from stagewright.generated.aws_apigateway.base_path_mapping import (  # noqa: PLC0415
            BasePathMapping,
        )

        resource = BasePathMapping(
            stage,
            id,
            domain_name=domain.resource.ref,
            rest_api_id=api_id,
            stage=stage_ref,
            base_path=base_path,
        )
    else:
        from stagewright.generated.aws_apigatewayv2.api_mapping import (  # noqa: PLC0415
            ApiMapping,
        )

        resource = ApiMapping(
            stage,
            id,
            domain_name=domain.resource.ref,
            api_id=api_id,
            stage=stage_ref,
            api_mapping_key=base_path,
        )
    if isinstance(name, str):
        resource.add_depends_on(stage.resource)
    return resource
