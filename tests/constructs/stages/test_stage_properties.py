"""Property: every app the stage constructs accept synthesizes to templates cfn-lint passes.

Random valid option sets, several stages per API (REST, HTTP and WebSocket), stage names drawn
from a small alphabet so clashes happen. A constructor may refuse a combination
(``ValidationError``; the tree is then unchanged) and synthesis may refuse the app
(``SynthesisError``, e.g. two stages named alike); whatever is accepted must lint clean (cfn-lint
1.58.0, errors). The example count is bounded so the test runs in seconds in CI.
"""

from __future__ import annotations

from typing import Any

from cfnlint.api import lint
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stagewright import App, Stack, SynthesisError, ValidationError
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.generated.aws_apigatewayv2.api import Api
from stagewright.stages import (
    AccessLogFormat,
    AccountLoggingRole,
    Canary,
    CanaryStage,
    HttpStage,
    LoggedHttpStage,
    LoggedProductionStage,
    MethodOptions,
    RestStage,
    RouteOptions,
    Throttle,
    WebSocketStage,
)

_NAMES = st.sampled_from(["prod", "beta", "v1", "Test_2", "a-b"])
_VARIABLE_NAMES = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,6}", fullmatch=True)
_VARIABLE_VALUES = st.from_regex(r"[A-Za-z0-9._~:/?#&=,-]{1,12}", fullmatch=True)
_VARIABLES = st.dictionaries(_VARIABLE_NAMES, _VARIABLE_VALUES, max_size=3)
_TAGS = st.dictionaries(
    st.from_regex(r"[a-z][a-z0-9]{0,6}", fullmatch=True), st.text(max_size=8), max_size=3
)
_MAYBE_BOOL = st.none() | st.booleans()
_THROTTLE = st.none() | st.builds(
    Throttle,
    rate_limit=st.floats(0, 10_000, allow_nan=False) | st.integers(0, 10_000),
    burst_limit=st.integers(0, 2**31 - 1),
)
_LEVEL = st.sampled_from([None, "OFF", "ERROR", "INFO"])
# Descriptions of any text: C1 controls and noncharacters must come out escaped and parse.
_DESCRIPTION = st.none() | st.text(max_size=12)
_METHOD_KEYS = st.sampled_from(["/GET", "/pets/GET", "/pets/{id}/ANY", "/pets/POST"])
_ROUTE_KEYS = st.sampled_from(["$default", "GET /pets", "POST /pets/{id}", "ANY /{proxy+}"])
_WS_ROUTES = st.sampled_from(["$connect", "$disconnect", "$default", "send"])


def _rest_options(draw: Any, release: Deployment) -> dict[str, Any]:
    cache = draw(st.none() | st.sampled_from(["0.5", "1.6", 6.1]))
    caching = draw(_MAYBE_BOOL) if cache is not None else None
    return {
        "stage_name": draw(_NAMES),
        "description": draw(_DESCRIPTION),
        "variables": draw(st.none() | _VARIABLES),
        "tags": draw(st.none() | _TAGS),
        "tracing_enabled": draw(_MAYBE_BOOL),
        "metrics_enabled": draw(_MAYBE_BOOL),
        "throttle": draw(_THROTTLE),
        "cache_cluster_size": cache,
        "caching_enabled": caching,
        "cache_ttl_seconds": draw(st.none() | st.integers(0, 3600)),
        "method_options": draw(
            st.none()
            | st.dictionaries(
                _METHOD_KEYS,
                st.builds(MethodOptions, throttle=_THROTTLE, metrics_enabled=_MAYBE_BOOL),
                max_size=2,
            )
        ),
        "canary": draw(
            st.none()
            | st.builds(
                Canary,
                deployment=st.just(release),
                percent=st.floats(0, 100, allow_nan=False),
                stage_variable_overrides=_VARIABLES,
            )
        ),
    }


