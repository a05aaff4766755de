"""Single-rule mutations of a valid value, each confirmed by the oracle to break one rule only.

``proposals(view, document)`` walks ``document`` beside its schema and, at every value
that is not an intrinsic call, proposes changes that break one constraint of that node: a wrong
type, a value outside the enum, a string breaking the pattern or a length bound, a number out of
range, a duplicate in a ``uniqueItems`` list, too few or too many items, an unknown property
name, a map key that matches no key pattern, a missing required property. ``confirm`` keeps a
proposal only if the oracle finds exactly one error in the mutated document, of the expected
keyword and at the expected place: the expectation is then unambiguous. ``mutated`` is the
Hypothesis strategy of confirmed mutations.

Each kept ``Mutation`` says which problem the generated classes must report: its ``rule`` (the
library's name for the keyword), its ``path`` (map keys as ``Key``) and the offending ``value``.
Values below ``oneOf``/``anyOf`` nodes and type lists are not walked into (which alternative a
value belongs to is the oracle's business); they still get wrong-type mutations.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Iterator
from typing import Any, TypeVar

import attrs
from hypothesis import strategies as st

from stagewright.runtime._errors import Key

from . import regexes
from .intrinsics import is_intrinsic
from .schema import Oracle, SchemaView

__all__ = ["Mutation", "Proposal", "confirm", "mutated", "proposals"]

Path = tuple[str | int, ...]
T = TypeVar("T")
_ORACLE_KEYWORD = {"enum": ("enum", "const"), "patternProperties": ("additionalProperties",)}
_JSON_SAMPLES: tuple[tuple[str, Any], ...] = (
    ("string", "text"),
    ("integer", 7),
    ("number", 2.5),
    ("boolean", True),
    ("array", ["x"]),
    ("object", {"k": "v"}),
    ("null", None),
)


@attrs.frozen
class Mutation:
    """A document with one rule broken, and the problem the library must report for it."""

    rule: str
    path: Path
    value: Any
    document: Any
    note: str = ""

    def __str__(self) -> str:
        return f"{self.rule} at {self.path!r}: {self.note or repr(self.value)}"


@attrs.frozen
class Proposal:
    """A change to a document and the problem it should cause (not yet confirmed)."""

    rule: str
    path: Path  # where the library reports it
    at: Path  # where the oracle reports it (the object, for names)
    value: Any
    change: Any  # (op, path, value): "set", "delete"
    note: str = ""


def _types(node: dict[str, Any]) -> set[str]:
    declared = node.get("type")
    if isinstance(declared, str):
        return {declared}
    if isinstance(declared, list):
        return {str(t) for t in declared}
    if isinstance(node.get("properties"), dict) or "patternProperties" in node:
        return {"object"}
    if "items" in node:
        return {"array"}
    return set()


def _wrong_types(node: dict[str, Any], value: Any, path: Path) -> Iterator[Proposal]:
    allowed = _types(node)
    if not allowed or "enum" in node or "const" in node:
        return
    if "number" in allowed:
        allowed.add("integer")
    for name, sample in _JSON_SAMPLES:
        # CloudFormation reads numbers and booleans given for a string as strings: not a mistake.
        lenient = "string" in allowed and name in ("integer", "number", "boolean")
        if name not in allowed and not lenient:
            yield Proposal("type", path, path, sample, ("set", path, sample), f"a {name}")


def _enum(node: dict[str, Any], value: Any, path: Path) -> Iterator[Proposal]:
    allowed = node["enum"] if isinstance(node.get("enum"), list) else [node.get("const")]
    if isinstance(value, str):
        candidates: list[Any] = [value.lower(), value.upper(), value + "X", ""]
    elif isinstance(value, int | float) and not isinstance(value, bool):
        candidates = [max(v for v in allowed if isinstance(v, int | float)) + 1]
    else:
        return
    for candidate in candidates:
        if candidate not in allowed:
            yield Proposal("enum", path, path, candidate, ("set", path, candidate))


def _strings(node: dict[str, Any], value: str, path: Path) -> Iterator[Proposal]:
    pattern = node.get("pattern")
    if isinstance(pattern, str) and regexes.matcher(pattern) is not None:
        for candidate in _off_pattern(value):
            yield Proposal("pattern", path, path, candidate, ("set", path, candidate))
    high, low = node.get("maxLength"), node.get("minLength")
    if isinstance(high, int):
        fill = value[-1:] or "a"
        for candidate in (value + fill * (high + 1 - len(value)), "a" * (high + 1)):
            yield Proposal("maxLength", path, path, candidate, ("set", path, candidate))
    if isinstance(low, int) and low > 0:
        for candidate in (value[: low - 1], "a" * (low - 1)):
            yield Proposal("minLength", path, path, candidate, ("set", path, candidate))


def _off_pattern(value: str) -> list[str]:
    """Strings near ``value`` that patterns tend to refuse (the oracle keeps the ones that do)."""
    out = [value + "\n", value + " ", " " + value, "", "!", "a b", value + "\u00e9"]
    digit = next((c for c in value if c.isascii() and c.isdigit()), None)
    if digit is not None:
        out.append(value.replace(digit, "\u0663", 1))  # ARABIC-INDIC DIGIT THREE: not \d
    return out


def _numbers(node: dict[str, Any], value: Any, path: Path) -> Iterator[Proposal]:
    whole = _types(node) == {"integer"}
    for rule, bound, below in (
        ("minimum", node.get("minimum"), True),
        ("maximum", node.get("maximum"), False),
        ("exclusiveMinimum", node.get("exclusiveMinimum"), True),
        ("exclusiveMaximum", node.get("exclusiveMaximum"), False),
    ):
        if not isinstance(bound, int | float) or isinstance(bound, bool):
            continue
        if rule.startswith("exclusive"):
            candidates = [bound] if not whole or float(bound).is_integer() else []
        else:
            step = math.floor(bound) - 1 if below else math.floor(bound) + 1
            candidates = [step] + ([bound - 0.5 if below else bound + 0.5] if not whole else [])
        for candidate in candidates:
            value = int(candidate) if float(candidate).is_integer() and whole else candidate
            yield Proposal(rule, path, path, value, ("set", path, value))


def _array(node: dict[str, Any], value: list[Any], path: Path) -> Iterator[Proposal]:
    if node.get("uniqueItems") is True and value:
        grown = [*value, copy.deepcopy(value[0])]
        yield Proposal("uniqueItems", (*path, len(value)), path, value[0], ("set", path, grown))
    low, high = node.get("minItems"), node.get("maxItems")
    if isinstance(low, int) and low > 0:
        yield Proposal("minItems", path, path, value[: low - 1], ("set", path, value[: low - 1]))
    if isinstance(high, int) and value and high < 50:
        grown = value + [copy.deepcopy(value[-1])] * (high + 1 - len(value))
        yield Proposal("maxItems", path, path, grown, ("set", path, grown))


def _class(node: dict[str, Any], value: dict[str, Any], path: Path) -> Iterator[Proposal]:
    names = list(node["properties"])
    for name in [n for n in node.get("required") or [] if n in value]:
        yield Proposal("required", (*path, name), path, None, ("delete", (*path, name), None))
    near = [n[:-1] for n in names if len(n) > 2] + [n + "s" for n in names] + ["Zzz"]
    filler = next(iter(value.values()), "x")
    for name in dict.fromkeys(n for n in near if n not in names and n not in value):
        yield Proposal(
            "additionalProperties", (*path, name), path, name, ("set", (*path, name), filler)
        )


def _map(node: dict[str, Any], value: dict[str, Any], path: Path) -> Iterator[Proposal]:
    if node.get("additionalProperties") is not False or not value:
        return
    filler = next(iter(value.values()))
    for key in ("", " ", "bad key!", "\n", "\u00e9\u00e9", "k" * 300):
        if key not in value:
            change = ("set", (*path, Key(key)), filler)
            yield Proposal("patternProperties", (*path, Key(key)), path, key, change)


class _Walker:
    """Collects the proposals for one document."""

    def __init__(self, view: SchemaView) -> None:
        self.view = view
        self.proposals: list[Proposal] = []

    def walk(self, node: Any, value: Any, path: Path) -> None:
        if is_intrinsic(value):
            return
        node = self.view.resolve(node)
        if path:  # the top must stay a mapping of properties
            self.proposals.extend(_wrong_types(node, value, path))
        if "enum" in node or "const" in node:
            self.proposals.extend(_enum(node, value, path))
            return
        if any(k in node for k in ("oneOf", "anyOf")) and not node.get("properties"):
            return
        if isinstance(node.get("type"), list):
            return
        self.children(node, value, path)

    def children(self, node: dict[str, Any], value: Any, path: Path) -> None:
        if isinstance(value, str):
            self.proposals.extend(_strings(node, value, path))
        elif isinstance(value, int | float) and not isinstance(value, bool):
            self.proposals.extend(_numbers(node, value, path))
        elif isinstance(value, list):
            self.proposals.extend(_array(node, value, path))
            items = node.get("items")
            for index, item in enumerate(value):
                if isinstance(items, dict):
                    self.walk(items, item, (*path, index))
        elif isinstance(value, dict) and isinstance(node.get("properties"), dict):
            self.proposals.extend(_class(node, value, path))
            for name, item in value.items():
                if name in node["properties"]:
                    self.walk(node["properties"][name], item, (*path, name))
        elif isinstance(value, dict):
            self.proposals.extend(_map(node, value, path))
            for key, item in value.items():
                sub = _map_value_node(node, key)
                if sub is not None:
                    self.walk(sub, item, (*path, Key(key)))


def _map_value_node(node: dict[str, Any], key: str) -> Any:
    found = [
        sub
        for pattern, sub in (node.get("patternProperties") or {}).items()
        if (regexes.matcher(pattern) or (lambda _: False))(key)
    ]
    if len(found) == 1:
        return found[0]
    extra = node.get("additionalProperties")
    return extra if not found and isinstance(extra, dict) else None


def _apply(document: Any, change: Any) -> Any:
    op, path, value = change
    out = copy.deepcopy(document)
    parent = out
    for part in path[:-1]:
        parent = parent[part]
    if op == "delete":
        del parent[path[-1]]
    else:
        parent[str(path[-1]) if isinstance(path[-1], Key) else path[-1]] = value
    return out


def _inside_intrinsic(document: Any, path: Path) -> bool:
    node = document
    for part in path:
        if is_intrinsic(node):
            return True
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            return False
    return is_intrinsic(node)


def _confirmed(oracle: Oracle, proposal: Proposal, mutated: Any) -> bool:
    """Keep a proposal only if the oracle sees exactly the one error it was meant to cause."""
    errors = [
        e for e in oracle.errors(mutated) if not _inside_intrinsic(mutated, tuple(e.absolute_path))
    ]
    if len(errors) != 1:
        return False
    (error,) = errors
    keywords = _ORACLE_KEYWORD.get(proposal.rule, (proposal.rule,))
    return error.validator in keywords and tuple(error.absolute_path) == tuple(
        str(p) if isinstance(p, Key) else p for p in proposal.at
    )


def proposals(view: SchemaView, document: Any) -> list[Proposal]:
    """List the mutations of a valid ``Properties`` value worth asking the oracle about."""
    walker = _Walker(view)
    walker.walk(view.properties_node, document, ())
    return walker.proposals


def confirm(oracle: Oracle, document: Any, proposal: Proposal) -> Mutation | None:
    """Apply ``proposal``; return the mutation if the oracle sees exactly its one error."""
    mutated = _apply(document, proposal.change)
    if not _confirmed(oracle, proposal, mutated):
        return None
    return Mutation(proposal.rule, proposal.path, proposal.value, mutated, proposal.note)


@st.composite
def mutated(draw: Any, view: SchemaView, oracle: Oracle, documents: Any) -> Mutation | None:
    """Draw a valid document, then one confirmed mutation of it: a rule first, then a place.

    Drawing the rule first keeps rare rules (an enum, a range) from drowning among the names
    every object offers. None when no proposal is confirmed (a document of intrinsics only).
    """
    document = draw(documents)
    by_rule: dict[str, list[Proposal]] = {}
    for proposal in proposals(view, document):
        by_rule.setdefault(proposal.rule, []).append(proposal)
    for rule in _first_drawn(draw, sorted(by_rule)):
        for proposal in _first_drawn(draw, by_rule[rule]):
            found = confirm(oracle, document, proposal)
            if found is not None:
                return found
    return None


def _first_drawn(draw: Any, options: list[T]) -> list[T]:
    """Return ``options`` starting at a drawn one (uniform, unlike a drawn permutation)."""
    if not options:
        return []
    start = draw(st.integers(0, len(options) - 1))
    return options[start:] + options[:start]
