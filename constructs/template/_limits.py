"""Limits on the files stagewright reads (templates, parameters and tags files), and a capped read.

A hostile or broken file must fail fast, in bounded memory, with one line naming it: never
read gigabytes (``validate /dev/zero``), never blow the stack, never expand aliases without end.
The limits are generous next to what CloudFormation accepts, so no real template meets them:

- ``MAX_FILE_BYTES``: CloudFormation takes a template body of at most 51,200 bytes inline and
  1 MB (1,048,576 bytes) from S3. Ten times that leaves room for packaged or hand-formatted
  templates, and keeps the parsed document to a few hundred MB at worst.
- ``MAX_DEPTH``: real templates nest a dozen levels, an OpenAPI ``Body`` thirty or so. Python
  code that walks a document recurses per level and stops at ~1,000 (``RecursionError``).
- ``MAX_EXPANDED_NODES`` and ``MAX_EXPANDED_BYTES``: YAML aliases let a small file stand for a
  huge document ("billion laughs"); the expansion is measured in nodes and in bytes (the scalar
  text every alias repeats), so one long string repeated through aliases is caught as well.
  CloudFormation itself refuses aliases; cfn-lint and ``aws cloudformation package`` expand them.
"""

from __future__ import annotations

import codecs
from pathlib import Path

__all__ = [
    "MAX_DEPTH",
    "MAX_EXPANDED_BYTES",
    "MAX_EXPANDED_NODES",
    "MAX_FILE_BYTES",
    "InputError",
    "decode_text",
    "read_capped",
]

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_DEPTH = 100
MAX_EXPANDED_NODES = 1_000_000
MAX_EXPANDED_BYTES = MAX_FILE_BYTES

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)


class InputError(ValueError):
    """A file stagewright reads breaks a limit or is not text; ``line`` where that is known."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.message, self.line = message, line
        super().__init__(message)


def too_large_message(size: str) -> str:
    """The message for input over ``MAX_FILE_BYTES``; ``size`` says how big it is."""
    return (
        f"{size} is over the {MAX_FILE_BYTES:,}-byte limit for files stagewright reads "
        "(CloudFormation accepts templates of at most 1,048,576 bytes)"
    )


def read_capped(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """Return the bytes of ``path``, reading at most ``limit + 1``; InputError past ``limit``.

    Reads rather than trusting the size the file system reports: ``/dev/zero`` or a pipe has
    none. OSError (no such file, permission) is the caller's to report.
    """
    with path.open("rb") as file:
        data = file.read(limit + 1)
    if len(data) > limit:
        raise InputError(too_large_message("the file"))
    return data


def decode_text(data: bytes) -> str:
    """Decode a file's bytes: UTF-8, or UTF-16 after its byte order mark; InputError if invalid."""
    encoding, name = "utf-8", "UTF-8"
    for bom, bom_encoding, bom_name in _BOMS:
        if data.startswith(bom):
            encoding, name = bom_encoding, bom_name
            break
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        prefix = data[: exc.start].decode(encoding, errors="replace")
        line = prefix.count("\n") + 1
        message = f"not valid {name} text: {exc.reason} at byte {exc.start:,}; save it as UTF-8"
        raise InputError(message, line) from None
