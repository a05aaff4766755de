"""The options of the stage constructs, as typed frozen attrs classes (one per API family).

A stage construct takes its options as keyword arguments, builds one of these, checks it (the
errors name the construct, e.g. ``Shop/Prod: metrics_enabled``) and reads only it afterwards:
``stage.options``. ``None`` means "not set": the construct's default, or nothing in the template.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._access_log import AccessLogFormat
from stagewright.stages._canary import Canary
from stagewright.stages._common import Throttle
from stagewright.stages._methods import LogLevel, MethodOptions

if TYPE_CHECKING:  # HTTP/WebSocket only: a REST app need not import their generated types
    from stagewright.stages._release import Release
    from stagewright.stages._routes import RouteOptions

__all__ = ["ApiStageOptions", "RestStageOptions", "StageOptions", "options_from"]

OptionsT = TypeVar("OptionsT", bound="StageOptions")


@attrs.frozen(kw_only=True)
class StageOptions:
    """What every stage construct takes: its name, description, tags and access log."""

    stage_name: str | Intrinsic
    """The stage's name, part of its URL."""
    description: str | Intrinsic | None = None
    """The stage's description."""
    tags: Mapping[str, str | Intrinsic] | None = None
    """Tags of the stage, by key."""
    access_log_destination_arn: str | Intrinsic | None = None
    """Where access logs go: a CloudWatch Logs group or Firehose stream ARN."""
    access_log_format: AccessLogFormat | None = None
    """The access log line (needs a destination; each family has a JSON default)."""


@attrs.frozen(kw_only=True)
class RestStageOptions(StageOptions):
    """The options of the REST stage constructs (``AWS::ApiGateway::Stage``).

    ``RestStage``, ``CanaryStage`` and ``LoggedProductionStage`` take each field as a keyword
    argument of the same name; ``stage.options`` is the object they built.
    """

    stage_name: str | Intrinsic = "prod"
    """The stage's name, part of its URL."""
    variables: Mapping[str, str | Intrinsic] | None = None
    """Stage variables (names ``[A-Za-z0-9_]+``); reference them with ``stage_variable()``."""
    tracing_enabled: bool | Intrinsic | None = None
    """X-Ray tracing."""
    client_certificate_id: str | Intrinsic | None = None
    """The client certificate API Gateway uses to call the integration endpoints."""
    documentation_version: str | Intrinsic | None = None
    """The documentation snapshot the stage serves."""
    logging_level: LogLevel | None = None
    """Execution logging for all methods: ``OFF``, ``ERROR`` or ``INFO``."""
    metrics_enabled: bool | None = None
    """Detailed CloudWatch metrics for all methods."""
    data_trace_enabled: bool | None = None
    """Log full requests and responses for all methods (synthesis warns: sensitive data)."""
    throttle: Throttle | None = None
    """Throttling for all methods."""
    method_options: Mapping[str, MethodOptions] | None = None
    """Per-method overrides keyed ``"/pets/{id}/GET"``."""
    cache_cluster_size: str | float | None = None
    """A cache cluster of this size in GB (0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237)."""
    caching_enabled: bool | None = None
    """Cache responses of all methods (needs ``cache_cluster_size``)."""
    cache_ttl_seconds: int | None = None
    """How long cached responses live, 0 to 3600 seconds."""
    cache_data_encrypted: bool | None = None
    """Encrypt cached data (default: True whenever caching is on)."""
    canary: Canary | None = None
    """A canary release on this stage."""


@attrs.frozen(kw_only=True)
class ApiStageOptions(StageOptions):
    """The options of the HTTP and WebSocket stage constructs (``AWS::ApiGatewayV2::Stage``).

    ``HttpStage``, ``LoggedHttpStage`` and ``WebSocketStage`` take each field as a keyword
    argument of the same name; ``stage.options`` is the object they built.
    """

    auto_deploy: bool | Intrinsic | None = None
    """Deploy every change to the API (the HTTP stages default to True)."""
    deployment_id: str | Intrinsic | Release | None = None
    """The deployment the stage serves (without auto-deploy)."""
    stage_variables: Mapping[str, str | Intrinsic] | None = None
    """Stage variables (names ``[A-Za-z0-9_]+``)."""
    default_route: RouteOptions | None = None
    """Settings of every route: throttling, detailed metrics (and logging for WebSocket)."""
    route_settings: Mapping[str, RouteOptions] | None = None
    """Per-route overrides keyed by route key: ``$default``, ``GET /pets`` or ``$connect``."""


_NAMES: dict[type[StageOptions], tuple[str, ...]] = {}


def _names(cls: type[StageOptions]) -> tuple[str, ...]:
    """Return the field names of ``cls`` (read once: ``attrs.fields`` checks its argument)."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(f.name for f in attrs.fields(cls))
    return names


def options_from(cls: type[OptionsT], arguments: Mapping[str, Any]) -> OptionsT:
    """Build ``cls`` from the constructor arguments of the same names (``locals()``).

    A constructor missing one of the fields is a KeyError here, so none is forgotten.
    """
    return cls(**{name: arguments[name] for name in _names(cls)})
