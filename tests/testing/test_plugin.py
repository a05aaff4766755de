"""The pytest plugin, run as a user would: pytest in a subprocess on a temporary project.

The projects have no conftest and no ``-p``: the fixture must come from the entry point alone.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import textwrap
import tomllib
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


def test_syrupy_and_pytest_come_with_the_testing_extra_not_with_every_install() -> None:
    """A plain install brings neither; ``stagewright[testing]`` both; ``dev`` includes testing."""
    project = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text())["project"]
    names = [re.split(r"[\s<>=!~;\[]", d, maxsplit=1)[0] for d in project["dependencies"]]
    assert "syrupy" not in names
    assert "pytest" not in names
    testing = project["optional-dependencies"]["testing"]
    assert [re.split(r"[<>=]", d, maxsplit=1)[0] for d in testing] == ["syrupy", "pytest"]
    assert any("testing" in d for d in project["optional-dependencies"]["dev"] if "[" in d)


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
        "test_shop/test_app--Blue.json",
        "test_shop/test_app--Green.json",
        "test_shop/test_dict.json",
        "test_shop/test_masked--ShopApi.json",
        "test_shop/test_named--after--ShopApi.json",
        "test_shop/test_named--before--ShopApi.json",
        "test_shop/test_stack--ShopApi.json",
    ]
    folder = pytester.path / "__snapshots__" / "test_shop"
    expected = dumps_template(build_shop_like())
    assert (folder / "test_stack--ShopApi.json").read_text() == expected
    assert (
        folder / "test_dict.json"
    ).read_text() == '{\n  "Description": "plain",\n  "Resources": {}\n}\n'
    masked = json.loads((folder / "test_masked--ShopApi.json").read_text())
    assert sorted(masked["Resources"]) == ["Api", "Prod", "RelMASKED1"]
    assert masked["Resources"]["Prod"]["Properties"]["DeploymentId"] == "<deployment>"
    assert masked["Resources"]["RelMASKED1"]["Properties"] == {"RestApiId": {"Ref": "Api"}}
    assert '"TracingEnabled": false' in (folder / "test_named--after--ShopApi.json").read_text()
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
        (folder / f"test_shop--{name}.json").write_text(dumps_template(build_shop_like()))
    monkeypatch.setenv("TRACING", "off")
    failed = pytester.runpytest_subprocess()
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(
        [
            "E*TemplateSnapshotMismatchError: 1 of 2 templates differ from their snapshots",
            "E*stack ShopApi (__snapshots__/test_shop/test_shop--ShopApi.json):",
            "E*  Resources.Prod.Properties.TracingEnabled: snapshot True, now False",
            "E*  --- snapshot",
            "E*  +++ now",
            'E*  -*"TracingEnabled": true',
            'E*  +*"TracingEnabled": false',
            "E*if the change is intended, accept it with: pytest --snapshot-update",
        ]
    )
    failed.stdout.no_fnmatch_line("*stack Other (*")
    pytester.runpytest_subprocess("--snapshot-update").assert_outcomes(passed=1)
    stored = json.loads((folder / "test_shop--ShopApi.json").read_text())
    assert stored["Resources"]["Prod"]["Properties"]["TracingEnabled"] is False
    assert json.loads((folder / "test_shop--Other.json").read_text()) == build_shop_like()


THREE_CHANGES = """
import os

from stagewright import App, Stack
from stagewright.generated.aws_apigateway import deployment, rest_api, stage


def test_shop(template_snapshot):
    changed = os.environ.get("CHANGED") == "1"
    stack = Stack(App(), "ShopApi")
    api = rest_api.RestApi(stack, "Api", name="shop-v2" if changed else "shop")
    release = deployment.Deployment(stack, "Release", rest_api_id=api.ref)
    stage.Stage(
        stack,
        "Prod",
        rest_api_id=api.ref,
        deployment_id=release.ref,
        stage_name="prod",
        tracing_enabled=not changed,
    )
    if changed:
        stage.Stage(stack, "Zeta", rest_api_id=api.ref, deployment_id=release.ref)
    assert template_snapshot == stack
