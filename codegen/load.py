"""Read the vendored schemas, apply their JSON Patch overlays, check both against the meta-schema.

The first stage of the generator: ``load_schemas`` turns ``schemas/`` into `LoadedSchema` values or
raises one `CodegenError` that lists every problem found in every file.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
import jsonpatch
import jsonpointer

from . import _metaschema
from ._paths import SCHEMAS_DIR
from ._problems import CodegenError, Problem
from ._registry import LOCK_FILE_NAME, LockEntry, read_lock, sha256_hex, suggest

__all__ = [
    "PATCHES_DIR_NAME",
    "LoadedSchema",
    "check_metaschema",
    "load_schema_file",
    "load_schemas",
]

PATCHES_DIR_NAME = "patches"
_OPS = ("test", "add", "replace", "remove")
_GUARDED_OPS = ("replace", "remove")
_OP_MEMBERS = frozenset({"op", "path", "value", "reason", "source"})
_NOTE_MEMBERS = ("reason", "source")
_CHANGED = "upstream schema changed; review this patch"


@attrs.frozen
class LoadedSchema:
    """One registry schema as vendored and as the generator should see it (patches applied)."""

    type_name: str
    file: str
    """The vendored file's name, e.g. ``aws-apigateway-stage.json``."""
    upstream: dict[str, Any]
    """The schema exactly as vendored."""
    schema: dict[str, Any]
    """The schema after its patch (the same content as ``upstream`` when there is none)."""
    patch_file: str | None
    """The name of the patch applied, in ``schemas/patches/`` (the same as ``file``), or None."""


def check_metaschema(schema: dict[str, Any], source: str) -> list[Problem]:
    """List every way ``schema`` breaks the provider meta-schema (cfn-lint's extras aside)."""
    return _metaschema.check(schema, source)


def load_schemas(
    schemas_dir: Path = SCHEMAS_DIR, types: Sequence[str] | None = None
) -> list[LoadedSchema]:
    """Load the locked schemas (or only ``types``) sorted by type name; raise with every problem."""
    entries, problems = read_lock(schemas_dir)
    if entries or not problems:  # without a readable lock, every file would look unlocked
        problems += _unlocked_files(schemas_dir, entries.values())
    loaded = []
    for entry in _select(entries, types, problems):
        schema, found = _load_entry(schemas_dir, entry)
        problems += found
        if schema is not None:
            loaded.append(schema)
    if problems:
        raise CodegenError(problems)
    return sorted(loaded, key=lambda s: s.type_name)


def load_schema_file(path: Path, patch_path: Path | None = None) -> LoadedSchema:
    """Load one schema file from anywhere, with an optional patch; raise with every problem."""
    try:
        data = path.read_bytes()
    except OSError as err:
        raise CodegenError([Problem(path.name, "", f"cannot read: {err.strerror}")]) from None
    loaded, problems = _build(path.name, data, patch_path)
    if problems or loaded is None:
        raise CodegenError(problems)
    return loaded


def _select(
    entries: Mapping[str, LockEntry], types: Sequence[str] | None, problems: list[Problem]
) -> list[LockEntry]:
    if types is None:
        return sorted(entries.values(), key=lambda e: e.type_name)
    selected = []
    for name in dict.fromkeys(types):
        if name in entries:
            selected.append(entries[name])
            continue
        close = suggest(name, entries)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        message = f"{name} is not vendored{hint}; run `stagewright schemas pull {name}`"
        problems.append(Problem(LOCK_FILE_NAME, "", message))
    return selected


def _unlocked_files(schemas_dir: Path, entries: Iterable[LockEntry]) -> list[Problem]:
    locked = {entry.file for entry in entries}
    problems = [
        Problem(path.name, "", "not in the lock; vendor it with `stagewright schemas pull TYPE`")
        for path in sorted(schemas_dir.glob("*.json"))
        if path.name != LOCK_FILE_NAME and path.name not in locked
    ]
    problems += [
        Problem(
            f"{PATCHES_DIR_NAME}/{path.name}", "", "patches a schema file the lock does not list"
        )
        for path in sorted((schemas_dir / PATCHES_DIR_NAME).glob("*.json"))
        if path.name not in locked
    ]
    return problems


