"""HTTP and WebSocket API stages (``AWS::ApiGatewayV2::Stage``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, TypedDict, Unpack

import attrs

from stagewright.core._fn import Fn
from stagewright.core._tree import Annotations, Construct
from stagewright.generated.aws_apigatewayv2.api import Api
from stagewright.generated.aws_apigatewayv2.stage import AccessLogSettings, Stage
from stagewright.generated.aws_logs.log_group import LogGroup
from stagewright.runtime._errors import Problem
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._access_log import AccessLogFormat
from stagewright.stages._account import require_account_logging_role
from stagewright.stages._canary import ref_of
from stagewright.stages._common import (
    access_log_destination,
    check_log_retention,
    check_options,
    owner_of,
    problem,
    raise_problems,
)
from stagewright.stages._rest import PRODUCTION_THROTTLE
from stagewright.stages._routes import RouteOptions, check_routes, route_settings
from stagewright.stages._variables import check_stage_variables

__all__ = ["ApiStageOptions", "HttpStage", "LoggedHttpStage", "WebSocketStage"]

ApiLike = Api | str | Intrinsic
"""An HTTP or WebSocket API: the construct, or its id."""


class ApiStageOptions(TypedDict, total=False):
    """The keyword options of the HTTP and WebSocket stage constructs (all optional)."""

    stage_name: str
    """``$default`` for an HTTP stage, ``prod`` for a WebSocket stage, unless given."""
    auto_deploy: bool
    """Deploy every change to the API (default: True for HTTP, False for WebSocket)."""
    deployment_id: str | Intrinsic
    description: str | Intrinsic
    stage_variables: Mapping[str, str | Intrinsic]
    tags: Mapping[str, str | Intrinsic]
    default_route: RouteOptions
    """Settings of every route: throttling, detailed metrics (and logging for WebSocket)."""
    route_settings: Mapping[str, RouteOptions]
    """Per-route overrides keyed by route key: ``$default``, ``GET /pets`` or ``$connect``."""
    access_log_destination_arn: str | Intrinsic
    access_log_format: AccessLogFormat
    """The access log line (default: ``AccessLogFormat.http_default()``)."""


_OPTIONS = ApiStageOptions.__annotations__


def _protocol_of(api: Any) -> str | None:
    if not isinstance(api, Api):
        return None
    protocol = api.props.protocol_type
    if protocol is None and api.props.body is not None:
        return "HTTP"  # an OpenAPI import only makes HTTP APIs
    return protocol if isinstance(protocol, str) else None


class _ApiStage(Construct):
    """What HTTP and WebSocket stages share; the subclass names its protocol."""

    PROTOCOL: ClassVar[str]
    _DEFAULT_NAME: ClassVar[str]
    _SCHEME: ClassVar[str]

    def __init__(
        self, scope: Construct, id: str, *, api: ApiLike, **options: Unpack[ApiStageOptions]
    ) -> None:
        owner = owner_of(scope, id)
        check_options(owner, options, _OPTIONS)
        self._owner, self.api = owner, api
        self._options: dict[str, Any] = dict(options)
        kwargs = self._stage_kwargs()
        super().__init__(scope, id)
        self.resource = Stage(self, "Default", **kwargs)
        """The ``AWS::ApiGatewayV2::Stage`` this construct configures."""
        destination = self._access_log_destination()
        if destination is not None:
            log_format = options.get("access_log_format") or AccessLogFormat.http_default()
            setting = AccessLogSettings(destination_arn=destination, format=log_format.text)
            self.resource.props = attrs.evolve(self.resource.props, access_log_settings=setting)

    def _problems(self) -> list[Problem]:
        o, owner = self._options, self._owner
        problems = check_stage_variables(
            owner, ("stage_variables",), o.get("stage_variables") or {}
        )
        problems += check_routes(
            owner, o.get("default_route"), o.get("route_settings") or {}, protocol=self.PROTOCOL
        )
        protocol = _protocol_of(self.api)
        if protocol is not None and protocol != self.PROTOCOL:
            other = "WebSocketStage" if protocol == "WEBSOCKET" else "HttpStage"
            path = self.api.node.path if isinstance(self.api, Api) else self.api
            message = f"is a {protocol} API; {type(self).__name__} is for {self.PROTOCOL} APIs"
            problems.append(
                problem(owner, ("api",), "protocol", message, path, hint=f"use {other}")
            )
        if "access_log_format" in o and not self._has_access_log_destination():
            text = o["access_log_format"].text
            message = "has nowhere to go without access_log_destination_arn"
            hint = (
                "pass access_log_destination_arn=, or use LoggedHttpStage (it creates a log group)"
            )
            problems.append(
                problem(
                    owner, ("access_log_format",), "needs-destination", message, text, hint=hint
                )
            )
        return problems

    def _stage_kwargs(self) -> dict[str, Any]:
        raise_problems(self._problems())
        o = self._options
        default = o.get("default_route") or RouteOptions()
        routes = route_settings(self._owner, default, o.get("route_settings") or {})
        return {
            "api_id": ref_of(self.api),
            "stage_name": o.get("stage_name", self._DEFAULT_NAME),
            "auto_deploy": o.get("auto_deploy", True if self.PROTOCOL == "HTTP" else None),
            "deployment_id": o.get("deployment_id"),
            "description": o.get("description"),
            "stage_variables": dict(o["stage_variables"]) if o.get("stage_variables") else None,
            "tags": dict(o["tags"]) if o.get("tags") else None,
            "default_route_settings": default.to_settings(),
            "route_settings": routes or None,
        }

    def _has_access_log_destination(self) -> bool:
        return "access_log_destination_arn" in self._options

    def _access_log_destination(self) -> str | Intrinsic | None:
        return self._options.get("access_log_destination_arn")

    @property
    def stage_name(self) -> Any:
        """The stage's name (a ``Ref`` of the stage)."""
        return self.resource.ref

    @property
    def url(self) -> Intrinsic:
        """The stage's URL (for ``$default``, the API's endpoint)."""
        name = self._options.get("stage_name", self._DEFAULT_NAME)
        suffix = "/" if name == "$default" else "/${Stage}"
        return Fn.sub(
            f"{self._SCHEME}://${{Api}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}{suffix}",
            {"Api": ref_of(self.api), "Stage": self.resource.ref}
            if suffix != "/"
            else {"Api": ref_of(self.api)},
        )


