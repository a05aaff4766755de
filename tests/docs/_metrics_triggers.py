"""Code that raises each metrics, alarms and rollout error of docs/errors.md."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from stagewright import Stack, add_rollback_alarms
from stagewright.stages import Canary, HttpStage, MathExpression, Metric, RestStage
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


def _stack() -> Stack:
    return rest_app()[1]


ROLLOUT: dict[str, Trigger] = {
    "rollout-steps": lambda _: problem(lambda: Canary(deployment="abc", steps=[25, 5])),
    "rollout-percent": lambda _: problem(
        lambda: Canary(deployment="abc", steps=[5, 25], percent=10)
    ),
    "rollout-bake": lambda _: problem(
        lambda: Canary(deployment="abc", steps=[5], bake=600)  # type: ignore[arg-type]
    ),
    "rollout-alarm": lambda _: problem(
        lambda: Canary(deployment="abc", steps=[5], alarms=["shop-5xx", None])  # type: ignore[list-item]
    ),
    "rollout-alarms-list": lambda _: problem(
        lambda: Canary(deployment="abc", steps=[5], alarms="shop-5xx")
    ),
    "rollout-max-triggers": lambda _: problem(
        lambda: add_rollback_alarms(_stack(), "a", "b", "c", "d", "e", "f")
    ),
    "rollout-needs-steps": lambda _: problem(lambda: Canary(deployment="abc", alarms=["shop-5xx"])),
    "rollout-stack": lambda _: problem(lambda: add_rollback_alarms("Shop", "shop-5xx")),  # type: ignore[arg-type]
}
METRICS.update(ROLLOUT)
