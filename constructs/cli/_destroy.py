"""``stagewright destroy``: list what goes and what stays, confirm, delete, follow, report.

A resource whose ``DeletionPolicy`` in the deployed template is ``Retain`` or
``RetainExceptOnCreate`` is kept (CloudFormation skips it); ``Snapshot`` means snapshot then
delete. The stacks go in reverse dependency order when the app is given, else in the order named.
Each stack is deleted in its own region, after the account check (``_targets``): with the app,
the region and account it declares; without, those of ``--region`` and ``[tool.stagewright]``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TextIO

import attrs

from stagewright.cli._aws import aws_call, deployed_template, describe_stack, stack_resources
from stagewright.cli._events import DeployError, StackEvents, ask, follow
from stagewright.cli._targets import Targets
from stagewright.core._environment import Environment
from stagewright.synth._assembly import StackArtifact

__all__ = ["DestroyOptions", "main_destroy"]

_KEPT = {"Retain": "keep", "RetainExceptOnCreate": "keep", "Snapshot": "snapshot then delete"}


@attrs.frozen
class DestroyOptions:
    """What ``stagewright destroy`` was asked: stacks, confirmation, AWS target, bounds."""

    stacks: Sequence[str]
    yes: bool = False
    region: str | None = None
    profile: str | None = None
    timeout_minutes: float = 60
    poll_seconds: float = 5
    defaults: Environment = attrs.field(factory=Environment)
    """The project's account and region (``[tool.stagewright]``) for stacks declaring none."""


def _order(spec: str | None, names: Sequence[str]) -> list[StackArtifact]:
    """The stacks to destroy, dependants first when the app says who depends on whom.

    Without the app, a stack is known by its name only (no environment of its own).
    """
    if spec is None:
        return [_named(name) for name in dict.fromkeys(names)]
    from stagewright.cli._commands import load_app  # noqa: PLC0415
    from stagewright.cli._deploy_inputs import dependency_order, unknown_stacks  # noqa: PLC0415

    assembly = load_app(spec).synthesize()
    problem = unknown_stacks(assembly, names)
    if problem:
        raise DeployError(problem)
    return list(reversed(dependency_order(assembly, names)))


def _named(name: str) -> StackArtifact:
    return StackArtifact(
        name=name, path=name, file="", data=b"", resources=0, dependencies=(), overrides=()
    )


def main_destroy(
    spec: str | None, options: DestroyOptions, *, stdin: TextIO, out: TextIO, err: TextIO
) -> int:
    """Delete the named stacks (dependants first when APP is given); return the exit code."""
    stacks = _order(spec, options.stacks)
    targets = Targets(options.region, options.profile, options.defaults)
    targets.check(stacks)
    targets.show(stacks, out)
    for stack in stacks:
        client = targets.client(stack)
        code = _destroy(client, stack.name, options, stdin=stdin, out=out, err=err)
        if code:
            return code
    return 0


def _destroy(
    client: Any, name: str, options: DestroyOptions, *, stdin: TextIO, out: TextIO, err: TextIO
) -> int:
    stack = describe_stack(client, name)
    if stack is None:
        print(f"Stack {name}: does not exist, nothing to destroy", file=out)
        return 0
    status = str(stack["StackStatus"])
    if status.endswith("_IN_PROGRESS") and status != "REVIEW_IN_PROGRESS":
        raise DeployError(f"stack {name} is busy ({status}): wait for it to finish, then destroy")
    resources = stack_resources(client, name) or []
    template = deployed_template(client, name) or {}
    policies = {
        lid: entry.get("DeletionPolicy")
        for lid, entry in template.get("Resources", {}).items()
        if isinstance(entry, dict)
    }
    kept = _show(name, resources, policies, out)
    if not options.yes:
        answer = ask(f"Destroy stack {name}?", stdin, out)
        if answer is None:
            raise DeployError(
                f"stack {name}: not destroyed: stdin is not a terminal, so there is no one to "
                "confirm; pass --yes to destroy without asking"
            )
        if not answer:
            print(f"Stack {name}: nothing destroyed", file=err)
            return 1
    events = StackEvents(client, str(stack["StackId"]))
    events.prime()
    with aws_call(f"DeleteStack of stack {name!r}"):
        client.delete_stack(StackName=name)
    print(f"Stack {name}: deleting", file=out)
    try:
        outcome = follow(
            events,
            total=len(resources),
            timeout_minutes=options.timeout_minutes,
            poll_seconds=options.poll_seconds,
            out=out,
        )
    except KeyboardInterrupt:
        print(f"interrupted: the deletion of {name} continues in CloudFormation", file=err)
        return 130
    if outcome.status != "DELETE_COMPLETE":
        print(
            f"error: stack {name}: deletion failed ({outcome.status}): {outcome.failure_line()}",
            file=err,
        )
        return 1
    print(f"Stack {name}: destroyed", file=out)
    for resource in kept:
        print(
            f"  kept: {_label(resource)} {resource.get('ResourceType')} "
            f"{resource.get('PhysicalResourceId') or '(no physical id)'}",
            file=out,
        )
    return 0


def _label(resource: dict[str, Any]) -> str:
    return str(resource.get("LogicalResourceId") or "(no logical id)")


def _show(
    name: str, resources: list[dict[str, Any]], policies: dict[str, Any], out: TextIO
) -> list[dict[str, Any]]:
    """Print what deleting the stack does to each resource; return those it keeps."""
    print(f"Stack {name}: {len(resources)} resource(s)", file=out)
    width = max((len(_label(r)) for r in resources), default=0)
    kept = []
    for resource in resources:
        policy = policies.get(str(resource.get("LogicalResourceId")))
        fate = _KEPT.get(policy, "delete") if isinstance(policy, str) else "delete"
        if fate == "keep":
            kept.append(resource)
            fate = f"keep ({policy})"
        print(
            f"  {fate:<27}  {_label(resource):<{width}}  {resource.get('ResourceType')}"
            f"  {resource.get('PhysicalResourceId') or ''}".rstrip(),
            file=out,
        )
    return kept
