"""What fails in docs/errors.md for OpenAPI files and the staging bucket (S3, STS stubbed)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from stagewright import App, Stack
from stagewright.cli._bootstrap import STAGING_STACK, staging_app
from stagewright.cli._deploy_inputs import check_sizes
from stagewright.cli._events import DeployError
from stagewright.stages import OpenApiDefinition
from stagewright.synth._assembly import StackArtifact
from tests.constructs.cli.deploy._staging_stubs import Aws
from tests.constructs.cli.deploy._stubs import Cfn

from ._cli_triggers import _inside, run
from ._schema_triggers import problem

Trigger = Callable[[Path], str]
BIG = "tests.constructs.cli.deploy.apps:big"


def _openapi(name: str, text: str | None) -> Trigger:
    """``OpenApiDefinition(stack, "Spec", path=name)`` in the folder, ``name`` holding ``text``."""

    def trigger(folder: Path) -> str:
        if text is not None:
            (folder / name).write_text(text, encoding="utf-8")
        with _inside(folder):
            return problem(lambda: OpenApiDefinition(Stack(App(), "Shop"), "Spec", path=name))

    return trigger


def _deploy_without_bucket(status: int) -> Trigger:
    """``deploy`` of a template over 51,200 bytes when HeadBucket answers ``status``."""

    def trigger(folder: Path) -> str:
        with pytest.MonkeyPatch.context() as patch:
            cfn, aws = Cfn(patch), Aws(patch)
            cfn.missing("Big")
            aws.caller()
            aws.s3("head_bucket", {}, status)
            code, lines = run(folder, "deploy", BIG, "--yes")
            cfn.done()
            aws.done()
        assert code == 1, lines
        return lines[0]

    return trigger


def _bucket_gone(folder: Path) -> str:
    """``bootstrap`` when the stack is up to date but its bucket was deleted."""
    with pytest.MonkeyPatch.context() as patch:
        cfn, aws = Cfn(patch), Aws(patch)
        aws.caller()
        cfn.stack(STAGING_STACK, "CREATE_COMPLETE")
        body = staging_app().synthesize().stack(STAGING_STACK).body
        request = {"StackName": STAGING_STACK, "TemplateStage": "Original"}
        cfn.call("get_template", request, {"TemplateBody": body})
        aws.s3("head_bucket", {}, 404)
        code, lines = run(folder, "bootstrap", "--yes")
        cfn.done()
        aws.done()
    assert code == 1, lines
    return lines[0]


def _too_large(_: Path) -> str:
    """``check_sizes`` of a template over 1 MB as compact JSON (synthesis refuses it first)."""
    template = {"Resources": {"Big": {"Type": "AWS::SNS::Topic", "Metadata": {"X": "y" * 2**20}}}}
    data = json.dumps(template, indent=2).encode()
    artifact = StackArtifact(
        name="Big", path="Big", file="Big.template.json", data=data, resources=1,
        dependencies=(), overrides=(),
    )  # fmt: skip
    try:
        check_sizes([artifact])
    except DeployError as error:
        return str(error)
    raise AssertionError("not refused")


OPENAPI: dict[str, Trigger] = {
    "openapi-file": _openapi("openapi.yaml", None),
    "openapi-syntax": _openapi("openapi.yaml", "openapi: [3\n"),
    "openapi-document": _openapi("template.yaml", "Resources: {}\n"),
}

STAGING: dict[str, Trigger] = {
    "cli-no-staging-bucket": _deploy_without_bucket(404),
    "cli-staging-bucket-forbidden": _deploy_without_bucket(403),
    "cli-bootstrap-bucket-gone": _bucket_gone,
    "cli-template-too-large": _too_large,
}
