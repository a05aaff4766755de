"""Read CloudFormation templates, JSON or YAML with short-form tags, into plain JSON-like data.

YAML is read the way cfn-lint reads it (PyYAML's safe YAML 1.1 rules, so an unquoted ``yes`` or
``on`` is a boolean, as CloudFormation treats it), with three differences that follow what
CloudFormation does rather than what YAML 1.1 says: date-looking scalars stay strings
(CloudFormation has no timestamp type; ``Version: 2012-10-17`` must stay ``"2012-10-17"``), the
``!!binary``, ``!!set``, ``!!omap`` and ``!!pairs`` tags are refused, and an unknown ``!Tag`` is an
error instead of silently becoming ``Fn::Tag``. A duplicate mapping key is an error in both
formats: a parser that lets the last one win would quietly change what the template means.
Aliases and ``<<`` merges are resolved, as cfn-lint and ``aws cloudformation package`` do, though
CloudFormation itself refuses them.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stagewright.runtime._errors import Path as PropertyPath
from stagewright.runtime._errors import format_path

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

__all__ = ["TemplateError", "load_template", "loads_template"]

# The short forms CloudFormation documents; Ref and Condition keep their name, the rest get "Fn::".
_SHORT_FORMS = frozenset(
    {
        "Ref", "Condition", "GetAtt", "Base64", "Cidr", "FindInMap", "GetAZs", "ImportValue",
        "Join", "Select", "Split", "Sub", "Transform", "And", "Equals", "If", "Not", "Or",
        "Length", "ToJsonString",  # AWS::LanguageExtensions
        "Contains", "EachMemberEquals", "EachMemberIn", "RefAll", "ValueOf", "ValueOfAll",  # Rules
    }
)  # fmt: skip
_UNPREFIXED = frozenset({"Ref", "Condition"})
_MERGE_TAG = "tag:yaml.org,2002:merge"
# Aliases are resolved by sharing objects, so loading is cheap, but whoever walks the result pays
# for every repeat: refuse documents that would expand past this many nodes ("billion laughs").
_MAX_EXPANDED_NODES = 1_000_000
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class TemplateError(ValueError):
    """Raised when a template cannot be read: bad syntax, a duplicate key, an unsupported tag."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        key: str | None = None,
        path: PropertyPath = (),
    ) -> None:
        # ``path`` locates the mapping that holds ``key``; messages name it themselves.
        self.message, self.file, self.line, self.key, self.path = message, file, line, key, path
        super().__init__(self._render())

    def _render(self) -> str:
        where = ":".join(str(part) for part in (self.file, self.line) if part is not None)
        if self.file is None and self.line is not None:
            where = f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


def _describe(path: PropertyPath) -> str:
    return format_path("", path) if path else "the top-level mapping"


def load_template(path: Path) -> dict[str, Any]:
    """Read the JSON or YAML template at ``path``."""
    return loads_template(path.read_text(encoding="utf-8"), filename=str(path))


def loads_template(text: str, *, filename: str | None = None) -> dict[str, Any]:
    """Parse a JSON or YAML template; ``filename`` only names the source in errors."""
    text = text.removeprefix("\ufeff")
    # Text starting with "{" is JSON: reading broken JSON as YAML flow style would load a typo
    # such as ``"b": }`` as null instead of reporting it.
    is_json = text.lstrip().startswith("{")
    data = _loads_json(text, filename) if is_json else _loads_yaml(text, filename)
    if not isinstance(data, dict):
        message = f"a template must be a mapping, not {type(data).__name__}"
        raise TemplateError(message, file=filename, line=1)
    return data


# --- YAML ---------------------------------------------------------------------------------------


class _Loader(_BaseLoader):
    """The safe loader with CloudFormation's tags, unique keys and timestamps kept as text."""

    def __init__(self, stream: str, filename: str | None) -> None:
        super().__init__(stream)
        self.filename = filename

    def construct_document(self, node: Node) -> Any:
        """Check the whole document's keys and size, then build it."""
        if _check_keys(self, node):
            _check_size(self, node)
        return super().construct_document(node)

    def template_error(self, message: str, node: Node) -> TemplateError:
        """Return a TemplateError located at ``node``."""
        return TemplateError(message, file=self.filename, line=_line(node))


