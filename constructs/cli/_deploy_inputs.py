"""What ``stagewright deploy`` works out before it calls AWS: order, parameters, tags, limits.

Parameters: ``--parameter KEY=VALUE`` goes to every stack being deployed that declares ``KEY``;
``--parameter STACK:KEY=VALUE`` to that stack only. ``--parameters-file FILE`` (JSON or YAML)
holds ``KEY: VALUE`` entries (every stack declaring the key), ``STACK: {KEY: VALUE}`` sections,
or CloudFormation's own list of ``{"ParameterKey": ..., "ParameterValue": ...}``. The command line
wins over the file, and a stack's own value over a shared one. A key that no stack being deployed
declares is an error. Tags: ``--tag KEY=VALUE`` and ``--tags-file FILE`` (a mapping, or a list
of ``{"Key": ..., "Value": ...}``), on every stack.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from stagewright.cli._events import DeployError
from stagewright.synth._assembly import Assembly, StackArtifact
from stagewright.synth._checks import MAX_TEMPLATE_BYTES
from stagewright.synth._encode import dumps_compact_bytes

__all__ = [
    "TEMPLATE_BODY_LIMIT",
    "capabilities",
    "check_sizes",
    "dependency_order",
    "resolve_parameters",
    "resolve_tags",
    "unknown_stacks",
]

TEMPLATE_BODY_LIMIT = 51_200
"""The largest template CreateChangeSet takes inline (TemplateBody), in bytes."""

_NAMED_IAM = {
    "AWS::IAM::Role": "RoleName",
    "AWS::IAM::User": "UserName",
    "AWS::IAM::Group": "GroupName",
    "AWS::IAM::ManagedPolicy": "ManagedPolicyName",
    "AWS::IAM::InstanceProfile": "InstanceProfileName",
}


def unknown_stacks(assembly: Assembly, names: Iterable[str]) -> str | None:
    """The error for the names the app has no stack of (``the app has no stack ...``), or None."""
    known = [a.name for a in assembly.stacks]
    unknown = [name for name in names if name not in known]
    if not unknown:
        return None
    close = [c for name in unknown for c in difflib.get_close_matches(name, known, n=1)]
    hint = f"; did you mean {' or '.join(map(repr, dict.fromkeys(close)))}?" if close else ""
    text = f"the app has no stack {', '.join(map(repr, unknown))} (it has {', '.join(known)})"
    return text + hint


def dependency_order(assembly: Assembly, names: Sequence[str]) -> list[StackArtifact]:
    """The stacks ``names`` with each after the stacks it depends on (synthesis refuses cycles)."""
    wanted = set(names)
    ordered: list[StackArtifact] = []
    placed: set[str] = set()

    def place(artifact: StackArtifact) -> None:
        if artifact.name in placed:
            return
        placed.add(artifact.name)
        for dependency in artifact.dependencies:
            place(assembly.stack(dependency))
        if artifact.name in wanted:
            ordered.append(artifact)

    for artifact in assembly.stacks:
        if artifact.name in wanted:
            place(artifact)
    return ordered


def check_sizes(artifacts: Iterable[StackArtifact]) -> None:
    """Refuse templates CloudFormation cannot take at all: over 1 MB as compact JSON.

    Synthesis refuses them too; a template over 51,200 bytes goes through the staging bucket.
    """
    for artifact in artifacts:
        if len(artifact.data) <= MAX_TEMPLATE_BYTES:
            continue  # the compact form is never larger
        size = len(dumps_compact_bytes(artifact.template))
        if size > MAX_TEMPLATE_BYTES:
            raise DeployError(
                f"stack {artifact.name}: the template is {size:,} bytes as compact JSON, more "
                f"than the {MAX_TEMPLATE_BYTES:,} CloudFormation accepts; split the stack, or "
                "keep large OpenAPI documents in files (stagewright.stages.OpenApiDefinition)"
            )


def capabilities(template: Mapping[str, Any]) -> tuple[list[str], str]:
    """The capabilities the template needs and why (``([], "")`` for none)."""
    resources = template.get("Resources", {})
    iam = sorted(lid for lid, r in resources.items() if str(r.get("Type")).startswith("AWS::IAM::"))
    named = sorted(
        lid
        for lid, r in resources.items()
        if _NAMED_IAM.get(str(r.get("Type"))) in (r.get("Properties") or {})
    )
    caps, why = [], []
    if named:
        caps.append("CAPABILITY_NAMED_IAM")
        why.append(f"IAM resources with custom names: {', '.join(named)}")
    elif iam:
        caps.append("CAPABILITY_IAM")
        why.append(f"IAM resources: {', '.join(iam)}")
    if "Transform" in template:
        caps.append("CAPABILITY_AUTO_EXPAND")
        why.append("a Transform")
    return caps, "; ".join(why)


def _load_file(path: Path, what: str) -> Any:
    """Read a JSON (by its suffix) or YAML file within the limits templates are read in."""
    from stagewright.template._yaml import TemplateError, read_document  # noqa: PLC0415

    try:
        return read_document(path, as_json=path.suffix == ".json")
    except OSError as exc:
        raise DeployError(f"cannot read the {what} file {path}: {exc.strerror or exc}") from exc
    except TemplateError as exc:
        raise DeployError(str(exc)) from exc


def _text(value: Any, where: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return ",".join(str(v) for v in value)  # a CommaDelimitedList
    # Not the value itself: it may be a secret (a NoEcho parameter's), mistyped.
    raise DeployError(
        f"{where}: a value must be a string, number or list, got {type(value).__name__}"
    )


def _split(assignment: str, option: str) -> tuple[str, str]:
    key, sep, value = assignment.partition("=")
    if not sep or not key:
        # The argument is not shown: what follows a mistyped ``=`` may be a secret.
        raise DeployError(
            f"{option}: expected KEY=VALUE, got {len(assignment)} characters without a key "
            "before an '=' (not shown: a value may be secret)"
        )
    return key, value


_Entries = list[tuple[str | None, str, str, str]]  # (stack or None, key, value, where from)


def _shape(data: Any) -> str:
    """Describe a parameters-file entry for a message without any value in it."""
    if isinstance(data, dict):
        return f"a mapping with keys {', '.join(map(repr, map(str, data)))}"
    return type(data).__name__


def _file_parameters(path: Path) -> _Entries:
    data = _load_file(path, "parameters")
    entries: _Entries = []
    if isinstance(data, list):
        for item in data:
            if not (isinstance(item, dict) and "ParameterKey" in item):
                raise DeployError(
                    f"{path}: a list entry must have ParameterKey, got {_shape(item)}"
                )
            value = _text(item.get("ParameterValue"), f"{path}: {item['ParameterKey']}")
            entries.append((None, str(item["ParameterKey"]), value, str(path)))
        return entries
    if not isinstance(data, dict):
        raise DeployError(f"{path}: expected a mapping of parameter values, got {_shape(data)}")
    for key, value in data.items():
        if isinstance(value, dict):
            for inner, inner_value in value.items():
                text = _text(inner_value, f"{path}: {key}.{inner}")
                entries.append((str(key), str(inner), text, str(path)))
        else:
            entries.append((None, str(key), _text(value, f"{path}: {key}"), str(path)))
    return entries


def resolve_parameters(
    assembly: Assembly,
    selected: Sequence[StackArtifact],
    assignments: Sequence[str],
    file: Path | None,
) -> dict[str, dict[str, str]]:
    """Each selected stack's parameter values from the file and ``--parameter`` assignments.

    Raises ``DeployError`` for a key no selected stack declares, or a stack not being deployed.
    """
    entries = _file_parameters(file) if file is not None else []
    for assignment in assignments:
        target, value = _split(assignment, "--parameter")
        prefix, _, key = target.rpartition(":")
        # Where an entry came from, for messages: never with its value (it may be secret).
        entries.append((prefix or None, key, value, f"--parameter {target}=..."))
    declared = {a.name: set(a.template.get("Parameters", {})) for a in selected}
    known = {a.name for a in assembly.stacks}
    shared: dict[str, dict[str, str]] = {name: {} for name in declared}
    own: dict[str, dict[str, str]] = {name: {} for name in declared}
    for stack, key, value, where in entries:
        if stack is None:
            takers = [name for name, keys in declared.items() if key in keys]
            if not takers:
                raise DeployError(
                    f"{where}: no stack being deployed declares a parameter {key!r} "
                    f"({_declared_text(declared)})"
                )
            for name in takers:
                shared[name][key] = value
        elif stack not in known:
            raise DeployError(f"{where}: the app has no stack {stack!r}")
        elif stack not in declared:
            raise DeployError(f"{where}: stack {stack} is not being deployed (add --stack {stack})")
        elif key not in declared[stack]:
            raise DeployError(
                f"{where}: stack {stack} declares no parameter {key!r} "
                f"({_declared_text({stack: declared[stack]})})"
            )
        else:
            own[stack][key] = value
    return {name: shared[name] | own[name] for name in declared}


def _declared_text(declared: Mapping[str, set[str]]) -> str:
    parts = [f"{name}: {', '.join(sorted(keys))}" for name, keys in declared.items() if keys]
    return "declared: " + "; ".join(parts) if parts else "none declares any"


def resolve_tags(assignments: Sequence[str], file: Path | None) -> dict[str, str]:
    """The tags for every stack: the file's, then ``--tag KEY=VALUE`` (which wins)."""
    tags: dict[str, str] = {}
    if file is not None:
        data = _load_file(file, "tags")
        if isinstance(data, list):
            for item in data:
                if not (isinstance(item, dict) and "Key" in item and "Value" in item):
                    raise DeployError(f"{file}: a list entry must have Key and Value, got {item!r}")
                tags[str(item["Key"])] = _text(item["Value"], f"{file}: {item['Key']}")
        elif isinstance(data, dict):
            tags.update({str(k): _text(v, f"{file}: {k}") for k, v in data.items()})
        else:
            raise DeployError(f"{file}: expected a mapping of tag values, got {data!r}")
    for assignment in assignments:
        key, value = _split(assignment, "--tag")
        tags[key] = value
    return tags
