"""``Annotations`` (testing): assert on the warnings, errors and notes a stack reports."""

from __future__ import annotations

from collections.abc import Sequence
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING, Any

from stagewright.testing._match import Matcher
from stagewright.testing._paths import count, plural, show

if TYPE_CHECKING:
    from stagewright.core._stack import Stack
    from stagewright.synth._synth import Message, SynthesisError

__all__ = ["Annotations"]

_WARNING, _ERROR, _INFO = "warning", "error", "info"


class Annotations:
    """What synthesis reports about one stack: warnings, errors and notes, to assert on.

    Not to be confused with ``stagewright.Annotations`` (``Annotations.of(construct)``), which
    *adds* messages to a construct; this one reads them back in tests. Paths are construct paths
    (``ShopApi/Prod``; a leading ``/`` is ignored) or glob patterns (``*``: anywhere in the
    stack); a message is an exact string or a matcher (``Match.string_like_regexp("canary")``).
    """

    def __init__(self, messages: Sequence[Message], *, stack_name: str = "") -> None:
        """Wrap the messages of one stack (``from_stack`` is the usual way to get them)."""
        self.messages: tuple[Message, ...] = tuple(messages)
        self.stack_name = stack_name
        self.synthesis_error: SynthesisError | None = None
        """The error synthesis failed with (None when it succeeded); its errors are messages too."""

    @classmethod
    def from_stack(cls, stack: Stack) -> Annotations:
        """Synthesize ``stack``'s app in memory and keep the messages of this stack's constructs.

        Unlike ``Template.from_stack`` this does not raise when synthesis fails: each problem
        becomes an error message of the construct it names (errors recorded with
        ``stagewright.Annotations.of(c).add_error`` included), so ``has_error`` can see it.
        """
        from stagewright.core._stack import App  # noqa: PLC0415 - stagewright.testing stays light
        from stagewright.synth._synth import collect_messages  # noqa: PLC0415

        app = stack.node.root
        if not isinstance(app, App):
            raise TypeError(f"{stack!r} is not in an App")
        messages, error = collect_messages(app)
        prefix = stack.node.path + "/"
        mine = [m for m in messages if m.path == stack.node.path or m.path.startswith(prefix)]
        annotations = cls(mine, stack_name=stack.stack_name)
        annotations.synthesis_error = error
        return annotations

    def find_warnings(self, path: str = "*", message: Any = None) -> list[Message]:
        """Return the warnings at ``path`` whose text matches ``message`` (None: any)."""
        return self._find(_WARNING, path, message)

    def find_errors(self, path: str = "*", message: Any = None) -> list[Message]:
        """Return the errors at ``path`` whose text matches ``message`` (None: any)."""
        return self._find(_ERROR, path, message)

    def find_infos(self, path: str = "*", message: Any = None) -> list[Message]:
        """Return the notes at ``path`` whose text matches ``message`` (None: any)."""
        return self._find(_INFO, path, message)

    def has_warning(self, path: str, message: Any) -> None:
        """Assert that a warning at ``path`` matches ``message``."""
        __tracebackhide__ = True
        self._has(_WARNING, path, message)

    def has_no_warning(self, path: str = "*", message: Any = None) -> None:
        """Assert that no warning at ``path`` matches ``message`` (None: no warning at all)."""
        __tracebackhide__ = True
        self._has_no(_WARNING, path, message)

    def has_error(self, path: str, message: Any) -> None:
        """Assert that an error at ``path`` matches ``message``."""
        __tracebackhide__ = True
        self._has(_ERROR, path, message)

    def has_no_error(self, path: str = "*", message: Any = None) -> None:
        """Assert that no error at ``path`` matches ``message`` (None: no error at all)."""
        __tracebackhide__ = True
        self._has_no(_ERROR, path, message)

    def has_info(self, path: str, message: Any) -> None:
        """Assert that a note at ``path`` matches ``message``."""
        __tracebackhide__ = True
        self._has(_INFO, path, message)

    def has_no_info(self, path: str = "*", message: Any = None) -> None:
        """Assert that no note at ``path`` matches ``message`` (None: no note at all)."""
        __tracebackhide__ = True
        self._has_no(_INFO, path, message)

    def _find(self, level: str, path: str, message: Any) -> list[Message]:
        pattern = path.removeprefix("/")
        return [
            m
            for m in self.messages
            if m.level == level
            and (m.path == pattern or fnmatchcase(m.path, pattern))
            and _text_matches(message, m.text)
        ]

    def _has(self, level: str, path: str, message: Any) -> None:
        __tracebackhide__ = True
        if not self._find(level, path, message):
            found = [m for m in self.messages if m.level == level]
            detail = f"; its {plural(level)}:{_listed(found)}" if found else ""
            raise AssertionError(
                f"stack {self.stack_name!r} has no {level} {_where(path, message)}{detail}"
            )

    def _has_no(self, level: str, path: str, message: Any) -> None:
        __tracebackhide__ = True
        found = self._find(level, path, message)
        if found:
            raise AssertionError(
                f"stack {self.stack_name!r} has {count(len(found), level)} "
                f"{_where(path, message)}, expected none:{_listed(found)}"
            )


def _where(path: str, message: Any) -> str:
    return f"at {path!r}" + ("" if message is None else f" matching {show(message)}")


def _listed(messages: list[Message]) -> str:
    return "".join(f"\n  {m.path}: {m.text}" for m in messages)


def _text_matches(expected: Any, text: str) -> bool:
    if expected is None:
        return True
    if isinstance(expected, Matcher):
        return expected.test(text).ok
    return bool(expected == text)
