"""``stagewright deploy`` of one stack: with rollback alarms, and a canary's declared rollout.

A stack whose template has a stage with a declared rollout (``Canary(steps=..., bake=...,
alarms=...)``, written to the stage resource's ``Metadata``) is deployed one change set per
step: the template with the canary's ``PercentTraffic`` at that step, then the promoted one (the
stage serves the canary's deployment, the canary is removed and its stage variable overrides
become the stage's variables, as ``RestStage.promote_canary()`` does). Each change set carries a
``RollbackConfiguration``: the alarms' ARNs, and the bake as ``MonitoringTimeInMinutes`` (whole
minutes, rounded up), so CloudFormation rolls the step back when an alarm fires while it
deploys or watches.

Where the rollout stands is read from the deployed stack (its template's stage): a canary of the
same deployment at ``p`` percent has done the steps up to ``p``; a stage that serves the canary's
deployment with no canary is promoted. A rerun resumes from there.

Deploy also watches the alarms itself until each step's bake has passed (CloudFormation normally
watches longer, so this adds nothing); an alarm in ``ALARM`` before a step stops the rollout
before it, and one that fires after CloudFormation stopped watching (an endpoint that does not
honour rollback triggers) makes deploy roll the step back itself, by deploying the template the
stack had before the step.
"""

from __future__ import annotations

import copy
import json
import math
import time
from collections.abc import Sequence
from typing import Any, TextIO

import attrs

from stagewright.cli._alarms import (
    Alarm,
    AlarmWatch,
    cloudwatch,
    option_entries,
    rollback_configuration,
    stack_entries,
)
from stagewright.cli._aws import aws_call, deployed_template, describe_stack
from stagewright.cli._deploy import DeployOptions, _check_state, _Deployment, _Plan
from stagewright.cli._events import DeployError, Outcome, StackEvents, ask, event_line
from stagewright.cli._staging import template_sources
from stagewright.cli._targets import Targets
from stagewright.core._rollback import ROLLOUT_KEY
from stagewright.synth._encode import dumps_template_bytes

__all__ = [
    "Rollout",
    "Step",
    "check_rollout_options",
    "deploy_stack",
    "find_rollout",
    "position",
    "step_template",
]

_SETTLED_OK = ("CREATE_COMPLETE", "UPDATE_COMPLETE")
_REPORT_SECONDS = 60
"""A progress line at least this often while a step bakes (and whenever a state changes)."""


@attrs.frozen
class Rollout:
    """A stage's declared rollout, as the template's ``Metadata`` has it."""

    stage: str
    """The stage resource's logical ID."""
    steps: tuple[float, ...]
    bake_seconds: int
    alarms: tuple[dict[str, str], ...]
    canary_deployment: Any
    """The canary's ``DeploymentId`` as the template writes it (``{"Ref": ...}``)."""

    @property
    def minutes(self) -> int:
        """The bake in whole minutes, rounded up: CloudFormation's ``MonitoringTimeInMinutes``."""
        return math.ceil(self.bake_seconds / 60)

    def percent_at(self, at: int) -> float:
        """The canary's percent once ``at`` steps are done (0 before the first)."""
        return self.steps[at - 1] if at >= 1 else 0.0


@attrs.frozen
class Step:
    """One change set of a rollout: 0 prepares (0%), 1..n are the steps, n+1 promotes."""

    number: int
    percent: float | None
    """The canary's percent, or None for the promotion."""
    count: int
    """How many steps the rollout has."""

    @property
    def label(self) -> str:
        """``step 2 of 3 (25%)``, ``promotion`` or ``preparation (20%)``."""
        if self.percent is None:
            return "promotion"
        if self.number == 0:
            return f"preparation ({self.percent:g}%)"
        return f"step {self.number} of {self.count} ({self.percent:g}%)"