"""


def test_three_changes_in_one_stack_all_show_at_default_verbosity(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A renamed API, a flipped flag and a new stage: each is in the failure text, untruncated."""
    pytester.makepyfile(test_shop=THREE_CHANGES)
    pytester.runpytest_subprocess("--snapshot-update").assert_outcomes(passed=1)
    monkeypatch.setenv("CHANGED", "1")
    failed = pytester.runpytest_subprocess()  # default verbosity, as in CI
    failed.assert_outcomes(failed=1)
    failed.stdout.fnmatch_lines(
        [
            "E*TemplateSnapshotMismatchError: the template differs from its snapshot",
            "E*stack ShopApi (__snapshots__/test_shop/test_shop--ShopApi.json):",
            "E*  Resources.Api.Properties.Name: snapshot 'shop', now 'shop-v2'",
            "E*  Resources.Prod.Properties.TracingEnabled: snapshot True, now False",
            "E*  Resources.Zeta: not in snapshot, now {'Properties': *",
            "E*  --- snapshot",
            "E*  +++ now",
            'E*  -*"Name": "shop"',
            'E*  +*"Name": "shop-v2"',
            'E*  -*"TracingEnabled": true',
            'E*  +*"TracingEnabled": false',
            'E*  +*"Zeta": {',
            'E*  +*"Type": "AWS::ApiGateway::Stage"',
            "E*if the change is intended, accept it with: pytest --snapshot-update",
        ]
    )
    text = failed.stdout.str()
    assert "truncated" not in text
    assert "-vv" not in text
    # The assertion helpers are hidden: the traceback is the test's own line.
    assert "_snapshot.py" not in text


PARAMETRIZED = """
import pytest

from stagewright import App, Stack
from stagewright.generated.aws_apigateway import rest_api


def build(name="ShopApi"):
    stack = Stack(App(), name)
    rest_api.RestApi(stack, "Api", name="shop")
    return stack


@pytest.mark.parametrize("env", ["prod", "GET /pets[1]", "a*b?"])
def test_env(template_snapshot, env):
    assert template_snapshot == build()


class TestShop:
    def test_named(self, template_snapshot):
        assert template_snapshot(name="v1") == build("Blue")
"""


def test_snapshot_file_names_have_no_brackets_or_globs_and_cfn_lint_reads_them(
    pytester: pytest.Pytester,
) -> None:
    """Parametrized and class tests get plain names; cfn-lint lints the files as templates."""
    pytester.makepyfile(test_shop=PARAMETRIZED)
    written = pytester.runpytest_subprocess("--snapshot-update", "-W", "error")
    written.assert_outcomes(passed=4)
    written.stdout.no_fnmatch_line("*Can not relate*")
    names = snapshots(pytester.path)
    assert names == [
        "test_shop/TestShop.test_named--v1--Blue.json",
        "test_shop/test_env--GET__pets_1_-1c384d--ShopApi.json",
        "test_shop/test_env--a_b_-3df96c--ShopApi.json",
        "test_shop/test_env--prod--ShopApi.json",
    ]
    assert not any(char in name for name in names for char in "[]*? ")
    pytester.runpytest_subprocess().assert_outcomes(passed=4)
    if importlib.util.find_spec("cfnlint") is None:  # not imported here: it changes PyYAML
        pytest.skip("cfn-lint is not installed")
    # cfn-lint 1.x reads its file arguments with glob.glob: "test[ShopApi].json" finds nothing.
    files = sorted(str(p) for p in (pytester.path / "__snapshots__").rglob("*.json"))
    lint = "import sys; from cfnlint.runner import main; sys.exit(main())"
    linted = subprocess.run(
        [sys.executable, "-c", lint, "--", *files], capture_output=True, text=True, check=False
    )
    assert linted.returncode == 0, linted.stdout + linted.stderr


