"""REST stages with preset arguments: ``CanaryStage`` and ``LoggedProductionStage``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from stagewright.core._rollback import AlarmLike
from stagewright.core._tree import Construct
from stagewright.runtime._errors import Problem
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._access_log import AccessLogFormat
from stagewright.stages._base import StageBase
from stagewright.stages._canary import DEFAULT_BAKE, Canary, DeploymentLike, RestApiLike
from stagewright.stages._common import Throttle, problem
from stagewright.stages._methods import LogLevel, MethodOptions
from stagewright.stages._options import RestStageOptions, options_from
from stagewright.stages._rest import PRODUCTION_THROTTLE, RestStage

__all__ = ["CanaryStage", "LoggedProductionStage"]


class CanaryStage(RestStage):
    """A REST stage serving ``deployment``, with ``canary_deployment`` getting ``percent`` of it.

    The rollout, one line each: ``stage.set_canary_percent(50)``; then ``stage.promote_canary()``
    (the stage serves the canary's deployment and the canary settings go away) or
    ``stage.rollback_canary()``. Both deployments must belong to the stage's REST API; a
    deployment of another API is an error at synthesis. Every ``RestStage`` option applies
    except ``canary`` (this stage's own arguments say it).
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        rest_api: RestApiLike,
        deployment: DeploymentLike,
        canary_deployment: DeploymentLike,
        percent: float | Intrinsic | None = None,
        stage_variable_overrides: Mapping[str, str | Intrinsic] | None = None,
        use_stage_cache: bool = False,
        steps: Sequence[float] = (),
        bake: timedelta = DEFAULT_BAKE,
        alarms: Sequence[AlarmLike] = (),
        stage_name: str | Intrinsic = "prod",
        description: str | Intrinsic | None = None,
        variables: Mapping[str, str | Intrinsic] | None = None,
        tags: Mapping[str, str | Intrinsic] | None = None,
        tracing_enabled: bool | Intrinsic | None = None,
        client_certificate_id: str | Intrinsic | None = None,
        documentation_version: str | Intrinsic | None = None,
        logging_level: LogLevel | None = None,
        metrics_enabled: bool | None = None,
        data_trace_enabled: bool | None = None,
        throttle: Throttle | None = None,
        method_options: Mapping[str, MethodOptions] | None = None,
        cache_cluster_size: str | float | None = None,
        caching_enabled: bool | None = None,
        cache_ttl_seconds: int | None = None,
        cache_data_encrypted: bool | None = None,
        access_log_destination_arn: str | Intrinsic | None = None,
        access_log_format: AccessLogFormat | None = None,
    ) -> None:
        """Add the stage and its canary to ``scope``; every option is checked first.

        Args:
            scope: The construct the stage goes in (a ``Stack`` or a construct in one).
            id: The stage's id in ``scope``, also the stage resource's logical ID.
            rest_api: The REST API: a ``RestApi`` construct, or its id.
            deployment: The deployment the stage serves: a ``Deployment``, or its id.
            canary_deployment: The deployment the canary serves.
            percent: The share of the stage's traffic the canary gets, 0 to 100 (default 10,
                or the first of ``steps``).
            stage_variable_overrides: Stage variables replaced or added for canary requests.
            use_stage_cache: Whether canary requests use the stage's cache.
            steps: A declared rollout: the canary's percent at each step (``stagewright
                deploy`` deploys one change set per step, then promotes).
            bake: How long each step is watched (a ``timedelta``, at most 180 minutes).
            alarms: The alarms that roll a step back (constructs, names or ARNs; at most 5).
            stage_name: The stage's name, part of its URL.
            description: The stage's description.
            variables: Stage variables (names ``[A-Za-z0-9_]+``); see ``stage_variable()``.
            tags: Tags of the stage, by key.
            tracing_enabled: X-Ray tracing.
            client_certificate_id: The client certificate for calls to the integrations.
            documentation_version: The documentation snapshot the stage serves.
            logging_level: Execution logging for all methods: ``OFF``, ``ERROR`` or ``INFO``.
            metrics_enabled: Detailed CloudWatch metrics for all methods.
            data_trace_enabled: Log full requests and responses (synthesis warns).
            throttle: Throttling for all methods.
            method_options: Per-method overrides keyed ``"/pets/{id}/GET"``; ``"/pets/*"`` is
                every method of a path, ``"/*/*"`` every method.
            cache_cluster_size: A cache cluster of this size in GB (0.5 to 237).
            caching_enabled: Cache responses of all methods (needs ``cache_cluster_size``).
            cache_ttl_seconds: How long cached responses live, 0 to 3600 seconds.
            cache_data_encrypted: Encrypt cached data (default: True when caching is on).
            access_log_destination_arn: A CloudWatch Logs group or Firehose stream ARN.
            access_log_format: The access log line (default ``AccessLogFormat.rest_default()``).
        """
        rollout: dict[str, Any] = {"steps": steps, "bake": bake, "alarms": alarms}
        if percent is not None:
            rollout["percent"] = percent
        canary = Canary(
            deployment=canary_deployment,
            stage_variable_overrides=dict(stage_variable_overrides or {}),
            use_stage_cache=use_stage_cache,
            **rollout,
        )
        self.rest_api, self.deployment = rest_api, deployment
        # RestStage's constructor takes the options one by one; these are built here.
        StageBase.__init__(self, scope, id, options_from(RestStageOptions, locals()))

    @classmethod
    def _unknown_option(cls, owner: str, name: str, value: Any, known: Sequence[str]) -> Problem:
        if name != "canary":
            return super()._unknown_option(owner, name, value, known)
        return problem(
            owner,
            ("canary",),
            "unknown",
            "is not an option of CanaryStage",
            value,
            hint="use canary_deployment=, percent=, stage_variable_overrides=, use_stage_cache=, "
            "steps=, bake= and alarms=",
        )


class LoggedProductionStage(RestStage):
    """A REST stage set up for production: access and execution logs, metrics, tracing, throttling.

    Defaults (each overridable with the argument of the same name):

    * access logs in JSON (``AccessLogFormat.rest_default()``) to a new log group, kept
      ``log_retention_days`` (None: forever) and retained when the stack is deleted; or to
      ``access_log_destination_arn``;
    * execution logging at ``ERROR`` for all methods (``INFO`` optional, ``OFF`` refused),
      detailed metrics on, X-Ray tracing on;
    * full request and response logging off (turning it on warns: it can log sensitive data);
    * throttling ``PRODUCTION_THROTTLE`` for all methods, ``method_options`` per method;
    * when caching is on, cached data encrypted.

    Execution and access logs need the account's CloudWatch role: add one
    ``AccountLoggingRole`` per app (synthesis warns when there is none).
    """

    _LOGGED = True

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        rest_api: RestApiLike,
        deployment: DeploymentLike,
        log_retention_days: int | None = 365,
        stage_name: str | Intrinsic = "prod",
        description: str | Intrinsic | None = None,
        variables: Mapping[str, str | Intrinsic] | None = None,
        tags: Mapping[str, str | Intrinsic] | None = None,
        tracing_enabled: bool | Intrinsic | None = True,
        client_certificate_id: str | Intrinsic | None = None,
        documentation_version: str | Intrinsic | None = None,
        logging_level: LogLevel | None = "ERROR",
        metrics_enabled: bool | None = True,
        data_trace_enabled: bool | None = False,
        throttle: Throttle | None = PRODUCTION_THROTTLE,
        method_options: Mapping[str, MethodOptions] | None = None,
        cache_cluster_size: str | float | None = None,
        caching_enabled: bool | None = None,
        cache_ttl_seconds: int | None = None,
        cache_data_encrypted: bool | None = None,
        access_log_destination_arn: str | Intrinsic | None = None,
        access_log_format: AccessLogFormat | None = None,
        canary: Canary | None = None,
    ) -> None:
        """Add the stage (and its access log group) to ``scope``; every option is checked first.

        Args:
            scope: The construct the stage goes in (a ``Stack`` or a construct in one).
            id: The stage's id in ``scope``, also the stage resource's logical ID.
            rest_api: The REST API: a ``RestApi`` construct, or its id.
            deployment: The deployment the stage serves: a ``Deployment``, or its id.
            log_retention_days: How long the created log group keeps logs (None: forever).
            stage_name: The stage's name, part of its URL.
            description: The stage's description.
            variables: Stage variables (names ``[A-Za-z0-9_]+``); see ``stage_variable()``.
            tags: Tags of the stage, by key.
            tracing_enabled: X-Ray tracing.
            client_certificate_id: The client certificate for calls to the integrations.
            documentation_version: The documentation snapshot the stage serves.
            logging_level: Execution logging for all methods: ``ERROR`` or ``INFO``.
            metrics_enabled: Detailed CloudWatch metrics for all methods.
            data_trace_enabled: Log full requests and responses (synthesis warns).
            throttle: Throttling for all methods.
            method_options: Per-method overrides keyed ``"/pets/{id}/GET"``; ``"/pets/*"`` is
                every method of a path, ``"/*/*"`` every method.
            cache_cluster_size: A cache cluster of this size in GB (0.5 to 237).
            caching_enabled: Cache responses of all methods (needs ``cache_cluster_size``).
            cache_ttl_seconds: How long cached responses live, 0 to 3600 seconds.
            cache_data_encrypted: Encrypt cached data (default: True when caching is on).
            access_log_destination_arn: Log there instead of to a new log group.
            access_log_format: The access log line (default ``AccessLogFormat.rest_default()``).
            canary: A canary release on this stage.
        """
        self.rest_api, self.deployment = rest_api, deployment
        # RestStage's constructor has no log_retention_days; the options are built here.
        StageBase.__init__(
            self,
            scope,
            id,
            options_from(RestStageOptions, locals()),
            log_retention_days=log_retention_days,
        )

    def _option_problems(self) -> list[Problem]:
        problems = super()._option_problems()
        if self._options.logging_level == "OFF":
            problems.insert(
                0,
                problem(
                    self._owner,
                    ("logging_level",),
                    "enum",
                    "must be ERROR or INFO for a logged stage",
                    "OFF",
                    hint="use RestStage for a stage without execution logs",
                ),
            )
        return problems
