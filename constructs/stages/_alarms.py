"""A stage's recommended alarms and its dashboard (``recommended_alarms()``, ``dashboard()``).

Missing data is chosen per alarm, with the reason on the alarm's builder: API Gateway publishes
nothing for a period without requests, so "no data" on these metrics means "no traffic".
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import attrs

from stagewright.core._fn import Aws, Fn
from stagewright.core._resource import RawResource
from stagewright.core._tree import Construct
from stagewright.generated.aws_cloudwatch.alarm import Alarm, AlarmProps
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._common import problem, raise_problems
from stagewright.stages._metrics import MathExpression, Metric

if TYPE_CHECKING:
    from stagewright.stages._stage_metrics import StageMetrics

__all__ = ["StageAlarms", "dashboard", "recommended_alarms"]


@attrs.frozen(kw_only=True)
class StageAlarms:
    """The alarms ``recommended_alarms()`` made; iterate it for all of them."""

    error_rate: Alarm
    latency: Alarm
    canary_error_rate: Alarm | None = None

    def __iter__(self) -> Iterator[Alarm]:
        yield self.error_rate
        yield self.latency
        if self.canary_error_rate is not None:
            yield self.canary_error_rate


def _check(owner: str, error_rate: Any, latency_ms: Any, margin: Any) -> None:
    problems = []
    for name, value, upper in (
        ("error_rate", error_rate, 1),
        ("canary_margin", margin, 1),
        ("p99_latency_ms", latency_ms, None),
    ):
        if isinstance(value, bool) or not isinstance(value, int | float):
            problems.append(problem(owner, (name,), "type", "must be a number", value))
        elif value <= 0 or (upper is not None and value > upper):
            message = "must be more than 0 and at most 1 (a fraction: 0.01 is 1%)"
            if upper is None:
                message = "must be more than 0 (milliseconds)"
            problems.append(problem(owner, (name,), "range", message, value))
    raise_problems(problems)


def _alarm(scope: Construct, id: str, target: Metric | MathExpression, **props: Any) -> Alarm:
    """Add an alarm on ``target`` (a metric, or a math expression as ``Metrics``)."""
    return Alarm.from_props(scope, id, AlarmProps(**target.alarm_props(), **props))


def _common(evaluation_periods: int, datapoints: int) -> dict[str, Any]:
    return {
        "comparison_operator": "GreaterThanThreshold",
        "evaluation_periods": evaluation_periods,
        "datapoints_to_alarm": datapoints,
    }


def error_rate_alarm(
    scope: Construct, stage: StageMetrics, threshold: float, common: dict[str, Any]
) -> Alarm:
    """The 5XX rate (5XX / requests) over ``threshold``.

    Missing data is ``notBreaching``: no requests in a period means no 5XX in it, and a quiet API
    (a night, a new stage) is healthy; treating it as missing would leave the alarm in
    INSUFFICIENT_DATA and hide the next real breach behind a state change.
    """
    return _alarm(
        scope,
        "ErrorRate",
        stage.metric_error_rate("5xx"),
        alarm_description=f"5XX responses above {threshold:g} of requests",
        threshold=threshold,
        treat_missing_data="notBreaching",
        **common,
    )


def latency_alarm(
    scope: Construct, stage: StageMetrics, threshold_ms: float, common: dict[str, Any]
) -> Alarm:
    """The p99 latency over ``threshold_ms`` (integration latency for a WebSocket stage).

    Missing data is ``notBreaching`` (no requests are not slow requests), and a period with too
    few requests for a meaningful p99 is ``ignore``d (EvaluateLowSampleCountPercentile): one slow
    request of three at night is not a latency incident, and ignoring keeps the state as it was.
    """
    family = stage._metrics_family()
    metric = (
        stage.metric_integration_latency(99) if family == "WEBSOCKET" else stage.metric_latency(99)
    )
    return _alarm(
        scope,
        "Latency",
        metric,
        alarm_description=f"p99 latency above {threshold_ms:g} ms",
        threshold=threshold_ms,
        treat_missing_data="notBreaching",
        evaluate_low_sample_count_percentile="ignore",
        **common,
    )


def canary_alarm(
    scope: Construct, stage: StageMetrics, margin: float, common: dict[str, Any]
) -> Alarm:
    """The canary's 5XX rate above the base's by more than ``margin`` (a fraction).

    Compares like with like: both rates come from the same periods, so a bad hour for the backend
    raises both and does not blame the canary. The base's figures include the canary's requests
    (API Gateway reports canary requests to the stage as well), which only dilutes the base.
    Missing data is ``notBreaching``: a canary at 0% (or before its first request) has no figures,
    and that is no evidence against it; a rollout gate must not fail on silence.
    """
    base, canary = stage.metric_error_rate("5xx"), stage.metric_error_rate("5xx", canary=True)
    using = {f"base{k.title()}": m for k, m in base.using.items()}
    using |= {f"canary{k.title()}": m for k, m in canary.using.items()}
    expression = MathExpression(
        expression="canaryErrors / canaryRequests - baseErrors / baseRequests",
        using=using,
        label="canary 5XX rate minus base 5XX rate",
    )
    return _alarm(
        scope,
        "CanaryErrorRate",
        expression,
        alarm_description=f"the canary's 5XX rate exceeds the base's by more than {margin:g}",
        threshold=margin,
        treat_missing_data="notBreaching",
        **common,
    )


def recommended_alarms(
    stage: StageMetrics,
    scope: Construct | None,
    *,
    error_rate: float,
    p99_latency_ms: float,
    canary_margin: float,
    evaluation_periods: int,
    datapoints_to_alarm: int,
) -> StageAlarms:
    """Add the stage's recommended alarms under ``scope`` (default: a child ``Alarms``)."""
    _check(stage._owner, error_rate, p99_latency_ms, canary_margin)
    assert isinstance(stage, Construct)
    where = scope if scope is not None else Construct(stage, "Alarms")
    common = _common(evaluation_periods, datapoints_to_alarm)
    canary = getattr(stage, "canary", None)
    return StageAlarms(
        error_rate=error_rate_alarm(where, stage, error_rate, common),
        latency=latency_alarm(where, stage, p99_latency_ms, common),
        canary_error_rate=None
        if canary is None
        else canary_alarm(where, stage, canary_margin, common),
    )


