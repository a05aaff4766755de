"""``stagewright diff``: the app's fresh templates against a file or the deployed stacks.

Each stack is read in its own region and account (``_targets``), and the stacks are shown by
environment when any declares one.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

from stagewright.cli._aws import deployed_template
from stagewright.cli._commands import load_app
from stagewright.cli._deploy_inputs import unknown_stacks
from stagewright.cli._targets import Targets
from stagewright.core._environment import Environment
from stagewright.synth._assembly import StackArtifact
from stagewright.template._diff import TemplateDiff, diff_templates

__all__ = ["DiffError", "deployed_template", "main_diff"]


class DiffError(Exception):
    """The diff could not be made: an unknown stack, an unreadable template file."""


def _old_templates(
    names: Sequence[str], template: Path | None, targets: Targets, stacks: list[StackArtifact]
) -> dict[str, dict[str, Any] | None]:
    if template is not None:
        from stagewright.template._yaml import TemplateError, load_template  # noqa: PLC0415

        if len(names) != 1:
            raise DiffError(
                f"--template compares one stack; pick it with --stack ({', '.join(names)})"
            )
        try:
            return {names[0]: load_template(template)}
        except (OSError, TemplateError) as exc:
            raise DiffError(f"{template}: {exc}") from exc
    targets.check(stacks)
    return {a.name: deployed_template(targets.client(a), a.name) for a in stacks}


def main_diff(
    spec: str | None,
    *,
    stacks: Sequence[str],
    template: Path | None,
    as_json: bool,
    region: str | None,
    profile: str | None,
    out: TextIO,
    fail: bool = False,
    defaults: Environment | None = None,
) -> int:
    """Print what deploying each stack of the app would change; return the exit code.

    With ``fail``, the code is 1 when anything would change (for CI gates), else 0.
    """
    assembly = load_app(spec).synthesize()
    known = [artifact.name for artifact in assembly.stacks]
    problem = unknown_stacks(assembly, stacks)
    if problem:
        raise DiffError(problem)
    names = list(stacks) or known
    targets = Targets(region, profile, defaults or Environment())
    selected = [assembly.stack(name) for name in names]
    olds = _old_templates(names, template, targets, selected)
    if template is None:  # by environment, when any is declared
        names = [a.name for group in targets.groups(selected).values() for a in group]
    diffs = {name: diff_templates(olds[name] or {}, assembly.templates[name]) for name in names}
    if as_json:
        data = {
            name: {"deployed": olds[name] is not None, **d.to_json()} for name, d in diffs.items()
        }
        if template is None:
            for artifact in selected:
                data[artifact.name]["environment"] = targets.label(artifact)
        print(json.dumps({"stacks": data}, indent=2, sort_keys=True), file=out)
    else:
        colour = out.isatty()
        if template is None:
            targets.show(selected, out)
        for name, diff in diffs.items():
            _print_stack(name, diff, olds[name] is None, colour, out)
    changed = any(not d.empty or olds[name] is None for name, d in diffs.items())
    return 1 if fail and changed else 0


def _print_stack(name: str, diff: TemplateDiff, new: bool, colour: bool, out: TextIO) -> None:
    note = " (not deployed yet)" if new else ""
    print(f"Stack {name}{note}", file=out)
    print(diff.render(colour=colour), file=out)
    for warning in diff.warnings:
        print(f"warning: {warning}", file=out)
    if diff.replacements:
        replaced = ", ".join(r.logical_id for r in diff.replacements)
        print(f"{len(diff.replacements)} resource(s) will be REPLACED: {replaced}", file=out)
