"""Rollback triggers in the change-set requests, against stubbed CloudFormation and CloudWatch.

moto accepts ``RollbackConfiguration`` and ignores it; botocore's Stubber checks what deploy
sends: the alarms' ARNs (resolved through the stack's resources and DescribeAlarms) and the
bake as ``MonitoringTimeInMinutes``.
"""

from __future__ import annotations

import pytest

from ._rollout_stubs import (
    ROLLOUT,
    Cw,
    Template,
    arn,
    at_step_one,
    deployed,
    no_updates,
    resolved,
    resources,
    settles,
    step,
    triggers,
)
from ._stubs import Cfn, event, resource_change, run

GUARDED = "tests.constructs.cli.deploy.apps:guarded"
FAST = ["--yes", "--poll-interval", "0"]


def test_a_deploy_rolls_back_on_the_stacks_alarms_and_the_options(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """The stack's own alarm (by its deployed name), a named one, --rollback-alarm's ARN."""
    cfn.stack("Guarded", "UPDATE_COMPLETE")
    resources(cfn, "Guarded", {"Errors": "guarded-errors-1A2B"})
    cw.alarms({"guarded-errors-1A2B": "OK", "shop-5xx": "OK", "extra": "OK"})
    config = triggers("guarded-errors-1A2B", "shop-5xx", "extra")
    no_updates(cfn, "Guarded", RollbackConfiguration=config)
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
    resources(cfn, "Guarded", {})
    cw.alarms({"shop-5xx": "OK"})
    no_updates(cfn, "Guarded", RollbackConfiguration=triggers("shop-5xx"))
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
    resources(cfn, "Guarded", {"Errors": "guarded-errors-1A2B"})
    cw.alarms({"guarded-errors-1A2B": "OK", "shop-5xx": "OK"}, "typo")
    code, _out, err = run(capsys, "deploy", GUARDED, "--rollback-alarm", "typo", *FAST)
    assert code == 1
    assert err == (
        "error: stack Guarded: rollback alarm 'typo' does not exist in CloudWatch (in this "
        "account and region): create it first, or correct its name or ARN\n"
    )
    cfn.done()


def test_each_step_is_a_change_set_with_the_alarms_and_the_bake(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """Step 2's change set: the canary at 25%, the alarms' ARNs, 10 minutes' monitoring."""
    resolved(cfn, cw)
    config = triggers("shop-errors", "shop-5xx", minutes=10)
    step(cfn, cw, Template(25, "Live"), config)
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
    resolved(cfn, cw, 50)
    config = triggers("shop-errors", "shop-5xx", minutes=10)
    step(cfn, cw, Template(None, "Next"), config)
    code, out, err = run(capsys, "deploy", ROLLOUT, "--step", "promote", "--no-wait", *FAST)
    assert (code, err) == (0, "")
    assert "Stack Shop: promotion: deploying" in out.splitlines()
    cfn.done()


def test_an_alarm_not_deployed_yet_is_made_by_a_preparation_at_zero(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """The rollout's alarm is new in this stack: a 0% change set makes it, then step 1 is gated."""
    cfn.stack("Shop", "UPDATE_COMPLETE")
    deployed(cfn, canary_percent=None)
    resources(cfn, "Shop", {})  # the alarm construct is not deployed yet
    cw.alarms({"shop-5xx": "OK"})
    # The preparation: the canary at 0%, watched by the alarm that exists (no bake: no traffic).
    cfn.stack("Shop", "UPDATE_COMPLETE")
    config = triggers("shop-5xx")
    cfn.create("Shop", "UPDATE", TemplateBody=Template(0, "Live"), RollbackConfiguration=config)
    cfn.change_set("Shop", "CREATE_COMPLETE", [resource_change("Prod", "Modify")])
    cfn.events("Shop", [event("Shop", 0, "Shop", "UPDATE_COMPLETE")])
    cfn.execute("Shop")
    cfn.stack("Shop", "UPDATE_COMPLETE", by_id=True)
    cfn.events("Shop", [event("Shop", 1, "Shop", "UPDATE_COMPLETE"), event("Shop", 0, "Shop", "X")])
    cw.alarms({"shop-5xx": "OK"})  # watched while the preparation settles
    # Step 1: the alarm is deployed now, and gates it.
    step(cfn, cw, Template(5, "Live"), triggers("shop-errors", "shop-5xx", minutes=10))
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


def test_a_step_cloudformation_rolls_back_is_reported(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """UPDATE_ROLLBACK_COMPLETE with an alarm firing: the step, the alarm, where it is: exit 1."""
    resolved(cfn, cw)
    step(cfn, cw, Template(25, "Live"), triggers("shop-errors", "shop-5xx", minutes=10))
    settles(cfn, cw, "UPDATE_ROLLBACK_COMPLETE", {"shop-errors": "ALARM", "shop-5xx": "OK"})
    code, out, err = run(capsys, "deploy", ROLLOUT, "--step", "next", *FAST)
    assert code == 1
    assert out.splitlines()[-1] == (
        "  step 2 of 3 (25%): UPDATE_ROLLBACK_COMPLETE, bake 10m 00s left; alarms: shop-errors "
        "ALARM, shop-5xx OK"
    )
    assert err == (
        "error: stack Shop: step 2 of 3 (25%) rolled back: alarm(s) shop-errors in ALARM; the "
        "rollout is back at: step 1 of 3 (5%), the base serving the rest; fix the canary, then "
        "deploy again to retry the step\n"
    )
    cfn.done()


def test_an_alarm_in_alarm_before_a_step_stops_the_rollout(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """No change set is made while a gate fires."""
    at_step_one(cfn, cw, {"shop-errors": "OK", "shop-5xx": "ALARM"})
    code, _out, err = run(capsys, "deploy", ROLLOUT, *FAST)
    assert code == 1
    assert err == (
        "error: stack Shop: step 2 of 3 (25%) not started: alarm(s) shop-5xx in ALARM; the "
        "rollout stays at: step 1 of 3 (5%); deploy again once the alarms are OK\n"
    )
    cfn.done()


def test_a_dry_run_of_an_ordinary_stack_says_what_would_be_deployed(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """The alarms are resolved (so a wrong one shows now), and no change set is made."""
    cfn.stack("Guarded", "UPDATE_COMPLETE")
    resources(cfn, "Guarded", {"Errors": "guarded-errors-1A2B"})
    cw.alarms({"guarded-errors-1A2B": "OK", "shop-5xx": "OK"})
    code, out, err = run(capsys, "deploy", GUARDED, "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Stack Guarded: rollback alarms: guarded-errors-1A2B, shop-5xx",
        "Stack Guarded: would deploy an update (--dry-run: nothing changed)",
    ]
    cfn.done()


def test_step_is_refused_before_anything_when_a_stack_has_no_rollout(
    cfn: Cfn, cw: Cw, capsys: pytest.CaptureFixture[str]
) -> None:
    """--step applies to rollouts: a selected stack without one stops the deploy up front."""
    cfn.stack("Shop", "UPDATE_COMPLETE")
    cfn.stack("Jobs", "UPDATE_COMPLETE")
    app = "tests.constructs.cli.deploy.apps:rollout_beside_queue"
    code, out, err = run(capsys, "deploy", app, "--step", "2", *FAST)
    assert (code, out) == (1, "")
    assert err == (
        "error: stack Jobs: --step 2: the stack declares no canary rollout (Canary(steps=...)); "
        "pass --stack with the stack that does, or drop --step\n"
    )
    cfn.done()
