"""Snapshot tests of templates with syrupy: the extension and the ``template_snapshot`` value.

Only pytest (through the plugin) and users of the extension import this module: it is the one
part of ``stagewright.testing`` that needs syrupy.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
from syrupy.assertion import AssertionResult, SnapshotAssertion
from syrupy.extensions.json import JSONSnapshotExtension
from syrupy.location import PyTestLocation
from syrupy.types import (
    PropertyFilter,
    PropertyMatcher,
    SerializableData,
    SerializedData,
    SnapshotIndex,
)

from stagewright.core._stack import App, Stack
from stagewright.synth._checks import dumps_template
from stagewright.testing._diff import diff_templates, text_diff
from stagewright.testing._masking import Masks
from stagewright.testing._snapshot_names import SEPARATOR, check_name, snapshot_stem
from stagewright.testing._template import Template

__all__ = [
    "TemplateSnapshot",
    "TemplateSnapshotExtension",
    "TemplateSnapshotMismatchError",
    "named_templates",
]

_MAX_STEM = 255 - len(".json")

_UPDATE_HINT = "if the change is intended, accept it with: pytest --snapshot-update"


def named_templates(data: Any) -> list[tuple[str | None, dict[str, Any]]]:
    """Return (stack name, template) for a Stack, for each stack of an App, or (None, a dict)."""
    if isinstance(data, App):
        return [(artifact.name, artifact.template) for artifact in data.synthesize().stacks]
    if isinstance(data, Stack):
        return [(data.stack_name, Template.from_stack(data).to_json())]
    if isinstance(data, Template):
        return [(None, data.to_json())]
    if isinstance(data, Mapping):
        return [(None, dict(data))]
    raise TypeError(
        "a template snapshot takes a Stack, an App, a Template or a dict, "
        f"not {type(data).__name__}"
    )


class TemplateSnapshotExtension(JSONSnapshotExtension):
    """A syrupy extension: each snapshot is its own ``.json`` file, the bytes synthesis writes.

    Templates are dumped sorted, with two-space indentation and a final newline (as ``synth``
    writes them), so the file reads well in a pull request and cfn-lint can lint it. Files are
    named ``<test>--<parameter id>--<name>.json``, without the ``[...]`` of syrupy's names that
    cfn-lint would read as a glob (see ``_snapshot_names``). A mismatch lists each difference
    with its path, then a unified diff of the two texts. Use it directly with
    ``snapshot.use_extension(TemplateSnapshotExtension)`` for one Stack, Template or dict; the
    ``template_snapshot`` fixture adds Apps (one file per stack), masking, and a failure that
    pytest shows whole at any verbosity.
    """

    def serialize(
        self,
        data: SerializableData,
        *,
        exclude: PropertyFilter | None = None,
        include: PropertyFilter | None = None,
        matcher: PropertyMatcher | None = None,
    ) -> SerializedData:
        """Dump the template of ``data`` as synthesis does."""
        if isinstance(data, App):
            raise TypeError("an App holds several stacks: snapshot it with template_snapshot")
        ((_, template),) = named_templates(data)
        return dumps_template(template)

    def diff_lines(
        self, serialized_data: SerializedData, snapshot_data: SerializedData
    ) -> Iterator[str]:
        """Yield a line per differing place (``Resources.X.Properties.Y: ...``), then the diff.

        The text diff is difflib's unified diff with every change (syrupy's own shows a few).
        """
        old, new = _text(snapshot_data), _text(serialized_data)
        try:
            stored, now = json.loads(old), json.loads(new)
        except ValueError:
            pass
        else:
            yield from diff_templates(stored, now)
        yield from text_diff(old, new)

    @classmethod
    def get_snapshot_name(cls, *, test_location: PyTestLocation, index: SnapshotIndex = 0) -> str:
        """Name the snapshot (and its file) ``<test>--<parameter id>--<index>``, no brackets."""
        if test_location.is_doctest:
            return super().get_snapshot_name(test_location=test_location, index=index)
        test, params = _test_parts(test_location)
        return snapshot_stem(test, params, index, limit=_MAX_STEM)

    @classmethod
    def matches_test_location(
        cls, *, test_location: PyTestLocation, snapshot_location: str
    ) -> bool:
        """Tell whether the file at ``snapshot_location`` is one of the test's snapshots."""
        if test_location.is_doctest:
            return super().matches_test_location(
                test_location=test_location, snapshot_location=snapshot_location
            )
        path = Path(snapshot_location)
        if path.parent.name != test_location.basename or path.suffix != ".json":
            return False
        if not test_location.matches_snapshot_site(snapshot_location):
            return False
        prefix = snapshot_stem(*_test_parts(test_location), 0, limit=_MAX_STEM)
        stem = path.name.removesuffix(".json")
        return stem == prefix or stem.startswith((prefix + SEPARATOR, prefix + "."))


