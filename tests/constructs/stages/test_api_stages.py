"""HttpStage, LoggedHttpStage and WebSocketStage: defaults, route settings, what HTTP refuses."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright import ValidationError
from stagewright.stages import (
    AccessLogFormat,
    AccountLoggingRole,
    HttpStage,
    LoggedHttpStage,
    RouteOptions,
    Throttle,
    WebSocketStage,
)
from tests.constructs.stages._support import http_app, synth, synth_assembly


def _stage_props(app: Any, name: str = "Stage") -> dict[str, Any]:
    return synth(app)["Shop"]["Resources"][name]["Properties"]  # type: ignore[no-any-return]


def test_an_http_stage_is_default_and_auto_deploys_unless_told_otherwise() -> None:
    """HttpStage: $default, AutoDeploy true, nothing else set."""
    app, stack, api = http_app()
    HttpStage(stack, "Stage", api=api)
    assert _stage_props(app) == {
        "ApiId": {"Ref": "Api"},
        "AutoDeploy": True,
        "StageName": "$default",
    }
    assert synth_assembly(app).messages == ()


def test_a_logged_http_stage_logs_meters_and_throttles() -> None:
    """LoggedHttpStage: JSON access logs to a retained group, detailed metrics, throttling."""
    app, stack, api = http_app()
    stage = LoggedHttpStage(stack, "Stage", api=api, log_retention_days=90)
    props = _stage_props(app)
    assert stage.log_group is not None
    assert props["AccessLogSettings"] == {
        "DestinationArn": {"Fn::GetAtt": [stage.log_group.logical_id, "Arn"]},
        "Format": AccessLogFormat.http_default().text,
    }
    assert '"routeKey":"$context.routeKey"' in props["AccessLogSettings"]["Format"]
    assert props["DefaultRouteSettings"] == {
        "DetailedMetricsEnabled": True,
        "ThrottlingBurstLimit": 2000,
        "ThrottlingRateLimit": 1000,
    }
    group = synth(app)["Shop"]["Resources"][stage.log_group.logical_id]
    assert group["Properties"] == {"RetentionInDays": 90}
    assert group["DeletionPolicy"] == "Retain"
    assert synth_assembly(app).messages == ()  # HTTP APIs need no account role


def test_route_settings_are_keyed_by_route_and_fill_in_the_default_route() -> None:
    """Per-route settings repeat the default route's values they do not override."""
    app, stack, api = http_app()
    LoggedHttpStage(
        stack,
        "Stage",
        api=api,
        default_route=RouteOptions(throttle=Throttle(rate_limit=100, burst_limit=50)),
        route_settings={
            "GET /pets/{id}": RouteOptions(throttle=Throttle(rate_limit=5, burst_limit=5)),
            "$default": RouteOptions(detailed_metrics_enabled=False),
        },
    )
    props = _stage_props(app)
    assert props["DefaultRouteSettings"] == {
        "DetailedMetricsEnabled": True,
        "ThrottlingBurstLimit": 50,
        "ThrottlingRateLimit": 100,
    }
    assert props["RouteSettings"] == {
        "$default": {
            "DetailedMetricsEnabled": False,
            "ThrottlingBurstLimit": 50,
            "ThrottlingRateLimit": 100,
        },
        "GET /pets/{id}": {
            "DetailedMetricsEnabled": True,
            "ThrottlingBurstLimit": 5,
            "ThrottlingRateLimit": 5,
        },
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            {"default_route": RouteOptions(logging_level="INFO")},
            "Shop/Stage: default_route.logging_level: is not supported by HTTP APIs (they have no "
            "execution logs) [http-api], got 'INFO'; drop it; WebSocketStage takes it for a "
            "WebSocket API",
        ),
        (
            {"route_settings": {"GET /pets": RouteOptions(data_trace_enabled=True)}},
            'Shop/Stage: route_settings["GET /pets"].data_trace_enabled: is not supported by HTTP '
            "APIs (they have no execution logs) [http-api], got True; drop it; WebSocketStage "
            "takes it for a WebSocket API",
        ),
        (
            {"route_settings": {"get /pets": RouteOptions()}},
            "Shop/Stage: route_settings[\"get /pets\"]: an HTTP route key is '$default' or "
            "'<METHOD> <path>', e.g. 'GET /pets/{id}' [route-key], got 'get /pets'; did you mean "
            "'GET /pets'?",
        ),
        (
            {"route_settings": {"GET pets": RouteOptions()}},
            "Shop/Stage: route_settings[\"GET pets\"]: an HTTP route key is '$default' or "
            "'<METHOD> <path>', e.g. 'GET /pets/{id}' [route-key], got 'GET pets'",
        ),
        (
            {"stage_variables": {"a.b": "x"}},
            'Shop/Stage: stage_variables["a.b"]: a stage variable name must contain only letters, '
            "digits and underscores ([A-Za-z0-9_]+) [pattern], got 'a.b'; did you mean 'a_b'?",
        ),
        (
            {"access_log_format": AccessLogFormat.http_default()},
            "Shop/Stage: access_log_format: has nowhere to go without access_log_destination_arn "
            "[needs-destination], got",
        ),
        (
            {"auto_deplyo": False},
            "Shop/Stage: auto_deplyo: is not an option [unknown], got 'auto_deplyo'; did you mean "
            "'auto_deploy'?",
        ),
    ],
)
def test_an_http_stage_refuses_what_http_apis_do_not_have(
    options: dict[str, Any], message: str
) -> None:
    """Execution logging and data trace, malformed route keys and bad names are refused."""
    _app, stack, api = http_app()
    with pytest.raises(ValidationError) as caught:
        HttpStage(stack, "Stage", api=api, **options)
    assert str(caught.value).startswith(message)


