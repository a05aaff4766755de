"""Command lines that fail in each way docs/errors.md lists; each returns one output line."""

from __future__ import annotations

import contextlib
import io
import json
import os
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
}
