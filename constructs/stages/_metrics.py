"""CloudWatch metrics as values (``Metric``, ``MathExpression``), for alarms and dashboards.

A metric is data, not a construct: it makes nothing in the template until an alarm or a dashboard
uses it. Both render two ways: as ``AWS::CloudWatch::Alarm`` properties (the generated types) and
as a dashboard widget's ``metrics`` rows (CloudWatch's dashboard body JSON).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from stagewright.runtime._errors import Problem, nearest
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._common import problem, raise_problems

if TYPE_CHECKING:
    from stagewright.generated.aws_cloudwatch.alarm import Dimension, MetricStat

# The generated CloudWatch types load when an alarm is rendered: an app of stages without alarms
# does not import them.

__all__ = ["STATISTICS", "MathExpression", "Metric"]

STATISTICS = ("Average", "Maximum", "Minimum", "SampleCount", "Sum")
"""CloudWatch's plain statistics; a percentile is ``p`` and a number (``p99``, ``p99.9``)."""
_PERCENTILE = re.compile(r"p(100|[0-9]{1,2})(\.[0-9]{1,10})?")
# A metric data query id: CloudWatch wants a lower-case letter first.
_ID = re.compile(r"[a-z][a-zA-Z0-9_]*")
# Lower-case words of an expression are query ids; functions (FILL, IF, METRICS) are upper case.
_WORD = re.compile(r"(?<![\w.'\"])[a-z][a-zA-Z0-9_]*")


def _check_period(owner: str, period: Any) -> list[Problem]:
    if isinstance(period, Intrinsic):
        return []
    if isinstance(period, bool) or not isinstance(period, int) or period < 1:
        return [problem(owner, ("period",), "type", "must be a positive integer (seconds)", period)]
    if period in (10, 30) or period % 60 == 0:
        return []
    hint = f"did you mean {max(60, round(period / 60) * 60)}?"
    message = "must be 10, 30 or a multiple of 60 (seconds)"
    return [problem(owner, ("period",), "period", message, period, hint=hint)]


@attrs.frozen(kw_only=True)
class Metric:
    """One CloudWatch metric: where it lives, how it is summed up, over what period.

    ``statistic`` is one of ``STATISTICS`` or a percentile (``p99``, ``p99.9``), which renders as
    CloudWatch's ``ExtendedStatistic``. ``period`` is in seconds: 10, 30 or a multiple of 60
    (what an alarm accepts; API Gateway reports each minute, so 60 and up carry data). Dimension
    values may be intrinsics (a ``Ref`` of the stage): they resolve at deploy.
    """

    namespace: str
    name: str
    dimensions: Mapping[str, str | Intrinsic] = attrs.field(factory=dict)
    statistic: str = "Sum"
    period: int = 60
    label: str | None = None

    def __attrs_post_init__(self) -> None:
        problems = _check_period("Metric", self.period)
        statistic = self.statistic
        if statistic not in STATISTICS and not (
            isinstance(statistic, str) and _PERCENTILE.fullmatch(statistic)
        ):
            close = nearest(str(statistic), STATISTICS)
            hint = f"did you mean {close!r}?" if close else "a percentile reads 'p99'"
            message = (
                "must be one of 'Average', 'Maximum', 'Minimum', 'SampleCount', 'Sum' "
                "or a percentile 'p<N>'"
            )
            problems.append(
                problem("Metric", ("statistic",), "enum", message, statistic, hint=hint)
            )
        raise_problems(problems)

    @property
    def is_percentile(self) -> bool:
        """Whether the statistic is a percentile (CloudWatch's ``ExtendedStatistic``)."""
        return self.statistic not in STATISTICS

    def with_(
        self, *, statistic: str | None = None, period: int | None = None, label: str | None = None
    ) -> Metric:
        """Return this metric with another statistic, period or label."""
        changes: dict[str, Any] = {"statistic": statistic, "period": period, "label": label}
        return attrs.evolve(self, **{k: v for k, v in changes.items() if v is not None})

    def _cfn_dimensions(self) -> list[Dimension]:
        from stagewright.generated.aws_cloudwatch.alarm import Dimension  # noqa: PLC0415

        return [Dimension(name=k, value=v) for k, v in self.dimensions.items()]

    def alarm_props(self) -> dict[str, Any]:
        """Return the ``AlarmProps`` keywords of an alarm on this metric alone."""
        stat_key = "extended_statistic" if self.is_percentile else "statistic"
        return {
            "namespace": self.namespace,
            "metric_name": self.name,
            "dimensions": self._cfn_dimensions() or None,
            stat_key: self.statistic,
            "period": self.period,
        }

    def metric_stat(self) -> MetricStat:
        """Return the metric as a ``MetricStat`` (a query of a math alarm)."""
        from stagewright.generated.aws_cloudwatch.alarm import Metric as CfnMetric  # noqa: PLC0415
        from stagewright.generated.aws_cloudwatch.alarm import MetricStat  # noqa: PLC0415

        metric = CfnMetric(
            namespace=self.namespace, metric_name=self.name, dimensions=self._cfn_dimensions()
        )
        return MetricStat(metric=metric, period=self.period, stat=self.statistic)

    def widget_row(self, **options: Any) -> list[Any]:
        """Return the metric as a dashboard widget's ``metrics`` row (``options`` join its own)."""
        row: list[Any] = [self.namespace, self.name]
        for key, value in self.dimensions.items():
            row += [key, value]
        rendering = {"stat": self.statistic, "period": self.period, **options}
        if self.label is not None:
            rendering.setdefault("label", self.label)
        return [*row, rendering]


