"""Stubbed S3 and STS clients (botocore's Stubber) behind ``_aws.client``, for staging tests."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.stub import Stubber

from stagewright.cli import _aws

__all__ = ["ACCOUNT", "BUCKET", "Aws"]

ACCOUNT = "123456789012"
BUCKET = f"stagewright-staging-{ACCOUNT}-us-east-1"


class Aws:
    """Stubbed S3 and STS clients behind ``_aws.client`` (CloudFormation stays ``Cfn``'s)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        session = boto3.Session(
            aws_access_key_id="x", aws_secret_access_key="y", region_name="us-east-1"
        )
        self.clients: dict[str, Any] = {
            "s3": session.client("s3"),
            "sts": session.client("sts"),
        }
        self.stubs = {name: Stubber(client) for name, client in self.clients.items()}
        for stub in self.stubs.values():
            stub.activate()
        monkeypatch.setattr(_aws, "client", lambda service, region, profile: self.clients[service])

    def caller(self) -> None:
        """GetCallerIdentity answers the account."""
        answer = {"Account": ACCOUNT, "Arn": f"arn:aws:iam::{ACCOUNT}:user/me", "UserId": "me"}
        self.stubs["sts"].add_response("get_caller_identity", answer, {})

    def s3(self, operation: str, params: dict[str, Any], status: int = 200) -> None:
        """An S3 call with ``params`` (the bucket's owner expected), answered ``status``."""
        params = {"Bucket": BUCKET, "ExpectedBucketOwner": ACCOUNT, **params}
        if status == 200:
            self.stubs["s3"].add_response(operation, {}, params)
        else:
            # What S3 answers a HEAD request: no body, so the status is the code and its text.
            message = {403: "Forbidden", 404: "Not Found"}[status]
            self.stubs["s3"].add_client_error(
                operation, str(status), message, status, expected_params=params
            )

    def done(self) -> None:
        """Fail unless every expected call was made."""
        for stub in self.stubs.values():
            stub.assert_no_pending_responses()
