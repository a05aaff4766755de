"""``stagewright bootstrap`` and deploys through the staging bucket, against a local moto server.

What moto 5.2 does, and these tests expect: it creates the bucket of an ``AWS::S3::Bucket`` with
its name and encryption (versioning, lifecycle and public access block are not applied), skips
``AWS::S3::BucketPolicy`` with a warning, reads a ``TemplateURL`` from its own S3, and ignores a
REST API's ``BodyS3Location`` (the API is created without importing the document).
"""

from __future__ import annotations

import hashlib
import json
import textwrap
from pathlib import Path

import boto3
import pytest

from stagewright.cli._bootstrap import STAGING_STACK, staging_app
from stagewright.synth._encode import dumps_compact_bytes

from ._stubs import run
from .asset_apps import PATHS, big_api

BIG = "tests.constructs.cli.deploy.asset_apps:big_api"
FAST = ["--yes", "--poll-interval", "0", "--timeout", "1"]
BUCKET = "stagewright-staging-123456789012-us-east-1"
_FILE_APP = """
from pathlib import Path
from tests.constructs.cli.deploy.asset_apps import file_api

app = file_api(Path(__file__).parent)
"""


def _objects() -> dict[str, bytes]:
    s3 = boto3.client("s3")
    listed = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read() for o in listed}


def _stack_names() -> list[str]:
    stacks = boto3.client("cloudformation").list_stacks()["StackSummaries"]
    return sorted(s["StackName"] for s in stacks if s["StackStatus"] != "DELETE_COMPLETE")


def test_bootstrap_creates_the_bucket_and_a_second_run_changes_nothing(
    aws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """The first run creates the stack and its encrypted bucket; the second changes nothing."""
    code, out, err = run(capsys, "bootstrap", *FAST)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "Bootstrapping account 123456789012, region us-east-1: stack StagewrightStaging with "
        f"the staging bucket {BUCKET}"
    )
    assert "  Add     StagingBucket        AWS::S3::Bucket" in lines
    assert lines[-1].startswith("Stack StagewrightStaging: CREATE_COMPLETE in ")
    s3 = boto3.client("s3")
    rules = s3.get_bucket_encryption(Bucket=BUCKET)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    cloudformation = boto3.client("cloudformation")
    deployed = cloudformation.get_template(StackName=STAGING_STACK)["TemplateBody"]
    assert deployed == staging_app().synthesize().stack(STAGING_STACK).template
    change_sets = cloudformation.list_change_sets(StackName=STAGING_STACK)["Summaries"]

    code, out, err = run(capsys, "bootstrap", *FAST)
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        f"Staging bucket {BUCKET} (stack StagewrightStaging, account 123456789012, region "
        "us-east-1) is up to date: nothing to do"
    ]
    assert cloudformation.list_change_sets(StackName=STAGING_STACK)["Summaries"] == change_sets


def test_deploy_without_bootstrap_says_so_and_changes_nothing(
    aws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A template over 51,200 bytes and no staging bucket: one line, no stack, no bucket."""
    code, out, err = run(capsys, "deploy", BIG, *FAST)
    assert (code, out) == (1, "")
    size = len(dumps_compact_bytes(big_api().synthesize().stack("BigApi").template))
    assert err.splitlines() == [
        f"error: stack BigApi needs the staging bucket (its template is {size:,} bytes, over "
        "the 51,200 CloudFormation takes inline), and account 123456789012 has no staging "
        f"bucket in us-east-1 ({BUCKET}): run `stagewright bootstrap --region us-east-1` first"
    ]
    assert _stack_names() == []
    assert boto3.client("s3").list_buckets()["Buckets"] == []


def test_deploy_of_an_openapi_file_without_bootstrap_names_the_file(
    aws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A small template with an asset needs the bucket too; the error names the file."""
    code, out, err = run(capsys, "deploy", str(_write_app(tmp_path, "pets")), *FAST)
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        f"error: stack FileApi needs the staging bucket (for the asset {tmp_path / 'openapi.yaml'})"
        ", and account 123456789012 has no staging bucket in us-east-1 "
        f"({BUCKET}): run `stagewright bootstrap --region us-east-1` first"
    ]
    assert _stack_names() == []