def _line(node: Node) -> int | None:
    return node.start_mark.line + 1 if node.start_mark is not None else None


def _check_keys(loader: _Loader, root: Node) -> bool:
    """Raise on a repeated or null key below ``root``; return whether aliases share a node."""
    stack: list[tuple[Node, PropertyPath]] = [(root, ())]
    visited: set[int] = set()
    shared = False
    while stack:
        node, path = stack.pop()
        if id(node) in visited:
            shared = True
            continue
        visited.add(id(node))
        if not node.tag.startswith("tag:"):  # a short-form tag: ``!If`` is {"Fn::If": ...}
            path = (*path, _long_name(node.tag[1:]))
        if isinstance(node, MappingNode):
            stack.extend(_mapping_children(loader, node, path))
        elif isinstance(node, SequenceNode):
            stack.extend((child, (*path, index)) for index, child in enumerate(node.value))
    return shared


def _mapping_children(
    loader: _Loader, node: MappingNode, path: PropertyPath
) -> Iterator[tuple[Node, PropertyPath]]:
    """Yield the values below ``node`` with their paths, raising on a repeated or null key."""
    seen: dict[Any, Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag == _MERGE_TAG:
            yield value_node, path  # a merge (``<<``) or complex key: PyYAML checks those
            continue
        key = loader.construct_object(key_node)
        if not isinstance(key, Hashable):  # a tagged key such as ``!Ref x:``; PyYAML reports it
            yield value_node, path
            continue
        if key is None:
            message = f"a key must not be null, in {_describe(path)}"
            raise TemplateError(message, file=loader.filename, line=_line(key_node), path=path)
        first = seen.setdefault(key, key_node)
        if first is not key_node:
            message = f"duplicate key {key!r} in {_describe(path)} (first at line {_line(first)})"
            line = _line(key_node)
            raise TemplateError(message, file=loader.filename, line=line, key=str(key), path=path)
        yield value_node, (*path, str(key))


def _check_size(loader: _Loader, root: Node) -> None:
    """Refuse a document whose aliases expand it past ``_MAX_EXPANDED_NODES`` nodes."""
    sizes: dict[int, int] = {}

    def size(node: Node) -> int:
        if id(node) not in sizes:
            children: list[Node] = []
            if isinstance(node, MappingNode):
                children = [n for pair in node.value for n in pair]
            elif isinstance(node, SequenceNode):
                children = list(node.value)
            sizes[id(node)] = min(1 + sum(size(c) for c in children), _MAX_EXPANDED_NODES + 1)
        return sizes[id(node)]

    if size(root) > _MAX_EXPANDED_NODES:
        message = f"aliases expand the template past {_MAX_EXPANDED_NODES} nodes"
        raise loader.template_error(message, root)


def _long_name(tag: str) -> str:
    return tag if tag in _UNPREFIXED else f"Fn::{tag}"


def _short_form(loader: _Loader, tag: str, node: Node) -> dict[str, Any]:
    """Turn ``!Ref x`` into ``{"Ref": "x"}``, ``!Sub ...`` into ``{"Fn::Sub": ...}`` and so on."""
    if tag not in _SHORT_FORMS:
        close = difflib.get_close_matches(tag, sorted(_SHORT_FORMS), n=1)
        hint = f"; did you mean '!{close[0]}'?" if close else ""
        raise loader.template_error(f"unknown tag '!{tag}'{hint}", node)
    if tag == "GetAtt":
        return {"Fn::GetAtt": _get_att(loader, node)}
    return {_long_name(tag): _construct_untagged(loader, node)}


def _construct_untagged(loader: _Loader, node: Node) -> Any:
    if isinstance(node, MappingNode):
        return loader.construct_mapping(node, deep=True)
    if isinstance(node, SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_scalar(node)  # type: ignore[arg-type]  # the only node kind left


def _get_att(loader: _Loader, node: Node) -> list[Any]:
    """Read ``!GetAtt Res.Attr`` (split at the first dot) or ``!GetAtt [Res, Attr]``."""
    if isinstance(node, SequenceNode):
        return loader.construct_sequence(node, deep=True)
    if isinstance(node, ScalarNode):
        resource, dot, attribute = loader.construct_scalar(node).partition(".")
        if resource and dot and attribute:
            return [resource, attribute]
    raise loader.template_error("!GetAtt needs 'Resource.Attribute' or [Resource, Attribute]", node)


def _unsupported(loader: _Loader, node: Node) -> None:
    tag = node.tag.rpartition(":")[2]
    raise loader.template_error(f"CloudFormation does not support the !!{tag} tag", node)


def _timestamp_as_text(loader: _Loader, node: ScalarNode) -> str:
    return loader.construct_scalar(node)


_Loader.add_multi_constructor("!", _short_form)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
for _tag in ("binary", "set", "omap", "pairs"):
    _Loader.add_constructor(f"tag:yaml.org,2002:{_tag}", _unsupported)


def _loads_yaml(text: str, filename: str | None) -> Any:
    loader = _Loader(text, filename)
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        message = f"invalid YAML: {exc.problem or exc.context}"
        raise TemplateError(message, file=filename, line=line) from None
    except yaml.YAMLError as exc:
        raise TemplateError(f"invalid YAML: {exc}", file=filename) from None
    finally:
        loader.dispose()
    if data is None:
        raise TemplateError("the template is empty", file=filename)
    return data


# --- JSON ---------------------------------------------------------------------------------------


class _DuplicateKeyError(Exception):
    """Internal: the JSON parser met a repeated key; the caller finds where."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _DuplicateKeyError
    return mapping


def _loads_json(text: str, filename: str | None) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_unique_pairs)
    except _DuplicateKeyError:
        raise _json_duplicate(text, filename) from None
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg} (text starting with '{{' is read as JSON)"
        raise TemplateError(message, file=filename, line=exc.lineno) from None


_RAW = json.JSONDecoder()  # no hook: only used to step over values already known to be valid


def _json_duplicate(text: str, filename: str | None) -> TemplateError:
    """Return the error for the first repeated key in ``text``, with its line and path."""
    found = _find_duplicate(text, _skip(text, 0), ())
    if found is None:  # pragma: no cover - the parser saw one, so the walk finds it
        return TemplateError("duplicate key", file=filename)
    path, key, first, second = found
    message = f"duplicate key {key!r} in {_describe(path)} (first at line {_line_at(text, first)})"
    return TemplateError(message, file=filename, line=_line_at(text, second), key=key, path=path)


def _find_duplicate(
    text: str, pos: int, path: PropertyPath
) -> tuple[PropertyPath, str, int, int] | None:
    """Return (path, key, first position, repeat position) of the first repeat from ``pos`` on."""
    if text[pos] not in "{[":
        return None
    seen: dict[str, int] = {}
    for part, part_pos, value_pos in _children(text, pos):
        if isinstance(part, str):
            if part in seen:
                return path, part, seen[part], part_pos
            seen[part] = part_pos
        found = _find_duplicate(text, value_pos, (*path, part))
        if found is not None:
            return found
    return None


def _children(text: str, pos: int) -> Iterator[tuple[str | int, int, int]]:
    """Yield (key or index, its position, value position) of the object or array at ``pos``."""
    is_object, index = text[pos] == "{", 0
    pos = _skip(text, pos + 1)
    while text[pos] not in "}]":
        part_pos = pos
        if is_object:
            key, pos = _RAW.raw_decode(text, pos)
            pos = _skip(text, _skip(text, pos) + 1)  # past the colon
        value_pos = pos
        yield (key if is_object else index), part_pos, value_pos
        pos = _skip(text, _RAW.raw_decode(text, value_pos)[1])
        pos = _skip(text, pos + 1) if text[pos] == "," else pos
        index += 1


def _skip(text: str, pos: int) -> int:
    return _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]  # matches the empty string


def _line_at(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1
