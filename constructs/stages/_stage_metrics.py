"""The metrics of a stage: what API Gateway reports for it, dimensioned so they resolve at deploy.

The metric names and dimensions are AWS's documented ones (namespace ``AWS/ApiGateway``):

* REST APIs (api-gateway-metrics-and-dimensions): ``Count``, ``4XXError``, ``5XXError``,
  ``Latency``, ``IntegrationLatency``, ``CacheHitCount``, ``CacheMissCount``; a stage's
  dimensions are ``ApiName`` and ``Stage``. API Gateway drops non-ASCII characters from the name,
  and uses the API's id when none is left.
* HTTP APIs (http-api-metrics): ``Count``, ``4xx``, ``5xx``, ``Latency``, ``IntegrationLatency``,
  ``DataProcessed``; dimensions ``ApiId`` and ``Stage``.
* WebSocket APIs (apigateway-websocket-api-logging): ``ConnectCount``, ``MessageCount``,
  ``IntegrationError``, ``ClientError``, ``ExecutionError``, ``IntegrationLatency``; dimensions
  ``ApiId`` and ``Stage``.
* A REST canary (canary-release): API Gateway reports canary requests on their own, under the
  stage name with ``/Canary`` appended (as it names the canary's log groups).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from stagewright.core._fn import Fn
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.runtime._errors import Problem, nearest
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._common import problem, raise_problems
from stagewright.stages._metrics import MathExpression, Metric

if TYPE_CHECKING:
    from stagewright.core._resource import RawResource
    from stagewright.core._tree import Construct
    from stagewright.stages._alarms import StageAlarms

__all__ = ["NAMESPACE", "StageMetrics"]

NAMESPACE = "AWS/ApiGateway"

# The metric names each family reports, by what the methods call them.
_FAMILY_METRICS: Mapping[str, Mapping[str, str]] = {
    "REST": {
        "count": "Count",
        "4xx": "4XXError",
        "5xx": "5XXError",
        "latency": "Latency",
        "integration_latency": "IntegrationLatency",
        "cache_hits": "CacheHitCount",
        "cache_misses": "CacheMissCount",
    },
    "HTTP": {
        "count": "Count",
        "4xx": "4xx",
        "5xx": "5xx",
        "latency": "Latency",
        "integration_latency": "IntegrationLatency",
        "data_processed": "DataProcessed",
    },
    "WEBSOCKET": {
        "connect_count": "ConnectCount",
        "message_count": "MessageCount",
        "integration_error": "IntegrationError",
        "client_error": "ClientError",
        "execution_error": "ExecutionError",
        "integration_latency": "IntegrationLatency",
    },
}
# AWS documents SampleCount as the REST Count statistic (each request is one sample); the other
# counts are sums.
_COUNT_STATISTIC = {"REST": "SampleCount", "HTTP": "Sum", "WEBSOCKET": "Sum"}


def _percentile(value: float | str) -> str:
    """``99`` -> ``"p99"``, ``99.9`` -> ``"p99.9"``; a string is taken as written."""
    if isinstance(value, str):
        return value
    return f"p{value:g}"


def _openapi_title(body: Any) -> str | None:
    """Return an OpenAPI (or Swagger) body's ``info.title``: the API's name when Name is unset."""
    if isinstance(body, str):
        try:
            body = json.loads(body)
        except ValueError:
            return None  # YAML, or not a document: unknown here
    info = body.get("info") if isinstance(body, Mapping) else None
    title = info.get("title") if isinstance(info, Mapping) else None
    return title if isinstance(title, str) else None


class StageMetrics:
    """What every stage construct offers for CloudWatch: its metrics, as ``Metric`` values.

    A mixin of ``StageBase``; it reads the stage's family (REST, HTTP, WebSocket), its API and
    its name. Each ``metric_*`` method returns a new ``Metric`` (nothing joins the template until
    an alarm or dashboard uses it).
    """

    _owner: str
    _resource: Any
    _metrics_api_name: str | Intrinsic | None = None
    _RESOURCE: ClassVar[type[Any]]

    # -- what the family is

    def _metrics_family(self) -> str:
        if self._RESOURCE.TYPE_NAME == "AWS::ApiGateway::Stage":
            return "REST"
        return str(getattr(self, "PROTOCOL", "HTTP"))

    def _stage_ref(self) -> Intrinsic:
        return self._resource.ref  # type: ignore[no-any-return]

    def _api_ref(self) -> Any:
        raise NotImplementedError  # each family's

    @property
    def metrics_api_name(self) -> str | Intrinsic | None:
        """The ``ApiName`` dimension of a REST stage's metrics, when set (else the API's name).

        Set it when the stage's ``rest_api`` is an id, or its name is not known at synthesis
        (an OpenAPI body in S3, a YAML body).
        """
        return self._metrics_api_name

    @metrics_api_name.setter
    def metrics_api_name(self, value: str | Intrinsic | None) -> None:
        self._metrics_api_name = value

    def _api_name(self) -> str | Intrinsic:
        """The REST API's ``ApiName`` dimension value, as API Gateway reports it."""
        if self._metrics_api_name is not None:
            return self._metrics_api_name
        api = getattr(self, "rest_api", None)
        name: Any = None
        if isinstance(api, RestApi):
            name = api.props.name
            if name is None:
                name = _openapi_title(api.props.body)
        if isinstance(name, Intrinsic):
            return name
        if not isinstance(name, str):
            shown = api.node.path if isinstance(api, RestApi) else api
            raise_problems(
                [
                    problem(
                        self._owner,
                        ("rest_api",),
                        "api-name",
                        "has no name known at synthesis, and REST metrics are dimensioned by "
                        "ApiName",
                        shown,
                        hint="set stage.metrics_api_name = '<the API's name>'",
                    )
                ]
            )
        ascii_name = str(name).encode("ascii", "ignore").decode("ascii")
        assert isinstance(api, RestApi)
        return ascii_name if ascii_name else api.ref  # API Gateway's own fallback: the id

    def _dimensions(self, canary: bool) -> dict[str, str | Intrinsic]:
        family = self._metrics_family()
        stage: str | Intrinsic = self._stage_ref()
        if canary:
            if family != "REST":
                raise_problems(
                    [
                        problem(
                            self._owner,
                            ("canary",),
                            "canary-metrics",
                            f"{family} stages have no canary; only REST stages report canary "
                            "metrics",
                            canary,
                            hint="drop canary=True",
                        )
                    ]
                )
            stage = Fn.join("", [stage, "/Canary"])
        if family == "REST":
            return {"ApiName": self._api_name(), "Stage": stage}
        return {"ApiId": self._api_ref(), "Stage": stage}

    def _family_problem(self, method: str, name: str) -> Problem:
        family = self._metrics_family()
        known = _FAMILY_METRICS[family]
        close = nearest(name, list(known))
        choices = ", ".join(f"metric_{k}()" for k in known)
        hint = f"did you mean metric_{close}()?" if close else f"{family} stages have {choices}"
        return problem(
            self._owner,
            (f"{method}()",),
            "metric-family",
            f"API Gateway reports no such metric for {family} APIs",
            name,
            hint=hint,
        )

    # -- the metrics

    def metric(
        self, key: str, *, statistic: str | None = None, period: int = 60, canary: bool = False
    ) -> Metric:
        """Return the stage's metric ``key`` (``"5xx"``, ``"count"``...; see the metric_* methods).

        ``statistic`` defaults to ``Sum`` (``SampleCount`` for REST ``Count``, as AWS documents).
        ``canary=True``: the canary's requests alone (REST stages).
        """
        family = self._metrics_family()
        name = _FAMILY_METRICS[family].get(key)
        if name is None:
            raise_problems([self._family_problem(f"metric_{key}", key)])
        assert name is not None
        if statistic is None:
            statistic = _COUNT_STATISTIC[family] if key == "count" else "Sum"
        label = f"{name} (canary)" if canary else name
        return Metric(
            namespace=NAMESPACE,
            name=name,
            dimensions=self._dimensions(canary),
            statistic=statistic,
            period=period,
            label=label,
        )

    def metric_count(self, *, period: int = 60, canary: bool = False) -> Metric:
        """Return the number of requests (REST and HTTP)."""
        return self.metric("count", period=period, canary=canary)

    def metric_4xx(
        self, *, statistic: str = "Sum", period: int = 60, canary: bool = False
    ) -> Metric:
        """Return the client errors: ``4XXError`` (REST) or ``4xx`` (HTTP)."""
        return self.metric("4xx", statistic=statistic, period=period, canary=canary)

    def metric_5xx(
        self, *, statistic: str = "Sum", period: int = 60, canary: bool = False
    ) -> Metric:
        """Return the server errors: ``5XXError`` (REST) or ``5xx`` (HTTP)."""
        return self.metric("5xx", statistic=statistic, period=period, canary=canary)

    def metric_latency(
        self, percentile: float | str = 99, *, period: int = 60, canary: bool = False
    ) -> Metric:
        """Return the latency (ms, request in to response out) at ``percentile`` (or a stat)."""
        stat = percentile if percentile in ("Average", "Maximum", "Minimum") else None
        statistic = str(stat) if stat else _percentile(percentile)
        return self.metric("latency", statistic=statistic, period=period, canary=canary)

    def metric_integration_latency(
        self, percentile: float | str = 99, *, period: int = 60, canary: bool = False
    ) -> Metric:
        """Return the integration's latency (ms) at ``percentile`` (or a statistic)."""
        stat = percentile if percentile in ("Average", "Maximum", "Minimum") else None
        statistic = str(stat) if stat else _percentile(percentile)
        return self.metric("integration_latency", statistic=statistic, period=period, canary=canary)

    def metric_cache_hits(self, *, period: int = 60, canary: bool = False) -> Metric:
        """Return the requests served from the stage cache (REST)."""
        return self.metric("cache_hits", period=period, canary=canary)

    def metric_cache_misses(self, *, period: int = 60, canary: bool = False) -> Metric:
        """Return the requests a cached stage sent to the backend (REST)."""
        return self.metric("cache_misses", period=period, canary=canary)

    def metric_error_rate(
        self, kind: str = "5xx", *, period: int = 60, canary: bool = False
    ) -> MathExpression:
        """Return ``errors / requests`` (a fraction, 0 to 1) for ``kind`` ``"5xx"`` or ``"4xx"``.

        For a WebSocket stage: ``(integration + execution errors) / messages``, a lower bound
        (MessageCount counts messages both ways).
        """
        if self._metrics_family() == "WEBSOCKET":
            using = {
                "integration": self.metric("integration_error", period=period, canary=canary),
                "execution": self.metric("execution_error", period=period, canary=canary),
                "messages": self.metric("message_count", period=period, canary=canary),
            }
            expression = "(integration + execution) / messages"
        else:
            using = {
                "errors": self.metric(kind, period=period, canary=canary),
                "requests": self.metric("count", period=period, canary=canary),
            }
            expression = "errors / requests"
        label = f"{kind.upper()} rate" + (" (canary)" if canary else "")
        return MathExpression(expression=expression, using=using, label=label)

    def metric_data_processed(self, *, period: int = 60) -> Metric:
        """Return the bytes processed (HTTP)."""
        return self.metric("data_processed", period=period)

    def metric_connect_count(self, *, period: int = 60) -> Metric:
        """Return the messages to the ``$connect`` route's integration (WebSocket)."""
        return self.metric("connect_count", period=period)

    def metric_message_count(self, *, period: int = 60) -> Metric:
        """Return the messages to and from the clients (WebSocket)."""
        return self.metric("message_count", period=period)

    def metric_client_error(self, *, period: int = 60) -> Metric:
        """Return the 4XX responses API Gateway sent before invoking the integration (WebSocket)."""
        return self.metric("client_error", period=period)

    def metric_integration_error(self, *, period: int = 60) -> Metric:
        """Return the 4XX/5XX responses of the integration (WebSocket)."""
        return self.metric("integration_error", period=period)

    def metric_execution_error(self, *, period: int = 60) -> Metric:
        """Return the errors calling the integration (WebSocket)."""
        return self.metric("execution_error", period=period)

    # -- alarms and a dashboard

    def recommended_alarms(
        self,
        scope: Construct | None = None,
        *,
        error_rate: float = 0.01,
        p99_latency_ms: float = 3000,
        canary_margin: float = 0.01,
        evaluation_periods: int = 5,
        datapoints_to_alarm: int = 3,
    ) -> StageAlarms:
        """Add the stage's recommended ``AWS::CloudWatch::Alarm``s; return them.

        * the 5XX rate above ``error_rate`` (a fraction: 0.01 is 1% of requests);
        * the p99 latency above ``p99_latency_ms`` (integration latency for WebSocket);
        * with a canary (REST): the canary's 5XX rate above the base's by ``canary_margin``.

        Each alarm fires when ``datapoints_to_alarm`` of ``evaluation_periods`` one-minute
        periods breach (3 of 5: one bad minute is noise). Missing data is treated as not
        breaching: API Gateway reports nothing for a minute without requests (see each alarm in
        ``stagewright.stages._alarms``). They go in ``scope`` (default: a child ``Alarms``).
        """
        from stagewright.stages._alarms import recommended_alarms  # noqa: PLC0415

        return recommended_alarms(
            self,
            scope,
            error_rate=error_rate,
            p99_latency_ms=p99_latency_ms,
            canary_margin=canary_margin,
            evaluation_periods=evaluation_periods,
            datapoints_to_alarm=datapoints_to_alarm,
        )

    def dashboard(
        self,
        scope: Construct | None = None,
        id: str = "Dashboard",
        *,
        name: str | Intrinsic | None = None,
        period: int = 60,
    ) -> RawResource:
        """Add an ``AWS::CloudWatch::Dashboard`` of the stage's metrics (the canary's beside them).

        Widgets: requests, 4XX and 5XX, p99 latency and the 5XX rate (WebSocket: messages and
        errors, and the error rate). It goes in ``scope`` (default: this stage) as ``id``.
        """
        from stagewright.stages._alarms import dashboard  # noqa: PLC0415

        return dashboard(self, scope, id, name, period)
