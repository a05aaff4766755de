"""The built-in example app: what it holds, and cfn-lint (pinned) finds nothing in it."""

from __future__ import annotations

import json

from cfnlint.api import lint

from stagewright.examples.shop import build_app


def test_example_app_has_a_rest_stage_and_an_http_stage() -> None:
    """The example holds a REST API with a prod stage and an HTTP API with a $default stage."""
    template = build_app().synthesize().templates["StagewrightExample"]
    resources = template["Resources"]
    rest = resources["ShopProd"]
    assert rest["Type"] == "AWS::ApiGateway::Stage"
    assert rest["Properties"]["RestApiId"] == {"Ref": "ShopApi"}
    assert rest["Properties"]["DeploymentId"] == {"Ref": "ShopRelease1"}
    assert rest["Properties"]["CanarySetting"]["DeploymentId"] == {"Ref": "ShopRelease2"}
    assert rest["DependsOn"] == ["ApiGatewayLogging"]
    http = resources["ShopHttp"]
    assert http["Type"] == "AWS::ApiGatewayV2::Stage"
    assert http["Properties"]["StageName"] == "$default"
    assert http["Properties"]["AutoDeploy"] is True


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
