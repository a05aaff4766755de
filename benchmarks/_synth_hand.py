"""Synthesis benchmark workload: the templates as plain dicts, dumped with ``json``.

Run: ``python benchmarks/_synth_hand.py SCENARIO STACKS OUTDIR`` (see ``_synth_common``). This is
the floor: no validation, no objects, only the dicts and ``json.dumps(indent=2, sort_keys=True)``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from _synth_common import (
    ACCOUNT_ID,
    ACCOUNT_ROLE_POLICY,
    ACCOUNT_ROLE_TRUST,
    API_ID,
    CACHE_SIZES,
    DEPLOYMENTS_PER_STACK,
    LOG_RETENTION_DAYS,
    LOGGING_LEVELS,
    OUTPUT_ID,
    REST_ACCESS_LOG_FORMAT,
    TEMPLATE_FORMAT_VERSION,
    Scenario,
    account_role_id,
    api_name,
    canary_deployment,
    deployment_id,
    log_group_id,
    parse_args,
    stage_deployment,
    stage_id,
    stages_per_stack,
    template_path,
)

Resources = dict[str, dict[str, Any]]
RETAIN = {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}


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


def stage_properties(g: int, api: Any, deployment: Any, canary: Any) -> dict[str, Any]:
    """Return the ``Properties`` of stage ``g`` serving ``deployment`` of ``api``."""
    return {
        "AccessLogSetting": {
            "DestinationArn": f"arn:aws:logs:us-east-1:123456789012:log-group:access-{g}",
            "Format": f'{{"requestId":"$context.requestId","stage":"stage{g}"}}',
        },
        "CacheClusterEnabled": g % 2 == 0,
        "CacheClusterSize": CACHE_SIZES[g % len(CACHE_SIZES)],
        "CanarySetting": {
            "DeploymentId": canary,
            "PercentTraffic": g % 50 + 0.5,
            "StageVariableOverrides": {"lambdaAlias": f"canary{g}", "logLevel": "debug"},
            "UseStageCache": g % 3 == 0,
        },
        "ClientCertificateId": f"cert{g}",
        "DeploymentId": deployment,
        "Description": f"Stage {g} of the benchmark REST API",
        "DocumentationVersion": f"1.{g}",
        "MethodSettings": method_settings(g),
        "RestApiId": api,
        "StageName": f"stage{g}",
        "Tags": [{"Key": "index", "Value": str(g)}, {"Key": "team", "Value": f"team{g % 10}"}],
        "TracingEnabled": g % 2 == 1,
        "Variables": {
            "backendUrl": f"https://backend{g}.example.com/v1",
            "env": "prod",
            "lambdaAlias": f"live{g}",
        },
    }


def literal_stages(stack: int) -> Resources:
    """Return the resources of stack ``stack`` of the ``literal`` scenario."""
    per_stack = stages_per_stack("literal")
    resources: Resources = {}
    for i in range(per_stack):
        g = stack * per_stack + i
        properties = stage_properties(g, f"api{g}", f"deploy{g}", f"canary{g}")
        resources[stage_id(i)] = {"Type": "AWS::ApiGateway::Stage", "Properties": properties}
    return resources


def api_and_deployments(stack: int) -> Resources:
    """Return the REST API and the deployments of a ``ref`` or ``logged`` stack."""
    resources: Resources = {
        API_ID: {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": api_name(stack)}}
    }
    for d in range(DEPLOYMENTS_PER_STACK):
        resources[deployment_id(d)] = {
            "Type": "AWS::ApiGateway::Deployment",
            "Properties": {"Description": f"release {d}", "RestApiId": {"Ref": API_ID}},
        }
    return resources


def ref_stages(stack: int) -> Resources:
    """Return the resources of stack ``stack`` of the ``ref`` scenario."""
    per_stack = stages_per_stack("ref")
    resources = api_and_deployments(stack)
    for i in range(per_stack):
        properties = stage_properties(
            stack * per_stack + i,
            {"Ref": API_ID},
            {"Ref": stage_deployment(i)},
            {"Ref": canary_deployment(i)},
        )
        resources[stage_id(i)] = {"Type": "AWS::ApiGateway::Stage", "Properties": properties}
    return resources


def logged_method_settings(g: int) -> list[dict[str, Any]]:
    """Return the ``MethodSettings`` of logged stage ``g``: one more for odd ``g``."""
    base = {"DataTraceEnabled": False, "LoggingLevel": "ERROR", "MetricsEnabled": True}
    settings = [
        {**base, "HttpMethod": "*", "ResourcePath": "/*"}
        | {"ThrottlingBurstLimit": 2000, "ThrottlingRateLimit": 1000}
    ]
    if g % 2 == 1:
        settings.append(
            {**base, "HttpMethod": "POST", "ResourcePath": "/~1orders"}
            | {"ThrottlingBurstLimit": 10, "ThrottlingRateLimit": 5}
        )
    return settings


def logged_stage(i: int, g: int, depends_on: list[str] | None) -> dict[str, Any]:
    """Return the ``Stage`` resource of logged stage ``i`` (global ``g``) of a stack."""
    properties = {
        "AccessLogSetting": {
            "DestinationArn": {"Fn::GetAtt": [log_group_id(i), "Arn"]},
            "Format": REST_ACCESS_LOG_FORMAT,
        },
        "CanarySetting": {
            "DeploymentId": {"Ref": canary_deployment(i)},
            "PercentTraffic": 10,
            "StageVariableOverrides": {"lambdaAlias": f"canary{g}"},
        },
        "DeploymentId": {"Ref": stage_deployment(i)},
        "Description": f"Stage {g} of the benchmark REST API",
        "MethodSettings": logged_method_settings(g),
        "RestApiId": {"Ref": API_ID},
        "StageName": f"stage{g}",
        "Tags": [{"Key": "index", "Value": str(g)}, {"Key": "team", "Value": f"team{g % 10}"}],
        "TracingEnabled": True,
        "Variables": {"env": "prod", "lambdaAlias": f"live{g}"},
    }
    stage: dict[str, Any] = {"Type": "AWS::ApiGateway::Stage", "Properties": properties}
    if depends_on:
        stage["DependsOn"] = depends_on
    return stage


def account_logging_role() -> Resources:
    """Return the IAM role and the ``AWS::ApiGateway::Account`` of ``AccountLoggingRole``."""
    role = account_role_id()
    return {
        role: {
            "Type": "AWS::IAM::Role",
            "Properties": {
                "AssumeRolePolicyDocument": ACCOUNT_ROLE_TRUST,
                "ManagedPolicyArns": [{"Fn::Sub": ACCOUNT_ROLE_POLICY}],
            },
            **RETAIN,
        },
        ACCOUNT_ID: {
            "Type": "AWS::ApiGateway::Account",
            "Properties": {"CloudWatchRoleArn": {"Fn::GetAtt": [role, "Arn"]}},
            **RETAIN,
        },
    }


def logged_stages(stack: int) -> Resources:
    """Return the resources of stack ``stack`` of the ``logged`` scenario."""
    per_stack = stages_per_stack("logged")
    resources = api_and_deployments(stack)
    depends_on = [ACCOUNT_ID] if stack == 0 else None
    if stack == 0:
        resources.update(account_logging_role())
    for i in range(per_stack):
        g = stack * per_stack + i
        resources[stage_id(i)] = logged_stage(i, g, depends_on)
        resources[log_group_id(i)] = {
            "Type": "AWS::Logs::LogGroup",
            "Properties": {"RetentionInDays": LOG_RETENTION_DAYS[g % 3]},
            **RETAIN,
        }
    return resources


BUILDERS = {"literal": literal_stages, "ref": ref_stages, "logged": logged_stages}


def build(scenario: Scenario, stacks: int, outdir: Path) -> None:
    """Build ``stacks`` templates of ``scenario`` as dicts and write each one to ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    for stack in range(stacks):
        template: dict[str, Any] = {
            "AWSTemplateFormatVersion": TEMPLATE_FORMAT_VERSION,
            "Resources": BUILDERS[scenario](stack),
        }
        if scenario != "literal":
            template["Outputs"] = {OUTPUT_ID: {"Value": {"Ref": API_ID}}}
        body = json.dumps(template, indent=2, sort_keys=True)
        template_path(outdir, stack).write_text(body, encoding="utf-8")


if __name__ == "__main__":
    build(*parse_args(sys.argv[1:]))