def test_update_deletes_the_snapshot_of_a_renamed_test_and_keeps_the_others(
    pytester: pytest.Pytester,
) -> None:
    """syrupy relates the new file names to their tests: stale files go, live ones stay."""
    pytester.makepyfile(test_shop=PARAMETRIZED)
    pytester.runpytest_subprocess("--snapshot-update").assert_outcomes(passed=4)
    pytester.makepyfile(test_shop=PARAMETRIZED.replace('name="v1"', 'name="v2"'))
    updated = pytester.runpytest_subprocess("--snapshot-update")
    updated.assert_outcomes(passed=4)
    updated.stdout.fnmatch_lines(["*1 snapshot generated. 1 unused snapshot deleted.*"])
    assert "test_shop/TestShop.test_named--v2--Blue.json" in snapshots(pytester.path)
    assert "test_shop/TestShop.test_named--v1--Blue.json" not in snapshots(pytester.path)
    assert len(snapshots(pytester.path)) == 4
    only_one = pytester.runpytest_subprocess("--snapshot-update", "test_shop.py::test_env")
    only_one.assert_outcomes(passed=3)
    assert len(snapshots(pytester.path)) == 4


def test_a_snapshot_name_must_fit_in_a_file_name(pytester: pytest.Pytester) -> None:
    """``name=`` with a space or ``--`` is refused with what is allowed."""
    write_test(
        pytester,
        """
        import pytest

        def test_names(template_snapshot):
            for bad in ("a b", "a--b", "[x]", ""):
                with pytest.raises(ValueError, match="use letters, digits"):
                    template_snapshot(name=bad)
        """,
    )
    pytester.runpytest_subprocess().assert_outcomes(passed=1)


def test_without_syrupy_other_tests_run_and_the_fixture_says_how_to_install_it(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With syrupy absent, pytest starts, plain tests pass, template_snapshot names the extra."""
    hidden = pytester.mkdir("hide_syrupy")
    (hidden / "syrupy").mkdir()
    (hidden / "syrupy" / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'syrupy'\", name='syrupy')\n"
    )
    write_test(
        pytester,
        """
        def test_plain():
            assert build(App()).stack_name == "ShopApi"

        def test_snapshot(template_snapshot):
            assert template_snapshot == build(App())
        """,
    )
    # First on the path, a syrupy that fails to import as a missing one does; its pytest plugin,
    # which pytest would load first (and fail on), is blocked as it is absent when not installed.
    monkeypatch.setenv("PYTHONPATH", str(hidden))
    result = pytester.runpytest_subprocess("-p", "no:syrupy")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(
        [
            "template_snapshot needs syrupy (No module named 'syrupy'): "
            "pip install 'stagewright[testing]'"
        ]
    )
    assert "Traceback" not in result.stdout.str()


def test_failed_assertions_show_the_test_line_not_the_kit_frames(pytester: pytest.Pytester) -> None:
    """Template, Annotations and Capture failures hide their own frames (__tracebackhide__)."""
    write_test(
        pytester,
        """
        from stagewright.testing import Annotations, Capture, Template

        def test_template():
            Template.from_stack(build(App())).has_resource_properties(
                "AWS::ApiGateway::Stage", {"TracingEnable": True}
            )

        def test_count():
            Template.from_stack(build(App())).resource_count_is("AWS::ApiGateway::Stage", 2)

        def test_annotations():
            Annotations.from_stack(build(App())).has_warning("*", "nothing")

        def test_capture():
            Capture().as_string()
        """,
    )
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(failed=4)
    result.stdout.fnmatch_lines(
        [
            ">       Template.from_stack(build(App())).has_resource_properties(",
            "E       AssertionError: Template has 1 resource of type *",
            "E       Looked for: {'TracingEnable': True}",
            "E       The closest is 'Prod' (1 mismatch):",
            "E         Properties.TracingEnable: missing key (expected True); "
            "did you mean 'TracingEnabled'?",
        ]
    )
    text = result.stdout.str()
    for module in ("_template.py", "_annotations.py", "_capture.py", "_sections.py"):
        assert module not in text
