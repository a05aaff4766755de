"""Canary releases of a REST stage: the settings, and the same-API rule checked at synthesis."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

import attrs

from stagewright.core._fn import Ref
from stagewright.core._resource import CfnResource
from stagewright.core._rollback import AlarmLike, AlarmReferences, alarm_problems
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.runtime._errors import Problem
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._common import problem, raise_problems
from stagewright.stages._release import Release
from stagewright.stages._variables import check_stage_variables

__all__ = [
    "DEFAULT_BAKE",
    "MAX_BAKE",
    "Canary",
    "DeploymentLike",
    "RestApiLike",
    "api_mismatch",
    "ref_of",
]

DEFAULT_BAKE = timedelta(minutes=10)
"""How long each rollout step is watched unless ``bake=`` says otherwise."""
MAX_BAKE = timedelta(minutes=180)
"""The longest bake: CloudFormation monitors rollback triggers for at most 180 minutes."""

RestApiLike = RestApi | str | Intrinsic
"""A REST API: the construct, or its id (a string or an intrinsic such as an import)."""
DeploymentLike = Deployment | Release | str | Intrinsic
"""A deployment: the construct, a ``Release``, or its id."""


def ref_of(value: Any) -> Any:
    """Return a resource's (or a release's) ``Ref``, or the value itself (an id, an intrinsic)."""
    return value.ref if isinstance(value, CfnResource | Release) else value


def _first_step(canary: Any) -> float:
    return float(canary.steps[0]) if _steps_ok(canary.steps) and canary.steps else 10.0


def _steps_ok(steps: Any) -> bool:
    return isinstance(steps, Sequence) and not isinstance(steps, str)


@attrs.frozen(kw_only=True)
class Canary:
    """A canary release: a second deployment that serves ``percent`` of the stage's traffic.

    ``percent`` is 0 to 100 (0 keeps the canary but sends it nothing, to drain it).
    ``stage_variable_overrides`` replace or add stage variables for canary requests only;
    ``use_stage_cache`` lets canary requests use the stage's cache.

    A declared rollout: ``steps`` (percentages, increasing, e.g. ``[5, 25, 50]``), each watched
    for ``bake`` (a ``timedelta``, at most 180 minutes; default 10 minutes) with ``alarms`` as
    CloudFormation rollback triggers (alarm constructs, or existing alarms' names or ARNs; at
    most five). ``stagewright deploy`` deploys one change set per step, then promotes; an alarm
    during a step rolls that step back. With ``steps``, ``percent`` is the step the synthesized
    template shows (default: the first); deploy sets each step's percent itself.
    """

    deployment: DeploymentLike
    steps: Sequence[float] = ()
    bake: timedelta = DEFAULT_BAKE
    alarms: Sequence[AlarmLike] = ()
    percent: float | Intrinsic = attrs.field(default=attrs.Factory(_first_step, takes_self=True))
    stage_variable_overrides: Mapping[str, str | Intrinsic] = attrs.field(factory=dict)
    use_stage_cache: bool = False

    def __attrs_post_init__(self) -> None:
        overrides = self.stage_variable_overrides
        if not isinstance(overrides, Mapping):
            hint = "pass a dict, e.g. {'name': 'value'}"
            message = "must be a mapping"
            where = ("stage_variable_overrides",)
            raise_problems([problem("Canary", where, "type", message, overrides, hint=hint)])
        problems = check_stage_variables(
            "Canary", ("stage_variable_overrides",), overrides, registry=True
        )
        percent = self.percent
        if not isinstance(percent, Intrinsic):
            if isinstance(percent, bool) or not isinstance(percent, int | float):
                problems.append(
                    problem("Canary", ("percent",), "type", "must be a number", percent)
                )
            elif not 0 <= percent <= 100:
                problems.append(
                    problem("Canary", ("percent",), "range", "must be 0 to 100", percent)
                )
        problems += self._rollout_problems()
        raise_problems(problems)

    def _rollout_problems(self) -> list[Problem]:
        steps, bake = self.steps, self.bake
        problems = []
        numbers = _steps_ok(steps) and all(
            isinstance(s, int | float) and not isinstance(s, bool) for s in steps
        )
        if not numbers or any(not 0 < s <= 100 for s in steps) or list(steps) != sorted(set(steps)):
            hint = "e.g. steps=[5, 25, 50]: the canary's share at each step, before promotion"
            message = "must be increasing percentages, each above 0 and at most 100"
            problems.append(problem("Canary", ("steps",), "steps", message, steps, hint=hint))
        elif steps and self.percent not in steps:
            message = "must be one of the steps (the step the template shows)"
            hint = f"leave percent out (the first step, {steps[0]:g}) or pass one of the steps"
            problems.append(
                problem("Canary", ("percent",), "rollout-percent", message, self.percent, hint=hint)
            )
        if not isinstance(bake, timedelta) or not timedelta(0) <= bake <= MAX_BAKE:
            hint = "e.g. bake=timedelta(minutes=10)"
            message = "must be a timedelta from 0 to 180 minutes"
            problems.append(problem("Canary", ("bake",), "bake", message, bake, hint=hint))
        problems += alarm_problems("Canary", "alarms", self.alarms)
        if self.alarms and not steps and not problems:
            hint = "declare the rollout's steps, e.g. steps=[5, 25, 50]"
            message = "gate a rollout's steps, and there are no steps"
            where, count = ("alarms",), len(self.alarms)
            problems.append(problem("Canary", where, "needs-steps", message, count, hint=hint))
        return problems

    def rollout_metadata(self) -> dict[str, Any] | None:
        """The rollout as the stage's template ``Metadata`` (None without ``steps``)."""
        if not self.steps:
            return None
        return {
            "Steps": [float(s) for s in self.steps],
            "BakeSeconds": int(self.bake.total_seconds()),
            "Alarms": AlarmReferences(self.alarms),
        }


def _api_of(value: Any) -> tuple[str, Any] | None:
    """Identify a REST API: ("construct", RestApi) or ("id", "abc123"); None when unknowable."""
    if isinstance(value, RestApi):
        return ("construct", value)
    if isinstance(value, Ref) and isinstance(value.target, RestApi):
        return ("construct", value.target)
    if isinstance(value, str):
        return ("id", value)
    return None


def _describe(api: tuple[str, Any]) -> str:
    kind, value = api
    return repr(value.node.path) if kind == "construct" else f"with id {value!r}"


def api_mismatch(label: str, rest_api: Any, deployment: Any) -> str | None:
    """Say why ``deployment`` is not a deployment of ``rest_api``, or None if it is (or may be)."""
    named = deployment
    if isinstance(deployment, Release):
        if deployment.api.type_name != RestApi.TYPE_NAME:
            return (
                f"the {label} {deployment.node.path!r} is a release of "
                f"{deployment.api.type_name} {deployment.api.node.path!r}, not of a REST API; "
                "pass a release of this stage's REST API"
            )
        deployment = deployment.resource
    if not isinstance(deployment, Deployment):
        return None
    ours, theirs = _api_of(rest_api), _api_of(deployment.props.rest_api_id)
    if ours is None or theirs is None or ours[0] != theirs[0]:
        return None  # one side only known at deploy time
    same = ours[1] is theirs[1] if ours[0] == "construct" else ours[1] == theirs[1]
    if same:
        return None
    return (
        f"the {label} {named.node.path!r} belongs to REST API {_describe(theirs)}, "
        f"not to this stage's REST API {_describe(ours)}; pass a deployment of that API"
    )
