"""Synthesis: validate the whole tree, render every stack, wire cross-stack references.

Every problem is collected and reported at once (``SynthesisError``), one line each, starting
with the construct path. The output is deterministic: templates are dumped with sorted keys,
two-space indentation and a final newline, and nothing depends on hash order or the clock. The
result (``Assembly``) lives in ``_assembly``; writing it to a folder in ``_output``.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import attrs

from stagewright.core._assets import FileAsset, assets_of
from stagewright.core._elements import CfnElement
from stagewright.core._logical_ids import make_logical_id
from stagewright.core._resource import CfnResource, RawResource
from stagewright.core._stack import Stack, stacks_under
from stagewright.core._tree import ERROR, INFO, WARNING, Construct, apply_aspects
from stagewright.runtime._errors import ProblemsError
from stagewright.runtime._intrinsics import CURRENT_RESOLVER, render
from stagewright.synth._assembly import (
    MANIFEST_FILE,
    Assembly,
    AssetArtifact,
    Message,
    StackArtifact,
)
from stagewright.synth._checks import (
    MAX_OUTPUT_NAME_LENGTH,
    TemplateProblem,
    check_limits,
    check_references,
    check_resource_schema,
)
from stagewright.synth._encode import MAX_DEPTH, UnwritableError, dumps_template_bytes
from stagewright.synth._environments import environment_crossing, pseudo_crossing
from stagewright.synth._output import OutputFolderError, write_assembly
from stagewright.synth._output_warnings import output_warnings
from stagewright.synth._rules import dependency_cycles, export_clashes, identifier_clashes

if TYPE_CHECKING:
    from pathlib import Path

    from stagewright.core._stack import App

__all__ = [
    "MANIFEST_FILE",
    "Assembly",
    "Message",
    "OutputFolderError",
    "StackArtifact",
    "SynthesisError",
    "collect_messages",
    "synthesize",
    "synthesize_into",
    "write_assembly",
]

_SECTION_ORDER = ("Parameters", "Mappings", "Conditions", "Resources", "Outputs")


class SynthesisError(ProblemsError):
    """Synthesis found problems; ``problems`` holds one line per problem, path first."""

    def __init__(self, problems: Iterable[str]) -> None:
        super().__init__("synthesis found", problems)


def _where(element: CfnElement) -> str:
    return f"{element.node.path} ({element.SECTION}.{element.logical_id})"


class _Run:
    """State of one synthesis: problems, exports and stack dependencies found while rendering."""

    def __init__(self, app: Construct) -> None:
        self.app = app
        self.problems: list[str] = []
        self.messages: list[Message] = []
        self.exports: dict[Stack, dict[str, tuple[str, dict[str, Any]]]] = {}
        self.depends: dict[Stack, list[Stack]] = {}
        # What makes each stack depend on another (for the cycle message), in the order found.
        self.reasons: dict[tuple[Stack, Stack], list[str]] = {}
        # Entries whose references already failed while rendering: the placeholder rendered in
        # their place must not be reported a second time by the template checks.
        self.reported: set[tuple[Stack, str, str]] = set()
        # Same-stack references between resources, by referring logical ID: for cycle checks.
        self.edges: dict[Stack, dict[str, set[str]]] = {}

    def add_stack_dependency(self, consumer: Stack, producer: Stack, reason: str) -> None:
        found = self.depends.setdefault(consumer, [])
        if producer not in found:
            found.append(producer)
        reasons = self.reasons.setdefault((consumer, producer), [])
        if reason not in reasons:
            reasons.append(reason)

    def export(self, producer: Stack, target: CfnElement, attribute: str | None) -> str:
        """Return the export name of ``target``'s Ref/GetAtt, adding the output to ``producer``."""
        kind = f"FnGetAtt{target.logical_id}{attribute}" if attribute else f"Ref{target.logical_id}"
        output_id = make_logical_id(["ExportsOutput" + kind.replace(".", "")])
        if len(output_id) > MAX_OUTPUT_NAME_LENGTH:
            output_id = make_logical_id(["ExportsOutput", kind])
        name = f"{producer.stack_name}:{output_id}"
        value: dict[str, Any] = (
            {"Fn::GetAtt": [target.logical_id, attribute]}
            if attribute
            else {"Ref": target.logical_id}
        )
        self.exports.setdefault(producer, {})[output_id] = (name, value)
        return name


