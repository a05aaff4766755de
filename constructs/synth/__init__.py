"""Synthesis: from a construct tree to template JSON (``Assembly``) and a folder on disk.

Validates the whole tree, renders each stack, wires cross-stack references, checks the result
against the generated schemas (``_checks``), encodes it byte-stably (``_encode``) and writes it
(``_output``). Stands on the core and the runtime; the CLI and the testing kit use it.
"""

from stagewright.synth._assembly import MANIFEST_FILE, Assembly, Message, StackArtifact
from stagewright.synth._synth import (
    OutputFolderError,
    SynthesisError,
    collect_messages,
    synthesize,
    synthesize_into,
    write_assembly,
)

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
