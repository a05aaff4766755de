"""Format generated sources with the pinned ruff, all files in one process."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

from stagewright.codegen._problems import CodegenError, Problem

__all__ = ["RUFF_ARGS", "format_sources"]

# Explicit settings (not the nearest pyproject.toml): a temporary folder formats like the repo.
RUFF_ARGS = (
    "--isolated",
    "--line-length=100",
    "--target-version=py311",
    "--config=lint.isort.known-first-party=['stagewright']",
)


def _ruff() -> str:
    from ruff.__main__ import find_ruff_bin  # noqa: PLC0415 - only the generator needs ruff

    return str(find_ruff_bin())


def format_sources(files: dict[str, str]) -> dict[str, str]:
    """Return ``files`` (relative path -> source) formatted by ``ruff format``."""
    with tempfile.TemporaryDirectory(prefix="stagewright-format-") as tmp:
        root = Path(tmp)
        for rel, text in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        # Sort imports and __all__ the way the repository's lint wants, then format.
        for command in (["check", "--select", "I,RUF022", "--fix", "--exit-zero"], ["format"]):
            result = subprocess.run(
                [_ruff(), *command, *RUFF_ARGS, "--quiet", str(root)],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                message = result.stderr.strip() or result.stdout.strip()
                raise CodegenError([Problem(f"ruff {command[0]}", "", message)])
        return {rel: (root / rel).read_text(encoding="utf-8") for rel in sorted(files)}
