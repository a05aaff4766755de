"""The staging bucket stack ``stagewright bootstrap`` deploys: what the bucket is, and cfn-lint."""

from __future__ import annotations

from typing import Any

from cfnlint.api import lint

from stagewright.cli._bootstrap import STAGING_EXPORT, STAGING_STACK, staging_app


def _template() -> dict[str, Any]:
    return staging_app().synthesize().stack(STAGING_STACK).template


def test_cfn_lint_finds_nothing_in_the_bootstrap_template() -> None:
    """No error, warning or informational finding."""
    body = staging_app().synthesize().stack(STAGING_STACK).body
    assert [f"{m.rule.id} {m.path_string}: {m.message}" for m in lint(body)] == []


def test_the_bucket_is_encrypted_versioned_private_and_expires_old_objects() -> None:
    """Named by convention, SSE-S3, versioned, public access blocked, lifecycle rules, retained."""
    bucket = _template()["Resources"]["StagingBucket"]
    properties = bucket["Properties"]
    assert properties["BucketName"] == {
        "Fn::Sub": "stagewright-staging-${AWS::AccountId}-${AWS::Region}"
    }
    (rule,) = properties["BucketEncryption"]["ServerSideEncryptionConfiguration"]
    assert rule["ServerSideEncryptionByDefault"] == {"SSEAlgorithm": "AES256"}
    assert properties["VersioningConfiguration"] == {"Status": "Enabled"}
    assert set(properties["PublicAccessBlockConfiguration"].values()) == {True}
    assert len(properties["PublicAccessBlockConfiguration"]) == 4
    rules = {r["Id"]: r for r in properties["LifecycleConfiguration"]["Rules"]}
    assert (rules["ExpireTemplates"]["Prefix"], rules["ExpireTemplates"]["ExpirationInDays"]) == (
        "templates/",
        30,
    )
    assert (rules["ExpireAssets"]["Prefix"], rules["ExpireAssets"]["ExpirationInDays"]) == (
        "assets/",
        365,
    )
    noncurrent = rules["ExpireNoncurrentVersions"]["NoncurrentVersionExpiration"]
    assert noncurrent == {"NoncurrentDays": 30}
    assert (bucket["DeletionPolicy"], bucket["UpdateReplacePolicy"]) == ("Retain", "Retain")


def test_the_bucket_takes_https_only_and_its_name_is_an_output() -> None:
    """A bucket policy denies plain HTTP; the name is output and exported."""
    template = _template()
    (statement,) = template["Resources"]["StagingBucketPolicy"]["Properties"]["PolicyDocument"][
        "Statement"
    ]
    assert (statement["Effect"], statement["Condition"]) == (
        "Deny",
        {"Bool": {"aws:SecureTransport": "false"}},
    )
    output = template["Outputs"]["BucketName"]
    assert output["Value"] == {"Ref": "StagingBucket"}
    assert output["Export"] == {"Name": STAGING_EXPORT}
