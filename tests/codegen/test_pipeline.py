"""The generator pipeline: the committed tree is current, stale files are named, output stable."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from stagewright.codegen._paths import GENERATED_DIR, SCHEMAS_DIR
from stagewright.codegen.pipeline import diff_tree, main_codegen, write_tree


def _run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stagewright", *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def test_committed_generated_tree_matches_the_schemas() -> None:
    """`stagewright codegen --check` passes: generated/ is exactly what the schemas give."""
    lines: list[str] = []
    assert main_codegen(check=True, out=lines.append) == 0, "\n".join(lines)
    assert lines[-1].startswith("generated/ is up to date")


def test_check_names_every_stale_file_and_exits_1(tmp_path: Path) -> None:
    """A changed, a missing and an extra file are each named, and nothing is written."""
    out = tmp_path / "generated"
    shutil.copytree(GENERATED_DIR, out, ignore=shutil.ignore_patterns("__pycache__"))
    (out / "aws_apigateway" / "stage.py").write_text("# edited by hand\n")
    (out / "aws_logs" / "log_group.py").unlink()
    (out / "aws_logs" / "extra.py").write_text("")
    lines: list[str] = []
    assert main_codegen(check=True, out_dir=out, out=lines.append) == 1
    stale = sorted(line for line in lines if line.startswith("stale:"))
    assert stale == [
        "stale: generated/aws_apigateway/stage.py",
        "stale: generated/aws_logs/extra.py",
        "stale: generated/aws_logs/log_group.py",
    ]
    assert (out / "aws_apigateway" / "stage.py").read_text() == "# edited by hand\n"


def test_codegen_rebuilds_the_folder_from_scratch(tmp_path: Path) -> None:
    """Regenerating removes files the schemas no longer produce and leaves no staging folders."""
    out = tmp_path / "generated"
    (out / "aws_old").mkdir(parents=True)
    (out / "aws_old" / "gone.py").write_text("")
    assert main_codegen(out_dir=out, out=lambda _line: None) == 0
    assert not (out / "aws_old").exists()
    assert (
        diff_tree(
            {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*.py")}, GENERATED_DIR
        )
        == []
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["generated"]


def test_write_tree_replaces_contents_exactly(tmp_path: Path) -> None:
    """write_tree leaves exactly the given files, byte for byte."""
    out = tmp_path / "out"
    write_tree({"a/b.py": "x = 1\n", "c.py": "é\n"}, out)
    write_tree({"c.py": "y = 2\n"}, out)
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == ["c.py"]
    assert (out / "c.py").read_bytes() == b"y = 2\n"


@pytest.mark.parametrize("seed", ["0", "12345"])
def test_output_is_byte_identical_across_hash_seeds(tmp_path: Path, seed: str) -> None:
    """A fresh process with another PYTHONHASHSEED generates exactly the committed bytes."""
    out = tmp_path / "generated"
    env = {**os.environ, "PYTHONHASHSEED": seed}
    result = _run("codegen", "--out", str(out), "--schemas", str(SCHEMAS_DIR), env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    produced = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*.py")}
    assert diff_tree(produced, GENERATED_DIR) == []


def test_schema_problems_are_reported_together_and_nothing_is_written(tmp_path: Path) -> None:
    """Two broken schemas give two error lines and one summary; the output folder is untouched."""
    schemas = tmp_path / "schemas"
    shutil.copytree(SCHEMAS_DIR, schemas)
    for name in ("aws-apigateway-stage.json", "aws-iam-role.json"):
        path = schemas / name
        path.write_text(path.read_text().replace('"typeName"', '"typeNam"'))
    out = tmp_path / "generated"
    lines: list[str] = []
    assert main_codegen(schemas_dir=schemas, out_dir=out, out=lines.append) == 1
    errors = [line for line in lines if line.startswith("error:")]
    assert any("aws-apigateway-stage.json" in e for e in errors)
    assert any("aws-iam-role.json" in e for e in errors)
    assert lines[-1].endswith("nothing was written")
    assert not out.exists()


def test_cli_check_exits_non_zero_when_stale(tmp_path: Path) -> None:
    """The command line reports a stale tree with exit code 1 and the file name."""
    out = tmp_path / "generated"
    shutil.copytree(GENERATED_DIR, out, ignore=shutil.ignore_patterns("__pycache__"))
    (out / "__init__.py").write_text("")
    result = _run("codegen", "--check", "--out", str(out))
    assert result.returncode == 1
    assert "stale: generated/__init__.py" in result.stdout


def test_a_target_names_the_package_the_command_and_the_schemas_folder() -> None:
    """Another target (a user's package) changes the index, the headers and nothing else."""
    from stagewright.codegen.load import load_schemas  # noqa: PLC0415
    from stagewright.codegen.pipeline import Target, generate  # noqa: PLC0415

    schemas = load_schemas(SCHEMAS_DIR, ["AWS::Logs::LogGroup"])
    target = Target(package="my_types", command="stagewright types update", schemas="cfn-schemas")
    files = generate(schemas, target=target)
    module = files["aws_logs/log_group.py"]
    assert (
        "Generated by ``stagewright types update`` from ``cfn-schemas/aws-logs-loggroup.json``"
        in module
    )
    assert "'my_types.aws_logs.log_group'" in files["__init__.py"].replace('"', "'")
    assert "stagewright.generated" not in "".join(files.values())
    assert "(``stagewright types update``)" in files["__init__.py"]
