"""Where the generator's inputs and outputs live, and how schema files are named."""

from __future__ import annotations

from pathlib import Path

__all__ = ["GENERATED_DIR", "REPO_ROOT", "SCHEMAS_DIR", "schema_file_name"]

# codegen/ sits at the repository root; an editable install keeps it there.
REPO_ROOT = Path(__file__).resolve().parent.parent
SCHEMAS_DIR = REPO_ROOT / "schemas"
GENERATED_DIR = REPO_ROOT / "generated"


def schema_file_name(type_name: str) -> str:
    """Name a type's vendored file as the registry zip does: ``aws-apigateway-stage.json``."""
    return type_name.lower().replace("::", "-") + ".json"