class HttpStage(_ApiStage):
    """An HTTP API stage: ``$default`` with auto-deploy unless told otherwise.

    Default route settings (throttling, detailed metrics) and per-route settings keyed by route
    key (``"GET /pets/{id}"``); execution logging and data trace are refused (HTTP APIs have
    neither). Nothing is on unless asked for; ``LoggedHttpStage`` has production defaults.
    """

    PROTOCOL = "HTTP"
    _DEFAULT_NAME = "$default"
    _SCHEME = "https"


class LoggedHttpStage(HttpStage):
    """An HTTP API stage with access logs, detailed metrics and throttling on.

    Access logs go in JSON (``AccessLogFormat.http_default()``) to a new log group kept
    ``log_retention_days`` (None: forever) and retained when the stack is deleted, or to
    ``access_log_destination_arn``. ``default_route`` options are laid over detailed metrics and
    ``PRODUCTION_THROTTLE``.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        api: ApiLike,
        log_retention_days: int | None = 365,
        **options: Unpack[ApiStageOptions],
    ) -> None:
        production = RouteOptions(throttle=PRODUCTION_THROTTLE, detailed_metrics_enabled=True)
        given = options.get("default_route")
        if given is None:
            options["default_route"] = production
        elif isinstance(given, RouteOptions):  # anything else is reported by the checks
            options["default_route"] = given.merged_over(production)
        if "access_log_destination_arn" not in options:
            raise_problems(check_log_retention(owner_of(scope, id), log_retention_days))
        self._retention = log_retention_days
        self.log_group: LogGroup | None = None
        """The access log group this stage created, or None when given a destination ARN."""
        super().__init__(scope, id, api=api, **options)

    def _has_access_log_destination(self) -> bool:
        return True

    def _access_log_destination(self) -> str | Intrinsic | None:
        self.log_group, destination = access_log_destination(self, self._options, self._retention)
        return destination


class WebSocketStage(_ApiStage):
    """A WebSocket API stage: route settings may include execution logging and data trace.

    Route keys are ``$connect``, ``$disconnect``, ``$default`` or your own. Execution logging
    and access logging need the account's CloudWatch role (``AccountLoggingRole``); synthesis
    warns when the app has none, and warns about data trace (it can log sensitive data).
    """

    PROTOCOL = "WEBSOCKET"
    _DEFAULT_NAME = "prod"
    _SCHEME = "wss"

    def __init__(
        self, scope: Construct, id: str, *, api: ApiLike, **options: Unpack[ApiStageOptions]
    ) -> None:
        super().__init__(scope, id, api=api, **options)
        require_account_logging_role(self, self.resource, self._why_logging_role)
        routes = [
            self._options.get("default_route"),
            *(self._options.get("route_settings") or {}).values(),
        ]
        if any(r is not None and r.data_trace_enabled for r in routes):
            Annotations.of(self).add_warning(
                "full message logging (data_trace_enabled) is on: it writes message bodies, which "
                "can hold credentials and personal data, to CloudWatch Logs; turn it off once you "
                "have debugged"
            )

    def _why_logging_role(self) -> str | None:
        routes = [
            self._options.get("default_route"),
            *(self._options.get("route_settings") or {}).values(),
        ]
        level = next(
            (
                r.logging_level
                for r in routes
                if r is not None and r.logging_level not in (None, "OFF")
            ),
            None,
        )
        if level is not None:
            return f"execution logging (LoggingLevel {level})"
        if self.resource.props.access_log_settings is not None:
            return "access logging"
        return None
