"""Rollback alarms for ``stagewright deploy``: references resolved to ARNs, and their states.

An alarm comes from ``--rollback-alarm NAME_OR_ARN``, from the template's ``Metadata`` (a
stack's ``add_rollback_alarms``, a canary's rollout) as ``{"Name"}``, ``{"Arn"}`` or
``{"Stack", "LogicalId"}``. CloudFormation wants the ARN of an alarm that exists, so each is
looked up in CloudWatch (DescribeAlarms) just before a change set is made: an alarm construct
through its stack's deployed resources (ListStackResources; an alarm's physical id is its name).
An alarm construct of the stack being deployed that is not deployed yet is "pending": it cannot
watch the deploy that creates it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from stagewright.cli._aws import aws_call, client, stack_resources
from stagewright.cli._events import DeployError
from stagewright.core._rollback import MAX_ROLLBACK_TRIGGERS, ROLLBACK_ALARMS_KEY

__all__ = [
    "Alarm",
    "AlarmWatch",
    "cloudwatch",
    "option_entries",
    "rollback_configuration",
    "stack_entries",
]

_ALARM_TYPE = "AWS::CloudWatch::Alarm"


def cloudwatch(region: str | None, profile: str | None) -> Any:
    """Return a boto3 CloudWatch client for ``region`` and ``profile`` (None: boto3's)."""
    return client("cloudwatch", region, profile)


@attrs.frozen
class Alarm:
    """A resolved rollback alarm: its name (how it is shown) and ARN."""

    name: str
    arn: str


def option_entries(values: Iterable[str]) -> list[dict[str, str]]:
    """``--rollback-alarm`` values as metadata entries (an ARN, else a name)."""
    return [{"Arn": v} if v.startswith("arn:") else {"Name": v} for v in values]


def stack_entries(template: dict[str, Any]) -> list[dict[str, str]]:
    """The template's own rollback alarms (``add_rollback_alarms``)."""
    entries = (template.get("Metadata") or {}).get(ROLLBACK_ALARMS_KEY) or []
    return [dict(e) for e in entries if isinstance(e, dict)]


def _label(entry: dict[str, str]) -> str:
    if "LogicalId" in entry:
        return f"{entry.get('Stack')}/{entry['LogicalId']}"
    return entry.get("Name") or entry.get("Arn", "?")


def _physical_ids(cfn: Any, stack: str) -> dict[str, str] | None:
    """The stack's deployed alarms by logical id, or None when there is no such stack."""
    resources = stack_resources(cfn, stack)
    if resources is None:
        return None
    return {
        str(summary["LogicalResourceId"]): str(summary["PhysicalResourceId"])
        for summary in resources
        if summary.get("ResourceType") == _ALARM_TYPE and summary.get("PhysicalResourceId")
    }


@attrs.define
class AlarmWatch:
    """Resolves alarm references for one stack's deploy, and reads the alarms' states."""

    cfn: Any
    make_cw: Callable[[], Any]
    """Makes the CloudWatch client, on first use: a deploy without alarms needs none."""
    stack: str
    """The stack being deployed: its own alarm constructs may be pending."""
    _deployed: dict[str, dict[str, str] | None] = attrs.field(factory=dict)
    """The deployed alarms of each stack asked about, by logical id (during one ``resolve``)."""
    _cw: Any = None

    def resolve(self, entries: Sequence[dict[str, str]]) -> tuple[list[Alarm], list[str]]:
        """Return the alarms (in order, each once) and the labels of the pending ones."""
        self._deployed = {}  # read again: a step may have created alarms since
        names: list[str] = []
        pending: list[str] = []
        for entry in entries:
            if "LogicalId" in entry:
                name = self._deployed_name(entry)
                if name is None:
                    pending.append(_label(entry))
                    continue
            elif "Arn" in entry:
                name = entry["Arn"].split(":alarm:", 1)[-1]
            else:
                name = entry["Name"]
            if name not in names:
                names.append(name)
        if len(names) + len(pending) > MAX_ROLLBACK_TRIGGERS:
            raise DeployError(
                f"stack {self.stack}: {len(names) + len(pending)} rollback alarms, and "
                f"CloudFormation takes at most {MAX_ROLLBACK_TRIGGERS}: pass fewer (one alarm on a "
                "metric math expression can watch several figures)"
            )
        found = {a["AlarmName"]: a for a in self._describe(names)}
        missing = [n for n in names if n not in found]
        if missing:
            raise DeployError(
                f"stack {self.stack}: rollback alarm {missing[0]!r} does not exist in CloudWatch "
                "(in this account and region): create it first, or correct its name or ARN"
            )
        return [Alarm(n, str(found[n]["AlarmArn"])) for n in names], pending

    def _deployed_name(self, entry: dict[str, str]) -> str | None:
        stack, logical_id = entry.get("Stack", self.stack), entry["LogicalId"]
        if stack not in self._deployed:
            self._deployed[stack] = _physical_ids(self.cfn, stack)
        name = (self._deployed[stack] or {}).get(logical_id)
        if name is None and stack != self.stack:
            raise DeployError(
                f"stack {self.stack}: rollback alarm {_label(entry)} is not deployed yet: "
                f"deploy stack {stack} first (CloudFormation watches only existing alarms)"
            )
        return name

    def _describe(self, names: Sequence[str]) -> list[dict[str, Any]]:
        if not names:
            return []
        if self._cw is None:
            self._cw = self.make_cw()
        with aws_call(f"DescribeAlarms for stack {self.stack!r}", "CloudWatch"):
            answer = self._cw.describe_alarms(AlarmNames=list(names))
        return list(answer.get("MetricAlarms", []))

    def states(self, alarms: Sequence[Alarm]) -> dict[str, str]:
        """Each alarm's state (``OK``, ``ALARM``, ``INSUFFICIENT_DATA``) by name."""
        found = self._describe([a.name for a in alarms])
        return {a["AlarmName"]: str(a["StateValue"]) for a in found}


def rollback_configuration(alarms: Sequence[Alarm], minutes: int | None) -> dict[str, Any] | None:
    """CreateChangeSet's ``RollbackConfiguration`` (None when there is nothing to watch)."""
    if not alarms:
        return None
    config: dict[str, Any] = {
        "RollbackTriggers": [{"Arn": a.arn, "Type": _ALARM_TYPE} for a in alarms]
    }
    if minutes is not None:
        config["MonitoringTimeInMinutes"] = minutes
    return config
