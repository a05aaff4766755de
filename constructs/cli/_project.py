"""The user's project settings (``[tool.stagewright]`` in ``pyproject.toml``) and app choice.

```toml
[tool.stagewright]
app = "app.py"          # or "package.module:build_app"; what synth, diff, deploy and destroy use
output = "cfn.out"      # synth's output folder
```

The nearest ``pyproject.toml`` from the current folder upwards is the project's (as pip and ruff
find it); a file path in it is relative to that file's folder. ``diff`` and ``deploy`` never
fall back to the built-in example app: without an APP argument or an ``app`` setting they
refuse, and ``--example`` asks for the example explicitly. ``synth`` without either synthesizes
the example and says so.
"""

from __future__ import annotations

import difflib
import tomllib
from pathlib import Path
from typing import Any

import attrs

from stagewright.cli._commands import AppLoadError

__all__ = ["EXAMPLE_APP", "Project", "find_project", "no_app_error"]

EXAMPLE_APP = "stagewright.examples.shop:build_app"
"""The built-in example app: what ``stagewright synth`` builds given no app."""

_KEYS = {"app": "a Python file or module:attribute", "output": "a folder"}


@attrs.frozen
class Project:
    """The ``[tool.stagewright]`` settings of the project, and where they were read."""

    app: str | None = None
    """The app, as given on the command line: a ``.py`` file (made absolute) or a module spec."""
    output: Path | None = None
    """synth's output folder (absolute)."""
    source: Path | None = None
    """The ``pyproject.toml`` the settings came from (None: no such file, or no table)."""


def find_project(start: Path | None = None) -> Project:
    """Read ``[tool.stagewright]`` of the nearest ``pyproject.toml`` from ``start`` upwards."""
    folder = (start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        path = candidate / "pyproject.toml"
        if path.is_file():
            return _read(path)
    return Project()


def _shown(path: Path) -> Path:
    """``path`` as messages show it: relative to the current folder when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


def _read(path: Path) -> Project:
    shown = _shown(path)
    try:
        with path.open("rb") as file:
            document = tomllib.load(file)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise AppLoadError(f"{shown}: cannot read it: {exc}") from exc
    tool = document.get("tool")
    table = tool.get("stagewright") if isinstance(tool, dict) else None
    if table is None:
        return Project()
    if not isinstance(table, dict):
        raise AppLoadError(f"{shown}: [tool.stagewright] must be a table")
    for key, value in table.items():
        if key not in _KEYS:
            close = difflib.get_close_matches(key, _KEYS, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise AppLoadError(
                f"{shown}: [tool.stagewright] has no setting {key!r}; {hint}"
                f"settings: {', '.join(_KEYS)}"
            )
        if not isinstance(value, str) or not value:
            raise AppLoadError(
                f"{shown}: [tool.stagewright] {key} must be {_KEYS[key]} (a string), not {value!r}"
            )
    return Project(
        app=_app(path.parent, table.get("app")), output=_output(path, table), source=path
    )


def _app(root: Path, spec: Any) -> str | None:
    if spec is None:
        return None
    if spec.endswith(".py") or (root / spec).is_file():
        return str(root / spec)
    return str(spec)


def _output(path: Path, table: dict[str, Any]) -> Path | None:
    output = table.get("output")
    return None if output is None else path.parent / output


def no_app_error(command: str) -> AppLoadError:
    """The refusal of a command that changes or reads AWS, given no app to work on."""
    return AppLoadError(
        f'no app to {command}: pass APP (a .py file or module:attribute), or set app = "..." '
        "under [tool.stagewright] in pyproject.toml; --example uses the built-in example app"
    )
