"""REST API stages: ``RestStage``, ``CanaryStage`` and ``LoggedProductionStage``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict, Unpack

import attrs

from stagewright.core._fn import Fn
from stagewright.core._tree import WARNING, Annotations, Construct
from stagewright.generated.aws_apigateway.stage import (
    AccessLogSetting,
    CanarySetting,
    Stage,
    StageProps,
    Tag,
)
from stagewright.generated.aws_logs.log_group import LogGroup
from stagewright.runtime._errors import Key, Path, Problem
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._access_log import AccessLogFormat
from stagewright.stages._account import require_account_logging_role
from stagewright.stages._canary import Canary, DeploymentLike, RestApiLike, api_mismatch, ref_of
from stagewright.stages._common import (
    Throttle,
    access_log_destination,
    check_log_retention,
    check_options,
    owner_of,
    problem,
    raise_problems,
)
from stagewright.stages._methods import (
    LogLevel,
    MethodOptions,
    cache_cluster_size,
    check_method_options,
    method_settings,
)
from stagewright.stages._variables import check_stage_variables

__all__ = ["CanaryStage", "LoggedProductionStage", "RestStage", "RestStageOptions"]

_DATA_TRACE_WARNING = (
    "full request and response logging (data_trace_enabled) is on: it writes request and "
    "response bodies and headers, which can hold credentials and personal data, to CloudWatch "
    "Logs; turn it off once you have debugged"
)
_CANARY_CACHE_WARNING = (
    "the canary uses the stage cache (use_stage_cache=True), but the stage has no cache cluster: "
    "set cache_cluster_size or drop use_stage_cache"
)


_NEEDS_DESTINATION = (
    "pass access_log_destination_arn=, or use LoggedProductionStage (it creates a log group)"
)


class RestStageOptions(TypedDict, total=False):
    """The keyword options of every REST stage construct (all optional)."""

    stage_name: str
    """The stage's name, part of its URL (default ``prod``)."""
    description: str | Intrinsic
    variables: Mapping[str, str | Intrinsic]
    """Stage variables (names ``[A-Za-z0-9_]+``); reference them with ``stage_variable()``."""
    tags: Mapping[str, str | Intrinsic]
    tracing_enabled: bool | Intrinsic
    """X-Ray tracing."""
    client_certificate_id: str | Intrinsic
    documentation_version: str | Intrinsic
    logging_level: LogLevel
    """Execution logging for all methods: ``OFF``, ``ERROR`` or ``INFO``."""
    metrics_enabled: bool
    """Detailed CloudWatch metrics for all methods."""
    data_trace_enabled: bool
    """Log full requests and responses for all methods (synthesis warns: sensitive data)."""
    throttle: Throttle
    """Throttling for all methods."""
    method_options: Mapping[str, MethodOptions]
    """Per-method overrides keyed ``"/pets/{id}/GET"``."""
    cache_cluster_size: str | float
    """A cache cluster of this size in GB (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237)."""
    caching_enabled: bool
    """Cache responses of all methods (needs ``cache_cluster_size``)."""
    cache_ttl_seconds: int
    cache_data_encrypted: bool
    """Encrypt cached data (default: True whenever caching is on)."""
    access_log_destination_arn: str | Intrinsic
    """Where access logs go: a CloudWatch Logs group or Firehose stream ARN."""
    access_log_format: AccessLogFormat
    """The access log line (default: ``AccessLogFormat.rest_default()``)."""
    canary: Canary
    """A canary release on this stage."""


_OPTIONS = RestStageOptions.__annotations__
_BASE_FIELDS = ("throttle", "logging_level", "metrics_enabled", "data_trace_enabled")
_CACHE_FIELDS = ("caching_enabled", "cache_ttl_seconds", "cache_data_encrypted")


