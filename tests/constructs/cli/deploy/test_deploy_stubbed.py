"""``stagewright deploy`` against a stubbed CloudFormation: failures, refusals, exact requests."""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path

import pytest
from botocore.exceptions import EndpointConnectionError
from botocore.parsers import ResponseParserError

from stagewright.cli._aws import AwsError, aws_call
from stagewright.cli._deploy import change_set_name

from ._stubs import Cfn, Terminal, change_set_id, event, resource_change, run

APP = "tests.constructs.cli.deploy.apps:two_stacks"
FAST = ["--poll-interval", "0"]


def _creates_net(cfn: Cfn, final: str = "CREATE_COMPLETE") -> None:
    cfn.create("Net", "CREATE")
    cfn.change_set("Net", "CREATE_COMPLETE", [resource_change("Topic", "Add")])
    cfn.events("Net", [event("Net", 0, "Net", "REVIEW_IN_PROGRESS")])
    cfn.execute("Net")
    cfn.stack("Net", final, by_id=True)


def test_deploys_in_dependency_order_and_prints_outputs(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """Net before Web (Web depends on it); events oldest first with a counter; Web's outputs."""
    cfn.missing("Net")
    cfn.stack("Web", "UPDATE_COMPLETE")
    _creates_net(cfn)
    cfn.events(
        "Net",
        [
            event("Net", 3, "Net", "CREATE_COMPLETE"),
            event("Net", 2, "Topic", "CREATE_COMPLETE"),
            event("Net", 1, "Net", "CREATE_IN_PROGRESS", "User Initiated"),
            event("Net", 0, "Net", "REVIEW_IN_PROGRESS"),
        ],
    )
    env = {"ParameterKey": "Env", "ParameterValue": "prod"}
    cfn.create("Web", "UPDATE", Parameters=[env])
    cfn.change_set(
        "Web", "CREATE_COMPLETE", [resource_change("Queue", "Modify", "True")], NextToken="2"
    )
    cfn.change_set("Web", "CREATE_COMPLETE", [resource_change("Old", "Remove")], token="2")
    cfn.events("Web", [event("Web", 0, "Web", "UPDATE_COMPLETE")])
    cfn.execute("Web")
    outputs = [{"OutputKey": "QueueUrl", "OutputValue": "https://sqs/q"}]
    cfn.stack("Web", "UPDATE_COMPLETE", by_id=True, Outputs=outputs)
    cfn.events("Web", [event("Web", 1, "Web", "UPDATE_COMPLETE"), event("Web", 0, "Web", "X")])
    code, out, err = run(capsys, "deploy", APP, "--yes", "--parameter", "Env=prod", *FAST)
    assert (code, err) == (0, "")
    cfn.done()
    lines = out.splitlines()
    assert lines[:6] == [
        "Stack Net: creating a change set (a new stack)",
        "Changes to stack Net:",
        "  Add     Topic  AWS::SNS::Topic",
        "1 change(s)",
        "Stack Net: deploying",
        "  [0/1] CREATE_IN_PROGRESS           AWS::CloudFormation::Stack Net: User Initiated",
    ]
    assert lines[6:8] == [
        "  [1/1] CREATE_COMPLETE              AWS::SNS::Topic Topic",
        "  [1/1] CREATE_COMPLETE              AWS::CloudFormation::Stack Net",
    ]
    assert lines[9:15] == [
        "Stack Web: creating a change set (an update)",
        "Changes to stack Web:",
        "  Modify  Queue  AWS::SNS::Topic  REPLACEMENT",
        "  Remove  Old    AWS::SNS::Topic",
        "2 change(s), 1 replacement(s)",
        "Stack Web: deploying",
    ]
    assert lines[-2:] == ["Outputs:", "  QueueUrl = https://sqs/q"]


def test_a_rejected_change_set_names_the_stack_and_reason(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """FAILED with a real reason: one error line; the change set and its new stack deleted."""
    cfn.missing("Net")
    cfn.create("Net", "CREATE")
    reason = "Template format error: Unresolved resource dependencies [Nope] in the Resources block"
    cfn.change_set("Net", "FAILED", [], StatusReason=reason)
    cfn.delete_change_set("Net")
    cfn.call("delete_stack", {"StackName": "Net"})
    code, _out, err = run(capsys, "deploy", APP, "--stack", "Net", "--yes", *FAST)
    assert code == 1
    assert (
        err.splitlines()[0] == f"error: stack Net: CloudFormation rejected the change set: {reason}"
    )
    cfn.done()


def test_rollback_names_the_first_failing_resource_and_stops(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """ROLLBACK_COMPLETE: the earliest failure not a cancellation is named; Web is not deployed."""
    cfn.missing("Net")
    cfn.missing("Web")
    _creates_net(cfn, "ROLLBACK_COMPLETE")
    cancelled = "Resource creation cancelled"
    cfn.events(
        "Net",
        [
            event("Net", 5, "Net", "ROLLBACK_COMPLETE"),
            event("Net", 4, "Net", "ROLLBACK_IN_PROGRESS", "The following resource(s) failed"),
            event("Net", 3, "Topic", "CREATE_FAILED", "Invalid parameter: TopicName"),
            event("Net", 2, "Other", "CREATE_FAILED", cancelled),
            event("Net", 1, "Net", "CREATE_IN_PROGRESS", "User Initiated"),
            event("Net", 0, "Net", "REVIEW_IN_PROGRESS"),
        ],
    )
    code, out, err = run(capsys, "deploy", APP, "--yes", "--parameter", "Env=prod", *FAST)
    assert code == 1
    assert err == (
        "error: stack Net: deployment failed (ROLLBACK_COMPLETE): Topic (AWS::SNS::Topic) "
        "CREATE_FAILED: Invalid parameter: TopicName\n"
    )
    assert "Web" not in out
    cfn.done()  # and nothing was asked about Web after the failure


def test_update_rollback_complete_fails_and_keeps_previous_parameters(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """UPDATE_ROLLBACK_COMPLETE is a failure; Env, given no value, keeps its previous one."""
    cfn.stack("Net", "UPDATE_COMPLETE")  # the dependency left out is deployed
    previous = [{"ParameterKey": "Env", "ParameterValue": "prod"}]
    cfn.stack("Web", "UPDATE_COMPLETE", Parameters=previous)
    cfn.create("Web", "UPDATE", Parameters=[{"ParameterKey": "Env", "UsePreviousValue": True}])
    cfn.change_set("Web", "CREATE_COMPLETE", [resource_change("Queue", "Modify")])
    cfn.events("Web", [])
    cfn.execute("Web")
    cfn.stack("Web", "UPDATE_ROLLBACK_COMPLETE", by_id=True, StackStatusReason="rolled back")
    cfn.events("Web", [event("Web", 2, "Web", "UPDATE_ROLLBACK_COMPLETE")])
    code, _out, err = run(capsys, "deploy", APP, "--stack", "Web", "--yes", *FAST)
    assert code == 1
    assert err == (
        "error: stack Web: deployment failed (UPDATE_ROLLBACK_COMPLETE): "
        "the stack is UPDATE_ROLLBACK_COMPLETE: rolled back\n"
    )
    cfn.done()


def test_an_empty_change_set_is_no_changes(cfn: Cfn, capsys: pytest.CaptureFixture[str]) -> None:
    """FAILED for want of changes: 'no changes', the empty change set deleted, exit 0."""
    cfn.stack("Net", "CREATE_COMPLETE")
    cfn.create("Net", "UPDATE")
    reason = (
        "The submitted information didn't contain changes. Submit different information to "
        "create a change set."
    )
    cfn.change_set("Net", "FAILED", [], StatusReason=reason)
    cfn.delete_change_set("Net")
    code, out, err = run(capsys, "deploy", APP, "--stack", "Net", *FAST)
    assert (code, out.splitlines()[-1], err) == (0, "Stack Net: no changes", "")
    cfn.done()


def test_without_a_terminal_it_refuses_and_cleans_up(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """No --yes, stdin not a TTY: the change set and the stack made to hold it are deleted."""
    cfn.missing("Net")
    cfn.create("Net", "CREATE")
    cfn.change_set("Net", "CREATE_COMPLETE", [resource_change("Topic", "Add")])
    cfn.delete_change_set("Net")
    cfn.call("delete_stack", {"StackName": "Net"})
    code, _out, err = run(capsys, "deploy", APP, "--stack", "Net", *FAST)
    assert code == 1
    assert err.splitlines()[0] == (
        "error: stack Net: not deployed: stdin is not a terminal, so there is no one to "
        "confirm; pass --yes to deploy without asking"
    )
    cfn.done()


def test_declining_deploys_nothing(
    cfn: Cfn, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Answering no: the change set goes (the stack existed before, so it stays); exit 1."""
    monkeypatch.setattr(sys, "stdin", Terminal("n\n"))
    cfn.stack("Net", "UPDATE_COMPLETE")
    cfn.create("Net", "UPDATE")
    cfn.change_set("Net", "CREATE_COMPLETE", [resource_change("Topic", "Modify", "Conditional")])
    cfn.delete_change_set("Net")
    code, out, err = run(capsys, "deploy", APP, "--stack", "Net", *FAST)
    assert (code, err) == (1, "Stack Net: nothing deployed\n")
    assert "  Modify  Topic  AWS::SNS::Topic  REPLACEMENT (conditional)" in out
    assert out.endswith("Deploy these changes to Net? [y/N] ")
    cfn.done()


def test_a_rolled_back_new_stack_must_be_destroyed_first(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """ROLLBACK_COMPLETE cannot be updated: said before any change set, with the fix."""
    cfn.stack("Net", "ROLLBACK_COMPLETE")
    code, _out, err = run(capsys, "deploy", APP, "--stack", "Net", "--yes", *FAST)
    assert code == 1
    assert err.splitlines()[0] == (
        "error: stack Net is ROLLBACK_COMPLETE (its creation failed and was rolled back) and "
        "cannot be updated: destroy it first (stagewright destroy --stack Net), then deploy again"
    )
    cfn.done()


def test_parameters_from_a_file_and_the_command_line_reach_the_change_set(
    cfn: Cfn, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The file's shared and per-stack values, overridden by --parameter, sent exactly; tags too."""
    file = tmp_path / "params.yaml"
    file.write_text("Env: dev\nSize: 2\nWeb:\n  Size: 3\n")
    tags = tmp_path / "tags.json"
    tags.write_text('{"team": "shop", "cost": 7}')
    cfn.stack("Net", "CREATE_COMPLETE")
    cfn.missing("Web")
    parameters = [
        {"ParameterKey": "Env", "ParameterValue": "prod"},
        {"ParameterKey": "Size", "ParameterValue": "3"},
    ]
    tag_list = [
        {"Key": "team", "Value": "shop"},
        {"Key": "cost", "Value": "9"},
    ]
    cfn.create("Web", "CREATE", Parameters=parameters, Tags=tag_list)
    cfn.change_set("Web", "FAILED", [], StatusReason="stop here")
    cfn.delete_change_set("Web")
    cfn.call("delete_stack", {"StackName": "Web"})
    argv = ["deploy", APP, "--stack", "Web", "--parameters-file", str(file)]
    argv += ["--parameter", "Env=prod", "--tags-file", str(tags), "--tag", "cost=9", *FAST]
    _code, _out, err = run(capsys, *argv)
    assert (
        err.splitlines()[0] == "error: stack Web: CloudFormation rejected the change set: stop here"
    )
    cfn.done()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["--parameter", "Nope=1"],
            "--parameter Nope=...: no stack being deployed declares a parameter 'Nope' "
            "(declared: Web: Env, Size)",
        ),
        (
            ["--stack", "Net", "--parameter", "Web:Env=1"],
            "--parameter Web:Env=...: stack Web is not being deployed (add --stack Web)",
        ),
        (
            ["--parameter", "Net:Env=1"],
            "--parameter Net:Env=...: stack Net declares no parameter 'Env' (none declares any)",
        ),
        (["--parameter", "Env"], "--parameter: expected KEY=VALUE, got 3 characters without"),
        (["--stack", "Web"], "stack Web: parameter Env has no default and no value: pass "),
        (["--stack", "Nope"], "the app has no stack 'Nope' (it has Web, Net)"),
    ],
)
def test_bad_input_is_refused_before_any_change(
    cfn: Cfn, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Unknown keys and stacks, missing values: one error line, no change set."""
    if argv == ["--stack", "Web"]:
        cfn.stack("Net", "CREATE_COMPLETE")
        cfn.missing("Web")
    code, _out, err = run(capsys, "deploy", APP, "--yes", *argv)
    assert code == 1
    assert err.splitlines()[0].startswith(f"error: {message}")
    cfn.done()


def test_a_dependency_neither_selected_nor_deployed(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """Web alone while Net does not exist: refused before any change set."""
    cfn.missing("Net")
    _code, _out, err = run(capsys, "deploy", APP, "--stack", "Web", "--parameter", "Env=x")
    assert err.splitlines()[0] == (
        "error: stack Web depends on Net, which is not being deployed and is not deployed: "
        "add --stack Net"
    )
    cfn.done()


def test_ctrl_c_while_waiting_leaves_the_deployment_running(
    cfn: Cfn, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Interrupted while following: says CloudFormation carries on, exit 130."""
    cfn.missing("Net")
    _creates_net(cfn, "CREATE_IN_PROGRESS")
    cfn.events("Net", [])

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(time, "sleep", interrupt)
    code, _out, err = run(capsys, "deploy", APP, "--stack", "Net", "--yes")
    assert (code, err) == (130, "interrupted: the deployment of Net continues in CloudFormation\n")
    cfn.done()


def test_the_wait_is_bounded(cfn: Cfn, capsys: pytest.CaptureFixture[str]) -> None:
    """Past --timeout: one error line, the stack left to CloudFormation."""
    cfn.missing("Net")
    _creates_net(cfn, "CREATE_IN_PROGRESS")
    cfn.events("Net", [])
    _code, _out, err = run(capsys, "deploy", APP, "--stack", "Net", "--yes", "--timeout", "0")
    assert err.splitlines()[0] == (
        "error: stack Net is still CREATE_IN_PROGRESS after 0 minute(s); stopped waiting "
        "(--timeout), the operation goes on in CloudFormation"
    )
    cfn.done()


def test_change_set_names_differ_within_a_second_and_suit_cloudformation() -> None:
    """Deploys in the same second get different change set names, each CloudFormation's shape."""
    names = {change_set_name() for _ in range(200)}
    assert len(names) == 200
    for name in names:
        assert re.fullmatch(r"stagewright-\d{8}-\d{6}-[0-9a-f]{8}", name)
        assert re.fullmatch(r"[a-zA-Z][-a-zA-Z0-9]*", name)
        assert len(name) <= 128


class _CtrlC(Terminal):
    """A terminal whose user presses Ctrl-C at the prompt."""

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        """Ctrl-C, as the prompt sees it."""
        raise KeyboardInterrupt


def test_ctrl_c_at_the_prompt_removes_the_change_set_and_its_new_stack(
    cfn: Cfn, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C at the confirmation: nothing deployed, nothing left behind, exit 130."""
    monkeypatch.setattr(sys, "stdin", _CtrlC())
    cfn.missing("Net")
    cfn.create("Net", "CREATE")
    cfn.change_set("Net", "CREATE_COMPLETE", [resource_change("Topic", "Add")])
    cfn.delete_change_set("Net")
    cfn.call("delete_stack", {"StackName": "Net"})
    code, _out, err = run(capsys, "deploy", APP, "--stack", "Net", *FAST)
    assert (code, err) == (130, "\ninterrupted: stack Net was not deployed\n")
    cfn.done()


def test_a_refused_execute_removes_the_change_set_and_names_the_call(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """ExecuteChangeSet refused: one line naming the call and stack; change set and stack go."""
    cfn.missing("Net")
    cfn.create("Net", "CREATE")
    cfn.change_set("Net", "CREATE_COMPLETE", [resource_change("Topic", "Add")])
    cfn.events("Net", [event("Net", 0, "Net", "REVIEW_IN_PROGRESS")])
    cfn.stub.add_client_error(
        "execute_change_set",
        "InvalidChangeSetStatus",
        "ChangeSet [x] cannot be executed in its current status of [OBSOLETE]\nmore detail",
        400,
        expected_params={"ChangeSetName": change_set_id("Net")},
    )
    cfn.delete_change_set("Net")
    cfn.call("delete_stack", {"StackName": "Net"})
    code, _out, err = run(capsys, "deploy", APP, "--stack", "Net", "--yes", *FAST)
    assert code == 1
    assert err == (
        "error: CloudFormation refused ExecuteChangeSet of stack 'Net': ChangeSet [x] cannot be "
        "executed in its current status of [OBSOLETE] (InvalidChangeSetStatus)\n"
    )
    cfn.done()


def _lose_connection(cfn: Cfn, operation: str) -> None:
    """Make every ``operation`` request fail as a dropped network connection does."""

    def drop(**kwargs: object) -> None:
        raise EndpointConnectionError(endpoint_url="https://cloudformation.us-east-1.amazonaws.com")

    cfn.client.meta.events.register(f"provide-client-params.cloudformation.{operation}", drop)


def test_a_lost_connection_while_waiting_cleans_up(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """The network goes while the change set is created: it and its stack are deleted."""
    cfn.missing("Net")
    cfn.create("Net", "CREATE")
    _lose_connection(cfn, "DescribeChangeSet")
    cfn.delete_change_set("Net")
    cfn.call("delete_stack", {"StackName": "Net"})
    code, _out, err = run(capsys, "deploy", APP, "--stack", "Net", "--yes", *FAST)
    assert code == 1
    assert err.splitlines() == [
        "error: DescribeChangeSet of stack 'Net': cannot reach CloudFormation at "
        "https://cloudformation.us-east-1.amazonaws.com"
    ]
    cfn.done()


def test_when_cleaning_up_fails_too_it_says_what_is_left_and_how_to_remove_it(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """No connection at all: the first error, then what is left and the commands that remove it."""
    cfn.missing("Net")
    cfn.create("Net", "CREATE")
    for operation in ("DescribeChangeSet", "DeleteChangeSet", "DeleteStack"):
        _lose_connection(cfn, operation)
    code, _out, err = run(capsys, "deploy", APP, "--stack", "Net", "--yes", *FAST)
    assert code == 1
    warning, error = err.splitlines()
    assert warning == (
        "warning: could not clean up after stack Net (DeleteChangeSet of stack 'Net': cannot "
        "reach CloudFormation at https://cloudformation.us-east-1.amazonaws.com); left behind: "
        f"change set {change_set_id('Net')} and the empty stack Net (REVIEW_IN_PROGRESS); "
        f"remove with: aws cloudformation delete-change-set --change-set-name "
        f"{change_set_id('Net')} && aws cloudformation delete-stack --stack-name Net"
    )
    assert error.startswith("error: DescribeChangeSet of stack 'Net': cannot reach")
    cfn.done()


def test_an_html_error_page_is_one_line_naming_the_call() -> None:
    """A proxy's HTML page instead of an AWS answer: one line, no HTML."""
    page = "Unable to parse response, invalid XML received:\nb'<html><body>502</body></html>'"
    with pytest.raises(AwsError) as caught, aws_call("CreateChangeSet of stack 'Net'"):
        raise ResponseParserError(page)
    text = str(caught.value)
    assert text.startswith("CreateChangeSet of stack 'Net': the endpoint's answer is not an AWS")
    assert "<html>" not in text
    assert "\n" not in text


@pytest.mark.parametrize(
    "argv",
    [
        ["--parameter", "Pasword=hunter2"],
        ["--parameter", "Password:hunter2"],
        ["--parameters-file", "{file}"],
    ],
    ids=["misspelt key", "colon for equals", "file entry without a key"],
)
def test_a_parameter_value_never_appears_in_an_error(
    cfn: Cfn, capsys: pytest.CaptureFixture[str], tmp_path: Path, argv: list[str]
) -> None:
    """A mistyped parameter is refused naming where it came from, never showing its value."""
    file = tmp_path / "params.json"
    file.write_text('[{"ParameterKay": "Password", "ParameterValue": "hunter2"}]')
    argv = [arg.replace("{file}", str(file)) for arg in argv]
    code, out, err = run(capsys, "deploy", APP, "--yes", *argv)
    assert code == 1
    assert "hunter2" not in out + err
    assert err.startswith("error: ")
    cfn.done()


def test_outputs_showing_a_noecho_parameter_are_printed_masked(
    cfn: Cfn, capsys: pytest.CaptureFixture[str]
) -> None:
    """Deploy prints every output, but never the value of one that shows a NoEcho parameter."""
    cfn.missing("Vault")
    cfn.create("Vault", "CREATE")
    cfn.change_set("Vault", "CREATE_COMPLETE", [resource_change("Topic", "Add")])
    cfn.events("Vault", [event("Vault", 0, "Vault", "REVIEW_IN_PROGRESS")])
    cfn.execute("Vault")
    outputs = [
        {"OutputKey": "Direct", "OutputValue": "hunter2"},
        {"OutputKey": "Leak", "OutputValue": "token=hunter2"},
        {"OutputKey": "Plain", "OutputValue": "arn:aws:sns:topic"},
    ]
    cfn.stack("Vault", "CREATE_COMPLETE", by_id=True, Outputs=outputs)
    cfn.events("Vault", [event("Vault", 1, "Vault", "CREATE_COMPLETE")])
    code, out, _err = run(
        capsys, "deploy", "tests.constructs.cli.deploy.apps:secret_output", "--yes", *FAST
    )
    assert code == 0
    assert "hunter2" not in out
    assert out.splitlines()[-3:] == [
        "  Direct = **** (shows NoEcho Secret)",
        "  Leak = **** (shows NoEcho Secret)",
        "  Plain = arn:aws:sns:topic",
    ]
    cfn.done()
