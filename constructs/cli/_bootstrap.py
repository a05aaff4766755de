"""``stagewright bootstrap``: the staging bucket stack of one account and region.

The stack (``StagewrightStaging``) holds one S3 bucket, named by the convention every template
uses (``stagewright-staging-<account>-<region>``): encrypted (SSE-S3), versioned, public access
blocked, objects owned by the bucket owner, HTTPS only (a bucket policy), uploaded templates
expired after 30 days, assets after a year (deploy uploads an asset again if it is gone),
noncurrent versions after 30 days, unfinished multipart uploads after a day. The bucket is kept
when the stack is deleted. The stack outputs (and exports) the bucket's name. It is what CDK's
bootstrap does for file assets, without its roles: deploy uses the caller's own credentials.

The stack is itself a stagewright app (``staging_app``), deployed by ``deploy``'s own change
set flow. Run again, bootstrap compares the deployed template with its own and, when they are
the same and the bucket is there, says so and changes nothing.
"""

from __future__ import annotations

from typing import Any, TextIO

import attrs

from stagewright.cli import _aws
from stagewright.cli._aws import deployed_template, describe_stack
from stagewright.cli._deploy import DeployOptions, main_deploy
from stagewright.cli._events import DeployError
from stagewright.cli._staging import TEMPLATE_PREFIX, bucket_status
from stagewright.cli._targets import Targets
from stagewright.core._assets import ASSET_PREFIX, staging_bucket, staging_bucket_name
from stagewright.core._elements import CfnOutput
from stagewright.core._fn import Fn
from stagewright.core._resource import RawResource
from stagewright.core._stack import App, Stack
from stagewright.generated.aws_s3 import bucket as s3

__all__ = ["STAGING_EXPORT", "STAGING_STACK", "main_bootstrap", "staging_app"]

STAGING_STACK = "StagewrightStaging"
"""The staging bucket stack's name, in every account and region."""
STAGING_EXPORT = "StagewrightStagingBucket"
"""The export of the bucket's name (templates name the bucket by convention, not by import)."""
BOOTSTRAP_VERSION = "1"
TEMPLATE_DAYS = 30
ASSET_DAYS = 365
NONCURRENT_DAYS = 30
_APP_SPEC = "stagewright.cli._bootstrap:staging_app"
_COMPLETE = ("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE", "IMPORT_COMPLETE")


def staging_app() -> App:
    """The app of the staging bucket stack."""
    app = App()
    stack = Stack(
        app,
        STAGING_STACK,
        description="stagewright staging bucket: large templates and OpenAPI assets "
        "(stagewright bootstrap)",
    )
    bucket = s3.Bucket(
        stack,
        "StagingBucket",
        bucket_name=staging_bucket(),
        bucket_encryption=s3.BucketEncryption(
            server_side_encryption_configuration=[
                s3.ServerSideEncryptionRule(
                    server_side_encryption_by_default=s3.ServerSideEncryptionByDefault(
                        sse_algorithm="AES256"
                    )
                )
            ]
        ),
        versioning_configuration=s3.VersioningConfiguration(status="Enabled"),
        public_access_block_configuration=s3.PublicAccessBlockConfiguration(
            block_public_acls=True,
            block_public_policy=True,
            ignore_public_acls=True,
            restrict_public_buckets=True,
        ),
        ownership_controls=s3.OwnershipControls(
            rules=[s3.OwnershipControlsRule(object_ownership="BucketOwnerEnforced")]
        ),
        lifecycle_configuration=s3.LifecycleConfiguration(rules=_lifecycle_rules()),
    )
    bucket.deletion_policy = "Retain"
    bucket.update_replace_policy = "Retain"
    RawResource(
        stack,
        "StagingBucketPolicy",
        type="AWS::S3::BucketPolicy",
        properties={"Bucket": bucket.ref, "PolicyDocument": _https_only(bucket)},
    )
    CfnOutput(
        stack,
        "BucketName",
        value=bucket.ref,
        description="the staging bucket of stagewright deploy",
        export_name=STAGING_EXPORT,
    )
    CfnOutput(stack, "BootstrapVersion", value=BOOTSTRAP_VERSION)
    return app


def _lifecycle_rules() -> list[s3.Rule]:
    return [
        s3.Rule(
            id_="ExpireTemplates", status="Enabled", prefix=TEMPLATE_PREFIX,
            expiration_in_days=TEMPLATE_DAYS,
        ),
        s3.Rule(
            id_="ExpireAssets", status="Enabled", prefix=ASSET_PREFIX,
            expiration_in_days=ASSET_DAYS,
        ),
        s3.Rule(
            id_="ExpireNoncurrentVersions",
            status="Enabled",
            noncurrent_version_expiration=s3.NoncurrentVersionExpiration(
                noncurrent_days=NONCURRENT_DAYS
            ),
            abort_incomplete_multipart_upload=s3.AbortIncompleteMultipartUpload(
                days_after_initiation=1
            ),
        ),
    ]  # fmt: skip


def _https_only(bucket: s3.Bucket) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "HttpsOnly",
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": [bucket.attr_arn, Fn.join("", [bucket.attr_arn, "/*"])],
                "Condition": {"Bool": {"aws:SecureTransport": "false"}},
            }
        ],
    }


def main_bootstrap(options: DeployOptions, *, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    """Deploy the staging bucket stack, or say that it is up to date; return the exit code."""
    cloudformation = _aws.cloudformation(options.region or options.defaults.region, options.profile)
    region = str(cloudformation.meta.region_name)
    account = Targets(region, options.profile, options.defaults).caller_account(region)
    name = staging_bucket_name(account, region)
    wanted = staging_app().synthesize().stack(STAGING_STACK).template
    existing = describe_stack(cloudformation, STAGING_STACK)
    status = existing["StackStatus"] if existing else None
    if status in _COMPLETE and deployed_template(cloudformation, STAGING_STACK) == wanted:
        s3_client = _aws.client("s3", region, options.profile)
        if bucket_status(s3_client, name, account) == 404:
            raise DeployError(
                f"stack {STAGING_STACK} is up to date in {region} but its bucket {name} is "
                f"gone: delete the stack (stagewright destroy --stack {STAGING_STACK} --region "
                f"{region}), then bootstrap again"
            )
        print(
            f"Staging bucket {name} (stack {STAGING_STACK}, account {account}, region {region}) "
            "is up to date: nothing to do",
            file=out,
        )
        return 0
    print(
        f"Bootstrapping account {account}, region {region}: stack {STAGING_STACK} with the "
        f"staging bucket {name}",
        file=out,
    )
    # The region found above: the stack and the bucket's name must agree on it.
    options = attrs.evolve(options, region=region)
    return main_deploy(_APP_SPEC, options, stdin=stdin, out=out, err=err)
