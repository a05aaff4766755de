"""Schema patterns: JSON Schema anchoring, and re or regex depending on the syntax."""

from __future__ import annotations

import pytest

from stagewright._patterns import compile_pattern, end_anchors


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("^a$", "^a\\Z"),
        ("^[$]x$", "^[$]x\\Z"),
        ("^a\\$", "^a\\$"),
        ("(a$|b$)", "(a\\Z|b\\Z)"),
    ],
)
def test_end_anchor_translation(pattern: str, expected: str) -> None:
    """``$`` outside classes and escapes becomes ``\\Z``; literal dollars are left alone."""
    assert end_anchors(pattern) == expected


@pytest.mark.parametrize(
    ("pattern", "module", "text", "matches"),
    [
        ("^[A-Za-z0-9_]+$", "re", "stage_1", True),
        ("^[A-Za-z0-9_]+$", "re", "stage_1\n", False),
        ("^\\p{L}+$", "regex", "Ünïcode", True),
        ("^[[:alpha:]]+$", "regex", "abc", True),
        ("^(?i)abc$", "regex", "ABC", True),
        ("^a++$", "regex", "aaa", True),
    ],
)
def test_plain_patterns_use_re_and_java_syntax_uses_regex(
    pattern: str, module: str, text: str, matches: bool
) -> None:
    """Plain patterns compile with re (no regex import); Java-only syntax goes to regex."""
    compiled = compile_pattern(end_anchors(pattern))
    assert type(compiled).__module__.lstrip("_") == module
    assert (compiled.search(text) is not None) is matches
