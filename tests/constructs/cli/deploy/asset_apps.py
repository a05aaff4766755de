"""Apps for the staging bucket tests: a 300-path REST API, and one whose OpenAPI is a file.

Both have what moto's CloudFormation needs to deploy an API (see ``shop_app``): a named REST API
and a method before the deployment, here a ``Release`` named after the API's content. moto
creates resources in the template's order and ignores ``DependsOn``, so the method's logical ID
(``AGetRoot``) sorts before the release's (``ApiRelease...``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from stagewright import App, Environment, Stack
from stagewright.generated.aws_apigateway import rest_api, stage
from stagewright.stages import OpenApiDefinition, Release

from .shop_app import root_get_method

__all__ = ["PATHS", "big_api", "file_api", "openapi_document", "two_regions"]

PATHS = 300


def openapi_document(paths: int, title: str = "big") -> dict[str, Any]:
    """An OpenAPI document of ``paths`` paths, each a GET with a mock integration."""
    operation = {
        "x-amazon-apigateway-integration": {
            "type": "mock",
            "requestTemplates": {"application/json": '{"statusCode": 200}'},
            "responses": {"default": {"statusCode": "200"}},
        }
    }
    return {
        "openapi": "3.0.1",
        "info": {"title": title, "version": "1"},
        "paths": {f"/items{index}/{{id}}": {"get": operation} for index in range(paths)},
    }


def _serve(stack: Stack, api: rest_api.RestApi) -> None:
    """A method (moto wants one before a deployment), a release and a stage of ``api``."""
    root_get_method(stack, "AGetRoot", api)
    release = Release(stack, "Live", api=api)
    stage.Stage(stack, "Prod", rest_api_id=api.ref, deployment_id=release.ref, stage_name="prod")


def big_api() -> App:
    """``BigApi``: a REST API with a 300-path inline body, a template over 51,200 bytes."""
    app = App()
    stack = Stack(app, "BigApi")
    api = rest_api.RestApi(stack, "Api", name="big", body=openapi_document(PATHS))
    _serve(stack, api)
    return app


def file_api(folder: Path) -> App:
    """``FileApi``: a REST API whose OpenAPI document is ``folder/openapi.yaml``."""
    app = App()
    stack = Stack(app, "FileApi")
    spec = OpenApiDefinition(stack, "Spec", path=folder / "openapi.yaml")
    api = rest_api.RestApi(stack, "Api", name="files", body_s3_location=spec.rest_location())
    _serve(stack, api)
    return app


def two_regions() -> App:
    """``East`` (us-east-1) and ``West`` (eu-west-1), each a 300-path API over 51,200 bytes."""
    app = App()
    for name, region in (("East", "us-east-1"), ("West", "eu-west-1")):
        stack = Stack(app, name, env=Environment(region=region))
        api = rest_api.RestApi(stack, "Api", name=name.lower(), body=openapi_document(PATHS))
        _serve(stack, api)
    return app
