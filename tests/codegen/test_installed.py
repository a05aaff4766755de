"""From a normal install, codegen and schemas pull never write into the installed package."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagewright.cli import main
from stagewright.codegen import _paths


@pytest.fixture
def installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make stagewright look installed: its root is a package folder, no pyproject beside it."""
    package = tmp_path / "site-packages" / "stagewright"
    (package / "generated").mkdir(parents=True)
    (package / "generated" / "__init__.py").write_text("# the installed package's\n")
    monkeypatch.setattr(_paths, "REPO_ROOT", package)
    monkeypatch.setattr(_paths, "SCHEMAS_DIR", package / "schemas")
    monkeypatch.setattr(_paths, "GENERATED_DIR", package / "generated")
    return package


@pytest.mark.parametrize("argv", [["codegen"], ["codegen", "--check"], ["schemas", "pull"]])
def test_the_default_folders_of_an_installed_package_are_refused(
    installed: Path, argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """One line says why and what to do; the installed modules are untouched."""
    assert main(argv) == 1
    err = capsys.readouterr().err
    command = " ".join(argv[:2]) if argv[0] == "schemas" else argv[0]
    assert err.startswith(f"error: {command} would write into the installed stagewright package")
    assert "(run with --debug" not in err
    assert (installed / "generated" / "__init__.py").read_text() == "# the installed package's\n"


def test_folders_of_ones_own_are_allowed(installed: Path, tmp_path: Path) -> None:
    """Explicit --schemas and --out outside the package are the user's to write."""
    assert _paths.installed_package_target(tmp_path / "schemas", tmp_path / "out") is None
    assert _paths.installed_package_target(installed / "generated") == installed / "generated"


def test_the_source_tree_may_regenerate_itself() -> None:
    """In a clone (this one), the defaults are the project's own folders."""
    assert _paths.installed_package_target(_paths.SCHEMAS_DIR, _paths.GENERATED_DIR) is None
