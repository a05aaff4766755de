"""Stacks with environments against a local moto server: regions, the account check, concurrency.

moto answers every region on one endpoint and keeps each region's stacks apart; STS
GetCallerIdentity gives its account, 123456789012.
"""

from __future__ import annotations

import json
from pathlib import Path

import boto3
import pytest
from botocore.stub import Stubber

from stagewright.cli import _aws

from ._stubs import Cfn, run
from .env_apps import MOTO_ACCOUNT, OTHER_ACCOUNT

APPS = "tests.constructs.cli.deploy.env_apps"
FAST = ["--yes", "--poll-interval", "0", "--timeout", "1"]
AGNOSTIC = """
from stagewright import App, RawResource, Stack

app = App()
RawResource(Stack(app, "Plain"), "Topic", type="AWS::SNS::Topic")
"""


def _stacks(region: str) -> list[str]:
    """The names of the live stacks of ``region``."""
    client = boto3.client("cloudformation", region_name=region)
    return sorted(
        s["StackName"]
        for s in client.describe_stacks()["Stacks"]
        if s["StackStatus"] != "DELETE_COMPLETE"
    )


def test_two_environments_deploy_each_to_its_own_region(
    aws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """East lands in us-east-1 only, West in eu-west-1 only; diff and destroy find them there."""
    code, out, err = run(capsys, "deploy", f"{APPS}:two_regions", *FAST)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:2] == [
        f"Environment aws://{MOTO_ACCOUNT}/us-east-1: East",
        f"Environment aws://{MOTO_ACCOUNT}/eu-west-1: West",
    ]
    assert _stacks("us-east-1") == ["East"]
    assert _stacks("eu-west-1") == ["West"]

    code, out, err = run(capsys, "diff", f"{APPS}:two_regions")
    assert (code, err) == (0, "")
    assert out.splitlines()[2:] == ["Stack East", "no changes", "Stack West", "no changes"]
    code, out, err = run(capsys, "diff", f"{APPS}:two_regions", "--json")
    stacks = json.loads(out)["stacks"]
    assert {name: entry["environment"] for name, entry in stacks.items()} == {
        "East": f"aws://{MOTO_ACCOUNT}/us-east-1",
        "West": f"aws://{MOTO_ACCOUNT}/eu-west-1",
    }
    assert all(entry["deployed"] for entry in stacks.values())

    stacks = ["--stack", "East", "--stack", "West"]
    code, out, err = run(capsys, "destroy", f"{APPS}:two_regions", *stacks, *FAST)
    assert code == 0, err
    assert {"Stack East: destroyed", "Stack West: destroyed"} <= set(out.splitlines())
    assert (_stacks("us-east-1"), _stacks("eu-west-1")) == ([], [])


def test_ls_shows_each_declared_environment(capsys: pytest.CaptureFixture[str]) -> None:
    """ls: a stack's environment after its name when it declares one."""
    code, out, err = run(capsys, "ls", f"{APPS}:fan_in")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Left  aws://unknown-account/us-east-1",
        "Right  aws://unknown-account/eu-west-1",
        "Join  aws://unknown-account/us-east-1  (after Left, Right)",
    ]


def test_a_region_option_contradicting_a_declared_region_is_refused(
    aws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--region us-east-1 with West declared in eu-west-1: one line, nothing deployed anywhere."""
    code, out, err = run(capsys, "deploy", f"{APPS}:two_regions", "--region", "us-east-1", *FAST)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"error: stack West is declared in region eu-west-1 (aws://{MOTO_ACCOUNT}/eu-west-1), but "
        "--region is us-east-1: drop --region (each stack goes to its own region), or leave West "
        "out with --stack"
    ]
    assert (_stacks("us-east-1"), _stacks("eu-west-1")) == ([], [])
    for command in (["diff"], ["destroy", "--stack", "West", "--yes"]):
        code, out, err = run(capsys, *command, f"{APPS}:two_regions", "--region", "us-east-1")
        assert (code, out) == (1, "")
        assert err.startswith("error: stack West is declared in region eu-west-1 (")
    # Selecting the stack of that region is fine.
    code, out, err = run(
        capsys, "deploy", f"{APPS}:two_regions", "--region", "us-east-1", "--stack", "East", *FAST
    )
    assert code == 0, err
    assert (_stacks("us-east-1"), _stacks("eu-west-1")) == (["East"], [])


def test_an_account_mismatch_is_refused_before_any_change(
    aws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Far expects another account: deploy, diff and destroy stop at once; Home is not deployed."""
    code, out, err = run(capsys, "deploy", f"{APPS}:other_account", *FAST)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"error: stack Far is for account {OTHER_ACCOUNT} (aws://{OTHER_ACCOUNT}/us-east-1), but "
        f"the credentials in use are of account {MOTO_ACCOUNT}: use credentials of that account "
        "(--profile), or leave Far out with --stack; stopped before any change"
    ]
    assert _stacks("us-east-1") == []
    code, out, err = run(capsys, "diff", f"{APPS}:other_account")
    assert code == 1
    assert err.startswith("error: stack Far is for account 111111111111")
    # The stack of the right account alone goes through.
    code, out, err = run(capsys, "deploy", f"{APPS}:other_account", "--stack", "Home", *FAST)
    assert code == 0, err
    assert _stacks("us-east-1") == ["Home"]
    code, out, err = run(capsys, "destroy", f"{APPS}:other_account", "--stack", "Far", *FAST)
    assert code == 1
    assert err.startswith("error: stack Far is for account 111111111111")


