"""``OpenApiDefinition``: an OpenAPI file as an asset, its key, its release, inline, refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stagewright import App, Stack, ValidationError
from stagewright.generated.aws_apigateway import rest_api, stage
from stagewright.generated.aws_apigatewayv2 import api as v2_api
from stagewright.stages import (
    HttpStage,
    MethodOptions,
    OpenApiDefinition,
    Release,
    RestStage,
    RouteOptions,
)

from ._support import synth_assembly

_YAML = """\
openapi: 3.0.1
info: {title: pets, version: '1'}
paths:
  /pets:
    get:
      responses:
        200: {description: ok}
"""
_DOCUMENT = {
    "openapi": "3.0.1",
    "info": {"title": "pets", "version": "1"},
    "paths": {"/pets": {"get": {"responses": {"200": {"description": "ok"}}}}},
}
BUCKET = {"Fn::Sub": "stagewright-staging-${AWS::AccountId}-${AWS::Region}"}


def _rest_app(path: Path, **options: Any) -> tuple[App, Release, OpenApiDefinition]:
    app = App()
    stack = Stack(app, "Shop")
    spec = OpenApiDefinition(stack, "Spec", path=path, **options)
    api = rest_api.RestApi(stack, "Api", name="shop", **spec.rest_api_props())
    rest_api.RestApi(stack, "Other", name="other", tags=[rest_api.Tag(key="team", value="a")])
    release = Release(stack, "Live", api=api)
    stage.Stage(stack, "Prod", rest_api_id=api.ref, deployment_id=release.ref, stage_name="prod")
    return app, release, spec


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_rest_api_names_the_document_by_its_hash_in_the_staging_bucket(tmp_path: Path) -> None:
    """BodyS3Location: the staging bucket (by convention) and assets/<sha256 of the JSON>.json."""
    app, _release, spec = _rest_app(_write(tmp_path, "openapi.yaml", _YAML))
    assembly = synth_assembly(app)
    data = json.dumps(_DOCUMENT, separators=(",", ":"), sort_keys=True).encode()
    assert spec.document == _DOCUMENT
    assert spec.asset.data == data
    key = spec.asset.key
    assert key == f"assets/{spec.asset.sha256}.json"
    template = assembly.stack("Shop").template
    assert template["Resources"]["Api"]["Properties"]["BodyS3Location"] == {
        "Bucket": BUCKET,
        "Key": key,
    }
    (asset,) = assembly.stack("Shop").assets
    assert (asset.key, asset.data, asset.content_type) == (key, data, "application/json")
    manifest = assembly.manifest()
    assert manifest["stacks"]["Shop"]["assets"] == [key]
    assert manifest["assets"] == {
        key: {
            "bytes": len(data),
            "contentType": "application/json",
            "sha256": spec.asset.sha256,
            "source": str(tmp_path / "openapi.yaml"),
        }
    }


def test_json_and_yaml_files_of_one_document_are_one_asset(tmp_path: Path) -> None:
    """Formatting and format do not change the key; the content does."""
    yaml_spec = _rest_app(_write(tmp_path, "a.yaml", _YAML))[2]
    json_text = json.dumps(_DOCUMENT, indent=4)
    json_spec = _rest_app(_write(tmp_path, "b.json", json_text))[2]
    assert json_spec.asset.key == yaml_spec.asset.key
    changed = _rest_app(_write(tmp_path, "c.yaml", _YAML.replace("ok", "fine")))[2]
    assert changed.asset.key != yaml_spec.asset.key


def test_a_changed_file_makes_a_new_release_and_moves_the_stage(tmp_path: Path) -> None:
    """The release hashes the API with the key in it: a new document, a new deployment."""
    path = _write(tmp_path, "openapi.yaml", _YAML)
    app, release, _spec = _rest_app(path)
    first = synth_assembly(app).stack("Shop").template
    _write(tmp_path, "openapi.yaml", _YAML.replace("ok", "fine"))
    app, changed, _spec = _rest_app(path)
    second = synth_assembly(app).stack("Shop").template
    assert changed.logical_id != release.logical_id
    assert first["Resources"]["Prod"]["Properties"]["DeploymentId"] == {"Ref": release.logical_id}
    assert second["Resources"]["Prod"]["Properties"]["DeploymentId"] == {"Ref": changed.logical_id}
    _write(tmp_path, "openapi.yaml", "# the same document\n" + _YAML)
    assert _rest_app(path)[1].version == release.version


def test_a_small_document_is_inlined_and_then_not_uploaded(tmp_path: Path) -> None:
    """Up to inline_max_bytes: Body in the template, no asset for the stack."""
    path = _write(tmp_path, "openapi.yaml", _YAML)
    app, _release, spec = _rest_app(path, inline_max_bytes=len(_YAML) * 2)
    assert spec.inline
    assembly = synth_assembly(app)
    properties = assembly.stack("Shop").template["Resources"]["Api"]["Properties"]
    assert properties["Body"] == _DOCUMENT
    assert "BodyS3Location" not in properties
    assert assembly.stack("Shop").assets == ()
    assert "assets" not in assembly.manifest()
    size = len(spec.asset.data)
    assert not _rest_app(path, inline_max_bytes=size - 1)[2].inline
    assert _rest_app(path, inline_max_bytes=size)[2].inline


def test_an_http_api_gets_its_own_location_type(tmp_path: Path) -> None:
    """An HTTP API's BodyS3Location is the ApiGatewayV2 type, with the same bucket and key."""
    app = App()
    stack = Stack(app, "Http")
    spec = OpenApiDefinition(stack, "Spec", path=_write(tmp_path, "openapi.yaml", _YAML))
    v2_api.Api(stack, "Api", **spec.http_api_props())
    assembly = synth_assembly(app)
    location = assembly.stack("Http").template["Resources"]["Api"]["Properties"]["BodyS3Location"]
    assert location == {"Bucket": BUCKET, "Key": spec.asset.key}
    assert isinstance(spec.http_location(), v2_api.BodyS3Location)
    assert [a.key for a in assembly.stack("Http").assets] == [spec.asset.key]


