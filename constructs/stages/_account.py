"""The account-wide CloudWatch Logs role of API Gateway, and the check that stages have one."""

from __future__ import annotations

from collections.abc import Callable

from stagewright.core._fn import Fn
from stagewright.core._tree import WARNING, Annotations, Aspects, Construct, TreeError
from stagewright.generated.aws_apigateway.account import Account
from stagewright.generated.aws_iam.role import Role
from stagewright.runtime._intrinsics import Intrinsic

__all__ = ["AccountLoggingRole", "ExternalAccountLoggingRole", "require_account_logging_role"]

_POLICY = "arn:${AWS::Partition}:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs"
_TRUST = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"Service": "apigateway.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
    ],
}


def _find(root: Construct) -> AccountLoggingRole | ExternalAccountLoggingRole | None:
    kinds = (AccountLoggingRole, ExternalAccountLoggingRole)
    return next((c for c in root.node.find_all() if isinstance(c, kinds)), None)


def _check_first(scope: Construct, id: str, kind: str) -> None:
    """Refuse a second account logging setting in the app, naming both paths."""
    other = _find(scope.node.root)
    if other is None:
        return
    path = f"{scope.node.path}/{id}" if scope.node.path else id
    if kind == type(other).__name__ == "AccountLoggingRole":
        raise TreeError(
            f"{path}: an app has at most one AccountLoggingRole (the account has one "
            f"setting), and {other.node.path!r} exists; AccountLoggingRole.of(scope) "
            "returns it"
        )
    raise TreeError(
        f"{path}: an app says once how the account's CloudWatch Logs role is set, and "
        f"{other.node.path!r} ({type(other).__name__}) says it already; keep one of them"
    )


class AccountLoggingRole(Construct):
    """The IAM role API Gateway writes CloudWatch logs with, set in the account's settings.

    API Gateway keeps one such role per account and region (``AWS::ApiGateway::Account``);
    REST and WebSocket stages cannot log without it. This creates the role (trusting
    ``apigateway.amazonaws.com``, with the managed policy ``AmazonAPIGatewayPushToCloudWatchLogs``)
    and the account setting, both retained when the stack is deleted, since every API of the
    account relies on them. ``role_arn=`` adopts an existing role instead of creating one.
    At most one per app; stages that log deploy after it.
    """

    def __init__(self, scope: Construct, id: str, *, role_arn: str | Intrinsic | None = None):
        _check_first(scope, id, "AccountLoggingRole")
        super().__init__(scope, id)
        self.role: Role | None = None
        """The created role, or None when an existing one was adopted."""
        if role_arn is None:
            self.role = Role(
                self,
                "Role",
                assume_role_policy_document=_TRUST,
                managed_policy_arns=[Fn.sub(_POLICY)],
            )
            self.role.apply_removal_policy("Retain")
            role_arn = self.role.attr_arn
        self.account = Account(self, "Default", cloud_watch_role_arn=role_arn)
        """The ``AWS::ApiGateway::Account`` resource that points the account at the role."""
        self.account.apply_removal_policy("Retain")

    @staticmethod
    def of(scope: Construct) -> AccountLoggingRole | None:
        """Return the app's AccountLoggingRole, or None."""
        found = _find(scope.node.root)
        return found if isinstance(found, AccountLoggingRole) else None


class ExternalAccountLoggingRole(Construct):
    """Says the account's API Gateway settings name a CloudWatch Logs role set up elsewhere.

    For accounts where another stack or a landing zone owns ``AWS::ApiGateway::Account``: this
    creates nothing (a second Account resource would fight over the one setting), and stages
    that log neither wait for an AccountLoggingRole nor warn that the app has none. If the
    account turns out not to have the role, the deploy fails with "CloudWatch Logs role ARN
    must be set in account settings to enable logging". At most one of this and
    AccountLoggingRole per app.
    """

    def __init__(self, scope: Construct, id: str = "ExternalApiGatewayLogging") -> None:
        _check_first(scope, id, "ExternalAccountLoggingRole")
        super().__init__(scope, id)


class _NeedsRole:
    """Aspect: the stage deploys after the app's logging role, or warns that there is none."""

    def __init__(self, stage: Construct, resource: Construct, why: Callable[[], str | None]):
        self._stage, self._resource, self._why = stage, resource, why
        self._warning: str | None = None  # the warning this aspect added last time

    def visit(self, construct: Construct) -> None:
        if construct is not self._stage:
            return
        # Decided afresh at every synthesis: the role, or the reason, may come or go in between.
        if self._warning is not None:
            construct.node._drop_message(WARNING, self._warning)
            self._warning = None
        why = self._why()
        if why is None:
            return
        role = _find(construct.node.root)
        if isinstance(role, AccountLoggingRole):
            self._resource.node.add_dependency(role.account)
            return
        if role is not None:  # set up outside the app: nothing to wait for
            return
        self._warning = (
            f"{why} needs the account's CloudWatch Logs role, and this app has no "
            "AccountLoggingRole: unless the account's API Gateway settings already name one, the "
            'deploy fails with "CloudWatch Logs role ARN must be set in account settings to '
            'enable logging". Add AccountLoggingRole(stack, "ApiGatewayLogging") once per app '
            "(role_arn=... adopts an existing role), or ExternalAccountLoggingRole(app) if the "
            "account's setting is managed elsewhere"
        )
        Annotations.of(construct).add_warning(self._warning)


def require_account_logging_role(
    stage: Construct, resource: Construct, why: Callable[[], str | None]
) -> None:
    """Make ``resource`` depend on the app's logging role whenever ``why()`` names a reason.

    Checked at every synthesis, so the role may be created before or after the stage.
    """
    Aspects.of(stage).add(_NeedsRole(stage, resource, why))