class _Resolver:
    """Turns references into JSON for one stack (installed in ``CURRENT_RESOLVER``)."""

    def __init__(self, run: _Run, stack: Stack) -> None:
        self.run, self.stack = run, stack
        self.current: CfnElement | None = None

    def _problem(self, message: str) -> None:
        where = _where(self.current) if self.current is not None else self.stack.node.path
        self.run.problems.append(f"{where}: {message}")
        if self.current is not None:
            self.run.reported.add((self.stack, self.current.SECTION, self.current.logical_id))

    def _source(self) -> str:
        return self.current.node.path if self.current is not None else self.stack.node.path

    def _element(self, target: Any) -> CfnElement | None:
        if not isinstance(target, CfnElement):
            self._problem(f"references {target!r}, which is not an element of a stack")
            return None
        if target.node.root is not self.run.app:
            self._problem(
                f"references {target.node.path!r} ({type(target).__name__}), which belongs to "
                f"another app; an app can only reference its own stacks"
            )
            return None
        return target

    def reference(self, target: Any, attribute: str | None) -> Any:
        element = self._element(target)
        if element is None:
            return {"Ref": "Unresolved"}
        plain = (
            {"Fn::GetAtt": [element.logical_id, attribute]}
            if attribute
            else {"Ref": element.logical_id}
        )
        if element.stack is self.stack:
            current = self.current
            if isinstance(current, CfnResource) and isinstance(element, CfnResource):
                edges = self.run.edges.setdefault(self.stack, {})
                edges.setdefault(current.logical_id, set()).add(element.logical_id)
            return plain
        if not isinstance(element, CfnResource):
            self._problem(
                f"references {type(element).__name__} {element.node.path!r} of stack "
                f"{element.stack.stack_name!r}; only resources can be shared between stacks "
                f"(create the {element.SECTION[:-1].lower()} in stack {self.stack.stack_name!r})"
            )
            return plain
        what = f"{element.node.path}.{attribute}" if attribute else element.node.path
        crossing = element.stack.environment.differences(self.stack.environment)
        if crossing:
            self._problem(environment_crossing(what, element.stack, self.stack, crossing))
            return plain
        reason = f"{self._source()} refers to {what}"
        self.run.add_stack_dependency(self.stack, element.stack, reason)
        return {"Fn::ImportValue": self.run.export(element.stack, element, attribute)}

    def pseudo_parameter(self, stack: Stack, name: str) -> Any:
        """``{"Ref": name}`` of ``stack``'s pseudo parameter, refused where it means another."""
        part = "region" if name == "AWS::Region" else "account"
        if stack is not self.stack and getattr(self.stack.environment, part) is not None:
            self._problem(pseudo_crossing(name, part, stack, self.stack))
        return {"Ref": name}

    def name_of(self, target: Any) -> str:
        element = self._element(target)
        if element is None:
            return "Unresolved"
        if element.stack is not self.stack:
            self._problem(
                f"uses {type(element).__name__} {element.node.path!r} of stack "
                f"{element.stack.stack_name!r}; it must be in stack {self.stack.stack_name!r}"
            )
        return element.logical_id

    def depends_on(self, target: Any) -> str | None:
        element = self._element(target)
        if element is None:
            return None
        if element.stack is not self.stack:
            reason = f"{self._source()} DependsOn {element.node.path}"
            self.run.add_stack_dependency(self.stack, element.stack, reason)
            return None
        return element.logical_id


