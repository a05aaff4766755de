"""Shared by the synthesis benchmark's workloads: scenarios, sizes, names, values, command line.

Each workload (``_synth_stagewright.py``, ``_synth_troposphere.py``, ``_synth_hand.py``) runs as
its own process: ``python benchmarks/_synth_<way>.py SCENARIO STACKS OUTDIR``. It writes one
``<StackName>.template.json`` per stack into ``OUTDIR``. The scenarios:

* ``literal``: each stack holds ``STAGES_PER_STACK`` fully populated ``AWS::ApiGateway::Stage``
  resources whose API, deployment and canary deployment ids are literal strings;
* ``ref``: each stack holds a ``RestApi``, ``DEPLOYMENTS_PER_STACK`` ``Deployment``s (``RestApiId``
  a ``Ref`` of the API) and ``WIRED_STAGES_PER_STACK`` stages as in ``literal``, but with
  ``RestApiId``, ``DeploymentId`` and the canary's ``DeploymentId`` ``Ref``s, and an output;
* ``logged``: the same API and deployments with ``WIRED_STAGES_PER_STACK``
  ``LoggedProductionStage``s with canaries (a ``Stage`` and a retained ``LogGroup`` each);
  stack 0 also holds the app's one ``AccountLoggingRole`` (an IAM role and the
  ``AWS::ApiGateway::Account``), which the stages of stack 0 name in ``DependsOn`` (the other
  stacks depend on stack 0 in stagewright's manifest, outside the templates).

Stage ``i`` of stack ``s`` takes its values from the global index ``g = s * per_stack + i``, so
every stage of the app differs. With ``STACKS`` 0 a workload only imports its library (the
fixed cost of a process).

This module uses the standard library only, so it adds nothing to what a workload imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

__all__ = [
    "ACCOUNT_ID",
    "ACCOUNT_ROLE_POLICY",
    "ACCOUNT_ROLE_TRUST",
    "API_ID",
    "CACHE_SIZES",
    "DEPLOYMENTS_PER_STACK",
    "LOGGING_LEVELS",
    "LOG_RETENTION_DAYS",
    "OUTPUT_ID",
    "REST_ACCESS_LOG_FORMAT",
    "SCENARIOS",
    "STAGES_PER_STACK",
    "TEMPLATE_FORMAT_VERSION",
    "WIRED_STAGES_PER_STACK",
    "Scenario",
    "account_role_id",
    "api_name",
    "canary_deployment",
    "deployment_id",
    "log_group_id",
    "nested_logical_id",
    "parse_args",
    "stack_name",
    "stage_deployment",
    "stage_id",
    "stages_per_stack",
    "template_path",
]

STAGES_PER_STACK = 500
"""CloudFormation's quota of resources per template."""
TEMPLATE_FORMAT_VERSION = "2010-09-09"
CacheSize = Literal["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]
LoggingLevel = Literal["OFF", "ERROR", "INFO"]
CACHE_SIZES: tuple[CacheSize, ...] = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")
LOGGING_LEVELS: tuple[LoggingLevel, ...] = ("OFF", "ERROR", "INFO")

Scenario = Literal["literal", "ref", "logged"]
SCENARIOS: tuple[Scenario, ...] = ("literal", "ref", "logged")
WIRED_STAGES_PER_STACK = 100
"""Stages per stack of ``ref`` and ``logged``: 105 and 205 (207 in stack 0) resources a stack."""
DEPLOYMENTS_PER_STACK = 4
API_ID = "Api"
OUTPUT_ID = "ApiId"
ACCOUNT_ID = "ApiGatewayLogging"
"""The construct id of the ``AccountLoggingRole``: the logical ID of its Account resource."""
LOG_RETENTION_DAYS = (30, 90, 365)
REST_ACCESS_LOG_FORMAT = (
    '{"requestId":"$context.requestId","extendedRequestId":"$context.extendedRequestId",'
    '"ip":"$context.identity.sourceIp","caller":"$context.identity.caller",'
    '"user":"$context.identity.user","userAgent":"$context.identity.userAgent",'
    '"requestTime":"$context.requestTime","httpMethod":"$context.httpMethod",'
    '"resourcePath":"$context.resourcePath","status":"$context.status",'
    '"protocol":"$context.protocol","responseLength":"$context.responseLength",'
    '"responseLatency":"$context.responseLatency",'
    '"integrationLatency":"$context.integrationLatency",'
    '"integrationStatus":"$context.integration.status",'
    '"errorMessage":"$context.error.message","errorType":"$context.error.responseType",'
    '"xrayTraceId":"$context.xrayTraceId"}'
)
"""``AccessLogFormat.rest_default().text``, written out for the peers (the check catches drift)."""
ACCOUNT_ROLE_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "apigateway.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}
ACCOUNT_ROLE_POLICY = (
    "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
)


def stack_name(stack: int) -> str:
    """Return the name of stack number ``stack`` (``Bench00``)."""
    return f"Bench{stack:02d}"


def stage_id(index: int) -> str:
    """Return the construct id and logical ID of stage ``index`` of a stack (``Stage042``)."""
    return f"Stage{index:03d}"


def stages_per_stack(scenario: Scenario) -> int:
    """Return how many stages a stack of ``scenario`` holds."""
    return STAGES_PER_STACK if scenario == "literal" else WIRED_STAGES_PER_STACK


def api_name(stack: int) -> str:
    """Return the ``Name`` of stack number ``stack``'s REST API."""
    return f"bench-api-{stack}"


def deployment_id(index: int) -> str:
    """Return the construct id and logical ID of deployment ``index`` of a stack."""
    return f"Deployment{index}"


def stage_deployment(index: int) -> str:
    """Return the logical ID of the deployment stage ``index`` of a stack serves."""
    return deployment_id(index % DEPLOYMENTS_PER_STACK)


def canary_deployment(index: int) -> str:
    """Return the logical ID of the deployment stage ``index``'s canary serves."""
    return deployment_id((index + 1) % DEPLOYMENTS_PER_STACK)


def nested_logical_id(*components: str) -> str:
    """Return stagewright's logical ID of a nested construct of alphanumeric ids (CDK's rule)."""
    import hashlib  # noqa: PLC0415 - only the ``logged`` scenario needs it

    digest = hashlib.md5("/".join(components).encode(), usedforsecurity=False).hexdigest()
    return "".join(components) + digest[:8].upper()


def log_group_id(index: int) -> str:
    """Return the logical ID of the access log group of ``LoggedProductionStage`` ``index``."""
    return nested_logical_id(stage_id(index), "AccessLogs")


def account_role_id() -> str:
    """Return the logical ID of the IAM role the ``AccountLoggingRole`` creates."""
    return nested_logical_id(ACCOUNT_ID, "Role")


def template_path(outdir: Path, stack: int) -> Path:
    """Return where stack number ``stack``'s template goes (stagewright's file name)."""
    return outdir / f"{stack_name(stack)}.template.json"


def parse_args(argv: Sequence[str]) -> tuple[Scenario, int, Path]:
    """Read ``SCENARIO STACKS OUTDIR`` from a workload's command line."""
    scenario = next((s for s in SCENARIOS if argv and argv[0] == s), None)
    if len(argv) != 3 or scenario is None or not argv[1].isdigit():
        choices = "|".join(SCENARIOS)
        raise SystemExit(f"usage: python benchmarks/_synth_<way>.py {{{choices}}} STACKS OUTDIR")
    return scenario, int(argv[1]), Path(argv[2])
