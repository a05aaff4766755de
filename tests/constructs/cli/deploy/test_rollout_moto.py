"""A canary's declared rollout, deployed by ``stagewright deploy`` against a local moto server.

moto executes a change set at once and ignores rollback triggers, so these tests drive the step
logic: the alarm's state is set by the test (``set_alarm_state``) from a thread that watches the
deployed template, at the step it names, and deploy sees it while it watches the step's bake.
The requests' ``RollbackConfiguration`` is checked in test_rollout_stubbed.py.
"""

from __future__ import annotations

import _thread
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from ._stubs import run
from .rollout_app import ALARM, BAKE, STACK

FIRST = "tests.constructs.cli.deploy.rollout_app:first_release"
CANARY = "tests.constructs.cli.deploy.rollout_app:canary_release"
FAST = ["--yes", "--poll-interval", "0.05", "--timeout", "1"]
WAIT_SECONDS = 30


def _stage() -> dict[str, Any]:
    """The stage's properties in the deployed template."""
    body = boto3.client("cloudformation").get_template(StackName=STACK)["TemplateBody"]
    return dict(body["Resources"]["Prod"]["Properties"])


def _canary_percent() -> float | None:
    canary = _stage().get("CanarySetting")
    return None if canary is None else float(canary["PercentTraffic"])


def _set_alarm(state: str) -> None:
    boto3.client("cloudwatch").set_alarm_state(
        AlarmName=ALARM, StateValue=state, StateReason="set by the test"
    )


@pytest.fixture
def released(aws: str, capsys: pytest.CaptureFixture[str]) -> str:
    """The first release deployed, and the alarm the rollout watches, in state OK."""
    boto3.client("cloudwatch").put_metric_alarm(
        AlarmName=ALARM,
        Namespace="AWS/ApiGateway",
        MetricName="5XXError",
        Statistic="Sum",
        Period=60,
        EvaluationPeriods=1,
        Threshold=1,
        ComparisonOperator="GreaterThanThreshold",
    )
    _set_alarm("OK")
    code, _out, err = run(capsys, "deploy", FIRST, *FAST)
    assert code == 0, err
    return str(_stage()["DeploymentId"]["Ref"])


@pytest.fixture
def at_step() -> Iterator[Callable[[float, Callable[[], None]], None]]:
    """``at_step(percent, action)``: run ``action`` once the deployed canary is at ``percent``."""
    done = threading.Event()
    threads: list[threading.Thread] = []
    failures: list[str] = []

    def watch(percent: float, action: Callable[[], None]) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while not done.is_set() and time.monotonic() < deadline:
            try:
                if _canary_percent() == percent:
                    action()
                    return
            except Exception as exc:  # the stack may not be there yet
                failures.append(repr(exc))
            time.sleep(0.02)
        failures.append(f"the canary never reached {percent}%")

    def start(percent: float, action: Callable[[], None]) -> None:
        thread = threading.Thread(target=watch, args=(percent, action), daemon=True)
        threads.append(thread)
        thread.start()

    yield start
    done.set()
    for thread in threads:
        thread.join(WAIT_SECONDS)


def _deploying(out: str) -> list[str]:
    """The steps deployed (a rollback's redeploy, ``Stack Rollout: deploying``, left out)."""
    lines = out.splitlines()
    return [line for line in lines if line.endswith(": deploying") and line.count(": ") == 2]


STEPS = [
    "Stack Rollout: step 1 of 3 (5%): deploying",
    "Stack Rollout: step 2 of 3 (25%): deploying",
    "Stack Rollout: step 3 of 3 (50%): deploying",
    "Stack Rollout: promotion: deploying",
]