def find_rollout(stack: str, template: dict[str, Any]) -> Rollout | None:
    """The template's declared rollout, or None; at most one stage of a stack may have one."""
    found = []
    for logical_id, resource in (template.get("Resources") or {}).items():
        declared = (resource.get("Metadata") or {}).get(ROLLOUT_KEY)
        canary = (resource.get("Properties") or {}).get("CanarySetting")
        if isinstance(declared, dict) and isinstance(canary, dict):
            found.append(
                Rollout(
                    stage=logical_id,
                    steps=tuple(float(s) for s in declared["Steps"]),
                    bake_seconds=int(declared["BakeSeconds"]),
                    alarms=tuple(dict(a) for a in declared.get("Alarms", [])),
                    canary_deployment=canary.get("DeploymentId"),
                )
            )
    if len(found) > 1:
        stages = ", ".join(r.stage for r in found)
        raise DeployError(
            f"stack {stack}: stages {stages} each declare a canary rollout, and a deploy carries "
            "out one per stack: declare steps on one canary at a time, or put the stages in "
            "separate stacks"
        )
    return found[0] if found else None


def position(rollout: Rollout, deployed: dict[str, Any] | None) -> int:
    """How far the deployed stack is: -1 not started, k steps done, ``len(steps) + 1`` promoted."""
    stage = ((deployed or {}).get("Resources") or {}).get(rollout.stage) or {}
    properties = stage.get("Properties") or {}
    canary = properties.get("CanarySetting")
    if isinstance(canary, dict) and canary.get("DeploymentId") == rollout.canary_deployment:
        percent = float(canary.get("PercentTraffic", 0))
        return sum(1 for s in rollout.steps if s <= percent)
    if canary is None and properties.get("DeploymentId") == rollout.canary_deployment:
        return len(rollout.steps) + 1
    return -1


def step_template(template: dict[str, Any], rollout: Rollout, step: Step) -> dict[str, Any]:
    """The template with the stage at ``step``: the canary at its percent, or promoted."""
    result = copy.deepcopy(template)
    properties = result["Resources"][rollout.stage]["Properties"]
    canary = properties["CanarySetting"]
    if step.percent is not None:
        canary["PercentTraffic"] = step.percent
        return result
    properties["DeploymentId"] = canary["DeploymentId"]
    overrides = canary.get("StageVariableOverrides")
    if overrides:
        properties["Variables"] = {**(properties.get("Variables") or {}), **overrides}
    del properties["CanarySetting"]
    return result


def _duration(seconds: float) -> str:
    seconds = max(0, math.ceil(seconds))
    minutes, rest = divmod(seconds, 60)
    return f"{minutes}m {rest:02d}s" if minutes else f"{rest}s"


def _states_text(states: dict[str, str]) -> str:
    return ", ".join(f"{name} {state}" for name, state in states.items()) or "none"


def check_rollout_options(plans: Sequence[_Plan], options: DeployOptions) -> None:
    """Refuse ``--step`` before anything is deployed when a selected stack has no rollout."""
    if options.step is None:
        return
    without = [
        p.artifact.name for p in plans if find_rollout(p.artifact.name, p.artifact.template) is None
    ]
    if without:
        raise DeployError(
            f"stack {without[0]}: --step {options.step}: the stack declares no canary rollout "
            "(Canary(steps=...)); pass --stack with the stack that does, or drop --step"
        )


def deploy_stack(
    plan: _Plan,
    tags: dict[str, str],
    options: DeployOptions,
    targets: Targets,
    *,
    stdin: TextIO,
    out: TextIO,
    err: TextIO,
) -> int:
    """Deploy one stack: its rollout step by step if it declares one; return the exit code.

    The alarms are looked up in CloudWatch of the stack's region; a step's template goes to
    CloudFormation as the stack's own does (inline, or through the staging bucket).
    """
    name, template, client = plan.artifact.name, plan.artifact.template, plan.client
    region = str(client.meta.region_name)
    watch = AlarmWatch(client, lambda: cloudwatch(region, options.profile), name)
    extra = stack_entries(template) + option_entries(options.rollback_alarms)
    rollout = find_rollout(name, template)
    if rollout is not None:
        run = _RolloutRun(
            client, watch, plan, tags, options, targets, rollout, extra, stdin, out, err
        )
        return run.run()
    alarms, pending = watch.resolve(extra)
    _say_alarms(name, alarms, pending, out)
    if options.dry_run:
        kind = "a new stack" if plan.creates else "an update"
        print(f"Stack {name}: would deploy {kind} (--dry-run: nothing changed)", file=out)
        return 0
    config = rollback_configuration(alarms, None)
    return _Deployment(client, plan, tags, options, stdin, out, err, rollback=config).run()


