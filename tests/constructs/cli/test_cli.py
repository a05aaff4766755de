"""The command line: help on every command, clear errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stagewright", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.parametrize("command", [[], ["codegen"], ["schemas"], ["schemas", "pull"]])
def test_help_on_every_command(command: list[str]) -> None:
    """``--help`` works for the tool and each command and exits 0."""
    result = _run(*command, "--help")
    assert result.returncode == 0
    assert "usage: stagewright" in result.stdout


def test_unknown_command_is_a_usage_error() -> None:
    """An unknown command exits 2 with argparse's message, not a traceback."""
    result = _run("frobnicate")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "invalid choice" in result.stderr


def _run_in(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "stagewright", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


@pytest.mark.parametrize("command", [["synth"], ["validate"]])
def test_help_on_synth_and_validate(command: list[str]) -> None:
    """``synth --help`` and ``validate --help`` describe their arguments."""
    result = _run(*command, "--help")
    assert result.returncode == 0
    assert f"usage: stagewright {command[0]}" in result.stdout


def test_synth_without_app_writes_the_built_in_example(tmp_path: Path) -> None:
    """``stagewright synth`` with no argument writes the example app into ./cfn.out."""
    result = _run_in(tmp_path, "synth")
    assert result.returncode == 0, result.stderr
    out = tmp_path / "cfn.out"
    assert sorted(p.name for p in out.iterdir()) == [
        "StagewrightExample.template.json",
        "manifest.json",
    ]
    template = json.loads((out / "StagewrightExample.template.json").read_text())
    types = sorted(r["Type"] for r in template["Resources"].values())
    assert "AWS::ApiGateway::Stage" in types
    assert "AWS::ApiGatewayV2::Stage" in types
    assert "wrote cfn.out/StagewrightExample.template.json (10 resources)" in result.stdout


APP_FILE = """
from stagewright import App, Stack
from stagewright.generated.aws_apigateway import rest_api, stage

app = App()
stack = Stack(app, "Shop")
api = rest_api.RestApi(stack, "Api", name="shop")
stage.Stage(stack, "Prod", rest_api_id=api.ref, stage_name="prod")
"""


def test_synth_of_a_file_and_of_module_attribute(tmp_path: Path) -> None:
    """APP may be a Python file or module:attribute; -o picks the output folder."""
    (tmp_path / "shop_app.py").write_text(APP_FILE, encoding="utf-8")
    by_file = _run_in(tmp_path, "synth", "shop_app.py", "-o", "a")
    by_module = _run_in(tmp_path, "synth", "shop_app:app", "-o", "b")
    assert by_file.returncode == by_module.returncode == 0, by_file.stderr + by_module.stderr
    first = (tmp_path / "a" / "Shop.template.json").read_bytes()
    assert first == (tmp_path / "b" / "Shop.template.json").read_bytes()
    assert json.loads(first)["Resources"]["Prod"]["Properties"]["RestApiId"] == {"Ref": "Api"}


def test_synth_reports_a_construction_error_in_one_line(tmp_path: Path) -> None:
    """A ValidationError raised by the app's code names the file, line and property."""
    bad = APP_FILE + 'stage.Stage(stack, "Bad", rest_api_id="x", tracing_enabled="yes")\n'
    (tmp_path / "bad.py").write_text(bad, encoding="utf-8")
    result = _run_in(tmp_path, "synth", "bad.py")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        "error: the app raised ValidationError (at bad.py:9): "
        "AWS::ApiGateway::Stage TracingEnabled: must be a boolean" in result.stderr
    )
    assert not (tmp_path / "cfn.out").exists()


def test_synth_lists_every_problem_and_writes_nothing(tmp_path: Path) -> None:
    """Synthesis problems print one per line with the construct path; nothing is written."""
    bad = APP_FILE + (
        "from stagewright import Fn\n"
        'stage.Stage(stack, "Dangling", rest_api_id=Fn.ref("Nope"))\n'
        'Stack(app, "Empty")\n'
    )
    (tmp_path / "bad.py").write_text(bad, encoding="utf-8")
    result = _run_in(tmp_path, "synth", "bad.py")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines == [
        "error: Shop/Dangling (Resources.Dangling.Properties.RestApiId): Ref to 'Nope', which is "
        "not a resource, parameter or pseudo parameter",
        "error: Empty (Resources): a template needs at least one resource",
        "synthesis failed: 2 problem(s), nothing written",
    ]
    assert not (tmp_path / "cfn.out").exists()


@pytest.mark.parametrize(
    ("app", "message"),
    [
        ("missing.py", "error: no such app file: missing.py"),
        ("no_such_module:app", "error: no Python file or module named 'no_such_module:app'"),
        ("json:dumps", "error: the app raised"),
    ],
)
def test_synth_with_a_wrong_app_says_why(tmp_path: Path, app: str, message: str) -> None:
    """An APP that is not there, or not an App, is one clear error line."""
    result = _run_in(tmp_path, "synth", app)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_passes_a_good_template_and_fails_a_bad_one(tmp_path: Path) -> None:
    """``validate`` prints ok for a valid template, one line per problem otherwise, exit 1."""
    good = tmp_path / "good.yaml"
    good.write_text(
        "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Properties: {Name: x}\n"
        "  Queue:\n    Type: AWS::SQS::Queue\n"
        "    Properties: {QueueName: !GetAtt Api.RootResourceId}\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.json"
    bad.write_text(
        json.dumps(
            {
                "Resources": {
                    "Prod": {
                        "Type": "AWS::ApiGateway::Stage",
                        "Properties": {"RestApiId": {"Ref": "Gone"}, "CacheClusterSize": "2"},
                    }
                }
            }
        ),
        encoding="utf-8",
    )
    ok = _run_in(tmp_path, "validate", "good.yaml")
    assert ok.returncode == 0
    assert ok.stdout.splitlines()[0] == (
        "good.yaml: ok (2 resources, 1 checked against their schema; "
        "no schema here for AWS::SQS::Queue)"
    )
    failed = _run_in(tmp_path, "validate", "good.yaml", "bad.json")
    assert failed.returncode == 1
    errors = [line for line in failed.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2
    assert errors[0].startswith("error: bad.json: Resources.Prod.Properties.CacheClusterSize: ")
    assert errors[1] == (
        "error: bad.json: Resources.Prod.Properties.RestApiId: Ref to 'Gone', which is not a "
        "resource, parameter or pseudo parameter"
    )
    assert "1 of 2 template(s) valid" in failed.stderr


def test_missing_module_attribute_suggests_the_nearest_name(tmp_path: Path) -> None:
    """``synth shop:ap`` names the attribute that is there: did you mean 'app'?"""
    (tmp_path / "shop.py").write_text("from stagewright import App\napp = App()\n", "utf-8")
    result = _run_in(tmp_path, "synth", "shop:ap")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "error: module 'shop' has no attribute 'ap'; did you mean 'app'?"
    )


def test_validate_names_an_unreadable_file_once(tmp_path: Path) -> None:
    """A template that cannot be read is one line naming the file and line once."""
    (tmp_path / "t.yaml").write_text("Resources:\n  A: {Type: X}\n  A: {Type: X}\n", "utf-8")
    result = _run_in(tmp_path, "validate", "t.yaml", "gone.yaml")
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "error: t.yaml:3: duplicate key 'A' in Resources (first at line 2)",
        "error: gone.yaml: [Errno 2] No such file or directory: 'gone.yaml'",
    ]
