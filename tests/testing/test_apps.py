"""``stagewright.testing.load_app``: a user's app in a test, as the command line loads it."""

from __future__ import annotations

from pathlib import Path

import pytest

from stagewright import App
from stagewright.cli._commands import AppLoadError
from stagewright.testing import Template, load_app

APP = """
from stagewright import App, Stack
from stagewright.generated.aws_apigateway import rest_api

app = App()
rest_api.RestApi(Stack(app, "Shop"), "Api", name="shop")
"""


def test_a_file_app_is_built_fresh_each_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "app.py").write_text(APP, encoding="utf-8")
    first, second = load_app("app.py"), load_app("app.py")
    assert isinstance(first, App)
    assert first is not second
    Template.from_stack(first.stack("Shop")).resource_count_is("AWS::ApiGateway::RestApi", 1)


def test_a_missing_file_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(AppLoadError, match=r"missing\.py"):
        load_app("missing.py")
