"""Stage constructs: what AWS's stage guide asks a careful engineer to configure, as defaults.

* ``LoggedProductionStage``: a REST stage with access and execution logs, metrics, tracing and
  throttling on; ``CanaryStage``: a REST stage with a canary release and its rollout;
  ``RestStage``: the validated options without defaults.
* ``HttpStage`` / ``LoggedHttpStage`` and ``WebSocketStage`` for ``AWS::ApiGatewayV2::Stage``.
* ``AccountLoggingRole``: the account's CloudWatch Logs role for API Gateway (one per app);
  ``ExternalAccountLoggingRole`` when that role is set up outside the app.
* ``AccessLogFormat`` / ``AccessLogField``, ``Throttle``, ``MethodOptions``, ``RouteOptions``,
  ``Canary`` and ``stage_variable()``.
* ``StageBase``: what every stage construct is (``.resource``, ``.options``, ``.log_group``,
  ``.stage_name``, ``.url``); its options are a frozen attrs object, ``StageOptions``
  (``RestStageOptions`` for REST, ``ApiStageOptions`` for HTTP and WebSocket).
* ``RestApiLike``, ``DeploymentLike``, ``ApiLike``: what the constructors accept for the API
  and the deployment (a construct, or an id).
"""

from stagewright.stages._access_log import AccessLogField, AccessLogFormat
from stagewright.stages._account import AccountLoggingRole, ExternalAccountLoggingRole
from stagewright.stages._base import StageBase
from stagewright.stages._canary import Canary, DeploymentLike, RestApiLike
from stagewright.stages._common import Throttle
from stagewright.stages._methods import CACHE_CLUSTER_SIZES, MethodOptions
from stagewright.stages._options import ApiStageOptions, RestStageOptions, StageOptions
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
    "ApiLike",
    "ApiStageOptions",
    "Canary",
    "CanaryStage",
    "DeploymentLike",
    "ExternalAccountLoggingRole",
    "HttpStage",
    "LoggedHttpStage",
    "LoggedProductionStage",
    "MethodOptions",
    "RestApiLike",
    "RestStage",
    "RestStageOptions",
    "RouteOptions",
    "StageBase",
    "StageOptions",
    "Throttle",
    "WebSocketStage",
    "stage_variable",
]
