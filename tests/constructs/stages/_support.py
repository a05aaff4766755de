"""Helpers for the stage construct tests: synthesize an app and lint every template it makes."""

from __future__ import annotations

import functools
from typing import Any, Literal

from cfnlint.api import lint

from stagewright import App, Assembly, Stack
from stagewright.generated.aws_apigateway.deployment import Deployment
from stagewright.generated.aws_apigateway.rest_api import RestApi
from stagewright.generated.aws_apigatewayv2.api import Api

_BODY = {
    "openapi": "3.0.1",
    "info": {"title": "pets", "version": "1"},
    "paths": {
        "/pets/{id}": {
            "get": {
                "x-amazon-apigateway-integration": {
                    "type": "mock",
                    "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {"default": {"statusCode": "200"}},
                }
            }
        }
    },
}


@functools.cache
def lint_findings(body: str) -> tuple[str, ...]:
    """Return cfn-lint's errors and warnings for a template body (linted once per body)."""
    return tuple(
        f"{m.rule.id} {m.path_string}: {m.message}" for m in lint(body) if m.rule.id[0] in "EW"
    )


def synth_assembly(app: App) -> Assembly:
    """Synthesize ``app`` and check cfn-lint finds nothing in any of its templates."""
    assembly = app.synthesize()
    for artifact in assembly.stacks:
        assert lint_findings(artifact.body) == (), artifact.name
    return assembly


def synth(app: App) -> dict[str, dict[str, Any]]:
    """Synthesize ``app``, check cfn-lint finds nothing in any template, return them by stack."""
    return synth_assembly(app).templates


def rest_app() -> tuple[App, Stack, RestApi, Deployment]:
    """Return an app with one stack holding a REST API (with a method) and a deployment."""
    app = App()
    stack = Stack(app, "Shop")
    api = RestApi(stack, "Api", body=_BODY)
    return app, stack, api, Deployment(stack, "Release1", rest_api_id=api.ref)


def http_app(protocol: Literal["HTTP", "WEBSOCKET"] = "HTTP") -> tuple[App, Stack, Api]:
    """Return an app with one stack holding an HTTP (or WebSocket) API."""
    app = App()
    stack = Stack(app, "Shop")
    selection = "$request.body.action" if protocol == "WEBSOCKET" else None
    api = Api(
        stack, "Api", name="pets", protocol_type=protocol, route_selection_expression=selection
    )
    return app, stack, api