def _say_alarms(name: str, alarms: list[Alarm], pending: list[str], out: TextIO) -> None:
    if alarms:
        print(f"Stack {name}: rollback alarms: {', '.join(a.name for a in alarms)}", file=out)
    for label in pending:
        print(
            f"Stack {name}: alarm {label} is created by this deploy: it watches the deploys "
            "after this one, not this one",
            file=out,
        )


@attrs.define
class _StepDeployment(_Deployment):
    """A step's change set: executed, then followed and watched until its bake has passed."""

    step: Step | None = None
    watch: AlarmWatch | None = None
    alarms: list[Alarm] = attrs.field(factory=list)
    bake_seconds: int = 0
    no_wait: bool = False
    result: str = "unchanged"
    """``done``, ``unchanged``, ``no-wait``, ``rolled-back`` (by CloudFormation), ``alarm``
    (fired after CloudFormation stopped watching), ``failed`` or ``interrupted``."""
    firing: list[str] = attrs.field(factory=list)
    outcome: Outcome | None = None

    def _execute(self, total: int) -> int:
        assert self.step is not None
        events = StackEvents(self.client, self.stack_id)
        events.prime()
        started = time.monotonic()
        with aws_call(f"ExecuteChangeSet of stack {self.name!r}"):
            self.client.execute_change_set(ChangeSetName=self.change_set)
        self.change_set = ""
        self.stack_done = True
        print(f"Stack {self.name}: {self.step.label}: deploying", file=self.out)
        if self.no_wait:
            self.result = "no-wait"
            return 0
        try:
            return self._watch(events, started)
        except KeyboardInterrupt:
            self.result = "interrupted"
            print(
                f"interrupted: {self.step.label} of stack {self.name} goes on in CloudFormation, "
                "which still rolls it back on an alarm; run deploy again once the stack has "
                "settled to resume from the deployed step",
                file=self.err,
            )
            return 130

    def _watch(self, events: StackEvents, started: float) -> int:
        assert self.step is not None
        assert self.watch is not None
        colour = self.out.isatty()
        limit = self.options.timeout_minutes * 60 + self.bake_seconds
        seen: list[dict[str, Any]] = []
        shown: tuple[str, dict[str, str]] | None = None
        shown_at = 0.0
        while True:
            stack = describe_stack(self.client, self.stack_id)
            status = str(stack["StackStatus"]) if stack else "DELETE_COMPLETE"
            for event in events.new():
                seen.append(event)
                print(event_line(event, f"[{self.step.label}]", colour), file=self.out)
            states = self.watch.states(self.alarms)
            elapsed = time.monotonic() - started
            left = self.bake_seconds - elapsed
            if shown != (status, states) or time.monotonic() - shown_at >= _REPORT_SECONDS:
                print(
                    f"  {self.step.label}: {status}, bake {_duration(left)} left; alarms: "
                    f"{_states_text(states)}",
                    file=self.out,
                )
                shown, shown_at = (status, states), time.monotonic()
            self.firing = [n for n, s in states.items() if s == "ALARM"]
            if not status.endswith("_IN_PROGRESS"):
                self.outcome = Outcome(status, stack, seen)
                if status not in _SETTLED_OK:
                    self.result = "rolled-back" if "ROLLBACK" in status else "failed"
                    return 1
                if self.firing:
                    self.result = "alarm"
                    return 1
                if left <= 0:
                    self.result = "done"
                    took = _duration(elapsed)
                    print(f"Stack {self.name}: {self.step.label}: done in {took}", file=self.out)
                    return 0
            if elapsed >= limit:
                raise DeployError(
                    f"stack {self.name} is still {status} after {limit / 60:g} minute(s); "
                    "stopped waiting (--timeout plus the bake), the step goes on in CloudFormation"
                )
            time.sleep(self.options.poll_seconds)


