"""`stagewright schemas pull`: vendor registry schemas into schemas/ and record them in the lock."""

from __future__ import annotations

import datetime
import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from ._paths import SCHEMAS_DIR, schema_file_name
from ._registry import (
    LOCK_FILE_NAME,
    LockEntry,
    PullError,
    TypeNotFoundError,
    canonical_json,
    cfn_lint_root,
    cfn_lint_types,
    describe_type,
    is_type_name,
    lock_bytes,
    read_cfn_lint_schema,
    read_lock,
    sha256_hex,
    suggest,
)

__all__ = ["CFN_LINT_VERSION", "SOURCES", "main_pull"]

CFN_LINT_VERSION = "1.58.0"
"""The cfn-lint release whose registry snapshot `--source cfn-lint` reads; the lock records it."""
SOURCES = ("cfn-lint", "aws")
_SUGGESTION_REGION = "us-east-1"


class _PullFailedError(Exception):
    """Every reason a pull cannot go on, one line each."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@attrs.frozen
class _Fetched:
    type_name: str
    data: bytes
    source: Mapping[str, str]


Fetcher = Callable[[str], str]


def main_pull(
    types: list[str],
    *,
    source: str = "cfn-lint",
    region: str = "us-east-1",
    schemas_dir: Path = SCHEMAS_DIR,
    client: Any = None,
    out: Callable[[str], None] = print,
) -> int:
    """Pull schemas (all locked types when none are named); return the process exit code."""
    try:
        statuses = _pull(types, source, region, schemas_dir, client)
    except _PullFailedError as failed:
        for line in failed.lines:
            out(f"error: {line}")
        return 1
    except OSError as err:
        out(f"error: cannot write schemas: {err}")
        return 1
    for type_name, status in statuses:
        out(f"pulled {type_name} ({status})")
    return 0


def _pull(
    types: Sequence[str], source: str, region: str, schemas_dir: Path, client: Any
) -> list[tuple[str, str]]:
    locked, problems = read_lock(schemas_dir, missing_ok=True)
    if problems:
        lines = [str(p) for p in problems]
        raise _PullFailedError([*lines, "fix or delete the lock, then pull again"])
    names = list(dict.fromkeys(types)) or sorted(locked)
    if not names:
        raise _PullFailedError([f"no TYPE named and no {LOCK_FILE_NAME} to re-pull; name a type"])
    try:
        fetch, provenance = _source(source, region, client)
    except PullError as err:
        raise _PullFailedError([str(err)]) from None
    fetched, errors = [], []
    for name in names:
        try:
            fetched.append(_Fetched(name, _canonical(name, fetch(name)), provenance))
        except PullError as err:
            errors.append(str(err))
    if errors:
        raise _PullFailedError(errors)
    return _store(fetched, locked, schemas_dir)


def _source(source: str, region: str, client: Any) -> tuple[Fetcher, dict[str, str]]:
    if source == "cfn-lint":
        return _cfn_lint_fetcher(region), {
            "kind": "cfn-lint",
            "version": CFN_LINT_VERSION,
            "region": region,
        }
    if source == "aws":
        date = _today()
        return _aws_fetcher(region, client), {
            "kind": "describe-type",
            "region": region,
            "date": date,
        }
    raise PullError(f"unknown source {source!r}; choose one of {', '.join(SOURCES)}")


def _cfn_lint_fetcher(region: str) -> Fetcher:
    root = cfn_lint_root(CFN_LINT_VERSION)
    known = cfn_lint_types(root, region)

    def fetch(name: str) -> str:
        if name not in known:
            where = f"cfn-lint {CFN_LINT_VERSION}'s {region} snapshot"
            raise PullError(_unknown(name, where, known))
        return read_cfn_lint_schema(root, known[name])

    return fetch


def _aws_fetcher(region: str, client: Any) -> Fetcher:
    if client is None:
        client = _boto3_client(region)

    def fetch(name: str) -> str:
        if not is_type_name(name):
            raise PullError(_unknown(name, f"the {region} registry", _suggestion_names()))
        try:
            return describe_type(client, name)
        except TypeNotFoundError:
            raise PullError(_unknown(name, f"the {region} registry", _suggestion_names())) from None

    return fetch


def _boto3_client(region: str) -> Any:
    try:
        import boto3  # noqa: PLC0415  (only --source aws needs it)
        from botocore.exceptions import BotoCoreError  # noqa: PLC0415
    except ImportError:
        raise PullError("--source aws needs boto3; pip install 'stagewright[codegen]'") from None
    try:
        return boto3.client("cloudformation", region_name=region)
    except BotoCoreError as err:
        raise PullError(f"cannot make a CloudFormation client for {region!r}: {err}") from None


def _suggestion_names() -> Sequence[str]:
    # DescribeType cannot list near misses; any installed cfn-lint's snapshot can.
    try:
        return list(cfn_lint_types(cfn_lint_root(None), _SUGGESTION_REGION))
    except PullError:
        return []


def _unknown(name: str, where: str, known: Sequence[str] | Mapping[str, str]) -> str:
    close = suggest(name, known)
    if not close:
        return f"unknown type {name!r} in {where}"
    either = close[0] if len(close) == 1 else f"{', '.join(close[:-1])} or {close[-1]}"
    return f"unknown type {name!r} in {where}; did you mean {either}?"


def _canonical(name: str, text: str) -> bytes:
    try:
        schema = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as err:
        raise PullError(f"the schema of {name} is not valid JSON: {err}") from None
    got = schema.get("typeName") if isinstance(schema, dict) else None
    if got != name:
        raise PullError(
            f"asked for {name} but the schema returned is {got!r}; pull it by that name"
        )
    return canonical_json(schema)


def _store(
    fetched: Sequence[_Fetched], locked: Mapping[str, LockEntry], schemas_dir: Path
) -> list[tuple[str, str]]:
    schemas_dir.mkdir(parents=True, exist_ok=True)
    entries = dict(locked)
    statuses = []
    for item in fetched:
        file = schema_file_name(item.type_name)
        changed = _write_if_changed(schemas_dir / file, item.data)
        old = locked.get(item.type_name)
        status = "new" if old is None else "updated" if changed else "unchanged"
        source = _keep_date(item.source, old) if not changed else item.source
        entries[item.type_name] = LockEntry(
            type_name=item.type_name, file=file, sha256=sha256_hex(item.data), source=source
        )
        statuses.append((item.type_name, status))
    ordered = sorted(entries.values(), key=lambda entry: entry.type_name)
    _write_if_changed(schemas_dir / LOCK_FILE_NAME, lock_bytes(ordered))
    return statuses


def _keep_date(new: Mapping[str, str], old: LockEntry | None) -> Mapping[str, str]:
    # An unchanged re-pull leaves the lock alone: the old date still says when these bytes came.
    if old is None or "date" not in new or "date" not in old.source:
        return new
    if _without_date(old.source) != _without_date(new):
        return new
    return {**new, "date": old.source["date"]}


def _without_date(source: Mapping[str, str]) -> dict[str, str]:
    return {k: v for k, v in source.items() if k != "date"}


def _write_if_changed(path: Path, data: bytes) -> bool:
    """Write ``data`` atomically unless the file already holds exactly it; say whether it wrote."""
    if path.is_file() and path.read_bytes() == data:
        return False
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)
    return True


def _today() -> str:
    return datetime.datetime.now(datetime.UTC).date().isoformat()