def _messages(app: Construct, run: _Run) -> list[Message]:
    messages = run.messages  # on the run: collect_messages reads them after a failure
    for construct in app.node.find_all():
        node = construct.node
        if not node._validations and not node._metadata:
            continue  # most constructs: nothing to run or report (and no path to compute)
        path = node.path
        for text in node.validate():
            run.problems.append(f"{path or '(app)'}: {text}")
        for entry in node._metadata:
            if entry.type == ERROR:
                run.problems.append(f"{path or '(app)'}: {entry.data}")
            elif entry.type in (WARNING, INFO):
                messages.append(Message(entry.type, path, str(entry.data)))
    return messages


def _elements(stack: Stack) -> list[CfnElement]:
    return [c for c in stack.node.find_all() if isinstance(c, CfnElement)]


def _check_ids(stack: Stack, elements: list[CfnElement], run: _Run) -> None:
    """Logical IDs must be unique per section, and across Resources and Parameters."""
    seen: dict[tuple[str, str], CfnElement] = {}
    for element in elements:
        section = "Refs" if element.SECTION in ("Resources", "Parameters") else element.SECTION
        try:
            key = (section, element.logical_id)
        except ValueError:
            # Only Default ids below the stack: nothing is left to make the logical ID of.
            run.problems.append(
                f"{element.node.path}: an element's path below its stack needs an id other "
                "than 'Default' (its logical ID is made from the ids, Default left out); "
                "choose another id, or pin one with override_logical_id"
            )
            continue
        other = seen.setdefault(key, element)
        if other is not element:
            run.problems.append(
                f"{element.node.path}: logical ID {element.logical_id!r} is already used by "
                f"{other.node.path!r} in stack {stack.stack_name!r}; pin another one with "
                "override_logical_id"
            )


def _construct_dependencies(
    app: Construct, run: _Run
) -> dict[CfnResource[Any], list[CfnResource[Any]]]:
    """Expand ``node.add_dependency`` into resource DependsOn and stack order."""
    extra: dict[CfnResource[Any], list[CfnResource[Any]]] = {}
    for construct in app.node.find_all():
        targets = construct.node._dependencies
        if not targets:
            continue
        if isinstance(construct, Stack):
            # A stack waits for the stack holding each target (itself: nothing to order).
            for target in targets:
                producer = target if isinstance(target, Stack) else Stack.find(target)
                if producer is not None and producer is not construct:
                    reason = f"{construct.node.path} add_dependency {target.node.path}"
                    run.add_stack_dependency(construct, producer, reason)
            continue
        sources = [c for c in construct.node.find_all() if isinstance(c, CfnResource)]
        for target in targets:
            for dependency in (c for c in target.node.find_all() if isinstance(c, CfnResource)):
                for source in sources:
                    if source.stack is dependency.stack:
                        if dependency is not source:
                            extra.setdefault(source, []).append(dependency)
                    else:
                        reason = f"{construct.node.path} add_dependency {target.node.path}"
                        run.add_stack_dependency(source.stack, dependency.stack, reason)
    return extra


def _render_stack(
    stack: Stack,
    elements: list[CfnElement],
    run: _Run,
    extra: dict[CfnResource[Any], list[CfnResource[Any]]],
) -> dict[str, Any]:
    resolver = _Resolver(run, stack)
    sections: dict[str, dict[str, Any]] = {name: {} for name in _SECTION_ORDER}
    token = CURRENT_RESOLVER.set(resolver)
    try:
        for element in elements:
            resolver.current = element
            try:
                entry = element.to_cfn()
            except RecursionError:
                # Values (intrinsics inside intrinsics...) nested past what Python can walk.
                run.problems.append(
                    f"{_where(element)}: is nested too deeply to render; a template holds at "
                    f"most {MAX_DEPTH} levels"
                )
                entry = {}
            if isinstance(element, CfnResource) and element in extra:
                _add_depends_on(entry, [resolver.depends_on(d) for d in extra[element]])
            sections[element.SECTION][element.logical_id] = entry
    finally:
        CURRENT_RESOLVER.reset(token)
    template: dict[str, Any] = {}
    if stack.template_format_version is not None:
        template["AWSTemplateFormatVersion"] = stack.template_format_version
    if stack.description is not None:
        template["Description"] = stack.description
    if stack.metadata:  # rendered: add_rollback_alarms keeps alarm constructs there
        template["Metadata"] = render(stack.metadata)
    if stack.transform is not None:
        template["Transform"] = stack.transform
    if stack.rules:
        template["Rules"] = stack.rules
    for name in _SECTION_ORDER:
        if sections[name]:
            template[name] = sections[name]
    for name, value in stack.extra_sections.items():
        template.setdefault(name, value)
    return template


