"""Run every check the project has: lint, format, types, codegen drift, tests. Exit 1 if any fails."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable

CHECKS: list[tuple[str, list[str]]] = [
    ("ruff lint", [PY, "-m", "ruff", "check", "."]),
    ("ruff format", [PY, "-m", "ruff", "format", "--check", "."]),
    ("mypy --strict", [PY, "-m", "mypy"]),
    ("codegen drift", [PY, "-m", "stagewright", "codegen", "--check"]),
    ("pytest", [PY, "-m", "pytest", *sys.argv[1:]]),
]


def main() -> int:
    """Run each check in turn, print a summary line per check, and return the exit code."""
    failed: list[str] = []
    for name, command in CHECKS:
        print(f"==> {name}: {' '.join(command[1:])}", flush=True)
        started = time.monotonic()
        code = subprocess.call(command, cwd=ROOT)  # noqa: S603 - our own tools
        status = "ok" if code == 0 else f"FAILED (exit {code})"
        print(f"<== {name}: {status} in {time.monotonic() - started:.1f}s", flush=True)
        if code != 0:
            failed.append(name)
    if failed:
        print(f"checks failed: {', '.join(failed)}")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
