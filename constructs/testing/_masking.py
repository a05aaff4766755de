"""Mask the volatile parts of a template before it is snapshotted.

Values are masked by JSON path: ``Resources.*.Properties.BodyS3Location.Key`` (``*`` and other
glob characters match keys, ``[0]``/``[*]`` list items, ``**`` any depth, ``["a.b"]`` a key
holding dots). A logical ID, which is also referenced elsewhere, is masked by renaming it
everywhere it appears: its section key, ``Ref``, ``Fn::GetAtt``, ``DependsOn``, ``${Id}`` in
``Fn::Sub``. A mask that matches nothing is an error: it usually is a typo.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from fnmatch import fnmatchcase
from typing import Any

import attrs

__all__ = ["MASKED", "Masks", "mask_template"]

MASKED = "<masked>"
"""The placeholder a masked value shows when the mask names none."""

_ID_SECTIONS = ("Parameters", "Mappings", "Conditions", "Resources", "Outputs")
_TOKEN = re.compile(r'\[(?P<index>\d+|\*)\]|\["(?P<quoted>(?:[^"\\]|\\.)*)"\]|(?P<key>[^.\[\]]+)')


@attrs.frozen
class _Segment:
    kind: str  # "glob", "literal", "index" or "deep"
    value: str | int

    def matches(self, key: str | int) -> bool:
        if self.kind == "index":
            return isinstance(key, int) and self.value in ("*", key)
        if self.kind == "literal":
            return key == self.value
        return isinstance(key, str) and fnmatchcase(key, str(self.value))


def _parse(path: str) -> tuple[_Segment, ...]:
    """Split a mask path into segments; ValueError naming the path if it cannot be read."""
    segments: list[_Segment] = []
    pos = 0
    while pos < len(path):
        token = _TOKEN.match(path, pos)
        if token is None:
            raise ValueError(f"mask path {path!r}: cannot read {path[pos:]!r} at character {pos}")
        if token["index"] is not None:
            index = token["index"]
            segments.append(_Segment("index", index if index == "*" else int(index)))
        elif token["quoted"] is not None:
            segments.append(_Segment("literal", json.loads(f'"{token["quoted"]}"')))
        else:
            key = token["key"]
            segments.append(_Segment("deep" if key == "**" else "glob", key))
        pos = token.end()
        if pos < len(path) and path[pos] not in ".[":
            raise ValueError(f"mask path {path!r}: expected '.' or '[' at character {pos}")
        if path[pos : pos + 1] == ".":
            pos += 1
            if pos == len(path):
                raise ValueError(f"mask path {path!r} ends with '.'")
    if not segments or segments[-1].kind == "deep":
        raise ValueError(f"mask path {path!r} must end with a key or an index")
    return tuple(segments)


def _children(value: Any) -> list[tuple[str | int, Any]]:
    if isinstance(value, dict):
        return list(value.items())
    if isinstance(value, list):
        return list(enumerate(value))
    return []


def _places(value: Any, segments: tuple[_Segment, ...]) -> Iterator[tuple[Any, str | int]]:
    """Yield (container, key) for every place ``segments`` select below ``value``."""
    head, rest = segments[0], segments[1:]
    if head.kind == "deep":
        yield from _places(value, rest)
        for _, child in _children(value):
            yield from _places(child, segments)
        return
    for key, child in _children(value):
        if head.matches(key):
            if rest:
                yield from _places(child, rest)
            else:
                yield value, key


class Masks:
    """Value masks (JSON path -> placeholder) and logical ID masks (glob -> placeholder ID)."""

    def __init__(self, values: Mapping[str, Any], logical_ids: Mapping[str, str]) -> None:
        """Keep the masks; ValueError if a path cannot be read."""
        self.values = dict(values)
        self.logical_ids = dict(logical_ids)
        self._parsed = {path: _parse(path) for path in self.values}

    @classmethod
    def of(
        cls,
        mask: Mapping[str, Any] | Iterable[str] | None = None,
        mask_logical_ids: Mapping[str, str] | Iterable[str] | None = None,
    ) -> Masks:
        """Read the ``mask=`` and ``mask_logical_ids=`` options (lists: default placeholders)."""
        values = _as_mapping(mask, lambda path: MASKED)
        ids = _as_mapping(mask_logical_ids, lambda glob: glob.replace("*", MASKED))
        return cls(values, {k: str(v) for k, v in ids.items()})

    def __bool__(self) -> bool:
        return bool(self.values or self.logical_ids)

    def apply(self, template: Mapping[str, Any]) -> tuple[dict[str, Any], set[str]]:
        """Return a masked copy of ``template`` and the masks that matched something in it."""
        masked = copy.deepcopy(dict(template))
        used: set[str] = set()
        places = {path: list(_places(masked, segments)) for path, segments in self._parsed.items()}
        for path, found in places.items():
            for container, key in found:
                container[key] = copy.deepcopy(self.values[path])
                used.add(path)
        renames = self._renames(masked)
        used.update(f"logical ID {glob!r}" for glob in renames)
        return _renamed(masked, dict(renames.values())), used

    def check_used(self, used: set[str]) -> None:
        """Raise ValueError naming every mask that matched nothing."""
        names = [*self.values, *(f"logical ID {glob!r}" for glob in self.logical_ids)]
        unused = [name for name in names if name not in used]
        if unused:
            raise ValueError(f"these masks matched nothing (a typo?): {', '.join(unused)}")

    def _renames(self, template: dict[str, Any]) -> dict[str, tuple[str, str]]:
        ids = {k for s in _ID_SECTIONS if isinstance(template.get(s), dict) for k in template[s]}
        renames: dict[str, tuple[str, str]] = {}
        for glob, placeholder in self.logical_ids.items():
            matched = sorted(i for i in ids if fnmatchcase(i, glob))
            if len(matched) > 1:
                raise ValueError(
                    f"logical ID mask {glob!r} matches {len(matched)} IDs ({', '.join(matched)}); "
                    "a placeholder stands for one ID"
                )
            if matched and placeholder in ids:
                raise ValueError(f"logical ID mask {glob!r}: {placeholder!r} is already an ID")
            if matched:
                renames[glob] = (matched[0], placeholder)
        return renames


def _as_mapping(option: Any, default: Any) -> dict[str, Any]:
    if option is None:
        return {}
    if isinstance(option, str):
        option = [option]
    if isinstance(option, Mapping):
        return dict(option)
    return {item: default(item) for item in option}


def _renamed(value: Any, renames: dict[str, str]) -> Any:
    """Rename logical IDs in keys, in strings equal to one, ``Id.Attr`` and ``${Id...}``."""
    if not renames:
        return value
    sub = re.compile(r"\$\{(" + "|".join(map(re.escape, renames)) + r")(?=[}.])")

    def walk(item: Any) -> Any:
        if isinstance(item, dict):
            return {renames.get(k, k): walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        if isinstance(item, str):
            head, dot, tail = item.partition(".")
            if head in renames:
                return renames[head] + dot + tail
            return sub.sub(lambda m: "${" + renames[m[1]], item)
        return item

    result: Any = walk(value)
    return result


def mask_template(
    template: Mapping[str, Any],
    mask: Mapping[str, Any] | Iterable[str] | None = None,
    mask_logical_ids: Mapping[str, str] | Iterable[str] | None = None,
) -> dict[str, Any]:
    """Return a copy of ``template`` with the masks applied (as ``template_snapshot`` does).

    ``mask``: JSON paths (placeholder ``"<masked>"``) or a dict path -> placeholder.
    ``mask_logical_ids``: ID globs (``"ApiDeployment*"`` becomes ``"ApiDeployment<masked>"``) or
    a dict glob -> placeholder ID. Raises ValueError if a mask matches nothing.
    """
    masks = Masks.of(mask, mask_logical_ids)
    masked, used = masks.apply(template)
    masks.check_used(used)
    return masked
