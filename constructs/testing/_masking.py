"""Mask the volatile parts of a template before it is snapshotted.

Values are masked by JSON path: ``Resources.*.Properties.BodyS3Location.Key`` (``*`` and other
glob characters match keys, ``[0]``/``[*]`` list items, ``**`` any depth, ``["a.b"]`` a key
holding dots). A logical ID, which is also referenced elsewhere, is masked by renaming it
everywhere it appears: its section key, ``Ref``, ``Fn::GetAtt``, ``DependsOn``, ``${Id}`` in
``Fn::Sub``. One glob may stand for several IDs; each gets a numbered placeholder that is itself
a valid logical ID (letters and digits), so a masked snapshot is still a template cfn-lint reads.
A mask that matches nothing is an error: it usually is a typo.
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

    def __init__(self, values: Mapping[str, Any], logical_ids: Mapping[str, str | None]) -> None:
        """Keep the masks; ValueError if a path cannot be read or a placeholder is no valid ID.

        ``logical_ids`` maps a glob to its placeholder ID, or to None for the default one: the
        glob's letters and digits followed by ``MASKED`` (``Deployment*``: ``DeploymentMASKED``).
        """
        self.values = dict(values)
        self.logical_ids = dict(logical_ids)
        self._parsed = {path: _parse(path) for path in self.values}
        for glob, placeholder in self.logical_ids.items():
            if placeholder is not None and not _valid_id(placeholder):
                raise ValueError(
                    f"logical ID mask {glob!r}: placeholder {placeholder!r} is not a valid "
                    "logical ID (letters and digits only, like 'DeploymentHASH')"
                )

    @classmethod
    def of(
        cls,
        mask: Mapping[str, Any] | Iterable[str] | None = None,
        mask_logical_ids: Mapping[str, str] | Iterable[str] | None = None,
    ) -> Masks:
        """Read the ``mask=`` and ``mask_logical_ids=`` options (lists: default placeholders)."""
        values = _as_mapping(mask, lambda path: MASKED)
        ids = _as_mapping(mask_logical_ids, lambda glob: None)
        return cls(values, {k: None if v is None else str(v) for k, v in ids.items()})

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
        renames, globs = self._renames(masked)
        used.update(f"logical ID {glob!r}" for glob in globs)
        return _renamed(masked, renames), used

    def check_used(self, used: set[str]) -> None:
        """Raise ValueError naming every mask that matched nothing."""
        __tracebackhide__ = True
        names = [*self.values, *(f"logical ID {glob!r}" for glob in self.logical_ids)]
        unused = [name for name in names if name not in used]
        if unused:
            raise ValueError(f"these masks matched nothing (a typo?): {', '.join(unused)}")

    def _renames(self, template: dict[str, Any]) -> tuple[dict[str, str], set[str]]:
        """Return old ID -> placeholder ID, and the globs that matched an ID.

        The IDs one glob matches are numbered in sorted order (``DeploymentMASKED1``, ``...2``):
        the same template always masks the same way. A placeholder given explicitly is used as
        it is when its glob matches one ID, and numbered too when it matches several.
        """
        ids = {k for s in _ID_SECTIONS if isinstance(template.get(s), dict) for k in template[s]}
        renames: dict[str, str] = {}
        owner: dict[str, str] = {}
        for glob, placeholder in self.logical_ids.items():
            matched = sorted(i for i in ids if fnmatchcase(i, glob))
            base = placeholder if placeholder is not None else _default_placeholder(glob)
            numbered = placeholder is None or len(matched) > 1
            for number, old in enumerate(matched, 1):
                if old in owner:
                    raise ValueError(
                        f"logical ID {old!r} is matched by two masks, {owner[old]!r} and {glob!r}"
                    )
                owner[old] = glob
                renames[old] = f"{base}{number}" if numbered else base
        _check_placeholders(renames, owner, ids)
        return renames, set(owner.values())


def _default_placeholder(glob: str) -> str:
    """``DeploymentMASKED`` for ``Deployment*``: the glob's letters and digits, then MASKED."""
    literal = re.sub(r"\[[^\]]*\]", "", glob)  # a [...] class stands for a volatile character
    return re.sub(r"[^A-Za-z0-9]", "", literal) + "MASKED"


def _valid_id(text: str) -> bool:
    return 0 < len(text) <= 255 and text.isascii() and text.isalnum()


def _check_placeholders(renames: dict[str, str], owner: dict[str, str], ids: set[str]) -> None:
    """Raise ValueError if two IDs would get one placeholder, or one names a kept ID."""
    taken: dict[str, str] = {}
    for old, new in sorted(renames.items()):
        if new in taken:
            raise ValueError(
                f"logical ID masks {owner[taken[new]]!r} and {owner[old]!r} would both "
                f"rename an ID to {new!r}: give them different placeholders"
            )
        if new in ids and new not in renames:
            raise ValueError(f"logical ID mask {owner[old]!r}: {new!r} is already an ID")
        taken[new] = old


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
    ``mask_logical_ids``: ID globs (the IDs ``"ApiDeployment*"`` matches become
    ``"ApiDeploymentMASKED1"``, ``"ApiDeploymentMASKED2"``... in sorted order) or a dict glob ->
    placeholder ID (letters and digits; numbered the same way if the glob matches several IDs).
    Raises ValueError if a mask matches nothing.
    """
    masks = Masks.of(mask, mask_logical_ids)
    masked, used = masks.apply(template)
    masks.check_used(used)
    return masked
