"""The Python environment the synthesis benchmark measures, the same one for every workload.

By default that is a virtual environment of the benchmark's own, ``benchmarks/.venv-bench/``
(git ignores it), holding stagewright installed from this checkout the way a user's ``pip
install stagewright`` installs it (a wheel: not editable), its runtime dependencies, and the
``bench`` extra (troposphere 4.11.1). All three workloads and the import-time statements run
with its interpreter.

Why not the development venv: ``pip install -e .`` adds a ``.pth`` file that makes *every*
process of that venv, troposphere's and the hand-built one's too, import setuptools' editable
finder (about 13 ms of pathlib, re, importlib.util...) before its first line runs. Users of the
wheel never pay that, and it hides part of what importing stagewright costs.

The venv is created on first use and reused while the digest of the sources recorded in it
matches the checkout; when the sources change, stagewright is reinstalled (a few seconds).
``--env current`` measures the running interpreter's environment instead, as it is.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BENCH_VENV", "Environment", "bench_environment", "current_environment"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BENCH_VENV = HERE / ".venv-bench"
_STAMP = "stagewright-source.sha256"  # inside the venv: the digest of what was installed
# What goes into the installed distribution (pyproject.toml's package-dir and setup.py).
_SOURCES = ("constructs", "generated", "codegen", "pyproject.toml", "setup.py")
_VERSIONS = (
    "import importlib.metadata as m; "
    "print(', '.join(f'{n} {m.version(n)}' for n in ('stagewright', 'troposphere', 'orjson')))"
)


@dataclass(frozen=True)
class Environment:
    """An interpreter to run the workloads with, and how to describe it in the report."""

    python: str
    description: str


def current_environment() -> Environment:
    """The running interpreter and whatever is installed for it (editable or not)."""
    return Environment(sys.executable, f"the running interpreter's environment ({sys.prefix})")


def bench_environment() -> Environment:
    """Return the benchmark venv's interpreter, creating or updating the venv as needed."""
    python = BENCH_VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {BENCH_VENV} ...", file=sys.stderr, flush=True)
        _run([sys.executable, "-m", "venv", "--clear", str(BENCH_VENV)])
    stamp = BENCH_VENV / _STAMP
    digest = source_digest()
    if not stamp.exists() or stamp.read_text(encoding="utf-8") != digest:
        print(f"installing stagewright from {ROOT} into {BENCH_VENV} ...", file=sys.stderr)
        _run([str(python), "-m", "pip", "install", "--quiet", *_requirements()])
        _run([str(python), "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps",
              str(ROOT)])  # fmt: skip
        stamp.write_text(digest, encoding="utf-8")
    versions = subprocess.run(
        [str(python), "-c", _VERSIONS], capture_output=True, text=True, check=True
    ).stdout.strip()
    description = (
        f"{BENCH_VENV.relative_to(ROOT)}: stagewright installed from this checkout as a wheel "
        f"(not editable); {versions}"
    )
    return Environment(str(python), description)


def source_digest() -> str:
    """Return a SHA-256 over the path and bytes of every file the distribution is built from."""
    digest = hashlib.sha256()
    for name in _SOURCES:
        top = ROOT / name
        files = [top] if top.is_file() else sorted(top.rglob("*"))
        for path in files:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0")
                digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _requirements() -> list[str]:
    """stagewright's runtime dependencies and its ``bench`` extra, from pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *project["optional-dependencies"]["bench"]]


def _run(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stdout}{result.stderr}")