def _add_depends_on(entry: dict[str, Any], names: list[str | None]) -> None:
    current = entry.get("DependsOn", [])
    merged = [current] if isinstance(current, str) else list(current)
    for name in names:
        if name is not None and name not in merged:
            merged.append(name)
    if merged:
        entry["DependsOn"] = merged


def _check_schemas(
    stack: Stack, elements: list[CfnElement], template: dict[str, Any], run: _Run
) -> tuple[list[str], list[Message]]:
    """Re-check resources whose output did not come only from validated props."""
    overrides, messages = [], []
    resources = template.get("Resources", {})
    for element in elements:
        if not isinstance(element, CfnResource):
            continue
        if not element.overrides and not isinstance(element, RawResource):
            continue  # typed props were validated when they were built
        for override in element.overrides:
            overrides.append(f"{element.node.path}: {override}")
        unknown = [
            o.path[1:] for o in element.overrides if o.path[0] == "Properties" and not o.deletes
        ]
        warned: list[tuple[str | int, ...]] = []
        for problem in check_resource_schema(element.logical_id, resources[element.logical_id]):
            # An override at, below or above the unknown key put it there (``Future.Deep``
            # creates ``Future``): that is the escape hatch working, so warn, do not fail.
            if "not a known property" in problem.message and any(
                _nested(problem.path[1:], u) for u in unknown
            ):
                warned.append(problem.path)
                text = (
                    f"escape hatch: {'.'.join(map(str, problem.path))} is not in the "
                    f"{element.type_name} schema; it is passed through as written"
                )
                messages.append(Message(WARNING, element.node.path, text))
            else:
                run.problems.append(f"{_where(element)}: {_problem_text(problem)}")
        checked = [str(o) for o in element.overrides if not any(_nested(o.path, w) for w in warned)]
        if checked:
            text = f"escape hatch: {', '.join(checked)} set by override"
            messages.append(Message(INFO, element.node.path, text))
    return overrides, messages


def _nested(a: tuple[str | int, ...], b: tuple[str | int, ...]) -> bool:
    """Whether one key path is a prefix of the other."""
    shorter = min(len(a), len(b))
    return a[:shorter] == b[:shorter]


def _problem_text(problem: TemplateProblem) -> str:
    inner = TemplateProblem(problem.section, None, problem.path, problem.message)
    return str(inner).removeprefix(problem.section + ".")


def _json_problems(
    stack: Stack,
    template: dict[str, Any],
    body: bytes,
    elements: list[CfnElement],
    run: _Run,
) -> list[str]:
    reported = {(section, logical_id) for s, section, logical_id in run.reported if s is stack}
    checked = check_references(template)
    references = [p for p in checked if (p.section, p.logical_id) not in reported]
    found = check_limits(template, body) + references
    if not found:
        return []
    paths = {(e.SECTION, e.logical_id): e.node.path for e in elements}
    problems = []
    for problem in found:
        path = paths.get((problem.section, problem.logical_id or ""), stack.node.path)
        where = problem.where if problem.where.startswith("(") else f"({problem.where})"
        problems.append(f"{path} {where}: {problem.message}")
    return problems


