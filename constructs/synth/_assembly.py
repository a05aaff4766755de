"""What synthesis produces (``Assembly``: stack artifacts, messages, the manifest) and its writing.

``write_assembly`` replaces the output folder as a whole: the files are written to a sibling
folder that then takes the output's place.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, cast

import attrs

from stagewright.synth._encode import dumps_template_bytes

__all__ = [
    "MANIFEST_FILE",
    "MANIFEST_VERSION",
    "Assembly",
    "Message",
    "StackArtifact",
    "write_assembly",
]

MANIFEST_FILE = "manifest.json"
MANIFEST_VERSION = "1"


@attrs.frozen
class Message:
    """A warning or note from a construct (``Annotations``), reported by synthesis."""

    level: str
    path: str
    text: str

    def __str__(self) -> str:
        return f"{self.level}: {self.path or '(app)'}: {self.text}"


@attrs.frozen(kw_only=True)
class StackArtifact:
    """One synthesized stack: its name, construct path, template and dependencies."""

    name: str
    path: str
    file: str
    data: bytes = attrs.field(repr=lambda data: f"<{len(data):,} bytes>")
    """The template file's contents (UTF-8 JSON)."""
    resources: int
    """How many resources the template has."""
    dependencies: tuple[str, ...]
    overrides: tuple[str, ...]
    _template: dict[str, Any] | None = attrs.field(
        default=None, init=False, repr=False, eq=False, hash=False
    )
    """``template``, once parsed."""

    @property
    def template(self) -> dict[str, Any]:
        """The template as a mapping: ``data`` parsed (on first use; it is kept).

        Synthesis keeps the bytes, not the mapping it rendered them from: holding thousands of
        nested dicts per stack until the program ends is memory, and work for the garbage
        collector, that only callers who read the mapping should pay for. What comes back is
        the file's content, so sequences are lists and keys are in sorted order.
        """
        template = self._template
        if template is None:
            template = json.loads(self.data)
            object.__setattr__(self, "_template", template)
        return cast("dict[str, Any]", template)

    @property
    def body(self) -> str:
        """The template file's text: sorted keys, 2-space indent, final newline."""
        return self.data.decode()


@attrs.frozen
class Assembly:
    """The result of synthesis: every stack's template, plus messages for the reader."""

    stacks: tuple[StackArtifact, ...]
    messages: tuple[Message, ...]

    @property
    def templates(self) -> dict[str, dict[str, Any]]:
        """Each stack's template by stack name."""
        return {s.name: s.template for s in self.stacks}

    def stack(self, name: str) -> StackArtifact:
        """Return the artifact of stack ``name``."""
        for artifact in self.stacks:
            if artifact.name == name:
                return artifact
        raise KeyError(f"no stack named {name!r} (stacks: {', '.join(self.templates) or 'none'})")

    def manifest(self) -> dict[str, Any]:
        """The manifest: each stack's file, path, dependencies, overrides and messages."""
        stacks = {}
        for artifact in self.stacks:
            stacks[artifact.name] = {
                "template": artifact.file,
                "path": artifact.path,
                "dependencies": list(artifact.dependencies),
                "resources": artifact.resources,
                "overrides": list(artifact.overrides),
                "messages": [
                    {"level": m.level, "path": m.path, "message": m.text}
                    for m in self.messages
                    if m.path == artifact.path or m.path.startswith(artifact.path + "/")
                ],
            }
        under_stacks = {a.path for a in self.stacks}
        app_messages = [
            {"level": m.level, "path": m.path, "message": m.text}
            for m in self.messages
            if not any(m.path == p or m.path.startswith(p + "/") for p in under_stacks)
        ]
        return {"version": MANIFEST_VERSION, "stacks": stacks, "messages": app_messages}


def write_assembly(assembly: Assembly, outdir: Path) -> None:
    """Write the templates and manifest into ``outdir``, replacing it as a whole.

    The files are written to a new sibling folder which then takes ``outdir``'s place, so an
    interrupted run leaves either the old output or the new one. An existing folder is only
    replaced if it is a previous output (it holds a manifest) or empty.
    """
    outdir = outdir.absolute()
    if outdir.exists():
        if not outdir.is_dir():
            raise FileExistsError(f"{outdir} exists and is not a folder")
        if any(outdir.iterdir()) and not (outdir / MANIFEST_FILE).is_file():
            raise FileExistsError(
                f"refusing to replace {outdir}: it is not empty and holds no {MANIFEST_FILE}, "
                "so it is not a stagewright output folder"
            )
    outdir.parent.mkdir(parents=True, exist_ok=True)
    staging = _staging_folder(outdir)
    try:
        for artifact in assembly.stacks:
            (staging / artifact.file).write_bytes(artifact.data)
        (staging / MANIFEST_FILE).write_bytes(dumps_template_bytes(assembly.manifest()))
        _swap(staging, outdir)
    except BaseException:
        _remove_tree(staging)
        raise


def _staging_folder(outdir: Path) -> Path:
    """Create a new, empty hidden folder beside ``outdir`` (not tempfile: ~5 ms to import)."""
    for attempt in range(100):
        staging = outdir.with_name(f".{outdir.name}.{os.getpid()}.{attempt}.tmp")
        try:
            staging.mkdir()
        except FileExistsError:
            continue
        return staging
    raise FileExistsError(f"could not create a staging folder beside {outdir}")


def _swap(staging: Path, outdir: Path) -> None:
    if not outdir.exists():
        staging.rename(outdir)
        return
    retired = staging.with_name(staging.name + ".old")
    outdir.rename(retired)
    try:
        staging.rename(outdir)
    except BaseException:
        retired.rename(outdir)
        raise
    _remove_tree(retired)


def _remove_tree(folder: Path) -> None:
    """Delete ``folder`` and its contents, ignoring errors (shutil: ~3 ms to import, so late)."""
    import shutil  # noqa: PLC0415

    shutil.rmtree(folder, ignore_errors=True)