class RestStage(Construct):
    """A REST API stage with validated logging, throttling, caching and canary options.

    The ``AWS::ApiGateway::Stage`` is ``stage.resource`` (its logical ID is this construct's).
    Nothing is on unless asked for; ``LoggedProductionStage`` has production defaults.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        rest_api: RestApiLike,
        deployment: DeploymentLike,
        **options: Unpack[RestStageOptions],
    ) -> None:
        owner = owner_of(scope, id)
        check_options(owner, options, _OPTIONS)
        self._owner = owner
        self.rest_api = rest_api
        self.deployment = deployment
        self._options: dict[str, Any] = dict(options)
        self._canary: Canary | None = options.get("canary")
        kwargs = self._stage_kwargs()  # every check runs before the construct joins the tree
        super().__init__(scope, id)
        self.resource = Stage(self, "Default", **kwargs)
        """The ``AWS::ApiGateway::Stage`` this construct configures."""
        self._finish()

    def _finish(self) -> None:
        destination = self._access_log_destination()
        if destination is not None:
            self.resource.props = attrs.evolve(
                self.resource.props, access_log_setting=self._access_log_setting(destination)
            )
        require_account_logging_role(self, self.resource, self._why_logging_role)
        self.node.add_validation(self._check_deployments)
        self._add_warnings()

    # -- what subclasses change

    def _access_log_destination(self) -> str | Intrinsic | None:
        return self._options.get("access_log_destination_arn")

    def _access_log_setting(self, destination: str | Intrinsic) -> AccessLogSetting:
        log_format = self._options.get("access_log_format") or AccessLogFormat.rest_default()
        return AccessLogSetting(destination_arn=destination, format=log_format.text)

    # -- the stage's properties

    def _stage_kwargs(self) -> dict[str, Any]:
        o, owner = self._options, self._owner
        problems = self._check_options()
        size = o.get("cache_cluster_size")
        if size is not None:
            size = cache_cluster_size(owner, size)
            if isinstance(size, Problem):
                problems.append(size)
        raise_problems(problems)
        base = MethodOptions(**{k: o[k] for k in (*_BASE_FIELDS, *_CACHE_FIELDS) if k in o})
        tags = o.get("tags") or {}
        return {
            "rest_api_id": ref_of(self.rest_api),
            "deployment_id": ref_of(self.deployment),
            "stage_name": o.get("stage_name", "prod"),
            "description": o.get("description"),
            "variables": dict(o["variables"]) if o.get("variables") else None,
            "tags": [Tag(key=k, value=tags[k]) for k in sorted(tags)] or None,
            "tracing_enabled": o.get("tracing_enabled"),
            "client_certificate_id": o.get("client_certificate_id"),
            "documentation_version": o.get("documentation_version"),
            "cache_cluster_enabled": True if size is not None else None,
            "cache_cluster_size": size,
            "method_settings": method_settings(owner, base, o.get("method_options") or {}) or None,
            "canary_setting": self._canary_setting(),
        }

    def _check_options(self) -> list[Problem]:
        o, owner = self._options, self._owner
        problems = check_stage_variables(owner, ("variables",), o.get("variables") or {})
        fields = {k: o[k] for k in (*_BASE_FIELDS, *_CACHE_FIELDS) if k in o}
        problems += check_method_options(owner, (), fields)
        if "access_log_format" in o and not self._has_access_log_destination():
            problems.append(
                problem(
                    owner,
                    ("access_log_format",),
                    "needs-destination",
                    "has nowhere to go without access_log_destination_arn",
                    o["access_log_format"].text,
                    hint=_NEEDS_DESTINATION,
                )
            )
        problems += self._caching_problems()
        return problems

    def _has_access_log_destination(self) -> bool:
        return "access_log_destination_arn" in self._options

    def _caching_problems(self) -> list[Problem]:
        o = self._options
        if "cache_cluster_size" in o:
            return []
        where: list[Path] = [("caching_enabled",)] if o.get("caching_enabled") else []
        for key, options in (o.get("method_options") or {}).items():
            if isinstance(options, MethodOptions) and options.caching_enabled:
                where.append(("method_options", Key(key), "caching_enabled"))
        hint = "pass cache_cluster_size (0.5 to 237 GB)"
        return [
            problem(
                self._owner, path, "needs-cache", "caching needs a cache cluster", True, hint=hint
            )
            for path in where
        ]

    def _canary_setting(self) -> CanarySetting | None:
        canary = self._canary
        if canary is None:
            return None
        return CanarySetting(
            deployment_id=ref_of(canary.deployment),
            percent_traffic=canary.percent,
            stage_variable_overrides=dict(canary.stage_variable_overrides) or None,
            use_stage_cache=canary.use_stage_cache or None,
        )

    def _rebuild(self) -> None:
        self.resource.props = StageProps(
            **self._stage_kwargs(), access_log_setting=self.resource.props.access_log_setting
        )

    # -- checks at synthesis

    def _why_logging_role(self) -> str | None:
        levels = [self._options.get("logging_level")]
        levels += [m.logging_level for m in (self._options.get("method_options") or {}).values()]
        level = next((lv for lv in levels if lv not in (None, "OFF")), None)
        if level is not None:
            return f"execution logging (LoggingLevel {level})"
        if self.resource.props.access_log_setting is not None:
            return "access logging"
        return None

    def _check_deployments(self) -> list[str]:
        pairs = [("deployment", self.deployment)]
        if self._canary is not None:
            pairs.append(("canary deployment", self._canary.deployment))
        found = (api_mismatch(label, self.rest_api, d) for label, d in pairs)
        return [message for message in found if message is not None]

    def _add_warnings(self) -> None:
        o = self._options
        traced = [o.get("data_trace_enabled")]
        traced += [m.data_trace_enabled for m in (o.get("method_options") or {}).values()]
        if any(traced):
            Annotations.of(self).add_warning(_DATA_TRACE_WARNING)
        if "cache_cluster_size" in o and not self._caches():
            Annotations.of(self).add_warning(
                "the cache cluster is billed by the hour and no method caches: set "
                "caching_enabled=True (for all methods, or in method_options), or drop "
                "cache_cluster_size"
            )
        self._warn_canary_cache()

    def _caches(self) -> bool:
        per_method = (self._options.get("method_options") or {}).values()
        return bool(self._options.get("caching_enabled")) or any(
            m.caching_enabled for m in per_method
        )

    # -- the canary rollout

    @property
    def canary(self) -> Canary | None:
        """The canary release on this stage, or None."""
        return self._canary

    def start_canary(self, canary: Canary) -> None:
        """Put ``canary`` on the stage (replacing any canary it has)."""
        self._canary = canary
        self._rebuild()
        self._warn_canary_cache()

    def _warn_canary_cache(self) -> None:
        """Warn while the canary uses a stage cache the stage lacks (the canary may change)."""
        canary = self._canary
        if (
            canary is not None
            and canary.use_stage_cache
            and "cache_cluster_size" not in self._options
        ):
            Annotations.of(self).add_warning(_CANARY_CACHE_WARNING)
        else:
            self.node._drop_message(WARNING, _CANARY_CACHE_WARNING)

    def set_canary_percent(self, percent: float | Intrinsic) -> None:
        """Send ``percent`` (0 to 100) of the stage's traffic to the canary."""
        self.start_canary(attrs.evolve(self._require_canary("set_canary_percent"), percent=percent))

    def promote_canary(self) -> None:
        """Serve the canary's deployment to everyone; the canary settings go away.

        The canary's stage variable overrides become the stage's variables, as the console's
        "Promote canary" does.
        """
        canary = self._require_canary("promote_canary")
        self.deployment = canary.deployment
        if canary.stage_variable_overrides:
            variables = {**(self._options.get("variables") or {})}
            variables.update(canary.stage_variable_overrides)
            self._options["variables"] = variables
        self._canary = None
        self._rebuild()
        self._warn_canary_cache()

    def rollback_canary(self) -> None:
        """Remove the canary: everyone is served the stage's own deployment again."""
        self._require_canary("rollback_canary")
        self._canary = None
        self._rebuild()
        self._warn_canary_cache()

    def _require_canary(self, action: str) -> Canary:
        if self._canary is None:
            raise_problems(
                [
                    problem(
                        self._owner,
                        ("canary",),
                        "no-canary",
                        f"{action}() needs a canary, and the stage has none",
                        None,
                        hint="start one with start_canary(Canary(...)) or the canary= option",
                    )
                ]
            )
        assert self._canary is not None
        return self._canary

    # -- references

    @property
    def stage_name(self) -> Any:
        """The stage's name (a ``Ref`` of the stage, so users of it wait for the stage)."""
        return self.resource.ref

    @property
    def url(self) -> Intrinsic:
        """The stage's invoke URL, ``https://<api>.execute-api.<region>.<suffix>/<stage>/``."""
        return Fn.sub(
            "https://${Api}.execute-api.${AWS::Region}.${AWS::URLSuffix}/${Stage}/",
            {"Api": ref_of(self.rest_api), "Stage": self.resource.ref},
        )


