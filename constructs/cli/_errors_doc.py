"""``stagewright errors``: the errors reference (docs/errors.md), read from the installed package.

Every message stagewright prints ends with its id in brackets (``[pattern]``, ``[E3019]``);
``stagewright errors pattern`` prints that id's row of the reference: when it is reported, the
message's shape and a real example. The page ships inside the package (``stagewright.docs``),
so the reference is one command away wherever stagewright is installed, a package page's
broken relative link included.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import TextIO

import attrs

from stagewright.runtime._errors import nearest

__all__ = ["ErrorRow", "error_rows", "main_errors", "shape_pattern"]

_CELL_SPLIT = re.compile(r"(?<!\\)\|")


@attrs.frozen
class ErrorRow:
    """One row of the errors reference: an id, when it is reported, its shape, an example."""

    id: str
    section: str
    when: str
    shape: str
    example: str


def _cell(text: str) -> str:
    """A cell's text without its enclosing code span (`` `x` `` or ````` ``x`` `````)."""
    text = text.strip().replace("\\|", "|")
    for fence in ("``", "`"):
        if text.startswith(fence) and text.endswith(fence) and len(text) > 2 * len(fence):
            return text[len(fence) : -len(fence)].strip() if fence == "``" else text[1:-1]
    return text


def error_rows(markdown: str) -> Iterator[ErrorRow]:
    """Yield the table rows of the errors reference ``markdown``, each with its section title."""
    section = ""
    for line in markdown.splitlines():
        if line.startswith("#"):
            section = line.lstrip("#").strip()
            continue
        if not line.startswith("| `"):
            continue
        cells = _CELL_SPLIT.split(line.strip())[1:-1]
        if len(cells) != 4:
            raise ValueError(f"errors reference: a row needs 4 cells, not {len(cells)}: {line}")
        yield ErrorRow(_cell(cells[0]), section, cells[1].strip(), _cell(cells[2]), _cell(cells[3]))


def shape_pattern(shape: str) -> re.Pattern[str]:
    """The regular expression of a message shape: each ``<part>`` stands for any text."""
    parts = re.split(r"<[^<>]+>", shape)
    return re.compile(".+".join(re.escape(p) for p in parts), re.DOTALL)


def _reference() -> str:
    return resources.files("stagewright.docs").joinpath("errors.md").read_text(encoding="utf-8")


def _describe(row: ErrorRow) -> str:
    return (
        f"{row.id}  ({row.section})\n"
        f"  when:    {row.when}\n"
        f"  shape:   {row.shape}\n"
        f"  example: {row.example}\n"
    )


def main_errors(ids: Sequence[str], *, out: TextIO, err: TextIO) -> int:
    """Print the rows of ``ids`` (as printed in messages: ``pattern`` or ``[pattern]``), or all ids.

    An id is a row's own (``stage-method-key``) or the one a message shows in brackets
    (``method-key``): every row whose example carries it is printed; or a family's prefix
    (``read``: every ``read-*`` row); or a whole message, pasted (for messages that end in no
    id, such as deploy's): the rows of that shape. Without ids, one
    line per row: its id and when it is reported. Returns 0, or 2 when an id is in no row (with
    the nearest row id, if one is close).
    """
    rows = list(error_rows(_reference()))
    if not ids:
        width = max(len(row.id) for row in rows)
        for row in rows:
            when = row.when if len(row.when) <= 100 else row.when[:99] + "…"
            out.write(f"{row.id:<{width}}  {when}\n")
        out.write("\nstagewright errors ID prints one id's message shape and an example.\n")
        return 0
    status = 0
    for asked in ids:
        key = asked.strip()
        found = _rows_of(key if " " in key else key.strip("[]`"), rows)
        if not found:
            close = nearest(key.strip("[]`"), [row.id for row in rows])
            hint = f"; did you mean {close}?" if close else ""
            err.write(f"error: {asked!r} is not an id of the errors reference{hint}\n")
            status = 2
        out.writelines(_describe(row) for row in found)
    return status


def _rows_of(key: str, rows: Sequence[ErrorRow]) -> list[ErrorRow]:
    """The row named ``key``; else the rows whose example shows ``[key]`` (a message's id); else
    the family of rows named ``key-...`` (``read`` gives every ``read-*`` row); else the rows
    whose message shape a pasted message (``key``, a whole line) has."""
    return (
        [row for row in rows if row.id == key]
        or [row for row in rows if f"[{key}]" in row.example]
        or [row for row in rows if row.id.startswith(f"{key}-")]
        or (_closest_shapes(key, rows) if " " in key else [])
    )


def _closest_shapes(message: str, rows: Sequence[ErrorRow]) -> list[ErrorRow]:
    """The rows whose shape ``message`` has, the most specific only (the most fixed text):
    a general shape such as ``<path>: <message>`` fits nearly any line."""
    fitting = [row for row in rows if shape_pattern(row.shape).fullmatch(message)]
    fixed = {row.id: len(re.sub(r"<[^<>]+>", "", row.shape)) for row in fitting}
    most = max(fixed.values(), default=0)
    return [row for row in fitting if fixed[row.id] == most]
