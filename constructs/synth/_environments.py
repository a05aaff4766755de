"""Synthesis's refusals of values that cross environments (account, region) between stacks.

CloudFormation exports (``Fn::ImportValue``) reach only stacks of the same account and region,
and a pseudo parameter (``{"Ref": "AWS::Region"}``) is always the value of the stack it is in.
"""

from __future__ import annotations

from collections.abc import Sequence

from stagewright.core._stack import Stack

__all__ = ["environment_crossing", "pseudo_crossing"]


def _across(parts: Sequence[str]) -> str:
    words = {"account": "accounts", "region": "regions"}
    return " and ".join(words[part] for part in parts)


def environment_crossing(what: str, producer: Stack, consumer: Stack, parts: Sequence[str]) -> str:
    """The problem of a reference to ``what`` in ``producer`` from ``consumer``, another env."""
    return (
        f"refers to {what} across {_across(parts)}: from stack {consumer.stack_name!r} "
        f"({consumer.environment}) to stack {producer.stack_name!r} ({producer.environment}); "
        "an export (Fn::ImportValue) only reaches stacks of the same account and region: give "
        "both stacks the same env=Environment(...), or pass the value as a parameter"
    )


def pseudo_crossing(name: str, part: str, producer: Stack, consumer: Stack) -> str:
    """The problem of ``producer``'s undeclared ``part`` used in ``consumer``, which declares it."""
    return (
        f"uses the {part} of stack {producer.stack_name!r} ({producer.environment}), which "
        f"its deploy decides, in stack {consumer.stack_name!r} ({consumer.environment}), where "
        f'{{"Ref": "{name}"}} is that stack\'s own {part}; declare the {part} of stack '
        f"{producer.stack_name!r} (env=Environment({part}=...))"
    )
