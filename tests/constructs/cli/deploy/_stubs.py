"""A stubbed CloudFormation client (botocore's Stubber) with helpers for the usual answers.

Stubber checks every request's exact parameters, in order, and fails on a call not expected:
the tests state what deploy and destroy send, and that they send nothing more.
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from stagewright.cli import _aws, main

__all__ = ["Cfn", "Terminal", "change_set_id", "event", "resource_change", "run", "stack_id"]

ACCOUNT = "123456789012"
WHEN = datetime(2026, 1, 1, tzinfo=UTC)


def stack_id(name: str) -> str:
    """The stack id (ARN) the stubs give stack ``name``."""
    return f"arn:aws:cloudformation:us-east-1:{ACCOUNT}:stack/{name}/0000"


def change_set_id(name: str) -> str:
    """The change set id the stubs give stack ``name``'s change set."""
    return f"arn:aws:cloudformation:us-east-1:{ACCOUNT}:changeSet/stagewright/{name}"


def event(
    stack: str, number: int, logical_id: str, status: str, reason: str | None = None, **kw: str
) -> dict[str, Any]:
    """A stack event; ``logical_id == stack`` makes it the stack's own."""
    entry = {
        "StackId": stack_id(stack),
        "EventId": f"{stack}-{number}",
        "StackName": stack,
        "LogicalResourceId": logical_id,
        "ResourceType": kw.get("type", "AWS::CloudFormation::Stack")
        if logical_id == stack
        else kw.get("type", "AWS::SNS::Topic"),
        "Timestamp": WHEN,
        "ResourceStatus": status,
    }
    if reason:
        entry["ResourceStatusReason"] = reason
    return entry


class Terminal(io.StringIO):
    """A stdin that says it is a terminal, holding the user's answers."""

    def isatty(self) -> bool:
        """A terminal, as far as the prompt can tell."""
        return True


class Cfn:
    """The stubbed client, installed as ``_aws.cloudformation``'s result."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.client = boto3.client(
            "cloudformation",
            region_name="us-east-1",
            aws_access_key_id="x",
            aws_secret_access_key="y",
        )
        self.stub = Stubber(self.client)
        self.stub.activate()
        monkeypatch.setattr(_aws, "cloudformation", lambda region, profile: self.client)

    def missing(self, name: str, operation: str = "describe_stacks") -> None:
        """The stack does not exist."""
        self.stub.add_client_error(
            operation,
            "ValidationError",
            f"Stack with id {name} does not exist",
            400,
            expected_params={"StackName": name},
        )

    def stack(self, name: str, status: str, by_id: bool = False, **extra: Any) -> None:
        """DescribeStacks answers ``status`` (asked by name, or by id while following)."""
        entry = {"StackName": name, "StackId": stack_id(name), "CreationTime": WHEN}
        entry |= {"StackStatus": status, **extra}
        params = {"StackName": stack_id(name) if by_id else name}
        self.stub.add_response("describe_stacks", {"Stacks": [entry]}, params)

    def create(self, name: str, kind: str, **request: Any) -> None:
        """CreateChangeSet, with the parameters the test expects (template: any)."""
        params = {
            "StackName": name,
            "ChangeSetName": ANY,
            "ChangeSetType": kind,
            "TemplateBody": ANY,
            "Parameters": [],
            "Capabilities": [],
            "Description": "stagewright deploy",
        } | request
        answer = {"Id": change_set_id(name), "StackId": stack_id(name)}
        self.stub.add_response("create_change_set", answer, params)

    def change_set(
        self, name: str, status: str, changes: list[dict[str, Any]], **extra: Any
    ) -> None:
        """DescribeChangeSet answers one page."""
        params = {"ChangeSetName": change_set_id(name)}
        if "token" in extra:
            params["NextToken"] = extra.pop("token")
        answer = {"Status": status, "Changes": changes, **extra}
        self.stub.add_response("describe_change_set", answer, params)

    def events(self, name: str, events: list[dict[str, Any]]) -> None:
        """DescribeStackEvents (by id) answers ``events`` (give them newest first)."""
        params = {"StackName": stack_id(name)}
        self.stub.add_response("describe_stack_events", {"StackEvents": events}, params)

    def call(
        self, operation: str, params: dict[str, Any], answer: dict[str, Any] | None = None
    ) -> None:
        """Any other call, answered with ``answer`` (default: empty)."""
        self.stub.add_response(operation, answer or {}, params)

    def execute(self, name: str) -> None:
        """ExecuteChangeSet of ``name``'s change set."""
        self.call("execute_change_set", {"ChangeSetName": change_set_id(name)})

    def delete_change_set(self, name: str) -> None:
        """DeleteChangeSet of ``name``'s change set."""
        self.call("delete_change_set", {"ChangeSetName": change_set_id(name)})

    def done(self) -> None:
        """Fail unless every expected call was made."""
        self.stub.assert_no_pending_responses()


def resource_change(logical_id: str, action: str, replacement: str | None = None) -> dict[str, Any]:
    """One change of a change set."""
    change: dict[str, Any] = {
        "Action": action,
        "LogicalResourceId": logical_id,
        "ResourceType": "AWS::SNS::Topic",
    }
    if replacement:
        change["Replacement"] = replacement
    return {"Type": "Resource", "ResourceChange": change}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run ``stagewright ARGV`` in this process; return the exit code, stdout and stderr."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err
