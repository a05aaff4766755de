"""A synthesis that fails while writing its output leaves the previous output as it was.

``write_assembly`` writes into a hidden staging folder beside the output, then swaps it in.
These tests break it at each step (a write, the swap, a hard kill of the process) and check that
the output folder still holds the previous files, byte for byte, and that nothing but the output
folder is left beside it; a kill leaves a hidden staging folder, which the next run removes.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stagewright import App, Stack
from stagewright.generated.aws_apigateway import rest_api

_real_write_bytes = Path.write_bytes
_real_rename = Path.rename


def _app(name: str = "v1") -> App:
    app = App()
    rest_api.RestApi(Stack(app, "Shop"), "Api", name=name)
    rest_api.RestApi(Stack(app, "Admin"), "Api", name=name)
    return app


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _failing_write(after: int, error: BaseException) -> Callable[..., int]:
    """A ``Path.write_bytes`` that raises ``error`` once ``after`` files were written."""
    written: list[Path] = []

    def write_bytes(self: Path, *args: Any, **kwargs: Any) -> int:
        if len(written) == after:
            raise error
        written.append(self)
        return _real_write_bytes(self, *args, **kwargs)

    return write_bytes


@pytest.mark.parametrize(
    "error", [OSError(28, "No space left on device"), KeyboardInterrupt()], ids=["disk", "ctrl-c"]
)
def test_failure_while_writing_keeps_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    """A write failing after the first file (a full disk, Ctrl-C) changes nothing on disk."""
    out = tmp_path / "out"
    _app().synth(out)
    before = _files(out)
    monkeypatch.setattr(Path, "write_bytes", _failing_write(1, error))
    with pytest.raises(type(error)):
        _app("v2").synth(out)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_failure_while_swapping_restores_the_previous_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the new folder cannot take the output's place, the old one is put back."""
    out = tmp_path / "out"
    _app().synth(out)
    before = _files(out)

    def rename(self: Path, target: Any) -> Path:
        if Path(target) == out and self.name.endswith(".tmp"):
            raise PermissionError(13, "Permission denied")
        return _real_rename(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with pytest.raises(PermissionError):
        _app("v2").synth(out)
    assert _files(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


_KILLED_MID_WRITE = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path

    from stagewright import App, Stack
    from stagewright.generated.aws_apigateway import rest_api

    real = Path.write_bytes
    def write_bytes(self, *args, **kwargs):
        real(self, *args, **kwargs)
        os.kill(os.getpid(), signal.SIGKILL)  # killed after the first file: no cleanup runs
    Path.write_bytes = write_bytes

    app = App()
    rest_api.RestApi(Stack(app, "Shop"), "Api", name="v2")
    rest_api.RestApi(Stack(app, "Admin"), "Api", name="v2")
    app.synth(sys.argv[1])
    """
)


def test_killed_synthesis_leaves_the_previous_output_and_the_next_run_cleans_up(
    tmp_path: Path,
) -> None:
    """A process killed mid-write leaves the old output whole; the next synth removes its folder."""
    out = tmp_path / "out"
    _app().synth(out)
    before = _files(out)
    script = tmp_path / "killed.py"
    script.write_text(_KILLED_MID_WRITE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(script), str(out)], capture_output=True, check=False, env=os.environ
    )
    assert result.returncode == -signal.SIGKILL
    assert _files(out) == before
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in ("out", "killed.py")]
    assert len(leftovers) == 1
    assert re.fullmatch(r"\.out\.stagewright\.\d+\.0\.tmp", leftovers[0])
    _app("v3").synth(out)
    assert _files(out) != before
    assert sorted(_files(out)) == sorted(before)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["killed.py", "out"]
