"""Stage variables: references for integration URIs, and the name and value rules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from stagewright.runtime._errors import Key, Path, Problem, ValidationError
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._common import problem

__all__ = ["check_stage_variables", "stage_variable"]

# From API Gateway's stage variable reference: names are alphanumerics and underscores, values
# a restricted URL-safe alphabet.
_NAME = re.compile(r"[A-Za-z0-9_]+\Z")
_VALUE = re.compile(r"[A-Za-z0-9\-._~:/?#&=,]+\Z")
_NAME_RULE = "must contain only letters, digits and underscores ([A-Za-z0-9_]+)"
_VALUE_RULE = "only letters, digits and -._~:/?#&=, ([A-Za-z0-9-._~:/?#&=,]+)"


def stage_variable(name: str, *, in_sub: bool = False) -> str:
    """Return ``${stageVariables.<name>}``, API Gateway's reference to a stage variable.

    Use it in integration URIs, e.g. ``f"...:function:{stage_variable('alias')}/invocations"``.
    Inside ``Fn.sub`` pass ``in_sub=True``: it returns ``${!stageVariables.<name>}``, which
    CloudFormation turns into the literal reference instead of resolving it as a variable.
    """
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValidationError(
            [
                problem(
                    "stage_variable",
                    (),
                    "pattern",
                    f"a stage variable name {_NAME_RULE}",
                    name,
                    hint=_name_hint(name),
                )
            ]
        )
    return f"${{!stageVariables.{name}}}" if in_sub else f"${{stageVariables.{name}}}"


def _name_hint(name: Any) -> str | None:
    """``did you mean 'api_url'?`` for ``api-url``: each other character made an underscore."""
    if not isinstance(name, str) or not name:
        return None
    return f"did you mean {re.sub(r'[^A-Za-z0-9_]', '_', name)!r}?"


def check_stage_variables(owner: str, path: Path, variables: Mapping[str, Any]) -> list[Problem]:
    """Return a problem per stage variable whose name or value breaks API Gateway's rules."""
    problems = []
    for name, value in variables.items():
        where = (*path, Key(name)) if isinstance(name, str) else path
        if not isinstance(name, str) or not _NAME.match(name):
            message = f"a stage variable name {_NAME_RULE}"
            hint = _name_hint(name)
            problems.append(problem(owner, where, "pattern", message, name, hint=hint))
        elif isinstance(value, Intrinsic):
            continue
        elif not isinstance(value, str):
            problems.append(problem(owner, where, "type", "must be a string", value))
        elif not _VALUE.match(value):
            problems.append(problem(owner, where, "pattern", f"must contain {_VALUE_RULE}", value))
    return problems
