"""HTTP and WebSocket API stages (``AWS::ApiGatewayV2::Stage``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, ClassVar

from stagewright.core._tree import Annotations, Construct
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.generated.aws_apigatewayv2.api import Api
from stagewright.generated.aws_apigatewayv2.stage import AccessLogSettings, Stage, StageProps
from stagewright.runtime._errors import Problem
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._access_log import AccessLogFormat
from stagewright.stages._account import require_account_logging_role
from stagewright.stages._base import StageBase
from stagewright.stages._body import (
    body_of,
    defined_names,
    recheck_at_synthesis,
    warn_missing_routes,
    warn_undefined_variables,
)
from stagewright.stages._canary import ref_of
from stagewright.stages._common import problem
from stagewright.stages._options import ApiStageOptions, options_from
from stagewright.stages._release import Release
from stagewright.stages._rest import PRODUCTION_THROTTLE
from stagewright.stages._routes import RouteOptions, check_routes, route_settings
from stagewright.stages._variables import check_stage_variables

__all__ = ["ApiLike", "HttpStage", "LoggedHttpStage", "WebSocketStage"]

# ``$context`` variables of REST APIs that WebSocket APIs lack (Common Log Format has the first).
_REST_ONLY_FIELDS = ("$context.resourcePath",)

ApiLike = Api | str | Intrinsic
"""An HTTP or WebSocket API: the construct, or its id."""


def _protocol_of(api: Any) -> str | None:
    if not isinstance(api, Api):
        return None
    protocol = api.props.protocol_type
    if protocol is None and api.props.body is not None:
        return "HTTP"  # an OpenAPI import only makes HTTP APIs
    return protocol if isinstance(protocol, str) else None


class _ApiStage(StageBase[ApiStageOptions, Stage]):
    """What HTTP and WebSocket stages share; the subclass names its protocol."""

    PROTOCOL: ClassVar[str]
    _LOGGED_CLASS = "LoggedHttpStage"
    _RESOURCE = Stage
    _PROPS = StageProps
    _MAPPINGS = ("tags", "stage_variables", "route_settings")
    _DEFAULT_STAGE_NAME = True

    api: ApiLike
    """The HTTP or WebSocket API the stage belongs to."""

    def _shape_problems(self) -> list[Problem]:
        problems = super()._shape_problems()
        api = self.api
        if isinstance(api, RestApi):
            message = f"is a REST API; {type(self).__name__} is for {self.PROTOCOL} APIs"
            hint = "use RestStage, LoggedProductionStage or CanaryStage"
            problems.append(
                problem(self._owner, ("api",), "protocol", message, api.node.path, hint=hint)
            )
        elif not isinstance(api, Api | str | Intrinsic):
            shown = api.node.path if isinstance(api, Construct) else api
            hint = "pass an Api construct (AWS::ApiGatewayV2::Api) or an API id"
            message = "must be an Api or its id"
            problems.append(problem(self._owner, ("api",), "type", message, shown, hint=hint))
        return problems

    def _option_problems(self) -> list[Problem]:
        o, owner = self._options, self._owner
        problems = check_stage_variables(owner, ("stage_variables",), o.stage_variables or {})
        if o.auto_deploy is True and o.deployment_id is not None:
            problems.append(
                problem(
                    owner,
                    ("deployment_id",),
                    "auto-deploy",
                    "cannot be set with auto_deploy=True: API Gateway then makes the "
                    "deployments itself",
                    o.deployment_id,
                    hint="drop deployment_id, or pass auto_deploy=False",
                )
            )
        problems += check_routes(
            owner, o.default_route, o.route_settings or {}, protocol=self.PROTOCOL
        )
        problems += self._release_problems()
        protocol = _protocol_of(self.api)
        if protocol is not None and protocol != self.PROTOCOL:
            other = "WebSocketStage" if protocol == "WEBSOCKET" else "HttpStage"
            path = self.api.node.path if isinstance(self.api, Api) else self.api
            message = f"is a {protocol} API; {type(self).__name__} is for {self.PROTOCOL} APIs"
            problems.append(
                problem(owner, ("api",), "protocol", message, path, hint=f"use {other}")
            )
        return problems

    def _release_problems(self) -> list[Problem]:
        """A ``Release`` as deployment_id must be one of this stage's API."""
        release = self._options.deployment_id
        if not isinstance(release, Release):
            return []
        api = release.api
        if isinstance(api, Api) and (not isinstance(self.api, Api) or api is self.api):
            return []
        shown = f"{api.type_name} {api.node.path!r}"
        hint = "pass a Release of this stage's API (Release(stack, ..., api=api))"
        message = f"is a release of {shown}, not of this stage's API"
        return [
            problem(
                self._owner,
                ("deployment_id",),
                "release-of-api",
                message,
                release.node.path,
                hint=hint,
            )
        ]

    def _stage_kwargs(self) -> dict[str, Any]:
        o = self._options
        default = o.default_route or RouteOptions()
        routes = route_settings(self._owner, default, o.route_settings or {})
        return {
            "api_id": ref_of(self.api),
            "stage_name": o.stage_name,
            "auto_deploy": o.auto_deploy,
            "deployment_id": ref_of(o.deployment_id),
            "description": o.description,
            "stage_variables": dict(o.stage_variables) if o.stage_variables else None,
            "tags": dict(o.tags) if o.tags else None,
            "default_route_settings": default.to_settings(),
            "route_settings": routes or None,
        }

    def _access_log(self, destination: str | Intrinsic) -> dict[str, Any]:
        log_format = self._options.access_log_format or AccessLogFormat.http_default()
        setting = AccessLogSettings(destination_arn=destination, format=log_format.text)
        return {"access_log_settings": setting}

    def _api_ref(self) -> Any:
        return ref_of(self.api)

    def _joined(self) -> None:
        recheck_at_synthesis(self, self._check_against_body)

    def _check_against_body(self) -> None:
        """Warn about route keys and stage variables the API's inline body makes suspect."""
        body = body_of(self.api)
        if body is None:
            return
        o = self._options
        if self.PROTOCOL == "HTTP":
            warn_missing_routes(
                self, body, [k for k in o.route_settings or {} if isinstance(k, str)]
            )
        defined = defined_names(o.stage_variables)
        warn_undefined_variables(self, body, defined, "stage_variables=")

    def _url_suffix(self) -> str:
        """``/`` for ``$default`` (the API's endpoint), else ``/<stage name>``."""
        return "/" if self._options.stage_name == "$default" else "/${Stage}"