def test_only_the_stacks_naming_an_asset_list_it(tmp_path: Path) -> None:
    """A stack without the key in its template has no assets; two APIs of one file share one."""
    app = App()
    first, second = Stack(app, "First"), Stack(app, "Second")
    spec = OpenApiDefinition(first, "Spec", path=_write(tmp_path, "openapi.yaml", _YAML))
    rest_api.RestApi(first, "Api", name="a", body_s3_location=spec.rest_location())
    rest_api.RestApi(first, "Again", name="b", body_s3_location=spec.rest_location())
    rest_api.RestApi(second, "Api", name="c")
    assembly = synth_assembly(app)
    assert [a.key for a in assembly.stack("First").assets] == [spec.asset.key]
    assert assembly.stack("Second").assets == ()


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "missing.yaml",
            None,
            "Shop/Spec: path: cannot read the OpenAPI file (No such file or directory) [file], "
            "got '{folder}/missing.yaml'",
        ),
        (
            "bad.yaml",
            "openapi: [3\n",
            "Shop/Spec: path: is not a readable OpenAPI document ({folder}/bad.yaml:2: invalid "
            "YAML: did not find expected ',' or ']') [openapi-syntax], got '{folder}/bad.yaml'",
        ),
        (
            "list.json",
            "[1, 2]",
            "Shop/Spec: path: must hold an OpenAPI document (a mapping), not list [openapi], "
            "got '{folder}/list.json'",
        ),
        (
            "empty.yaml",
            "",
            "Shop/Spec: path: must hold an OpenAPI document (a mapping), not nothing (the file is "
            "empty) [openapi], got '{folder}/empty.yaml'",
        ),
        (
            "template.yaml",
            "Resources: {}\n",
            "Shop/Spec: path: must hold an OpenAPI document: no 'openapi' or 'swagger' key "
            "(keys: Resources) [openapi], got '{folder}/template.yaml'",
        ),
    ],
)
def test_a_file_that_is_no_openapi_document_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str | None, expected: str
) -> None:
    """Missing, unreadable, or not an OpenAPI mapping: a ValidationError naming the file.

    The file is named relative to the current folder, as an app names it: a value longer than
    80 characters is cut in messages, and the temporary folder's length varies.
    """
    if text is not None:
        _write(tmp_path, name, text)
    monkeypatch.chdir(tmp_path.parent)
    folder = tmp_path.name
    app = App()
    with pytest.raises(ValidationError) as caught:
        OpenApiDefinition(Stack(app, "Shop"), "Spec", path=Path(folder, name))
    assert str(caught.value) == expected.format(folder=folder)


def test_inline_max_bytes_must_be_a_size(tmp_path: Path) -> None:
    """A negative or non-integer inline_max_bytes is refused with the rest."""
    with pytest.raises(ValidationError, match=r"inline_max_bytes: must be an integer of at least"):
        OpenApiDefinition(
            Stack(App(), "Shop"),
            "Spec",
            path=_write(tmp_path, "o.yaml", _YAML),
            inline_max_bytes=-1,
        )


def test_stage_checks_read_the_document_from_its_file(tmp_path: Path) -> None:
    """method_options and route_settings keys are checked against the file, which is named."""
    path = _write(tmp_path, "openapi.yaml", _YAML)
    app = App()
    stack = Stack(app, "Shop")
    spec = OpenApiDefinition(stack, "Spec", path=path)
    api = rest_api.RestApi(stack, "Api", name="shop", body_s3_location=spec.rest_location())
    release = Release(stack, "Live", api=api)
    options = {"/pets/GET": MethodOptions(), "/pets/POST": MethodOptions()}
    RestStage(stack, "Prod", rest_api=api, deployment=release, method_options=options)
    http = v2_api.Api(stack, "Http", body_s3_location=spec.http_location())
    routes = {"GET /pets": RouteOptions(), "GET /cats": RouteOptions()}
    HttpStage(stack, "Live2", api=http, route_settings=routes)
    warnings = [str(m) for m in app.synthesize().messages if m.level == "warning"]
    assert warnings == [
        f"warning: Shop/Prod: method_options key '/pets/POST': the REST API's OpenAPI document "
        f"({path}) has no POST /pets, so the setting applies to nothing; did you mean "
        "'/pets/GET'?",
        f"warning: Shop/Live2: route_settings key 'GET /cats': the HTTP API's OpenAPI document "
        f"({path}) has no route GET /cats, so the setting applies to nothing; did you mean "
        "'GET /pets'?",
    ]