def _load_entry(schemas_dir: Path, entry: LockEntry) -> tuple[LoadedSchema | None, list[Problem]]:
    try:
        data = (schemas_dir / entry.file).read_bytes()
    except OSError as err:
        pull = f"re-run `stagewright schemas pull {entry.type_name}`"
        return None, [Problem(entry.file, "", f"cannot read ({err.strerror}); {pull}")]
    problems = []
    if sha256_hex(data) != entry.sha256:
        message = "sha256 differs from the lock: edited by hand? re-run `stagewright schemas pull`"
        problems.append(Problem(entry.file, "", message))
    patch_path = schemas_dir / PATCHES_DIR_NAME / entry.file
    loaded, found = _build(entry.file, data, patch_path if patch_path.exists() else None)
    problems += found
    if loaded is not None and loaded.type_name != entry.type_name:
        message = f"typeName is {loaded.type_name!r} but the lock files it as {entry.type_name}"
        problems.append(Problem(entry.file, "/typeName", message))
    return loaded, problems


def _build(
    file: str, data: bytes, patch_path: Path | None
) -> tuple[LoadedSchema | None, list[Problem]]:
    upstream, problems = _parse(data, file)
    if upstream is None:
        return None, problems
    upstream_problems = check_metaschema(upstream, file)
    problems += upstream_problems
    if not isinstance(upstream, dict):
        return None, problems
    schema = upstream
    if patch_path is not None:
        # Named relative to the schemas folder: patches/aws-apigateway-stage.json.
        label = f"{patch_path.parent.name}/{patch_path.name}"
        patched, found = _apply_patch_file(upstream, patch_path, label)
        problems += found
        if patched is not None:
            problems += _new_violations(upstream_problems, patched, file, label)
            schema = patched
    type_name = upstream.get("typeName")
    loaded = LoadedSchema(
        type_name=type_name if isinstance(type_name, str) else "",
        file=file,
        upstream=upstream,
        schema=schema,
        patch_file=None if patch_path is None else patch_path.name,
    )
    return loaded, problems


def _parse(data: bytes, source: str) -> tuple[Any, list[Problem]]:
    try:
        return json.loads(data.decode("utf-8"), parse_constant=_reject_constant), []
    except UnicodeDecodeError:
        return None, [Problem(source, "", "not UTF-8 text")]
    except json.JSONDecodeError as err:
        where = f"line {err.lineno} column {err.colno}"
        return None, [Problem(source, "", f"not valid JSON: {err.msg} at {where}")]
    except ValueError as err:
        return None, [Problem(source, "", f"not valid JSON: {err}")]
    except RecursionError:
        return None, [Problem(source, "", "nested too deeply to parse")]


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _new_violations(
    upstream_problems: list[Problem], patched: dict[str, Any], file: str, patch_label: str
) -> list[Problem]:
    # Upstream violations are already reported against the vendored file: report only new ones.
    before = {(p.pointer, p.message) for p in upstream_problems}
    return [
        Problem(f"{file} (patched)", p.pointer, f"{p.message} (introduced by {patch_label})")
        for p in check_metaschema(patched, file)
        if (p.pointer, p.message) not in before
    ]


# --- patches -----------------------------------------------------------------------------------


def _apply_patch_file(
    upstream: dict[str, Any], path: Path, label: str
) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, [Problem(label, "", f"cannot read: {err.strerror}")]
    ops, problems = _parse(data, label)
    if problems:
        return None, problems
    problems = _patch_shape_problems(ops, label)
    if problems:
        return None, problems
    return _apply_ops(upstream, ops, label)


