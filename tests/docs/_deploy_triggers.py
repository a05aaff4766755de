"""``stagewright deploy`` runs that fail in each rollback-alarm and rollout way of docs/errors.md.

CloudFormation and CloudWatch are botocore Stubbers answering what each run asks, in order.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from botocore.stub import ANY

from tests.constructs.cli.deploy._rollout_stubs import (
    ROLLOUT,
    Cw,
    Template,
    at_step_one,
    resolved,
    resources,
    settles,
    step,
    triggers,
)
from tests.constructs.cli.deploy._stubs import Cfn, event, resource_change

from ._cli_triggers import Trigger, run

APPS = "tests.constructs.cli.deploy.apps"
GUARDED = f"{APPS}:guarded"
QUICK = f"{APPS}:quick_rollout"
Setup = Callable[[Cfn, Cw], None]


def _deploy(setup: Setup, *argv: str) -> Trigger:
    """A trigger: the first ``error:`` line of ``stagewright deploy ARGV --yes`` after ``setup``."""

    def trigger(folder: Path) -> str:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(sys, "stdin", io.StringIO(""))
            cfn, cw = Cfn(patch), Cw(patch)
            setup(cfn, cw)
            code, lines = run(folder, "deploy", *argv, "--yes", "--poll-interval", "0")
            cfn.done()
        assert code != 0, lines
        return next(line for line in lines if line.startswith("error: "))

    return trigger


def _guarded(cfn: Cfn, cw: Cw, *unknown: str) -> None:
    cfn.stack("Guarded", "UPDATE_COMPLETE")
    resources(cfn, "Guarded", {"Errors": "guarded-errors"})
    if unknown:
        cw.alarms({"guarded-errors": "OK", "shop-5xx": "OK"}, *unknown)


def _elsewhere(cfn: Cfn, cw: Cw) -> None:
    cfn.stack("Web", "UPDATE_COMPLETE")
    cfn.missing("Monitoring", "list_stack_resources")


def _rolled_back(failure: str | None, states: dict[str, str]) -> Setup:
    def setup(cfn: Cfn, cw: Cw) -> None:
        resolved(cfn, cw)
        step(cfn, cw, Template(25, "Live"), triggers("shop-errors", "shop-5xx", minutes=10))
        settles(cfn, cw, "UPDATE_ROLLBACK_COMPLETE", states, failure)

    return setup


def _new_quick(cfn: Cfn, cw: Cw, status: str, state: str) -> None:
    """Quick does not exist: step 1 creates it, and it settles in ``status``, alarm in ``state``."""
    cfn.missing("Quick")
    params = {"StackName": "Quick", "TemplateStage": "Original"}
    message = "Stack with id Quick does not exist"
    cfn.stub.add_client_error("get_template", "ValidationError", message, 400, params)
    for _ in range(3):  # resolved for the plan, again before step 1, and its state
        cw.alarms({"shop-5xx": "OK"})
    cfn.missing("Quick")
    request: dict[str, Any] = {"TemplateBody": ANY, "RollbackConfiguration": ANY}
    cfn.create("Quick", "CREATE", **request)
    cfn.change_set("Quick", "CREATE_COMPLETE", [resource_change("Prod", "Add")])
    cfn.events("Quick", [event("Quick", 0, "Quick", "REVIEW_IN_PROGRESS")])
    cfn.execute("Quick")
    cfn.stack("Quick", status, by_id=True)
    cfn.events("Quick", [event("Quick", 1, "Quick", status)])
    cw.alarms({"shop-5xx": state})


TWO = f"{APPS}:two_stacks"


def _neither_deployed(cfn: Cfn, cw: Cw) -> None:
    cfn.missing("Net")
    cfn.missing("Web")


def _no_terminal(folder: Path) -> str:
    """A deploy that would ask, with no terminal to ask on (no ``--yes``)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sys, "stdin", io.StringIO(""))
        cfn = Cfn(patch)
        cfn.missing("Net")
        cfn.create("Net", "CREATE")
        cfn.change_set("Net", "CREATE_COMPLETE", [resource_change("Topic", "Add")])
        cfn.delete_change_set("Net")
        cfn.call("delete_stack", {"StackName": "Net"})
        code, lines = run(folder, "deploy", TWO, "--stack", "Net", "--poll-interval", "0")
        cfn.done()
    assert code != 0, lines
    return next(line for line in lines if line.startswith("error: "))


DEPLOY: dict[str, Trigger] = {
    "deploy-rollback-complete": _deploy(
        lambda cfn, cw: cfn.stack("Net", "ROLLBACK_COMPLETE"), TWO, "--stack", "Net"
    ),
    "deploy-unusable": _deploy(
        lambda cfn, cw: cfn.stack("Net", "UPDATE_ROLLBACK_FAILED"), TWO, "--stack", "Net"
    ),
    "deploy-busy": _deploy(
        lambda cfn, cw: cfn.stack("Net", "UPDATE_IN_PROGRESS"), TWO, "--stack", "Net"
    ),
    "deploy-dependency": _deploy(
        lambda cfn, cw: cfn.missing("Net"), TWO, "--stack", "Web", "--parameter", "Env=prod"
    ),
    "deploy-parameter-missing": _deploy(_neither_deployed, TWO),
    "deploy-parameter-format": _deploy(lambda cfn, cw: None, TWO, "--parameter", "=prod"),
    "deploy-no-terminal": _no_terminal,
    "deploy-alarm-missing": _deploy(
        lambda cfn, cw: _guarded(cfn, cw, "typo"), GUARDED, "--rollback-alarm", "typo"
    ),
    "deploy-alarm-not-deployed": _deploy(_elsewhere, f"{APPS}:watched_elsewhere", "--stack", "Web"),
    "deploy-alarms-too-many": _deploy(
        _guarded, GUARDED, *(f"--rollback-alarm={name}" for name in ("a", "b", "c", "d"))
    ),
    "deploy-rollout-two": _deploy(
        lambda cfn, cw: cfn.stack("Shop", "UPDATE_COMPLETE"), f"{APPS}:two_rollouts"
    ),
    "deploy-step-no-rollout": _deploy(
        lambda cfn, cw: cfn.stack("Guarded", "UPDATE_COMPLETE"), GUARDED, "--step", "1"
    ),
    "deploy-step-value": _deploy(resolved, ROLLOUT, "--step", "9"),
    "deploy-step-order": _deploy(resolved, ROLLOUT, "--step", "3"),
    "deploy-rollout-not-started": _deploy(
        lambda cfn, cw: at_step_one(cfn, cw, {"shop-errors": "OK", "shop-5xx": "ALARM"}), ROLLOUT
    ),
    "deploy-rollout-rolled-back": _deploy(
        _rolled_back(None, {"shop-errors": "ALARM", "shop-5xx": "OK"}), ROLLOUT, "--step", "2"
    ),
    "deploy-rollout-failed": _deploy(
        _rolled_back(
            "Invalid deployment identifier specified", {"shop-errors": "OK", "shop-5xx": "OK"}
        ),
        ROLLOUT,
        "--step",
        "2",
    ),
    "deploy-rollout-no-earlier": _deploy(
        lambda cfn, cw: _new_quick(cfn, cw, "CREATE_COMPLETE", "ALARM"), QUICK, "--step", "1"
    ),
    "deploy-rollout-timeout": _deploy(
        lambda cfn, cw: _new_quick(cfn, cw, "CREATE_IN_PROGRESS", "OK"),
        QUICK,
        "--step",
        "1",
        "--timeout",
        "0",
    ),
}
