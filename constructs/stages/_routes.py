"""HTTP and WebSocket route settings: ``RouteOptions`` and route key rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import attrs

from stagewright.generated.aws_apigatewayv2.stage import RouteSettings
from stagewright.runtime._errors import Key, Path, Problem, suggest
from stagewright.stages._common import Throttle, check_shared_options, problem, raise_problems
from stagewright.stages._methods import LogLevel

__all__ = [
    "RouteOptions",
    "check_route_key",
    "check_route_options",
    "check_routes",
    "route_settings",
]

_HTTP_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "ANY")
_HTTP_SEGMENT = re.compile(r"(?:[A-Za-z0-9._~:@!$&'()*+,;=-]+|\{[A-Za-z0-9._-]+\+?\})\Z")
_WEBSOCKET_RESERVED = ("$connect", "$disconnect", "$default")
_NOT_FOR_HTTP = ("logging_level", "data_trace_enabled")


@attrs.frozen(kw_only=True)
class RouteOptions:
    """Settings of a route, or of every route (``default_route=``); None keeps the default's.

    ``logging_level`` and ``data_trace_enabled`` exist for WebSocket APIs only: HTTP APIs have
    no execution logs, and an HTTP stage refuses them.
    """

    throttle: Throttle | None = None
    detailed_metrics_enabled: bool | None = None
    logging_level: LogLevel | None = None
    data_trace_enabled: bool | None = None

    def __attrs_post_init__(self) -> None:
        raise_problems(check_route_options("RouteOptions", (), self, protocol="WEBSOCKET"))

    def merged_over(self, base: RouteOptions) -> RouteOptions:
        """Return ``base`` with every option this one sets replaced."""
        changes = {f.name: getattr(self, f.name) for f in attrs.fields(RouteOptions)}
        return attrs.evolve(base, **{k: v for k, v in changes.items() if v is not None})

    def to_settings(self) -> RouteSettings | None:
        """Return the CloudFormation ``RouteSettings``, or None when nothing is set."""
        if all(getattr(self, f.name) is None for f in attrs.fields(RouteOptions)):
            return None
        throttle = self.throttle
        return RouteSettings(
            throttling_rate_limit=throttle.rate_limit if throttle else None,
            throttling_burst_limit=throttle.burst_limit if throttle else None,
            detailed_metrics_enabled=self.detailed_metrics_enabled,
            logging_level=self.logging_level,
            data_trace_enabled=self.data_trace_enabled,
        )


def check_route_options(owner: str, path: Path, options: Any, *, protocol: str) -> list[Problem]:
    """Return the problems of route options for an API of ``protocol`` (HTTP or WEBSOCKET)."""
    if not isinstance(options, RouteOptions):
        hint = "build it with RouteOptions(...)"
        return [problem(owner, path, "type", "must be a RouteOptions", options, hint=hint)]
    values = attrs.asdict(options, recurse=False)
    booleans = ("detailed_metrics_enabled", "data_trace_enabled")
    problems = check_shared_options(owner, path, values, booleans)
    if protocol == "HTTP":
        problems += [
            problem(
                owner,
                (*path, name),
                "http-api",
                "is not supported by HTTP APIs (they have no execution logs)",
                getattr(options, name),
                hint="drop it; WebSocketStage takes it for a WebSocket API",
            )
            for name in _NOT_FOR_HTTP
            if getattr(options, name) is not None
        ]
    return problems


def check_route_key(owner: str, path: Path, key: Any, *, protocol: str) -> Problem | None:
    """Return the problem with a route key: ``$default``/``GET /pets`` (HTTP), ``$connect``..."""
    if not isinstance(key, str) or not key or key != key.strip():
        message = "must be a non-empty route key without surrounding spaces"
        return problem(owner, path, "route-key", message, key)
    if protocol == "WEBSOCKET":
        if key.startswith("$") and key not in _WEBSOCKET_RESERVED:
            allowed = ", ".join(_WEBSOCKET_RESERVED)
            message = f"a $ route is one of {allowed}"
            hint = suggest(key, _WEBSOCKET_RESERVED)
            return problem(owner, path, "route-key", message, key, hint=hint)
        return None
    if key == "$default":
        return None
    method, _, route = key.partition(" ")
    shape = "an HTTP route key is '$default' or '<METHOD> <path>', e.g. 'GET /pets/{id}'"
    if method not in _HTTP_METHODS:
        fixed = f"{method.upper()} {route}"
        hint = f"did you mean {fixed!r}?" if method.upper() in _HTTP_METHODS else None
        return problem(owner, path, "route-key", shape, key, hint=hint)
    segments = route.split("/")
    if not route.startswith("/") or (
        route != "/" and not all(map(_HTTP_SEGMENT.match, segments[1:]))
    ):
        return problem(owner, path, "route-key", shape, key)
    return None


def route_settings(
    owner: str, base: RouteOptions, per_route: Mapping[str, RouteOptions]
) -> dict[str, RouteSettings]:
    """Return ``RouteSettings`` per route key, each filled in from ``base``."""
    settings = {}
    for key, options in per_route.items():
        merged = options.merged_over(base).to_settings()
        if merged is not None:
            settings[key] = merged
    return settings


def check_routes(
    owner: str, default: Any, per_route: Mapping[str, Any], *, protocol: str
) -> list[Problem]:
    """Return the problems of a stage's ``default_route`` and ``route_settings``."""
    problems = []
    if default is not None:
        problems += check_route_options(owner, ("default_route",), default, protocol=protocol)
    for key, options in per_route.items():
        where = ("route_settings", Key(str(key)))
        found = check_route_key(owner, where, key, protocol=protocol)
        problems += [found] if found else []
        problems += check_route_options(owner, where, options, protocol=protocol)
    return problems