def test_three_steps_pass_and_the_stage_ends_promoted(
    released: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each step is a change set at its percent, watched for its bake; then the promotion."""
    code, out, err = run(capsys, "deploy", CANARY, *FAST)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[:2] == [
        "Stack Rollout: canary rollout of stage Prod: 5%, 25%, 50%, then promotion; bake 3s "
        "per step",
        "  deployed: not started (the stage has no canary of this deployment)",
    ]
    assert _deploying(out) == STEPS
    progress = "  step 2 of 3 (25%): UPDATE_COMPLETE, bake {}s left; alarms: shop-5xx OK"
    assert {progress.format(s) for s in (1, 2, 3)} & set(lines)  # the time left, rounded up
    assert (
        lines[-1]
        == "Stack Rollout: rollout at: promoted (the stage serves the canary's deployment)"
    )
    stage = _stage()
    assert "CanarySetting" not in stage
    assert stage["DeploymentId"]["Ref"] != released  # the canary's release
    assert stage["Variables"] == {"alias": "v2"}  # its overrides became the stage's variables

    code, out, err = run(capsys, "deploy", CANARY, *FAST)
    assert (code, err) == (0, "")
    assert out.splitlines()[1:] == [
        "  deployed: promoted (the stage serves the canary's deployment)",
        "Stack Rollout: the rollout is complete; deploying the app",
        "Stack Rollout: creating a change set (an update)",
        "Stack Rollout: no changes",
    ]


def test_an_alarm_at_step_two_leaves_the_base_serving(
    released: str,
    capsys: pytest.CaptureFixture[str],
    at_step: Callable[[float, Callable[[], None]], None],
) -> None:
    """The alarm fires during step 2's bake: the step is rolled back, exit 1, no step 3."""
    at_step(25, lambda: _set_alarm("ALARM"))
    code, out, err = run(capsys, "deploy", CANARY, *FAST)
    assert code == 1
    assert _deploying(out) == STEPS[:2]
    lines = out.splitlines()
    alarm = lines.index(
        "Stack Rollout: alarm(s) shop-5xx in ALARM during the bake of step 2 of 3 (25%), after "
        "CloudFormation stopped watching: rolling the step back"
    )
    assert "Stack Rollout: deploying" in lines[alarm:]  # the step 1 template, again
    assert err.splitlines() == [
        "error: stack Rollout: step 2 of 3 (25%) rolled back: alarm(s) shop-5xx in ALARM; the "
        "rollout is back at: step 1 of 3 (5%), the base serving the rest; fix the canary, then "
        "deploy again to retry the step"
    ]
    stage = _stage()
    assert stage["DeploymentId"]["Ref"] == released  # the base still serves 95%
    assert stage["CanarySetting"]["PercentTraffic"] == 5

    # Deployed again while the alarm still fires: step 2 is not even started.
    code, out, err = run(capsys, "deploy", CANARY, *FAST)
    assert code == 1
    assert "  deployed: step 1 of 3 (5%)" in out.splitlines()
    assert _deploying(out) == []
    assert err.splitlines() == [
        "error: stack Rollout: step 2 of 3 (25%) not started: alarm(s) shop-5xx in ALARM; the "
        "rollout stays at: step 1 of 3 (5%); deploy again once the alarms are OK"
    ]
    assert _canary_percent() == 5


def test_a_rerun_after_an_interruption_resumes_at_the_deployed_step(
    released: str,
    capsys: pytest.CaptureFixture[str],
    at_step: Callable[[float, Callable[[], None]], None],
) -> None:
    """Ctrl-C during step 2's bake; the next deploy starts at step 3, not at step 1."""
    at_step(25, _thread.interrupt_main)
    code, out, err = run(capsys, "deploy", CANARY, *FAST)
    assert code == 130
    assert _deploying(out) == STEPS[:2]
    assert err.startswith("interrupted: step 2 of 3 (25%) of stack Rollout goes on in")
    assert _canary_percent() == 25

    code, out, err = run(capsys, "deploy", CANARY, *FAST)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1:6] == [
        "  deployed: step 2 of 3 (25%)",
        "  alarms: shop-5xx; CloudFormation watches them 1 minute(s) per step",
        "  plan:",
        "    step 3 of 3 (50%): the canary gets 50% of the traffic",
        f"    promotion: the stage serves {_canary_release_id()}, no canary",
    ]
    assert _deploying(out) == STEPS[2:]
    assert "CanarySetting" not in _stage()


def _canary_release_id() -> str:
    from stagewright.cli._commands import load_app  # noqa: PLC0415

    template = load_app(CANARY).synthesize().stack(STACK).template
    return str(template["Resources"]["Prod"]["Properties"]["CanarySetting"]["DeploymentId"]["Ref"])


def test_one_step_per_job(released: str, capsys: pytest.CaptureFixture[str]) -> None:
    """--step N deploys that step only, in order; again: nothing to do; --no-wait: no bake."""
    code, out, err = run(capsys, "deploy", CANARY, "--step", "2", *FAST)
    assert code == 1
    assert err.splitlines() == [
        "error: stack Rollout: --step 2 comes after step 1, and the rollout is at: not started "
        "(the stage has no canary of this deployment); run --step 1 first (or deploy without "
        "--step)"
    ]
    code, out, err = run(capsys, "deploy", CANARY, "--step", "1", *FAST)
    assert (code, _deploying(out)) == (0, STEPS[:1])
    assert _canary_percent() == 5
    code, out, err = run(capsys, "deploy", CANARY, "--step", "1", *FAST)
    assert (code, out.splitlines()[-1]) == (0, "Stack Rollout: step 1 is deployed already")
    started = time.monotonic()
    code, out, err = run(capsys, "deploy", CANARY, "--step", "next", "--no-wait", *FAST)
    assert (code, _deploying(out)) == (0, STEPS[1:2])
    assert time.monotonic() - started < BAKE.total_seconds()  # the bake: CloudFormation's
    assert out.splitlines()[-1].startswith("Stack Rollout: not waiting (--no-wait): ")
    assert _canary_percent() == 25


def test_dry_run_prints_the_plan_and_changes_nothing(
    released: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """--dry-run: where the rollout is, its alarms, each change set to come; nothing deployed."""
    code, out, err = run(capsys, "deploy", CANARY, "--dry-run", *FAST)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "Stack Rollout: canary rollout of stage Prod: 5%, 25%, 50%, then promotion; bake 3s "
        "per step",
        "  deployed: not started (the stage has no canary of this deployment)",
        "  alarms: shop-5xx; CloudFormation watches them 1 minute(s) per step",
        "  plan:",
        "    step 1 of 3 (5%): the canary gets 5% of the traffic",
        "    step 2 of 3 (25%): the canary gets 25% of the traffic",
        "    step 3 of 3 (50%): the canary gets 50% of the traffic",
        f"    promotion: the stage serves {_canary_release_id()}, no canary",
        "Stack Rollout: --dry-run: nothing deployed",
    ]
    assert _canary_percent() is None
