"""Warnings about stack outputs: a NoEcho parameter shown, an imported value re-exported."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from stagewright.core._tree import WARNING
from stagewright.synth._assembly import Message
from stagewright.synth._checks import mappings_in, secret_outputs

if TYPE_CHECKING:
    from stagewright.core._elements import CfnElement
    from stagewright.core._stack import Stack

__all__ = ["output_warnings"]


def output_warnings(
    stack: Stack,
    elements: list[CfnElement],
    template: dict[str, Any],
    exporters: Mapping[str, str],
) -> list[Message]:
    """Return the warnings about ``stack``'s outputs (``exporters``: export name -> stack name)."""
    paths = {e.logical_id: e.node.path for e in elements if e.SECTION == "Outputs"}
    messages = [
        Message(
            WARNING,
            paths.get(output_id, stack.node.path),
            f"output {output_id} shows the NoEcho parameter(s) {', '.join(names)}: anyone who "
            "can describe the stack reads the value (stagewright deploy prints it masked); "
            "output something derived from it instead, or drop the output",
        )
        for output_id, names in sorted(secret_outputs(template).items())
    ]
    for output_id, imports in sorted(_imported_outputs(template).items()):
        owners = sorted({exporters[i] for i in imports if isinstance(i, str) and i in exporters})
        where = " or ".join(f"stack {o}" for o in owners) if owners else "the exporting stack"
        shown = ", ".join(repr(i) if isinstance(i, str) else "(an intrinsic)" for i in imports)
        text = (
            f"output {output_id} shows a value imported from another stack (Fn::ImportValue "
            f"{shown}): an output of an import only repeats an export (cfn-lint W6001); "
            f"output the value in {where} instead, or drop the output"
        )
        messages.append(Message(WARNING, paths.get(output_id, stack.node.path), text))
    return messages


def _imported_outputs(template: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Return, per output, the ``Fn::ImportValue`` arguments inside its value, in order."""
    found: dict[str, list[Any]] = {}
    outputs = template.get("Outputs")
    if not isinstance(outputs, Mapping):
        return found
    for output_id, entry in outputs.items():
        value = entry.get("Value") if isinstance(entry, Mapping) else None
        imports = _imports_in(value)
        if imports:
            found[str(output_id)] = imports
    return found


def _imports_in(value: Any) -> list[Any]:
    """Return the ``Fn::ImportValue`` arguments inside ``value``, each once, in order."""
    imports: list[Any] = []
    for node in mappings_in(value):
        if len(node) == 1 and "Fn::ImportValue" in node and node["Fn::ImportValue"] not in imports:
            imports.append(node["Fn::ImportValue"])
    return imports
