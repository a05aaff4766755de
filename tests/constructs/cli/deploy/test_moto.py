"""``stagewright diff/deploy/destroy`` against a local moto server, as a user would run them.

What moto 5.2 does, and these tests expect: a change set is ready at once and executes at once;
the stack's events are its own (no per-resource events), so the progress counter stays at 0;
a redeploy of the same template and parameters is refused by CreateChangeSet itself ("No
updates are to be performed"); change sets carry no Replacement; ListStackResources gives no
logical id for some types (the log group among them); stack outputs are not filled in for
stacks created through change sets. See shop_app for the resources moto accepts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import boto3
import pytest

from ._stubs import run

APP = "tests.constructs.cli.deploy.shop_app:build_app"
APP_V2 = "tests.constructs.cli.deploy.shop_app:build_app_v2"
ROOT = Path(__file__).resolve().parents[4]
FAST = ["--yes", "--poll-interval", "0", "--timeout", "1"]
ROLE = "ApiGatewayLoggingRoleEB44E94A"


def test_create_redeploy_update_diff_destroy(aws: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The life of a stack: create, no-op, diff, update, destroy keeping the retained resources."""
    code, out, err = run(capsys, "diff", APP)
    assert (code, out.splitlines()[0]) == (0, "Stack MotoShop (not deployed yet)")

    code, out, err = run(capsys, "deploy", APP, "--tag", "team=shop", *FAST)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:3] == [
        "Stack MotoShop: creating a change set (a new stack)",
        f"  capabilities: CAPABILITY_IAM (IAM resources: {ROLE})",
        "Changes to stack MotoShop:",
    ]
    assert f"  Add     {ROLE}  AWS::IAM::Role" in lines
    assert "7 change(s)" in lines
    assert "  [0/7] CREATE_COMPLETE              AWS::CloudFormation::Stack MotoShop" in lines
    assert lines[-1].startswith("Stack MotoShop: CREATE_COMPLETE in ")
    cloudformation = boto3.client("cloudformation")
    (stack,) = cloudformation.describe_stacks(StackName="MotoShop")["Stacks"]
    assert stack["Tags"] == [{"Key": "team", "Value": "shop"}]

    code, out, err = run(capsys, "deploy", APP, *FAST)
    assert (code, out.splitlines()[-1], err) == (0, "Stack MotoShop: no changes", "")

    code, out, err = run(capsys, "diff", APP_V2)
    assert out.splitlines()[1:] == [
        "Resources",
        "[~] AWS::Logs::LogGroup ProdAccessLogsA463A4A0",
        "    ~ Properties.RetentionInDays: 365 -> 30",
    ]

    code, out, err = run(capsys, "deploy", APP_V2, *FAST)
    assert code == 0, err
    assert "  Modify  ProdAccessLogsA463A4A0  AWS::Logs::LogGroup" in out.splitlines()
    assert out.splitlines()[-1].startswith("Stack MotoShop: UPDATE_COMPLETE in ")
    code, out, err = run(capsys, "diff", APP_V2)
    assert out.splitlines() == ["Stack MotoShop", "no changes"]

    log_group = _log_group_name()
    code, out, err = run(capsys, "destroy", "--stack", "MotoShop", *FAST)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "Stack MotoShop: 7 resource(s)"
    (keep,) = [line for line in lines if line.startswith("  keep (Retain)")]
    assert ROLE in keep
    assert "Stack MotoShop: destroyed" in lines
    (kept,) = [line for line in lines if line.startswith("  kept: ")]
    role_name = boto3.client("iam").list_roles()["Roles"][0]["RoleName"]
    assert kept == f"  kept: {ROLE} AWS::IAM::Role {role_name}"
    assert _log_group_name() == log_group  # retained too (moto lists it without a logical id)

    code, out, err = run(capsys, "destroy", "--stack", "MotoShop", *FAST)
    assert (code, out) == (0, "Stack MotoShop: does not exist, nothing to destroy\n")


def _log_group_name() -> str:
    (group,) = boto3.client("logs").describe_log_groups()["logGroups"]
    return str(group["logGroupName"])


def test_parameters_reach_the_stack(aws: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--parameter sets the API's name; another value is an update, the same one no change."""
    code, out, err = run(capsys, "deploy", APP, "--parameter", "ApiName=pets", *FAST)
    assert code == 0, err
    (api,) = boto3.client("apigateway").get_rest_apis()["items"]
    assert api["name"] == "pets"
    code, out, err = run(capsys, "deploy", APP, "--parameter", "MotoShop:ApiName=pets", *FAST)
    assert out.splitlines()[-1] == "Stack MotoShop: no changes"
    code, out, err = run(capsys, "deploy", APP, "--parameter", "ApiName=dogs", *FAST)
    assert code == 0, err
    assert "Stack MotoShop: creating a change set (an update)" in out


def test_without_yes_and_no_terminal_nothing_is_left_behind(
    aws: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Refused for want of a terminal: the change set and the stack made to hold it are gone."""
    monkeypatch.setattr(sys, "stdin", open(os.devnull))  # noqa: SIM115 - closed by the process
    code, out, err = run(capsys, "deploy", APP, "--poll-interval", "0")
    assert code == 1
    assert err.splitlines()[0] == (
        "error: stack MotoShop: not deployed: stdin is not a terminal, so there is no one to "
        "confirm; pass --yes to deploy without asking"
    )
    code, out, err = run(capsys, "destroy", "--stack", "MotoShop", "--yes")
    assert out == "Stack MotoShop: does not exist, nothing to destroy\n"


def _console_script() -> str:
    script = Path(sys.executable).with_name("stagewright")
    found = str(script) if script.exists() else shutil.which("stagewright")
    assert found, "the stagewright console script is not installed"
    return found


def test_the_console_script_deploys_and_destroys(aws: str) -> None:
    """A real process: `stagewright deploy` then `stagewright destroy`, environment from boto3."""
    for command in (["deploy", APP], ["destroy", APP, "--stack", "MotoShop"]):
        result = subprocess.run(
            [_console_script(), *command, *FAST],
            capture_output=True,
            text=True,
            check=False,
            cwd=ROOT,
            env=dict(os.environ),
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
    assert "Stack MotoShop: destroyed" in result.stdout
