"""Synthesis benchmark workload: the templates built and synthesized with stagewright.

Run: ``python benchmarks/_synth_stagewright.py STACKS OUTDIR`` (see ``_synth_common``): an ``App``
of ``STACKS`` stacks of typed, validated ``Stage`` constructs, written with ``app.synth(OUTDIR)``
(templates plus ``manifest.json``).
"""

from __future__ import annotations

import sys
from pathlib import Path

from _synth_common import (
    CACHE_SIZES,
    LOGGING_LEVELS,
    STAGES_PER_STACK,
    parse_args,
    stack_name,
    stage_id,
)

from stagewright import App, Stack
from stagewright.generated.aws_apigateway import stage


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


def add_stage(stack: Stack, id: str, g: int) -> stage.Stage:
    """Add stage ``g`` to ``stack`` under construct id ``id``."""
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
            deployment_id=f"canary{g}",
            percent_traffic=g % 50 + 0.5,
            stage_variable_overrides={"lambdaAlias": f"canary{g}", "logLevel": "debug"},
            use_stage_cache=g % 3 == 0,
        ),
        client_certificate_id=f"cert{g}",
        deployment_id=f"deploy{g}",
        description=f"Stage {g} of the benchmark REST API",
        documentation_version=f"1.{g}",
        method_settings=method_settings(g),
        rest_api_id=f"api{g}",
        stage_name=f"stage{g}",
        tags=[stage.Tag(key="index", value=str(g)), stage.Tag(key="team", value=f"team{g % 10}")],
        tracing_enabled=g % 2 == 1,
        variables={
            "backendUrl": f"https://backend{g}.example.com/v1",
            "env": "prod",
            "lambdaAlias": f"live{g}",
        },
    )


def build(stacks: int, outdir: Path) -> None:
    """Build an app of ``stacks`` stacks and synthesize it into ``outdir``."""
    if stacks == 0:
        return
    app = App()
    for index in range(stacks):
        stack = Stack(app, stack_name(index))
        for i in range(STAGES_PER_STACK):
            add_stage(stack, stage_id(i), index * STAGES_PER_STACK + i)
    app.synth(outdir)


if __name__ == "__main__":
    build(*parse_args(sys.argv[1:]))
