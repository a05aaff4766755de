"""What deploy sends through the staging bucket: large templates and assets, uploaded once.

Each stack's template goes as compact JSON: inline (``TemplateBody``) up to 51,200 bytes, else
uploaded to ``templates/<sha256>.json`` in the staging bucket and passed as ``TemplateURL``.
The assets a template names (``StackArtifact.assets``) are uploaded under their keys. An object
already there is not uploaded again (its key names its content). Nothing is looked up when no
stack needs the bucket; when one does and the account has no staging bucket in the region,
deploy stops before changing anything and says to run ``stagewright bootstrap``.

Every S3 request names the account that must own the bucket (``ExpectedBucketOwner``): the
bucket's name is predictable, so one created by another account is refused, never written to.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any, TextIO

import attrs

from stagewright.cli import _aws
from stagewright.cli._aws import aws_call
from stagewright.cli._deploy_inputs import TEMPLATE_BODY_LIMIT
from stagewright.cli._events import DeployError
from stagewright.cli._targets import Targets
from stagewright.core._assets import staging_bucket_name
from stagewright.synth._assembly import StackArtifact
from stagewright.synth._encode import dumps_compact_bytes

__all__ = [
    "TEMPLATE_PREFIX",
    "StagingBucket",
    "Upload",
    "bucket_status",
    "find_staging_bucket",
    "template_sources",
]

TEMPLATE_PREFIX = "templates/"
"""Where large templates go in the staging bucket (expired sooner than assets)."""


@attrs.frozen
class Upload:
    """One object deploy puts in the staging bucket (unless it is there already)."""

    key: str
    data: bytes = attrs.field(repr=lambda data: f"<{len(data):,} bytes>")
    content_type: str
    what: str
    """What it is, for the progress lines (``template of stack Shop``)."""


@attrs.frozen
class StagingBucket:
    """The staging bucket of one account and region, and an S3 client to reach it."""

    name: str
    account: str
    region: str
    s3: Any = attrs.field(repr=False, eq=False)

    def url(self, key: str) -> str:
        """The object's HTTPS URL, as ``TemplateURL`` takes it."""
        suffix = "amazonaws.com.cn" if self.region.startswith("cn-") else "amazonaws.com"
        return f"https://{self.name}.s3.{self.region}.{suffix}/{key}"

    def exists(self, key: str) -> bool:
        """Whether the bucket holds ``key`` (HeadObject; a 404 is no)."""
        from botocore.exceptions import ClientError  # noqa: PLC0415

        with aws_call(f"HeadObject of {key} in bucket {self.name!r}", "S3"):
            try:
                self.s3.head_object(Bucket=self.name, Key=key, ExpectedBucketOwner=self.account)
            except ClientError as exc:
                if _status(exc) == 404:
                    return False
                raise
        return True

    def upload(self, uploads: Sequence[Upload], out: TextIO) -> None:
        """Put each object the bucket lacks, saying which were sent and which were there."""
        if not uploads:
            return
        print(f"Staging bucket {self.name}: {len(uploads)} file(s)", file=out)
        sent = 0
        for number, item in enumerate(uploads, 1):
            head = f"  [{number}/{len(uploads)}] {item.key} ({item.what}, {len(item.data):,} bytes)"
            if self.exists(item.key):
                print(f"{head}: already there", file=out)
                continue
            with aws_call(f"PutObject of {item.key} in bucket {self.name!r}", "S3"):
                self.s3.put_object(
                    Bucket=self.name,
                    Key=item.key,
                    Body=item.data,
                    ContentType=item.content_type,
                    ExpectedBucketOwner=self.account,
                )
            sent += 1
            print(f"{head}: uploaded", file=out)
        print(
            f"Staging bucket {self.name}: {sent} uploaded, {len(uploads) - sent} already there",
            file=out,
        )


def _status(exc: Exception) -> int | None:
    response = getattr(exc, "response", None) or {}
    status = response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    return int(status) if status is not None else None


def bucket_status(s3: Any, name: str, account: str) -> int:
    """HeadBucket of ``name``, owned by ``account``: 200, 403 or 404 (other errors raise)."""
    from botocore.exceptions import ClientError  # noqa: PLC0415

    with aws_call(f"HeadBucket of bucket {name!r}", "S3"):
        try:
            s3.head_bucket(Bucket=name, ExpectedBucketOwner=account)
        except ClientError as exc:
            status = _status(exc)
            if status in (403, 404):
                return int(status)
            raise
    return 200


