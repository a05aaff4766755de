"""Rollback triggers in the change-set requests, against stubbed CloudFormation and CloudWatch.

moto accepts ``RollbackConfiguration`` and ignores it; botocore's Stubber checks what deploy
sends: the alarms' ARNs (resolved through the stack's resources and DescribeAlarms) and the
bake as ``MonitoringTimeInMinutes``.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from stagewright.cli import _rollout

from ._stubs import Cfn, event, resource_change, run

GUARDED = "tests.constructs.cli.deploy.apps:guarded"
ROLLOUT = "tests.constructs.cli.deploy.apps:canary_rollout"
FAST = ["--yes", "--poll-interval", "0"]
ACCOUNT = "123456789012"
ALARM_TYPE = "AWS::CloudWatch::Alarm"
ERRORS = "ProdAlarmsErrorRate78D30227"
"""The logical ID of canary_rollout's error-rate alarm, a gate of its rollout."""


def arn(name: str) -> str:
    """The ARN of alarm ``name``."""
    return f"arn:aws:cloudwatch:us-east-1:{ACCOUNT}:alarm:{name}"


class Cw:
    """A stubbed CloudWatch client, installed as the one deploy makes."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.client = boto3.client(
            "cloudwatch", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
        )
        self.stub = Stubber(self.client)
        self.stub.activate()
        monkeypatch.setattr(_rollout, "cloudwatch", lambda region, profile: self.client)

    def alarms(self, states: dict[str, str], *unknown: str) -> None:
        """DescribeAlarms of these names (and ``unknown`` ones) answers them, each in its state."""
        found = [
            {"AlarmName": name, "AlarmArn": arn(name), "StateValue": state}
            for name, state in states.items()
        ]
        asked = {"AlarmNames": [*states, *unknown]}
        self.stub.add_response("describe_alarms", {"MetricAlarms": found}, asked)


@pytest.fixture
def cw(monkeypatch: pytest.MonkeyPatch) -> Cw:
    """The stubbed CloudWatch client."""
    return Cw(monkeypatch)


def _resources(cfn: Cfn, stack: str, alarms: dict[str, str]) -> None:
    """ListStackResources: the stack's deployed alarms, logical id to name."""
    summaries = [
        {
            "LogicalResourceId": logical_id,
            "PhysicalResourceId": name,
            "ResourceType": ALARM_TYPE,
            "ResourceStatus": "CREATE_COMPLETE",
            "LastUpdatedTimestamp": "2026-01-01T00:00:00Z",
        }
        for logical_id, name in alarms.items()
    ]
    cfn.call("list_stack_resources", {"StackName": stack}, {"StackResourceSummaries": summaries})


def _no_updates(cfn: Cfn, stack: str, **request: Any) -> None:
    """CreateChangeSet with ``request``, answered "No updates are to be performed"."""
    params = {
        "StackName": stack,
        "ChangeSetName": ANY,
        "ChangeSetType": "UPDATE",
        "TemplateBody": ANY,
        "Parameters": [],
        "Capabilities": [],
        "Description": "stagewright deploy",
    } | request
    cfn.stub.add_client_error(
        "create_change_set",
        "ValidationError",
        "No updates are to be performed.",
        400,
        expected_params=params,
    )


def _triggers(*names: str, minutes: int | None = None) -> dict[str, Any]:
    config: dict[str, Any] = {
        "RollbackTriggers": [{"Arn": arn(n), "Type": ALARM_TYPE} for n in names]
    }
    return config | ({"MonitoringTimeInMinutes": minutes} if minutes is not None else {})


