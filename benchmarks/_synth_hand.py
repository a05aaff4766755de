"""Synthesis benchmark workload: the templates as plain dicts, dumped with ``json``.

Run: ``python benchmarks/_synth_hand.py STACKS OUTDIR`` (see ``_synth_common``). This is the
floor: no validation, no objects, only the dicts and ``json.dumps(indent=2, sort_keys=True)``.
"""

from __future__ import annotations

import json
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


def method_settings(g: int) -> list[dict[str, Any]]:
    """Return the ``MethodSettings`` of stage ``g``: three for even ``g``, two for odd."""
    settings: list[dict[str, Any]] = [
        {
            "DataTraceEnabled": False,
            "HttpMethod": "*",
            "LoggingLevel": LOGGING_LEVELS[g % 3],
            "MetricsEnabled": True,
            "ResourcePath": "/*",
            "ThrottlingBurstLimit": 100 + g,
            "ThrottlingRateLimit": 50.0 + g,
        },
        {
            "CacheDataEncrypted": True,
            "CacheTtlInSeconds": 300 + g % 3600,
            "CachingEnabled": True,
            "HttpMethod": "GET",
            "ResourcePath": f"/~1items~1{g}",
        },
    ]
    if g % 2 == 0:
        settings.append(
            {
                "HttpMethod": "POST",
                "ResourcePath": "/~1orders",
                "ThrottlingBurstLimit": 10,
                "ThrottlingRateLimit": 5.0,
            }
        )
    return settings


def stage_properties(g: int) -> dict[str, Any]:
    """Return the ``Properties`` of stage ``g``."""
    return {
        "AccessLogSetting": {
            "DestinationArn": f"arn:aws:logs:us-east-1:123456789012:log-group:access-{g}",
            "Format": f'{{"requestId":"$context.requestId","stage":"stage{g}"}}',
        },
        "CacheClusterEnabled": g % 2 == 0,
        "CacheClusterSize": CACHE_SIZES[g % len(CACHE_SIZES)],
        "CanarySetting": {
            "DeploymentId": f"canary{g}",
            "PercentTraffic": g % 50 + 0.5,
            "StageVariableOverrides": {"lambdaAlias": f"canary{g}", "logLevel": "debug"},
            "UseStageCache": g % 3 == 0,
        },
        "ClientCertificateId": f"cert{g}",
        "DeploymentId": f"deploy{g}",
        "Description": f"Stage {g} of the benchmark REST API",
        "DocumentationVersion": f"1.{g}",
        "MethodSettings": method_settings(g),
        "RestApiId": f"api{g}",
        "StageName": f"stage{g}",
        "Tags": [{"Key": "index", "Value": str(g)}, {"Key": "team", "Value": f"team{g % 10}"}],
        "TracingEnabled": g % 2 == 1,
        "Variables": {
            "backendUrl": f"https://backend{g}.example.com/v1",
            "env": "prod",
            "lambdaAlias": f"live{g}",
        },
    }


def build(stacks: int, outdir: Path) -> None:
    """Build ``stacks`` templates as dicts and write each one to ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    for stack in range(stacks):
        resources = {
            stage_id(i): {
                "Type": "AWS::ApiGateway::Stage",
                "Properties": stage_properties(stack * STAGES_PER_STACK + i),
            }
            for i in range(STAGES_PER_STACK)
        }
        template = {"AWSTemplateFormatVersion": TEMPLATE_FORMAT_VERSION, "Resources": resources}
        body = json.dumps(template, indent=2, sort_keys=True)
        template_path(outdir, stack).write_text(body, encoding="utf-8")


if __name__ == "__main__":
    build(*parse_args(sys.argv[1:]))