def _stack_order_problems(run: _Run, stacks: list[Stack]) -> list[str]:
    """Report cycles among stack dependencies (each cycle once)."""
    problems, state = [], {}

    def visit(stack: Stack, trail: list[Stack]) -> None:
        state[stack] = "active"
        for dep in run.depends.get(stack, []):
            if state.get(dep) == "active":
                cycle = [*trail[trail.index(dep) :], dep] if dep in trail else [stack, dep]
                names = " -> ".join(s.stack_name for s in cycle)
                why = "; ".join(_reasons(run, a, b) for a, b in itertools.pairwise(cycle))
                problems.append(
                    f"{stack.node.path}: stacks depend on each other in a cycle: {names} ({why}): "
                    "none of them can be deployed first; drop one of these, or move the "
                    "resources into one stack"
                )
            elif dep not in state:
                visit(dep, [*trail, dep])
        state[stack] = "done"

    for stack in stacks:
        if stack not in state:
            visit(stack, [stack])
    return problems


def _reasons(run: _Run, consumer: Stack, producer: Stack) -> str:
    """Name what makes ``consumer`` depend on ``producer``: the first two, and how many more."""
    reasons = run.reasons.get((consumer, producer), [])
    shown = ", ".join(reasons[:2])
    more = len(reasons) - 2
    return shown + (f" and {more} more" if more > 0 else "")


def synthesize(app: App) -> Assembly:
    """Validate and render every stack of ``app``; raise SynthesisError listing every problem."""
    return _locked(app, _Run(app))


def collect_messages(app: App) -> tuple[list[Message], SynthesisError | None]:
    """Synthesize ``app`` in memory for its messages, errors included, instead of raising.

    Each problem of a failed synthesis comes back as an ``error`` Message of the construct whose
    path starts its line, next to the warnings and notes gathered until synthesis stopped; the
    SynthesisError is returned, not raised. For testing kits (``stagewright.testing``).
    """
    run = _Run(app)
    try:
        assembly = _locked(app, run)
    except SynthesisError as error:
        paths = sorted((c.node.path for c in app.node.find_all()), key=len, reverse=True)
        errors = [_error_message(problem, paths) for problem in error.problems]
        return [*run.messages, *errors], error
    return list(assembly.messages), None


def _error_message(problem: str, paths: list[str]) -> Message:
    """Attribute a problem line to the longest construct path it starts with."""
    for path in paths:
        if path and problem.startswith(path) and problem[len(path) : len(path) + 2] in (": ", " ("):
            return Message(ERROR, path, problem[len(path) :].split(": ", 1)[-1])
    return Message(ERROR, "", problem.removeprefix("(app): "))


def synthesize_into(app: App, outdir: Path) -> Assembly:
    """Synthesize ``app`` and write the result to ``outdir`` (``App.synth``).

    The collector stays paused while the templates are written as well: they were allocated
    with it paused, and the first collection after it resumes walks everything allocated since.
    Before the write, that is every template, which is alive until written and freed just after.
    """
    with _collector_paused():
        assembly = _locked(app, _Run(app))
        write_assembly(assembly, outdir)
    return assembly


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (if it was running) until the block ends, error or not.

    Synthesis allocates the templates, which all live on, and hardly any garbage cycles, so
    every collection it would trigger only walks the whole tree again for nothing. With 40
    stacks of 500 stages, that was two full collections costing ~0.3 s of ~1.5 s. Collections
    another thread would trigger meanwhile are only delayed.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _locked(app: App, run: _Run) -> Assembly:
    """Synthesize with the aspects applied, the tree locked and the garbage collector paused."""
    apply_aspects(app)  # before the lock: an aspect may add constructs
    with _collector_paused():
        app.node.lock()
        try:
            return _synthesize(app, run)
        finally:
            app.node.unlock()