def _add_rest_stage(draw: Any, stack: Stack, index: int, api: RestApi, deps: Any) -> None:
    kind = draw(st.sampled_from([RestStage, LoggedProductionStage, CanaryStage]))
    options = _rest_options(draw, deps[1])
    if kind is LoggedProductionStage:
        options["logging_level"] = draw(st.sampled_from(["ERROR", "INFO"]))
    else:
        options["logging_level"] = draw(_LEVEL)
    if kind is CanaryStage:
        canary = options.pop("canary")
        options["canary_deployment"] = deps[1]
        options["percent"] = canary.percent if canary else 10.0
    _build(kind, stack, f"Rest{index}", rest_api=api, deployment=deps[0], **options)


def _add_v2_stage(draw: Any, stack: Stack, index: int, http: Api, socket: Api) -> None:
    kind = draw(st.sampled_from([HttpStage, LoggedHttpStage, WebSocketStage]))
    websocket = kind is WebSocketStage
    route = st.builds(
        RouteOptions,
        throttle=_THROTTLE,
        detailed_metrics_enabled=_MAYBE_BOOL,
        **({"logging_level": _LEVEL, "data_trace_enabled": _MAYBE_BOOL} if websocket else {}),
    )
    keys = _WS_ROUTES if websocket else _ROUTE_KEYS
    options: dict[str, Any] = {
        "stage_name": draw(_NAMES if websocket else (_NAMES | st.just("$default"))),
        "description": draw(_DESCRIPTION),
        "stage_variables": draw(st.none() | _VARIABLES),
        "tags": draw(st.none() | _TAGS),
        "default_route": draw(st.none() | route),
        "route_settings": draw(st.none() | st.dictionaries(keys, route, max_size=2)),
    }
    if websocket:
        options["auto_deploy"] = True
    if kind is not LoggedHttpStage and draw(st.booleans()):
        options["access_log_destination_arn"] = (
            "arn:aws:logs:us-east-1:111122223333:log-group:access"
        )
        options["access_log_format"] = AccessLogFormat.http_default()
    _build(kind, stack, f"V2{index}", api=socket if websocket else http, **options)


def _build(kind: Any, stack: Stack, id: str, **options: Any) -> None:
    """Add a stage; a refused one must leave the stack as it was."""
    before = [c.node.path for c in stack.node.find_all()]
    try:
        kind(stack, id, **options)
    except ValidationError:
        assert [c.node.path for c in stack.node.find_all()] == before


@st.composite
def _apps(draw: Any) -> App:
    app = App()
    stack = Stack(app, "Shop")
    AccountLoggingRole(stack, "ApiGatewayLogging")
    api = RestApi(stack, "Api", name="shop")
    deps = (
        Deployment(stack, "Release1", rest_api_id=api.ref),
        Deployment(stack, "Release2", rest_api_id=api.ref),
    )
    http = Api(stack, "Http", name="http", protocol_type="HTTP")
    socket = Api(
        stack,
        "Socket",
        name="chat",
        protocol_type="WEBSOCKET",
        route_selection_expression="$request.body.action",
    )
    for index in range(draw(st.integers(1, 3))):
        _add_rest_stage(draw, stack, index, api, deps)
    for index in range(draw(st.integers(0, 3))):
        _add_v2_stage(draw, stack, index, http, socket)
    return app


@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(_apps())
def test_every_accepted_app_lints_clean(app: App) -> None:
    """Whatever the stage constructs accept synthesizes to templates without cfn-lint errors."""
    try:
        assembly = app.synthesize()
    except SynthesisError as error:
        refusal: SynthesisError | None = error
    else:
        refusal = None
    if refusal is not None:
        # Refusals are problems naming a construct; clashing stage names are the usual one.
        assert all(p.startswith("Shop") for p in refusal.problems), refusal.problems
        return
    for artifact in assembly.stacks:
        errors = [
            f"{m.rule.id} {m.path_string}: {m.message}"
            for m in lint(artifact.body)
            if m.rule.id.startswith("E")
        ]
        assert errors == [], artifact.body
