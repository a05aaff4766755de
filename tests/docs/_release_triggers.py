"""Code that gives each message of a ``Release``, and the diff's deployment warning."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

from stagewright import App, RawResource, Stack, ValidationError
from stagewright.core._tree import TreeError
from stagewright.examples.shop import build_app
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.generated.aws_apigatewayv2.api import Api
from stagewright.stages import HttpStage, Release, RestStage
from stagewright.synth._synth import SynthesisError

from ._cli_triggers import run
from ._schema_triggers import problem

Trigger = Callable[[Path], str]


def _api_with_method() -> tuple[App, Stack, RestApi]:
    app = App()
    stack = Stack(app, "Shop")
    api = RestApi(stack, "Api", name="shop")
    RawResource(
        stack,
        "RootGet",
        type="AWS::ApiGateway::Method",
        properties={
            "RestApiId": api.ref,
            "ResourceId": api.get_att("RootResourceId"),
            "HttpMethod": "GET",
            "AuthorizationType": "NONE",
            "Integration": {"Type": "MOCK"},
        },
    )
    return app, stack, api


def _first_problem(app: App) -> str:
    try:
        app.synthesize()
    except SynthesisError as exc:
        return exc.problems[0]
    raise AssertionError("no SynthesisError")


def _twice(_: Path) -> str:
    app, stack, api = _api_with_method()
    Release(stack, "Live", api=api, pin="0badcafe")
    Release(stack, "Next", api=api, pin="0badcafe")
    return _first_problem(app)


def _http_release_on_rest_stage(_: Path) -> str:
    app = App()
    stack = Stack(app, "Shop")
    http = Api(stack, "Http", name="pets", protocol_type="HTTP")
    RestStage(
        stack, "Prod", rest_api=RestApi(stack, "Api"), deployment=Release(stack, "Live", api=http)
    )
    return _first_problem(app)


def _rest_release_on_http_stage(_: Path) -> str:
    stack = Stack(App(), "Shop")
    http = Api(stack, "Http", name="pets", protocol_type="HTTP")
    release = Release(stack, "Live", api=RestApi(stack, "Api", name="shop"))
    try:
        HttpStage(stack, "Prod", api=http, auto_deploy=False, deployment_id=release)
    except ValidationError as exc:
        return str(exc)
    raise AssertionError("no ValidationError")


def _override(_: Path) -> str:
    stack = Stack(App(), "Shop")
    release = Release(stack, "Live", api=RestApi(stack, "Api", name="shop"))
    try:
        release.resource.override_logical_id("Release1")
    except TreeError as exc:
        return str(exc)
    raise AssertionError("no TreeError")


def _note(pin: str | None) -> Trigger:
    def trigger(_: Path) -> str:
        app, stack, api = _api_with_method()
        Release(stack, "Live", api=api, pin=pin)
        (message,) = app.synthesize().messages
        return str(message)

    return trigger


def _diff_warning(folder: Path) -> str:
    old = copy.deepcopy(build_app().synthesize().templates["StagewrightExample"])
    old["Resources"]["ShopApi"]["Properties"]["Body"]["info"]["version"] = "0"
    (folder / "old.json").write_text(json.dumps(old), encoding="utf-8")
    code, lines = run(folder, "diff", "--example", "--template", "old.json")
    assert code == 0, lines
    return lines[-1]


def _refused(**arguments: object) -> Trigger:
    """A trigger: ``Release(stack, "Live", api=<a RestApi>, **arguments)``'s first problem."""

    def build() -> object:
        stack = Stack(App(), "Shop")
        options = {"api": RestApi(stack, "Api"), **arguments}
        return Release(stack, "Live", **options)  # type: ignore[arg-type]

    return lambda _: problem(build)


RELEASE: dict[str, Trigger] = {
    "release-api": _refused(api="abc123"),
    "release-pin": _refused(pin="v1"),
    "release-triggers": _refused(triggers={"at": object}),
    "release-twice": _twice,
    "release-other-protocol": _http_release_on_rest_stage,
    "release-of-api": _rest_release_on_http_stage,
    "release-override": _override,
    "release-note": _note(None),
    "release-note-pinned": _note("0badcafe"),
}

DIFF: dict[str, Trigger] = {"cli-diff-deployment": _diff_warning}
