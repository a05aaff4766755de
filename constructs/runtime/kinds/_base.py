"""The base of every field kind: the three operations and the hot paths' type shortcuts.

A kind ``check``s a Python value (appending Problems, never raising), converts a template value
with ``from_cfn`` and renders with ``to_cfn``; ``accepts`` is validation's allocation-free fast
path. The kinds themselves live in ``_scalar`` and ``_container``; generated modules
build them with the factories of ``stagewright.runtime.kinds``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from stagewright.runtime._errors import Path, Problem
from stagewright.runtime._intrinsics import Intrinsic, intrinsic_from_cfn, unknown_function

__all__ = ["Errors", "Kind", "count", "problem", "type_name"]

Errors = list[Problem]


def type_name(value: Any) -> str:
    """Return the name of ``value``'s type, for messages."""
    return type(value).__name__


def count(n: int, noun: str) -> str:
    """``1 item``, ``50 items``: a number and its noun, for messages."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def problem(path: Path, rule: str, message: str, value: Any, hint: str | None = None) -> Problem:
    """Return a Problem; a type problem with a misspelt intrinsic gets the hint naming it."""
    if rule == "type" and hint is None:
        hint = unknown_function(value)
    return Problem(path=path, rule=rule, message=message, value=value, hint=hint)


class Kind:
    """One schema type; subclasses implement the three operations."""

    __slots__ = ()
    label = "value"
    # Hot loops (``_collect``, lists, maps, ``to_cfn``) test ``type(value) in ...`` against these
    # to skip a call: ``valid_types`` never get a problem from ``check``, ``to_cfn`` returns
    # ``verbatim_types`` unchanged. Exact types only: bools, subclasses and intrinsics take the
    # full path.
    valid_types: tuple[type, ...] = ()
    verbatim_types: tuple[type, ...] = (str, int, float, bool)

    def check(self, value: Any, path: Path, errors: Errors) -> None:
        """Append a Problem to ``errors`` for each rule ``value`` breaks."""

    def accepts(self, value: Any) -> bool:
        """Tell quickly whether ``check`` finds no problem with ``value`` (never raises).

        The fast path of validation: True promises that ``check`` would report nothing; False
        only sends the value to ``check`` (it may still be fine: intrinsics, subclasses...).
        Kinds on hot paths override this to allocate nothing.
        """
        if type(value) in self.valid_types:
            return True
        errors: Errors = []
        self.check(value, (), errors)
        return not errors

    def resolve(self, namespace: Mapping[str, Any]) -> None:
        """Look up the property classes named in this kind in ``namespace`` (a module's)."""

    def from_cfn(self, raw: Any, path: Path) -> Any:
        """Convert a template value; leave what cannot be converted for ``check`` to report."""
        return intrinsic_from_cfn(raw) or raw

    def to_cfn(self, value: Any) -> Any:
        """Return the template form of ``value``."""
        return value.to_cfn() if isinstance(value, Intrinsic) else value
