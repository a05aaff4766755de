"""ValidationError: what bad input raises, with the property path, the rule and the value."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import attrs

__all__ = [
    "Key",
    "Path",
    "Problem",
    "ProblemsError",
    "ValidationError",
    "format_path",
    "nearest",
    "suggest",
]

_MAX_VALUE_CHARS = 80


class Key(str):
    """A map key inside a property path (rendered as ``["key"]``, unlike a property name)."""

    __slots__ = ()


Path = tuple[str | int, ...]


def nearest(word: str, candidates: Iterable[str]) -> str | None:
    """Return the candidate closest to ``word`` (difflib's ratio of at least 0.6), or None."""
    import difflib  # noqa: PLC0415 - only error messages need it (~1 ms to import)

    close = difflib.get_close_matches(word, list(candidates), n=1)
    return close[0] if close else None


def suggest(value: Any, allowed: Iterable[Any]) -> str | None:
    """Return ``did you mean <allowed value>?`` for a value outside ``allowed``, or None.

    A value differing only by case gets its allowed spelling (``'info'``: ``'INFO'``); a number
    among numbers the nearest one; anything else the closest text (difflib, ignoring case).
    """
    options = list(allowed)
    if isinstance(value, int | float) and not isinstance(value, bool):
        numbers = [(n, o) for o in options if (n := _number(o)) is not None]
        if numbers and len(numbers) == len(options):
            return f"did you mean {min(numbers, key=lambda pair: abs(pair[0] - value))[1]!r}?"
    by_text: dict[str, Any] = {}
    for option in options:
        by_text.setdefault(str(option).casefold(), option)
    text = str(value).casefold()
    close = text if text in by_text else nearest(text, by_text)
    return f"did you mean {by_text[close]!r}?" if close is not None else None


def _number(option: Any) -> float | None:
    """The number an allowed value stands for (``118``, ``"0.5"``), or None."""
    if isinstance(option, bool):
        return None
    try:
        return float(option)
    except (TypeError, ValueError):
        return None


def format_path(owner: str, path: Path) -> str:
    """Render a path: ``CanarySetting.PercentTraffic``, ``MethodSettings[0].HttpMethod``."""
    import json  # noqa: PLC0415 - only error messages need it (~1 ms to import)

    # A type name is followed by a space: ``AWS::ApiGateway::Stage CanarySetting.PercentTraffic``;
    # so is a construct path, written with a colon: ``Shop/Prod: method_options``.
    spaced = "::" in owner or owner.endswith(":")
    out = f"{owner} " if spaced and path else owner
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif isinstance(part, Key):
            out += f"[{json.dumps(str(part), ensure_ascii=False)}]"
        else:
            out += f".{part}" if out and not out.endswith(" ") else part
    return out or "(root)"


def _show(value: Any) -> str:
    text = repr(value)
    if len(text) > _MAX_VALUE_CHARS:
        text = text[: _MAX_VALUE_CHARS - 3] + "..."
    return text


def _rebuild(cls: type[Exception], message: str, state: dict[str, Any]) -> Exception:
    """Recreate an error from its message and attributes: pickle's way back."""
    error = cls.__new__(cls)
    Exception.__init__(error, message)
    error.__dict__.update(state)
    return error


@attrs.frozen
class Problem:
    """One broken rule: where (owner + path), which rule, what was given, and a hint to fix it."""

    path: Path
    rule: str
    message: str
    value: Any = None
    hint: str | None = None
    owner: str = ""

    def under(self, owner: str, prefix: Path) -> Problem:
        """Return this problem re-rooted below ``prefix`` of a containing ``owner``."""
        return self.at(owner, (*prefix, *self.path))

    def at(self, owner: str, path: Path) -> Problem:
        """Return this problem moved to ``path`` of ``owner`` (the rest kept)."""
        return Problem(path, self.rule, self.message, self.value, self.hint, owner)

    @property
    def where(self) -> str:
        """The CloudFormation property path, e.g. ``CanarySetting.PercentTraffic``."""
        return format_path(self.owner, self.path)

    def __str__(self) -> str:
        text = f"{self.where}: {self.message} [{self.rule}]"
        if self.rule not in ("required",):
            text += f", got {_show(self.value)}"
        if self.hint:
            text += f"; {self.hint}"
        return text


class ValidationError(ValueError):
    """Raised when a value breaks a schema rule; lists every problem found, each with its path."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self._render())

    def _render(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"{len(self.problems)} problems:\n{lines}"

    def under(self, owner: str, prefix: Path) -> ValidationError:
        """Return the same problems re-rooted below ``prefix`` of a containing ``owner``."""
        return ValidationError(p.under(owner, prefix) for p in self.problems)

    def __reduce__(self) -> tuple[Any, ...]:
        # The default would call ValidationError(message): one problem per character.
        return (_rebuild, (type(self), str(self), self.__dict__))

    @property
    def paths(self) -> Sequence[str]:
        """The rendered path of each problem, in order."""
        return [p.where for p in self.problems]


class ProblemsError(ValueError):
    """An operation found problems; ``problems`` holds one line per problem, location first."""

    def __init__(self, heading: str, problems: Iterable[str]) -> None:
        self.problems: tuple[str, ...] = tuple(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        super().__init__(f"{heading} {count} problem{'s' if count != 1 else ''}:\n{lines}")

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take other arguments (TemplateImportError(source, problems)).
        return (_rebuild, (type(self), str(self), self.__dict__))
