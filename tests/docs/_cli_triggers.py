"""Command lines that fail in each way docs/errors.md lists; each returns one output line."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

from stagewright import cli

Trigger = Callable[[Path], str]

_SHOP = """
from stagewright import App, RawIntrinsic, Stack
from stagewright.generated.aws_apigateway import stage

app = App()
stage.Stage(Stack(app, "Shop"), "Prod", rest_api_id=RawIntrinsic({"Ref": "Apii"}))
count = 3
"""
_APP = """
from stagewright import App, Stack
from stagewright.generated.aws_apigateway import rest_api

app = App()
rest_api.RestApi(Stack(app, "Shop"), "Api")
"""
_WARNS = """
from stagewright import Annotations, App, Stack
from stagewright.generated.aws_apigateway import rest_api

app = App()
Annotations.of(rest_api.RestApi(Stack(app, "Shop"), "Api")).add_warning("look here")
"""
_REGIONS = """
from stagewright import App, Environment, RawResource, Stack

app = App()
for name, region in (("East", "us-east-1"), ("West", "eu-west-1")):
    stack = Stack(app, name, env=Environment(account="123456789012", region=region))
    RawResource(stack, "Topic", type="AWS::SNS::Topic")
"""
_RAISES = """
from stagewright.generated.aws_apigateway.stage import CanarySetting