class HttpStage(_ApiStage):
    """An HTTP API stage: ``$default`` with auto-deploy unless told otherwise.

    Default route settings (throttling, detailed metrics) and per-route settings keyed by route
    key (``"GET /pets/{id}"``); execution logging and data trace are refused (HTTP APIs have
    neither). Nothing is on unless asked for; ``LoggedHttpStage`` has production defaults.
    """

    PROTOCOL = "HTTP"

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        api: ApiLike,
        stage_name: str | Intrinsic = "$default",
        auto_deploy: bool | Intrinsic | None = True,
        deployment_id: str | Intrinsic | Release | None = None,
        description: str | Intrinsic | None = None,
        stage_variables: Mapping[str, str | Intrinsic] | None = None,
        tags: Mapping[str, str | Intrinsic] | None = None,
        default_route: RouteOptions | None = None,
        route_settings: Mapping[str, RouteOptions] | None = None,
        access_log_destination_arn: str | Intrinsic | None = None,
        access_log_format: AccessLogFormat | None = None,
    ) -> None:
        """Add the stage to ``scope``; every option is checked first (None: not set).

        Args:
            scope: The construct the stage goes in (a ``Stack`` or a construct in one).
            id: The stage's id in ``scope``, also the stage resource's logical ID.
            api: The HTTP API: an ``Api`` construct, or its id.
            stage_name: The stage's name (``$default`` serves the API's own endpoint).
            auto_deploy: Deploy every change to the API.
            deployment_id: The deployment the stage serves (without auto-deploy): a Release,
                or a deployment's id.
            description: The stage's description.
            stage_variables: Stage variables (names ``[A-Za-z0-9_]+``).
            tags: Tags of the stage, by key.
            default_route: Throttling and detailed metrics of every route.
            route_settings: Per-route overrides keyed by route key (``"GET /pets/{id}"``).
            access_log_destination_arn: A CloudWatch Logs group or Firehose stream ARN.
            access_log_format: The access log line (default ``AccessLogFormat.http_default()``).
        """
        self.api = api
        super().__init__(scope, id, options_from(ApiStageOptions, locals()))


