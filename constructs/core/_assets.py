"""File assets: content that ``deploy`` uploads to the staging bucket under content-hashed keys.

A ``FileAsset`` holds its bytes from construction on; its key is ``assets/<sha256><suffix>``, so
a changed file is a new key (and whatever renders the key changes with it: a ``Release``'s
version), and an unchanged one is uploaded once. Templates refer to the staging bucket by name,
without parameters: ``stagewright-staging-${AWS::AccountId}-${AWS::Region}``, the bucket that
``stagewright bootstrap`` creates in each account and region (the convention CDK uses with its
bootstrap qualifier). Synthesis lists, per stack, the assets its template names
(``StackArtifact.assets``) and records them in the manifest.
"""

from __future__ import annotations

import weakref

from stagewright.core._fn import Fn
from stagewright.core._tree import Construct
from stagewright.runtime._intrinsics import Intrinsic

__all__ = [
    "ASSET_PREFIX",
    "STAGING_BUCKET_PATTERN",
    "STAGING_BUCKET_PREFIX",
    "FileAsset",
    "asset_for_key",
    "assets_of",
    "staging_bucket",
    "staging_bucket_name",
]

STAGING_BUCKET_PREFIX = "stagewright-staging"
STAGING_BUCKET_PATTERN = STAGING_BUCKET_PREFIX + "-${AWS::AccountId}-${AWS::Region}"
"""The staging bucket's name in a template (``Fn::Sub``): one bucket per account and region."""
ASSET_PREFIX = "assets/"
"""Where assets go in the staging bucket (its lifecycle rules expire them by this prefix)."""

# Every live asset, so that synthesis finds an app's without walking its whole tree.
_LIVE: weakref.WeakSet[FileAsset] = weakref.WeakSet()


def staging_bucket() -> Intrinsic:
    """The staging bucket's name, as a template value: ``Fn::Sub`` of the account and region."""
    return Fn.sub(STAGING_BUCKET_PATTERN)


def staging_bucket_name(account: str, region: str) -> str:
    """The staging bucket's name in ``account`` and ``region`` (what the template resolves to)."""
    return f"{STAGING_BUCKET_PREFIX}-{account}-{region}"


class FileAsset(Construct):
    """Bytes that deploy uploads to the staging bucket under ``assets/<sha256><suffix>``."""

    data: bytes
    """The content uploaded (fixed at construction)."""
    source: str
    """Where the content came from, for messages and the manifest (a file's path)."""
    content_type: str
    """The object's ``Content-Type``."""
    sha256: str
    """The SHA-256 of ``data``, in hex."""
    key: str
    """The object key: ``assets/<sha256><suffix>``."""

    def __init__(
        self,
        scope: Construct,
        id: str,
        *,
        data: bytes,
        source: str,
        content_type: str = "application/octet-stream",
        suffix: str = "",
    ) -> None:
        """Add an asset of ``data`` (from ``source``) to ``scope``."""
        # Imported here: hashlib loads OpenSSL (~3 MB), which an app without assets never needs.
        import hashlib  # noqa: PLC0415

        super().__init__(scope, id)
        self.data, self.source, self.content_type = data, source, content_type
        self.sha256 = hashlib.sha256(data).hexdigest()
        self.key = f"{ASSET_PREFIX}{self.sha256}{suffix}"
        _LIVE.add(self)

    @property
    def bucket(self) -> Intrinsic:
        """The staging bucket's name, as a template value."""
        return staging_bucket()


def asset_for_key(key: object, root: Construct) -> FileAsset | None:
    """The asset in the tree of ``root`` stored under ``key``, or None."""
    return next((a for a in assets_of(root) if a.key == key), None)


def assets_of(root: Construct) -> list[FileAsset]:
    """The assets in the tree of ``root``, ordered by key."""
    return sorted((a for a in list(_LIVE) if a.node.root is root), key=lambda a: a.key)
