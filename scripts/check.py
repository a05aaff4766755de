"""Run every check: lint, format, types, codegen drift, tests. Exit 1 if any fails."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
SHADOW = ROOT / ".mypy_shadow"
# pyproject.toml maps these folders into the one import package `stagewright`.
PACKAGE_DIRS = {
    "": "constructs",
    "generated": "generated",
    "codegen": "codegen",
    "examples": "examples",
}


def build_mypy_shadow() -> Path:
    """Lay out the package as mypy must see it (``stagewright/generated/...``) with symlinks.

    mypy cannot follow setuptools' editable-install import hook, so it would not find
    ``stagewright`` otherwise; the tree is rebuilt each run so new generated modules are seen.
    """
    shutil.rmtree(SHADOW, ignore_errors=True)
    package = SHADOW / "stagewright"
    package.mkdir(parents=True)
    for entry in (ROOT / PACKAGE_DIRS[""]).iterdir():
        if entry.name != "__pycache__":
            (package / entry.name).symlink_to(entry)
    for sub, folder in PACKAGE_DIRS.items():
        if sub:
            (package / sub).symlink_to(ROOT / folder, target_is_directory=True)
    return SHADOW


# The suite runs in one worker process per core (pytest-xdist): about 1.6x faster on two cores.
# Arguments given to check.py go to pytest (``-n 0`` runs it in this process, for pdb).
_WORKERS = ["-n", "auto"] if (os.cpu_count() or 1) > 1 else []

CHECKS: list[tuple[str, list[str]]] = [
    ("ruff lint", [PY, "-m", "ruff", "check", "."]),
    ("ruff format", [PY, "-m", "ruff", "format", "--check", "."]),
    (
        "mypy --strict",
        [PY, "-m", "mypy", str(SHADOW / "stagewright"), "tests", "benchmarks", "scripts"],
    ),
    ("codegen drift", [PY, "-m", "stagewright", "codegen", "--check"]),
    ("pytest", [PY, "-m", "pytest", *_WORKERS, *sys.argv[1:]]),
]


def main() -> int:
    """Run each check in turn, print a summary line per check, and return the exit code."""
    failed: list[str] = []
    env = {**os.environ, "MYPYPATH": str(build_mypy_shadow())}
    for name, command in CHECKS:
        print(f"==> {name}: {' '.join(command[1:])}", flush=True)
        started = time.monotonic()
        code = subprocess.call(command, cwd=ROOT, env=env)
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