def _synthesize(app: App, run: _Run) -> Assembly:
    messages = _messages(app, run)
    stacks = stacks_under(app)
    if not stacks:
        run.problems.append("(app): the app has no stacks; create one with Stack(app, 'Name')")
    per_stack = {stack: _elements(stack) for stack in stacks}
    for stack, elements in per_stack.items():
        _check_ids(stack, elements, run)
    if run.problems:
        raise SynthesisError(run.problems)
    extra = _construct_dependencies(app, run)
    templates = {s: _render_stack(s, per_stack[s], run, extra) for s in stacks}
    _add_exports(run, templates)
    for stack in stacks:
        elements, template = per_stack[stack], templates[stack]
        run.problems.extend(identifier_clashes(elements, template))
        run.problems.extend(dependency_cycles(elements, template, run.edges.get(stack, {})))
    run.problems.extend(export_clashes(templates))
    exporters = {
        name: producer.stack_name
        for producer, exports in run.exports.items()
        for name, _ in exports.values()
    }
    for stack in stacks:
        messages.extend(output_warnings(stack, per_stack[stack], templates[stack], exporters))
    artifacts = []
    assets = assets_of(app)
    for stack in stacks:
        # Each template is dropped once encoded: only its bytes are kept.
        template = templates.pop(stack)
        artifact = _finish_stack(stack, per_stack[stack], template, run, messages)
        artifacts.append(_with_assets(artifact, assets))
        del template
    run.problems.extend(_stack_order_problems(run, stacks))
    if run.problems:
        raise SynthesisError(run.problems)
    return Assembly(tuple(artifacts), tuple(messages))


def _add_exports(run: _Run, templates: dict[Stack, dict[str, Any]]) -> None:
    for producer, exports in run.exports.items():
        outputs = templates[producer].setdefault("Outputs", {})
        for output_id, (name, value) in sorted(exports.items()):
            if output_id in outputs:
                run.problems.append(
                    f"{producer.node.path}: output {output_id!r} (for a cross-stack reference) "
                    "clashes with an output of the same logical ID"
                )
            outputs[output_id] = {"Value": value, "Export": {"Name": name}}


def _finish_stack(
    stack: Stack,
    elements: list[CfnElement],
    template: dict[str, Any],
    run: _Run,
    messages: list[Message],
) -> StackArtifact:
    overrides, schema_messages = _check_schemas(stack, elements, template, run)
    messages.extend(schema_messages)
    try:
        data = dumps_template_bytes(template)
    except UnwritableError as error:
        run.problems.extend(_unwritable_problems(stack, elements, error))
        return _artifact(stack, template, b"", (), run)
    run.problems.extend(_json_problems(stack, template, data, elements, run))
    return _artifact(stack, template, data, tuple(overrides), run)


def _with_assets(artifact: StackArtifact, assets: list[FileAsset]) -> StackArtifact:
    """The artifact with the assets its template names (by their content-hashed keys)."""
    named: dict[str, AssetArtifact] = {}
    for asset in assets:
        if asset.key not in named and asset.key.encode() in artifact.data:
            named[asset.key] = AssetArtifact(
                key=asset.key,
                sha256=asset.sha256,
                source=asset.source,
                content_type=asset.content_type,
                data=asset.data,
            )
    return attrs.evolve(artifact, assets=tuple(named.values())) if named else artifact


def _unwritable_problems(
    stack: Stack, elements: list[CfnElement], error: UnwritableError
) -> list[str]:
    """Name the construct and the template location of each value JSON cannot carry."""
    paths = {(e.SECTION, e.logical_id): e.node.path for e in elements}
    problems = []
    for location, message in error.problems:
        section, logical_id, rest = str(location[0]), None, location[1:]
        if len(location) > 1 and (section, location[1]) in paths:
            logical_id, rest = str(location[1]), location[2:]
        where = TemplateProblem(section, logical_id, rest, message).where
        path = paths.get((section, logical_id or ""), stack.node.path)
        problems.append(f"{path} ({where}): {message}")
    return problems


def _artifact(
    stack: Stack, template: dict[str, Any], data: bytes, overrides: tuple[str, ...], run: _Run
) -> StackArtifact:
    dependencies = tuple(sorted(s.stack_name for s in run.depends.get(stack, [])))
    return StackArtifact(
        name=stack.stack_name,
        path=stack.node.path,
        file=stack.template_file,
        data=data,
        resources=len(template.get("Resources", {})),
        dependencies=dependencies,
        overrides=overrides,
        environment=stack.environment,
    )
