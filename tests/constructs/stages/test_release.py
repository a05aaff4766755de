"""Release: a deployment named after its API's content, and the canary lifecycle built on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from stagewright import App, RawResource, Stack
from stagewright.core._tree import TreeError
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.generated.aws_apigatewayv2.api import Api
from stagewright.runtime._errors import ValidationError
from stagewright.stages import CanaryStage, HttpStage, Release, RestStage
from stagewright.synth._synth import SynthesisError

from ._support import synth

Template = dict[str, Any]


def _method(stack: Stack, api: RestApi, verb: str, **extra: Any) -> RawResource:
    """Add ``verb /`` to ``api`` as a raw AWS::ApiGateway::Method (a mock integration)."""
    return RawResource(
        stack,
        f"Root{verb.title()}",
        type="AWS::ApiGateway::Method",
        properties={
            "RestApiId": api.ref,
            "ResourceId": api.get_att("RootResourceId"),
            "HttpMethod": verb,
            "AuthorizationType": "NONE",
            "Integration": {"Type": "MOCK", **extra},
        },
    )


def _rest(
    verbs: Sequence[str] = ("GET",),
    *,
    body: dict[str, Any] | None = None,
    triggers: Any = None,
    variables: dict[str, str] | None = None,
    extra: Callable[[Stack, RestApi], object] | None = None,
) -> Template:
    """Synthesize a REST API with ``verbs`` on its root, a Release and a stage serving it."""
    app = App()
    stack = Stack(app, "Shop")
    api = RestApi(stack, "Api", name="shop", body=body)
    for verb in verbs:
        _method(stack, api, verb)
    release = Release(stack, "Live", api=api, triggers=triggers)
    RestStage(stack, "Prod", rest_api=api, deployment=release, variables=variables)
    if extra is not None:
        extra(stack, api)
    return synth(app)["Shop"]


def _deployments(template: Template) -> list[str]:
    """The logical IDs of the template's REST deployments."""
    return sorted(
        logical_id
        for logical_id, entry in template["Resources"].items()
        if entry["Type"] == "AWS::ApiGateway::Deployment"
    )


def _served(template: Template, stage: str = "Prod") -> tuple[str, str | None]:
    """The deployment the stage serves, and its canary's (or None)."""
    properties = template["Resources"][stage]["Properties"]
    canary = properties.get("CanarySetting", {}).get("DeploymentId", {}).get("Ref")
    return properties["DeploymentId"]["Ref"], canary


def test_a_changed_method_renames_the_release_and_moves_the_stage() -> None:
    """Adding or changing a method of the API gives a new deployment ID the stage follows."""
    before = _rest(("GET",))
    (first,) = _deployments(before)
    assert first.startswith("ApiRelease")
    assert len(first) == len("ApiRelease") + 8
    assert _served(before) == (first, None)
    added = _rest(("GET", "POST"))
    changed = _rest(("GET",), extra=lambda s, a: _method(s, a, "PUT", TimeoutInMillis=500))
    for after in (added, changed):
        (second,) = _deployments(after)
        assert second != first
        assert _served(after) == (second, None)


def test_a_changed_body_or_trigger_renames_the_release() -> None:
    """The API's body and the release's triggers are part of what is hashed."""
    base = _deployments(_rest((), body={"openapi": "3.0.1", "paths": {"/pets": {}}}))
    body = _deployments(_rest((), body={"openapi": "3.0.1", "paths": {"/dogs": {}}}))
    trigger = _deployments(
        _rest((), body={"openapi": "3.0.1", "paths": {"/pets": {}}}, triggers={"code": "v2"})
    )
    assert len({*base, *body, *trigger}) == 3


def test_unrelated_changes_keep_the_release() -> None:
    """Tags, another API's methods, stage variables and unrelated resources leave the ID alone."""
    base = _deployments(_rest())

    def other_api(stack: Stack, api: RestApi) -> None:
        admin = RestApi(stack, "Admin", name="admin")
        _method(stack, admin, "DELETE").override_logical_id("AdminDelete")

    def tagged_neighbour(stack: Stack, api: RestApi) -> None:
        RawResource(
            stack,
            "Topic",
            type="AWS::SNS::Topic",
            properties={"Tags": [{"Key": "team", "Value": "pets"}]},
        )
        api.add_property_override("Tags", [{"Key": "team", "Value": "pets"}])

    assert _deployments(_rest(extra=other_api)) == base
    assert _deployments(_rest(extra=tagged_neighbour)) == base
    assert _deployments(_rest(variables={"alias": "v2"})) == base


