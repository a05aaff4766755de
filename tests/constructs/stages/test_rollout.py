"""A canary's declared rollout and a stack's rollback alarms, as synthesized for deploy."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from stagewright import Stack, ValidationError, add_rollback_alarms
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.stages import Canary, CanaryStage, RestStage

from ._support import rest_app, synth


def _stage(**canary: Any) -> tuple[Any, Stack, RestStage]:
    app, stack, api, live = rest_app()
    following = Deployment(stack, "Release2", rest_api_id=api.ref)
    stage = RestStage(
        stack,
        "Prod",
        rest_api=api,
        deployment=live,
        canary=Canary(deployment=following, **canary),
    )
    return app, stack, stage


def test_the_rollout_is_in_the_stage_metadata_with_the_alarms_logical_ids() -> None:
    """Steps, bake in seconds and each alarm as plain strings; the template starts at step 1."""
    app, stack, stage = _stage(steps=[5, 25, 50], bake=timedelta(minutes=15), alarms=["shop-5xx"])
    alarms = stage.recommended_alarms(error_rate=0.01, p99_latency_ms=2000)
    canary_alarm = alarms.canary_error_rate
    assert canary_alarm is not None
    stage.add_canary_alarms(canary_alarm, "shop-5xx")  # the name once
    add_rollback_alarms(stack, alarms.error_rate, "arn:aws:cloudwatch:us-east-1:1:alarm:x")
    template = synth(app)["Shop"]
    prod = template["Resources"]["Prod"]
    assert prod["Metadata"] == {
        "stagewright:rollout": {
            "Steps": [5.0, 25.0, 50.0],
            "BakeSeconds": 900,
            "Alarms": [
                {"Name": "shop-5xx"},
                {"Stack": "Shop", "LogicalId": canary_alarm.logical_id},
            ],
        }
    }
    assert prod["Properties"]["CanarySetting"]["PercentTraffic"] == 5
    assert template["Metadata"] == {
        "stagewright:rollbackAlarms": [
            {"Stack": "Shop", "LogicalId": alarms.error_rate.logical_id},
            {"Arn": "arn:aws:cloudwatch:us-east-1:1:alarm:x"},
        ]
    }


def test_promotion_and_rollback_drop_the_rollout() -> None:
    """Without a canary there is no rollout in the template (and no Metadata at all)."""
    app, _stack, stage = _stage(steps=[10, 50])
    stage.set_canary_percent(50)
    assert synth(app)["Shop"]["Resources"]["Prod"]["Metadata"]["stagewright:rollout"]["Steps"]
    stage.promote_canary()
    assert "Metadata" not in synth(app)["Shop"]["Resources"]["Prod"]


def test_a_canary_without_steps_has_no_rollout() -> None:
    """The plain canary is what it was: percent 10 by default, no Metadata."""
    app, _stack, stage = _stage()
    assert stage.canary is not None
    assert stage.canary.percent == 10
    assert "Metadata" not in synth(app)["Shop"]["Resources"]["Prod"]


@pytest.mark.parametrize(
    ("canary", "expected"),
    [
        ({"steps": [25, 5]}, "Canary.steps: must be increasing percentages, each above 0 and at "),
        ({"steps": [0, 5]}, "Canary.steps: must be increasing percentages"),
        ({"steps": [5, 5]}, "Canary.steps: must be increasing percentages"),
        ({"steps": [5, 101]}, "Canary.steps: must be increasing percentages"),
        ({"steps": "5,25"}, "Canary.steps: must be increasing percentages"),
        ({"steps": [5, True]}, "Canary.steps: must be increasing percentages"),
        ({"steps": [5, 25], "percent": 10}, "Canary.percent: must be one of the steps"),
        ({"steps": [5], "bake": 600}, "Canary.bake: must be a timedelta from 0 to 180 minutes"),
        ({"steps": [5], "bake": timedelta(minutes=181)}, "Canary.bake: must be a timedelta"),
        ({"steps": [5], "alarms": [None]}, "Canary.alarms[0]: must be an AWS::CloudWatch::Alarm"),
        ({"steps": [5], "alarms": "shop-5xx"}, "Canary.alarms: must be a list of alarms"),
        ({"steps": [5], "alarms": list("abcdef")}, "Canary.alarms: CloudFormation watches at most"),
        ({"alarms": ["shop-5xx"]}, "Canary.alarms: gate a rollout's steps, and there are no"),
    ],
)
def test_a_wrong_rollout_is_refused(canary: dict[str, Any], expected: str) -> None:
    """Each rule of the declaration, when the Canary is built."""
    with pytest.raises(ValidationError) as caught:
        Canary(deployment="abc", **canary)
    assert str(caught.value).startswith(expected)


def test_the_edges_of_the_rollout_are_accepted() -> None:
    """A step of 100%, a bake of 0 or 180 minutes, five alarms."""
    Canary(deployment="abc", steps=[100], bake=timedelta(0))
    Canary(deployment="abc", steps=[1, 2.5], bake=timedelta(minutes=180), alarms=list("abcde"))


def test_add_rollback_alarms_is_checked() -> None:
    """Not an alarm, or a sixth one: refused; the stack keeps what it had."""
    app, stack, _api, _live = rest_app()
    add_rollback_alarms(stack, "a", "b", "c", "d", "e")
    with pytest.raises(ValidationError) as caught:
        add_rollback_alarms(stack, "f")
    assert str(caught.value).startswith("Shop: rollback_alarms: CloudFormation watches at most 5")
    with pytest.raises(ValidationError):
        add_rollback_alarms(stack, _live)  # a deployment, not an alarm
    assert len(synth(app)["Shop"]["Metadata"]["stagewright:rollbackAlarms"]) == 5


def test_a_canary_stage_declares_its_rollout_with_its_own_arguments() -> None:
    """steps=, bake= and alarms= of CanaryStage; percent defaults to the first step."""
    app, stack, api, live = rest_app()
    following = Deployment(stack, "Release2", rest_api_id=api.ref)
    CanaryStage(
        stack,
        "Prod",
        rest_api=api,
        deployment=live,
        canary_deployment=following,
        steps=[10, 50],
        bake=timedelta(minutes=5),
        alarms=["shop-5xx"],
    )
    prod = synth(app)["Shop"]["Resources"]["Prod"]
    assert prod["Properties"]["CanarySetting"]["PercentTraffic"] == 10
    assert prod["Metadata"]["stagewright:rollout"] == {
        "Steps": [10.0, 50.0],
        "BakeSeconds": 300,
        "Alarms": [{"Name": "shop-5xx"}],
    }
