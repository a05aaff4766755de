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
# a restricted URL-safe alphabet. Its quotas (REST and HTTP alike): 100 variables a stage, names
# of at most 64 characters, values of at most 512.
_NAME = re.compile(r"[A-Za-z0-9_]+\Z")
MAX_VARIABLES = 100
MAX_NAME = 64
MAX_VALUE = 512
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


def check_stage_variables(
    owner: str, path: Path, variables: Mapping[str, Any], *, registry: bool = False
) -> list[Problem]:
    """Return a problem per stage variable whose name or value breaks API Gateway's rules.

    With ``registry``, also CloudFormation's ``AWS::ApiGateway::Stage`` schema rule: its key
    pattern ``[a-zA-Z0-9]+`` wants a letter or digit somewhere, so ``_`` alone is refused.
    """
    problems = []
    if len(variables) > MAX_VARIABLES:
        message = f"a stage has at most {MAX_VARIABLES} stage variables (API Gateway quota)"
        problems.append(problem(owner, path, "quota", message, len(variables)))
    for name, value in variables.items():
        where = (*path, Key(name)) if isinstance(name, str) else path
        if not isinstance(name, str) or not _NAME.match(name):
            message = f"a stage variable name {_NAME_RULE}"
            hint = _name_hint(name)
            problems.append(problem(owner, where, "pattern", message, name, hint=hint))
            continue
        problems += _name_problems(owner, where, name, registry=registry)
        if isinstance(value, Intrinsic):
            continue
        if not isinstance(value, str):
            problems.append(problem(owner, where, "type", "must be a string", value))
        elif not _VALUE.match(value):
            problems.append(problem(owner, where, "pattern", f"must contain {_VALUE_RULE}", value))
        elif len(value) > MAX_VALUE:
            message = f"a stage variable value is at most {MAX_VALUE} characters"
            message += " (API Gateway quota)"
            problems.append(problem(owner, where, "quota", message, value))
    return problems


def _name_problems(owner: str, where: Path, name: str, *, registry: bool) -> list[Problem]:
    if len(name) > MAX_NAME:
        message = f"a stage variable name is at most {MAX_NAME} characters (API Gateway quota)"
        return [problem(owner, where, "quota", message, name)]
    if registry and not name.strip("_"):
        message = (
            "a stage variable name needs a letter or digit: the AWS::ApiGateway::Stage schema's "
            "key pattern [a-zA-Z0-9]+ refuses underscores alone"
        )
        return [problem(owner, where, "pattern", message, name, hint="name it after its use")]
    return []