class LoggedHttpStage(HttpStage):
    """An HTTP API stage with access logs, detailed metrics and throttling on.

    Access logs go in JSON (``AccessLogFormat.http_default()``) to a new log group kept
    ``log_retention_days`` (None: forever) and retained when the stack is deleted, or to
    ``access_log_destination_arn``. ``default_route`` options are laid over detailed metrics and
    ``PRODUCTION_THROTTLE``.
    """

    _LOGGED = True

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        api: ApiLike,
        log_retention_days: int | None = 365,
        stage_name: str | Intrinsic = "$default",
        auto_deploy: bool | Intrinsic | None = True,
        deployment_id: str | Intrinsic | Release | None = None,
        description: str | Intrinsic | None = None,
        stage_variables: Mapping[str, str | Intrinsic] | None = None,
        tags: Mapping[str, str | Intrinsic] | None = None,
        default_route: RouteOptions | None = None,
        route_settings: Mapping[str, RouteOptions] | None = None,
        access_log_destination_arn: str | Intrinsic | None = None,
        access_log_format: AccessLogFormat | None = None,
    ) -> None:
        """Add the stage (and its access log group) to ``scope``; every option is checked first.

        Args:
            scope: The construct the stage goes in (a ``Stack`` or a construct in one).
            id: The stage's id in ``scope``, also the stage resource's logical ID.
            api: The HTTP API: an ``Api`` construct, or its id.
            log_retention_days: How long the created log group keeps logs (None: forever).
            stage_name: The stage's name (``$default`` serves the API's own endpoint).
            auto_deploy: Deploy every change to the API.
            deployment_id: The deployment the stage serves (without auto-deploy): a Release,
                or a deployment's id.
            description: The stage's description.
            stage_variables: Stage variables (names ``[A-Za-z0-9_]+``).
            tags: Tags of the stage, by key.
            default_route: Laid over detailed metrics and ``PRODUCTION_THROTTLE``.
            route_settings: Per-route overrides keyed by route key (``"GET /pets/{id}"``).
            access_log_destination_arn: Log there instead of to a new log group.
            access_log_format: The access log line (default ``AccessLogFormat.http_default()``).
        """
        production = RouteOptions(throttle=PRODUCTION_THROTTLE, detailed_metrics_enabled=True)
        if default_route is None:
            default_route = production
        elif isinstance(default_route, RouteOptions):  # anything else is reported by the checks
            default_route = default_route.merged_over(production)
        self.api = api
        # HttpStage's constructor has no log_retention_days; the options are built here.
        StageBase.__init__(
            self,
            scope,
            id,
            options_from(ApiStageOptions, locals()),
            log_retention_days=log_retention_days,
        )


