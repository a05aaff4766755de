"""README's Python examples run as written (each block alone, or after the block it continues).

A block may say how it is run in an HTML comment just before it: ``<!-- readme-test: not run:
<why> -->``, ``continues: <why>`` (run after the block before it, in its namespace) or ``file
NAME: <why>`` (also written to NAME in the working folder, for a later block that loads it).
A block of another language with a ``file NAME`` note (an OpenAPI document in YAML) is written
to NAME in the working folder of every block.
"""

from __future__ import annotations

import contextlib
import inspect
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from stagewright import ValidationError

README = Path(__file__).resolve().parents[2] / "README.md"
_INDENTED = re.compile(r"^(?P<indent> *)```python\n(?P<code>.*?)^(?P=indent)```", re.S | re.M)


def _blocks() -> list[tuple[int, str, str]]:
    """Return (line, note, code) for every ``python`` block of README, in order."""
    text = README.read_text(encoding="utf-8")
    found = []
    for match in _INDENTED.finditer(text):
        start = match.start()
        note_match = re.search(r"<!-- readme-test: ([^>]*) -->\n *$", text[:start])
        note = note_match.group(1) if note_match else ""
        indent = len(match.group("indent"))
        code = "\n".join(line[indent:] for line in match.group("code").splitlines())
        found.append((text.count("\n", 0, start) + 1, note.strip(), code))
    return found


BLOCKS = _blocks()
_DATA = re.compile(
    r"<!-- readme-test: file (?P<name>\S+): [^>]*-->\n```(?!python)\w+\n(?P<text>.*?)^```",
    re.S | re.M,
)
DATA_FILES = {m.group("name"): m.group("text") for m in _DATA.finditer(README.read_text("utf-8"))}


@contextlib.contextmanager
def _inside(folder: Path) -> Iterator[None]:
    before = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(before)


def _run(code: str, namespace: dict[str, Any]) -> None:
    """Run ``code``; an exception is fine only when the block shows it (``# Error: ...``)."""
    try:
        exec(compile(code, str(README), "exec"), namespace)
    except Exception as exc:
        shown = re.search(rf"^# {type(exc).__name__}: ", code, re.M)
        if shown is None:
            raise
        return
    # A block that shows an error must raise it.
    assert not re.search(r"^# (ValidationError|SynthesisError|TreeError): ", code, re.M), (
        "the block shows an error it does not raise"
    )


def test_every_block_not_run_says_why() -> None:
    """A block left out of the run carries a reason."""
    notes = [note for _, note, _ in BLOCKS if note]
    assert all(re.fullmatch(r"(not run|continues|file \S+): \S.*", note) for note in notes), notes
    assert len(BLOCKS) >= 6


RUN = [block for block in BLOCKS if not block[1].startswith("not run")]


@pytest.mark.parametrize(
    ("line", "note", "code"), RUN, ids=[f"README.md:{line}" for line, _, _ in RUN]
)
def test_a_readme_block_runs(line: int, note: str, code: str, tmp_path: Path) -> None:
    """The block runs (after the blocks it continues); test functions it defines pass."""
    namespace: dict[str, Any] = {"__name__": "readme"}
    index = [b[0] for b in BLOCKS].index(line)
    chain = [code]
    while BLOCKS[index][1].startswith("continues"):
        index -= 1
        chain.insert(0, BLOCKS[index][2])
    for name, text in DATA_FILES.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with _inside(tmp_path):
        for part in chain:
            named = next((b[1] for b in BLOCKS if b[2] == part), "")
            if named.startswith("file "):  # the app a later block loads from its file
                (tmp_path / named.split()[1].rstrip(":")).write_text(part, encoding="utf-8")
            _run(part, namespace)
        for name, function in list(namespace.items()):
            runnable = name.startswith("test_") and callable(function)
            if runnable and not inspect.signature(function).parameters:
                function()


def test_the_shown_errors_are_what_the_library_says() -> None:
    """The tour's out-of-range canary is refused with the message the README prints."""
    from stagewright.generated.aws_apigateway.stage import CanarySetting  # noqa: PLC0415

    with pytest.raises(ValidationError) as caught:
        CanarySetting(percent_traffic=500)
    assert str(caught.value) in README.read_text(encoding="utf-8")
