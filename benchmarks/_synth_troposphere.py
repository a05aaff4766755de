"""Synthesis benchmark workload: the templates built with troposphere 4.11.1.

Run: ``python benchmarks/_synth_troposphere.py SCENARIO STACKS OUTDIR`` (see ``_synth_common``);
needs the ``bench`` extra (``pip install -e '.[bench]'``). One ``troposphere.Template`` per
stack, each written with ``template.to_json()``. For ``logged``, the code writes out what a
``LoggedProductionStage`` makes (a stage logging to a retained log group, its method settings,
tracing, canary, ``DependsOn`` the account setting) and what ``AccountLoggingRole`` makes.
"""

from __future__ import annotations

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
    deployment_id,
    log_group_id,
    parse_args,
    stage_id,
    stages_per_stack,
    template_path,
)

# troposphere ships no type information; CI does not install the bench extra at all.
from troposphere import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
    GetAtt,
    Output,
    Ref,
    Sub,
    Tags,
    Template,
)
from troposphere.apigateway import (  # type: ignore[import-untyped,import-not-found,unused-ignore]
    AccessLogSetting,
    Account,
    Deployment,
    MethodSetting,
    RestApi,
    Stage,
    StageCanarySetting,
)

RETAIN = {"DeletionPolicy": "Retain", "UpdateReplacePolicy": "Retain"}


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


def make_stage(title: str, g: int, api: Any, serves: Any, canary: Any) -> Any:
    """Return stage ``g`` titled ``title``, serving deployment ``serves`` of API ``api``."""
    return Stage(
        title,
        AccessLogSetting=AccessLogSetting(
            DestinationArn=f"arn:aws:logs:us-east-1:123456789012:log-group:access-{g}",
            Format=f'{{"requestId":"$context.requestId","stage":"stage{g}"}}',
        ),
        CacheClusterEnabled=g % 2 == 0,
        CacheClusterSize=CACHE_SIZES[g % len(CACHE_SIZES)],
        CanarySetting=StageCanarySetting(
            DeploymentId=canary,
            PercentTraffic=g % 50 + 0.5,
            StageVariableOverrides={"lambdaAlias": f"canary{g}", "logLevel": "debug"},
            UseStageCache=g % 3 == 0,
        ),
        ClientCertificateId=f"cert{g}",
        DeploymentId=serves,
        Description=f"Stage {g} of the benchmark REST API",
        DocumentationVersion=f"1.{g}",
        MethodSettings=method_settings(g),
        RestApiId=api,
        StageName=f"stage{g}",
        Tags=Tags(index=str(g), team=f"team{g % 10}"),  # Tags sorts by key
        TracingEnabled=g % 2 == 1,
        Variables={
            "backendUrl": f"https://backend{g}.example.com/v1",
            "env": "prod",
            "lambdaAlias": f"live{g}",
        },
    )


def literal_stages(template: Any, stack: int) -> None:
    """Add the ``literal`` scenario's stages of stack ``stack`` to ``template``."""
    per_stack = stages_per_stack("literal")
    for i in range(per_stack):
        g = stack * per_stack + i
        template.add_resource(make_stage(stage_id(i), g, f"api{g}", f"deploy{g}", f"canary{g}"))


def api_and_deployments(template: Any, stack: int) -> tuple[Any, list[Any]]:
    """Add stack ``stack``'s REST API, deployments and output; return the API and deployments."""
    api = template.add_resource(RestApi(API_ID, Name=api_name(stack)))
    deployments = [
        template.add_resource(
            Deployment(deployment_id(d), RestApiId=Ref(api), Description=f"release {d}")
        )
        for d in range(DEPLOYMENTS_PER_STACK)
    ]
    template.add_output(Output(OUTPUT_ID, Value=Ref(api)))
    return api, deployments


