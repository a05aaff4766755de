"""Imports run one way between the package's folders (module-level imports; lazy ones aside)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each folder's modules may import at module level, besides themselves (and the standard
# library and third-party packages). Function-level imports are how a lower layer reaches an
# upper one on demand (``App.synth`` loads synthesis), so they are not counted.
ALLOWED = {
    "runtime": set(),
    "core": {"runtime"},
    "generated": {"runtime", "core"},
    "synth": {"runtime", "core", "generated"},
    "stages": {"runtime", "core", "generated"},
    "template": {"runtime", "core", "synth"},
    "testing": {"runtime", "core", "synth", "template"},
    "cli": {"runtime", "core", "synth", "template", "generated", "examples", "codegen"},
}
FOLDERS = {
    "runtime": ROOT / "constructs" / "runtime",
    "core": ROOT / "constructs" / "core",
    "generated": ROOT / "generated",
    "synth": ROOT / "constructs" / "synth",
    "stages": ROOT / "constructs" / "stages",
    "template": ROOT / "constructs" / "template",
    "testing": ROOT / "constructs" / "testing",
    "cli": ROOT / "constructs" / "cli",
}


def _layer(module: str) -> str | None:
    """Return the folder a ``stagewright...`` module lives in (None for the package root)."""
    parts = module.split(".")
    if parts[0] != "stagewright" or len(parts) < 2:
        return None
    return parts[1] if parts[1] in {*FOLDERS, "examples", "codegen"} else None


def _module_level_imports(path: Path) -> list[str]:
    """Return the modules ``path`` imports outside functions (``if TYPE_CHECKING`` left out)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for sub in ast.walk(node) if not isinstance(node, ast.FunctionDef | ast.ClassDef) else ():
            if isinstance(sub, ast.ImportFrom) and sub.module == "stagewright":
                # The package root's own names (App, Stack...) are the core's.
                found.extend(
                    f"stagewright.{a.name}" if a.name in FOLDERS else "stagewright.core"
                    for a in sub.names
                )
            elif isinstance(sub, ast.ImportFrom) and sub.module:
                found.append(sub.module)
                found.extend(f"{sub.module}.{alias.name}" for alias in sub.names)
            elif isinstance(sub, ast.Import):
                found.extend(alias.name for alias in sub.names)
    return found


@pytest.mark.parametrize("folder", sorted(FOLDERS))
def test_a_folder_imports_only_the_layers_below_it(folder: str) -> None:
    """``runtime`` <- ``core`` <- ``generated`` <- ``stages``; ``synth``, ``template``, ``testing``
    and ``cli`` above them; nothing imports ``cli``."""
    wrong = []
    for path in sorted(FOLDERS[folder].rglob("*.py")):
        for module in _module_level_imports(path):
            layer = _layer(module)
            if layer not in (None, folder) and layer not in ALLOWED[folder]:
                wrong.append(f"{path.relative_to(ROOT)} imports {module}")
    assert wrong == []
