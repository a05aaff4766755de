"""``stagewright deploy``: a change set per stack, shown, confirmed, executed and followed.

Everything that can be checked without changing anything is checked before the first change
set: the stack names, the template sizes, the parameters and tags, each stack's region and
account (``_targets``), the states of the stacks and of the dependencies left out of the
selection. Then each stack in dependency order, up to ``--concurrency`` at once (``_schedule``):
create a change set, show it, ask (unless ``--yes``), execute it and follow its events; a
failure stops there, and the stacks after it are not deployed.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from stagewright.cli._aws import aws_call, describe_stack
from stagewright.cli._commands import load_app
from stagewright.cli._deploy_inputs import (
    capabilities,
    check_sizes,
    dependency_order,
    resolve_parameters,
    resolve_tags,
    unknown_stacks,
)
from stagewright.cli._events import DeployError, StackEvents, ask, follow, paint
from stagewright.cli._schedule import Job, run_jobs
from stagewright.cli._staging import template_sources
from stagewright.cli._targets import Targets
from stagewright.core._environment import Environment
from stagewright.synth._assembly import Assembly, StackArtifact
from stagewright.synth._checks import secret_outputs

__all__ = ["DeployOptions", "change_set_name", "main_deploy"]

_NO_CHANGES = ("didn't contain changes", "No updates are to be performed")
_UNUSABLE = ("ROLLBACK_FAILED", "DELETE_FAILED", "UPDATE_ROLLBACK_FAILED", "IMPORT_ROLLBACK_FAILED")
_ACTION_COLOUR = {"Add": "\033[32m", "Remove": "\033[31m", "Modify": "\033[33m"}
_BOLD_RED = "\033[1;31m"


@attrs.frozen
class DeployOptions:
    """What ``stagewright deploy`` was asked: stacks, parameters, tags, AWS target, bounds."""

    stacks: Sequence[str] = ()
    parameters: Sequence[str] = ()
    parameters_file: Path | None = None
    tags: Sequence[str] = ()
    tags_file: Path | None = None
    yes: bool = False
    region: str | None = None
    profile: str | None = None
    timeout_minutes: float = 60
    poll_seconds: float = 5
    concurrency: int = 1
    """How many independent stacks deploy at once (more than 1 needs ``yes``)."""
    defaults: Environment = attrs.field(factory=Environment)
    """The project's account and region (``[tool.stagewright]``) for stacks declaring none."""
    rollback_alarms: Sequence[str] = ()
    """``--rollback-alarm``: alarm names or ARNs every stack's change set is rolled back on."""
    step: str | None = None
    """``--step``: one step of a canary rollout (a number, ``next`` or ``promote``)."""
    no_wait: bool = False
    """``--no-wait``: execute one rollout step and leave its bake to CloudFormation."""
    dry_run: bool = False
    """``--dry-run``: print what would be deployed (a rollout's plan); change nothing."""


@attrs.frozen
class _Plan:
    artifact: StackArtifact
    existing: dict[str, Any] | None
    parameters: list[dict[str, Any]]
    client: Any
    template: dict[str, str] = attrs.field(factory=dict)
    """CreateChangeSet's template argument: TemplateBody (compact JSON) or TemplateURL."""

    @property
    def creates(self) -> bool:
        return self.existing is None or self.existing["StackStatus"] == "REVIEW_IN_PROGRESS"


def _check_state(name: str, stack: dict[str, Any] | None) -> None:
    status = stack["StackStatus"] if stack else None
    if status == "ROLLBACK_COMPLETE":
        raise DeployError(
            f"stack {name} is ROLLBACK_COMPLETE (its creation failed and was rolled back) and "
            f"cannot be updated: destroy it first (stagewright destroy --stack {name}), then "
            "deploy again"
        )
    if status in _UNUSABLE:
        raise DeployError(
            f"stack {name} is {status} and cannot be updated: fix or delete it in the "
            "CloudFormation console first"
        )
    if status and status.endswith("_IN_PROGRESS") and status != "REVIEW_IN_PROGRESS":
        raise DeployError(f"stack {name} is busy ({status}): wait for it to finish, then deploy")