def test_the_release_waits_for_every_member_in_its_stack() -> None:
    """The deployment DependsOn the API's methods and resources (sorted), not on other APIs'."""
    template = _rest(
        ("GET", "POST"), extra=lambda s, a: _method(s, RestApi(s, "Other", name="other"), "PUT")
    )
    (release,) = _deployments(template)
    assert template["Resources"][release]["DependsOn"] == ["RootGet", "RootPost"]


def test_a_member_in_another_stack_counts_and_orders_the_stacks() -> None:
    """A method of the API made in another stack changes the ID, and that stack deploys first."""

    def build(verb: str) -> tuple[str, tuple[str, ...]]:
        app = App()
        base = Stack(app, "Base")
        api = RestApi(base, "Api", name="shop")
        _method(base, api, "GET")
        _method(Stack(app, "Methods"), api, verb)
        live = Stack(app, "Live")
        RestStage(live, "Prod", rest_api=api, deployment=Release(live, "Live", api=api))
        assembly = app.synthesize()
        (artifact,) = [a for a in assembly.stacks if a.name == "Live"]
        resources = artifact.template["Resources"]
        (release,) = [k for k, v in resources.items() if v["Type"].endswith("Deployment")]
        assert "DependsOn" not in resources[release]  # no member in its own stack
        return release, artifact.dependencies

    (first, order), (second, _) = build("POST"), build("PATCH")
    assert first != second
    assert order == ("Base", "Methods")


def test_the_canary_flow_across_three_releases_keeps_the_right_deployments() -> None:
    """Release 1 live; canary 2 with 1 pinned; promote 2; canary 3 with 2 pinned; roll back."""

    def build(verbs: Sequence[str], *, stable: str | None, canary: bool) -> Template:
        app = App()
        stack = Stack(app, "Shop")
        api = RestApi(stack, "Api", name="shop")
        for verb in verbs:
            _method(stack, api, verb)
        live = Release(stack, "Live", api=api, pin=stable)
        if canary:
            new = Release(stack, "Next", api=api)
            CanaryStage(
                stack, "Prod", rest_api=api, deployment=live, canary_deployment=new, percent=10
            )
        else:
            RestStage(stack, "Prod", rest_api=api, deployment=live)
        return synth(app)["Shop"]

    first = build(["GET"], stable=None, canary=False)
    (v1,) = _deployments(first)
    assert _served(first) == (v1, None)

    second = build(["GET", "POST"], stable=v1[-8:], canary=True)
    v2 = next(d for d in _deployments(second) if d != v1)
    assert _deployments(second) == sorted([v1, v2])  # release 1 kept: the same logical ID
    assert _served(second) == (v1, v2)
    assert second["Resources"]["Prod"]["Properties"]["CanarySetting"]["PercentTraffic"] == 10

    promoted = build(["GET", "POST"], stable=None, canary=False)
    assert _deployments(promoted) == [v2]  # release 1 goes, release 2 is not re-created
    assert _served(promoted) == (v2, None)

    third = build(["GET", "POST", "PUT"], stable=v2[-8:], canary=True)
    v3 = next(d for d in _deployments(third) if d != v2)
    assert v3 not in (v1, v2)
    assert _deployments(third) == sorted([v2, v3])
    assert _served(third) == (v2, v3)

    rolled_back = build(["GET", "POST", "PUT"], stable=v2[-8:], canary=False)
    assert _deployments(rolled_back) == [v2]
    assert _served(rolled_back) == (v2, None)


