"""Shared by the synthesis benchmark's workloads: sizes, names, value tables and the command line.

Each workload (``_synth_stagewright.py``, ``_synth_troposphere.py``, ``_synth_hand.py``) runs as
its own process: ``python benchmarks/_synth_<way>.py STACKS OUTDIR``. It writes one
``<StackName>.template.json`` per stack into ``OUTDIR``, each stack holding ``STAGES_PER_STACK``
fully populated ``AWS::ApiGateway::Stage`` resources. Stage ``i`` of stack ``s`` takes its values
from the global index ``g = s * STAGES_PER_STACK + i``, so every stage of the app differs. With
``STACKS`` 0 a workload only imports its library (the fixed cost of a process).

This module uses the standard library only, so it adds nothing to what a workload imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

__all__ = [
    "CACHE_SIZES",
    "LOGGING_LEVELS",
    "STAGES_PER_STACK",
    "TEMPLATE_FORMAT_VERSION",
    "parse_args",
    "stack_name",
    "stage_id",
    "template_path",
]

STAGES_PER_STACK = 500
"""CloudFormation's quota of resources per template."""
TEMPLATE_FORMAT_VERSION = "2010-09-09"
CacheSize = Literal["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"]
LoggingLevel = Literal["OFF", "ERROR", "INFO"]
CACHE_SIZES: tuple[CacheSize, ...] = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")
LOGGING_LEVELS: tuple[LoggingLevel, ...] = ("OFF", "ERROR", "INFO")


def stack_name(stack: int) -> str:
    """Return the name of stack number ``stack`` (``Bench00``)."""
    return f"Bench{stack:02d}"


def stage_id(index: int) -> str:
    """Return the construct id and logical ID of stage ``index`` of a stack (``Stage042``)."""
    return f"Stage{index:03d}"


def template_path(outdir: Path, stack: int) -> Path:
    """Return where stack number ``stack``'s template goes (stagewright's file name)."""
    return outdir / f"{stack_name(stack)}.template.json"


def parse_args(argv: Sequence[str]) -> tuple[int, Path]:
    """Read ``STACKS OUTDIR`` from a workload's command line."""
    if len(argv) != 2 or not argv[0].isdigit():
        raise SystemExit("usage: python benchmarks/_synth_<way>.py STACKS OUTDIR")
    return int(argv[0]), Path(argv[1])
