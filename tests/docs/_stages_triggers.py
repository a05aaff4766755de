"""Code that raises each stage construct error (and warning) of docs/errors.md."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from stagewright import App, CfnOutput, CfnParameter, Stack
from stagewright.core._tree import TreeError
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.generated.aws_apigatewayv2.api import Api
from stagewright.stages import (
    AccessLogField,
    AccessLogFormat,
    AccountLoggingRole,
    Canary,
    CanaryStage,
    ExternalAccountLoggingRole,
    HttpStage,
    LoggedProductionStage,
    MethodOptions,
    RestStage,
    RouteOptions,
    Throttle,
    WebSocketStage,
    stage_variable,
)
from stagewright.synth._synth import SynthesisError
from tests.constructs.stages._support import rest_app

from ._domain_triggers import DOMAINS
from ._metrics_triggers import METRICS
from ._release_triggers import RELEASE
from ._schema_triggers import problem, wrong

Trigger = Callable[[Path], str]


def _rest(stage: type[RestStage] = RestStage, **options: Any) -> Callable[[], object]:
    """Build ``stage(stack, "Prod", ...)`` in the stack ``Shop`` with ``options``."""

    def build() -> object:
        _app, stack, api, release = rest_app()
        return stage(stack, "Prod", rest_api=api, deployment=release, **options)

    return build


def _v2(
    stage: type[HttpStage | WebSocketStage], protocol: Literal["HTTP", "WEBSOCKET"], **options: Any
) -> Callable[[], object]:
    def build() -> object:
        stack = Stack(App(), "Shop")
        selection = "$request.body.action" if protocol == "WEBSOCKET" else None
        api = Api(stack, "Api", protocol_type=protocol, route_selection_expression=selection)
        return stage(stack, "Live", api=api, **options)

    return build


def _canary_stage_with_canary() -> object:
    _app, stack, api, release = rest_app()
    return CanaryStage(  # type: ignore[call-arg]  # the mistake this row documents
        stack, "Prod", rest_api=api, deployment=release, canary_deployment=release, canary=wrong(1)
    )


def _promote_without_canary() -> object:
    stage = _rest()()
    assert isinstance(stage, RestStage)
    stage.promote_canary()
    return stage


def _role_after(first: Callable[[App], object]) -> Callable[[Path], str]:
    """A trigger: an AccountLoggingRole added to an app that ``first`` already gave a setting."""

    def trigger(_: Path) -> str:
        app = App()
        first(app)
        try:
            AccountLoggingRole(Stack(app, "Shop"), "Logging")
        except TreeError as exc:
            return str(exc)
        raise AssertionError("no TreeError")

    return trigger


_second_role = _role_after(lambda app: AccountLoggingRole(Stack(app, "Base"), "ApiGatewayLogging"))
_role_and_external = _role_after(ExternalAccountLoggingRole)


def _other_api(_: Path) -> str:
    app = App()
    stack = Stack(app, "Shop")
    api, other = RestApi(stack, "Api"), RestApi(stack, "Admin")
    release = Deployment(stack, "Release1", rest_api_id=other.ref)
    RestStage(stack, "Prod", rest_api=api, deployment=release)
    try:
        app.synthesize()
    except SynthesisError as exc:
        return exc.problems[0]
    raise AssertionError("no SynthesisError")


def warning(build: Callable[[Stack, RestApi, Deployment], object]) -> Callable[[Path], str]:
    """Synthesize an app built by ``build``; return its only warning, as ``synth`` prints it."""

    def trigger(_: Path) -> str:
        app, stack, api, release = rest_app()
        build(stack, api, release)
        (message,) = [m for m in app.synthesize().messages if m.level == "warning"]
        return str(message)

    return trigger


def _rest_in(
    *, role: bool = True, **options: Any
) -> Callable[[Stack, RestApi, Deployment], object]:
    def build(stack: Stack, api: RestApi, release: Deployment) -> object:
        if role:
            AccountLoggingRole(stack, "ApiGatewayLogging")
        if "canary_deployment" in options:
            return CanaryStage(stack, "Prod", rest_api=api, deployment=release, **options)
        return RestStage(stack, "Prod", rest_api=api, deployment=release, **options)

    return build


def _websocket_in(stack: Stack, *_: object) -> None:
    api = Api(
        stack, "Socket", protocol_type="WEBSOCKET", route_selection_expression="$request.body.a"
    )
    WebSocketStage(
        stack,
        "Live",
        api=api,
        auto_deploy=True,
        default_route=RouteOptions(data_trace_enabled=True),
    )


def _websocket_undeployed(stack: Stack, *_: object) -> None:
    api = Api(
        stack, "Socket", protocol_type="WEBSOCKET", route_selection_expression="$request.body.a"
    )
    WebSocketStage(stack, "Live", api=api)


def _without_deployment() -> object:
    _app, stack, api, _release = rest_app()
    return RestStage(stack, "Prod", rest_api=api, deployment=wrong(None))


def _http_on_rest() -> object:
    _app, stack, api, _release = rest_app()
    return HttpStage(stack, "Live", api=wrong(api))


def _websocket_without_selection() -> object:
    stack = Stack(App(), "Shop")
    api = Api(stack, "Api", protocol_type="WEBSOCKET")
    return WebSocketStage(stack, "Live", api=api, auto_deploy=True)


_LOG_GROUP = "arn:aws:logs:us-east-1:111122223333:log-group:access"
_PROXY = {
    "x-amazon-apigateway-integration": {
        "type": "http_proxy",
        "httpMethod": "GET",
        "uri": "https://${stageVariables.backend}/pets/{id}",
        "payloadFormatVersion": "1.0",
    }
}


def _body_variable(stack: Stack, *_: object) -> None:
    api = RestApi(
        stack, "Pets", body={"openapi": "3.0.1", "paths": {"/pets/{id}": {"get": _PROXY}}}
    )
    release = Deployment(stack, "PetsRelease", rest_api_id=api.ref)
    RestStage(stack, "Prod", rest_api=api, deployment=release)


def _body_route(stack: Stack, *_: object) -> None:
    api = Api(stack, "Http", body={"openapi": "3.0.1", "paths": {"/pets/{id}": {"get": {}}}})
    HttpStage(
        stack,
        "Live",
        api=api,
        route_settings={"GET /pets": RouteOptions(detailed_metrics_enabled=True)},
    )


STAGES: dict[str, Trigger] = {
    "output-secret": warning(
        lambda stack, api, release: CfnOutput(
            stack, "Password", value=CfnParameter(stack, "Secret", no_echo=True).ref
        )
    ),
    "stage-unknown": lambda _: problem(_rest(logging_levl="INFO")),
    "stage-unknown-canary": lambda _: problem(_canary_stage_with_canary),
    "stage-type": lambda _: problem(_rest(metrics_enabled="yes")),
    "stage-type-options": lambda _: problem(_rest(throttle={"rate_limit": 100})),
    "stage-type-format": lambda _: problem(_rest(access_log_format="$context.requestId")),
    "stage-minimum": lambda _: problem(lambda: Throttle(rate_limit=-1, burst_limit=10)),
    "stage-enum": lambda _: problem(_rest(logging_level="info")),
    "stage-enum-logged": lambda _: problem(_rest(LoggedProductionStage, logging_level="OFF")),
    "stage-enum-cache-size": lambda _: problem(_rest(cache_cluster_size=2)),
    "stage-enum-retention": lambda _: problem(_rest(LoggedProductionStage, log_retention_days=12)),
    "stage-range": lambda _: problem(
        _rest(cache_cluster_size="0.5", caching_enabled=True, cache_ttl_seconds=7200)
    ),
    "stage-range-percent": lambda _: problem(lambda: Canary(deployment="abc", percent=120)),
    "stage-method-key": lambda _: problem(_rest(method_options={"pets/GET": MethodOptions()})),
    "stage-method-key-method": lambda _: problem(
        _rest(method_options={"/pets/get": MethodOptions()})
    ),
    "stage-method-key-part": lambda _: problem(
        _rest(method_options={"/pets/{id/GET": MethodOptions()})
    ),
    "stage-method-key-wildcard": lambda _: problem(
        _rest(method_options={"/*/GET": MethodOptions()})
    ),
    "stage-route-key": lambda _: problem(
        _v2(HttpStage, "HTTP", route_settings={"get /pets": RouteOptions()})
    ),
    "stage-route-key-dollar": lambda _: problem(
        _v2(WebSocketStage, "WEBSOCKET", route_settings={"$conect": RouteOptions()})
    ),
    "stage-route-key-empty": lambda _: problem(
        _v2(HttpStage, "HTTP", route_settings={" GET /pets": RouteOptions()})
    ),
    "stage-http-api": lambda _: problem(
        _v2(HttpStage, "HTTP", default_route=RouteOptions(logging_level="INFO"))
    ),
    "stage-protocol": lambda _: problem(_v2(HttpStage, "WEBSOCKET")),
    "stage-needs-cache": lambda _: problem(_rest(caching_enabled=True)),
    "stage-needs-destination": lambda _: problem(
        _rest(access_log_format=AccessLogFormat.custom("$context.requestId $context.status"))
    ),
    "stage-request-id": lambda _: problem(lambda: AccessLogFormat.custom("$context.status")),
    "stage-no-canary": lambda _: problem(_promote_without_canary),
    "stage-pattern-variable-name": lambda _: problem(_rest(variables={"api-url": "x"})),
    "stage-pattern-variable-value": lambda _: problem(_rest(variables={"alias": "v 2"})),
    "stage-pattern-stage-variable": lambda _: problem(lambda: stage_variable("my-alias")),
    "stage-pattern-field": lambda _: problem(
        lambda: AccessLogFormat.json({"id": AccessLogField.REQUEST_ID, "when": "requestTime"})
    ),
    "stage-pattern-context": lambda _: problem(lambda: AccessLogField.context("claims sub")),
    "stage-canary-api": _other_api,
    "stage-account-role-twice": _second_role,
    "stage-account-role-external": _role_and_external,
    "stage-warning-data-trace": warning(_rest_in(data_trace_enabled=True)),
    "stage-warning-data-trace-websocket": warning(_websocket_in),
    "stage-warning-cache-unused": warning(_rest_in(cache_cluster_size="0.5")),
    "stage-warning-canary-cache": warning(
        _rest_in(role=False, canary_deployment="abc", use_stage_cache=True)
    ),
    "stage-warning-body-method": warning(_rest_in(method_options={"/pets/GET": MethodOptions()})),
    "stage-warning-body-route": warning(_body_route),
    "stage-warning-body-variable": warning(_body_variable),
    "stage-warning-canary-override": warning(
        _rest_in(
            canary_deployment="abc",
            variables={"lambdaAlias": "live"},
            stage_variable_overrides={"lamdaAlias": "canary"},
        )
    ),
    "stage-warning-logging-role": warning(_rest_in(role=False, logging_level="ERROR")),
    "stage-warning-no-deployment": warning(_websocket_undeployed),
    "stage-warning-log-group-star": warning(_rest_in(access_log_destination_arn=_LOG_GROUP + ":*")),
    "stage-type-mapping": lambda _: problem(_rest(variables=wrong(5))),
    "stage-type-canary": lambda _: problem(_rest(canary=wrong({"deployment": "abc"}))),
    "stage-type-reference": lambda _: problem(_without_deployment),
    "stage-name": lambda _: problem(_rest(stage_name="v1.2")),
    "stage-quota-variables": lambda _: problem(_rest(variables={f"v{i}": "x" for i in range(101)})),
    "stage-quota-variable-name": lambda _: problem(_rest(variables={"v" * 65: "x"})),
    "stage-pattern-variable-underscore": lambda _: problem(_rest(variables={"_": "x"})),
    "stage-quota-tags": lambda _: problem(_rest(tags={f"k{i}": "v" for i in range(51)})),
    "stage-tag-reserved": lambda _: problem(_rest(tags={"aws:team": "shop"})),
    "stage-maximum-burst": lambda _: problem(lambda: Throttle(rate_limit=100, burst_limit=2**31)),
    "stage-protocol-rest": lambda _: problem(_http_on_rest),
    "stage-auto-deploy": lambda _: problem(
        _v2(HttpStage, "HTTP", auto_deploy=True, deployment_id="abc123")
    ),
    "stage-route-selection": lambda _: problem(_websocket_without_selection),
    "stage-protocol-log-field": lambda _: problem(
        _v2(
            WebSocketStage,
            "WEBSOCKET",
            auto_deploy=True,
            access_log_destination_arn=_LOG_GROUP,
            access_log_format=AccessLogFormat.clf(),
        )
    ),
    "stage-destination": lambda _: problem(
        _rest(
            access_log_destination_arn="arn:aws:firehose:us-east-1:111122223333:deliverystream/logs"
        )
    ),
}
STAGES.update(RELEASE)
STAGES.update(METRICS)
STAGES.update(DOMAINS)