@attrs.define
class _RolloutRun:
    """One stack's rollout: where it stands, the plan, and the steps in order."""

    client: Any
    watch: AlarmWatch
    plan: _Plan
    tags: dict[str, str]
    options: DeployOptions
    targets: Targets
    rollout: Rollout
    extra: list[dict[str, str]]
    """The stack's own rollback alarms and ``--rollback-alarm``'s, beside the rollout's."""
    stdin: TextIO
    out: TextIO
    err: TextIO
    _last_body: str | None = None
    """The template of the last step deployed (what a rollback of the next step goes back to)."""

    @property
    def name(self) -> str:
        return self.plan.artifact.name

    def _describe(self, at: int) -> str:
        count = len(self.rollout.steps)
        if at < 0:
            return "not started (the stage has no canary of this deployment)"
        if at == 0:
            return "the canary at 0%, before step 1"
        if at > count:
            return "promoted (the stage serves the canary's deployment)"
        return Step(at, self.rollout.percent_at(at), count).label

    def _todo(self, at: int) -> list[Step]:
        count = len(self.rollout.steps)
        first = max(at, 0) + 1
        steps = [Step(k, self.rollout.steps[k - 1], count) for k in range(first, count + 1)]
        return steps + ([Step(count + 1, None, count)] if at <= count else [])

    def _select(self, todo: list[Step], at: int) -> list[Step]:
        wanted, count = self.options.step, len(self.rollout.steps)
        if wanted is None:
            chosen = todo
        elif wanted == "next":
            chosen = todo[:1]
        else:
            number = count + 1 if wanted == "promote" else int(wanted) if wanted.isdigit() else 0
            if not 1 <= number <= count + 1:
                raise DeployError(
                    f"--step {wanted}: expected a step number from 1 to {count}, promote or next"
                )
            if max(at, 0) >= number:
                return []
            if max(at, 0) < number - 1:
                raise DeployError(
                    f"stack {self.name}: --step {wanted} comes after step {number - 1}, and the "
                    f"rollout is at: {self._describe(at)}; run --step {max(at, 0) + 1} first "
                    "(or deploy without --step)"
                )
            chosen = todo[:1]
        return chosen[:1] if self.options.no_wait else chosen

    def run(self) -> int:
        rollout, count = self.rollout, len(self.rollout.steps)
        deployed = deployed_template(self.client, self.name)
        at = position(rollout, deployed)
        percents = ", ".join(f"{s:g}%" for s in rollout.steps)
        print(
            f"Stack {self.name}: canary rollout of stage {rollout.stage}: {percents}, then "
            f"promotion; bake {_duration(rollout.bake_seconds)} per step",
            file=self.out,
        )
        print(f"  deployed: {self._describe(at)}", file=self.out)
        entries = [*rollout.alarms, *self.extra]
        alarms, pending = self.watch.resolve(entries)
        if at > count:
            print(f"Stack {self.name}: the rollout is complete; deploying the app", file=self.out)
            promoted = step_template(
                self.plan.artifact.template, rollout, Step(count + 1, None, count)
            )
            arguments = self._deployment_arguments(dumps_template_bytes(promoted))
            config = rollback_configuration(alarms, None)
            return _Deployment(**arguments, rollback=config).run()
        selected = self._select(self._todo(at), at)
        if not selected:
            print(f"Stack {self.name}: step {self.options.step} is deployed already", file=self.out)
            return 0
        steps = selected
        if pending and selected[0].percent is not None:
            steps = [Step(0, rollout.percent_at(at), count), *selected]
        self._print_plan(steps, alarms, pending)
        if self.options.dry_run:
            print(f"Stack {self.name}: --dry-run: nothing deployed", file=self.out)
            return 0
        if not self._confirmed(steps):
            return 1
        previous = json.dumps(deployed) if deployed is not None else None
        for step in steps:
            if step.number:  # a traffic step: gated, and not started while an alarm fires
                alarms, pending = self.watch.resolve(entries)
                firing = [n for n, s in self.watch.states(alarms).items() if s == "ALARM"]
                if firing:
                    self._refuse(step, firing, at)
                    return 1
            last = step is steps[-1]
            code = self._deploy(step, alarms, previous, no_wait=last and self.options.no_wait)
            if code or (last and self.options.no_wait):
                return code
            previous = self._last_body
            at = step.number or at
        print(f"Stack {self.name}: rollout at: {self._describe(at)}", file=self.out)
        return 0

    def _print_plan(self, steps: list[Step], alarms: list[Alarm], pending: list[str]) -> None:
        names = [a.name for a in alarms]
        names += [f"{label} (created by the preparation)" for label in pending]
        minutes = self.rollout.minutes
        print(
            f"  alarms: {', '.join(names) or 'none (the steps are not gated)'}; "
            f"CloudFormation watches them {minutes} minute(s) per step",
            file=self.out,
        )
        print("  plan:", file=self.out)
        for step in steps:
            if step.percent is None:
                what = f"the stage serves {_ref_text(self.rollout.canary_deployment)}, no canary"
            elif step.number == 0:
                what = "creates the alarms the steps watch; the canary's traffic stays as it is"
            else:
                what = f"the canary gets {step.percent:g}% of the traffic"
            print(f"    {step.label}: {what}", file=self.out)

    def _confirmed(self, steps: list[Step]) -> bool:
        if self.options.yes:
            return True
        answer = ask(f"Deploy {len(steps)} change set(s) to {self.name}?", self.stdin, self.out)
        if answer is None:
            raise DeployError(
                f"stack {self.name}: not deployed: stdin is not a terminal, so there is no one "
                "to confirm; pass --yes to deploy without asking"
            )
        if not answer:
            print(f"Stack {self.name}: nothing deployed", file=self.err)
        return answer

    def _refuse(self, step: Step, firing: list[str], at: int) -> None:
        print(
            f"error: stack {self.name}: {step.label} not started: alarm(s) "
            f"{', '.join(firing)} in ALARM; the rollout stays at: {self._describe(at)}; "
            "deploy again once the alarms are OK",
            file=self.err,
        )

    def _deploy(
        self, step: Step, alarms: list[Alarm], previous: str | None, *, no_wait: bool = False
    ) -> int:
        """Deploy ``step``'s change set; ``no_wait``: leave its bake to CloudFormation."""
        template = step_template(self.plan.artifact.template, self.rollout, step)
        data = dumps_template_bytes(template)
        self._last_body = data.decode()
        minutes = self.rollout.minutes if step.number else None
        bake = self.rollout.bake_seconds if step.number else 0
        deployment = _StepDeployment(
            **self._deployment_arguments(data),
            rollback=rollback_configuration(alarms, minutes),
            step=step,
            watch=self.watch,
            alarms=alarms,
            bake_seconds=bake,
            no_wait=no_wait,
        )
        code = deployment.run()
        if deployment.result in ("rolled-back", "alarm", "failed"):
            return self._report(step, deployment, previous)
        if deployment.result == "no-wait":
            print(
                f"Stack {self.name}: not waiting (--no-wait): CloudFormation watches the alarms "
                f"for {self.rollout.minutes} minute(s) and rolls {step.label} back on an alarm; "
                "deploy again once the stack has settled for the next step",
                file=self.out,
            )
        return code

    def _deployment_arguments(self, data: bytes) -> dict[str, Any]:
        """A ``_Deployment``'s arguments for the stack with template ``data``, confirmed."""
        artifact = attrs.evolve(self.plan.artifact, data=data)
        source = template_sources([artifact], self.targets, self.out)[self.name]
        existing = describe_stack(self.client, self.name)
        _check_state(self.name, existing)
        plan = _Plan(artifact, existing, self.plan.parameters, self.client, source)
        return {
            "client": self.client,
            "plan": plan,
            "tags": self.tags,
            "options": attrs.evolve(self.options, yes=True),
            "stdin": self.stdin,
            "out": self.out,
            "err": self.err,
        }

    def _report(self, step: Step, deployment: _StepDeployment, previous: str | None) -> int:
        firing = ", ".join(deployment.firing)
        if deployment.result == "alarm":
            print(
                f"Stack {self.name}: alarm(s) {firing} in ALARM during the bake of {step.label}, "
                "after CloudFormation stopped watching: rolling the step back",
                file=self.out,
            )
            if previous is None:
                print(
                    f"error: stack {self.name}: {step.label} created the stack, so there is no "
                    "earlier template to roll back to; destroy the stack or deploy a fix",
                    file=self.err,
                )
                return 1
            if _Deployment(**self._deployment_arguments(previous.encode())).run():
                return 1
        elif deployment.result == "failed" or not firing:
            outcome = deployment.outcome
            reason = outcome.failure_line() if outcome is not None else "unknown"
            print(f"error: stack {self.name}: {step.label} failed: {reason}", file=self.err)
            return 1
        print(
            f"error: stack {self.name}: {step.label} rolled back: alarm(s) {firing} in ALARM; "
            f"the rollout is back at: {self._describe(step.number - 1)}, the base serving the "
            "rest; fix the canary, then deploy again to retry the step",
            file=self.err,
        )
        return 1


def _ref_text(value: Any) -> str:
    if isinstance(value, dict) and "Ref" in value:
        return str(value["Ref"])
    return json.dumps(value)
