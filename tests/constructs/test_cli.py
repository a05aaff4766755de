"""The command line: help on every command, clear errors, exit codes."""

from __future__ import annotations

import subprocess
import sys

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stagewright", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("command", [[], ["codegen"], ["schemas"], ["schemas", "pull"]])
def test_help_on_every_command(command: list[str]) -> None:
    """``--help`` works for the tool and each command and exits 0."""
    result = _run(*command, "--help")
    assert result.returncode == 0
    assert "usage: stagewright" in result.stdout


def test_unknown_command_is_a_usage_error() -> None:
    """An unknown command exits 2 with argparse's message, not a traceback."""
    result = _run("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr
