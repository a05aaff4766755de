"""Code that gives each refusal of the custom domains and of ``StageVariablePermissions``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from stagewright import App, Stack
from stagewright.generated.aws_apigatewayv2.api import Api
from stagewright.stages import (
    ApiDomain,
    HttpStage,
    RestDomain,
    RestStage,
    StageVariablePermissions,
    WebSocketStage,
)
from stagewright.synth._synth import SynthesisError
from tests.constructs.stages._support import rest_app

from ._schema_triggers import problem, wrong

Trigger = Callable[[Path], str]

CERT = "arn:aws:acm:us-east-1:111122223333:certificate/0f1e2d3c"
_NAME = "api.example.com"


def _domain(**options: Any) -> Callable[[], object]:
    def build() -> object:
        return RestDomain(Stack(App(), "Shop"), "Domain", domain_name=_NAME, **options)

    return build


def _mapped(base_path: Any, **options: Any) -> Callable[[], object]:
    """Map a REST stage ``Shop/Prod`` to a domain made with ``options`` under ``base_path``."""

    def build() -> object:
        _app, stack, api, release = rest_app()
        stage = RestStage(stack, "Prod", rest_api=api, deployment=release)
        domain = RestDomain(stack, "Domain", domain_name=_NAME, **options)
        return stage.map_domain(domain, base_path=base_path)

    return build


def _v2_on(
    stage: type[HttpStage | WebSocketStage], domain: Callable[[Stack], object]
) -> Callable[[], object]:
    def build() -> object:
        stack = Stack(App(), "Shop")
        selection = "$request.body.action" if stage is WebSocketStage else None
        protocol: Literal["HTTP", "WEBSOCKET"] = "WEBSOCKET" if stage is WebSocketStage else "HTTP"
        api = Api(stack, "Api", protocol_type=protocol, route_selection_expression=selection)
        return stage(stack, "Live", api=api, auto_deploy=True).map_domain(wrong(domain(stack)))

    return build


def _websocket_path() -> object:
    stack = Stack(App(), "Shop")
    api = Api(stack, "Api", protocol_type="WEBSOCKET", route_selection_expression="$request.body.a")
    domain = ApiDomain(stack, "Domain", domain_name=_NAME, certificate_arn=CERT)
    return WebSocketStage(stack, "Live", api=api, auto_deploy=True).map_domain(
        domain, base_path="chat/v2"
    )


def _synthesis_problem(build: Callable[[], App]) -> Trigger:
    def trigger(_: Path) -> str:
        try:
            build().synthesize()
        except SynthesisError as exc:
            return str(exc.problems[0])
        raise AssertionError("no SynthesisError")

    return trigger


def _clash() -> App:
    app, stack, api, release = rest_app()
    domain = RestDomain(stack, "Domain", domain_name=_NAME, certificate_arn=CERT)
    RestStage(stack, "Prod", rest_api=api, deployment=release).map_domain(domain, base_path="v1")
    beta = RestStage(stack, "Beta", rest_api=api, deployment=release, stage_name="beta")
    beta.map_domain(domain, base_path="v1")
    return app


def _shared_with_websocket() -> App:
    app = App()
    stack = Stack(app, "Shop")
    ws = Api(stack, "Ws", protocol_type="WEBSOCKET", route_selection_expression="$request.body.a")
    http = Api(stack, "Http", protocol_type="HTTP")
    domain = ApiDomain(stack, "Domain", domain_name=_NAME, certificate_arn=CERT)
    WebSocketStage(stack, "Live", api=ws, auto_deploy=True).map_domain(domain, base_path="ws")
    HttpStage(stack, "Web", api=http).map_domain(domain)
    return app


def _permissions(**options: Any) -> Callable[[], object]:
    def build() -> object:
        _app, stack, api, release = rest_app()
        stage = RestStage(stack, "Prod", rest_api=api, deployment=release, variables={"fn": "v1"})
        return StageVariablePermissions(stack, "Permissions", **{"stage": stage, **options})

    return build


DOMAINS: dict[str, Trigger] = {
    "domain-needs-certificate": lambda _: problem(_domain()),
    "domain-edge-new-certificate": lambda _: problem(_domain(endpoint_type="EDGE")),
    "domain-edge-certificate-region": lambda _: problem(
        _domain(
            endpoint_type="EDGE",
            certificate_arn="arn:aws:acm:eu-west-1:111122223333:certificate/0f1e2d3c",
        )
    ),
    "domain-endpoint-type": lambda _: problem(
        _domain(certificate_arn=CERT, endpoint_type=wrong("edge"))
    ),
    "domain-security-policy": lambda _: problem(
        _domain(certificate_arn=CERT, security_policy="TLS_1_3")
    ),
    "domain-alias-zone": lambda _: problem(_domain(certificate_arn=CERT, alias_record=True)),
    "domain-mutual-tls-edge": lambda _: problem(
        _domain(certificate_arn=CERT, endpoint_type="EDGE", truststore_uri="s3://certs/t.pem")
    ),
    "domain-mutual-tls-policy": lambda _: problem(
        _domain(certificate_arn=CERT, security_policy="TLS_1_0", truststore_uri="s3://c/t.pem")
    ),
    "domain-truststore-uri": lambda _: problem(
        _domain(certificate_arn=CERT, truststore_uri="https://certs/t.pem")
    ),
    "domain-base-path": lambda _: problem(_mapped("or ders", certificate_arn=CERT)),
    "domain-base-path-slash": lambda _: problem(_mapped("/orders/", certificate_arn=CERT)),
    "domain-base-path-empty": lambda _: problem(_mapped("", certificate_arn=CERT)),
    "domain-base-path-type": lambda _: problem(_mapped(wrong(1), certificate_arn=CERT)),
    "domain-base-path-length": lambda _: problem(_mapped("o" * 301, certificate_arn=CERT)),
    "domain-base-path-multi-level": lambda _: problem(
        _mapped("orders/v2", certificate_arn=CERT, endpoint_type="EDGE")
    ),
    "domain-base-path-websocket": lambda _: problem(_websocket_path),
    "domain-edge-http": lambda _: problem(
        _v2_on(
            HttpStage,
            lambda stack: RestDomain(
                stack, "Domain", domain_name=_NAME, certificate_arn=CERT, endpoint_type="EDGE"
            ),
        )
    ),
    "domain-websocket-policy": lambda _: problem(
        _v2_on(
            WebSocketStage,
            lambda stack: ApiDomain(
                stack, "Domain", domain_name=_NAME, certificate_arn=CERT, security_policy="TLS_1_0"
            ),
        )
    ),
    "domain-type": lambda _: problem(_v2_on(HttpStage, lambda _stack: _NAME)),
    "domain-base-path-twice": _synthesis_problem(_clash),
    "domain-websocket-shared": _synthesis_problem(_shared_with_websocket),
    "permissions-no-value": lambda _: problem(_permissions(variable="function")),
    "permissions-variable": lambda _: problem(_permissions(variable="my-fn")),
    "permissions-function-name": lambda _: problem(
        _permissions(variable="fn", function_name="orders:live")
    ),
    "permissions-stage": lambda _: problem(_permissions(variable="fn", stage=wrong("prod"))),
}
