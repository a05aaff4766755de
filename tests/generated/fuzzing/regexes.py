"""Registry patterns read the way CloudFormation reads them, and strings that match them.

CloudFormation checks ``pattern`` with Java's regex engine; JSON Schema says ECMA 262. Both agree
where Python's ``re`` does not: ``$`` ends the text (Python's also matches before a final
newline) and ``\\d``, ``\\w``, ``\\s`` are ASCII classes (compiled with the ASCII flag; a
pattern that also uses Unicode classes such as ``\\p{L}`` keeps them Unicode, as the runtime
does, since the ``regex`` package's ASCII flag would narrow ``\\p{L}`` too). Java adds POSIX
classes (``\\p{Alpha}``: ASCII), possessive quantifiers, atomic groups, ``\\z``, ``\\h``,
``\\Q...\\E``, inline flags anywhere (moved to the front here) and ``-`` as a literal after a
class escape (``[\\w-.]``); a ``[`` inside a class is read as a literal, as ECMA 262 reads it.
``translate`` rewrites a pattern into Python syntax with those meanings; ``matcher`` compiles
it; ``strings`` gives a Hypothesis strategy of matching strings: ``from_regex`` over an ASCII
stand-in for each Unicode class (it only reads ``re`` syntax), filtered by the real matcher.
"""

from __future__ import annotations

import functools
import re
import warnings
from collections.abc import Callable
from typing import Any

import regex
from hypothesis import strategies as st

__all__ = ["SEARCH_SECONDS", "TIMED_OUT", "filled", "matcher", "strings", "translate"]

SEARCH_SECONDS = 0.2
# Patterns whose search gave up, with how often: registry patterns such as DataZone's
# ``cron\\(... (.*){1,5} (.*){1,5} ...\\)`` backtrack for ever on some strings.
TIMED_OUT: dict[str, int] = {}

# Java's horizontal whitespace (Python has no \h).
_HORIZONTAL = " \\t\\xa0\\u1680\\u180e\\u2000-\\u200a\\u202f\\u205f\\u3000"
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
# For generation only: an ASCII stand-in for each Unicode class (the matcher has the last word),
# and one for its complement, for ``\P{X}`` inside a class.
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
    "C": "\\x00-\\x1f\\x7f",
    "Cc": "\\x00-\\x1f\\x7f",
    "Cf": "",
    "M": "",
}
_COMPLEMENT_STAND_INS = {"C": " -~", "Cc": " -~", "M": " -~", "L": "0-9 ", "N": "A-Za-z "}
_FLAGS = re.compile(r"\(\?[aiLmsux]+\)")
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
        source = _SURROGATES.sub(_surrogate_pair, pattern)
        # Java applies an inline flag from where it stands; Python wants flags first.
        self.flags = "".join(_FLAGS.findall(source))
        self.source = _FLAGS.sub("", source)
        self.for_generation = for_generation
        self.out: list[str] = []
        self.in_class = False
        self.after_class_escape = False  # Java reads [\\w-.] as \\w, '-', '.'
        self.at = 0

    def run(self) -> str:
        while self.at < len(self.source):
            was_after = self.after_class_escape
            self.after_class_escape = False
            rest = self.source[self.at : self.at + 2]
            dash = rest.startswith("-") and rest != "-]"
            if was_after and self.in_class and dash:
                self.out.append("\\-")
                self.at += 1
                continue
            self.step()
        return self.flags + "".join(self.out)

    def emit_set(self, body: str, negated: bool = False) -> None:
        self.after_class_escape = True
        if self.in_class:
            if negated:
                raise _UntranslatableError("a negated class inside a class")
            self.out.append(body)
        elif not body:
            raise _UntranslatableError("a class with nothing in it")
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
        elif ch in "|~":
            self.out.append("\\" + ch)  # "||" in a class is a literal, not a future set operator
        else:
            self.out.append(ch)

    def escape(self) -> None:
        text = self.source
        nxt = text[self.at + 1 : self.at + 2]
        if not nxt:
            raise _UntranslatableError("a trailing backslash")
        if nxt in "dwsDWS":  # kept: compiled ASCII, as Java reads them
            self.out.append(text[self.at : self.at + 2])
            self.after_class_escape = True
            self.at += 2
        elif nxt == "h":
            self.emit_set(_HORIZONTAL)
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
            self.stand_in(name, negated)
        else:
            self.out.append(match[0])
            self.after_class_escape = True

    def stand_in(self, name: str, negated: bool) -> None:
        if negated and self.in_class:
            body = _COMPLEMENT_STAND_INS.get(name)
            negated = False
        else:
            body = _UNICODE_STAND_INS.get(name)
        if body is None:
            raise _UntranslatableError(f"no ASCII stand-in for \\p{{{name}}}")
        self.emit_set(body, negated)


