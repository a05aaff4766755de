"""REST API stages: ``RestStage``, the base of ``CanaryStage`` and ``LoggedProductionStage``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from stagewright.core._rollback import ROLLOUT_KEY, AlarmLike
from stagewright.core._tree import WARNING, Annotations, Construct
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.generated.aws_apigateway.stage import (
    AccessLogSetting,
    CanarySetting,
    Stage,
    StageProps,
    Tag,
)
from stagewright.runtime._errors import Key, Path, Problem
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._access_log import AccessLogFormat
from stagewright.stages._account import require_account_logging_role
from stagewright.stages._base import StageBase
from stagewright.stages._body import (
    body_of,
    defined_names,
    recheck_at_synthesis,
    warn_missing_methods,
    warn_override_near_misses,
    warn_undefined_variables,
)
from stagewright.stages._canary import (
    Canary,
    DeploymentLike,
    RestApiLike,
    api_mismatch,
    ref_of,
)
from stagewright.stages._common import Throttle, problem, raise_problems
from stagewright.stages._methods import (
    LogLevel,
    MethodOptions,
    cache_cluster_size,
    check_method_options,
    method_settings,
    parse_method_key,
)
from stagewright.stages._options import RestStageOptions, options_from
from stagewright.stages._release import Release
from stagewright.stages._variables import check_stage_variables

__all__ = ["PRODUCTION_THROTTLE", "RestStage"]

_DATA_TRACE_WARNING = (
    "full request and response logging (data_trace_enabled) is on: it writes request and "
    "response bodies and headers, which can hold credentials and personal data, to CloudWatch "
    "Logs; turn it off once you have debugged"
)
_CANARY_CACHE_WARNING = (
    "the canary uses the stage cache (use_stage_cache=True), but the stage has no cache cluster: "
    "set cache_cluster_size or drop use_stage_cache"
)
# The stage options that are also method options: they make the ``/*`` ``*`` method setting.
_METHOD_FIELDS = (
    "throttle",
    "logging_level",
    "metrics_enabled",
    "data_trace_enabled",
    "caching_enabled",
    "cache_ttl_seconds",
    "cache_data_encrypted",
)

PRODUCTION_THROTTLE = Throttle(rate_limit=1000, burst_limit=2000)
"""LoggedProductionStage's default: well under the account's 10,000 requests per second, so one
stage cannot use up the quota every API of the account shares. Raise it for your traffic."""


class RestStage(StageBase[RestStageOptions, Stage]):
    """A REST API stage with validated logging, throttling, caching and canary options.

    The ``AWS::ApiGateway::Stage`` is ``stage.resource`` (its logical ID is this construct's).
    Nothing is on unless asked for; ``LoggedProductionStage`` has production defaults.
    """

    _LOGGED_CLASS = "LoggedProductionStage"
    _RESOURCE = Stage
    _PROPS = StageProps
    _MAPPINGS = ("tags", "variables", "method_options")

    rest_api: RestApiLike
    """The REST API the stage belongs to."""
    deployment: DeploymentLike
    """The deployment the stage serves (the canary's, once promoted)."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        rest_api: RestApiLike,
        deployment: DeploymentLike,
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
        canary: Canary | None = None,
    ) -> None:
        """Add the stage to ``scope``; every option is checked first (None: not set).

        Args:
            scope: The construct the stage goes in (a ``Stack`` or a construct in one).
            id: The stage's id in ``scope``, also the stage resource's logical ID.
            rest_api: The REST API: a ``RestApi`` construct, or its id.
            deployment: The deployment the stage serves: a ``Deployment``, or its id.
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
            canary: A canary release on this stage.
        """
        self.rest_api, self.deployment = rest_api, deployment
        super().__init__(scope, id, options_from(RestStageOptions, locals()))

    # -- the stage's properties

    def _shape_problems(self) -> list[Problem]:
        problems = super()._shape_problems() + self._reference_problems()
        canary = self._options.canary
        if canary is not None and not isinstance(canary, Canary):
            hint = "build it with Canary(deployment=..., percent=...)"
            problems.append(
                problem(self._owner, ("canary",), "type", "must be a Canary", canary, hint=hint)
            )
        return problems

    def _reference_problems(self) -> list[Problem]:
        """The API and the deployment: constructs of the right type, or ids."""
        problems = []
        for name, value, kinds, example in (
            ("rest_api", self.rest_api, (RestApi,), "RestApi(stack, 'Api')"),
            (
                "deployment",
                self.deployment,
                (Deployment, Release),
                "Release(stack, 'Release', api=...)",
            ),
        ):
            if isinstance(value, (*kinds, str, Intrinsic)):
                continue
            shown = value.node.path if isinstance(value, Construct) else value
            what = " or ".join(kind.__name__ for kind in kinds)
            message = f"must be a {what} or its id"
            hint = f"pass a {what} construct, e.g. {example}, or an id"
            problems.append(problem(self._owner, (name,), "type", message, shown, hint=hint))
        return problems

    def _option_problems(self) -> list[Problem]:
        o, owner = self._options, self._owner
        problems = check_stage_variables(owner, ("variables",), o.variables or {}, registry=True)
        problems += check_method_options(owner, (), self._method_fields())
        problems += self._caching_problems()
        if o.cache_cluster_size is not None:
            size = cache_cluster_size(owner, o.cache_cluster_size)
            problems += [size] if isinstance(size, Problem) else []
        return problems

    def _method_fields(self) -> dict[str, Any]:
        """Return the stage options that apply to every method, by name (those set)."""
        o = self._options
        return {name: value for name in _METHOD_FIELDS if (value := getattr(o, name)) is not None}

    def _caching_problems(self) -> list[Problem]:
        o = self._options
        if o.cache_cluster_size is not None:
            return []
        where: list[Path] = [("caching_enabled",)] if o.caching_enabled else []
        for key, options in (o.method_options or {}).items():
            if isinstance(options, MethodOptions) and options.caching_enabled:
                where.append(("method_options", Key(key), "caching_enabled"))
        hint = "pass cache_cluster_size (0.5 to 237 GB)"
        return [
            problem(
                self._owner, path, "needs-cache", "caching needs a cache cluster", True, hint=hint
            )
            for path in where
        ]

    def _stage_kwargs(self) -> dict[str, Any]:
        o, owner = self._options, self._owner
        size = (
            None
            if o.cache_cluster_size is None
            else cache_cluster_size(owner, o.cache_cluster_size)
        )
        assert not isinstance(size, Problem)  # reported by _option_problems
        base = MethodOptions(**self._method_fields())
        tags = o.tags or {}
        return {
            "rest_api_id": ref_of(self.rest_api),
            "deployment_id": ref_of(self.deployment),
            "stage_name": o.stage_name,
            "description": o.description,
            "variables": dict(o.variables) if o.variables else None,
            "tags": [Tag(key=k, value=tags[k]) for k in sorted(tags)] or None,
            "tracing_enabled": o.tracing_enabled,
            "client_certificate_id": o.client_certificate_id,
            "documentation_version": o.documentation_version,
            "cache_cluster_enabled": True if size is not None else None,
            "cache_cluster_size": size,
            "method_settings": method_settings(owner, base, o.method_options or {}) or None,
            "canary_setting": self._canary_setting(),
        }

    def _canary_setting(self) -> CanarySetting | None:
        canary = self._options.canary
        if canary is None:
            return None
        return CanarySetting(
            deployment_id=ref_of(canary.deployment),
            percent_traffic=canary.percent,
            stage_variable_overrides=dict(canary.stage_variable_overrides) or None,
            use_stage_cache=canary.use_stage_cache or None,
        )

    def _access_log(self, destination: str | Intrinsic) -> dict[str, Any]:
        log_format = self._options.access_log_format or AccessLogFormat.rest_default()
        return {
            "access_log_setting": AccessLogSetting(
                destination_arn=destination, format=log_format.text
            )
        }

    def _rebuild(self) -> None:
        self._resource.props = StageProps(
            **self._stage_kwargs(), access_log_setting=self._resource.props.access_log_setting
        )
        self._write_rollout()

    def _write_rollout(self) -> None:
        """Keep the canary's declared rollout in the stage resource's ``Metadata`` (or none)."""
        canary = self._options.canary
        rollout = canary.rollout_metadata() if canary is not None else None
        if rollout is None:
            self._resource.metadata.pop(ROLLOUT_KEY, None)
        else:
            self._resource.metadata[ROLLOUT_KEY] = rollout

    def _api_ref(self) -> Any:
        return ref_of(self.rest_api)

    def _url_suffix(self) -> str:
        return "/${Stage}/"

    # -- checks at synthesis

    def _joined(self) -> None:
        self._write_rollout()
        require_account_logging_role(self, self._resource, self._why_logging_role)
        self.node.add_validation(self._check_deployments)
        self._add_warnings()
        recheck_at_synthesis(self, self._check_against_body)

    def _why_logging_role(self) -> str | None:
        o = self._options
        levels = [o.logging_level, *(m.logging_level for m in (o.method_options or {}).values())]
        level = next((lv for lv in levels if lv not in (None, "OFF")), None)
        if level is not None:
            return f"execution logging (LoggingLevel {level})"
        if self._resource.props.access_log_setting is not None:
            return "access logging"
        return None

    def _check_deployments(self) -> list[str]:
        pairs = [("deployment", self.deployment)]
        if self._options.canary is not None:
            pairs.append(("canary deployment", self._options.canary.deployment))
        found = (api_mismatch(label, self.rest_api, d) for label, d in pairs)
        return [message for message in found if message is not None]

    def _add_warnings(self) -> None:
        o = self._options
        per_method = (o.method_options or {}).values()
        if o.data_trace_enabled or any(m.data_trace_enabled for m in per_method):
            Annotations.of(self).add_warning(_DATA_TRACE_WARNING)
        if o.cache_cluster_size is not None and not self._caches():
            Annotations.of(self).add_warning(
                "the cache cluster is billed by the hour and no method caches: set "
                "caching_enabled=True (for all methods, or in method_options), or drop "
                "cache_cluster_size"
            )
        self._warn_canary_cache()

    def _check_against_body(self) -> None:
        """Warn about what the API's inline body and the canary's overrides make suspect."""
        o = self._options
        overrides = o.canary.stage_variable_overrides if o.canary is not None else {}
        warn_override_near_misses(self, o.variables or {}, overrides)
        body = body_of(self.rest_api)
        if body is None:
            return
        keys = list(o.method_options or {})
        warn_missing_methods(self, body, keys, lambda key: parse_method_key(self._owner, key))
        defined = defined_names(o.variables, overrides)
        where = "variables= (or the canary's stage_variable_overrides=)"
        warn_undefined_variables(self, body, defined, where)

    def _caches(self) -> bool:
        per_method = (self._options.method_options or {}).values()
        return bool(self._options.caching_enabled) or any(m.caching_enabled for m in per_method)

    # -- the canary rollout

    @property
    def canary(self) -> Canary | None:
        """The canary release on this stage, or None."""
        return self._options.canary

    def start_canary(self, canary: Canary) -> None:
        """Put ``canary`` on the stage (replacing any canary it has)."""
        self._options = attrs.evolve(self._options, canary=canary)
        self._rebuild()
        self._warn_canary_cache()

    def _warn_canary_cache(self) -> None:
        """Warn while the canary uses a stage cache the stage lacks (the canary may change)."""
        canary = self._options.canary
        if (
            canary is not None
            and canary.use_stage_cache
            and self._options.cache_cluster_size is None
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
        variables = self._options.variables
        if canary.stage_variable_overrides:
            variables = {**(variables or {}), **canary.stage_variable_overrides}
        self._options = attrs.evolve(self._options, variables=variables, canary=None)
        self._rebuild()
        self._warn_canary_cache()

    def add_canary_alarms(self, *alarms: AlarmLike) -> None:
        """Gate the canary's rollout on ``alarms`` too (alarm constructs, names or ARNs).

        For alarms made after the stage, such as ``stage.recommended_alarms()``'s:
        ``stage.add_canary_alarms(*stage.recommended_alarms())``.
        """
        canary = self._require_canary("add_canary_alarms")
        added = [a for a in alarms if a not in canary.alarms]
        self.start_canary(attrs.evolve(canary, alarms=[*canary.alarms, *added]))

    def rollback_canary(self) -> None:
        """Remove the canary: everyone is served the stage's own deployment again."""
        self._require_canary("rollback_canary")
        self._options = attrs.evolve(self._options, canary=None)
        self._rebuild()
        self._warn_canary_cache()

    def _require_canary(self, action: str) -> Canary:
        canary = self._options.canary
        if canary is None:
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
        assert canary is not None
        return canary
