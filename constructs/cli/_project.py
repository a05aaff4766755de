"""The user's project settings (``[tool.stagewright]`` in ``pyproject.toml``) and app choice.

```toml
[tool.stagewright]
app = "app.py"          # or "package.module:build_app"; what synth, diff, deploy and destroy use
output = "cfn.out"      # synth's output folder
types_package = "cfn_types"     # import name of the package `stagewright types` generates
types_dir = "cfn_types"         # its folder (default: the import name's path at the project root)
types_schemas = "cfn-schemas"   # the pulled schemas, their lock and patches/ (default: cfn-schemas)
account = "123456789012"  # diff, deploy, destroy: the account of stacks that declare none
region = "eu-west-1"      # and their region (--region wins; a stack's declared env wins over both)
```

The nearest ``pyproject.toml`` from the current folder upwards is the project's (as pip and ruff
find it); a file path in it is relative to that file's folder. ``diff`` and ``deploy`` never
fall back to the built-in example app: without an APP argument or an ``app`` setting they
refuse, and ``--example`` asks for the example explicitly. ``synth`` without either synthesizes
the example and says so.
"""

from __future__ import annotations

import difflib
import keyword
import tomllib
from pathlib import Path
from typing import Any

import attrs

from stagewright.cli._commands import AppLoadError
from stagewright.core._environment import Environment
from stagewright.runtime._errors import ValidationError

__all__ = ["EXAMPLE_APP", "Project", "find_project", "is_package_name", "no_app_error"]

EXAMPLE_APP = "stagewright.examples.shop:build_app"
"""The built-in example app: what ``stagewright synth`` builds given no app."""

_KEYS = {
    "app": "a Python file or module:attribute",
    "output": "a folder",
    "types_package": "a Python import name",
    "types_dir": "a folder",
    "types_schemas": "a folder",
    "account": "a 12-digit AWS account id",
    "region": "an AWS region name",
}


@attrs.frozen
class Project:
    """The ``[tool.stagewright]`` settings of the project, and where they were read."""

    app: str | None = None
    """The app, as given on the command line: a ``.py`` file (made absolute) or a module spec."""
    output: Path | None = None
    """synth's output folder (absolute)."""
    source: Path | None = None
    """The ``pyproject.toml`` the settings came from (None: no such file, or no table)."""
    types_package: str | None = None
    """The import name of the package ``stagewright types`` generates (None: the default)."""
    types_dir: Path | None = None
    """That package's folder (absolute; None: the import name's path at the project root)."""
    types_schemas: Path | None = None
    """The folder of the user's schemas, lock and patches (absolute; None: the default)."""
    environment: Environment = attrs.field(factory=Environment)
    """``account`` and ``region``: where stacks that declare no environment go."""


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
    package = table.get("types_package")
    if package is not None and not is_package_name(package):
        raise AppLoadError(
            f"{shown}: [tool.stagewright] types_package must be a Python import name of your "
            f"own (like cfn_types or myapp.cfn_types), not {package!r}"
        )
    try:
        environment = Environment(account=table.get("account"), region=table.get("region"))
    except ValidationError as exc:
        problem = exc.problems[0]
        raise AppLoadError(
            f"{shown}: [tool.stagewright] {problem.path[0]}: {problem.message}, "
            f"not {problem.value!r}"
        ) from exc
    return Project(
        app=_app(path.parent, table.get("app")),
        output=_output(path, table),
        source=path,
        types_package=package,
        types_dir=_folder(path, table, "types_dir"),
        types_schemas=_folder(path, table, "types_schemas"),
        environment=environment,
    )


def is_package_name(name: str) -> bool:
    """Tell whether ``name`` is a dotted import name that is not stagewright's own."""
    parts = name.split(".")
    return (
        all(part.isidentifier() and not keyword.iskeyword(part) for part in parts)
        and parts[0] != "stagewright"
    )


def _app(root: Path, spec: Any) -> str | None:
    if spec is None:
        return None
    if spec.endswith(".py") or (root / spec).is_file():
        return str(root / spec)
    return str(spec)


def _output(path: Path, table: dict[str, Any]) -> Path | None:
    return _folder(path, table, "output")


def _folder(path: Path, table: dict[str, Any], key: str) -> Path | None:
    value = table.get(key)
    return None if value is None else path.parent / value


def no_app_error(command: str) -> AppLoadError:
    """The refusal of a command that changes or reads AWS, given no app to work on."""
    return AppLoadError(
        f'no app to {command}: pass APP (a .py file or module:attribute), or set app = "..." '
        "under [tool.stagewright] in pyproject.toml; --example uses the built-in example app"
    )
