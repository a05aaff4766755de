"""``stagewright destroy`` against a stubbed CloudFormation, and AWS errors in one line."""

from __future__ import annotations

import json

import pytest

from ._stubs import Cfn, event, run

APP = "tests.constructs.cli.deploy.apps:two_stacks"
FAST = ["--yes", "--poll-interval", "0"]


def _listed(cfn: Cfn, name: str, status: str = "UPDATE_COMPLETE") -> None:
    cfn.stack(name, status)
    summaries = [
        {"LogicalResourceId": lid, "PhysicalResourceId": f"{lid}-id", "ResourceType": kind}
        | {"LastUpdatedTimestamp": "2026-01-01T00:00:00Z", "ResourceStatus": "CREATE_COMPLETE"}
        for lid, kind in (("Logs", "AWS::Logs::LogGroup"), ("Db", "AWS::RDS::DBInstance"))
    ]
    cfn.call("list_stack_resources", {"StackName": name}, {"StackResourceSummaries": summaries})
    template = {
        "Resources": {
            "Logs": {"Type": "AWS::Logs::LogGroup", "DeletionPolicy": "RetainExceptOnCreate"},
            "Db": {"Type": "AWS::RDS::DBInstance", "DeletionPolicy": "Snapshot"},
        }
    }
    cfn.call(
        "get_template",
        {"StackName": name, "TemplateStage": "Original"},
        {"TemplateBody": json.dumps(template)},
    )
    cfn.events(name, [event(name, 0, name, status)])
    cfn.call("delete_stack", {"StackName": name})


def test_destroy_lists_what_stays_and_goes_dependants_first(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """With APP, Web (which depends on Net) goes first; retained resources are listed as kept."""
    _listed(cfn, "Web")
    cfn.stack("Web", "DELETE_COMPLETE", by_id=True)
    cfn.events("Web", [event("Web", 1, "Web", "DELETE_COMPLETE")])
    _listed(cfn, "Net")
    cfn.missing("arn:aws:cloudformation:us-east-1:123456789012:stack/Net/0000")
    cfn.missing(
        "arn:aws:cloudformation:us-east-1:123456789012:stack/Net/0000", "describe_stack_events"
    )
    code, out, err = run(capsys, "destroy", APP, "--stack", "Net", "--stack", "Web", *FAST)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:3] == [
        "Stack Web: 2 resource(s)",
        "  keep (RetainExceptOnCreate)  Logs  AWS::Logs::LogGroup  Logs-id",
        "  snapshot then delete         Db    AWS::RDS::DBInstance  Db-id",
    ]
    assert lines[-2:] == ["Stack Net: destroyed", "  kept: Logs AWS::Logs::LogGroup Logs-id"]
    cfn.done()


def test_delete_failed_names_the_resource(cfn: Cfn, capsys: pytest.CaptureFixture[str]) -> None:
    """DELETE_FAILED: the first failing resource and its reason, exit 1."""
    _listed(cfn, "Net")
    cfn.stack("Net", "DELETE_FAILED", by_id=True)
    reason = "Cannot delete: the log group is in use"
    cfn.events(
        "Net",
        [
            event("Net", 3, "Net", "DELETE_FAILED", "The following resource(s) failed to delete"),
            event("Net", 2, "Db", "DELETE_FAILED", reason, type="AWS::RDS::DBInstance"),
            event("Net", 1, "Net", "DELETE_IN_PROGRESS", "User Initiated"),
        ],
    )
    code, _out, err = run(capsys, "destroy", "--stack", "Net", *FAST)
    assert code == 1
    assert err == (
        f"error: stack Net: deletion failed (DELETE_FAILED): Db (AWS::RDS::DBInstance) "
        f"DELETE_FAILED: {reason}\n"
    )
    cfn.done()


def test_nothing_to_destroy(cfn: Cfn, capsys: pytest.CaptureFixture[str]) -> None:
    """A stack that does not exist: said, exit 0."""
    cfn.missing("Gone")
    code, out, err = run(capsys, "destroy", "--stack", "Gone", *FAST)
    assert (code, out, err) == (0, "Stack Gone: does not exist, nothing to destroy\n", "")
    cfn.done()


def test_destroy_refuses_without_a_terminal(cfn: Cfn, capsys: pytest.CaptureFixture[str]) -> None:
    """No --yes and no TTY: nothing deleted."""
    cfn.stack("Net", "UPDATE_COMPLETE")
    cfn.call("list_stack_resources", {"StackName": "Net"}, {"StackResourceSummaries": []})
    cfn.call(
        "get_template", {"StackName": "Net", "TemplateStage": "Original"}, {"TemplateBody": "{}"}
    )
    code, _out, err = run(capsys, "destroy", "--stack", "Net")
    assert code == 1
    assert err.splitlines()[0] == (
        "error: stack Net: not destroyed: stdin is not a terminal, so there is no one to "
        "confirm; pass --yes to destroy without asking"
    )
    cfn.done()


def test_an_unknown_stack_of_the_app(cfn: Cfn, capsys: pytest.CaptureFixture[str]) -> None:
    """With APP, a name the app does not have is refused before any call."""
    _code, _out, err = run(capsys, "destroy", APP, "--stack", "Nope", *FAST)
    assert err.splitlines()[0] == "error: the app has no stack 'Nope' (it has Web, Net)"
    cfn.done()


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"AWS_DEFAULT_REGION": "us-east-1"},
            "error: no AWS credentials found: pass --profile, or set AWS_PROFILE or "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY",
        ),
        (
            {"AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "y"},
            "error: no AWS region: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION",
        ),
        (
            {"AWS_DEFAULT_REGION": "us-east-1", "AWS_PROFILE": "nobody"},
            "error: no AWS profile named 'nobody' in the AWS config files",
        ),
        (
            {
                "AWS_ACCESS_KEY_ID": "x",
                "AWS_SECRET_ACCESS_KEY": "y",
                "AWS_DEFAULT_REGION": "us-east-1",
                "AWS_ENDPOINT_URL": "http://127.0.0.1:9",
                "AWS_MAX_ATTEMPTS": "1",
            },
            "error: DescribeStacks of stack 'Net': cannot reach CloudFormation at http://127.0.0.1:9/",
        ),
    ],
)
def test_aws_setup_problems_are_one_line(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: object,
    capsys: pytest.CaptureFixture[str],
    env: dict[str, str],
    message: str,
) -> None:
    """No credentials, no region, an unknown profile, no endpoint: one clear line each."""
    for name in (
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_REGION",
        "AWS_DEFAULT_REGION",
        "AWS_ENDPOINT_URL",
        "AWS_ENDPOINT_URL_CLOUDFORMATION",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", f"{tmp_path}/none")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", f"{tmp_path}/none")
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    code, _out, err = run(capsys, "destroy", "--stack", "Net", "--yes")
    assert code == 1
    assert err.splitlines()[0] == message
