"""Lambda permissions for integrations that pick their function by stage variable.

An integration URI such as ``arn:aws:apigateway:...:lambda:path/2015-03-31/functions/
arn:aws:lambda:us-east-1:111122223333:function:${stageVariables.fn}/invocations`` calls whichever
function the stage (or its canary) names in ``fn``. API Gateway may invoke each of those functions
only with an ``AWS::Lambda::Permission`` of its own, which CloudFormation cannot derive from the
URI. ``StageVariablePermissions`` makes one per distinct value that the stage's variables and its
canary's ``stage_variable_overrides`` give the variable, each scoped to that stage of that API.
"""

from __future__ import annotations

import hashlib
import json
import re
from typing import Any

from stagewright.core._fn import Fn
from stagewright.core._tree import Construct
from stagewright.generated.aws_lambda.permission import Permission
from stagewright.runtime._errors import Problem
from stagewright.runtime._intrinsics import Intrinsic, render
from stagewright.stages._base import StageBase
from stagewright.stages._common import owner_of, problem, raise_problems
from stagewright.stages._variables import _NAME, _NAME_RULE, _name_hint, stage_variable

__all__ = ["StageVariablePermissions"]

PRINCIPAL = "apigateway.amazonaws.com"
ACTION = "lambda:InvokeFunction"


