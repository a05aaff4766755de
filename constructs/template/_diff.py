"""Template diff: added, removed and changed resources and properties, replacements marked.

A change to a property the resource's registry schema lists as create-only makes CloudFormation
delete and re-create the resource (a REPLACEMENT); so does a change of type. Types without a
generated class have no known create-only list, so their changes are never marked.

A diff also warns when an API's content changes (its definition, or a method, route... of it)
while every deployment of it keeps its logical ID: CloudFormation then creates no deployment, and
the stages keep serving the old snapshot of the API.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, Literal

import attrs

from stagewright.core._deployment_content import template_apis
from stagewright.synth._checks import resource_class

__all__ = ["Change", "PropertyChange", "ResourceChange", "TemplateDiff", "diff_templates"]

Action = Literal["add", "remove", "modify"]
_MISSING: Any = type("_Missing", (), {"__repr__": lambda self: "<missing>"})()
_SYMBOL = {"add": "+", "remove": "-", "modify": "~"}
_COLOUR = {"add": "\033[32m", "remove": "\033[31m", "modify": "\033[33m"}
_RED_BOLD, _RESET = "\033[1;31m", "\033[0m"
_SECTIONS = ("Parameters", "Conditions", "Mappings", "Outputs")
_ATTRIBUTES = ("DependsOn", "Condition", "DeletionPolicy", "UpdateReplacePolicy", "Metadata")


@attrs.frozen
class PropertyChange:
    """One changed value: its path (``Properties.MethodSettings[0].LoggingLevel``), old, new."""

    path: str
    action: Action
    old: Any = None
    new: Any = None
    replacement: bool = False

    def to_json(self) -> dict[str, Any]:
        """Return the change as JSON-ready data."""
        data = {"path": self.path, "action": self.action, "replacement": self.replacement}
        if self.action != "add":
            data["old"] = self.old
        if self.action != "remove":
            data["new"] = self.new
        return data


@attrs.frozen
class ResourceChange:
    """A resource added, removed or modified, with its property changes."""

    logical_id: str
    type: str
    action: Action
    replacement: bool = False
    changes: tuple[PropertyChange, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """Return the change as JSON-ready data."""
        return {
            "logicalId": self.logical_id,
            "type": self.type,
            "action": self.action,
            "replacement": self.replacement,
            "changes": [c.to_json() for c in self.changes],
        }


@attrs.frozen
class Change:
    """An entry of another section (an output, a parameter...) added, removed or changed."""

    section: str
    name: str
    action: Action

    def to_json(self) -> dict[str, Any]:
        """Return the change as JSON-ready data."""
        return {"section": self.section, "name": self.name, "action": self.action}


@attrs.frozen
class TemplateDiff:
    """What changes from one template to the next."""

    resources: tuple[ResourceChange, ...]
    others: tuple[Change, ...]
    warnings: tuple[str, ...] = ()
    """What deploys but is probably not meant (an API changed under deployments that stay)."""

    @property
    def empty(self) -> bool:
        """Whether nothing changes."""
        return not self.resources and not self.others

    @property
    def replacements(self) -> list[ResourceChange]:
        """The resources CloudFormation will delete and re-create."""
        return [r for r in self.resources if r.replacement]

    def to_json(self) -> dict[str, Any]:
        """Return the diff as JSON-ready data."""
        return {
            "resources": [r.to_json() for r in self.resources],
            "others": [c.to_json() for c in self.others],
            "warnings": list(self.warnings),
        }

    def render(self, *, colour: bool = False) -> str:
        """Return the diff for a terminal: one line per resource, indented lines per property."""
        return "\n".join(_render(self, colour)) if not self.empty else "no changes"


def _paint(text: str, code: str, colour: bool) -> str:
    return f"{code}{text}{_RESET}" if colour else text


def _short(value: Any) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _render(diff: TemplateDiff, colour: bool) -> Iterator[str]:
    if diff.resources:
        yield "Resources"
    for resource in diff.resources:
        mark = _paint(" REPLACEMENT", _RED_BOLD, colour) if resource.replacement else ""
        head = f"[{_SYMBOL[resource.action]}] {resource.type} {resource.logical_id}"
        yield _paint(head, _COLOUR[resource.action], colour) + mark
        for change in resource.changes:
            values = {
                "add": _short(change.new),
                "remove": _short(change.old),
                "modify": f"{_short(change.old)} -> {_short(change.new)}",
            }[change.action]
            mark = _paint(" (REPLACEMENT)", _RED_BOLD, colour) if change.replacement else ""
            yield f"    {_SYMBOL[change.action]} {change.path}: {values}{mark}"
    for section in _SECTIONS:
        entries = [c for c in diff.others if c.section == section]
        if entries:
            yield section
        for entry in entries:
            yield _paint(f"[{_SYMBOL[entry.action]}] {entry.name}", _COLOUR[entry.action], colour)


def _create_only(type_name: str) -> tuple[tuple[str, ...], ...]:
    cls = resource_class(type_name)
    if cls is None:
        return ()
    return tuple(tuple(p.split(".")) for p in cls.CREATE_ONLY_PROPERTIES)


def _values_at(value: Any, path: tuple[str, ...]) -> list[Any]:
    """Return the values at ``path`` (``*`` matches every item or key)."""
    if not path:
        return [value]
    head, rest = path[0], path[1:]
    if head == "*":
        items = list(value.values()) if isinstance(value, Mapping) else value
        if not isinstance(items, list):
            return []
        return [v for item in items for v in _values_at(item, rest)]
    if isinstance(value, Mapping) and head in value:
        return _values_at(value[head], rest)
    return []


def _leaf_changes(old: Any, new: Any, path: str) -> Iterator[PropertyChange]:
    if old == new and type(old) is type(new):
        return
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in sorted(set(old) | set(new)):
            sub = f"{path}.{key}" if path else key
            if key not in new:
                yield PropertyChange(sub, "remove", old=old[key])
            elif key not in old:
                yield PropertyChange(sub, "add", new=new[key])
            else:
                yield from _leaf_changes(old[key], new[key], sub)
        return
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            yield from _leaf_changes(a, b, f"{path}[{index}]")
        return
    yield PropertyChange(path, "modify", old=old, new=new)


def _modified(
    logical_id: str, old: Mapping[str, Any], new: Mapping[str, Any]
) -> ResourceChange | None:
    type_name = str(new.get("Type"))
    if old.get("Type") != new.get("Type"):
        return ResourceChange(logical_id, type_name, "modify", replacement=True)
    old_props, new_props = old.get("Properties") or {}, new.get("Properties") or {}
    replaced = {
        path[0]
        for path in _create_only(type_name)
        if _values_at(old_props, path) != _values_at(new_props, path)
    }
    changes = [
        attrs.evolve(
            c,
            path=f"Properties.{c.path}",
            replacement=c.path.split(".")[0].split("[")[0] in replaced,
        )
        for c in _leaf_changes(old_props, new_props, "")
    ]
    for attribute in _ATTRIBUTES:
        changes.extend(
            _leaf_changes(old.get(attribute, _MISSING), new.get(attribute, _MISSING), attribute)
        )
    changes = [_unmissing(c) for c in changes]
    if not changes:
        return None
    return ResourceChange(logical_id, type_name, "modify", bool(replaced), tuple(changes))


def _unmissing(change: PropertyChange) -> PropertyChange:
    """Turn a change from or to an absent attribute into an add or a remove."""
    if change.old is _MISSING:
        return attrs.evolve(change, action="add", old=None)
    if change.new is _MISSING:
        return attrs.evolve(change, action="remove", new=None)
    return change


def diff_templates(old: Mapping[str, Any], new: Mapping[str, Any]) -> TemplateDiff:
    """Return what changes when a stack's template ``old`` is replaced by ``new``."""
    old_resources, new_resources = old.get("Resources") or {}, new.get("Resources") or {}
    resources = []
    for logical_id in sorted(set(old_resources) | set(new_resources)):
        if logical_id not in new_resources:
            gone = old_resources[logical_id]
            resources.append(ResourceChange(logical_id, str(gone.get("Type")), "remove"))
        elif logical_id not in old_resources:
            added = new_resources[logical_id]
            resources.append(ResourceChange(logical_id, str(added.get("Type")), "add"))
        else:
            change = _modified(logical_id, old_resources[logical_id], new_resources[logical_id])
            if change is not None:
                resources.append(change)
    others = []
    for section in _SECTIONS:
        a, b = old.get(section) or {}, new.get(section) or {}
        for name in sorted(set(a) | set(b)):
            if name not in b:
                others.append(Change(section, name, "remove"))
            elif name not in a:
                others.append(Change(section, name, "add"))
            elif a[name] != b[name]:
                others.append(Change(section, name, "modify"))
    replaced = {r.logical_id for r in resources if r.replacement}
    warnings = stale_deployments(old_resources, new_resources, replaced)
    return TemplateDiff(tuple(resources), tuple(others), tuple(warnings))


def stale_deployments(
    old: Mapping[str, Any],
    new: Mapping[str, Any],
    replaced: set[str] | frozenset[str] = frozenset(),
) -> list[str]:
    """Warn for each API whose content changes while all its deployments stay (none replaced)."""
    before, warnings = template_apis(old), []
    for api_id, (content, deployments) in sorted(template_apis(new).items()):
        if api_id not in before or not deployments:
            continue  # a new API's deployments are new too; without one, nothing is served
        old_content = before[api_id][0]
        if content == old_content:
            continue
        if any(d not in old or d in replaced for d in deployments):
            continue  # a deployment is created, so it snapshots the API as it will be
        what = [
            label
            for label, key in (("its definition", "api"), ("its member resources", "members"))
            if content[key] != old_content[key]
        ]
        warnings.append(
            f"API {api_id} changes ({' and '.join(what)}) but its deployment(s) "
            f"{', '.join(deployments)} keep their logical IDs: the stages keep serving the old "
            "API; use stagewright.stages.Release, a deployment named after the API's content"
        )
    return warnings