def test_an_agnostic_stack_goes_to_the_project_region_and_account(
    aws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """[tool.stagewright] region and account place (and check) stacks that declare neither."""
    (tmp_path / "app.py").write_text(AGNOSTIC, encoding="utf-8")
    settings = (
        f'[tool.stagewright]\napp = "app.py"\nregion = "eu-west-1"\naccount = "{OTHER_ACCOUNT}"\n'
    )
    (tmp_path / "pyproject.toml").write_text(settings, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "deploy", *FAST)
    assert code == 1
    assert err.startswith(
        f"error: stack Plain is for account {OTHER_ACCOUNT} (aws://{OTHER_ACCOUNT}/eu-west-1)"
    )
    (tmp_path / "pyproject.toml").write_text(
        settings.replace(OTHER_ACCOUNT, MOTO_ACCOUNT), encoding="utf-8"
    )
    code, out, err = run(capsys, "deploy", *FAST)
    assert code == 0, err
    assert out.splitlines()[0] == f"Environment aws://{MOTO_ACCOUNT}/eu-west-1: Plain"
    assert (_stacks("us-east-1"), _stacks("eu-west-1")) == ([], ["Plain"])


def test_independent_stacks_deploy_side_by_side_with_prefixed_lines(
    aws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--concurrency 2: every line names its stack; Join, after both, deploys last."""
    code, out, err = run(capsys, "deploy", f"{APPS}:fan_in", "--concurrency", "2", *FAST)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[:2] == [
        "Environment aws://unknown-account/us-east-1: Left, Join",
        "Environment aws://unknown-account/eu-west-1: Right",
    ]
    body = lines[2:]
    assert all(line.startswith(("Left  | ", "Right | ", "Join  | ")) for line in body), body
    first_join = min(i for i, line in enumerate(body) if line.startswith("Join"))
    done = [i for i, line in enumerate(body) if "CREATE_COMPLETE in" in line]
    assert len(done) == 3
    assert first_join > max(i for i in done if not body[i].startswith("Join"))
    assert (_stacks("us-east-1"), _stacks("eu-west-1")) == (["Join", "Left"], ["Right"])


def test_concurrency_needs_yes(aws: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Side by side, nothing can be asked: refused before anything is read or made."""
    code, out, err = run(capsys, "deploy", f"{APPS}:fan_in", "--concurrency", "2")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "error: --concurrency 2 deploys stacks side by side and cannot ask before each: pass "
        "--yes (or deploy one at a time without --concurrency)"
    ]


class _Sts:
    """A stubbed STS client behind ``_aws.sts``, answering GetCallerIdentity with ``account``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, account: str) -> None:
        self.client = boto3.client(
            "sts", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
        )
        self.stub = Stubber(self.client)
        self.stub.add_response(
            "get_caller_identity",
            {"UserId": "AIDA", "Account": account, "Arn": f"arn:aws:iam::{account}:user/me"},
            {},
        )
        self.stub.activate()
        self.regions: list[str | None] = []

        def sts(region: str | None, profile: str | None) -> object:
            self.regions.append(region)
            return self.client

        monkeypatch.setattr(_aws, "sts", sts)


def test_the_account_check_is_one_sts_call_and_no_cloudformation_call(
    cfn: Cfn, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Stubbed: GetCallerIdentity once (in the first stack's region), then the refusal, no more.

    The CloudFormation stub expects no call at all: one would fail the test.
    """
    sts = _Sts(monkeypatch, OTHER_ACCOUNT)
    code, out, err = run(capsys, "deploy", f"{APPS}:two_regions", *FAST)
    assert (code, out) == (1, "")
    assert err.startswith(f"error: stack East is for account {MOTO_ACCOUNT} (")
    assert f"credentials in use are of account {OTHER_ACCOUNT}:" in err
    assert sts.regions == ["us-east-1"]
    sts.stub.assert_no_pending_responses()
    cfn.done()


def test_without_an_expected_account_there_is_no_sts_call(
    cfn: Cfn, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Region-only environments and no project account: diff never asks STS who is calling."""
    sts = _Sts(monkeypatch, MOTO_ACCOUNT)
    for name in ("Left", "Right", "Join"):
        cfn.stub.add_client_error(
            "get_template",
            "ValidationError",
            f"Stack with id {name} does not exist",
            400,
            expected_params={"StackName": name, "TemplateStage": "Original"},
        )
    code, out, err = run(capsys, "diff", f"{APPS}:fan_in")
    assert (code, err) == (0, "")
    assert [line for line in out.splitlines() if line.startswith("Stack ")] == [
        "Stack Left (not deployed yet)",
        "Stack Join (not deployed yet)",
        "Stack Right (not deployed yet)",
    ]
    assert sts.regions == []
    cfn.done()
