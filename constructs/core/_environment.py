"""``Environment``: the AWS account and region a stack is deployed to (each optional).

``Stack(app, "Edge", env=Environment(account="123456789012", region="eu-west-1"))`` pins the
stack; a part left out (``None``) is decided when it is deployed: the region is ``--region``,
else ``region`` under ``[tool.stagewright]``, else boto3's; the account is the credentials'
(checked against ``account`` under ``[tool.stagewright]`` when set). A stack without ``env`` is
environment-agnostic, as every stack was before environments existed.

Synthesis checks references against environments: CloudFormation's exports (``Fn::ImportValue``)
only reach stacks of the same account and region, so a reference between stacks whose
environments differ in a part (a declared value against another, or against an undeclared one)
is an error naming both stacks and both environments. ``stack.region`` and ``stack.account`` are
the declared value, or the pseudo parameter of that stack (``AWS::Region``...), which another
stack may use only when its environment has the same part.
"""

from __future__ import annotations

from typing import Any

import attrs

from stagewright.core._fn import PseudoParameter
from stagewright.runtime._errors import Problem, ValidationError
from stagewright.runtime._intrinsics import CURRENT_RESOLVER

__all__ = [
    "UNKNOWN_ACCOUNT",
    "UNKNOWN_REGION",
    "Environment",
    "StackPseudoParameter",
    "environment_of",
]

UNKNOWN_ACCOUNT = "unknown-account"
"""How an environment's undeclared account is written (``aws://unknown-account/eu-west-1``)."""
UNKNOWN_REGION = "unknown-region"
"""How an environment's undeclared region is written."""


def _is_region(value: str) -> bool:
    """``us-east-1``, ``eu-central-2``, ``us-gov-west-1``, ``cn-north-1``: words, then a number."""
    *words, number = value.split("-")
    return (
        len(words) >= 2
        and all(w.isascii() and w.isalpha() and w.islower() for w in words)
        and number.isascii()
        and number.isdigit()
    )


def _check(name: str, value: Any, rule: str, message: str, valid: bool) -> list[Problem]:
    if value is None:
        return []
    if not isinstance(value, str):
        text = f"an environment's {name} is a string or None, not {type(value).__name__}"
        return [Problem((name,), "type", text, value, owner="Environment:")]
    if valid:
        return []
    return [Problem((name,), rule, message, value, owner="Environment:")]


@attrs.frozen
class Environment:
    """Where a stack is deployed: an AWS account id and a region, either left to the deploy.

    ``account`` is a 12-digit account id, ``region`` a region name such as ``eu-west-1``;
    ``None`` (the default) leaves the part to the credentials and region the deploy uses.
    Written ``aws://<account>/<region>``, ``unknown-account``/``unknown-region`` for a part left
    out (as AWS CDK writes it).
    """

    account: str | None = None
    region: str | None = None

    def __attrs_post_init__(self) -> None:
        account, region = self.account, self.region
        problems = _check(
            "account",
            account,
            "pattern",
            "an AWS account id is 12 digits",
            isinstance(account, str)
            and len(account) == 12
            and account.isascii()
            and account.isdigit(),
        )
        problems += _check(
            "region",
            region,
            "pattern",
            "a region name looks like 'eu-west-1' (lower-case words, then a number)",
            isinstance(region, str) and _is_region(region),
        )
        if problems:
            raise ValidationError(problems)

    @property
    def agnostic(self) -> bool:
        """True when neither the account nor the region is declared."""
        return self.account is None and self.region is None

    def __str__(self) -> str:
        return f"aws://{self.account or UNKNOWN_ACCOUNT}/{self.region or UNKNOWN_REGION}"

    def differences(self, other: Environment) -> list[str]:
        """The parts (``account``, ``region``) in which ``other`` differs, declared or not."""
        return [
            part for part in ("account", "region") if getattr(self, part) != getattr(other, part)
        ]

    def to_json(self) -> dict[str, str | None]:
        """``{"account": ..., "region": ...}`` (``None`` for a part left to the deploy)."""
        return {"account": self.account, "region": self.region}


def environment_of(value: Any, owner: str) -> Environment:
    """``value`` as an ``Environment`` (``None``: environment-agnostic); ValidationError else."""
    if value is None:
        return Environment()
    if isinstance(value, Environment):
        return value
    message = f"env takes an Environment(account=..., region=...), not {type(value).__name__}"
    raise ValidationError([Problem(("env",), "type", message, value, owner=owner)])


class StackPseudoParameter(PseudoParameter):
    """``AWS::Region`` or ``AWS::AccountId`` of one stack (``stack.region`` when undeclared).

    In its own stack it is ``{"Ref": ...}``; in another stack too, when that stack's
    environment has the same part (both leave it to the deploy). Synthesis refuses it in a stack
    that declares the part: there the ``Ref`` would be that stack's value, not this one's.
    """

    __slots__ = ("stack",)

    def __init__(self, stack: Any, name: str) -> None:
        super().__init__(name)
        self.stack = stack

    def to_cfn(self) -> Any:
        """Return ``{"Ref": "AWS::..."}``, checked against the stack being rendered."""
        check = getattr(CURRENT_RESOLVER.get(), "pseudo_parameter", None)
        return check(self.stack, self.name) if check is not None else {"Ref": self.name}

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, StackPseudoParameter)
            and other.name == self.name
            and other.stack is self.stack
        )

    def __hash__(self) -> int:
        return hash((self.name, id(self.stack)))

    def __repr__(self) -> str:
        return f"StackPseudoParameter({self.stack!r}, {self.name!r})"