def _check_dependencies(
    targets: Targets, assembly: Assembly, selected: Sequence[StackArtifact]
) -> None:
    names = {a.name for a in selected}
    for artifact in selected:
        for dependency in artifact.dependencies:
            if dependency in names:
                continue
            stack = describe_stack(targets.client(assembly.stack(dependency)), dependency)
            status = stack["StackStatus"] if stack else "not deployed"
            if not status.endswith("_COMPLETE") or status.startswith(("ROLLBACK", "DELETE")):
                raise DeployError(
                    f"stack {artifact.name} depends on {dependency}, which is not being deployed "
                    f"and is {status}: add --stack {dependency}"
                )


def _parameter_list(
    artifact: StackArtifact, values: dict[str, str], existing: dict[str, Any] | None
) -> list[dict[str, Any]]:
    previous = {p["ParameterKey"] for p in (existing or {}).get("Parameters", [])}
    result: list[dict[str, Any]] = []
    for key, declaration in sorted(artifact.template.get("Parameters", {}).items()):
        if key in values:
            result.append({"ParameterKey": key, "ParameterValue": values[key]})
        elif "Default" in declaration:
            continue
        elif key in previous and existing and existing["StackStatus"] != "REVIEW_IN_PROGRESS":
            result.append({"ParameterKey": key, "UsePreviousValue": True})
        else:
            raise DeployError(
                f"stack {artifact.name}: parameter {key} has no default and no value: pass "
                f"--parameter {key}=VALUE (or {artifact.name}:{key}=VALUE)"
            )
    return result


def _plan(spec: str | None, options: DeployOptions) -> tuple[Targets, list[_Plan], dict[str, str]]:
    if options.concurrency > 1 and not options.yes:
        raise DeployError(
            f"--concurrency {options.concurrency} deploys stacks side by side and cannot ask "
            "before each: pass --yes (or deploy one at a time without --concurrency)"
        )
    assembly = load_app(spec).synthesize()
    problem = unknown_stacks(assembly, options.stacks)
    if problem:
        raise DeployError(problem)
    names = list(options.stacks) or [a.name for a in assembly.stacks]
    selected = dependency_order(assembly, names)
    check_sizes(selected)
    values = resolve_parameters(assembly, selected, options.parameters, options.parameters_file)
    tags = resolve_tags(options.tags, options.tags_file)
    targets = Targets(options.region, options.profile, options.defaults)
    targets.check(selected)
    _check_dependencies(targets, assembly, selected)
    plans = []
    for artifact in selected:
        client = targets.client(artifact)
        existing = describe_stack(client, artifact.name)
        _check_state(artifact.name, existing)
        parameters = _parameter_list(artifact, values[artifact.name], existing)
        plans.append(_Plan(artifact, existing, parameters, client))
    return targets, plans, tags


def main_deploy(
    spec: str | None, options: DeployOptions, *, stdin: TextIO, out: TextIO, err: TextIO
) -> int:
    """Deploy the app's stacks (all, or ``options.stacks``) in order; return the exit code."""
    # _rollout imports this module, so it is imported here.
    from stagewright.cli._rollout import check_rollout_options, deploy_stack  # noqa: PLC0415

    targets, plans, tags = _plan(spec, options)
    check_rollout_options(plans, options)
    targets.show([plan.artifact for plan in plans], out)
    sources = template_sources([plan.artifact for plan in plans], targets, out)
    plans = [attrs.evolve(plan, template=sources[plan.artifact.name]) for plan in plans]

    def job(plan: _Plan) -> Job:
        def run(out: TextIO, err: TextIO) -> int:
            return deploy_stack(plan, tags, options, targets, stdin=stdin, out=out, err=err)

        return Job(plan.artifact.name, plan.artifact.dependencies, run)

    return run_jobs(
        [job(plan) for plan in plans], concurrency=options.concurrency, out=out, err=err
    )


