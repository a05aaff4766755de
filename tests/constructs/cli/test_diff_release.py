"""`diff` warns when an API changes under deployments that keep their logical IDs."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from stagewright import App, RawResource, Stack
from stagewright.cli import main
from stagewright.examples.shop import build_app
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.stages import Release, RestStage
from stagewright.template._diff import diff_templates

_WARNING = (
    "API ShopApi changes (its definition) but its deployment(s) ShopRelease1, ShopRelease2 keep "
    "their logical IDs: the stages keep serving the old API; use stagewright.stages.Release, a "
    "deployment named after the API's content"
)


def _example() -> dict[str, Any]:
    return build_app().synthesize().templates["StagewrightExample"]


def _deployed_with_another_body() -> dict[str, Any]:
    old = copy.deepcopy(_example())
    old["Resources"]["ShopApi"]["Properties"]["Body"]["info"]["version"] = "0"
    return old


def _release_app(verbs: tuple[str, ...]) -> dict[str, Any]:
    app = App()
    stack = Stack(app, "Shop")
    api = RestApi(stack, "Api", name="shop")
    for verb in verbs:
        RawResource(
            stack,
            verb,
            type="AWS::ApiGateway::Method",
            properties={
                "RestApiId": api.ref,
                "ResourceId": api.get_att("RootResourceId"),
                "HttpMethod": verb,
                "AuthorizationType": "NONE",
                "Integration": {"Type": "MOCK"},
            },
        )
    RestStage(stack, "Prod", rest_api=api, deployment=Release(stack, "Live", api=api))
    return app.synthesize().templates["Shop"]


def test_a_changed_body_under_fixed_deployments_warns() -> None:
    """The example's hand-named deployments stay while its body changes: one warning line."""
    diff = diff_templates(_deployed_with_another_body(), _example())
    assert diff.warnings == (_WARNING,)
    assert diff.to_json()["warnings"] == [_WARNING]


def test_a_changed_method_under_a_fixed_deployment_warns() -> None:
    """A raw method of the API changing while its one deployment stays is named a member change."""
    old = _release_app(("GET",))
    new = copy.deepcopy(old)
    new["Resources"]["GET"]["Properties"]["Integration"]["TimeoutInMillis"] = 500
    (warning,) = diff_templates(old, new).warnings
    assert warning.startswith("API Api changes (its member resources) but its deployment(s) ")


def test_a_release_that_follows_the_change_does_not_warn() -> None:
    """With a Release the changed API comes with a new deployment: no warning."""
    diff = diff_templates(_release_app(("GET",)), _release_app(("GET", "POST")))
    assert diff.warnings == ()
    assert [(r.type, r.action) for r in diff.resources if r.type.endswith("Deployment")] == [
        ("AWS::ApiGateway::Deployment", "add"),
        ("AWS::ApiGateway::Deployment", "remove"),
    ]


def test_tags_new_apis_and_replaced_deployments_do_not_warn() -> None:
    """A tag on the API, an API not deployed yet, a deployment being replaced: no warning."""
    old, tagged = _example(), copy.deepcopy(_example())
    tagged["Resources"]["ShopApi"]["Properties"]["Tags"] = [{"Key": "team", "Value": "pets"}]
    assert diff_templates(old, tagged).warnings == ()
    assert diff_templates({}, _example()).warnings == ()
    replaced = _deployed_with_another_body()  # DeploymentCanarySettings is create-only
    replaced["Resources"]["ShopRelease2"]["Properties"]["DeploymentCanarySettings"] = {
        "PercentTraffic": 5
    }
    assert diff_templates(replaced, _example()).warnings == ()


def test_the_cli_prints_the_warning_and_puts_it_in_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`stagewright diff` prints 'warning: ...' after the changes; --json lists it."""
    file = tmp_path / "old.json"
    file.write_text(json.dumps(_deployed_with_another_body()))
    assert main(["diff", "--example", "--template", str(file)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[-1] == f"warning: {_WARNING}"
    assert main(["diff", "--example", "--template", str(file), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["stacks"]["StagewrightExample"]["warnings"] == [_WARNING]
