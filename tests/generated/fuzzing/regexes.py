"""Registry patterns read the way CloudFormation reads them, and strings that match them.

CloudFormation checks ``pattern`` with Java's regex engine; JSON Schema says ECMA 262. Both agree
where Python's ``re`` does not: ``$`` ends the text (Python's also matches before a final
newline) and ``\\d``, ``\\w``, ``\\s`` are ASCII classes. Java adds ``\\p{Alpha}``-style POSIX
classes (ASCII too), ``\\p{L}``-style Unicode classes (the ``regex`` package has them),
possessive quantifiers, atomic groups, ``\\z`` and ``\\Q...\\E``. ``translate`` rewrites a
pattern into Python syntax with those meanings; ``matcher`` compiles it; ``strings`` gives a
Hypothesis strategy of matching strings: ``from_regex`` over an ASCII approximation of the
Unicode classes (it only reads ``re`` syntax), filtered by the real matcher.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable
from typing import Any

import regex
from hypothesis import strategies as st

__all__ = ["matcher", "strings", "translate"]

_ASCII_ESCAPES = {
    "d": "0-9",
    "w": "A-Za-z0-9_",
    "s": " \\t\\n\\x0b\\f\\r",
    "h": " \\t",
}
# Java's POSIX classes are US-ASCII unless UNICODE_CHARACTER_CLASS is set (the registry never
# sets it).
_POSIX = {
    "Lower": "a-z",
    "Upper": "A-Z",
    "ASCII": "\\x00-\\x7f",
    "Alpha": "A-Za-z",
    "Digit": "0-9",
    "Alnum": "A-Za-z0-9",
    "Punct": "!-/:-@\\[-`{-~",
    "Graph": "!-~",
    "Print": " -~",
    "Blank": " \\t",
    "Cntrl": "\\x00-\\x1f\\x7f",
    "XDigit": "0-9a-fA-F",
    "Space": " \\t\\n\\x0b\\f\\r",
    "javaLowerCase": "a-z",
    "javaUpperCase": "A-Z",
}
_POSIX_BRACKETS = {
    "alpha": "Alpha",
    "alnum": "Alnum",
    "digit": "Digit",
    "lower": "Lower",
    "upper": "Upper",
    "punct": "Punct",
    "space": "Space",
    "xdigit": "XDigit",
    "print": "Print",
    "graph": "Graph",
}
# For generation only: an ASCII stand-in for each Unicode class (the matcher has the last word).
_UNICODE_STAND_INS = {
    "L": "A-Za-z",
    "IsAlphabetic": "A-Za-z",
    "IsLetter": "A-Za-z",
    "Lu": "A-Z",
    "IsUppercase": "A-Z",
    "Ll": "a-z",
    "IsLowercase": "a-z",
    "N": "0-9",
    "Nd": "0-9",
    "IsDigit": "0-9",
    "Z": " ",
    "Zs": " ",
    "IsWhite_Space": " ",
    "P": "!-/:-@",
    "S": "$+<=>^`|~",
    "M": "",
}
_QUANTIFIER_ENDS = "*+?}"
_CLASS_ESCAPE = re.compile(r"\\([pP])(\{\^?[A-Za-z_]+\}|[A-Za-z])")
_SURROGATES = re.compile(r"\\u(D[89AB][0-9A-F]{2})\\u(D[C-F][0-9A-F]{2})", re.IGNORECASE)


class _UntranslatableError(ValueError):
    """The pattern uses Java syntax this reader does not handle."""


def _surrogate_pair(match: re.Match[str]) -> str:
    high, low = int(match[1], 16), int(match[2], 16)
    return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08X}"


class _Translator:
    """One pass over a pattern, rewriting Java and ECMA syntax into Python syntax."""

    def __init__(self, pattern: str, *, for_generation: bool) -> None:
        self.source = _SURROGATES.sub(_surrogate_pair, pattern)
        self.for_generation = for_generation
        self.out: list[str] = []
        self.in_class = False
        self.at = 0

    def run(self) -> str:
        while self.at < len(self.source):
            self.step()
        return "".join(self.out)

    def emit_set(self, body: str, negated: bool = False) -> None:
        if self.in_class:
            if negated:
                raise _UntranslatableError("a negated class inside a class")
            self.out.append(body)
        else:
            self.out.append(f"[{'^' if negated else ''}{body}]")

    def step(self) -> None:
        text, at = self.source, self.at
        ch = text[at]
        if ch == "\\":
            self.escape()
            return
        self.at += 1
        if self.in_class:
            self.class_char(ch)
        elif ch == "[":
            self.open_class()
        elif ch == "$":
            self.out.append("\\Z")
        elif self.for_generation and ch == "(" and text.startswith("?>", self.at):
            self.out.append("(?:")  # an atomic group: from_regex cannot read one
            self.at += 2
        elif self.for_generation and ch in _QUANTIFIER_ENDS and text.startswith("+", self.at):
            self.out.append(ch)  # a possessive quantifier (``a*+``): greedy generates the same
            self.at += 1
        else:
            self.out.append(ch)

    def open_class(self) -> None:
        self.in_class = True
        self.out.append("[")
        if self.source.startswith("^", self.at):
            self.out.append("^")
            self.at += 1
        if self.source.startswith("]", self.at):  # a leading ] is a literal
            self.out.append("\\]")
            self.at += 1

    def class_char(self, ch: str) -> None:
        if ch == "]":
            self.in_class = False
            self.out.append("]")
        elif ch == "[" and self.source.startswith(":", self.at):
            end = self.source.find(":]", self.at)
            name = _POSIX_BRACKETS.get(self.source[self.at + 1 : end]) if end > 0 else None
            if name is None:
                raise _UntranslatableError("an unknown [:class:]")
            self.out.append(_POSIX[name])
            self.at = end + 2
        elif ch == "[":
            self.out.append("\\[")  # a literal, as in ECMA 262 (Java would nest a class)
        elif ch == "&" and self.source.startswith("&", self.at):
            raise _UntranslatableError("a class intersection")
        else:
            self.out.append(ch)

    def escape(self) -> None:
        text = self.source
        nxt = text[self.at + 1 : self.at + 2]
        if not nxt:
            raise _UntranslatableError("a trailing backslash")
        if nxt in _ASCII_ESCAPES or nxt.lower() in ("d", "w", "s"):
            self.emit_set(_ASCII_ESCAPES[nxt.lower()], negated=nxt.isupper())
            self.at += 2
        elif nxt in "pP":
            self.unicode_class()
        elif nxt == "Q":
            end = text.find("\\E", self.at + 2)
            end = len(text) if end < 0 else end
            self.out.append(re.escape(text[self.at + 2 : end]))
            self.at = end + 2
        elif nxt in "zZ":
            self.out.append("\\Z")
            self.at += 2
        elif nxt == "x" and text.startswith("{", self.at + 2):
            end = text.index("}", self.at)
            self.out.append(f"\\U{int(text[self.at + 3 : end], 16):08X}")
            self.at = end + 1
        else:
            self.out.append(text[self.at : self.at + 2])
            self.at += 2

    def unicode_class(self) -> None:
        match = _CLASS_ESCAPE.match(self.source, self.at)
        if match is None:
            raise _UntranslatableError("a malformed \\p class")
        negated = match[1] == "P"
        name = match[2].strip("{}")
        if name.startswith("^"):
            negated, name = not negated, name[1:]
        self.at = match.end()
        name = name.removeprefix("Is") if name.removeprefix("Is") in _POSIX else name
        if name in _POSIX:
            self.emit_set(_POSIX[name], negated)
        elif self.for_generation:
            if name not in _UNICODE_STAND_INS or negated or not _UNICODE_STAND_INS[name]:
                raise _UntranslatableError(f"no ASCII stand-in for \\p{{{name}}}")
            self.emit_set(_UNICODE_STAND_INS[name])
        else:
            self.out.append(match[0])


def translate(pattern: str, *, for_generation: bool = False) -> str | None:
    """Return ``pattern`` in Python syntax with CloudFormation's meaning, or None if unknown."""
    try:
        return _Translator(pattern, for_generation=for_generation).run()
    except (_UntranslatableError, ValueError, IndexError):
        return None


def _compile(source: str) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return re.compile(source)
        except (re.error, FutureWarning, DeprecationWarning):
            pass
    try:
        return regex.compile(source)
    except (regex.error, ValueError):
        return None


@functools.cache
def matcher(pattern: str) -> Callable[[str], bool] | None:
    """Return a test of whether a string matches ``pattern``; None if it cannot be read."""
    source = translate(pattern)
    compiled = _compile(source) if source is not None else None
    if compiled is None:
        return None
    search = compiled.search
    return lambda text: search(text) is not None


@functools.cache
def strings(pattern: str) -> st.SearchStrategy[str] | None:
    """Return a strategy of strings matching ``pattern``; None if it cannot be generated."""
    match = matcher(pattern)
    source = translate(pattern, for_generation=True)
    if match is None or source is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compiled = re.compile(source)
    except (re.error, FutureWarning, DeprecationWarning):
        return None
    return st.from_regex(compiled).filter(match)
