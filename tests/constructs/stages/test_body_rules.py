"""Warnings from the API's inline OpenAPI body and the canary's overrides, at synthesis."""

from __future__ import annotations

from stagewright import App, CfnParameter, Stack
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.generated.aws_apigatewayv2.api import Api
from stagewright.stages import Canary, HttpStage, MethodOptions, RestStage, RouteOptions
from tests.constructs.stages._support import rest_app

_GET: dict[str, dict[str, object]] = {"get": {}}


def _warnings(app: App) -> list[str]:
    return [str(m) for m in app.synthesize().messages if m.level == "warning"]


def test_method_keys_the_body_defines_do_not_warn() -> None:
    """'/pets/{id}/GET', '/pets/{id}/*' and '/*/*' match the body's operations: no warning."""
    app, stack, api, release = rest_app()
    options = {k: MethodOptions() for k in ("/pets/{id}/GET", "/pets/{id}/*", "/*/*")}
    RestStage(stack, "Prod", rest_api=api, deployment=release, method_options=options)
    assert _warnings(app) == []


def test_a_method_or_path_the_body_lacks_warns_with_the_nearest_key() -> None:
    """A missing method of a known path, and a missing path, each warn once per synthesis."""
    app, stack, api, release = rest_app()
    options = {"/pets/{id}/POST": MethodOptions(), "/pet/*": MethodOptions()}
    RestStage(stack, "Prod", rest_api=api, deployment=release, method_options=options)
    first = _warnings(app)
    assert len(first) == 2
    assert "has no POST /pets/{id}" in first[0]
    assert "has no /pet," in first[1]
    assert "did you mean '/pets/{id}/*'?" in first[1]
    assert _warnings(app) == first


def test_a_body_given_as_a_reference_is_not_read() -> None:
    """A Ref (or S3) body cannot be read at synthesis: no warning about keys."""
    app = App()
    stack = Stack(app, "Shop")
    body = CfnParameter(stack, "Body", type="String")
    api = RestApi(stack, "Api", body={"Ref": body.logical_id})
    release = Deployment(stack, "R", rest_api_id=api.ref)
    RestStage(
        stack, "P", rest_api=api, deployment=release, method_options={"/x/GET": MethodOptions()}
    )
    assert [w for w in _warnings(app) if "OpenAPI" in w] == []


def test_http_route_keys_are_checked_against_the_body() -> None:
    """'GET /pets/{id}' and '$default' pass; 'GET /pets' warns with the nearest route."""
    app = App()
    stack = Stack(app, "Shop")
    api = Api(stack, "Api", body={"openapi": "3.0.1", "paths": {"/pets/{id}": _GET}})
    routes = {
        k: RouteOptions(detailed_metrics_enabled=True)
        for k in ("GET /pets/{id}", "$default", "GET /pets")
    }
    HttpStage(stack, "Live", api=api, route_settings=routes)
    (warning,) = _warnings(app)
    assert "route_settings key 'GET /pets'" in warning
    assert warning.endswith("did you mean 'GET /pets/{id}'?")


def _body_with(reference: str) -> dict[str, object]:
    get = {"get": {"x-amazon-apigateway-integration": {"type": "http_proxy", "uri": reference}}}
    return {"openapi": "3.0.1", "paths": {"/pets": get}}


def test_a_body_variable_defined_by_the_stage_or_the_canary_does_not_warn() -> None:
    """Variables and canary overrides both define a name; an undefined one warns."""
    app = App()
    stack = Stack(app, "Shop")
    api = RestApi(
        stack, "Api", body=_body_with("https://${stageVariables.host}/${stageVariables.v}")
    )
    release = Deployment(stack, "R", rest_api_id=api.ref)
    canary = Canary(deployment=release, stage_variable_overrides={"v": "2"})
    RestStage(
        stack,
        "A",
        rest_api=api,
        deployment=release,
        variables={"host": "h"},
        canary=canary,
        stage_name="a",
    )
    RestStage(stack, "B", rest_api=api, deployment=release, variables={"host": "h"}, stage_name="b")
    (warning,) = _warnings(app)
    assert warning.startswith(
        "warning: Shop/B: the API's inline OpenAPI body uses ${stageVariables.v},"
    )


def test_http_stage_variables_are_checked_against_the_body() -> None:
    """An HTTP stage without the body's variable warns, naming stage_variables=."""
    app = App()
    stack = Stack(app, "Shop")
    api = Api(stack, "Api", body=_body_with("https://${stageVariables.host}/"))
    HttpStage(stack, "Live", api=api)
    (warning,) = _warnings(app)
    assert warning.endswith("define it in stage_variables=")


def test_canary_overrides_may_add_variables_but_a_near_miss_warns() -> None:
    """A new override name is fine (overrides may add); one a typo away from a variable warns."""
    app, stack, api, release = rest_app()
    overrides = {"lamdaAlias": "c", "featureFlag": "on", "lambdaAlias2": "x"}
    canary = Canary(deployment=release, stage_variable_overrides=overrides)
    RestStage(
        stack,
        "Prod",
        rest_api=api,
        deployment=release,
        variables={"lambdaAlias": "l"},
        canary=canary,
    )
    (warning,) = _warnings(app)
    assert "override 'lamdaAlias'" in warning


def test_the_warning_goes_when_the_canary_is_promoted() -> None:
    """Warnings are decided afresh at each synthesis: promoting the canary removes the reason."""
    app, stack, api, release = rest_app()
    canary = Canary(deployment=release, stage_variable_overrides={"lamdaAlias": "c"})
    stage = RestStage(
        stack,
        "Prod",
        rest_api=api,
        deployment=release,
        variables={"lambdaAlias": "l"},
        canary=canary,
    )
    assert len(_warnings(app)) == 1
    stage.promote_canary()
    assert _warnings(app) == []