def test_the_stage_kind_must_match_the_api_protocol() -> None:
    """An HttpStage on a WebSocket API (and the reverse) is refused, naming the right class."""
    _, stack, api = http_app("WEBSOCKET")
    with pytest.raises(ValidationError) as caught:
        HttpStage(stack, "Stage", api=api)
    assert str(caught.value) == (
        "Shop/Stage: api: is a WEBSOCKET API; HttpStage is for HTTP APIs [protocol], "
        "got 'Shop/Api'; use WebSocketStage"
    )
    _app, stack, api = http_app("HTTP")
    with pytest.raises(
        ValidationError, match=r"is a HTTP API; WebSocketStage is for WEBSOCKET APIs"
    ):
        WebSocketStage(stack, "Stage", api=api)


def test_a_websocket_stage_takes_execution_logging_and_depends_on_the_role() -> None:
    """WebSocket routes take a logging level; the stage then waits for the account setting."""
    app, stack, api = http_app("WEBSOCKET")
    AccountLoggingRole(stack, "Logging")
    WebSocketStage(
        stack,
        "Stage",
        api=api,
        default_route=RouteOptions(logging_level="ERROR", detailed_metrics_enabled=True),
        route_settings={
            "$connect": RouteOptions(logging_level="INFO"),
            "sendMessage": RouteOptions(),
        },
    )
    resources = synth(app)["Shop"]["Resources"]
    props = resources["Stage"]["Properties"]
    assert props["StageName"] == "prod"
    assert "AutoDeploy" not in props
    assert props["RouteSettings"]["$connect"] == {
        "DetailedMetricsEnabled": True,
        "LoggingLevel": "INFO",
    }
    assert props["RouteSettings"]["sendMessage"] == {
        "DetailedMetricsEnabled": True,
        "LoggingLevel": "ERROR",
    }
    assert resources["Stage"]["DependsOn"] == ["Logging"]


def test_a_websocket_stage_without_the_role_warns_and_data_trace_warns() -> None:
    """Without AccountLoggingRole a logging WebSocket stage warns; data trace warns as well."""
    app, stack, api = http_app("WEBSOCKET")
    WebSocketStage(
        stack,
        "Stage",
        api=api,
        auto_deploy=True,
        default_route=RouteOptions(logging_level="INFO", data_trace_enabled=True),
    )
    texts = sorted(m.text for m in synth_assembly(app).messages)
    assert len(texts) == 2
    assert texts[0].startswith("execution logging (LoggingLevel INFO) needs the account's")
    assert texts[1].startswith("full message logging (data_trace_enabled) is on")


def test_websocket_route_keys_starting_with_a_dollar_are_the_reserved_three() -> None:
    """$connect, $disconnect and $default are the only $ routes of a WebSocket API."""
    _app, stack, api = http_app("WEBSOCKET")
    with pytest.raises(ValidationError) as caught:
        WebSocketStage(stack, "Stage", api=api, route_settings={"$conect": RouteOptions()})
    assert str(caught.value) == (
        'Shop/Stage: route_settings["$conect"]: a $ route is one of $connect, $disconnect, '
        "$default [route-key], got '$conect'; did you mean '$connect'?"
    )


def test_stage_variables_tags_and_the_url() -> None:
    """Stage variables and tags are maps; a named HTTP stage's URL ends in its name."""
    app, stack, api = http_app()
    stage = HttpStage(
        stack, "Stage", api=api, stage_name="beta", stage_variables={"fn": "pets"}, tags={"t": "1"}
    )
    props = _stage_props(app)
    assert (props["StageVariables"], props["Tags"]) == ({"fn": "pets"}, {"t": "1"})
    assert stage.url.to_cfn()["Fn::Sub"][0].endswith(".${AWS::URLSuffix}/${Stage}")