def translate(pattern: str, *, for_generation: bool = False) -> str | None:
    """Return ``pattern`` in Python syntax with CloudFormation's meaning, or None if unknown."""
    try:
        return _Translator(pattern, for_generation=for_generation).run()
    except (_UntranslatableError, ValueError, IndexError):
        return None


def _compile(source: str) -> Any:
    """Compile with ``regex`` (it can time out); ASCII classes unless ``\\p`` is used."""
    unicode = "\\p" in source or "\\P" in source  # regex.ASCII would narrow \\p{L} too
    try:
        return regex.compile(source, 0 if unicode else regex.ASCII)
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

    def match(text: str) -> bool:
        try:
            return search(text, timeout=SEARCH_SECONDS) is not None
        except TimeoutError:  # catastrophic backtracking: leave such strings out
            TIMED_OUT[pattern] = TIMED_OUT.get(pattern, 0) + 1
            return False

    return match


@functools.cache
def strings(
    pattern: str, min_size: int = 0, max_size: int | None = None
) -> st.SearchStrategy[str] | None:
    """Return a strategy of strings matching ``pattern``, padded within the length bounds."""
    match = matcher(pattern)
    source = translate(pattern, for_generation=True)
    if match is None or source is None:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            compiled = re.compile(source, re.ASCII)
    except (re.error, FutureWarning, DeprecationWarning):
        return None
    # fullmatch: from_regex's own padding would search with re, which cannot time out.
    core = st.from_regex(compiled, fullmatch=True)
    pad = st.text(max_size=max(6, min_size))
    padded = st.tuples(core, pad, pad)
    fits = _Fits(match, min_size, max_size)
    return padded.map(lambda parts: fits.pad(*parts)).filter(match)


class _Fits:
    """Padding that keeps a string matching and within its length bounds."""

    def __init__(self, match: Callable[[str], bool], low: int, high: int | None) -> None:
        self.match, self.low, self.high = match, low, high

    def pad(self, core: str, left: str, right: str) -> str:
        """Add text around ``core`` (a full match) where the pattern still matches."""
        for candidate in (left + core + right, left + core, core + right):
            short = len(candidate) < self.low
            long = self.high is not None and len(candidate) > self.high
            if not short and not long and self.match(candidate):
                return candidate
        return core


_PRINTABLE = frozenset(map(chr, range(0x20, 0x7F)))
_CATEGORIES = {
    "CATEGORY_DIGIT": frozenset("0123456789"),
    "CATEGORY_WORD": frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_"),
    "CATEGORY_SPACE": frozenset(" \t"),
}


def _characters(parsed: Any) -> set[str]:
    """The printable ASCII characters a parsed (``re._parser``) pattern can use, roughly."""
    found: set[str] = set()
    for op, arg in parsed:
        name = str(op)
        if name == "LITERAL":
            found.add(chr(arg))
        elif name == "RANGE":
            found |= {c for c in _PRINTABLE if arg[0] <= ord(c) <= arg[1]}
        elif name == "CATEGORY":
            base = str(arg).replace("_NOT_", "_")
            chars = _CATEGORIES.get(base, frozenset())
            found |= (_PRINTABLE - chars) if "_NOT_" in str(arg) else chars
        elif name in ("ANY", "NOT_LITERAL", "NEGATE"):
            found |= _PRINTABLE
        elif name == "IN":
            found |= _characters(arg)
        elif name in ("MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"):
            found |= _characters(arg[2])
        elif name in ("SUBPATTERN", "ATOMIC_GROUP"):
            found |= _characters(arg[-1])
        elif name == "BRANCH":
            for branch in arg[1]:
                found |= _characters(branch)
    return found


@functools.cache
def filled(pattern: str, min_size: int, max_size: int) -> st.SearchStrategy[str] | None:
    """Return text of the pattern's own characters, ``min_size`` to ``max_size`` long, that
    matches: where ``strings`` rarely reaches a length (``^[a-z][a-z0-9-]*$``, 36 exactly).
    """
    match = matcher(pattern)
    source = translate(pattern, for_generation=True)
    if match is None or source is None:
        return None
    try:
        chars = sorted(_characters(re._parser.parse(source, re.ASCII)))  # type: ignore[attr-defined]
    except (re.error, TypeError, ValueError):
        return None
    if not chars:
        return None
    return st.text(st.sampled_from(chars), min_size=min_size, max_size=max_size).filter(match)
