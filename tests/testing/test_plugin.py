"""The pytest plugin, run as a user would: pytest in a subprocess on a temporary project.

The projects have no conftest and no ``-p``: the fixture must come from the entry point alone.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from stagewright import App
from stagewright.synth._checks import dumps_template

pytest_plugins = ["pytester"]

BUILD = """
import os

from stagewright import App, Stack
from stagewright.generated.aws_apigateway import deployment, rest_api, stage


def build(app, name="ShopApi", tracing=True):
    stack = Stack(app, name)
    api = rest_api.RestApi(stack, "Api", name="shop")
    release = deployment.Deployment(stack, "Release", rest_api_id=api.ref)
    stage.Stage(
        stack, "Prod", rest_api_id=api.ref, deployment_id=release.ref, tracing_enabled=tracing
    )
    return stack
"""


def write_test(pytester: pytest.Pytester, body: str) -> None:
    """Write test_shop.py: the builder above, then ``body``."""
    pytester.makepyfile(test_shop=BUILD + textwrap.dedent(body))


def snapshots(root: Path) -> list[str]:
    """Return the files under __snapshots__, relative to it, sorted."""
    folder = root / "__snapshots__"
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def test_the_plugin_is_registered_as_a_pytest11_entry_point() -> None:
    """Installing stagewright registers stagewright.testing.pytest_plugin with pytest."""
    (plugin,) = [e for e in entry_points(group="pytest11") if e.name == "stagewright"]
    assert plugin.value == "stagewright.testing.pytest_plugin"
    assert hasattr(plugin.load(), "template_snapshot")


def test_importing_stagewright_testing_imports_neither_pytest_nor_syrupy() -> None:
    """Template, Match, Capture and Annotations work without loading pytest or syrupy."""
    code = (
        "import sys, stagewright, stagewright.testing as t\n"
        "t.Template.from_json({}).resource_count_is('X', 0)\n"
        "print(sorted(m for m in ('pytest', 'syrupy') if m in sys.modules))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"


def test_snapshots_are_written_per_stack_and_then_pass(pytester: pytest.Pytester) -> None:
    """--snapshot-update writes a pretty .json per stack (App too), dict, masked or named stack."""
    write_test(
        pytester,
        """
        def test_stack(template_snapshot):
            assert template_snapshot == build(App())

        def test_app(template_snapshot):
            app = App()
            build(app, "Blue")
            build(app, "Green")
            assert template_snapshot == app

        def test_dict(template_snapshot):
            assert template_snapshot == {"Resources": {}, "Description": "plain"}

        def test_masked(template_snapshot):
            masks = {"Resources.Prod.Properties.DeploymentId": "<deployment>"}
            assert template_snapshot(mask=masks, mask_logical_ids=["Rel*"]) == build(App())

        def test_named(template_snapshot):
            assert template_snapshot(name="before") == build(App())
            assert template_snapshot(name="after") == build(App(), tracing=False)

        def test_mask_typo(template_snapshot):
            import pytest

            with pytest.raises(ValueError, match="matched nothing"):
                template_snapshot(mask=["Resources.Prod.Propertes"]) == build(App())
        """,
    )
    pytester.runpytest_subprocess("--snapshot-update").assert_outcomes(passed=6)
    assert snapshots(pytester.path) == [
        "test_shop/test_app[Blue].json",
        "test_shop/test_app[Green].json",
        "test_shop/test_dict.json",
        "test_shop/test_masked[ShopApi].json",
        "test_shop/test_named[after.ShopApi].json",
        "test_shop/test_named[before.ShopApi].json",
        "test_shop/test_stack[ShopApi].json",
    ]
    folder = pytester.path / "__snapshots__" / "test_shop"
    expected = dumps_template(build_shop_like())
    assert (folder / "test_stack[ShopApi].json").read_text() == expected
    assert (
        folder / "test_dict.json"
    ).read_text() == '{\n  "Description": "plain",\n  "Resources": {}\n}\n'
    masked = json.loads((folder / "test_masked[ShopApi].json").read_text())
    assert sorted(masked["Resources"]) == ["Api", "Prod", "Rel<masked>"]
    assert masked["Resources"]["Prod"]["Properties"]["DeploymentId"] == "<deployment>"
    assert masked["Resources"]["Rel<masked>"]["Properties"] == {"RestApiId": {"Ref": "Api"}}
    assert '"TracingEnabled": false' in (folder / "test_named[after.ShopApi].json").read_text()
    pytester.runpytest_subprocess().assert_outcomes(passed=6)


def build_shop_like() -> dict[str, object]:
    """Return the template the temporary project's build() makes, built here."""
    namespace: dict[str, object] = {}
    exec(BUILD, namespace)  # the same source the temporary project runs
    build = namespace["build"]
    assert callable(build)
    return build(App()).to_template()  # type: ignore[no-any-return]


def test_a_changed_stack_fails_with_its_differences_until_updated(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A mismatch names the stack, its file, the resource and property; --snapshot-update fixes."""
    write_test(
        pytester,
        """
        def test_shop(template_snapshot):
            app = App()
            build(app, tracing=os.environ.get("TRACING") != "off")
            build(app, "Other")
            assert template_snapshot == app
        """,
    )
    folder = pytester.path / "__snapshots__" / "test_shop"
    folder.mkdir(parents=True)
    for name in ("ShopApi", "Other"):
        (folder / f"test_shop[{name}].json").write_text(dumps_template(build_shop_like()))
    monkeypatch.setenv("TRACING", "off")
    failed = pytester.runpytest_subprocess("-vv")
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(
        [
            "*1 of 2 templates differ from their snapshots",
            "*stack ShopApi (__snapshots__/test_shop/test_shop[[]ShopApi].json):",
            "*  Resources.Prod.Properties.TracingEnabled: snapshot True, now False",
            "*text diff (- snapshot, + now):",
            '*-*"TracingEnabled": true',
            '*+*"TracingEnabled": false',
            "*if the change is intended, accept it with: pytest --snapshot-update",
        ]
    )
    failed.stdout.no_fnmatch_line("*stack Other (*")
    pytester.runpytest_subprocess("--snapshot-update").assert_outcomes(passed=1)
    stored = json.loads((folder / "test_shop[ShopApi].json").read_text())
    assert stored["Resources"]["Prod"]["Properties"]["TracingEnabled"] is False
    assert json.loads((folder / "test_shop[Other].json").read_text()) == build_shop_like()
