"""Read CloudFormation templates, JSON or YAML with short-form tags, into plain JSON-like data.

YAML is read the way cfn-lint reads it (PyYAML's safe YAML 1.1 rules, so an unquoted ``yes`` or
``on`` is a boolean, as CloudFormation treats it), with three differences that follow what
CloudFormation does rather than what YAML 1.1 says: date-looking scalars stay strings
(CloudFormation has no timestamp type; ``Version: 2012-10-17`` must stay ``"2012-10-17"``), the
``!!binary``, ``!!set``, ``!!omap`` and ``!!pairs`` tags are refused, and an unknown ``!Tag`` is an
error instead of silently becoming ``Fn::Tag``. A duplicate mapping key is an error in both
formats: a parser that lets the last one win would quietly change what the template means.
Aliases and ``<<`` merges are resolved, as cfn-lint and ``aws cloudformation package`` do, though
CloudFormation itself refuses them. A key that is a YAML number or boolean (``200:`` in an
OpenAPI body) becomes its JSON text (``"200"``), as CloudFormation's conversion to JSON does, so
``1`` and ``'1'`` in one mapping are a duplicate key. NaN and the infinities are refused in both
formats (JSON has no such numbers), and every file is read within ``_limits``: its size, its
nesting depth and what its aliases expand to.
"""

from __future__ import annotations

import difflib
import json
import math
import re
from collections.abc import Hashable, Iterator
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from stagewright.runtime._errors import Path as PropertyPath
from stagewright.runtime._errors import format_path
from stagewright.template._limits import (
    MAX_DEPTH,
    MAX_EXPANDED_BYTES,
    MAX_EXPANDED_NODES,
    MAX_FILE_BYTES,
    InputError,
    decode_text,
    read_capped,
    too_large_message,
)

try:
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

__all__ = ["TemplateError", "load_template", "loads_document", "loads_template", "read_document"]

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
    """Read the JSON or YAML template at ``path`` (OSError if it cannot be read)."""
    return loads_template(_read_text(path), filename=str(path))


def read_document(path: Path, *, as_json: bool) -> Any:
    """Read the JSON (``as_json``) or YAML document at ``path``, within the same limits."""
    return loads_document(_read_text(path), filename=str(path), as_json=as_json)


def _read_text(path: Path) -> str:
    try:
        return decode_text(read_capped(path))
    except InputError as exc:
        raise TemplateError(exc.message, file=str(path), line=exc.line) from None


def loads_template(text: str, *, filename: str | None = None) -> dict[str, Any]:
    """Parse a JSON or YAML template; ``filename`` only names the source in errors."""
    # Text starting with "{" is JSON: reading broken JSON as YAML flow style would load a typo
    # such as ``"b": }`` as null instead of reporting it.
    is_json = text.removeprefix("\ufeff").lstrip().startswith("{")
    data = loads_document(text, filename=filename, as_json=is_json)
    if data is None and not is_json:
        raise TemplateError("the template is empty", file=filename)
    if not isinstance(data, dict):
        message = f"a template must be a mapping, not {type(data).__name__}"
        raise TemplateError(message, file=filename, line=1)
    return data


def loads_document(text: str, *, filename: str | None = None, as_json: bool) -> Any:
    """Parse a JSON or YAML document within the limits (empty YAML: None); else TemplateError."""
    text = text.removeprefix("\ufeff")
    if len(text) > MAX_FILE_BYTES:
        raise TemplateError(
            too_large_message(f"the text ({len(text):,} characters)"), file=filename
        )
    return _loads_json(text, filename) if as_json else _loads_yaml(text, filename)


# --- YAML ---------------------------------------------------------------------------------------


class _Loader(_BaseLoader):
    """The safe loader with CloudFormation's tags, unique keys and timestamps kept as text."""

    def __init__(self, stream: str, filename: str | None) -> None:
        super().__init__(stream)
        self.filename = filename

    def construct_document(self, node: Node) -> Any:
        """Check the whole document's keys, depth and size, then build it."""
        _check_size(self, node, shared=_check_keys(self, node))
        return super().construct_document(node)

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        """Build a mapping, a number or boolean key becoming its JSON text (``200`` -> "200")."""
        mapping = super().construct_mapping(node, deep=deep)
        if all(isinstance(key, str) for key in mapping):
            return mapping
        return {_key_text(key): value for key, value in mapping.items()}

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
        key = _key_text(loader.construct_object(key_node))
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


def _key_text(key: Any) -> Any:
    """A number or boolean key as JSON writes it; any other key as it is."""
    return json.dumps(key) if isinstance(key, int | float) else key