def ref_stages(template: Any, stack: int) -> None:
    """Add the ``ref`` scenario's API, deployments and stages of stack ``stack``."""
    api, deployments = api_and_deployments(template, stack)
    per_stack = stages_per_stack("ref")
    for i in range(per_stack):
        serves = Ref(deployments[i % DEPLOYMENTS_PER_STACK])
        canary = Ref(deployments[(i + 1) % DEPLOYMENTS_PER_STACK])
        template.add_resource(
            make_stage(stage_id(i), stack * per_stack + i, Ref(api), serves, canary)
        )


def logged_method_settings(g: int) -> list[Any]:
    """Return a logged stage's method settings: all methods, and ``POST /orders`` for odd ``g``."""
    base = {"DataTraceEnabled": False, "LoggingLevel": "ERROR", "MetricsEnabled": True}
    settings = [
        MethodSetting(
            HttpMethod="*",
            ResourcePath="/*",
            ThrottlingBurstLimit=2000,
            ThrottlingRateLimit=1000,
            **base,
        )
    ]
    if g % 2 == 1:
        settings.append(
            MethodSetting(
                HttpMethod="POST",
                ResourcePath="/~1orders",
                ThrottlingBurstLimit=10,
                ThrottlingRateLimit=5,
                **base,
            )
        )
    return settings


def account_logging_role(template: Any) -> None:
    """Add what ``AccountLoggingRole`` makes: the IAM role and the account setting."""
    from troposphere.iam import Role  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: PLC0415

    role = template.add_resource(
        Role(
            account_role_id(),
            AssumeRolePolicyDocument=ACCOUNT_ROLE_TRUST,
            ManagedPolicyArns=[Sub(ACCOUNT_ROLE_POLICY)],
            **RETAIN,
        )
    )
    template.add_resource(Account(ACCOUNT_ID, CloudWatchRoleArn=GetAtt(role, "Arn"), **RETAIN))


def logged_stages(template: Any, stack: int) -> None:
    """Add the ``logged`` scenario's resources of stack ``stack`` (the role in stack 0)."""
    from troposphere.logs import LogGroup  # type: ignore[import-untyped,import-not-found,unused-ignore]  # noqa: PLC0415

    if stack == 0:
        account_logging_role(template)
    depends_on = {"DependsOn": [ACCOUNT_ID]} if stack == 0 else {}
    api, deployments = api_and_deployments(template, stack)
    per_stack = stages_per_stack("logged")
    for i in range(per_stack):
        g = stack * per_stack + i
        group = LogGroup(log_group_id(i), RetentionInDays=LOG_RETENTION_DAYS[g % 3], **RETAIN)
        template.add_resource(group)
        stage = Stage(
            stage_id(i),
            AccessLogSetting=AccessLogSetting(
                DestinationArn=GetAtt(group, "Arn"), Format=REST_ACCESS_LOG_FORMAT
            ),
            CanarySetting=StageCanarySetting(
                DeploymentId=Ref(deployments[(i + 1) % DEPLOYMENTS_PER_STACK]),
                PercentTraffic=10,
                StageVariableOverrides={"lambdaAlias": f"canary{g}"},
            ),
            DeploymentId=Ref(deployments[i % DEPLOYMENTS_PER_STACK]),
            Description=f"Stage {g} of the benchmark REST API",
            MethodSettings=logged_method_settings(g),
            RestApiId=Ref(api),
            StageName=f"stage{g}",
            Tags=Tags(index=str(g), team=f"team{g % 10}"),
            TracingEnabled=True,
            Variables={"env": "prod", "lambdaAlias": f"live{g}"},
            **depends_on,
        )
        template.add_resource(stage)


BUILDERS = {"literal": literal_stages, "ref": ref_stages, "logged": logged_stages}


def build(scenario: Scenario, stacks: int, outdir: Path) -> None:
    """Build ``stacks`` troposphere templates of ``scenario`` and write each one to ``outdir``."""
    outdir.mkdir(parents=True, exist_ok=True)
    for stack in range(stacks):
        template = Template()
        template.set_version(TEMPLATE_FORMAT_VERSION)
        BUILDERS[scenario](template, stack)
        template_path(outdir, stack).write_text(template.to_json(), encoding="utf-8")


if __name__ == "__main__":
    build(*parse_args(sys.argv[1:]))
