"""Code that raises each metrics and alarms error of docs/errors.md."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stagewright.stages import HttpStage, MathExpression, Metric, RestStage
from tests.constructs.stages._support import http_app, rest_app

from ._schema_triggers import problem

Trigger = Callable[[Path], str]


def _http() -> HttpStage:
    _app, stack, api = http_app()
    return HttpStage(stack, "Live", api=api)


def _rest_by_id() -> RestStage:
    _app, stack, _api, release = rest_app()
    return RestStage(stack, "Prod", rest_api="abc123", deployment=release)


def _rest() -> RestStage:
    _app, stack, api, release = rest_app()
    return RestStage(stack, "Prod", rest_api=api, deployment=release)


METRICS: dict[str, Trigger] = {
    "metric-statistic": lambda _: problem(
        lambda: Metric(namespace="AWS/ApiGateway", name="Count", statistic="Avg")
    ),
    "metric-period": lambda _: problem(
        lambda: Metric(namespace="AWS/ApiGateway", name="Count", period=90)
    ),
    "metric-math-id": lambda _: problem(
        lambda: MathExpression(
            expression="errors / request", using={"requests": _rest().metric_count()}
        )
    ),
    "metric-api-name": lambda _: problem(lambda: _rest_by_id().metric_5xx()),
    "metric-family": lambda _: problem(lambda: _http().metric_cache_hits()),
    "metric-canary": lambda _: problem(lambda: _http().metric_5xx(canary=True)),
    "alarm-range": lambda _: problem(lambda: _rest().recommended_alarms(error_rate=5)),
}
