"""The built-in example app: what it holds, its snapshot, and cfn-lint (pinned) finds nothing."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from cfnlint.api import lint

from stagewright.examples.shop import build_app
from stagewright.testing import Annotations, Match, Template

if TYPE_CHECKING:
    from stagewright.testing import TemplateSnapshot


def test_example_app_has_a_logged_canary_rest_stage_and_a_logged_http_stage() -> None:
    """The example: a REST stage on release 1 with a 10% canary, an HTTP $default stage, a role."""
    (stack,) = build_app().stacks
    template = Template.from_stack(stack)
    template.resource_count_is("AWS::ApiGateway::Stage", 1)
    template.has_resource(
        "AWS::ApiGateway::Stage",
        {
            "DependsOn": ["ApiGatewayLogging"],
            "Properties": {
                "RestApiId": {"Ref": "ShopApi"},
                "DeploymentId": {"Ref": "ShopRelease1"},
                "StageName": "prod",
                "TracingEnabled": True,
                "CanarySetting": {"DeploymentId": {"Ref": "ShopRelease2"}, "PercentTraffic": 10},
                "AccessLogSetting": {"Format": Match.string_like_regexp(r"\$context\.requestId")},
                "MethodSettings": Match.array_with(
                    [{"HttpMethod": "*", "ResourcePath": "/*", "LoggingLevel": "ERROR"}]
                ),
            },
        },
    )
    template.resource_count_is("AWS::ApiGatewayV2::Stage", 1)
    template.has_resource_properties(
        "AWS::ApiGatewayV2::Stage",
        {"ApiId": {"Ref": "ShopHttpApi"}, "StageName": "$default", "AutoDeploy": True},
    )
    template.resource_count_is("AWS::ApiGateway::Account", 1)
    template.resource_count_is("AWS::Logs::LogGroup", 2)
    template.all_resources("AWS::Logs::LogGroup", {"DeletionPolicy": "Retain"})
    template.has_output(
        "ShopApiUrl", {"Value": {"Fn::Sub": Match.array_with([Match.string_like_regexp("^https")])}}
    )


def test_example_app_synthesizes_without_warnings() -> None:
    """Synthesizing the example reports no warning, note or error (it has the logging role)."""
    (stack,) = build_app().stacks
    annotations = Annotations.from_stack(stack)
    annotations.has_no_error()
    annotations.has_no_warning()
    annotations.has_no_info()


def test_example_app_matches_its_snapshot(template_snapshot: TemplateSnapshot) -> None:
    """The example's template is the reviewed one in __snapshots__ (update: --snapshot-update)."""
    assert template_snapshot == build_app()


def test_cfn_lint_finds_no_errors_or_warnings_in_the_example() -> None:
    """cfn-lint 1.58.0 reports no error and no warning on every template of the example app."""
    assembly = build_app().synthesize()
    assert assembly.stacks
    for artifact in assembly.stacks:
        matches = lint(artifact.body)
        findings = [f"{m.rule.id} {m.path_string}: {m.message}" for m in matches]
        assert [f for f in findings if f[0] in "EW"] == [], artifact.name
        assert json.loads(artifact.body) == artifact.template


def test_cfn_lint_is_sensitive_to_a_broken_template() -> None:
    """The lint check can fail: a dangling Ref in the example's template is reported (E1020)."""
    artifact = build_app().synthesize().stacks[0]
    broken = json.loads(artifact.body)
    broken["Resources"]["ShopProd"]["Properties"]["RestApiId"] = {"Ref": "Gone"}
    ids = {m.rule.id for m in lint(json.dumps(broken))}
    assert "E1020" in ids
