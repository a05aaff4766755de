"""Stage constructs: what AWS's stage guide asks a careful engineer to configure, as defaults.

* ``LoggedProductionStage``: a REST stage with access and execution logs, metrics, tracing and
  throttling on; ``CanaryStage``: a REST stage with a canary release and its rollout;
  ``RestStage``: the validated options without defaults.
* ``HttpStage`` / ``LoggedHttpStage`` and ``WebSocketStage`` for ``AWS::ApiGatewayV2::Stage``.
* ``AccountLoggingRole``: the account's CloudWatch Logs role for API Gateway (one per app);
  ``ExternalAccountLoggingRole`` when that role is set up outside the app.
* ``Release``: a deployment named after its API's content, so a changed API reaches its
  stages (and a canary can keep the previous release with ``pin=``).
* ``OpenApiDefinition``: an API's OpenAPI document in its own file (JSON or YAML), which deploy
  uploads to the staging bucket (``BodyS3Location``), or inlines when small.
* ``AccessLogFormat`` / ``AccessLogField``, ``Throttle``, ``MethodOptions``, ``RouteOptions``,
  ``Canary`` and ``stage_variable()``.
* ``Metric``, ``MathExpression``: CloudWatch metrics of a stage (``stage.metric_5xx()``...),
  for ``stage.recommended_alarms()`` (a ``StageAlarms``) and ``stage.dashboard()``.
* ``RestDomain`` (REST, regional or edge) and ``ApiDomain`` (HTTP and WebSocket): custom domain
  names, reusable across stages and APIs, mapped with ``stage.map_domain(domain, base_path=...)``
  (a ``DomainMapping``); ``CustomDomain`` is their base.
* ``StageVariablePermissions``: the Lambda permissions of integrations that pick their function
  by stage variable, one per value the stage and its canary give it.
* ``StageBase``: what every stage construct is (``.resource``, ``.options``, ``.log_group``,
  ``.stage_name``, ``.url``); its options are a frozen attrs object, ``StageOptions``
  (``RestStageOptions`` for REST, ``ApiStageOptions`` for HTTP and WebSocket).
* ``RestApiLike``, ``DeploymentLike``, ``ApiLike``: what the constructors accept for the API
  and the deployment (a construct, or an id).

Each name is imported with its module on first use: an app of REST stages does not import the
HTTP and WebSocket stages' generated types (and attrs builds no classes for them).
"""

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from stagewright.stages._access_log import AccessLogField, AccessLogFormat
    from stagewright.stages._account import AccountLoggingRole, ExternalAccountLoggingRole
    from stagewright.stages._alarms import StageAlarms
    from stagewright.stages._base import StageBase
    from stagewright.stages._canary import Canary, DeploymentLike, RestApiLike
    from stagewright.stages._common import Throttle
    from stagewright.stages._domain import ApiDomain, CustomDomain, DomainMapping, RestDomain
    from stagewright.stages._methods import CACHE_CLUSTER_SIZES, MethodOptions
    from stagewright.stages._metrics import MathExpression, Metric
    from stagewright.stages._openapi import OpenApiDefinition
    from stagewright.stages._options import ApiStageOptions, RestStageOptions, StageOptions
    from stagewright.stages._permissions import StageVariablePermissions
    from stagewright.stages._release import Release
    from stagewright.stages._rest import PRODUCTION_THROTTLE, RestStage
    from stagewright.stages._rest_presets import CanaryStage, LoggedProductionStage
    from stagewright.stages._routes import RouteOptions
    from stagewright.stages._v2 import ApiLike, HttpStage, LoggedHttpStage, WebSocketStage
    from stagewright.stages._variables import stage_variable

__all__ = [
    "CACHE_CLUSTER_SIZES",
    "PRODUCTION_THROTTLE",
    "AccessLogField",
    "AccessLogFormat",
    "AccountLoggingRole",
    "ApiDomain",
    "ApiLike",
    "ApiStageOptions",
    "Canary",
    "CanaryStage",
    "CustomDomain",
    "DeploymentLike",
    "DomainMapping",
    "ExternalAccountLoggingRole",
    "HttpStage",
    "LoggedHttpStage",
    "LoggedProductionStage",
    "MathExpression",
    "MethodOptions",
    "Metric",
    "OpenApiDefinition",
    "Release",
    "RestApiLike",
    "RestDomain",
    "RestStage",
    "RestStageOptions",
    "RouteOptions",
    "StageAlarms",
    "StageBase",
    "StageOptions",
    "StageVariablePermissions",
    "Throttle",
    "WebSocketStage",
    "stage_variable",
]


_LAZY = {
    "AccessLogField": "stagewright.stages._access_log",
    "AccessLogFormat": "stagewright.stages._access_log",
    "AccountLoggingRole": "stagewright.stages._account",
    "ApiDomain": "stagewright.stages._domain",
    "ApiLike": "stagewright.stages._v2",
    "ApiStageOptions": "stagewright.stages._options",
    "CACHE_CLUSTER_SIZES": "stagewright.stages._methods",
    "Canary": "stagewright.stages._canary",
    "CanaryStage": "stagewright.stages._rest_presets",
    "CustomDomain": "stagewright.stages._domain",
    "DeploymentLike": "stagewright.stages._canary",
    "DomainMapping": "stagewright.stages._domain",
    "ExternalAccountLoggingRole": "stagewright.stages._account",
    "HttpStage": "stagewright.stages._v2",
    "LoggedHttpStage": "stagewright.stages._v2",
    "LoggedProductionStage": "stagewright.stages._rest_presets",
    "MathExpression": "stagewright.stages._metrics",
    "MethodOptions": "stagewright.stages._methods",
    "Metric": "stagewright.stages._metrics",
    "OpenApiDefinition": "stagewright.stages._openapi",
    "PRODUCTION_THROTTLE": "stagewright.stages._rest",
    "Release": "stagewright.stages._release",
    "RestApiLike": "stagewright.stages._canary",
    "RestDomain": "stagewright.stages._domain",
    "RestStage": "stagewright.stages._rest",
    "RestStageOptions": "stagewright.stages._options",
    "RouteOptions": "stagewright.stages._routes",
    "StageAlarms": "stagewright.stages._alarms",
    "StageBase": "stagewright.stages._base",
    "StageOptions": "stagewright.stages._options",
    "StageVariablePermissions": "stagewright.stages._permissions",
    "Throttle": "stagewright.stages._common",
    "WebSocketStage": "stagewright.stages._v2",
    "stage_variable": "stagewright.stages._variables",
}


if not TYPE_CHECKING:  # type checkers see the imports above: a misspelt name is an error

    def __getattr__(name: str) -> Any:
        """Import the module of ``name`` on first use (see the module docstring)."""
        module = _LAZY.get(name)
        if module is None:
            raise AttributeError(f"module 'stagewright.stages' has no attribute {name!r}")
        import importlib  # noqa: PLC0415

        value = getattr(importlib.import_module(module), name)
        globals()[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted({*globals(), *__all__})
