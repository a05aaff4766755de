"""Where the generator's inputs and outputs live, and how schema files are named."""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "GENERATED_DIR",
    "REPO_ROOT",
    "SCHEMAS_DIR",
    "installed_package_target",
    "schema_file_name",
]

# codegen/ sits at the repository root; an editable install keeps it there.
REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMAS_DIR = REPO_ROOT / "schemas"
GENERATED_DIR = REPO_ROOT / "generated"


def schema_file_name(type_name: str) -> str:
    """Name a type's vendored file as the registry zip does: ``aws-apigateway-stage.json``."""
    return type_name.lower().replace("::", "-") + ".json"


def _in_source_tree() -> bool:
    """Tell whether this stagewright runs from its source tree (a clone, editable install)."""
    return (REPO_ROOT / "pyproject.toml").is_file() and (REPO_ROOT / "codegen").is_dir()


def installed_package_target(*paths: Path) -> Path | None:
    """Return the first of ``paths`` inside an installed (not source-tree) stagewright, or None.

    From a normal install, ``REPO_ROOT`` is the installed package itself: regenerating or
    pulling there would replace the package's own modules (and break ``import stagewright``).
    """
    if _in_source_tree():
        return None
    package = REPO_ROOT.resolve()
    for path in paths:
        resolved = path.resolve()
        if resolved == package or package in resolved.parents:
            return path
    return None