def test_a_300_path_api_deploys_through_the_bucket(
    aws: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """Its compact template (over 51,200 bytes) is uploaded once and deployed by TemplateURL."""
    assert run(capsys, "bootstrap", *FAST)[0] == 0
    code, out, err = run(capsys, "deploy", BIG, *FAST)
    assert code == 0, err
    template = big_api().synthesize().stack("BigApi").template
    compact = dumps_compact_bytes(template)
    assert len(compact) > 51_200
    assert len(template["Resources"]["Api"]["Properties"]["Body"]["paths"]) == PATHS
    (key,) = [k for k in _objects() if k.startswith("templates/")]
    assert _objects()[key] == compact  # the compact form, not the indented file
    lines = out.splitlines()
    assert lines[:3] == [
        f"Staging bucket {BUCKET}: 1 file(s)",
        f"  [1/1] {key} (template of stack BigApi, {len(compact):,} bytes): uploaded",
        f"Staging bucket {BUCKET}: 1 uploaded, 0 already there",
    ]
    assert lines[-1].startswith("Stack BigApi: CREATE_COMPLETE in ")
    cloudformation = boto3.client("cloudformation")
    assert cloudformation.get_template(StackName="BigApi")["TemplateBody"] == template
    (api,) = boto3.client("apigateway").get_rest_apis()["items"]
    assert api["name"] == "big"

    code, out, err = run(capsys, "deploy", BIG, *FAST)
    assert code == 0, err
    assert out.splitlines()[1:3] == [
        f"  [1/1] {key} (template of stack BigApi, {len(compact):,} bytes): already there",
        f"Staging bucket {BUCKET}: 0 uploaded, 1 already there",
    ]
    assert out.splitlines()[-1] == "Stack BigApi: no changes"


def _write_app(folder: Path, title: str) -> Path:
    (folder / "openapi.yaml").write_text(
        textwrap.dedent(
            f"""\
            openapi: 3.0.1
            info: {{title: {title}, version: '1'}}
            paths:
              /pets:
                get:
                  responses:
                    200: {{description: ok}}
            """
        ),
        encoding="utf-8",
    )
    app = folder / "app.py"
    app.write_text(_FILE_APP, encoding="utf-8")
    return app


def test_an_openapi_file_is_uploaded_under_its_hash_and_skipped_when_there(
    aws: str, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The document goes to assets/<sha256>.json, named by BodyS3Location; an existing one stays."""
    app = _write_app(tmp_path, "pets")
    assert run(capsys, "bootstrap", *FAST)[0] == 0
    document = {
        "info": {"title": "pets", "version": "1"},
        "openapi": "3.0.1",
        "paths": {"/pets": {"get": {"responses": {"200": {"description": "ok"}}}}},
    }
    data = json.dumps(document, separators=(",", ":"), sort_keys=True).encode()
    key = f"assets/{hashlib.sha256(data).hexdigest()}.json"
    # Already there (another app, an earlier deploy): not uploaded again, left as it is.
    boto3.client("s3").put_object(Bucket=BUCKET, Key=key, Body=b"kept")
    code, out, err = run(capsys, "deploy", str(app), *FAST)
    assert code == 0, err
    assert out.splitlines()[1] == (
        f"  [1/1] {key} (asset {tmp_path / 'openapi.yaml'}, {len(data):,} bytes): already there"
    )
    assert _objects() == {key: b"kept"}
    deployed = boto3.client("cloudformation").get_template(StackName="FileApi")["TemplateBody"]
    assert deployed["Resources"]["Api"]["Properties"]["BodyS3Location"] == {
        "Bucket": {"Fn::Sub": "stagewright-staging-${AWS::AccountId}-${AWS::Region}"},
        "Key": key,
    }
    release = [k for k in deployed["Resources"] if k.startswith("ApiRelease")]

    _write_app(tmp_path, "pets and more")  # a changed document: a new object, a new release
    code, out, err = run(capsys, "deploy", str(app), *FAST)
    assert code == 0, err
    assert out.splitlines()[1].endswith("bytes): uploaded")
    (new_key,) = set(_objects()) - {key}
    assert json.loads(_objects()[new_key])["info"]["title"] == "pets and more"
    deployed = boto3.client("cloudformation").get_template(StackName="FileApi")["TemplateBody"]
    assert deployed["Resources"]["Api"]["Properties"]["BodyS3Location"]["Key"] == new_key
    assert [k for k in deployed["Resources"] if k.startswith("ApiRelease")] != release


def test_each_region_has_its_staging_bucket(aws: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Stacks of two regions: each needs its region's bucket; bootstrapped, each uses its own."""
    app = "tests.constructs.cli.deploy.asset_apps:two_regions"
    assert run(capsys, "bootstrap", *FAST)[0] == 0  # us-east-1 only
    code, out, err = run(capsys, "deploy", app, *FAST)
    assert code == 1
    assert err.splitlines()[0].endswith(
        "and account 123456789012 has no staging bucket in eu-west-1 "
        "(stagewright-staging-123456789012-eu-west-1): run `stagewright bootstrap --region "
        "eu-west-1` first"
    )
    assert _stack_names() == [STAGING_STACK]  # nothing uploaded or deployed before the error
    assert _objects() == {}
    assert run(capsys, "bootstrap", "--region", "eu-west-1", *FAST)[0] == 0
    code, out, err = run(capsys, "deploy", app, *FAST)
    assert code == 0, err
    for region in ("us-east-1", "eu-west-1"):
        bucket = f"stagewright-staging-123456789012-{region}"
        listed = boto3.client("s3", region_name=region).list_objects_v2(Bucket=bucket)
        assert [o["Key"][:10] for o in listed["Contents"]] == ["templates/"]
        assert f"Staging bucket {bucket}: 1 uploaded, 0 already there" in out.splitlines()
