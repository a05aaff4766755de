"""Synthesis benchmark workload: the templates built and synthesized with stagewright.

Run: ``python benchmarks/_synth_stagewright.py SCENARIO STACKS OUTDIR`` (see ``_synth_common``):
an ``App`` of ``STACKS`` stacks of typed, validated ``Stage`` constructs (``literal``, ``ref``) or
``LoggedProductionStage``s (``logged``), written with ``app.synth(OUTDIR)`` (templates plus
``manifest.json``).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from _synth_common import (
    ACCOUNT_ID,
    API_ID,
    CACHE_SIZES,
    DEPLOYMENTS_PER_STACK,
    LOG_RETENTION_DAYS,
    LOGGING_LEVELS,
    OUTPUT_ID,
    Scenario,
    api_name,
    deployment_id,
    parse_args,
    stack_name,
    stage_id,
    stages_per_stack,
)

from stagewright import App, CfnOutput, Stack
from stagewright.generated.aws_apigateway import deployment, rest_api, stage


def method_settings(g: int) -> list[stage.MethodSetting]:
    """Return the method settings of stage ``g``: three for even ``g``, two for odd."""
    settings = [
        stage.MethodSetting(
            data_trace_enabled=False,
            http_method="*",
            logging_level=LOGGING_LEVELS[g % 3],
            metrics_enabled=True,
            resource_path="/*",
            throttling_burst_limit=100 + g,
            throttling_rate_limit=50.0 + g,
        ),
        stage.MethodSetting(
            cache_data_encrypted=True,
            cache_ttl_in_seconds=300 + g % 3600,
            caching_enabled=True,
            http_method="GET",
            resource_path=f"/~1items~1{g}",
        ),
    ]
    if g % 2 == 0:
        settings.append(
            stage.MethodSetting(
                http_method="POST",
                resource_path="/~1orders",
                throttling_burst_limit=10,
                throttling_rate_limit=5.0,
            )
        )
    return settings


def add_stage(stack: Stack, id: str, g: int, *, api: Any, serves: Any, canary: Any) -> stage.Stage:
    """Add stage ``g`` to ``stack`` as ``id``, serving deployment ``serves`` of API ``api``."""
    return stage.Stage(
        stack,
        id,
        access_log_setting=stage.AccessLogSetting(
            destination_arn=f"arn:aws:logs:us-east-1:123456789012:log-group:access-{g}",
            format=f'{{"requestId":"$context.requestId","stage":"stage{g}"}}',
        ),
        cache_cluster_enabled=g % 2 == 0,
        cache_cluster_size=CACHE_SIZES[g % len(CACHE_SIZES)],
        canary_setting=stage.CanarySetting(
            deployment_id=canary,
            percent_traffic=g % 50 + 0.5,
            stage_variable_overrides={"lambdaAlias": f"canary{g}", "logLevel": "debug"},
            use_stage_cache=g % 3 == 0,
        ),
        client_certificate_id=f"cert{g}",
        deployment_id=serves,
        description=f"Stage {g} of the benchmark REST API",
        documentation_version=f"1.{g}",
        method_settings=method_settings(g),
        rest_api_id=api,
        stage_name=f"stage{g}",
        tags=[stage.Tag(key="index", value=str(g)), stage.Tag(key="team", value=f"team{g % 10}")],
        tracing_enabled=g % 2 == 1,
        variables={
            "backendUrl": f"https://backend{g}.example.com/v1",
            "env": "prod",
            "lambdaAlias": f"live{g}",
        },
    )


def literal_stages(stack: Stack, index: int) -> None:
    """Fill ``stack`` (number ``index``) with the ``literal`` scenario's stages."""
    per_stack = stages_per_stack("literal")
    for i in range(per_stack):
        g = index * per_stack + i
        add_stage(stack, stage_id(i), g, api=f"api{g}", serves=f"deploy{g}", canary=f"canary{g}")


def api_and_deployments(
    stack: Stack, index: int
) -> tuple[rest_api.RestApi, list[deployment.Deployment]]:
    """Add the REST API of stack ``index``, its deployments and its output; return the first two."""
    api = rest_api.RestApi(stack, API_ID, name=api_name(index))
    deployments = [
        deployment.Deployment(
            stack, deployment_id(d), rest_api_id=api.ref, description=f"release {d}"
        )
        for d in range(DEPLOYMENTS_PER_STACK)
    ]
    CfnOutput(stack, OUTPUT_ID, value=api.ref)
    return api, deployments


def ref_stages(stack: Stack, index: int) -> None:
    """Fill ``stack`` (number ``index``) with the ``ref`` scenario's API, deployments, stages."""
    api, deployments = api_and_deployments(stack, index)
    per_stack = stages_per_stack("ref")
    for i in range(per_stack):
        serves = deployments[i % DEPLOYMENTS_PER_STACK].ref
        canary = deployments[(i + 1) % DEPLOYMENTS_PER_STACK].ref
        g = index * per_stack + i
        add_stage(stack, stage_id(i), g, api=api.ref, serves=serves, canary=canary)


def logged_stages(stack: Stack, index: int) -> None:
    """Fill ``stack`` (number ``index``) with the ``logged`` scenario's production stages."""
    # Imported here: the other scenarios do not import the stage constructs.
    from stagewright.stages import (  # noqa: PLC0415
        AccountLoggingRole,
        Canary,
        LoggedProductionStage,
        MethodOptions,
        Throttle,
    )

    if index == 0:
        AccountLoggingRole(stack, ACCOUNT_ID)
    api, deployments = api_and_deployments(stack, index)
    orders = {"/orders/POST": MethodOptions(throttle=Throttle(rate_limit=5, burst_limit=10))}
    per_stack = stages_per_stack("logged")
    for i in range(per_stack):
        g = index * per_stack + i
        LoggedProductionStage(
            stack,
            stage_id(i),
            rest_api=api,
            deployment=deployments[i % DEPLOYMENTS_PER_STACK],
            log_retention_days=LOG_RETENTION_DAYS[g % 3],
            stage_name=f"stage{g}",
            description=f"Stage {g} of the benchmark REST API",
            variables={"env": "prod", "lambdaAlias": f"live{g}"},
            tags={"index": str(g), "team": f"team{g % 10}"},
            method_options=orders if g % 2 == 1 else {},
            canary=Canary(
                deployment=deployments[(i + 1) % DEPLOYMENTS_PER_STACK],
                percent=10,
                stage_variable_overrides={"lambdaAlias": f"canary{g}"},
            ),
        )


BUILDERS = {"literal": literal_stages, "ref": ref_stages, "logged": logged_stages}


def build(scenario: Scenario, stacks: int, outdir: Path) -> None:
    """Build an app of ``stacks`` stacks of ``scenario`` and synthesize it into ``outdir``."""
    if stacks == 0:
        return
    app = App()
    for index in range(stacks):
        BUILDERS[scenario](Stack(app, stack_name(index)), index)
    app.synth(outdir)


if __name__ == "__main__":
    build(*parse_args(sys.argv[1:]))