def _check_math(expression: str, using: Mapping[str, Metric]) -> list[Problem]:
    problems = []
    for key, metric in using.items():
        if not isinstance(key, str) or not _ID.fullmatch(key):
            message = "an id starts with a lower-case letter, then letters, digits and _"
            where = ("using", key)
            problems.append(problem("MathExpression", where, "math-id", message, key))
        if not isinstance(metric, Metric):
            hint = "build it with Metric(...) or a stage's metric_*() method"
            where = ("using", key)
            problems.append(
                problem("MathExpression", where, "type", "must be a Metric", metric, hint=hint)
            )
    for word in sorted(set(_WORD.findall(expression)) - set(using)):
        close = nearest(word, list(using))
        hint = f"did you mean {close!r}?" if close else f"ids: {', '.join(using) or 'none'}"
        message = f"uses {word!r}, which is not an id of using"
        problems.append(
            problem("MathExpression", ("expression",), "math-id", message, expression, hint=hint)
        )
    return problems


@attrs.frozen(kw_only=True)
class MathExpression:
    """A CloudWatch metric math expression over named metrics, e.g. an error rate.

    ``MathExpression(expression="errors / requests", using={"errors": ..., "requests": ...})``.
    Ids start with a lower-case letter; every lower-case word of the expression must be one of
    them (CloudWatch's functions, ``IF``, ``FILL``, are upper case).
    """

    expression: str
    using: Mapping[str, Metric]
    label: str | None = None

    def __attrs_post_init__(self) -> None:
        if not isinstance(self.using, Mapping):
            raise_problems(
                [problem("MathExpression", ("using",), "type", "must be a mapping", self.using)]
            )
        raise_problems(_check_math(self.expression, self.using))

    @property
    def period(self) -> int:
        """The longest period of the metrics used (CloudWatch aligns the others to it)."""
        return max(m.period for m in self.using.values())

    def _queries(self, prefix: str) -> tuple[str, dict[str, str]]:
        """Return the expression with its ids prefixed, and the renaming."""
        ids = {key: f"{prefix}{key}" for key in self.using}
        text = _WORD.sub(lambda m: ids.get(m.group(0), m.group(0)), self.expression)
        return text, ids

    def alarm_props(self, *, id: str = "expr") -> dict[str, Any]:
        """Return the ``AlarmProps`` keywords of an alarm on this expression (``Metrics``)."""
        from stagewright.generated.aws_cloudwatch.alarm import MetricDataQuery  # noqa: PLC0415

        queries = [
            MetricDataQuery(id_=id, expression=self.expression, label=self.label, return_data=True)
        ]
        queries += [
            MetricDataQuery(id_=key, metric_stat=metric.metric_stat(), return_data=False)
            for key, metric in self.using.items()
        ]
        return {"metrics": queries}

    def widget_rows(self, prefix: str, **options: Any) -> list[Any]:
        """Return the dashboard rows: the expression, then its metrics hidden (ids prefixed)."""
        text, ids = self._queries(prefix)
        shown: dict[str, Any] = {"expression": text, "id": f"{prefix}expr", **options}
        if self.label is not None:
            shown.setdefault("label", self.label)
        rows: list[Any] = [[shown]]
        for key, metric in self.using.items():
            rows.append(metric.widget_row(id=ids[key], visible=False))
        return rows
