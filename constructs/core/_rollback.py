"""Rollback alarms: the CloudWatch alarms CloudFormation watches while it deploys a stack.

A rollback trigger (``RollbackConfiguration`` of ``CreateChangeSet``) names an alarm by ARN, and
the alarm must exist when the change set runs. An alarm is given here as an alarm construct of
the app (an ``AWS::CloudWatch::Alarm`` resource, in any stack) or as the name or ARN of an alarm
made elsewhere. Synthesis writes the references into the template's ``Metadata`` as plain
strings, with no intrinsic function in them: ``{"Stack": "Shop", "LogicalId": "ErrorRate"}``,
``{"Name": "shop-5xx"}`` or ``{"Arn": "arn:aws:cloudwatch:..."}``. ``stagewright deploy``
resolves them to ARNs just before each change set: an alarm construct through its stack's
deployed resources. An alarm construct not deployed yet cannot be a trigger of the deploy that
creates it; deploy says so, and it gates every deploy after that one.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from stagewright.core._resource import CfnResource
from stagewright.core._stack import Stack
from stagewright.runtime._errors import Problem, ValidationError

__all__ = [
    "MAX_ROLLBACK_TRIGGERS",
    "ROLLBACK_ALARMS_KEY",
    "ROLLOUT_KEY",
    "AlarmLike",
    "AlarmReferences",
    "add_rollback_alarms",
    "alarm_problems",
]

ALARM_TYPE = "AWS::CloudWatch::Alarm"
ROLLBACK_ALARMS_KEY = "stagewright:rollbackAlarms"
"""The template ``Metadata`` key of a stack's rollback alarms."""
ROLLOUT_KEY = "stagewright:rollout"
"""A stage resource's ``Metadata`` key holding its canary's declared rollout."""
MAX_ROLLBACK_TRIGGERS = 5
"""CloudFormation takes at most five rollback triggers per change set."""

AlarmLike = CfnResource[Any] | str
"""An alarm: an ``AWS::CloudWatch::Alarm`` construct of the app, or an alarm's name or ARN."""


def alarm_problems(owner: str, where: str, alarms: Any) -> list[Problem]:
    """The problems of ``alarms``: a sequence of alarm constructs, names or ARNs, at most five."""
    if isinstance(alarms, str) or not isinstance(alarms, Sequence):
        hint = "pass a list, e.g. [stage_alarms.error_rate, 'shop-5xx']"
        return [Problem((where,), "type", "must be a list of alarms", alarms, hint, owner)]
    problems = []
    for index, alarm in enumerate(alarms):
        if isinstance(alarm, CfnResource) and alarm.type_name == ALARM_TYPE:
            continue
        if isinstance(alarm, str) and alarm.strip():
            continue
        shown = alarm.node.path if isinstance(alarm, CfnResource) else alarm
        problems.append(
            Problem(
                (where, index),
                "alarm",
                "must be an AWS::CloudWatch::Alarm construct, or an alarm's name or ARN",
                shown,
                "pass the Alarm (stage.recommended_alarms() makes some) or its name",
                owner,
            )
        )
    if len(alarms) > MAX_ROLLBACK_TRIGGERS:
        problems.append(
            Problem(
                (where,),
                "max-triggers",
                f"CloudFormation watches at most {MAX_ROLLBACK_TRIGGERS} alarms per deploy",
                len(alarms),
                "pass fewer (one alarm on a metric math expression can watch several figures)",
                owner,
            )
        )
    return problems


class AlarmReferences:
    """Alarms rendered as template metadata: plain strings, resolved by ``stagewright deploy``.

    Rendered at synthesis (``to_cfn``), so an alarm construct's logical ID is its final one.
    """

    def __init__(self, alarms: Sequence[AlarmLike]) -> None:
        self.alarms = tuple(alarms)

    def to_cfn(self) -> list[dict[str, str]]:
        """Each alarm as ``{"Stack", "LogicalId"}``, ``{"Arn"}`` or ``{"Name"}``."""
        entries = []
        for alarm in self.alarms:
            if isinstance(alarm, CfnResource):
                stack = Stack.of(alarm).stack_name
                entries.append({"Stack": stack, "LogicalId": alarm.logical_id})
            elif alarm.startswith("arn:"):
                entries.append({"Arn": alarm})
            else:
                entries.append({"Name": alarm})
        return entries


def add_rollback_alarms(stack: Stack, *alarms: AlarmLike) -> None:
    """Make every ``stagewright deploy`` of ``stack`` roll back when one of ``alarms`` fires.

    Each alarm is an ``AWS::CloudWatch::Alarm`` construct of the app (in any stack) or an
    existing alarm's name or ARN; at most five in all. Deploy passes them to CloudFormation as
    rollback triggers, with ``--rollback-alarm`` ones beside them. An alarm construct that is not
    deployed yet (the deploy that creates it) gates the deploys after it, not its own.
    """
    owner = f"{stack.node.path}:" if isinstance(stack, Stack) else "add_rollback_alarms:"
    if not isinstance(stack, Stack):
        message = "must be a Stack"
        raise ValidationError([Problem(("stack",), "type", message, stack, None, owner)])
    current = stack.metadata.get(ROLLBACK_ALARMS_KEY)
    known = list(current.alarms) if isinstance(current, AlarmReferences) else []
    combined = known + [a for a in alarms if a not in known]
    problems = alarm_problems(owner, "rollback_alarms", combined)
    if problems:
        raise ValidationError(problems)
    stack.metadata[ROLLBACK_ALARMS_KEY] = AlarmReferences(combined)
