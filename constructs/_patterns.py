"""Schema ``pattern``s: JSON Schema's anchoring, Java syntax through ``regex``, memoised answers."""

from __future__ import annotations

import re
import warnings
from typing import Any

__all__ = ["MEMO_SIZE", "Pattern", "compile_pattern", "end_anchors"]

MEMO_SIZE = 4096  # answers remembered per pattern, bounding the memory a long run keeps


class Pattern:
    """A schema ``pattern``, compiled on first use (``regex`` knows Java's ``\\p{L}`` classes)."""

    __slots__ = ("_compiled", "_seen", "source")

    def __init__(self, source: str) -> None:
        self.source = source
        self._compiled: Any = None
        # Map keys and many values repeat from object to object: remember some answers.
        self._seen: dict[str, bool] = {}

    def search(self, text: str) -> bool:
        """Tell whether the pattern matches somewhere in ``text`` (JSON Schema semantics)."""
        found = self._seen.get(text) if type(text) is str else None
        if found is None:
            found = self._search(text)
            if type(text) is str and len(self._seen) < MEMO_SIZE:
                self._seen[text] = found
        return found

    def _search(self, text: str) -> bool:
        if self._compiled is None:
            self._compiled = compile_pattern(end_anchors(self.source))
        return self._compiled.search(text) is not None


# Syntax where Java (and the ``regex`` package) differ from Python's ``re``: Unicode classes,
# POSIX classes, inline groups and flags, possessive quantifiers, \Q...\E quoting.
_NOT_FOR_RE = ("\\p", "\\P", "[:", "(?", "++", "*+", "?+", "}+", "\\X", "\\G", "\\Q")


def compile_pattern(pattern: str) -> Any:
    """Compile with ``re`` when the pattern is plain, else with ``regex`` (~10 ms to import)."""
    if not any(token in pattern for token in _NOT_FOR_RE):
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