def find_staging_bucket(
    region: str | None, profile: str | None, account: str, why: str
) -> StagingBucket:
    """Find ``account``'s staging bucket in ``region`` (HeadBucket); DeployError if none.

    ``why`` says what needs it, for the error: ``stack Shop needs the staging bucket (...)``.
    """
    s3 = _aws.client("s3", region, profile)
    region = str(s3.meta.region_name)
    name = staging_bucket_name(account, region)
    status = bucket_status(s3, name, account)
    if status == 404:
        raise DeployError(
            f"{why}, and account {account} has no staging bucket in {region} ({name}): "
            f"run `stagewright bootstrap --region {region}` first"
        )
    if status == 403:
        raise DeployError(
            f"{why}, and the staging bucket {name} is not one account {account} can use "
            "(403: another account owns it, or these credentials may not read it); "
            f"check its owner and your permissions (s3:ListBucket on {name})"
        )
    return StagingBucket(name=name, account=account, region=region, s3=s3)


def _needs_bucket(artifact: StackArtifact, compact: bytes) -> str | None:
    """Why the stack needs the staging bucket, or None."""
    if len(compact) > TEMPLATE_BODY_LIMIT:
        return (
            f"stack {artifact.name} needs the staging bucket (its template is "
            f"{len(compact):,} bytes, over the {TEMPLATE_BODY_LIMIT:,} CloudFormation takes inline)"
        )
    if artifact.assets:
        first = artifact.assets[0].source
        more = f" and {len(artifact.assets) - 1} more" if len(artifact.assets) > 1 else ""
        return f"stack {artifact.name} needs the staging bucket (for the asset {first}{more})"
    return None


def template_sources(
    artifacts: Sequence[StackArtifact], targets: Targets, out: TextIO
) -> dict[str, dict[str, str]]:
    """Upload what the stacks need to their staging buckets; each stack's template argument.

    Returns ``{"TemplateBody": <compact JSON>}`` or ``{"TemplateURL": <url>}`` per stack name,
    for CreateChangeSet. A stack's bucket is the one of the caller's account in the stack's
    region, looked up only if a stack of that region needs it; every bucket is found before
    anything is uploaded.
    """
    compact = {a.name: dumps_compact_bytes(a.template) for a in artifacts}
    by_region: dict[str, list[StackArtifact]] = {}
    for artifact in artifacts:
        region = str(targets.client(artifact).meta.region_name)
        by_region.setdefault(region, []).append(artifact)
    buckets: dict[str, StagingBucket] = {}
    for region, members in by_region.items():
        why = next((w for a in members if (w := _needs_bucket(a, compact[a.name]))), None)
        if why is not None:
            account = targets.caller_account(region)
            buckets[region] = find_staging_bucket(region, targets.profile, account, why)
    sources: dict[str, dict[str, str]] = {}
    for region, members in by_region.items():
        bucket = buckets.get(region)
        uploads: dict[str, Upload] = {}
        for artifact in members:
            data = compact[artifact.name]
            if bucket is None:
                sources[artifact.name] = {"TemplateBody": data.decode()}
                continue
            sources[artifact.name] = _source(artifact, data, bucket, uploads)
        if bucket is not None:
            bucket.upload(list(uploads.values()), out)
    return sources


def _source(
    artifact: StackArtifact, data: bytes, bucket: StagingBucket, uploads: dict[str, Upload]
) -> dict[str, str]:
    """The stack's template argument; what it needs in the bucket is added to ``uploads``."""
    for asset in artifact.assets:
        what = f"asset {asset.source}"
        uploads.setdefault(asset.key, Upload(asset.key, asset.data, asset.content_type, what))
    if len(data) <= TEMPLATE_BODY_LIMIT:
        return {"TemplateBody": data.decode()}
    key = f"{TEMPLATE_PREFIX}{hashlib.sha256(data).hexdigest()}.json"
    what = f"template of stack {artifact.name}"
    uploads.setdefault(key, Upload(key, data, "application/json", what))
    return {"TemplateURL": bucket.url(key)}
