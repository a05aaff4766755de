"""What the stage constructs share: problems and their owner, throttling, retained log groups."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from stagewright.core._tree import PATH_SEPARATOR, Construct
from stagewright.generated.aws_logs.log_group import LogGroup, LogGroupProps
from stagewright.runtime._errors import Path, Problem, ValidationError, nearest, suggest
from stagewright.runtime._intrinsics import Intrinsic

__all__ = [
    "LOG_LEVELS",
    "Throttle",
    "check_log_retention",
    "check_shared_options",
    "owner_of",
    "problem",
    "raise_problems",
    "retained_log_group",
    "unknown_option",
]

LOG_LEVELS = ("OFF", "ERROR", "INFO")
MAX_BURST = 2**31 - 1
"""The largest throttling burst: ``burstLimit`` is an Integer in API Gateway's API."""


def owner_of(scope: Construct, id: str) -> str:
    """Name a construct about to be created, for its errors: ``Shop/Prod:``."""
    cleaned = id.replace(PATH_SEPARATOR, "--")
    parent = scope.node.path
    return f"{parent}{PATH_SEPARATOR}{cleaned}:" if parent else f"{cleaned}:"


def problem(
    owner: str, path: Path, rule: str, message: str, value: Any, *, hint: str | None = None
) -> Problem:
    """Return one broken rule of a construct's options (``owner`` names the construct)."""
    return Problem(path=path, rule=rule, message=message, value=value, hint=hint, owner=owner)


def raise_problems(problems: list[Problem]) -> None:
    """Raise a ValidationError listing ``problems``, if there are any."""
    if problems:
        raise ValidationError(problems)


def unknown_option(owner: str, name: str, known: Sequence[str]) -> Problem:
    """Return the problem of a keyword option a construct does not take, with the nearest one."""
    close = nearest(name, known)
    hint = f"did you mean {close!r}?" if close else f"options: {', '.join(known)}"
    return problem(owner, (name,), "unknown", "is not an option", name, hint=hint)


def _check_limit(
    owner: str, name: str, value: Any, *, integer: bool, problems: list[Problem]
) -> None:
    if isinstance(value, Intrinsic):
        return
    if isinstance(value, bool) or not isinstance(value, int if integer else int | float):
        what = "an integer" if integer else "a number"
        problems.append(problem(owner, (name,), "type", f"must be {what}", value))
    elif value < 0:
        problems.append(problem(owner, (name,), "minimum", "must be at least 0", value))
    elif integer and value > MAX_BURST:
        message = f"must be at most {MAX_BURST} (API Gateway keeps it as a 32-bit integer)"
        problems.append(problem(owner, (name,), "maximum", message, value))


def check_shared_options(
    owner: str, path: Path, options: Mapping[str, Any], booleans: tuple[str, ...]
) -> list[Problem]:
    """Return the problems of the options methods and routes share: level, throttle, switches."""
    problems = []
    level = options.get("logging_level")
    if level is not None and level not in LOG_LEVELS:
        allowed = ", ".join(map(repr, LOG_LEVELS))
        hint = suggest(level, LOG_LEVELS)
        where = (*path, "logging_level")
        problems.append(
            problem(owner, where, "enum", f"must be one of {allowed}", level, hint=hint)
        )
    throttle = options.get("throttle")
    if throttle is not None and not isinstance(throttle, Throttle):
        hint = "build it with Throttle(rate_limit=..., burst_limit=...)"
        where = (*path, "throttle")
        problems.append(problem(owner, where, "type", "must be a Throttle", throttle, hint=hint))
    for name in booleans:
        value = options.get(name)
        if value is not None and not isinstance(value, bool | Intrinsic):
            problems.append(problem(owner, (*path, name), "type", "must be a boolean", value))
    return problems


@attrs.frozen(kw_only=True)
class Throttle:
    """Request throttling: a steady rate (requests per second) and a burst (bucket size).

    ``Throttle(rate_limit=100, burst_limit=200)``. Both at least 0; a burst below the rate lets
    fewer requests through than the rate suggests, which is allowed but rarely meant.
    """

    rate_limit: float | Intrinsic
    """Steady-state requests per second."""
    burst_limit: int | Intrinsic
    """The most requests served at once (the token bucket's size)."""

    def __attrs_post_init__(self) -> None:
        problems: list[Problem] = []
        _check_limit("Throttle", "rate_limit", self.rate_limit, integer=False, problems=problems)
        _check_limit("Throttle", "burst_limit", self.burst_limit, integer=True, problems=problems)
        raise_problems(problems)


def retained_log_group(scope: Construct, id: str, retention_days: int | None) -> LogGroup:
    """Create a log group kept when the stack is deleted or the group replaced.

    Access logs are evidence; deleting the stack must never delete them with it.
    """
    group = LogGroup(scope, id, retention_in_days=retention_days)
    group.apply_removal_policy("Retain")
    return group


def check_log_retention(owner: str, days: Any) -> list[Problem]:
    """Return the problem with a log retention in days (CloudWatch Logs allows set values)."""
    try:
        LogGroupProps(retention_in_days=days)
    except ValidationError as error:
        return [
            problem(owner, ("log_retention_days",), p.rule, p.message, days, hint=p.hint)
            for p in error.problems
        ]
    return []
