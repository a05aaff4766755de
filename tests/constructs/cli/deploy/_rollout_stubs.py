"""Stubbed CloudFormation and CloudWatch answers for rollback alarms and canary rollouts."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.stub import ANY, Stubber

from stagewright.cli import _rollout

from ._stubs import Cfn, event, resource_change

ROLLOUT = "tests.constructs.cli.deploy.apps:canary_rollout"
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


def resources(cfn: Cfn, stack: str, alarms: dict[str, str]) -> None:
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


def no_updates(cfn: Cfn, stack: str, **request: Any) -> None:
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


def triggers(*names: str, minutes: int | None = None) -> dict[str, Any]:
    config: dict[str, Any] = {
        "RollbackTriggers": [{"Arn": arn(n), "Type": ALARM_TYPE} for n in names]
    }
    return config | ({"MonitoringTimeInMinutes": minutes} if minutes is not None else {})


class Template:
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


def deployed(cfn: Cfn, canary_percent: float | None) -> None:
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


def step(cfn: Cfn, cw: Cw, template: Template, config: dict[str, Any]) -> None:
    """One step's change set, made and executed (--no-wait: not followed)."""
    resources(cfn, "Shop", {ERRORS: "shop-errors"})  # resolved again before the step
    cw.alarms({"shop-errors": "OK", "shop-5xx": "OK"})
    cw.alarms({"shop-errors": "OK", "shop-5xx": "OK"})  # their states: none fires
    cfn.stack("Shop", "UPDATE_COMPLETE")
    cfn.create("Shop", "UPDATE", TemplateBody=template, RollbackConfiguration=config)
    cfn.change_set("Shop", "CREATE_COMPLETE", [resource_change("Prod", "Modify")])
    cfn.events("Shop", [event("Shop", 0, "Shop", "UPDATE_COMPLETE")])
    cfn.execute("Shop")


def settles(
    cfn: Cfn, cw: Cw, status: str, states: dict[str, str], failure: str | None = None
) -> None:
    """While the step is watched: the stack settles in ``status``, the alarms in ``states``.

    ``failure``: the stage's update failed for this reason.
    """
    cfn.stack("Shop", status, by_id=True)
    failed = (
        [event("Shop", 2, "Prod", "UPDATE_FAILED", failure, type="AWS::ApiGateway::Stage")]
        if failure
        else []
    )
    cfn.events(
        "Shop",
        [
            event("Shop", 3, "Shop", status),
            *failed,
            event("Shop", 1, "Shop", "UPDATE_IN_PROGRESS", "User Initiated"),
            event("Shop", 0, "Shop", "UPDATE_COMPLETE"),
        ],
    )
    cw.alarms(states)


def resolved(cfn: Cfn, cw: Cw, canary_percent: float = 5) -> None:
    """Shop deployed with its canary at ``canary_percent``, its alarms resolved for the plan."""
    cfn.stack("Shop", "UPDATE_COMPLETE")
    deployed(cfn, canary_percent=canary_percent)
    resources(cfn, "Shop", {ERRORS: "shop-errors"})
    cw.alarms({"shop-errors": "OK", "shop-5xx": "OK"})


def at_step_one(cfn: Cfn, cw: Cw, states: dict[str, str]) -> None:
    """Shop deployed with its canary at 5%; the alarms resolved, and their states before step 2."""
    resolved(cfn, cw)
    resources(cfn, "Shop", {ERRORS: "shop-errors"})
    cw.alarms({"shop-errors": "OK", "shop-5xx": "OK"})
    cw.alarms(states)
