"""Synthesis benchmark workload: the templates built with troposphere 4.11.1.

Run: ``python benchmarks/_synth_troposphere.py STACKS OUTDIR`` (see ``_synth_common``); needs
the ``bench`` extra (``pip install -e '.[bench]'``). One ``troposphere.Template`` per stack, each
written with ``template.to_json()``.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from _synth_common import (
    CACHE_SIZES,
    LOGGING_LEVELS,
    STAGES_PER_STACK,
    TEMPLATE_FORMAT_VERSION,
    parse_args,
    stage_id,
    template_path,
)

# troposphere ships no type information; CI does not install the bench extra at all.
from troposphere import Tags, Template  # type: ignore[import-untyped,import-not-found,unused-ignore]
from troposphere.apigateway import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
    AccessLogSetting,
    MethodSetting,
    Stage,
    StageCanarySetting,
)


def method_settings(g: int) -> list[Any]:
    """Return the method settings of stage ``g``: three for even ``g``, two for odd."""
    settings = [
        MethodSetting(
            DataTraceEnabled=False,
            HttpMethod="*",
            LoggingLevel=LOGGING_LEVELS[g % 3],
            MetricsEnabled=True,
            ResourcePath="/*",
            ThrottlingBurstLimit=100 + g,
            ThrottlingRateLimit=50.0 + g,
        ),
        MethodSetting(
            CacheDataEncrypted=True,
            CacheTtlInSeconds=300 + g % 3600,
            CachingEnabled=True,
            HttpMethod="GET",
            ResourcePath=f"/~1items~1{g}",
        ),
    ]
    if g % 2 == 0:
        settings.append(
            MethodSetting(
                HttpMethod="POST",
                ResourcePath="/~1orders",
                ThrottlingBurstLimit=10,
                ThrottlingRateLimit=5.0,
            )
        )
    return settings


def make_stage(title: str, g: int) -> Any:
    """Return stage ``g`` as a troposphere ``Stage`` titled ``title`` (its logical ID)."""
    return Stage(
        title,
        AccessLogSetting=AccessLogSetting(
            DestinationArn=f"arn:aws:logs:us-east-1:123456789012:log-group:access-{g}",
            Format=f'{{"requestId":"$context.requestId","stage":"stage{g}"}}',
        ),
        CacheClusterEnabled=g % 2 == 0,
        CacheClusterSize=CACHE_SIZES[g % len(CACHE_SIZES)],
        CanarySetting=StageCanarySetting(
            DeploymentId=f"canary{g}",
            PercentTraffic=g % 50 + 0.5,
            StageVariableOverrides={"lambdaAlias": f"canary{g}", "logLevel": "debug"},
            UseStageCache=g % 3 == 0,
        ),
        ClientCertificateId=f"cert{g}",
        DeploymentId=f"deploy{g}",
        Description=f"Stage {g} of the benchmark REST API",
        DocumentationVersion=f"1.{g}",
        MethodSettings=method_settings(g),
        RestApiId=f"api{g}",
        StageName=f"stage{g}",
        Tags=Tags(index=str(g), team=f"team{g % 10}"),  # Tags sorts by key
        TracingEnabled=g % 2 == 1,
        Variables={
            "backendUrl": f"https://backend{g}.example.com/v1",
            "env": "prod",
            "lambdaAlias": f"live{g}",
        },
    )


def build(stacks: int, outdir: Path) -> None:
    """Build ``stacks`` troposphere templates and write each one to ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    for stack in range(stacks):
        template = Template()
        template.set_version(TEMPLATE_FORMAT_VERSION)
        for i in range(STAGES_PER_STACK):
            template.add_resource(make_stage(stage_id(i), stack * STAGES_PER_STACK + i))
        template_path(outdir, stack).write_text(template.to_json(), encoding="utf-8")


if __name__ == "__main__":
    build(*parse_args(sys.argv[1:]))
