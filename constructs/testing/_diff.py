"""Differences between a stored template snapshot and the template now, one line per place."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from stagewright.testing._match import same
from stagewright.testing._paths import JsonPath, show, where

__all__ = ["diff_templates", "text_diff"]


def diff_templates(snapshot: Any, now: Any, limit: int = 30) -> list[str]:
    """Return ``Resources.Prod.Properties.TracingEnabled: snapshot True, now False`` lines."""
    lines = list(_diff(snapshot, now, ()))
    if len(lines) > limit:
        lines = [*lines[:limit], f"... and {len(lines) - limit} more differences"]
    return lines


def _diff(old: Any, new: Any, path: JsonPath) -> Iterator[str]:
    if isinstance(old, dict) and isinstance(new, dict):
        for key in sorted(old.keys() | new.keys()):
            yield from _entry(old, new, key, path)
    elif isinstance(old, list) and isinstance(new, list):
        for index in range(max(len(old), len(new))):
            yield from _entry(old, new, index, path)
    elif isinstance(old, dict | list) or isinstance(new, dict | list) or not same(old, new):
        yield f"{where(path)}: snapshot {show(old)}, now {show(new)}"


def _entry(old: Any, new: Any, key: Any, path: JsonPath) -> Iterator[str]:
    inner = (*path, key)
    in_old = key in old if isinstance(old, dict) else key < len(old)
    in_new = key in new if isinstance(new, dict) else key < len(new)
    if in_old and in_new:
        yield from _diff(old[key], new[key], inner)
    elif in_old:
        yield f"{where(inner)}: snapshot {show(old[key])}, now absent"
    else:
        yield f"{where(inner)}: not in snapshot, now {show(new[key])}"


def text_diff(snapshot: str, now: str, context: int = 3) -> list[str]:
    """Return the unified diff of two template texts, every change (``-`` snapshot, ``+`` now)."""
    import difflib  # noqa: PLC0415 - only a failed snapshot needs it

    return list(
        difflib.unified_diff(
            snapshot.splitlines(),
            now.splitlines(),
            fromfile="snapshot",
            tofile="now",
            n=context,
            lineterm="",
        )
    )