# -- the dashboard


def _widget(title: str, rows: list[Any], x: int, y: int) -> dict[str, Any]:
    return {
        "type": "metric",
        "x": x,
        "y": y,
        "width": 12,
        "height": 6,
        "properties": {
            "title": title,
            "metrics": rows,
            "region": Aws.REGION,
            "view": "timeSeries",
            "stat": "Sum",
        },
    }


def _panels(stage: StageMetrics, period: int, canary: bool) -> list[tuple[str, list[Any]]]:
    """Return (title, rows) per widget: each figure with the canary's beside it."""
    sides = [False, True] if canary else [False]
    if stage._metrics_family() == "WEBSOCKET":
        keys = ("message_count", "connect_count", "integration_error", "execution_error")
        panels = [
            ("Messages and errors", [stage.metric(k, period=period).widget_row() for k in keys])
        ]
    else:
        panels = [
            ("Requests", [stage.metric_count(period=period, canary=c).widget_row() for c in sides]),
            (
                "Errors",
                [
                    stage.metric(k, period=period, canary=c).widget_row()
                    for c in sides
                    for k in ("4xx", "5xx")
                ],
            ),
            (
                "Latency (p99)",
                [stage.metric_latency(99, period=period, canary=c).widget_row() for c in sides],
            ),
        ]
    rate_rows: list[Any] = []
    for c in sides:
        rate = stage.metric_error_rate("5xx", period=period, canary=c)
        rate_rows += rate.widget_rows("canary" if c else "base")
    panels.append(("5XX rate", rate_rows))
    return panels


def _json_with_tokens(value: Any) -> str | Intrinsic:
    """Return ``value`` as JSON text; intrinsics inside become an ``Fn::Join`` of the pieces."""
    tokens: list[Intrinsic] = []

    def default(obj: Any) -> Any:
        if isinstance(obj, Intrinsic):
            tokens.append(obj)
            return f"\x00{len(tokens) - 1}\x00"
        raise TypeError(f"not JSON: {obj!r}")

    text = json.dumps(value, default=default, sort_keys=True, separators=(",", ":"))
    if not tokens:
        return text
    pieces: list[Any] = []
    for i, part in enumerate(text.split("\\u0000")):
        pieces.append(tokens[int(part)] if i % 2 else part)
    return Fn.join("", [p for p in pieces if p != ""])


def dashboard(
    stage: StageMetrics, scope: Construct | None, id: str, name: str | Intrinsic | None, period: int
) -> RawResource:
    """Add an ``AWS::CloudWatch::Dashboard`` of the stage (and its canary beside the base)."""
    assert isinstance(stage, Construct)
    where = scope if scope is not None else stage
    canary = getattr(stage, "canary", None) is not None
    widgets = [
        _widget(title, rows, x=12 * (i % 2), y=6 * (i // 2))
        for i, (title, rows) in enumerate(_panels(stage, period, canary))
    ]
    properties: dict[str, Any] = {"DashboardBody": _json_with_tokens({"widgets": widgets})}
    if name is not None:
        properties["DashboardName"] = name
    return RawResource(where, id, type="AWS::CloudWatch::Dashboard", properties=properties)