class StageVariablePermissions(Construct):
    """Let API Gateway invoke every function a stage variable names, on the stage and its canary.

    One ``AWS::Lambda::Permission`` per distinct function (a value given by both the stage and
    its canary makes one), with ``Principal`` ``apigateway.amazonaws.com`` and ``SourceArn`` the
    stage's execute-api ARN (``arn:<partition>:execute-api:<region>:<account>:<api>/<stage>/*``),
    so no other API or stage can call it. A canary started or changed later is read again at
    synthesis: its new values get their permissions then. A permission waits (``DependsOn``) for
    the ``AWS::Lambda::Function`` of its stack whose ``FunctionName`` it names, if there is one.
    ``.permissions`` maps each value to its permission.
    """

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        stage: StageBase[Any, Any],
        variable: str,
        function_name: str | None = None,
    ) -> None:
        """Add the permissions to ``scope``; the arguments are checked first.

        Args:
            scope: The construct the permissions go in (in the stage's stack).
            id: This construct's id in ``scope``.
            stage: The stage whose variables (and canary overrides) name the functions.
            variable: The stage variable's name (``fn`` for ``${stageVariables.fn}``).
            function_name: The function as the integration URI names it, with the variable's
                reference in it, e.g. ``f"my-fn:{stage_variable('alias')}"`` when the variable
                holds an alias. Default: the variable's value is the function's name or ARN.
        """
        owner = owner_of(scope, id)
        raise_problems(self._problems(owner, stage, variable))
        reference = stage_variable(variable)
        if function_name is not None and reference not in function_name:
            message = f"must contain {reference}, where each value of the variable goes"
            hint = f'e.g. f"my-function:{{stage_variable({variable!r})}}"'
            raise_problems(
                [problem(owner, ("function_name",), "reference", message, function_name, hint=hint)]
            )
        self.stage = stage
        """The stage."""
        self.variable = variable
        """The stage variable naming the function."""
        self._pattern = function_name or reference
        self._reference = reference
        self._owner = owner
        super().__init__(scope, id)
        self._permissions: dict[str, Permission] = {}
        missing = self.sync()
        if missing is not None:
            self.node._detach()
            raise_problems([missing])
        from stagewright.core._tree import Aspects  # noqa: PLC0415

        Aspects.of(self).add(_Resync(self))

    @staticmethod
    def _problems(owner: str, stage: Any, variable: Any) -> list[Problem]:
        if not isinstance(stage, StageBase):
            shown = stage.node.path if isinstance(stage, Construct) else stage
            hint = "pass a stage construct (RestStage, CanaryStage, HttpStage...)"
            return [
                problem(owner, ("stage",), "type", "must be a stage construct", shown, hint=hint)
            ]
        if not isinstance(variable, str) or not _NAME.match(variable):
            message = f"a stage variable name {_NAME_RULE}"
            return [
                problem(
                    owner, ("variable",), "pattern", message, variable, hint=_name_hint(variable)
                )
            ]
        return []

    # -- the values

    def values(self) -> list[str | Intrinsic]:
        """Return the variable's distinct values: the stage's, then its canary's."""
        options = self.stage.options
        found: list[str | Intrinsic] = []
        variables = getattr(options, "variables", None) or getattr(options, "stage_variables", None)
        canary = getattr(options, "canary", None)
        sources = [variables or {}]
        if canary is not None:
            sources.append(canary.stage_variable_overrides)
        for source in sources:
            value = source.get(self.variable)
            if value is not None and _key(value) not in {_key(v) for v in found}:
                found.append(value)
        return found

    @property
    def permissions(self) -> dict[str, Permission]:
        """The permissions, by value (an intrinsic value is keyed by its JSON)."""
        return dict(self._permissions)

    def sync(self) -> Problem | None:
        """Add a permission for each value that has none yet; return the problem of no value."""
        values = self.values()
        if not values:
            message = (
                "the stage and its canary give this variable no value, so no function is named"
            )
            return problem(
                self._owner,
                ("variable",),
                "no-value",
                message,
                self.variable,
                hint="define it in the stage's variables (or the canary's overrides)",
            )
        for value in values:
            key = _key(value)
            if key not in self._permissions:
                self._permissions[key] = self._permission(value)
        return None

    def _permission(self, value: str | Intrinsic) -> Permission:
        stage = self.stage
        name = stage.options.stage_name
        # The stage's name where known: the permission need not wait for the stage.
        source_arn = Fn.sub(
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${Api}/${Stage}/*",
            {
                "Api": stage._api_ref(),
                "Stage": name if isinstance(name, str) else stage.resource.ref,
            },
        )
        return Permission(
            self,
            _id_of(value),
            action=ACTION,
            principal=PRINCIPAL,
            function_name=self._function_name(value),
            source_arn=source_arn,
        )

    def _wait_for_functions(self) -> None:
        """Make each permission depend on the function of this stack it names, if any."""
        from stagewright.core._stack import Stack  # noqa: PLC0415
        from stagewright.generated.aws_lambda.function import Function  # noqa: PLC0415

        functions = {
            f.props.function_name: f
            for f in Stack.of(self).node.find_all()
            if isinstance(f, Function) and isinstance(f.props.function_name, str)
        }
        for permission in self._permissions.values():
            name = _named_function(permission.props.function_name)
            function = None if name is None else functions.get(name)
            if function is not None:
                permission.add_depends_on(function)

    def _function_name(self, value: str | Intrinsic) -> str | Intrinsic:
        if isinstance(value, str):
            return self._pattern.replace(self._reference, value)
        if self._pattern == self._reference:
            return value
        before, _, after = self._pattern.partition(self._reference)
        return Fn.join("", [before, value, after])


def _named_function(name: Any) -> str | None:
    """The function's name in a permission's ``FunctionName`` (ARN and qualifier dropped)."""
    if not isinstance(name, str):
        return None
    bare: str = name.rsplit(":function:", 1)[-1]
    return bare.split(":", 1)[0]


def _key(value: str | Intrinsic) -> str:
    return value if isinstance(value, str) else json.dumps(render(value), sort_keys=True)


def _id_of(value: str | Intrinsic) -> str:
    """The permission's id: the value's letters and digits and a short hash of the value."""
    key = _key(value)
    digest = hashlib.sha256(key.encode()).hexdigest()[:8].upper()
    readable = re.sub(r"[^A-Za-z0-9]", "", key.rsplit(":function:", 1)[-1].title())[:40]
    return f"{readable if isinstance(value, str) else 'Value'}{digest}"


class _Resync:
    """Aspect: add the permissions of values a canary started after the construct gives."""

    def __init__(self, owner: StageVariablePermissions) -> None:
        self._owner = owner

    def visit(self, construct: Construct) -> None:
        if construct is self._owner:
            self._owner.sync()
            self._owner._wait_for_functions()