def test_a_deploy_rolls_back_on_the_stacks_alarms_and_the_options(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stack's own alarm (by its deployed name), a named one, --rollback-alarm's ARN."""
    cfn.stack("Guarded", "UPDATE_COMPLETE")
    _resources(cfn, "Guarded", {"Errors": "guarded-errors-1A2B"})
    cw.alarms({"guarded-errors-1A2B": "OK", "shop-5xx": "OK", "extra": "OK"})
    config = _triggers("guarded-errors-1A2B", "shop-5xx", "extra")
    _no_updates(cfn, "Guarded", RollbackConfiguration=config)
    code, out, err = run(capsys, "deploy", GUARDED, "--rollback-alarm", arn("extra"), *FAST)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Stack Guarded: rollback alarms: guarded-errors-1A2B, shop-5xx, extra",
        "Stack Guarded: creating a change set (an update)",
        "Stack Guarded: no changes",
    ]
    cfn.done()


def test_the_stacks_alarm_not_deployed_yet_watches_the_next_deploy(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """An alarm construct this deploy creates is not a trigger of it (it does not exist yet)."""
    cfn.stack("Guarded", "UPDATE_COMPLETE")
    _resources(cfn, "Guarded", {})
    cw.alarms({"shop-5xx": "OK"})
    _no_updates(cfn, "Guarded", RollbackConfiguration=_triggers("shop-5xx"))
    code, out, err = run(capsys, "deploy", GUARDED, *FAST)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "Stack Guarded: rollback alarms: shop-5xx",
        "Stack Guarded: alarm Guarded/Errors is created by this deploy: it watches the deploys "
        "after this one, not this one",
    ]
    cfn.done()


def test_an_alarm_that_does_not_exist_stops_the_deploy(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """A named alarm CloudWatch does not know: nothing is created."""
    cfn.stack("Guarded", "UPDATE_COMPLETE")
    _resources(cfn, "Guarded", {"Errors": "guarded-errors-1A2B"})
    cw.alarms({"guarded-errors-1A2B": "OK", "shop-5xx": "OK"}, "typo")
    code, _out, err = run(capsys, "deploy", GUARDED, "--rollback-alarm", "typo", *FAST)
    assert code == 1
    assert err == (
        "error: stack Guarded: rollback alarm 'typo' does not exist in CloudWatch (in this "
        "account and region): create it first, or correct its name or ARN\n"
    )
    cfn.done()


class _Template:
    """Equal to a TemplateBody whose stage ``Prod`` matches ``check`` (for Stubber's params)."""

    def __init__(self, percent: float | None, deployment: str) -> None:
        self.percent, self.deployment = percent, deployment

    def __eq__(self, body: object) -> bool:
        stage = json.loads(str(body))["Resources"]["Prod"]["Properties"]
        canary = stage.get("CanarySetting")
        percent = None if canary is None else canary["PercentTraffic"]
        return (percent, stage["DeploymentId"]) == (self.percent, {"Ref": self.deployment})

    __hash__ = None  # type: ignore[assignment]  # compared, never hashed

    def __repr__(self) -> str:
        return f"<template: Prod at {self.percent}% of the canary, serving {self.deployment}>"


def _deployed(cfn: Cfn, canary_percent: float | None) -> None:
    """GetTemplate: Shop with its stage serving Live (and the canary at ``canary_percent``)."""
    from stagewright.cli._commands import load_app  # noqa: PLC0415

    template = load_app(ROLLOUT).synthesize().stack("Shop").template
    stage = template["Resources"]["Prod"]["Properties"]
    if canary_percent is None:
        del stage["CanarySetting"]
    else:
        stage["CanarySetting"]["PercentTraffic"] = canary_percent
    params = {"StackName": "Shop", "TemplateStage": "Original"}
    cfn.call("get_template", params, {"TemplateBody": json.dumps(template)})


def _step(cfn: Cfn, cw: Cw, template: _Template, config: dict[str, Any]) -> None:
    """One step's change set, made and executed (--no-wait: not followed)."""
    _resources(cfn, "Shop", {ERRORS: "shop-errors"})  # resolved again before the step
    cw.alarms({"shop-errors": "OK", "shop-5xx": "OK"})
    cw.alarms({"shop-errors": "OK", "shop-5xx": "OK"})  # their states: none fires
    cfn.stack("Shop", "UPDATE_COMPLETE")
    cfn.create("Shop", "UPDATE", TemplateBody=template, RollbackConfiguration=config)
    cfn.change_set("Shop", "CREATE_COMPLETE", [resource_change("Prod", "Modify")])
    cfn.events("Shop", [event("Shop", 0, "Shop", "UPDATE_COMPLETE")])
    cfn.execute("Shop")


def test_each_step_is_a_change_set_with_the_alarms_and_the_bake(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """Step 2's change set: the canary at 25%, the alarms' ARNs, 10 minutes' monitoring."""
    cfn.stack("Shop", "UPDATE_COMPLETE")
    _deployed(cfn, canary_percent=5)
    _resources(cfn, "Shop", {ERRORS: "shop-errors"})
    cw.alarms({"shop-errors": "OK", "shop-5xx": "OK"})
    config = _triggers("shop-errors", "shop-5xx", minutes=10)
    _step(cfn, cw, _Template(25, "Live"), config)
    code, out, err = run(capsys, "deploy", ROLLOUT, "--step", "next", "--no-wait", *FAST)
    assert (code, err) == (0, "")
    assert out.splitlines()[:4] == [
        "Stack Shop: canary rollout of stage Prod: 5%, 25%, 50%, then promotion; bake 10m 00s "
        "per step",
        "  deployed: step 1 of 3 (5%)",
        "  alarms: shop-errors, shop-5xx; CloudFormation watches them 10 minute(s) per step",
        "  plan:",
    ]
    cfn.done()


def test_the_promotion_is_gated_too(cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]) -> None:
    """After the last step: the stage serves Next, no canary, with the same triggers."""
    cfn.stack("Shop", "UPDATE_COMPLETE")
    _deployed(cfn, canary_percent=50)
    _resources(cfn, "Shop", {ERRORS: "shop-errors"})
    cw.alarms({"shop-errors": "OK", "shop-5xx": "OK"})
    config = _triggers("shop-errors", "shop-5xx", minutes=10)
    _step(cfn, cw, _Template(None, "Next"), config)
    code, out, err = run(capsys, "deploy", ROLLOUT, "--step", "promote", "--no-wait", *FAST)
    assert (code, err) == (0, "")
    assert "Stack Shop: promotion: deploying" in out.splitlines()
    cfn.done()


def test_an_alarm_not_deployed_yet_is_made_by_a_preparation_at_zero(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rollout's alarm is new in this stack: a 0% change set makes it, then step 1 is gated."""
    cfn.stack("Shop", "UPDATE_COMPLETE")
    _deployed(cfn, canary_percent=None)
    _resources(cfn, "Shop", {})  # the alarm construct is not deployed yet
    cw.alarms({"shop-5xx": "OK"})
    # The preparation: the canary at 0%, watched by the alarm that exists (no bake: no traffic).
    cfn.stack("Shop", "UPDATE_COMPLETE")
    config = _triggers("shop-5xx")
    cfn.create("Shop", "UPDATE", TemplateBody=_Template(0, "Live"), RollbackConfiguration=config)
    cfn.change_set("Shop", "CREATE_COMPLETE", [resource_change("Prod", "Modify")])
    cfn.events("Shop", [event("Shop", 0, "Shop", "UPDATE_COMPLETE")])
    cfn.execute("Shop")
    cfn.stack("Shop", "UPDATE_COMPLETE", by_id=True)
    cfn.events("Shop", [event("Shop", 1, "Shop", "UPDATE_COMPLETE"), event("Shop", 0, "Shop", "X")])
    cw.alarms({"shop-5xx": "OK"})  # watched while the preparation settles
    # Step 1: the alarm is deployed now, and gates it.
    _step(cfn, cw, _Template(5, "Live"), _triggers("shop-errors", "shop-5xx", minutes=10))
    code, out, err = run(capsys, "deploy", ROLLOUT, "--step", "1", "--no-wait", *FAST)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert (
        "    preparation (0%): creates the alarms the steps watch; the canary's traffic stays as "
        "it is"
    ) in lines
    assert [line for line in lines if line.endswith(": deploying")] == [
        "Stack Shop: preparation (0%): deploying",
        "Stack Shop: step 1 of 3 (5%): deploying",
    ]
    cfn.done()
