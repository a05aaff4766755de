"""``[tool.stagewright]`` in pyproject.toml chooses the app; diff and deploy never guess one."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stagewright import Environment
from stagewright.cli._commands import AppLoadError
from stagewright.cli._project import Project, find_project

APP_FILE = """
from stagewright import App, Stack
from stagewright.generated.aws_apigateway import rest_api

app = App()
rest_api.RestApi(Stack(app, "Mine"), "Api", name="mine")
"""


def _run_in(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stagewright", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "AWS_EC2_METADATA_DISABLED": "true"},
    )


def _project(tmp_path: Path, table: str) -> Path:
    (tmp_path / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n{table}\n")
    (tmp_path / "app.py").write_text(APP_FILE)
    (tmp_path / "sub").mkdir()
    return tmp_path


def test_the_nearest_pyproject_names_the_app_and_output(tmp_path: Path) -> None:
    """Settings are read from the nearest pyproject.toml upwards; paths are relative to it."""
    root = _project(tmp_path, '[tool.stagewright]\napp = "app.py"\noutput = "out"')
    assert find_project(root / "sub") == Project(
        app=str(root / "app.py"), output=root / "out", source=root / "pyproject.toml"
    )


def test_account_and_region_are_the_environment_of_stacks_declaring_none(tmp_path: Path) -> None:
    """``account`` and ``region`` make the project's default environment."""
    root = _project(tmp_path, '[tool.stagewright]\naccount = "123456789012"\nregion = "eu-west-1"')
    environment = find_project(root).environment
    assert environment == Environment(account="123456789012", region="eu-west-1")


def test_no_table_means_no_settings(tmp_path: Path) -> None:
    """A pyproject.toml without [tool.stagewright] gives no app and no output folder."""
    root = _project(tmp_path, "")
    assert find_project(root) == Project()


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[tool.stagewright]\napps = "app.py"', "no setting 'apps'; did you mean 'app'?"),
        ("[tool.stagewright]\napp = 5", "app must be a Python file or module:attribute"),
        ("[tool.stagewright\napp = 1", "cannot read it"),
        ('[tool.stagewright]\nregion = "eu-west"', "region: a region name looks like 'eu-west-1'"),
        ("[tool.stagewright]\naccount = 123456789012", "account must be a 12-digit AWS account"),
        ('[tool.stagewright]\naccount = "1234"', "account: an AWS account id is 12 digits"),
    ],
)
def test_a_wrong_setting_is_one_clear_error(tmp_path: Path, table: str, message: str) -> None:
    """A misspelt key gets the nearest one; a wrong type or broken TOML names the file."""
    root = _project(tmp_path, table)
    with pytest.raises(AppLoadError, match=r"pyproject\.toml") as caught:
        find_project(root)
    assert message in str(caught.value)


def test_synth_uses_the_configured_app_and_output(tmp_path: Path) -> None:
    """``stagewright synth`` in a subfolder synthesizes the configured app into its folder."""
    root = _project(tmp_path, '[tool.stagewright]\napp = "app.py"\noutput = "out"')
    result = _run_in(root / "sub", "synth")
    assert result.returncode == 0, result.stderr
    assert (root / "out" / "Mine.template.json").is_file()
    assert "example" not in result.stderr


def test_synth_without_any_app_says_it_builds_the_example(tmp_path: Path) -> None:
    """No APP and no setting: the example is built, and stderr says so and how to change it."""
    result = _run_in(tmp_path, "synth")
    assert result.returncode == 0, result.stderr
    assert "synthesizing the built-in example (stagewright.examples.shop)" in result.stderr
    assert "pass APP" in result.stderr


@pytest.mark.parametrize("command", ["diff", "deploy"])
def test_diff_and_deploy_without_an_app_do_nothing_and_say_why(
    tmp_path: Path, command: str
) -> None:
    """No APP, no setting: nothing is read from or sent to AWS, and one line says what to do."""
    result = _run_in(tmp_path, command, "--yes" if command == "deploy" else "--json")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"error: no app to {'compare' if command == 'diff' else 'deploy'}: pass APP (a .py "
        'file or module:attribute), or set app = "..." under [tool.stagewright] in '
        "pyproject.toml; --example uses the built-in example app"
    ]


def test_example_and_an_app_together_are_refused(tmp_path: Path) -> None:
    """``--example`` asks for the example; naming an app as well is a contradiction."""
    result = _run_in(tmp_path, "deploy", "app.py", "--example", "--yes")
    assert result.returncode == 1
    assert result.stderr.splitlines() == ["error: pass APP or --example, not both"]


TWO_STACKS = """
from stagewright import App, Annotations, Stack
from stagewright.generated.aws_apigateway import rest_api

app = App()
base = Stack(app, "Base")
rest_api.RestApi(base, "Api", name="base")
web = Stack(app, "Web")
web.node.add_dependency(base)
Annotations.of(rest_api.RestApi(web, "Api", name="web")).add_warning("look here")
"""


def test_ls_lists_the_stacks_in_order_with_their_dependencies(tmp_path: Path) -> None:
    """``stagewright ls`` prints one stack a line, in order, and what it waits for."""
    (tmp_path / "app.py").write_text(TWO_STACKS)
    result = _run_in(tmp_path, "ls", "app.py")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["Base", "Web  (after Base)"]


def test_synth_of_one_stack_prints_its_template_and_writes_nothing(tmp_path: Path) -> None:
    """``synth --stack NAME`` prints the template to stdout; no folder is written."""
    (tmp_path / "app.py").write_text(TWO_STACKS)
    result = _run_in(tmp_path, "synth", "app.py", "--stack", "Base")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Resources"]["Api"]["Type"] == "AWS::ApiGateway::RestApi"
    assert not (tmp_path / "cfn.out").exists()


def test_a_misspelt_stack_name_gets_the_nearest_one(tmp_path: Path) -> None:
    """An unknown stack name lists the app's stacks and suggests the closest."""
    (tmp_path / "app.py").write_text(TWO_STACKS)
    result = _run_in(tmp_path, "synth", "app.py", "--stack", "Bsae")
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == (
        "error: the app has no stack 'Bsae' (it has Base, Web); did you mean 'Base'?"
    )


def test_strict_fails_on_a_warning_and_writes_nothing(tmp_path: Path) -> None:
    """``--strict``: a warning fails synthesis as an error would; without it, it is printed."""
    (tmp_path / "app.py").write_text(TWO_STACKS)
    strict = _run_in(tmp_path, "synth", "app.py", "--strict")
    assert strict.returncode == 1
    assert strict.stderr.splitlines() == [
        "warning: Web/Api: look here",
        "synthesis failed: 1 warning(s) with --strict, nothing written",
    ]
    assert not (tmp_path / "cfn.out").exists()
    assert _run_in(tmp_path, "synth", "app.py").returncode == 0


def test_an_app_calling_synth_itself_writes_where_the_command_does(tmp_path: Path) -> None:
    """The CDK habit, ``app.synth()`` at import, writes into ``-o DIR``, not a second cfn.out."""
    (tmp_path / "app.py").write_text(APP_FILE + "app.synth()\n")
    result = _run_in(tmp_path, "synth", "app.py", "-o", "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "Mine.template.json").is_file()
    assert not (tmp_path / "cfn.out").exists()
