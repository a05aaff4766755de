"""Whole-template rules checked at synthesis: what CloudFormation refuses across resources.

- Two resources of one type with the same primary identifier (two stages named ``prod`` on one
  API): the second fails to create (cfn-lint E3019).
- Resources that depend on each other in a cycle, through references or ``DependsOn``:
  CloudFormation cannot order them (E3004).
- Two outputs of the app exporting the same name: export names are unique per account and
  region, so the second stack fails.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from stagewright.core._elements import CfnElement
from stagewright.core._resource import CfnResource
from stagewright.core._stack import Stack

__all__ = ["dependency_cycles", "export_clashes", "identifier_clashes", "shown_path"]


def shown_path(element: CfnElement) -> str:
    """The path a user knows: a stage construct's, for the ``Default`` resource it wraps."""
    node = element.node
    if node.id == "Default" and node.scope is not None and node.scope is not element.stack:
        return node.scope.node.path
    return node.path


def identifier_clashes(elements: Iterable[CfnElement], template: Mapping[str, Any]) -> list[str]:
    """Report resources of one type whose primary identifier properties are all the same."""
    resources = template.get("Resources", {})
    seen: dict[tuple[str, str], CfnResource[Any]] = {}
    problems = []
    for element in elements:
        if not isinstance(element, CfnResource):
            continue
        entry = resources.get(element.logical_id, {})
        properties = entry.get("Properties", {})
        type_name, names = _identity(element, properties)
        if not names:
            continue  # identified by something CloudFormation makes up
        if "Condition" in entry or not all(n in properties for n in names):
            continue  # may never be created together, or a default we cannot see
        key = (type_name, json.dumps([properties[n] for n in names], sort_keys=True))
        other = seen.setdefault(key, element)
        if other is element:
            continue
        values = ", ".join(f"{n} {_shown(properties[n])}" for n in names)
        if _DEPLOYMENT in (element.type_name, other.type_name):
            problems.append(_stage_made_twice(element, other, values))
            continue
        problems.append(
            f"{shown_path(element)} (Resources.{element.logical_id}): {element.type_name} with "
            f"{values} already exists: {shown_path(other)!r} (Resources.{other.logical_id}); "
            f"CloudFormation identifies one by {' and '.join(names)}, so the second fails to "
            "create; give it another name"
        )
    return problems


_DEPLOYMENT = "AWS::ApiGateway::Deployment"
_STAGE = ("RestApiId", "StageName")


def _identity(
    element: CfnResource[Any], properties: Mapping[str, Any]
) -> tuple[str, tuple[str, ...]]:
    """Return the type and identifier properties of what ``element`` creates.

    A REST ``Deployment`` given ``StageName`` also creates that stage (API Gateway's
    CreateDeployment with a stage name), so it counts as a stage of its API.
    """
    if element.type_name == _DEPLOYMENT and "StageName" in properties:
        return "AWS::ApiGateway::Stage", _STAGE
    names = element.PRIMARY_IDENTIFIER
    if not names or any(n in element.READ_ONLY_ATTRIBUTES for n in names):
        return element.type_name, ()
    return element.type_name, names


def _stage_made_twice(element: CfnResource[Any], other: CfnResource[Any], values: str) -> str:
    """The problem of a stage made both by a Deployment's StageName and by another resource."""
    return (
        f"{shown_path(element)} (Resources.{element.logical_id}): the stage with {values} is "
        f"made twice, by {shown_path(other)!r} (Resources.{other.logical_id}) as well: a "
        'Deployment given StageName creates that stage, so the second fails with "Stage '
        "already exists\"; drop the Deployment's stage_name and let the stage resource (or "
        "stage construct) serve the deployment"
    )


def _shown(value: Any) -> str:
    return repr(value) if isinstance(value, str) else json.dumps(value, sort_keys=True)


def dependency_cycles(
    elements: Iterable[CfnElement], template: Mapping[str, Any], edges: Mapping[str, set[str]]
) -> list[str]:
    """Report each cycle among the stack's resources (references and ``DependsOn``) once."""
    resources = template.get("Resources", {})
    graph: dict[str, list[str]] = {}
    for logical_id, entry in resources.items():
        depends = entry.get("DependsOn", []) if isinstance(entry, Mapping) else []
        targets = [depends] if isinstance(depends, str) else list(depends)
        targets += sorted(edges.get(logical_id, ()))
        graph[logical_id] = [t for t in dict.fromkeys(targets) if t in resources]
    paths = {e.logical_id: shown_path(e) for e in elements if isinstance(e, CfnResource)}
    problems = []
    for cycle in _cycles(graph):
        names = " -> ".join([*cycle, cycle[0]])
        first = cycle[0]
        problems.append(
            f"{paths.get(first, first)} (Resources.{first}): resources depend on each other in "
            f"a cycle: {names}; CloudFormation cannot order them: drop a DependsOn or a "
            "reference"
        )
    return problems


def _cycles(graph: Mapping[str, list[str]]) -> list[list[str]]:
    """Return one cycle per back edge found by a depth-first walk (iterative, no recursion)."""
    state: dict[str, int] = {}  # 1 on the current path, 2 done
    found = []
    for start in graph:
        if start in state:
            continue
        trail = [start]
        state[start] = 1
        pending = [iter(graph[start])]
        while pending:
            target = next(pending[-1], None)
            if target is None:
                state[trail.pop()] = 2
                pending.pop()
            elif state.get(target) == 1:
                found.append(trail[trail.index(target) :])
            elif target not in state:
                state[target] = 1
                trail.append(target)
                pending.append(iter(graph[target]))
    return found


def export_clashes(per_stack: Mapping[Stack, dict[str, Any]]) -> list[str]:
    """Report outputs of the app that export a name another output exports already."""
    seen: dict[str, str] = {}
    problems = []
    for stack, template in per_stack.items():
        for logical_id, entry in template.get("Outputs", {}).items():
            export = entry.get("Export") if isinstance(entry, Mapping) else None
            name = export.get("Name") if isinstance(export, Mapping) else None
            if not isinstance(name, str):
                continue  # an Fn::Sub of the stack name...: different per stack
            where = f"{stack.node.path} (Outputs.{logical_id}.Export.Name)"
            first = seen.setdefault(name, where)
            if first != where:
                problems.append(
                    f"{where}: export name {name!r} is already exported by {first}; export "
                    "names are unique per account and region, so the second stack fails"
                )
    return problems