def _children_of(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


class _Size:
    """What a node expands to: nodes, bytes of scalar text, nesting depth (each capped)."""

    __slots__ = ("bytes", "depth", "nodes")
    nodes: int
    bytes: int
    depth: int

    def __init__(self, node: Node, children: list[_Size]) -> None:
        own = len(node.value) if isinstance(node, ScalarNode) else 0
        self.nodes = min(1 + sum(c.nodes for c in children), MAX_EXPANDED_NODES + 1)
        self.bytes = min(own + sum(c.bytes for c in children), MAX_EXPANDED_BYTES + 1)
        # a collection is a level; so is a short-form tag (``!If`` is {"Fn::If": ...})
        levels = (not isinstance(node, ScalarNode)) + (not node.tag.startswith("tag:"))
        self.depth = levels + max((c.depth for c in children), default=0)


def _check_size(loader: _Loader, root: Node, *, shared: bool) -> None:
    """Refuse a document nested past ``MAX_DEPTH``, with a recursive alias, or (``shared``,
    when aliases repeat nodes) expanding past ``MAX_EXPANDED_NODES`` nodes or
    ``MAX_EXPANDED_BYTES`` bytes.

    Iterative and memoized per node: a deep or alias-heavy document costs one visit per node.
    """
    sizes: dict[int, _Size] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if children_done:
            open_nodes.discard(id(node))
            size = sizes[id(node)] = _Size(node, [sizes[id(c)] for c in _children_of(node)])
            _check_one(loader, node, size, shared=shared)
        elif id(node) in open_nodes:  # reached again from inside itself
            raise loader.template_error("a recursive alias: the document would be infinite", node)
        elif id(node) not in sizes:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children_of(node))


def _check_one(loader: _Loader, node: Node, size: _Size, *, shared: bool) -> None:
    if size.depth > MAX_DEPTH:
        raise loader.template_error(f"nested deeper than {MAX_DEPTH} levels", node)
    if shared and size.nodes > MAX_EXPANDED_NODES:
        message = f"aliases expand the template past {MAX_EXPANDED_NODES} nodes"
        raise loader.template_error(message, node)
    if shared and size.bytes > MAX_EXPANDED_BYTES:
        message = f"aliases expand the template past {MAX_EXPANDED_BYTES:,} bytes"
        raise loader.template_error(message, node)


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


def _finite_float(loader: _Loader, node: ScalarNode) -> float:
    value = loader.construct_yaml_float(node)
    if not math.isfinite(value):
        raise loader.template_error(_not_finite(repr(node.value)), node)
    return value


def _not_finite(token: str) -> str:
    return f"{token} is not a number JSON allows (no NaN or Infinity); CloudFormation refuses it"


def _checked_int(loader: _Loader, node: ScalarNode) -> int:
    try:
        return loader.construct_yaml_int(node)
    except ValueError as exc:  # over Python's limit on digits
        raise loader.template_error(f"invalid YAML: {exc}", node) from None


_Loader.add_multi_constructor("!", _short_form)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_as_text)
_Loader.add_constructor("tag:yaml.org,2002:float", _finite_float)
_Loader.add_constructor("tag:yaml.org,2002:int", _checked_int)
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
    return data


# --- JSON ---------------------------------------------------------------------------------------


class _DuplicateKeyError(Exception):
    """Internal: the JSON parser met a repeated key; the caller finds where."""


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _DuplicateKeyError
    return mapping


class _ConstantError(Exception):
    """Internal: the JSON parser met NaN or an infinity; the caller finds where."""


def _reject_constant(token: str) -> Any:
    raise _ConstantError(token)


def _loads_json(text: str, filename: str | None) -> Any:
    try:
        data = json.loads(text, object_pairs_hook=_unique_pairs, parse_constant=_reject_constant)
    except _DuplicateKeyError:
        raise _json_duplicate(text, filename) from None
    except _ConstantError as exc:
        line = _json_line(text, lambda match: match[1] is not None)
        raise TemplateError(_not_finite(str(exc)), file=filename, line=line) from None
    except json.JSONDecodeError as exc:
        message = f"invalid JSON: {exc.msg} (text starting with '{{' is read as JSON)"
        raise TemplateError(message, file=filename, line=exc.lineno) from None
    except RecursionError:
        data = None  # too deep for the parser: reported just below
    except ValueError as exc:  # an integer over Python's limit on digits
        raise TemplateError(f"invalid JSON: {exc}", file=filename) from None
    if data is None or _too_deep(data):
        message = f"nested deeper than {MAX_DEPTH} levels"
        raise TemplateError(message, file=filename, line=_json_line(text, _Deeper()))
    return data


def _too_deep(data: Any) -> bool:
    """Whether ``data`` nests containers more than ``MAX_DEPTH`` levels (without recursing)."""
    stack = [(data, 1)] if isinstance(data, dict | list) else []
    while stack:
        value, depth = stack.pop()
        if depth > MAX_DEPTH:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((c, depth + 1) for c in children if isinstance(c, dict | list))
    return False


# A string (skipped whole), a constant outside strings (group 1), or a bracket.
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)|[\[\]{}]')


class _Deeper:
    """A token test that is true at the first bracket past ``MAX_DEPTH`` levels."""

    def __init__(self) -> None:
        self.depth = 0

    def __call__(self, match: re.Match[str]) -> bool:
        token = match[0]
        if token in ("[", "{"):
            self.depth += 1
        elif token in ("]", "}"):
            self.depth -= 1
        return self.depth > MAX_DEPTH


def _json_line(text: str, found: Any) -> int | None:
    """The line of the first JSON token (outside strings) for which ``found`` is true."""
    for match in _JSON_TOKEN.finditer(text):
        if found(match):
            return _line_at(text, match.start())
    return None


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
