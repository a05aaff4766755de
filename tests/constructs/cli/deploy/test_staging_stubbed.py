"""Deploys through the staging bucket against stubbed S3 and STS: the exact requests, and refusals.

moto ignores ``ExpectedBucketOwner`` and never answers 403, so what deploy sends S3 and what it
does with a bucket another account owns are pinned here with botocore's Stubber.
"""

from __future__ import annotations

import hashlib

import pytest
from botocore.stub import ANY

from stagewright.synth._encode import dumps_compact_bytes

from . import apps
from ._staging_stubs import ACCOUNT, BUCKET, Aws
from ._stubs import Cfn, change_set_id, run, stack_id

BIG = "tests.constructs.cli.deploy.apps:big"


def _up_to_head_object(cfn: Cfn, staging: Aws, status: int) -> tuple[bytes, str]:
    """Stub a deploy of ``Big`` until HeadObject of its template (answered ``status``).

    Returns the compact template and its key in the staging bucket.
    """
    compact = dumps_compact_bytes(apps.big().synthesize().stack("Big").template)
    key = f"templates/{hashlib.sha256(compact).hexdigest()}.json"
    cfn.missing("Big")
    staging.caller()
    staging.s3("head_bucket", {})
    staging.s3("head_object", {"Key": key}, status)
    return compact, key


@pytest.fixture
def staging(monkeypatch: pytest.MonkeyPatch) -> Aws:
    """Stubbed S3 and STS."""
    return Aws(monkeypatch)


def test_a_large_template_is_uploaded_and_sent_by_url(
    cfn: Cfn, staging: Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    """Over 51,200 bytes: HeadBucket, HeadObject, PutObject (owner expected), then TemplateURL."""
    compact, key = _up_to_head_object(cfn, staging, 404)
    body = {"Key": key, "Body": compact, "ContentType": "application/json"}
    staging.s3("put_object", body)
    url = f"https://{BUCKET}.s3.us-east-1.amazonaws.com/{key}"
    request = {
        "StackName": "Big",
        "ChangeSetName": ANY,
        "ChangeSetType": "CREATE",
        "TemplateURL": url,
        "Parameters": [],
        "Capabilities": [],
        "Description": "stagewright deploy",
    }
    cfn.call("create_change_set", request, {"Id": change_set_id("Big"), "StackId": stack_id("Big")})
    cfn.change_set(
        "Big", "FAILED", [], StatusReason="The submitted information didn't contain changes."
    )
    cfn.delete_change_set("Big")
    code, out, err = run(capsys, "deploy", BIG, "--yes", "--poll-interval", "0")
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == [
        f"Staging bucket {BUCKET}: 1 file(s)",
        f"  [1/1] {key} (template of stack Big, {len(compact):,} bytes): uploaded",
        f"Staging bucket {BUCKET}: 1 uploaded, 0 already there",
    ]
    cfn.done()
    staging.done()


def test_a_small_template_is_sent_compact_and_inline_without_s3(
    cfn: Cfn, staging: Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    """At most 51,200 bytes and no assets: TemplateBody, the compact JSON; no STS or S3 call."""
    template = apps.secret_output().synthesize().stack("Vault").template
    cfn.missing("Vault")
    body = dumps_compact_bytes(template).decode()
    assert "\n" not in body
    cfn.create("Vault", "CREATE", TemplateBody=body)
    cfn.change_set("Vault", "FAILED", [], StatusReason="No updates are to be performed.")
    cfn.delete_change_set("Vault")
    code, _out, err = run(
        capsys, "deploy", "tests.constructs.cli.deploy.apps:secret_output", "--yes"
    )
    assert (code, err) == (0, "")
    cfn.done()
    staging.done()


def test_a_staging_bucket_of_another_account_is_refused(
    cfn: Cfn, staging: Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    """HeadBucket 403 (another owner, or no access): one line, nothing uploaded or created."""
    cfn.missing("Big")
    staging.caller()
    staging.s3("head_bucket", {}, 403)
    code, out, err = run(capsys, "deploy", BIG, "--yes")
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "error: stack Big needs the staging bucket (its template is 57,585 bytes, over the 51,200 "
        f"CloudFormation takes inline), and the staging bucket {BUCKET} is not one account "
        f"{ACCOUNT} can use (403: another account owns it, or these credentials may not read it); "
        f"check its owner and your permissions (s3:ListBucket on {BUCKET})"
    ]
    cfn.done()
    staging.done()


def test_a_bucket_call_refused_otherwise_names_s3(
    cfn: Cfn, staging: Aws, capsys: pytest.CaptureFixture[str]
) -> None:
    """A refusal other than 404 while checking an object: one line naming S3, the call and key."""
    _compact, key = _up_to_head_object(cfn, staging, 403)
    code, _out, err = run(capsys, "deploy", BIG, "--yes")
    assert code == 1
    assert err.splitlines() == [
        f"error: S3 refused HeadObject of {key} in bucket '{BUCKET}': Forbidden (403)"
    ]
    cfn.done()
    staging.done()