class CanaryStage(RestStage):
    """A REST stage serving ``deployment``, with ``canary_deployment`` getting ``percent`` of it.

    The rollout, one line each: ``stage.set_canary_percent(50)``; then ``stage.promote_canary()``
    (the stage serves the canary's deployment and the canary settings go away) or
    ``stage.rollback_canary()``. Both deployments must belong to the stage's REST API; a
    deployment of another API is an error at synthesis. Every ``RestStage`` option applies.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        rest_api: RestApiLike,
        deployment: DeploymentLike,
        canary_deployment: DeploymentLike,
        percent: float | Intrinsic = 10.0,
        stage_variable_overrides: Mapping[str, str | Intrinsic] | None = None,
        use_stage_cache: bool = False,
        **options: Unpack[RestStageOptions],
    ) -> None:
        if "canary" in options:
            raise_problems(
                [
                    problem(
                        owner_of(scope, id),
                        ("canary",),
                        "unknown",
                        "is not an option of CanaryStage",
                        options["canary"],
                        hint="use canary_deployment=, percent=, stage_variable_overrides= and "
                        "use_stage_cache=",
                    )
                ]
            )
        options["canary"] = Canary(
            deployment=canary_deployment,
            percent=percent,
            stage_variable_overrides=dict(stage_variable_overrides or {}),
            use_stage_cache=use_stage_cache,
        )
        super().__init__(scope, id, rest_api=rest_api, deployment=deployment, **options)


PRODUCTION_THROTTLE = Throttle(rate_limit=1000, burst_limit=2000)
"""LoggedProductionStage's default: well under the account's 10,000 requests per second, so one
stage cannot use up the quota every API of the account shares. Raise it for your traffic."""


class LoggedProductionStage(RestStage):
    """A REST stage set up for production: access and execution logs, metrics, tracing, throttling.

    Defaults (each overridable with the ``RestStage`` option of the same name):

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

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        rest_api: RestApiLike,
        deployment: DeploymentLike,
        log_retention_days: int | None = 365,
        **options: Unpack[RestStageOptions],
    ) -> None:
        options.setdefault("logging_level", "ERROR")
        options.setdefault("metrics_enabled", True)
        options.setdefault("tracing_enabled", True)
        options.setdefault("data_trace_enabled", False)
        options.setdefault("throttle", PRODUCTION_THROTTLE)
        owner = owner_of(scope, id)
        if options["logging_level"] == "OFF":
            raise_problems(
                [
                    problem(
                        owner,
                        ("logging_level",),
                        "enum",
                        "must be ERROR or INFO for a logged stage",
                        "OFF",
                        hint="use RestStage for a stage without execution logs",
                    )
                ]
            )
        if "access_log_destination_arn" not in options:
            raise_problems(check_log_retention(owner, log_retention_days))
        self._retention = log_retention_days
        self.log_group: LogGroup | None = None
        """The access log group this stage created, or None when given a destination ARN."""
        super().__init__(scope, id, rest_api=rest_api, deployment=deployment, **options)

    def _has_access_log_destination(self) -> bool:
        return True

    def _access_log_destination(self) -> str | Intrinsic | None:
        self.log_group, destination = access_log_destination(self, self._options, self._retention)
        return destination
