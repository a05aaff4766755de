"""Schema patterns: JSON Schema anchoring, and re or regex depending on the syntax."""

from __future__ import annotations

import time

import pytest

from stagewright.runtime._patterns import (
    TIMEOUT_SECONDS,
    Pattern,
    compile_pattern,
    end_anchors,
    nested_quantifier,
)


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


# AWS::DataZone::DataSource's schedule pattern: with ``re``, "cron(1 1 " and 20 spaces took
# about 50 s, doubling with each further space.
CRON = (
    r"cron\((\b[0-5]?[0-9]\b) (\b2[0-3]\b|\b[0-1]?[0-9]\b) (.*){1,5} (.*){1,5} (.*){1,5} "
    r"(.*){1,5}\)"
)


@pytest.mark.parametrize(
    ("pattern", "nested"),
    [
        (CRON, True),
        (r"^(a+)+$", True),
        (r"(?:\w*)*", True),
        (r"((a+)b)*", True),
        (r"(a{2,3})+", True),
        (r"([(]a+)*", True),
        (r"^[A-Za-z0-9_]+$", False),
        (r"(ab)+", False),
        (r"(a?)+", False),
        (r"(a{1})+", False),
        (r"((a)+)", False),
        (r"[(a+)]*", False),
        (r"(\d+\.)?\d+", False),
        (r"x{", False),
    ],
)
def test_nested_quantifiers_are_found_in_the_text(pattern: str, nested: bool) -> None:
    """A repeated group holding a repetition is found; ``?``, classes and escapes are not."""
    assert nested_quantifier(pattern) is nested


def test_a_backtracking_pattern_gives_up_quickly_and_says_so() -> None:
    """Adversarial input stops after the timeout, reported as such; ordinary input matches."""
    pattern = Pattern(CRON)
    assert pattern.search("cron(0 12 * * ? *)")
    adversarial = "cron(1 1 " + " " * 2000
    started = time.monotonic()
    assert not pattern.search(adversarial)
    assert time.monotonic() - started < 20 * TIMEOUT_SECONDS
    assert pattern.timed_out(adversarial)
    assert pattern.problem((), adversarial, "must match").rule == "pattern-timeout"
    assert pattern.problem((), "cron(x)", "must match").rule == "pattern"
    started = time.monotonic()
    assert not pattern.search(adversarial)  # remembered
    assert time.monotonic() - started < TIMEOUT_SECONDS


def test_plain_patterns_do_not_run_under_a_timeout() -> None:
    """Only patterns with nested quantifiers pay for the timeout (and the regex import)."""
    plain = Pattern("^[A-Za-z0-9_]+$")
    assert plain.search("stage_1")
    assert type(plain._compiled).__module__.lstrip("_") == "re"