_SCRIPT = """
from stagewright import App, RawResource, Stack
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.stages import Release
app = App()
stack = Stack(app, "Shop")
api = RestApi(stack, "Api", name="shop", body={"paths": {"/a": {}, "/b": {}}, "z": [1, 2.5]})
for verb in ("GET", "POST", "PUT"):
    RawResource(stack, verb, type="AWS::ApiGateway::Method", properties={
        "RestApiId": api.ref, "ResourceId": api.get_att("RootResourceId"), "HttpMethod": verb,
        "AuthorizationType": "NONE", "Integration": {"Type": "MOCK"}})
release = Release(stack, "Live", api=api, triggers={"b": {1, 2} and [1, 2], "a": "x"})
app.synthesize()
print(release.resource.logical_id)
"""


def test_the_version_is_the_same_in_every_process() -> None:
    """Two processes with different hash seeds name the deployment the same."""
    ids = set()
    for seed in ("1", "2", "random"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT], env=env, capture_output=True, text=True, check=True
        )
        ids.add(done.stdout.strip())
    assert len(ids) == 1
    (logical_id,) = ids
    assert logical_id.startswith("ApiRelease")


def test_a_release_of_an_http_api_snapshots_its_routes() -> None:
    """A v2 Api gets an AWS::ApiGatewayV2::Deployment named after its routes and integrations."""

    def build(route_key: str) -> Template:
        app = App()
        stack = Stack(app, "Shop")
        api = Api(stack, "Api", name="shop", protocol_type="HTTP")
        target = RawResource(
            stack,
            "Backend",
            type="AWS::ApiGatewayV2::Integration",
            properties={
                "ApiId": api.ref,
                "IntegrationType": "HTTP_PROXY",
                "IntegrationMethod": "ANY",
                "IntegrationUri": "https://example.com",
                "PayloadFormatVersion": "1.0",
            },
        )
        RawResource(
            stack,
            "Route",
            type="AWS::ApiGatewayV2::Route",
            properties={
                "ApiId": api.ref,
                "RouteKey": route_key,
                "Target": {"Fn::Join": ["/", ["integrations", target.ref]]},
            },
        )
        release = Release(stack, "Live", api=api, description="pets")
        HttpStage(
            stack, "Live2", api=api, stage_name="live", auto_deploy=False, deployment_id=release
        )
        return synth(app)["Shop"]

    first, second = build("GET /pets"), build("GET /dogs")
    (a,) = [k for k, v in first["Resources"].items() if v["Type"].endswith("V2::Deployment")]
    (b,) = [k for k, v in second["Resources"].items() if v["Type"].endswith("V2::Deployment")]
    assert a != b
    assert a.startswith("ApiRelease")
    assert first["Resources"][a] == {
        "Type": "AWS::ApiGatewayV2::Deployment",
        "Properties": {"ApiId": {"Ref": "Api"}, "Description": "pets"},
        "DependsOn": ["Backend", "Route"],
    }
    assert first["Resources"]["Live2"]["Properties"]["DeploymentId"] == {"Ref": a}


def test_synthesis_notes_each_release_and_its_pin() -> None:
    """Each release gets a note with its version; a pinned one also says the current content's."""
    app = App()
    stack = Stack(app, "Shop")
    api = RestApi(stack, "Api", name="shop")
    _method(stack, api, "GET")
    new = Release(stack, "Next", api=api)
    Release(stack, "Live", api=api, pin="0000ABCD")
    texts = [(m.level, m.path, m.text) for m in app.synthesize().messages]
    assert texts == [
        ("info", "Shop/Next", f"release {new.version} of Shop/Api"),
        (
            "info",
            "Shop/Live",
            f"release 0000abcd of Shop/Api, pinned (the content is {new.version} now)",
        ),
    ]
    assert new.resource.logical_id == f"ApiRelease{new.version}"


def test_the_version_follows_the_tree_from_one_synthesis_to_the_next() -> None:
    """A method added after a synthesis changes the next one's ID; the old note goes."""
    app = App()
    stack = Stack(app, "Shop")
    api = RestApi(stack, "Api", name="shop")
    _method(stack, api, "GET")
    release = Release(stack, "Live", api=api)
    app.synthesize()
    first = release.version
    _method(stack, api, "POST")
    messages = app.synthesize().messages
    assert release.version != first
    assert [m.text for m in messages] == [f"release {release.version} of Shop/Api"]
    assert _deployments(app.synthesize().templates["Shop"]) == [f"ApiRelease{release.version}"]


