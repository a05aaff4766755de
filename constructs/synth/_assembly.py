"""What synthesis produces: ``Assembly`` (stack artifacts, messages) and its manifest.

Writing it to a folder is ``_output``'s work.
"""

from __future__ import annotations

import json
from typing import Any, cast

import attrs

from stagewright.core._environment import Environment

__all__ = [
    "MANIFEST_FILE",
    "MANIFEST_PRODUCER",
    "MANIFEST_VERSION",
    "TEMPLATE_SUFFIX",
    "Assembly",
    "AssetArtifact",
    "Message",
    "StackArtifact",
]

MANIFEST_FILE = "manifest.json"
MANIFEST_VERSION = "1"
MANIFEST_PRODUCER = "stagewright"
"""The manifest's ``producer``: with ``files``, how synthesis knows a folder is its own."""
TEMPLATE_SUFFIX = ".template.json"
"""How every template file name ends (``Stack.template_file``)."""


@attrs.frozen
class Message:
    """A warning or note from a construct (``Annotations``), reported by synthesis."""

    level: str
    path: str
    text: str

    def __str__(self) -> str:
        return f"{self.level}: {self.path or '(app)'}: {self.text}"


@attrs.frozen(kw_only=True)
class AssetArtifact:
    """A file a stack's template names in the staging bucket: deploy uploads it there first."""

    key: str
    """The object key, ``assets/<sha256><suffix>``."""
    sha256: str
    source: str
    """Where the content came from (a file's path)."""
    content_type: str
    data: bytes = attrs.field(repr=lambda data: f"<{len(data):,} bytes>")

    def manifest(self) -> dict[str, Any]:
        """The asset's manifest entry (without its content)."""
        return {
            "sha256": self.sha256,
            "source": self.source,
            "contentType": self.content_type,
            "bytes": len(self.data),
        }


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
    assets: tuple[AssetArtifact, ...] = ()
    """The assets the template names, which deploy uploads before the stack."""
    environment: Environment = attrs.field(factory=Environment)
    """The account and region the stack declares (``Stack(..., env=...)``); None: the deploy's."""
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


@attrs.frozen(repr=False)
class Assembly:
    """The result of synthesis: every stack's template, plus messages for the reader."""

    stacks: tuple[StackArtifact, ...]
    messages: tuple[Message, ...]

    def __repr__(self) -> str:
        # One line whatever the app's size: the stacks by name, the messages counted.
        names = ", ".join(s.name for s in self.stacks)
        return f"<Assembly stacks=[{names}] messages={len(self.messages)}>"

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
        """The manifest: each stack's file, path, environment, dependencies, overrides, messages.

        ``producer`` and ``files`` (the template files written beside it) let a later synthesis
        tell that the folder is its own to replace.
        """
        stacks = {}
        for artifact in self.stacks:
            stacks[artifact.name] = {
                "template": artifact.file,
                "path": artifact.path,
                "environment": artifact.environment.to_json(),
                "dependencies": list(artifact.dependencies),
                "resources": artifact.resources,
                "overrides": list(artifact.overrides),
                "messages": [
                    {"level": m.level, "path": m.path, "message": m.text}
                    for m in self.messages
                    if m.path == artifact.path or m.path.startswith(artifact.path + "/")
                ],
            }
            if artifact.assets:
                stacks[artifact.name]["assets"] = [a.key for a in artifact.assets]
        under_stacks = {a.path for a in self.stacks}
        app_messages = [
            {"level": m.level, "path": m.path, "message": m.text}
            for m in self.messages
            if not any(m.path == p or m.path.startswith(p + "/") for p in under_stacks)
        ]
        manifest: dict[str, Any] = {
            "version": MANIFEST_VERSION,
            "producer": MANIFEST_PRODUCER,
            "files": sorted(artifact.file for artifact in self.stacks),
            "stacks": stacks,
            "messages": app_messages,
        }
        assets = {a.key: a.manifest() for artifact in self.stacks for a in artifact.assets}
        if assets:
            manifest["assets"] = dict(sorted(assets.items()))
        return manifest
