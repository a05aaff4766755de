"""Schema ``pattern``s: JSON Schema's anchoring, Java syntax through ``regex``, memoised answers."""

from __future__ import annotations

import re
import warnings
from typing import Any

from stagewright.runtime._errors import Path, Problem

__all__ = [
    "MEMO_SIZE",
    "TIMEOUT_SECONDS",
    "Pattern",
    "compile_pattern",
    "end_anchors",
    "nested_quantifier",
]

MEMO_SIZE = 4096  # answers remembered per pattern, bounding the memory a long run keeps
TIMEOUT_SECONDS = 0.1
"""How long a pattern with nested quantifiers may take on one value before giving up."""


class Pattern:
    """A schema ``pattern``, compiled on first use (``regex`` knows Java's ``\\p{L}`` classes)."""

    __slots__ = ("_compiled", "_guarded", "_seen", "_timed_out", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: Any = None
        self._guarded = False
        # Map keys and many values repeat from object to object: remember some answers.
        self._seen: dict[str, bool] = {}
        self._timed_out: set[str] = set()

    def search(self, text: str) -> bool:
        """Tell whether the pattern matches somewhere in ``text`` (JSON Schema semantics)."""
        found = self._seen.get(text) if type(text) is str else None
        if found is None:
            found = self._search(text)
            if type(text) is str and len(self._seen) < MEMO_SIZE:
                self._seen[text] = found
        return found

    def problem(self, path: Path, text: str, message: str) -> Problem:
        """The problem of ``text``, which ``search`` did not find the pattern in.

        When the search gave up (``pattern-timeout``), that is what it says: the value was not
        found to break the pattern, nor to keep it.
        """
        if text not in self._timed_out:
            return Problem(path, "pattern", message, text)
        return Problem(
            path,
            "pattern-timeout",
            f"could not be checked against {self.source!r}: the match took over "
            f"{TIMEOUT_SECONDS} s and was stopped",
            text,
            "the pattern backtracks catastrophically on this value; CloudFormation is likely to "
            "reject it too: shorten or correct it",
        )

    def timed_out(self, text: str) -> bool:
        """Tell whether ``search`` gave up on ``text`` (and answered False): see ``_search``."""
        return text in self._timed_out

    def _search(self, text: str) -> bool:
        if self._compiled is None:
            source = end_anchors(self.source)
            # Nested quantifiers (``(.*){1,5}``) can backtrack for minutes on a string that
            # almost matches: such a pattern runs under ``regex``'s timeout.
            self._guarded = nested_quantifier(source)
            self._compiled = compile_pattern(source, guarded=self._guarded)
        if not self._guarded:
            return self._compiled.search(text) is not None
        try:
            return self._compiled.search(text, timeout=TIMEOUT_SECONDS) is not None
        except TimeoutError:
            # Unbounded: each entry cost TIMEOUT_SECONDS to find.
            self._timed_out.add(text)
            return False


# Syntax where Java (and the ``regex`` package) differ from Python's ``re``: Unicode classes,
# POSIX classes, inline groups and flags, possessive quantifiers, \Q...\E quoting.
_NOT_FOR_RE = ("\\p", "\\P", "[:", "(?", "++", "*+", "?+", "}+", "\\X", "\\G", "\\Q")


def compile_pattern(pattern: str, *, guarded: bool = False) -> Any:
    """Compile with ``re`` when the pattern is plain, else with ``regex`` (~10 ms to import).

    ``guarded`` patterns always get ``regex``: only its ``search`` takes a ``timeout``.
    """
    if not guarded and not any(token in pattern for token in _NOT_FOR_RE):
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # re's FutureWarning marks syntax it reads differently
            try:
                return re.compile(pattern, re.ASCII)  # \d \w \s as in Java and ECMA
            except (re.error, FutureWarning):
                pass
    import regex  # noqa: PLC0415 - only patterns that need it pay for the import

    # Java's \d \w \s and POSIX classes are ASCII; regex's ASCII flag would narrow \p{L} too.
    return regex.compile(pattern, 0 if "\\p" in pattern or "\\P" in pattern else regex.ASCII)


def end_anchors(pattern: str) -> str:
    """Make ``$`` end the text as in JSON Schema (Python's also matches before a final newline)."""
    out, in_class, escaped = [], False, False
    for ch in pattern:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == "[":
            in_class = True
        elif ch == "]":
            in_class = False
        elif ch == "$" and not in_class:
            out.append("\\Z")
            continue
        out.append(ch)
    return "".join(out)


_QUANTIFIERS = "*+{"


def nested_quantifier(pattern: str) -> bool:
    """Tell whether a repeated group holds a repetition: ``(a+)+``, ``(.*){1,5}``, ``(?:\\w*)*``.

    Read from the text (it serves ``re`` and ``regex`` syntax alike): escapes and character
    classes are skipped; ``?`` and ``{0,1}``/``{1}`` do not repeat. Such patterns are the ones
    that can backtrack exponentially; a few false alarms only cost a timeout argument.
    """
    # One entry per open group: whether something inside it repeats.
    stack: list[bool] = []
    repeats_inside = False  # of the group that just closed
    i, n = 0, len(pattern)
    while i < n:
        ch = pattern[i]
        closed = False
        if ch == "\\":
            i += 2
        elif ch == "[":
            i = _class_end(pattern, i)
        else:
            if ch == "(":
                stack.append(False)
            elif ch == ")" and stack:
                repeats_inside = stack.pop()
                closed = True
            i += 1
            if ch == "(" and i < n and pattern[i] == "?":
                i += 1  # (?:...), (?P<name>...): not a quantifier
        repeat, i = _quantifier(pattern, i)
        if repeat and closed and repeats_inside:
            return True
        if (repeat or (closed and repeats_inside)) and stack:
            stack[-1] = True
    return False


def _class_end(pattern: str, start: int) -> int:
    """The index after the character class opening at ``start`` (``[]a]`` and ``[^]a]`` too)."""
    i = start + 1
    if i < len(pattern) and pattern[i] == "^":
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        i += 1
    depth = 1
    while i < len(pattern) and depth:
        if pattern[i] == "\\":
            i += 2
            continue
        if pattern[i] == "[":
            depth += 1  # a POSIX or nested class (``regex``)
        elif pattern[i] == "]":
            depth -= 1
        i += 1
    return i


def _quantifier(pattern: str, i: int) -> tuple[bool, int]:
    """Read a quantifier at ``i``: (whether it repeats more than once, the index after it)."""
    if i >= len(pattern) or pattern[i] not in _QUANTIFIERS + "?":
        return False, i
    if pattern[i] == "?":
        return False, i + 1
    if pattern[i] in "*+":
        end = i + 1
        repeat = True
    else:
        close = pattern.find("}", i)
        bounds = pattern[i + 1 : close].split(",") if close > 0 else []
        if not bounds or not all(b.strip().isdigit() or not b.strip() for b in bounds):
            return False, i + 1  # a literal ``{``
        end = close + 1
        upper = bounds[-1].strip()
        lower = int(bounds[0].strip() or 0)
        repeat = lower > 1 or (len(bounds) > 1 and (not upper or int(upper) > 1))
    if end < len(pattern) and pattern[end] in "?+":  # lazy or possessive
        end += 1
    return repeat, end