def test_two_releases_with_one_version_are_a_synthesis_error() -> None:
    """Pinning the current content's version beside an unpinned release names both."""
    app = App()
    stack = Stack(app, "Shop")
    api = RestApi(stack, "Api", name="shop")
    _method(stack, api, "GET")
    current = Release(stack, "Next", api=api)
    Release(stack, "Live", api=api, pin=current.version)
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    assert caught.value.problems[0] == (
        f"Shop/Live: release {current.version} of Shop/Api is also 'Shop/Next': two releases of "
        "one API with the same content (or pin) are one deployment; keep one of them"
    )


def test_a_lone_release_pinned_to_its_own_content_is_legal() -> None:
    """Pinning the version the content has anyway changes nothing."""
    unpinned = _deployments(_rest())
    app = App()
    stack = Stack(app, "Shop")
    api = RestApi(stack, "Api", name="shop")
    _method(stack, api, "GET")
    Release(stack, "Live", api=api, pin=unpinned[0][-8:])
    assert _deployments(app.synthesize().templates["Shop"]) == unpinned


def test_bad_arguments_are_refused_at_once() -> None:
    """An API that is no API construct, a pin that is no version, triggers JSON cannot hold."""
    stack = Stack(App(), "Shop")
    with pytest.raises(ValidationError) as caught:
        Release(stack, "Live", api="abc123", pin="v1", triggers={"when": object()})  # type: ignore[arg-type]
    assert [p.path for p in caught.value.problems] == [("api",), ("pin",), ("triggers",)]
    assert stack.node.try_find_child("Live") is None


def test_the_deployment_id_cannot_be_overridden() -> None:
    """override_logical_id on a release's deployment points at pin= instead."""
    stack = Stack(App(), "Shop")
    release = Release(stack, "Live", api=RestApi(stack, "Api", name="shop"))
    with pytest.raises(TreeError, match=r"pin a version with Release\(\.\.\., pin=\.\.\.\)"):
        release.resource.override_logical_id("Release1")


def test_a_release_of_an_http_api_on_a_rest_stage_is_refused() -> None:
    """A REST stage serving a release of a v2 API is a synthesis error naming both."""
    app = App()
    stack = Stack(app, "Shop")
    rest = RestApi(stack, "Api", name="shop")
    http = Api(stack, "Http", name="http", protocol_type="HTTP")
    RestStage(stack, "Prod", rest_api=rest, deployment=Release(stack, "Live", api=http))
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    assert caught.value.problems == (
        "Shop/Prod: the deployment 'Shop/Live' is a release of AWS::ApiGatewayV2::Api "
        "'Shop/Http', not of a REST API; pass a release of this stage's REST API",
    )


def test_a_release_of_another_rest_api_is_refused() -> None:
    """The deployment-of-another-API check sees through a Release and names the release."""
    app = App()
    stack = Stack(app, "Shop")
    api = RestApi(stack, "Api", name="shop")
    admin = RestApi(stack, "Admin", name="admin")
    RestStage(stack, "Prod", rest_api=api, deployment=Release(stack, "Live", api=admin))
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    assert caught.value.problems[0].startswith(
        "Shop/Prod: the deployment 'Shop/Live' belongs to REST API 'Shop/Admin'"
    )


def test_the_template_is_valid_json_with_the_release() -> None:
    """The synthesized template round-trips through JSON unchanged (no marker types leak)."""
    template = _rest(("GET", "POST"))
    assert json.loads(json.dumps(template)) == template


def test_an_http_stage_refuses_a_release_of_another_api() -> None:
    """A v2 stage's deployment_id Release must be of its own API: a REST API's is refused."""
    app = App()
    stack = Stack(app, "Shop")
    http = Api(stack, "Http", name="pets", protocol_type="HTTP")
    rest = Release(stack, "Rest", api=RestApi(stack, "Api", name="shop"))
    with pytest.raises(ValidationError, match=r"\[release-of-api\]"):
        HttpStage(stack, "Prod", api=http, auto_deploy=False, deployment_id=rest)
    assert stack.node.try_find_child("Prod") is None