class WebSocketStage(_ApiStage):
    """A WebSocket API stage: route settings may include execution logging and data trace.

    Route keys are ``$connect``, ``$disconnect``, ``$default`` or your own. Execution logging
    and access logging need the account's CloudWatch role (``AccountLoggingRole``); synthesis
    warns when the app has none, and warns about data trace (it can log sensitive data).
    """

    PROTOCOL = "WEBSOCKET"
    _SCHEME = "wss"

    def _option_problems(self) -> list[Problem]:
        problems = super()._option_problems()
        api, owner = self.api, self._owner
        if (
            isinstance(api, Api)
            and _protocol_of(api) == "WEBSOCKET"
            and api.props.route_selection_expression is None
        ):
            problems.append(
                problem(
                    owner,
                    ("api",),
                    "route-selection",
                    "a WebSocket API needs a route_selection_expression (CloudFormation requires "
                    "RouteSelectionExpression for WEBSOCKET)",
                    api.node.path,
                    hint="e.g. Api(..., route_selection_expression='$request.body.action')",
                )
            )
        log_format = self._options.access_log_format
        if isinstance(log_format, AccessLogFormat):
            problems += [
                problem(
                    owner,
                    ("access_log_format",),
                    "protocol",
                    f"{field} exists for REST APIs only; WebSocket access logs have no such "
                    "variable",
                    log_format.text,
                    hint="use AccessLogFormat.http_default() or a JSON format of WebSocket fields",
                )
                for field in _REST_ONLY_FIELDS
                if re.search(re.escape(field) + r"(?![A-Za-z0-9_.])", log_format.text)
            ]
        return problems

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        api: ApiLike,
        stage_name: str | Intrinsic = "prod",
        auto_deploy: bool | Intrinsic | None = None,
        deployment_id: str | Intrinsic | Release | None = None,
        description: str | Intrinsic | None = None,
        stage_variables: Mapping[str, str | Intrinsic] | None = None,
        tags: Mapping[str, str | Intrinsic] | None = None,
        default_route: RouteOptions | None = None,
        route_settings: Mapping[str, RouteOptions] | None = None,
        access_log_destination_arn: str | Intrinsic | None = None,
        access_log_format: AccessLogFormat | None = None,
    ) -> None:
        """Add the stage to ``scope``; every option is checked first (None: not set).

        Args:
            scope: The construct the stage goes in (a ``Stack`` or a construct in one).
            id: The stage's id in ``scope``, also the stage resource's logical ID.
            api: The WebSocket API: an ``Api`` construct, or its id.
            stage_name: The stage's name, part of its URL.
            auto_deploy: Deploy every change to the API.
            deployment_id: The deployment the stage serves (without auto-deploy): a Release,
                or a deployment's id.
            description: The stage's description.
            stage_variables: Stage variables (names ``[A-Za-z0-9_]+``).
            tags: Tags of the stage, by key.
            default_route: Logging, data trace, throttling and metrics of every route.
            route_settings: Per-route overrides keyed by route key (``"$connect"``...).
            access_log_destination_arn: A CloudWatch Logs group or Firehose stream ARN.
            access_log_format: The access log line (default ``AccessLogFormat.http_default()``).
        """
        self.api = api
        super().__init__(scope, id, options_from(ApiStageOptions, locals()))

    def _joined(self) -> None:
        super()._joined()
        require_account_logging_role(self, self._resource, self._why_logging_role)
        o = self._options
        if o.deployment_id is None and o.auto_deploy in (None, False):
            Annotations.of(self).add_warning(
                "the stage has no deployment_id and auto_deploy is off: it serves nothing "
                "until a deployment is made outside this stack; pass auto_deploy=True or "
                "deployment_id="
            )
        if any(r is not None and r.data_trace_enabled for r in self._routes()):
            Annotations.of(self).add_warning(
                "full message logging (data_trace_enabled) is on: it writes message bodies, which "
                "can hold credentials and personal data, to CloudWatch Logs; turn it off once you "
                "have debugged"
            )

    def _routes(self) -> list[RouteOptions | None]:
        return [self._options.default_route, *(self._options.route_settings or {}).values()]

    def _why_logging_role(self) -> str | None:
        levels = (r.logging_level for r in self._routes() if r is not None)
        level = next((lv for lv in levels if lv not in (None, "OFF")), None)
        if level is not None:
            return f"execution logging (LoggingLevel {level})"
        if self._resource.props.access_log_settings is not None:
            return "access logging"
        return None
