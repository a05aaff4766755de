"""``OpenApiDefinition``: an API's OpenAPI document kept in its own file, deployed as an asset.

The file (JSON by its ``.json`` suffix, else YAML) is read when the construct is made, within
the limits of every file stagewright reads. What is uploaded is the document as compact JSON
with sorted keys, so its key in the staging bucket, ``assets/<sha256>.json``, changes only when
the document does (not its formatting), and a ``Release`` of the API, which hashes the API's
properties and with them that key, becomes a new deployment exactly then.

A REST API takes ``BodyS3Location`` with ``Bucket`` and ``Key``; an HTTP API the same in its
own type. Neither gets a ``Version`` (S3 assigns it at upload, after synthesis) nor an ``ETag``:
the key names the content, and deploy never replaces an object, so the key alone pins it.
A document of at most ``inline_max_bytes`` goes into the template as ``Body`` instead.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stagewright.core._assets import FileAsset
from stagewright.core._tree import Construct
from stagewright.generated.aws_apigateway import rest_api
from stagewright.runtime._errors import Problem
from stagewright.stages._common import owner_of, problem, raise_problems

if TYPE_CHECKING:
    from stagewright.generated.aws_apigatewayv2 import api as v2_api

__all__ = ["OpenApiDefinition"]

_VERSION_KEYS = ("openapi", "swagger")


class OpenApiDefinition(Construct):
    """An OpenAPI document read from a JSON or YAML file, for a REST or HTTP API's body.

    ``RestApi(stack, "Api", **spec.rest_api_props())`` or ``body_s3_location=spec.rest_location()``;
    for an HTTP API, ``api.Api(stack, "Http", **spec.http_api_props())`` or
    ``body_s3_location=spec.http_location()``. Deploy uploads the document to the staging bucket
    (``stagewright bootstrap``) before the stack, unless it is already there.
    """

    path: Path
    """The file the document was read from."""
    document: dict[str, Any]
    """The document, parsed."""
    asset: FileAsset
    """The asset deploy uploads: the document as compact JSON, under a content-hashed key."""
    inline_max_bytes: int
    """The size (of ``asset.data``) up to which ``*_api_props`` inline the document as Body."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        path: str | os.PathLike[str],
        inline_max_bytes: int = 0,
    ) -> None:
        """Read the OpenAPI document at ``path`` (relative paths: from the current folder).

        Args:
            scope: The construct it goes in (usually the API's stack).
            id: Its id in ``scope``.
            path: The JSON (``.json``) or YAML file.
            inline_max_bytes: Inline documents of at most this many bytes (as compact JSON) as
                ``Body`` in ``rest_api_props``/``http_api_props`` (default 0: never).
        """
        owner = owner_of(scope, id)
        size_problems = _size_problems(owner, inline_max_bytes)
        document, problems = _read(owner, Path(path))
        raise_problems(size_problems + problems)
        super().__init__(scope, id)
        self.path, self.document, self.inline_max_bytes = Path(path), document, inline_max_bytes
        data = json.dumps(document, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
        self.asset = FileAsset(
            self,
            "Asset",
            data=data.encode(),
            source=str(path),
            content_type="application/json",
            suffix=".json",
        )

    @property
    def inline(self) -> bool:
        """Whether ``*_api_props`` put the document into the template (it is small enough)."""
        return len(self.asset.data) <= self.inline_max_bytes

    def rest_location(self) -> rest_api.S3Location:
        """The REST API's ``BodyS3Location``: the staging bucket and the document's key."""
        return rest_api.S3Location(bucket=self.asset.bucket, key=self.asset.key)

    def http_location(self) -> v2_api.BodyS3Location:
        """The HTTP API's ``BodyS3Location``: the staging bucket and the document's key."""
        # Imported here: a REST app builds no ApiGatewayV2 types.
        from stagewright.generated.aws_apigatewayv2 import api as v2_api  # noqa: PLC0415

        return v2_api.BodyS3Location(bucket=self.asset.bucket, key=self.asset.key)

    def rest_api_props(self) -> dict[str, Any]:
        """``body=`` (small enough to inline) or ``body_s3_location=``, for ``RestApi``."""
        return (
            {"body": self.document} if self.inline else {"body_s3_location": self.rest_location()}
        )

    def http_api_props(self) -> dict[str, Any]:
        """``body=`` (small enough to inline) or ``body_s3_location=``, for an HTTP ``Api``."""
        return (
            {"body": self.document} if self.inline else {"body_s3_location": self.http_location()}
        )


def _size_problems(owner: str, value: Any) -> list[Problem]:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return [
            problem(owner, ("inline_max_bytes",), "type", "must be an integer of at least 0", value)
        ]
    return []


def _read(owner: str, path: Path) -> tuple[dict[str, Any], list[Problem]]:
    """Read and check the document; the problems say why it cannot be used."""
    from stagewright.template._yaml import TemplateError, read_document  # noqa: PLC0415

    where = ("path",)
    try:
        document = read_document(path, as_json=path.suffix.lower() == ".json")
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        message = f"cannot read the OpenAPI file ({reason})"
        return {}, [problem(owner, where, "file", message, str(path))]
    except TemplateError as exc:
        message = f"is not a readable OpenAPI document ({exc})"
        return {}, [problem(owner, where, "openapi-syntax", message, str(path))]
    if not isinstance(document, dict):
        found = "nothing (the file is empty)" if document is None else type(document).__name__
        message = f"must hold an OpenAPI document (a mapping), not {found}"
        return {}, [problem(owner, where, "openapi", message, str(path))]
    if not any(k in document for k in _VERSION_KEYS):
        keys = ", ".join(map(str, list(document)[:5])) or "none"
        message = f"must hold an OpenAPI document: no 'openapi' or 'swagger' key (keys: {keys})"
        return {}, [problem(owner, where, "openapi", message, str(path))]
    return document, []
