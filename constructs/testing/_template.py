"""``Template``: fine-grained assertions on a synthesized template (like aws_cdk.assertions)."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stagewright.runtime._errors import nearest
from stagewright.testing._match import Matcher, as_matcher
from stagewright.testing._matchers import Match
from stagewright.testing._paths import count
from stagewright.testing._sections import Entries, SectionMatch, match_section

if TYPE_CHECKING:
    from stagewright.core._stack import Stack

__all__ = ["Template"]

_NOUNS = {
    "Outputs": "output",
    "Parameters": "parameter",
    "Conditions": "condition",
    "Mappings": "mapping",
}


class Template:
    """A CloudFormation template to assert on, modelled on ``aws_cdk.assertions.Template``.

    Build one with ``from_stack`` (synthesizes in memory), ``from_json`` or ``from_file``. A plain
    dict in an expectation means ``Match.object_like`` at every depth, a plain list an array of
    exactly those items. A failed assertion raises AssertionError saying what it looked for,
    the closest entry (fewest mismatches) and each difference with its path.
    """

    def __init__(self, template: Mapping[str, Any]) -> None:
        """Wrap a template (a copy of it: later changes to ``template`` are not seen)."""
        if not isinstance(template, Mapping):
            raise TypeError(f"a template is a mapping, not {type(template).__name__}")
        self._template: dict[str, Any] = copy.deepcopy(dict(template))

    @classmethod
    def from_stack(cls, stack: Stack) -> Template:
        """Synthesize ``stack``'s app in memory (no file is written) and take this stack's template.

        Raises the app's ``SynthesisError`` when synthesis fails.
        """
        from stagewright.core._stack import Stack  # noqa: PLC0415 - stagewright.testing stays light

        if not isinstance(stack, Stack):
            raise TypeError(f"from_stack takes a Stack, not {type(stack).__name__}")
        return cls(stack.to_template())

    @classmethod
    def from_json(cls, template: Mapping[str, Any] | str) -> Template:
        """Wrap a template given as a dict or as JSON text."""
        data: Any = json.loads(template) if isinstance(template, str) else template
        return cls(data)

    @classmethod
    def from_file(cls, path: str | os.PathLike[str]) -> Template:
        """Read a JSON or YAML template file (YAML short forms such as ``!Ref`` included)."""
        from stagewright.template._yaml import load_template  # noqa: PLC0415

        return cls(load_template(Path(path)))

    def to_json(self) -> dict[str, Any]:
        """Return (a copy of) the template."""
        return copy.deepcopy(self._template)

    # -- resources

    def resource_count_is(self, type: str, count: int) -> None:
        """Assert that the template has exactly ``count`` resources of ``type``."""
        __tracebackhide__ = True
        found = self._resources(type)
        self._count_is(found, count)

    def resource_properties_count_is(self, type: str, props: Any, count: int) -> None:
        """Assert that exactly ``count`` resources of ``type`` have properties like ``props``."""
        __tracebackhide__ = True
        found = self._resources(type, props)
        matched = match_section(found, _properties_matcher(props), props).matches
        self._count_is(Entries(found.noun, f"{found.qualifier} matching {props!r}", matched), count)

    def has_resource_properties(self, type: str, props: Any) -> None:
        """Assert that a resource of ``type`` has ``Properties`` matching ``props``."""
        __tracebackhide__ = True
        self._has_any(self._resources(type, props), _properties_matcher(props), props)

    def has_resource(self, type: str, props: Any) -> None:
        """Assert that a resource of ``type`` matches ``props`` as a whole (``DependsOn``...)."""
        __tracebackhide__ = True
        self._has_any(self._resources(type), as_matcher(props, partial=True), props)

    def all_resources(self, type: str, props: Any) -> None:
        """Assert that there are resources of ``type`` and each matches ``props`` as a whole."""
        __tracebackhide__ = True
        self._has_all(self._resources(type), as_matcher(props, partial=True), props)

    def all_resources_properties(self, type: str, props: Any) -> None:
        """Assert that there are resources of ``type`` and each has properties like ``props``."""
        __tracebackhide__ = True
        self._has_all(self._resources(type, props), _properties_matcher(props), props)

    def find_resources(self, type: str, props: Any = None) -> dict[str, dict[str, Any]]:
        """Return the resources of ``type`` (matching ``props``, a whole-resource pattern) by ID.

        As in AWS CDK, ``props`` is matched against the whole resource:
        ``{"Properties": {...}, "DeletionPolicy": "Retain"}``.
        """
        return self._find(self._resources(type), props)

    # -- other sections

    def has_output(self, logical_id: str, props: Any) -> None:
        """Assert that output ``logical_id`` (``"*"``: any output) matches ``props``."""
        __tracebackhide__ = True
        self._has_named("Outputs", logical_id, props)

    def find_outputs(self, logical_id: str = "*", props: Any = None) -> dict[str, Any]:
        """Return the outputs named ``logical_id`` (``"*"``: all) that match ``props``."""
        return self._find(self._named("Outputs", logical_id), props)

    def has_parameter(self, logical_id: str, props: Any) -> None:
        """Assert that parameter ``logical_id`` (``"*"``: any parameter) matches ``props``."""
        __tracebackhide__ = True
        self._has_named("Parameters", logical_id, props)

    def find_parameters(self, logical_id: str = "*", props: Any = None) -> dict[str, Any]:
        """Return the parameters named ``logical_id`` (``"*"``: all) that match ``props``."""
        return self._find(self._named("Parameters", logical_id), props)

    def has_condition(self, logical_id: str, props: Any) -> None:
        """Assert that condition ``logical_id`` (``"*"``: any condition) matches ``props``."""
        __tracebackhide__ = True
        self._has_named("Conditions", logical_id, props)

    def find_conditions(self, logical_id: str = "*", props: Any = None) -> dict[str, Any]:
        """Return the conditions named ``logical_id`` (``"*"``: all) that match ``props``."""
        return self._find(self._named("Conditions", logical_id), props)

    def has_mapping(self, logical_id: str, props: Any) -> None:
        """Assert that mapping ``logical_id`` (``"*"``: any mapping) matches ``props``."""
        __tracebackhide__ = True
        self._has_named("Mappings", logical_id, props)

    def find_mappings(self, logical_id: str = "*", props: Any = None) -> dict[str, Any]:
        """Return the mappings named ``logical_id`` (``"*"``: all) that match ``props``."""
        return self._find(self._named("Mappings", logical_id), props)

    def template_matches(self, expected: Any) -> None:
        """Assert that the whole template matches ``expected`` (a dict means object-like)."""
        __tracebackhide__ = True
        result = as_matcher(expected, partial=True).test(self._template)
        if not result.ok:
            mismatches = count(result.score, "mismatch")
            raise AssertionError(f"Template does not match ({mismatches}):\n{result.describe()}")
        result.commit()

    # -- helpers

    def _resources(self, type: str, props: Any = None) -> Entries:
        section = self._template.get("Resources", {})
        found = {
            k: v for k, v in section.items() if isinstance(v, Mapping) and v.get("Type") == type
        }
        if props is not None and not (isinstance(props, Matcher) and props.ALLOWS_MISSING):
            # A resource without Properties has empty ones (so Match.absent() inside works).
            found = {k: {"Properties": {}, **v} for k, v in found.items()}
        types = sorted({str(v.get("Type")) for v in section.values() if isinstance(v, Mapping)})
        hint = f" (types present: {', '.join(types) or 'none'}{_did_you_mean(type, types)})"
        return Entries("resource", f" of type {type!r}", found, hint)

    def _named(self, section: str, logical_id: str) -> Entries:
        entries = self._template.get(section, {})
        noun = _NOUNS[section]
        if logical_id == "*":
            return Entries(noun, "", entries)
        found = {logical_id: entries[logical_id]} if logical_id in entries else {}
        hint = f" ({section}: {_names(entries)}{_did_you_mean(logical_id, entries)})"
        return Entries(noun, f" named {logical_id!r}", found, hint)

    def _has_named(self, section: str, logical_id: str, props: Any) -> None:
        __tracebackhide__ = True
        entries = self._named(section, logical_id)
        self._has_any(entries, as_matcher(props, partial=True), props)

    @staticmethod
    def _count_is(found: Entries, expected: int) -> None:
        __tracebackhide__ = True
        if len(found.entries) != expected:
            listed = f": {_names(found.entries)}" if found.entries else found.hint
            raise AssertionError(
                f"expected {count(expected, found.noun)}{found.qualifier}, "
                f"found {len(found.entries)}{listed}"
            )

    @staticmethod
    def _has_any(entries: Entries, matcher: Matcher, pattern: Any) -> None:
        __tracebackhide__ = True
        result = match_section(entries, matcher, pattern)
        if not result.matches:
            raise AssertionError(result.none_matches())

    @staticmethod
    def _has_all(entries: Entries, matcher: Matcher, pattern: Any) -> None:
        __tracebackhide__ = True
        result: SectionMatch = match_section(entries, matcher, pattern)
        if not entries.entries or len(result.matches) < len(entries.entries):
            raise AssertionError(result.not_all_match())

    @staticmethod
    def _find(entries: Entries, props: Any) -> dict[str, Any]:
        if props is None:
            return copy.deepcopy(dict(entries.entries))
        found = match_section(entries, as_matcher(props, partial=True), props).matches
        return copy.deepcopy(found)


def _properties_matcher(props: Any) -> Matcher:
    return Match.object_like({"Properties": props})


def _names(entries: Mapping[str, Any]) -> str:
    return ", ".join(sorted(entries)) or "none"


def _did_you_mean(name: str, names: Iterable[str]) -> str:
    close = nearest(name, names)
    return f"; did you mean {close!r}?" if close else ""
