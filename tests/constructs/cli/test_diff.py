"""Template diff: what changes, what is replaced, and `stagewright diff` against a file or AWS."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from stagewright.cli import _aws, main
from stagewright.examples.shop import build_app
from stagewright.template._diff import diff_templates


def _template() -> dict[str, Any]:
    return build_app().synthesize().templates["StagewrightExample"]


def test_identical_templates_have_no_changes() -> None:
    """A template compared with itself is empty and renders as 'no changes'."""
    diff = diff_templates(_template(), _template())
    assert diff.empty
    assert diff.render() == "no changes"


def test_a_create_only_property_change_is_a_replacement() -> None:
    """StageName is create-only for AWS::ApiGateway::Stage: changing it replaces the stage."""
    old, new = _template(), _template()
    new["Resources"]["ShopProd"]["Properties"]["StageName"] = "production"
    new["Resources"]["ShopProd"]["Properties"]["MethodSettings"][0]["LoggingLevel"] = "INFO"
    diff = diff_templates(old, new)
    (stage,) = diff.resources
    assert (stage.logical_id, stage.action, stage.replacement) == ("ShopProd", "modify", True)
    assert [(c.path, c.old, c.new, c.replacement) for c in stage.changes] == [
        ("Properties.MethodSettings[0].LoggingLevel", "ERROR", "INFO", False),
        ("Properties.StageName", "prod", "production", True),
    ]
    assert diff.render().splitlines() == [
        "Resources",
        "[~] AWS::ApiGateway::Stage ShopProd REPLACEMENT",
        '    ~ Properties.MethodSettings[0].LoggingLevel: "ERROR" -> "INFO"',
        '    ~ Properties.StageName: "prod" -> "production" (REPLACEMENT)',
    ]


def test_an_in_place_change_is_not_a_replacement() -> None:
    """Changing the canary percentage updates the stage in place."""
    old, new = _template(), _template()
    new["Resources"]["ShopProd"]["Properties"]["CanarySetting"]["PercentTraffic"] = 50
    (stage,) = diff_templates(old, new).resources
    assert not stage.replacement
    assert [(c.path, c.action) for c in stage.changes] == [
        ("Properties.CanarySetting.PercentTraffic", "modify")
    ]


def test_added_removed_retyped_resources_attributes_and_outputs() -> None:
    """Added, removed and retyped resources, DependsOn and outputs are all listed."""
    old, new = _template(), _template()
    del new["Resources"]["ShopRelease1"]
    new["Resources"]["Topic"] = {"Type": "AWS::SNS::Topic"}
    new["Resources"]["ShopHttpApi"]["Type"] = "AWS::ApiGateway::RestApi"
    del new["Resources"]["ShopProd"]["DependsOn"]
    new["Outputs"]["Extra"] = {"Value": "x"}
    diff = diff_templates(old, new)
    summary = [(r.logical_id, r.action, r.replacement) for r in diff.resources]
    assert summary == [
        ("ShopHttpApi", "modify", True),
        ("ShopProd", "modify", False),
        ("ShopRelease1", "remove", False),
        ("Topic", "add", False),
    ]
    assert [(c.path, c.action, c.old) for c in diff.resources[1].changes] == [
        ("DependsOn", "remove", ["ApiGatewayLogging"])
    ]
    assert [(c.section, c.name, c.action) for c in diff.others] == [("Outputs", "Extra", "add")]
    assert diff.to_json()["resources"][3] == {
        "logicalId": "Topic",
        "type": "AWS::SNS::Topic",
        "action": "add",
        "replacement": False,
        "changes": [],
    }


def test_colour_only_when_asked() -> None:
    """ANSI colours appear in the rendering only with colour=True."""
    old, new = _template(), _template()
    del new["Resources"]["ShopRelease1"]
    diff = diff_templates(old, new)
    assert "\033[" not in diff.render()
    assert "\033[31m[-] AWS::ApiGateway::Deployment ShopRelease1\033[0m" in diff.render(colour=True)


def test_the_cli_compares_with_a_template_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`stagewright diff --template FILE` prints the changes, replacements counted."""
    old = copy.deepcopy(_template())
    old["Resources"]["ShopProd"]["Properties"]["StageName"] = "staging"
    file = tmp_path / "old.json"
    file.write_text(json.dumps(old))
    assert main(["diff", "--example", "--template", str(file)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "Stack StagewrightExample"
    assert '    ~ Properties.StageName: "staging" -> "prod" (REPLACEMENT)' in out
    assert out.splitlines()[-1] == "1 resource(s) will be REPLACED: ShopProd"
    assert main(["diff", "--example", "--template", str(file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stacks"]["StagewrightExample"]["resources"][0]["replacement"] is True


def test_fail_exits_1_only_when_something_would_change(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`diff --fail` is a CI gate: 1 when a stack would change, 0 when none would."""
    same, changed = tmp_path / "same.json", tmp_path / "changed.json"
    same.write_text(json.dumps(_template()))
    old = copy.deepcopy(_template())
    old["Resources"]["ShopProd"]["Properties"]["StageName"] = "staging"
    changed.write_text(json.dumps(old))
    assert main(["diff", "--example", "--template", str(same), "--fail"]) == 0
    assert main(["diff", "--example", "--template", str(changed), "--fail"]) == 1
    assert main(["diff", "--example", "--template", str(changed), "--fail", "--json"]) == 1
    assert main(["diff", "--example", "--template", str(changed)]) == 0
    capsys.readouterr()


def test_the_cli_names_an_unknown_stack(capsys: pytest.CaptureFixture[str]) -> None:
    """--stack with a name the app does not have is one error line listing the stacks."""
    assert main(["diff", "--example", "--stack", "Nope", "--template", "x.json"]) == 1
    assert capsys.readouterr().err.splitlines()[0] == (
        "error: the app has no stack 'Nope' (it has StagewrightExample)"
    )


def _stubbed(responses: list[tuple[str, dict[str, Any] | None, str | None]]) -> Any:
    client = boto3.client(
        "cloudformation", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    stubber = Stubber(client)
    for body, _, error in responses:
        params = {"StackName": "StagewrightExample", "TemplateStage": "Original"}
        if error is None:
            stubber.add_response("get_template", {"TemplateBody": body}, params)
        else:
            stubber.add_client_error(
                "get_template", "ValidationError", error, 400, expected_params=params
            )
    stubber.activate()
    return client


def test_the_cli_compares_with_the_deployed_stack(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --template the deployed template (GetTemplate, Original stage) is the old side."""
    deployed = _template()
    deployed["Resources"]["ShopProd"]["Properties"]["CanarySetting"]["PercentTraffic"] = 5
    client = _stubbed([(json.dumps(deployed), None, None)])
    monkeypatch.setattr(_aws, "cloudformation", lambda region, profile: client)
    assert main(["diff", "--example"]) == 0
    out = capsys.readouterr().out
    assert "    ~ Properties.CanarySetting.PercentTraffic: 5 -> 10" in out
    assert "REPLACE" not in out


def test_a_stack_not_deployed_yet_is_all_additions(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """CloudFormation's 'does not exist' means every resource is added."""
    missing = "Stack with id StagewrightExample does not exist"
    client = _stubbed([("", None, missing)])
    monkeypatch.setattr(_aws, "cloudformation", lambda region, profile: client)
    assert main(["diff", "--example"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Stack StagewrightExample (not deployed yet)"
    assert sum(line.startswith("[+] AWS::") for line in lines) == 10  # resources
    assert lines[-2:] == ["[+] ShopApiUrl", "[+] ShopHttpApiUrl"]  # outputs
