"""Where vendored schemas come from (cfn-lint's snapshot, DescribeType), and the lock saying so."""

from __future__ import annotations

import difflib
import hashlib
import importlib.metadata
import importlib.util
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import attrs

from ._problems import Problem

__all__ = [
    "LOCK_FILE_NAME",
    "LockEntry",
    "PullError",
    "TypeNotFoundError",
    "canonical_json",
    "cfn_lint_root",
    "cfn_lint_types",
    "describe_type",
    "is_type_name",
    "lock_bytes",
    "read_cfn_lint_schema",
    "read_lock",
    "sha256_hex",
    "suggest",
]

LOCK_FILE_NAME = "schemas.lock.json"
_TYPE_NAME = re.compile(r"^[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}::[A-Za-z0-9]{2,64}$")
_REGION = re.compile(r"^[a-z0-9-]{1,40}$")
_HASH = re.compile(r"^[0-9a-f]{1,64}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PullError(Exception):
    """A reason a pull cannot go on, worded as one line for the user."""


def canonical_json(obj: Any) -> bytes:
    """Serialise the way every vendored file is written, so equal data gives equal bytes."""
    return (json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def sha256_hex(data: bytes) -> str:
    """Hash file bytes the way the lock records them."""
    return hashlib.sha256(data).hexdigest()


def is_type_name(name: str) -> bool:
    """Tell whether a string has the shape of a registry type name (``AWS::Service::Resource``)."""
    return bool(_TYPE_NAME.match(name))


def suggest(name: str, known: Iterable[str]) -> list[str]:
    """Name up to three known type names close to ``name``, ignoring case."""
    by_lower = {k.lower(): k for k in known}
    if name.lower() in by_lower:
        return [by_lower[name.lower()]]
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=3, cutoff=0.8)
    return [by_lower[c] for c in close]


# --- cfn-lint's offline snapshot -------------------------------------------------------------


def cfn_lint_root(pinned: str | None) -> Path:
    """Find the installed cfn-lint's schema folder, refusing any version but ``pinned``."""
    try:
        version = importlib.metadata.version("cfn-lint")
    except importlib.metadata.PackageNotFoundError:
        raise PullError(_not_installed(pinned)) from None
    if pinned is not None and version != pinned:
        raise PullError(
            f"cfn-lint {version} is installed but the lock records snapshots of cfn-lint "
            f"{pinned}; install cfn-lint=={pinned} (pip install 'stagewright[codegen]')"
        )
    # find_spec locates the package without importing it (importing cfnlint costs ~0.6 s).
    spec = importlib.util.find_spec("cfnlint")
    if spec is None or not spec.submodule_search_locations:
        raise PullError(_not_installed(pinned))
    return Path(next(iter(spec.submodule_search_locations))) / "data" / "schemas"


def _not_installed(pinned: str | None) -> str:
    wanted = f"cfn-lint=={pinned}" if pinned else "cfn-lint"
    return f"cfn-lint is not installed; pip install {wanted} (or 'stagewright[codegen]')"


def cfn_lint_types(root: Path, region: str) -> dict[str, str]:
    """Map every type name in one region's snapshot to the hash naming its schema file."""
    providers = root / "providers"
    path = providers / f"{region}.json"
    if not _REGION.match(region) or not path.is_file():
        regions = sorted(p.stem for p in providers.glob("*.json"))
        hint = difflib.get_close_matches(region, regions, n=1)
        did_you_mean = f"; did you mean {hint[0]}?" if hint else ""
        raise PullError(f"cfn-lint has no registry snapshot for region {region!r}{did_you_mean}")
    mapping = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(mapping, dict):
        raise PullError(f"cfn-lint's {path.name} is not a type map; reinstall cfn-lint")
    return {str(k): str(v) for k, v in mapping.items()}


def read_cfn_lint_schema(root: Path, digest: str) -> str:
    """Read one schema of the snapshot by the hash its provider map gives."""
    path = root / "resources" / f"{digest}.json"
    if not _HASH.match(digest) or not path.is_file():
        raise PullError(f"cfn-lint's snapshot lacks resources/{digest}.json; reinstall cfn-lint")
    return path.read_text(encoding="utf-8")


# --- CloudFormation's DescribeType -----------------------------------------------------------


class TypeNotFoundError(PullError):
    """DescribeType does not know the type in the region asked."""


def describe_type(client: Any, type_name: str) -> str:
    """Fetch a type's current schema from CloudFormation, as the JSON text it returns."""
    from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError  # noqa: PLC0415

    try:
        response = client.describe_type(Type="RESOURCE", TypeName=type_name)
    except NoCredentialsError:
        raise PullError(
            "no AWS credentials for --source aws: configure a profile or the AWS_* "
            "variables, or pull the offline snapshot with --source cfn-lint"
        ) from None
    except ClientError as err:
        error = err.response.get("Error", {})
        code, message = error.get("Code", "?"), error.get("Message", "")
        if code == "TypeNotFoundException":
            raise TypeNotFoundError(message) from None
        raise PullError(f"DescribeType {type_name} failed: {code}: {message}") from None
    except BotoCoreError as err:
        raise PullError(f"DescribeType {type_name} failed: {err}") from None
    schema = response.get("Schema")
    if not isinstance(schema, str):
        raise PullError(f"DescribeType {type_name} returned no schema")
    return schema


# --- the lock --------------------------------------------------------------------------------


@attrs.frozen
class LockEntry:
    """What the lock says about one vendored schema: its file, its hash and where it came from."""

    type_name: str
    file: str
    sha256: str
    source: Mapping[str, str]

    def to_json(self) -> dict[str, Any]:
        """Return the entry as the lock file stores it (without the type name, its key)."""
        return {"file": self.file, "sha256": self.sha256, "source": dict(self.source)}


def lock_bytes(entries: Iterable[LockEntry]) -> bytes:
    """Serialise lock entries canonically."""
    return canonical_json({"schemas": {e.type_name: e.to_json() for e in entries}})


def read_lock(
    schemas_dir: Path, *, missing_ok: bool = False
) -> tuple[dict[str, LockEntry], list[Problem]]:
    """Read the lock; return its well-formed entries and a problem for each malformed one."""
    path = schemas_dir / LOCK_FILE_NAME
    if not path.exists():
        if missing_ok:
            return {}, []
        return {}, [Problem(LOCK_FILE_NAME, "", "missing; run `stagewright schemas pull TYPE...`")]
    try:
        document = json.loads(path.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as err:
        return {}, [Problem(LOCK_FILE_NAME, "", f"not valid JSON: {err}")]
    schemas = document.get("schemas") if isinstance(document, dict) else None
    if not isinstance(schemas, dict):
        return {}, [Problem(LOCK_FILE_NAME, "", 'must be an object {"schemas": {TYPE: entry}}')]
    entries: dict[str, LockEntry] = {}
    problems: list[Problem] = []
    for type_name, raw in schemas.items():
        entry, message = _lock_entry(type_name, raw)
        if entry is None:
            problems.append(Problem(LOCK_FILE_NAME, _entry_pointer(type_name), message))
        else:
            entries[type_name] = entry
    problems.extend(_shared_files(entries.values()))
    return entries, problems


def _lock_entry(type_name: str, raw: Any) -> tuple[LockEntry | None, str]:
    if not is_type_name(type_name):
        return None, "the key is not a type name (Organization::Service::Resource)"
    if not isinstance(raw, dict):
        return None, "the entry must be an object with file, sha256 and source"
    message = _entry_problem(raw.get("file"), raw.get("sha256"), raw.get("source"))
    if message:
        return None, message
    entry = LockEntry(
        type_name=type_name, file=raw["file"], sha256=raw["sha256"], source=raw["source"]
    )
    return entry, ""


def _entry_problem(file: Any, sha: Any, source: Any) -> str:
    if not isinstance(file, str) or not file:
        return "the entry has no file; re-run `stagewright schemas pull`"
    plain = Path(file).name == file and not file.startswith(".") and file != LOCK_FILE_NAME
    if not plain or not file.endswith(".json"):
        return f"file {file!r} must be a plain *.json name inside schemas/"
    if not isinstance(sha, str) or not _SHA256.match(sha):
        return "sha256 must be 64 lowercase hex digits"
    if not isinstance(source, dict) or not all(isinstance(v, str) for v in source.values()):
        return "source must be an object of strings"
    return ""


def _shared_files(entries: Iterable[LockEntry]) -> list[Problem]:
    owners: dict[str, list[str]] = {}
    for entry in entries:
        owners.setdefault(entry.file, []).append(entry.type_name)
    return [
        Problem(LOCK_FILE_NAME, "", f"{file} is claimed by several types: {', '.join(names)}")
        for file, names in sorted(owners.items())
        if len(names) > 1
    ]


def _entry_pointer(type_name: str) -> str:
    return "/schemas/" + type_name.replace("~", "~0").replace("/", "~1")
