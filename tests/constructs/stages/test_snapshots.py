"""Each stage construct's synthesized template, under a reviewed snapshot (and cfn-lint)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from stagewright import App, Stack
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.generated.aws_apigatewayv2.api import Api
from stagewright.stages import (
    AccountLoggingRole,
    CanaryStage,
    HttpStage,
    LoggedHttpStage,
    LoggedProductionStage,
    MethodOptions,
    RouteOptions,
    Throttle,
    WebSocketStage,
)
from tests.constructs.stages._support import http_app, rest_app, synth

if TYPE_CHECKING:
    from stagewright.testing import TemplateSnapshot


def test_logged_production_stage(template_snapshot: TemplateSnapshot) -> None:
    """A logged production stage with a per-method override and caching, and the account role."""
    app, stack, api, release = rest_app()
    AccountLoggingRole(stack, "ApiGatewayLogging")
    LoggedProductionStage(
        stack,
        "Prod",
        rest_api=api,
        deployment=release,
        cache_cluster_size="0.5",
        method_options={
            "/pets/{id}/GET": MethodOptions(
                caching_enabled=True,
                cache_ttl_seconds=300,
                throttle=Throttle(rate_limit=10, burst_limit=20),
            )
        },
        variables={"alias": "live"},
        tags={"team": "pets"},
    )
    synth(app)
    assert template_snapshot == stack


def test_canary_stage_before_and_after_promotion(template_snapshot: TemplateSnapshot) -> None:
    """A canary at 10%, then promoted: two snapshots show the rollout's effect on the template."""
    app, stack, api, release1 = rest_app()
    release2 = Deployment(stack, "Release2", rest_api_id=api.ref)
    stage = CanaryStage(
        stack,
        "Prod",
        rest_api=api,
        deployment=release1,
        canary_deployment=release2,
        percent=10,
        stage_variable_overrides={"alias": "v2"},
        variables={"alias": "v1"},
    )
    synth(app)
    assert template_snapshot(name="canary") == stack
    stage.promote_canary()
    synth(app)
    assert template_snapshot(name="promoted") == stack


def test_logged_http_stage(template_snapshot: TemplateSnapshot) -> None:
    """A logged $default HTTP stage with a per-route throttle."""
    app, stack, api = http_app()
    LoggedHttpStage(
        stack,
        "Stage",
        api=api,
        route_settings={
            "GET /pets/{id}": RouteOptions(throttle=Throttle(rate_limit=5, burst_limit=10))
        },
    )
    synth(app)
    assert template_snapshot == stack


def test_http_and_websocket_stages(template_snapshot: TemplateSnapshot) -> None:
    """A plain HTTP stage on an API given by id, and a logging WebSocket stage: one file each."""
    app = App()
    http_stack = Stack(app, "Http")
    HttpStage(
        http_stack, "Beta", api="a1b2c3d4e5", stage_name="beta", stage_variables={"fn": "pets"}
    )
    ws_stack = Stack(app, "WebSocket")
    ws_api = Api(
        ws_stack,
        "Api",
        name="chat",
        protocol_type="WEBSOCKET",
        route_selection_expression="$request.body.action",
    )
    WebSocketStage(
        ws_stack,
        "Prod",
        api=ws_api,
        default_route=RouteOptions(logging_level="ERROR", detailed_metrics_enabled=True),
        route_settings={"$connect": RouteOptions(throttle=Throttle(rate_limit=1, burst_limit=2))},
    )
    AccountLoggingRole(ws_stack, "ApiGatewayLogging")
    synth(app)
    assert template_snapshot == app
