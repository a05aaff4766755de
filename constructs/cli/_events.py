"""Following a stack until it settles: its new events as progress lines, the first failure.

Shared by ``stagewright deploy`` and ``stagewright destroy``: both start an operation, then poll
DescribeStacks and DescribeStackEvents (only the events the operation produced, oldest first)
until the stack's status no longer ends in ``_IN_PROGRESS`` or the time bound runs out.
"""

from __future__ import annotations

import time
from typing import Any, TextIO

import attrs

from stagewright.cli._aws import aws_call, describe_stack, is_missing_stack

__all__ = [
    "STACK_TYPE",
    "DeployError",
    "Outcome",
    "StackEvents",
    "ask",
    "event_line",
    "first_failure",
    "follow",
    "paint",
]

STACK_TYPE = "AWS::CloudFormation::Stack"
_GREEN, _RED, _YELLOW, _BOLD_RED, _RESET = (
    "\033[32m",
    "\033[31m",
    "\033[33m",
    "\033[1;31m",
    "\033[0m",
)


class DeployError(Exception):
    """Deploy or destroy cannot go on: a bad parameter, a stack in the wrong state, a refusal."""


def paint(text: str, colour: str, on: bool) -> str:
    """Return ``text`` in ``colour`` (an ANSI code) when ``on``, else unchanged."""
    return f"{colour}{text}{_RESET}" if on else text


def _status_colour(status: str) -> str:
    if status.endswith("_FAILED"):
        return _RED
    if "ROLLBACK" in status:
        return _YELLOW
    return _GREEN if status.endswith(("_COMPLETE", "_SKIPPED")) else ""


@attrs.define
class StackEvents:
    """The events of one stack not seen yet: ``prime()`` before the operation, then ``new()``."""

    client: Any
    stack_id: str
    seen: set[str] = attrs.field(factory=set)

    def _pages(self) -> Any:
        from botocore.exceptions import ClientError  # noqa: PLC0415

        token: str | None = None
        while True:
            kwargs = {"StackName": self.stack_id} | ({"NextToken": token} if token else {})
            with aws_call(f"DescribeStackEvents of stack {self.stack_id!r}"):
                try:
                    page = self.client.describe_stack_events(**kwargs)
                except ClientError as exc:
                    if is_missing_stack(exc):  # gone, and its events with it
                        return
                    raise
            yield page.get("StackEvents", [])
            token = page.get("NextToken")
            if not token:
                return

    def prime(self) -> None:
        """Mark the events already there as seen (the first page: newer ones come first)."""
        for page in self._pages():
            self.seen.update(event["EventId"] for event in page)
            return

    def new(self) -> list[dict[str, Any]]:
        """Return the events not seen yet, oldest first, and mark them seen."""
        fresh: list[dict[str, Any]] = []
        for page in self._pages():
            known = False
            for event in page:
                if event["EventId"] in self.seen:
                    known = True
                    break
                fresh.append(event)
            if known:
                break
        self.seen.update(event["EventId"] for event in fresh)
        return fresh[::-1]


def _is_stack(event: dict[str, Any]) -> bool:
    return bool(
        event.get("ResourceType") == STACK_TYPE
        and event.get("LogicalResourceId") == event.get("StackName")
    )


def event_line(event: dict[str, Any], progress: str, colour: bool) -> str:
    """One event as a line: progress, status, type, logical id and reason."""
    status = str(event.get("ResourceStatus", ""))
    reason = event.get("ResourceStatusReason")
    line = f"  {progress} {paint(f'{status:<28}', _status_colour(status), colour)}"
    line += f" {event.get('ResourceType', '')} {event.get('LogicalResourceId', '')}"
    return line + (f": {reason}" if reason else "")


def first_failure(events: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The earliest ``*_FAILED`` event that is a cause, not a cancellation caused by another.

    A resource failure is preferred to the stack's own summary event.
    """
    failed = [e for e in events if str(e.get("ResourceStatus", "")).endswith("_FAILED")]
    causes = [
        e for e in failed if "cancelled" not in str(e.get("ResourceStatusReason", "")).lower()
    ]
    resources = [e for e in causes if not _is_stack(e)]
    found = resources or causes
    return found[0] if found else None


@attrs.frozen
class Outcome:
    """Where a followed stack ended: its status, its description (None once gone), its events."""

    status: str
    stack: dict[str, Any] | None
    events: list[dict[str, Any]]

    def failure_line(self) -> str:
        """The first failing resource (logical id, type, status, reason), or the stack's reason."""
        event = first_failure(self.events)
        if event is not None:
            return (
                f"{event.get('LogicalResourceId')} ({event.get('ResourceType')}) "
                f"{event.get('ResourceStatus')}: {event.get('ResourceStatusReason', 'no reason')}"
            )
        reason = (self.stack or {}).get("StackStatusReason")
        return f"the stack is {self.status}" + (f": {reason}" if reason else "")


def follow(
    events: StackEvents,
    *,
    total: int,
    timeout_minutes: float,
    poll_seconds: float,
    out: TextIO,
) -> Outcome:
    """Print the stack's new events until its status settles; return where it ended.

    ``total`` is the number of resources the operation touches, for the ``[done/total]`` counter.
    A stack that is gone counts as ``DELETE_COMPLETE``. Past ``timeout_minutes`` a
    ``DeployError`` says the operation goes on in CloudFormation.
    """
    colour = out.isatty()
    deadline = time.monotonic() + timeout_minutes * 60
    done: set[str] = set()
    seen: list[dict[str, Any]] = []
    while True:
        stack = describe_stack(events.client, events.stack_id)
        status = str(stack["StackStatus"]) if stack else "DELETE_COMPLETE"
        for event in events.new():
            seen.append(event)
            state = str(event.get("ResourceStatus", ""))
            if not _is_stack(event) and not state.endswith("_IN_PROGRESS"):
                done.add(str(event.get("LogicalResourceId")))
            print(event_line(event, f"[{min(len(done), total)}/{total}]", colour), file=out)
        if status == "DELETE_COMPLETE" or not status.endswith("_IN_PROGRESS"):
            return Outcome(status, stack, seen)
        if time.monotonic() >= deadline:
            name = (stack or {}).get("StackName", events.stack_id)
            raise DeployError(
                f"stack {name} is still {status} after {timeout_minutes:g} minute(s); stopped "
                "waiting (--timeout), the operation goes on in CloudFormation"
            )
        time.sleep(poll_seconds)


def ask(question: str, stdin: TextIO, out: TextIO) -> bool | None:
    """Ask a yes/no question on ``stdin``; None when stdin is not a terminal (no one to ask)."""
    if not stdin.isatty():
        return None
    print(f"{question} [y/N] ", end="", file=out, flush=True)
    answer = stdin.readline().strip().lower()
    return answer in ("y", "yes")
