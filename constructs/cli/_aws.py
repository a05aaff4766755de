"""The CloudFormation client of ``diff``, ``deploy`` and ``destroy``, and its errors in one line.

Region, profile, credentials and endpoint come the usual boto3 ways: ``--region`` and
``--profile``, else ``AWS_REGION``/``AWS_DEFAULT_REGION``, ``AWS_PROFILE``, the shared config
files, and ``AWS_ENDPOINT_URL``/``AWS_ENDPOINT_URL_CLOUDFORMATION`` for another endpoint.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = [
    "AwsError",
    "aws_call",
    "client",
    "cloudformation",
    "deployed_template",
    "describe_stack",
    "is_missing_stack",
    "stack_resources",
    "sts",
]


class AwsError(Exception):
    """A call to AWS failed or CloudFormation said no; the message is one line for the reader."""


def cloudformation(region: str | None, profile: str | None) -> Any:
    """Return a boto3 CloudFormation client for ``region`` and ``profile`` (None: boto3's)."""
    return client("cloudformation", region, profile)


def client(service: str, region: str | None, profile: str | None) -> Any:
    """Return a boto3 client of ``service`` for ``region`` and ``profile`` (None: boto3's)."""
    try:
        import boto3  # noqa: PLC0415 - only diff, deploy and destroy need it
    except ImportError as exc:  # pragma: no cover - the dev install has boto3
        raise AwsError("talking to AWS needs boto3: pip install 'stagewright[deploy]'") from exc
    # boto3 reads AWS_DEFAULT_REGION only; the AWS CLI and the SDKs of other languages read
    # AWS_REGION first, and users set either.
    region = region or os.environ.get("AWS_REGION") or None
    with aws_call(f"creating a {_SERVICES.get(service, service)} client"):
        session: Any = boto3.Session(profile_name=profile, region_name=region)  # any service
        return session.client(service)


_SERVICES = {
    "cloudformation": "CloudFormation",
    "cloudwatch": "CloudWatch",
    "s3": "S3",
    "sts": "STS",
}


def sts(region: str | None, profile: str | None) -> Any:
    """Return a boto3 STS client for ``region`` and ``profile`` (for GetCallerIdentity)."""
    return client("sts", region, profile)


def _botocore_message(exc: Exception, call: str, service: str) -> str:
    """One line for botocore's own errors: no credentials, no region, no endpoint..."""
    from botocore import exceptions as bx  # noqa: PLC0415

    if isinstance(exc, bx.NoCredentialsError):
        return (
            "no AWS credentials found: pass --profile, or set AWS_PROFILE or "
            "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"
        )
    if isinstance(exc, bx.NoRegionError):
        return "no AWS region: pass --region, or set AWS_REGION or AWS_DEFAULT_REGION"
    if isinstance(exc, bx.ProfileNotFound):
        return f"no AWS profile named {exc.kwargs.get('profile')!r} in the AWS config files"
    if isinstance(exc, bx.EndpointConnectionError):
        return f"{call}: cannot reach {service} at {exc.kwargs.get('endpoint_url')}"
    return f"{call}: {_one_line(str(exc))}"


def _one_line(text: str) -> str:
    """The first line of ``text``, so an error stays one line whatever the service sent."""
    lines = text.strip().splitlines()
    return lines[0] if lines else text


@contextmanager
def aws_call(call: str, service: str = "CloudFormation") -> Iterator[None]:
    """Turn botocore's errors raised inside into a one-line ``AwsError`` that names ``call``.

    ``call`` names the request and its stack (``CreateChangeSet of stack 'Shop'``): a refusal
    reads ``CloudFormation refused CreateChangeSet of stack 'Shop': <its message> (<code>)``,
    a failure to get an answer ``CreateChangeSet of stack 'Shop': cannot reach ...``.
    ``service`` names who refused (``S3 refused HeadBucket of ...``, CloudWatch for the
    rollback alarms).
    """
    from botocore.exceptions import BotoCoreError, ClientError  # noqa: PLC0415
    from botocore.parsers import ResponseParserError  # noqa: PLC0415

    try:
        yield
    except ResponseParserError as exc:
        # Its message ends with the raw body: a proxy's or load balancer's HTML error page.
        raise AwsError(
            f"{call}: the endpoint's answer is not an AWS response (an HTTP error page from a "
            "proxy, or an outage?); try again, or check AWS_ENDPOINT_URL"
        ) from exc
    except ClientError as exc:
        error = exc.response.get("Error", {})
        message = _one_line(str(error.get("Message") or exc))
        code = error.get("Code")
        text = f"{service} refused {call}: {message}" + (f" ({code})" if code else "")
        raise AwsError(text) from exc
    except BotoCoreError as exc:
        raise AwsError(_botocore_message(exc, call, service)) from exc


def is_missing_stack(exc: Exception) -> bool:
    """True for CloudFormation's "Stack with id X does not exist" (a ValidationError)."""
    response = getattr(exc, "response", None)
    if not isinstance(response, dict):
        return False
    error = response.get("Error", {})
    return bool(
        error.get("Code") == "ValidationError" and "does not exist" in error.get("Message", "")
    )


def describe_stack(client: Any, stack: str) -> dict[str, Any] | None:
    """Return DescribeStacks' entry for ``stack`` (a name or an id), or None if there is none."""
    from botocore.exceptions import ClientError  # noqa: PLC0415

    with aws_call(f"DescribeStacks of stack {stack!r}"):
        try:
            stacks = client.describe_stacks(StackName=stack)["Stacks"]
        except ClientError as exc:
            if is_missing_stack(exc):
                return None
            raise
    return dict(stacks[0]) if stacks else None


def stack_resources(client: Any, stack_name: str) -> list[dict[str, Any]] | None:
    """Return ListStackResources' summaries of the stack, every page, or None if there is none."""
    from botocore.exceptions import ClientError  # noqa: PLC0415

    resources: list[dict[str, Any]] = []
    token: str | None = None
    while True:
        kwargs = {"StackName": stack_name} | ({"NextToken": token} if token else {})
        with aws_call(f"ListStackResources of stack {stack_name!r}"):
            try:
                page = client.list_stack_resources(**kwargs)
            except ClientError as exc:
                if is_missing_stack(exc):
                    return None
                raise
        resources.extend(page.get("StackResourceSummaries", []))
        token = page.get("NextToken")
        if not token:
            return resources


def deployed_template(client: Any, stack_name: str) -> dict[str, Any] | None:
    """Return the template the stack was last deployed with, or None if there is no such stack."""
    from botocore.exceptions import ClientError  # noqa: PLC0415

    with aws_call(f"GetTemplate of stack {stack_name!r}"):
        try:
            body = client.get_template(StackName=stack_name, TemplateStage="Original")[
                "TemplateBody"
            ]
        except ClientError as exc:
            if is_missing_stack(exc):
                return None
            raise
    if isinstance(body, str):  # YAML, or JSON boto3 did not parse
        from stagewright.template._yaml import loads_template  # noqa: PLC0415

        return loads_template(body, filename=f"the deployed template of {stack_name}")
    return dict(body)