canary = CanarySetting(percent_traffic=500)
"""


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def run(folder: Path, *argv: str, files: dict[str, str] | None = None) -> tuple[int, list[str]]:
    """Run ``stagewright ARGV`` in ``folder`` (after writing ``files``); return code and lines."""
    for name, text in (files or {}).items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    out = io.StringIO()
    with _inside(folder), contextlib.redirect_stdout(out), contextlib.redirect_stderr(out):
        try:
            code = cli.main(list(argv))
        except SystemExit as exc:  # argparse's usage errors
            code = int(str(exc.code))
    return code, out.getvalue().splitlines()


def _as_installed(folder: Path, *argv: str) -> str:
    """Run ``stagewright ARGV`` as from a normal install: the package root has no pyproject."""
    from stagewright.codegen import _paths  # noqa: PLC0415

    package = folder / "site-packages" / "stagewright"
    package.mkdir(parents=True)
    saved = _paths.REPO_ROOT, _paths.SCHEMAS_DIR, _paths.GENERATED_DIR
    _paths.REPO_ROOT, _paths.SCHEMAS_DIR = package, package / "schemas"
    _paths.GENERATED_DIR = package / "generated"
    try:
        code, lines = run(folder, *argv)
    finally:
        _paths.REPO_ROOT, _paths.SCHEMAS_DIR, _paths.GENERATED_DIR = saved
    assert code != 0, lines
    return lines[0]


def line(index: int, *argv: str, files: dict[str, str] | None = None) -> Trigger:
    """A trigger returning output line ``index`` of a failing ``stagewright ARGV``."""

    def trigger(folder: Path) -> str:
        code, lines = run(folder, *argv, files=files)
        assert code != 0, lines
        return lines[index]

    return trigger


_BAD_TEMPLATE = json.dumps(
    {
        "Resources": {
            "Prod": {
                "Type": "AWS::ApiGateway::Stage",
                "Properties": {"RestApiId": "a", "TracingEnabled": "yes"},
            }
        }
    }
)
_DUPLICATE = "Resources:\n  Prod: {Type: A::B::C}\n  Prod: {Type: A::B::C}\n"

_PROJECT = "[project]\nname = 'mine'\n\n[tool.stagewright]\n"


def _account_mismatch(folder: Path) -> str:
    """``deploy`` whose credentials (STS, stubbed) are of another account than a stack's."""
    import boto3  # noqa: PLC0415 - only this trigger talks to a (stubbed) AWS
    from botocore.stub import Stubber  # noqa: PLC0415

    from stagewright.cli import _aws  # noqa: PLC0415

    client = boto3.client(
        "sts", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    stub = Stubber(client)
    answer = {"UserId": "AIDA", "Account": "111111111111", "Arn": "arn:aws:iam::111111111111:root"}
    stub.add_response("get_caller_identity", answer, {})
    saved = _aws.sts
    _aws.sts = lambda region, profile: client
    try:
        with stub:
            return line(0, "deploy", "app.py", "--yes", files={"app.py": _REGIONS})(folder)
    finally:
        _aws.sts = saved


def _types_extra(folder: Path) -> str:
    """``types`` in a fresh process where jinja2 (of the codegen extra) cannot be imported."""
    (folder / "pyproject.toml").write_text(_PROJECT, encoding="utf-8")
    blocked = (
        "import sys; sys.modules['jinja2'] = None\n"
        "from stagewright.cli import main\n"
        "sys.exit(main(['types', 'update']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", blocked], cwd=folder, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1, result.stderr
    return result.stderr.splitlines()[0]


def _types_import(folder: Path) -> str:
    """``validate`` in a project whose types package fails to import (in its own process)."""
    (folder / "pyproject.toml").write_text(_PROJECT, encoding="utf-8")
    (folder / "cfn_types").mkdir()
    (folder / "cfn_types" / "__init__.py").write_text("raise RuntimeError('half written')\n")
    (folder / "t.json").write_text('{"Resources": {}}', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "stagewright", "validate", "t.json"],
        cwd=folder,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    return result.stderr.splitlines()[0]


def _types_foreign(folder: Path) -> str:
    """``types add`` where cfn_types/ is a package of the user's own."""
    (folder / "cfn_types").mkdir()
    (folder / "cfn_types" / "__init__.py").write_text("MINE = 1\n", encoding="utf-8")
    return line(0, "types", "add", "AWS::SQS::Queue", files={"pyproject.toml": _PROJECT})(folder)


def _types_installed(folder: Path) -> str:
    """``types update`` from an install, with types_dir pointing into the package."""
    setting = 'types_dir = "site-packages/stagewright/generated"\n'
    (folder / "pyproject.toml").write_text(_PROJECT + setting, encoding="utf-8")
    return _as_installed(folder, "types", "update")


def _types_stale(folder: Path) -> str:
    """``types --check`` after a generated module was edited by hand."""
    (folder / "pyproject.toml").write_text(_PROJECT, encoding="utf-8")
    assert run(folder, "types", "add", "AWS::SQS::Queue")[0] == 0
    with (folder / "cfn_types" / "aws_sqs" / "queue.py").open("a", encoding="utf-8") as module:
        module.write("# edited\n")
    return line(-1, "types", "--check")(folder)


TYPES: dict[str, Trigger] = {
    "cli-types-extra": _types_extra,
    "cli-types-project": line(0, "types", "update"),
    "cli-types-package": line(
        0, "types", files={"pyproject.toml": _PROJECT + 'types_package = "stagewright.mine"\n'}
    ),
    "cli-types-foreign": _types_foreign,
    "cli-types-installed": _types_installed,
    "cli-types-none": line(0, "types", "update", files={"pyproject.toml": _PROJECT}),
    "cli-types-stale": _types_stale,
    "cli-types-import": _types_import,
}

CLI: dict[str, Trigger] = {
    "cli-synth": line(0, "synth", "shop.py", files={"shop.py": _SHOP}),
    "cli-synth-failed": line(-1, "synth", "shop.py", files={"shop.py": _SHOP}),
    "cli-app-raised": line(0, "synth", "app.py", files={"app.py": _RAISES}),
    "cli-debug": line(-1, "synth", "app.py", files={"app.py": _RAISES}),
    "cli-no-file": line(0, "synth", "missing.py"),
    "cli-no-module": line(0, "synth", "shopp"),
    "cli-no-app": line(0, "synth", "app.py", files={"app.py": "x = 1\n"}),
    "cli-several-apps": line(
        0, "synth", "app.py", files={"app.py": "from stagewright import App\na, b = App(), App()\n"}
    ),
    "cli-no-attribute": line(0, "synth", "shop:ap", files={"shop.py": _SHOP}),
    "cli-not-app": line(0, "synth", "shop:count", files={"shop.py": _SHOP}),
    "cli-synth-output": line(0, "synth", "app.py", "-o", ".", files={"app.py": _APP}),
    "cli-validate": line(0, "validate", "t.json", files={"t.json": _BAD_TEMPLATE}),
    "cli-validate-summary": line(-1, "validate", "t.json", files={"t.json": _BAD_TEMPLATE}),
    "cli-validate-unreadable": line(0, "validate", "t.yaml", files={"t.yaml": _DUPLICATE}),
    "cli-usage": line(-1, "synt"),
    "cli-codegen-stale": line(-1, "codegen", "--check", "--out", "out"),
    "cli-pull": line(0, "schemas", "pull", "AWS::ApiGateway::Stag", "--schemas", "."),
    "cli-needs-app": line(0, "deploy", "--yes"),
    "cli-codegen-installed": lambda folder: _as_installed(folder, "codegen"),
    "cli-synth-strict": line(-1, "synth", "warn.py", "--strict", files={"warn.py": _WARNS}),
    "cli-app-and-example": line(0, "deploy", "app.py", "--example", "--yes"),
    "cli-project-setting": line(
        0, "synth", files={"pyproject.toml": '[tool.stagewright]\napps = "app.py"\n'}
    ),
    "cli-project-environment": line(
        0, "synth", files={"pyproject.toml": '[tool.stagewright]\nregion = "eu-west"\n'}
    ),
    "cli-env-region": line(
        0, "deploy", "app.py", "--region", "us-east-1", "--yes", files={"app.py": _REGIONS}
    ),
    "cli-env-account": _account_mismatch,
    "cli-concurrency-yes": line(
        0, "deploy", "app.py", "--concurrency", "2", files={"app.py": _REGIONS}
    ),
    **TYPES,
}