def _patch_shape_problems(ops: Any, label: str) -> list[Problem]:
    if not isinstance(ops, list) or not ops:
        return [Problem(label, "", "a patch must be a non-empty JSON Patch array (RFC 6902)")]
    problems = []
    previous: Any = None
    for index, op in enumerate(ops):
        problems += [Problem(label, f"/{index}", m) for m in _op_shape(op, previous)]
        previous = op
    return problems


def _op_shape(op: Any, previous: Any) -> list[str]:
    if not isinstance(op, dict):
        return ["an op must be a JSON object"]
    messages = []
    if op.get("op") not in _OPS:
        messages.append(f"op must be one of {', '.join(_OPS)} (move and copy are not used here)")
    if not isinstance(op.get("path"), str):
        messages.append("path must be a JSON pointer string")
    if op.get("op") in ("test", "add", "replace") and "value" not in op:
        messages.append("this op needs a value")
    for note in _NOTE_MEMBERS:
        if not isinstance(op.get(note), str) or not op[note].strip():
            messages.append(f"every op needs a non-empty {note!r} (why, and the doc that says so)")
    if unknown := sorted(set(op) - _OP_MEMBERS):
        messages.append(f"unknown member(s) {', '.join(unknown)}")
    guarded = isinstance(previous, dict) and previous.get("op") == "test"
    if op.get("op") in _GUARDED_OPS and not (guarded and previous.get("path") == op.get("path")):
        messages.append(f"unguarded {op['op']}: put a test op on the upstream value just before it")
    return messages


def _apply_ops(
    upstream: dict[str, Any], ops: list[dict[str, Any]], label: str
) -> tuple[dict[str, Any] | None, list[Problem]]:
    document: Any = copy.deepcopy(upstream)
    problems = []
    failed_guard = None
    for index, op in enumerate(ops):
        if op["op"] in _GUARDED_OPS and op["path"] == failed_guard:
            continue  # its test already failed and was reported
        failed_guard = None
        document, error = _apply_op(document, op)
        if error is not None:
            what = f"op {index} ({op['op']} {op['path']})"
            why = _purpose(ops, index)
            message = f"{what}: {error}; {_CHANGED}. The patch says: {why}"
            problems.append(Problem(label, f"/{index}", message))
            failed_guard = op["path"] if op["op"] == "test" else None
    if problems:
        return None, problems
    if not isinstance(document, dict):
        return None, [Problem(label, "", "the patch replaced the whole schema with a non-object")]
    return document, []


def _purpose(ops: list[dict[str, Any]], index: int) -> str:
    # A guard's own reason is boilerplate; the change it guards says what the patch is for.
    if ops[index]["op"] == "test":
        for later in ops[index + 1 :]:
            if later["op"] != "test":
                return str(later["reason"])
    return str(ops[index]["reason"])


def _apply_op(document: Any, op: dict[str, Any]) -> tuple[Any, str | None]:
    bare = copy.deepcopy({k: v for k, v in op.items() if k not in _NOTE_MEMBERS})
    try:
        exists = _exists(document, op["path"])
        if op["op"] != "add" and not exists:
            return document, "the path is not in the upstream schema"
        if op["op"] == "add" and exists and _is_member(document, op["path"]):
            return document, "add would overwrite an upstream value (guard it: test, then replace)"
        return jsonpatch.JsonPatch([bare]).apply(document, in_place=True), None
    except jsonpatch.JsonPatchTestFailed:
        return document, "the upstream value is not the one tested"
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException) as err:
        return document, str(err)
    except (TypeError, ValueError, IndexError, KeyError) as err:
        return document, f"cannot apply: {err}"


def _exists(document: Any, path: str) -> bool:
    missing = object()
    return jsonpointer.resolve_pointer(document, path, missing) is not missing


def _is_member(document: Any, path: str) -> bool:
    # Adding at an array index inserts; adding an object member that is there already replaces.
    if path == "":
        return True
    parent, _ = jsonpointer.JsonPointer(path).to_last(document)
    return isinstance(parent, dict)