def _test_parts(location: PyTestLocation) -> tuple[str, str | None]:
    """Return the test's name (``TestClass.test_x``) and its parametrization id, if any."""
    method = location.methodname
    node = location.nodename or method
    params = None
    if node.startswith(method + "[") and node.endswith("]"):
        params = node[len(method) + 1 : -1]
    test = f"{location.classname}.{method}" if location.classname else method
    return test, params


def _text(data: SerializedData) -> str:
    return data.decode() if isinstance(data, bytes) else str(data)


class TemplateSnapshotMismatchError(AssertionError):
    """A template differs from its snapshot; the message holds every difference.

    ``template_snapshot == x`` raises it rather than return False: pytest shortens what an
    ``assert`` explains unless run with ``-vv``, but shows an exception's message whole.
    """

    __module__ = "stagewright.testing"


@attrs.frozen
class _Outcome:
    stack_name: str | None
    ok: bool
    result: AssertionResult


class TemplateSnapshot:
    """The ``template_snapshot`` fixture: ``assert template_snapshot == stack`` (or app, or dict).

    Each template is stored in ``__snapshots__/<test file>/<test>--<StackName>.json`` (an App: one
    file per stack; a dict: ``<test>.json``; a parametrized test: ``<test>--<id>--<StackName>``)
    and compared as the bytes ``synth`` writes. A mismatch raises ``TemplateSnapshotMismatchError``
    listing every difference. ``template_snapshot(mask=..., mask_logical_ids=..., name=...)``
    masks volatile values (see ``mask_template``) and names the snapshot (needed to snapshot one
    stack twice in a test).
    """

    def __init__(
        self, snapshot: SnapshotAssertion, masks: Masks | None = None, name: str | None = None
    ) -> None:
        """Wrap syrupy's ``snapshot`` fixture (using ``TemplateSnapshotExtension``)."""
        self._snapshot = snapshot
        self._masks = masks if masks is not None else Masks({}, {})
        self._name = name
        self._outcomes: list[_Outcome] = []

    def __call__(
        self,
        *,
        mask: Mapping[str, Any] | Iterable[str] | None = None,
        mask_logical_ids: Mapping[str, str] | Iterable[str] | None = None,
        name: str | None = None,
    ) -> TemplateSnapshot:
        """Return the fixture with these masks and this snapshot name."""
        checked = check_name(name) if name is not None else None
        return TemplateSnapshot(self._snapshot, Masks.of(mask, mask_logical_ids), checked)

    def __eq__(self, other: object) -> bool:
        """Compare each template of ``other`` with its snapshot (``--snapshot-update``: write).

        Return True when all match; raise ``TemplateSnapshotMismatchError`` explaining each one that
        does not.
        """
        __tracebackhide__ = True
        masked, used = [], set()
        for stack_name, template in named_templates(other):
            applied, found = self._masks.apply(template)
            masked.append((stack_name, applied))
            used |= found
        self._masks.check_used(used)
        self._outcomes = [self._compare(stack_name, t) for stack_name, t in masked]
        if not all(outcome.ok for outcome in self._outcomes):
            raise TemplateSnapshotMismatchError("\n".join(self.explain()))
        return True

    __hash__ = None  # type: ignore[assignment]

    def _compare(self, stack_name: str | None, template: dict[str, Any]) -> _Outcome:
        parts = [p for p in (self._name, stack_name) if p]
        target = self._snapshot(name=SEPARATOR.join(parts)) if parts else self._snapshot
        ok = target == template
        return _Outcome(stack_name, ok, target.executions[target.num_executions - 1])

    def explain(self) -> list[str]:
        """Describe the last failed comparison: per template, its file and the differences."""
        failed = [o for o in self._outcomes if not o.ok]
        total = len(self._outcomes)
        heading = (
            "the template differs from its snapshot"
            if total == 1
            else f"{len(failed)} of {total} templates differ from their snapshots"
        )
        lines = [heading]
        for outcome in failed:
            where = os.path.relpath(outcome.result.snapshot_location)
            label = f"stack {outcome.stack_name}" if outcome.stack_name else "template"
            lines.append(f"{label} ({where}):")
            lines.extend(f"  {line}" for line in self._details(outcome.result))
        lines.append(_UPDATE_HINT)
        return lines

    def _details(self, result: AssertionResult) -> Iterator[str]:
        if result.exception is not None:
            yield f"{type(result.exception).__name__}: {result.exception}"
        elif result.recalled_data is None:
            yield "no snapshot yet: run pytest --snapshot-update to write it"
        else:
            now = result.asserted_data if result.asserted_data is not None else ""
            yield from self._snapshot.extension.diff_lines(now, result.recalled_data)

    def __repr__(self) -> str:
        return "template_snapshot"
