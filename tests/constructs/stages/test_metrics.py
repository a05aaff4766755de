"""Stage metrics, alarms and dashboards: AWS's documented dimensions, cfn-lint-clean templates."""

from __future__ import annotations

import json
from typing import Any

from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.stages import Canary, HttpStage, MathExpression, Metric, RestStage, WebSocketStage
from tests.constructs.stages._support import http_app, rest_app, synth

CANARY_STAGE = {"Fn::Join": ["", [{"Ref": "Prod"}, "/Canary"]]}


def _rest_with_canary() -> tuple[Any, RestStage]:
    app, stack, api, release = rest_app()
    canary = Canary(deployment=Deployment(stack, "Release2", rest_api_id=api.ref), percent=5)
    return app, RestStage(stack, "Prod", rest_api=api, deployment=release, canary=canary)


def _alarms(app: Any) -> dict[str, dict[str, Any]]:
    resources = synth(app)["Shop"]["Resources"]
    return {
        k: v["Properties"] for k, v in resources.items() if v["Type"] == "AWS::CloudWatch::Alarm"
    }


def test_rest_metrics_use_api_name_and_stage() -> None:
    """REST: namespace AWS/ApiGateway, dimensions ApiName (the body's title) and Stage (a Ref)."""
    _app, stage = _rest_with_canary()
    props = stage.metric_5xx().alarm_props()
    assert props["namespace"] == "AWS/ApiGateway"
    assert props["metric_name"] == "5XXError"
    assert [
        (d.name, d.value.to_cfn() if hasattr(d.value, "to_cfn") else d.value)
        for d in props["dimensions"]
    ] == [("ApiName", "pets"), ("Stage", {"Ref": "Prod"})]
    names = [stage.metric(k).name for k in ("count", "4xx", "latency", "integration_latency")]
    assert names == ["Count", "4XXError", "Latency", "IntegrationLatency"]
    assert stage.metric_cache_hits().name == "CacheHitCount"
    assert stage.metric_cache_misses().name == "CacheMissCount"
    assert stage.metric_count().statistic == "SampleCount"  # as AWS documents for Count


def test_the_canary_is_the_stage_name_with_canary_appended() -> None:
    """A REST canary's metrics have Stage '<stage>/Canary', joined at deploy."""
    _app, stage = _rest_with_canary()
    stage_value = stage.metric_5xx(canary=True).dimensions["Stage"]
    assert stage_value.to_cfn() == CANARY_STAGE  # type: ignore[union-attr]


def test_http_and_websocket_metrics_use_api_id_and_stage() -> None:
    """HTTP and WebSocket: dimensions ApiId (the API's Ref) and Stage; their own metric names."""
    _app, stack, api = http_app()
    http = HttpStage(stack, "Live", api=api)
    assert list(http.metric_5xx().dimensions) == ["ApiId", "Stage"]
    assert [http.metric(k).name for k in ("count", "4xx", "5xx")] == ["Count", "4xx", "5xx"]
    _app, stack, ws_api = http_app("WEBSOCKET")
    ws = WebSocketStage(stack, "Live", api=ws_api)
    assert list(ws.metric_message_count().dimensions) == ["ApiId", "Stage"]
    names = [
        ws.metric_connect_count().name,
        ws.metric_client_error().name,
        ws.metric_integration_error().name,
        ws.metric_execution_error().name,
    ]
    assert names == ["ConnectCount", "ClientError", "IntegrationError", "ExecutionError"]


def test_a_percentile_is_an_extended_statistic() -> None:
    """metric_latency(99.9) renders ExtendedStatistic p99.9, not Statistic."""
    _app, stage = _rest_with_canary()
    props = stage.metric_latency(99.9).alarm_props()
    assert props["extended_statistic"] == "p99.9"
    assert "statistic" not in props


def test_a_math_expression_renders_its_queries() -> None:
    """The expression returns data; each metric is a MetricStat query that does not."""
    count = Metric(namespace="N", name="Count", dimensions={"A": "b"})
    errors = count.with_(statistic="Sum")
    expression = MathExpression(expression="e / c", using={"e": errors, "c": count})
    queries = [q.to_cfn() for q in expression.alarm_props()["metrics"]]
    assert queries[0] == {"Id": "expr", "Expression": "e / c", "ReturnData": True}
    assert queries[1]["MetricStat"] == {
        "Metric": {
            "Namespace": "N",
            "MetricName": "Count",
            "Dimensions": [{"Name": "A", "Value": "b"}],
        },
        "Period": 60,
        "Stat": "Sum",
    }
    assert queries[1]["ReturnData"] is False
    rows = expression.widget_rows("x")
    assert rows[0] == [{"expression": "xe / xc", "id": "xexpr"}]


def test_recommended_alarms_of_a_canary_stage_lint_clean() -> None:
    """A canary stage gets 3 alarms (5XX rate, p99, canary vs base), notBreaching, lint-clean."""
    app, stage = _rest_with_canary()
    made = stage.recommended_alarms(error_rate=0.02, p99_latency_ms=1500)
    assert len(list(made)) == 3
    alarms = _alarms(app)
    assert {a["TreatMissingData"] for a in alarms.values()} == {"notBreaching"}
    canary = alarms[made.canary_error_rate.logical_id]  # type: ignore[union-attr]
    assert canary["Metrics"][0]["Expression"] == (
        "canaryErrors / canaryRequests - baseErrors / baseRequests"
    )
    stages = {
        json.dumps(q["MetricStat"]["Metric"]["Dimensions"][1]["Value"])
        for q in canary["Metrics"][1:]
    }
    assert stages == {json.dumps({"Ref": "Prod"}), json.dumps(CANARY_STAGE)}
    latency = alarms[made.latency.logical_id]
    assert (latency["ExtendedStatistic"], latency["Threshold"]) == ("p99", 1500)


def test_http_and_websocket_alarms_and_dashboards_lint_clean() -> None:
    """HTTP and WebSocket stages get two alarms and a dashboard; templates are cfn-lint-clean."""
    for protocol, cls in (("HTTP", HttpStage), ("WEBSOCKET", WebSocketStage)):
        app, stack, api = http_app(protocol)  # type: ignore[arg-type]
        stage = cls(stack, "Live", api=api)
        assert stage.recommended_alarms().canary_error_rate is None
        stage.dashboard()
        assert len(_alarms(app)) == 2


def test_the_dashboard_puts_the_canary_beside_the_base() -> None:
    """The dashboard body is JSON joined around the stage Refs; each widget has the canary too."""
    app, stage = _rest_with_canary()
    dashboard = stage.dashboard(name="shop")
    body = synth(app)["Shop"]["Resources"][dashboard.logical_id]["Properties"]["DashboardBody"]
    pieces = body["Fn::Join"][1]
    text = "".join(p if isinstance(p, str) else "STAGE" for p in pieces)
    widgets = json.loads(text)["widgets"]
    assert [w["properties"]["title"] for w in widgets] == [
        "Requests",
        "Errors",
        "Latency (p99)",
        "5XX rate",
    ]
    labels = [row[-1].get("label") for row in widgets[0]["properties"]["metrics"]]
    assert labels == ["Count", "Count (canary)"]
