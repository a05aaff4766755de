"""Canary releases of a REST stage: the settings, and the same-API rule checked at synthesis."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

from stagewright.core._fn import Ref
from stagewright.core._resource import CfnResource
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.runtime._intrinsics import Intrinsic
from stagewright.stages._common import problem, raise_problems
from stagewright.stages._release import Release
from stagewright.stages._variables import check_stage_variables

__all__ = ["Canary", "DeploymentLike", "RestApiLike", "api_mismatch", "ref_of"]

RestApiLike = RestApi | str | Intrinsic
"""A REST API: the construct, or its id (a string or an intrinsic such as an import)."""
DeploymentLike = Deployment | Release | str | Intrinsic
"""A deployment: the construct, a ``Release``, or its id."""


def ref_of(value: Any) -> Any:
    """Return a resource's (or a release's) ``Ref``, or the value itself (an id, an intrinsic)."""
    return value.ref if isinstance(value, CfnResource | Release) else value


@attrs.frozen(kw_only=True)
class Canary:
    """A canary release: a second deployment that serves ``percent`` of the stage's traffic.

    ``percent`` is 0 to 100 (0 keeps the canary but sends it nothing, to drain it).
    ``stage_variable_overrides`` replace or add stage variables for canary requests only;
    ``use_stage_cache`` lets canary requests use the stage's cache.
    """

    deployment: DeploymentLike
    percent: float | Intrinsic = 10.0
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
        raise_problems(problems)


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