@attrs.define
class _Deployment:
    client: Any
    plan: _Plan
    tags: dict[str, str]
    options: DeployOptions
    stdin: TextIO
    out: TextIO
    err: TextIO
    change_set: str = ""
    """The change set created and not yet executed or deleted ("" when there is none)."""
    stack_id: str = ""
    stack_done: bool = False
    """No empty stack of this run's is left to remove (deleted again, or the change set ran)."""
    rollback: dict[str, Any] | None = None
    """The change set's ``RollbackConfiguration`` (rollback alarms), or None."""

    @property
    def name(self) -> str:
        return self.plan.artifact.name

    def run(self) -> int:
        caps, why = capabilities(self.plan.artifact.template)
        kind = "a new stack" if self.plan.creates else "an update"
        print(f"Stack {self.name}: creating a change set ({kind})", file=self.out)
        if caps:
            print(f"  capabilities: {', '.join(caps)} ({why})", file=self.out)
        if not self._create(caps):
            return 0
        # From here until CloudFormation executes the change set, whatever stops the run (Ctrl-C
        # at the prompt, a lost connection, a refused ExecuteChangeSet) must not leave the
        # change set, or the empty REVIEW_IN_PROGRESS stack made to hold it, behind.
        try:
            return self._review_and_execute()
        except KeyboardInterrupt:
            print(f"\ninterrupted: stack {self.name} was not deployed", file=self.err)
            self._clean_up_after_failure()
            return 130
        except Exception:
            self._clean_up_after_failure()
            raise

    def _review_and_execute(self) -> int:
        status, reason, changes = self._wait_for_change_set()
        if status == "FAILED":
            if any(text in reason for text in _NO_CHANGES):
                print(f"Stack {self.name}: no changes", file=self.out)
                self._delete_change_set()
                return 0
            self._clean_up()
            raise DeployError(
                f"stack {self.name}: CloudFormation rejected the change set: {reason}"
            )
        self._show(changes)
        if not self.options.yes:
            answer = ask(f"Deploy these changes to {self.name}?", self.stdin, self.out)
            if answer is None:
                self._clean_up()
                raise DeployError(
                    f"stack {self.name}: not deployed: stdin is not a terminal, so there is no "
                    "one to confirm; pass --yes to deploy without asking"
                )
            if not answer:
                self._clean_up()
                print(f"Stack {self.name}: nothing deployed", file=self.err)
                return 1
        return self._execute(len(changes))

    def _create(self, caps: list[str]) -> bool:
        """Create the change set; False when CloudFormation says at once there is nothing to do."""
        from botocore.exceptions import ClientError  # noqa: PLC0415

        name = change_set_name()
        request: dict[str, Any] = {
            "StackName": self.name,
            "ChangeSetName": name,
            "ChangeSetType": "CREATE" if self.plan.creates else "UPDATE",
            **self.plan.template,
            "Parameters": self.plan.parameters,
            "Capabilities": caps,
            "Description": "stagewright deploy",
        }
        if self.tags:  # none given: an update keeps the stack's tags (an empty list drops them)
            request["Tags"] = [{"Key": k, "Value": v} for k, v in self.tags.items()]
        if self.rollback:
            request["RollbackConfiguration"] = self.rollback
        with aws_call(f"CreateChangeSet of stack {self.name!r}"):
            try:
                response = self.client.create_change_set(**request)
            except ClientError as exc:
                message = exc.response.get("Error", {}).get("Message", "")
                if any(text in message for text in _NO_CHANGES):
                    print(f"Stack {self.name}: no changes", file=self.out)
                    return False
                raise
        self.change_set, self.stack_id = response["Id"], response["StackId"]
        return True

    def _wait_for_change_set(self) -> tuple[str, str, list[dict[str, Any]]]:
        deadline = time.monotonic() + self.options.timeout_minutes * 60
        call = f"DescribeChangeSet of stack {self.name!r}"
        while True:
            with aws_call(call):
                page = self.client.describe_change_set(ChangeSetName=self.change_set)
            status = page["Status"]
            if status not in ("CREATE_PENDING", "CREATE_IN_PROGRESS"):
                break
            if time.monotonic() >= deadline:
                self._clean_up()
                raise DeployError(f"stack {self.name}: the change set is still {status}")
            time.sleep(self.options.poll_seconds)
        changes = list(page.get("Changes", []))
        while page.get("NextToken"):
            with aws_call(call):
                page = self.client.describe_change_set(
                    ChangeSetName=self.change_set, NextToken=page["NextToken"]
                )
            changes.extend(page.get("Changes", []))
        return status, str(page.get("StatusReason", "")), changes

    def _show(self, changes: list[dict[str, Any]]) -> None:
        colour = self.out.isatty()
        print(f"Changes to stack {self.name}:", file=self.out)
        resources = [c["ResourceChange"] for c in changes if "ResourceChange" in c]
        width = max((len(r.get("LogicalResourceId", "")) for r in resources), default=0)
        replaced = 0
        for change in resources:
            action = str(change.get("Action", ""))
            line = f"  {paint(f'{action:<7}', _ACTION_COLOUR.get(action, ''), colour)} "
            line += f"{change.get('LogicalResourceId', ''):<{width}}  {change.get('ResourceType')}"
            replacement = change.get("Replacement")
            if replacement in ("True", "Conditional"):
                replaced += 1
                mark = "REPLACEMENT" if replacement == "True" else "REPLACEMENT (conditional)"
                line += f"  {paint(mark, _BOLD_RED, colour)}"
            print(line, file=self.out)
        summary = f"{len(resources)} change(s)"
        print(summary + (f", {replaced} replacement(s)" if replaced else ""), file=self.out)

    def _execute(self, total: int) -> int:
        events = StackEvents(self.client, self.stack_id)
        events.prime()
        started = time.monotonic()
        with aws_call(f"ExecuteChangeSet of stack {self.name!r}"):
            self.client.execute_change_set(ChangeSetName=self.change_set)
        self.change_set = ""  # executed: CloudFormation owns it now, and the stack with it
        self.stack_done = True
        print(f"Stack {self.name}: deploying", file=self.out)
        try:
            outcome = follow(
                events,
                total=total,
                timeout_minutes=self.options.timeout_minutes,
                poll_seconds=self.options.poll_seconds,
                out=self.out,
            )
        except KeyboardInterrupt:
            print(
                f"interrupted: the deployment of {self.name} continues in CloudFormation",
                file=self.err,
            )
            return 130
        if outcome.status not in ("CREATE_COMPLETE", "UPDATE_COMPLETE", "IMPORT_COMPLETE"):
            print(
                f"error: stack {self.name}: deployment failed ({outcome.status}): "
                f"{outcome.failure_line()}",
                file=self.err,
            )
            return 1
        took = time.monotonic() - started
        print(f"Stack {self.name}: {outcome.status} in {took:.0f}s", file=self.out)
        outputs = (outcome.stack or {}).get("Outputs") or []
        if outputs:
            print("Outputs:", file=self.out)
        secret = secret_outputs(self.plan.artifact.template)
        for output in sorted(outputs, key=lambda o: str(o.get("OutputKey"))):
            key = output.get("OutputKey")
            value = output.get("OutputValue")
            if key in secret:  # it shows a NoEcho parameter: never printed
                value = f"**** (shows NoEcho {', '.join(secret[str(key)])})"
            print(f"  {key} = {value}", file=self.out)
        return 0

    def _delete_change_set(self) -> None:
        with aws_call(f"DeleteChangeSet of stack {self.name!r}"):
            self.client.delete_change_set(ChangeSetName=self.change_set)

    def _clean_up(self) -> None:
        """Delete the change set, and the stack if it was created only to hold it."""
        if self.change_set:
            self._delete_change_set()
            self.change_set = ""
        if self.plan.creates and not self.stack_done:
            with aws_call(f"DeleteStack of stack {self.name!r}"):
                self.client.delete_stack(StackName=self.name)
            self.stack_done = True

    def _clean_up_after_failure(self) -> None:
        """Remove what this run created and did not execute; if that fails, say what is left.

        Called while another error (or Ctrl-C) is on its way to the user: a second failure here
        must not hide the first, so it is reported as what remains and how to remove it.
        """
        stack_left = self.plan.creates and not self.stack_done
        if not self.change_set and not stack_left:
            return
        change_set = self.change_set
        try:
            self._clean_up()
        except (Exception, KeyboardInterrupt) as exc:
            left, commands = [], []
            if self.change_set:
                left.append(f"change set {change_set}")
                commands.append(
                    f"aws cloudformation delete-change-set --change-set-name {change_set}"
                )
            if self.plan.creates and not self.stack_done:
                left.append(f"the empty stack {self.name} (REVIEW_IN_PROGRESS)")
                commands.append(f"aws cloudformation delete-stack --stack-name {self.name}")
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            print(
                f"warning: could not clean up after stack {self.name} ({reason}); left behind: "
                f"{' and '.join(left)}; remove with: {' && '.join(commands)}",
                file=self.err,
            )


def change_set_name() -> str:
    """A new change set's name: ``stagewright-<UTC time>-<8 random hex digits>``.

    The time says when it was made; the random part keeps two deploys of one stack within the
    same second (two terminals, a CI retry) from asking for the same name. CloudFormation wants
    ``[a-zA-Z][-a-zA-Z0-9]*``, at most 128 characters: this is 36.
    """
    return f"stagewright-{time.strftime('%Y%m%d-%H%M%S', time.gmtime())}-{os.urandom(4).hex()}"
