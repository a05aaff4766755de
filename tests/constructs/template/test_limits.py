"""Hostile files fail fast with one line naming them, within bounded memory and time.

The bounds are enforced, not timed: each hostile read runs in a child process whose address
space (``RLIMIT_AS``) and CPU time (``RLIMIT_CPU``) are capped, so a read that balloons or spins
is killed instead of passing slowly.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from stagewright.cli._deploy_inputs import resolve_tags
from stagewright.cli._events import DeployError
from stagewright.template._limits import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    InputError,
    decode_text,
    read_capped,
)
from stagewright.template._yaml import TemplateError, load_template, loads_template

_ADDRESS_SPACE = 1024 * 1024 * 1024  # 1 GiB: the interpreter and libraries take ~300 MB of it
_CPU_SECONDS = 5

_CAPPED = textwrap.dedent(
    """
    import resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({space}, {space}))
    resource.setrlimit(resource.RLIMIT_CPU, ({cpu}, {cpu}))
    from stagewright import cli
    sys.exit(cli.main(["validate", *sys.argv[1:]]))
    """
)


def _validate_capped(*files: str) -> subprocess.CompletedProcess[str]:
    """Run ``stagewright validate FILES`` with capped memory and CPU time."""
    script = _CAPPED.format(space=_ADDRESS_SPACE, cpu=_CPU_SECONDS)
    return subprocess.run(
        [sys.executable, "-c", script, *files], capture_output=True, text=True, check=False
    )


def _bytes_bomb() -> str:
    """17 KB of YAML whose aliases repeat one 16,000-character string 100,000 times (1.6 GB)."""
    lines = [f"a0: &a0 {'x' * 16_000}"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 6)]
    body = "".join(f"      {line}\n" for line in lines)
    return f"Resources:\n  X:\n    Type: A::B::C\n    Metadata:\n{body}"


HOSTILE = {
    "bytes-bomb.yaml": (_bytes_bomb(), "aliases expand the template past 10,485,760 bytes"),
    "laughs.yaml": (
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
            for p, c in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        "aliases expand the template past 1000000 nodes",
    ),
    "recursive.yaml": ("Resources: &a\n  X: [*a]\n", "a recursive alias"),
    "deep.json": ('{"Resources": ' + "[" * 1000 + "]" * 1000 + "}", "nested deeper than 100"),
    "deep.yaml": ("Resources: " + "[" * 900 + "]" * 900 + "\n", "nested deeper than 100"),
    "nan.json": ('{"Resources": {"X": {"Type": "A::B::C", "Metadata": Infinity}}}', "Infinity"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_file_fails_in_one_line_within_bounds(name: str, tmp_path: Path) -> None:
    """Each hostile file is refused with one line naming it, inside 1 GiB and 5 s of CPU."""
    text, expected = HOSTILE[name]
    file = tmp_path / name
    file.write_text(text, encoding="utf-8")
    result = _validate_capped(str(file))
    assert result.returncode == 1, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    assert errors[0].startswith(f"error: {file}:")
    assert expected in errors[0]


def test_validate_dev_zero_reads_no_more_than_the_limit() -> None:
    """``validate /dev/zero`` stops after 10 MiB, within bounded memory, naming the file."""
    result = _validate_capped("/dev/zero")
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[0] == (
        "error: /dev/zero: the file is over the 10,485,760-byte limit for files stagewright "
        "reads (CloudFormation accepts templates of at most 1,048,576 bytes)"
    )


def test_read_capped_reads_at_most_one_byte_past_the_limit(tmp_path: Path) -> None:
    """A file at the limit is read whole; one byte more is refused."""
    file = tmp_path / "t.json"
    file.write_bytes(b"x" * 10)
    assert read_capped(file, limit=10) == b"x" * 10
    with pytest.raises(InputError, match="over the 10,485,760-byte limit"):
        read_capped(file, limit=9)


def test_template_text_over_the_limit_is_refused() -> None:
    """loads_template of text longer than the limit fails before parsing."""
    with pytest.raises(TemplateError, match=r"^t\.yaml: the text \(10,485,761 characters\)"):
        loads_template(" " * (MAX_FILE_BYTES + 1), filename="t.yaml")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"Resources:\n  X: \xff\n", r"^t\.yaml:2: not valid UTF-8 text: invalid start byte"),
        (b"\xff\xfeR\x00\n\x00\x00\xd8", r"^t\.yaml:2: not valid UTF-16 text: unexpected end"),
    ],
    ids=["utf-8", "utf-16"],
)
def test_undecodable_file_is_named_with_its_line(
    data: bytes, message: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Bytes that are not UTF-8 (or UTF-16 after its mark) are a TemplateError naming the file."""
    monkeypatch.chdir(tmp_path)
    Path("t.yaml").write_bytes(data)
    with pytest.raises(TemplateError, match=message):
        load_template(Path("t.yaml"))


def test_utf16_with_byte_order_mark_is_read(tmp_path: Path) -> None:
    """A UTF-16 file with its byte order mark (PowerShell's default) is read."""
    file = tmp_path / "t.yaml"
    file.write_bytes("Resources:\n  X: {Type: A::B::C}\n".encode("utf-16"))
    assert load_template(file) == {"Resources": {"X": {"Type": "A::B::C"}}}


def test_decode_text_strips_a_utf8_byte_order_mark() -> None:
    """A UTF-8 byte order mark is not part of the text."""
    assert decode_text(b"\xef\xbb\xbfa: 1") == "a: 1"


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_json_constants_are_refused_at_read_time_with_their_line(token: str) -> None:
    """NaN and the infinities in JSON are a TemplateError at their line, not a float."""
    text = '{\n  "Resources": {\n    "X": {"Metadata": [1, "NaN", ' + token + "]}}}"
    with pytest.raises(TemplateError, match=rf"^t\.json:3: {token} is not a number JSON allows"):
        loads_template(text, filename="t.json")


@pytest.mark.parametrize("token", [".nan", ".inf", "-.Inf"])
def test_yaml_constants_are_refused_at_read_time(token: str) -> None:
    """``.nan`` and ``.inf`` in YAML are refused as JSON's NaN and Infinity are."""
    with pytest.raises(TemplateError, match=rf"^line 2: '{token}' is not a number JSON allows"):
        loads_template(f"Resources:\n  X: {token}\n")


def test_number_and_boolean_keys_become_their_json_text() -> None:
    """``200:`` and ``true:`` keys read as "200" and "true", beside string keys."""
    template = loads_template("Resources:\n  X:\n    Metadata: {200: a, default: b, true: c}\n")
    assert template["Resources"]["X"]["Metadata"] == {"200": "a", "default": "b", "true": "c"}


def test_number_key_beside_the_same_string_key_is_a_duplicate() -> None:
    """``1:`` and ``'1':`` in one mapping are one key given twice, not a TypeError later."""
    with pytest.raises(TemplateError, match=r"^line 3: duplicate key '1' in Metadata"):
        loads_template("Metadata:\n  1: a\n  '1': b\n")


def test_nesting_at_the_limit_is_read() -> None:
    """A document exactly ``MAX_DEPTH`` levels deep is read, in both formats."""
    json_text = '{"a": ' + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "}"
    assert loads_template(json_text)["a"] == json.loads("[" * 99 + "]" * 99)
    yaml_text = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert loads_template(yaml_text)["a"] == json.loads("[" * 99 + "]" * 99)


def test_deep_json_is_located_at_the_level_past_the_limit() -> None:
    """Too-deep JSON names the line where level 101 opens."""
    text = '{"a":\n' + "[\n" * 100 + "]" * 100 + "}"
    with pytest.raises(TemplateError, match=r"^line 101: nested deeper than 100 levels$"):
        loads_template(text)


def test_huge_integer_is_a_template_error() -> None:
    """An integer past Python's digit limit is a TemplateError, not a bare ValueError."""
    with pytest.raises(TemplateError, match="invalid YAML"):
        loads_template("a: " + "9" * 5000 + "\n")
    with pytest.raises(TemplateError, match="invalid JSON"):
        loads_template('{"a": ' + "9" * 5000 + "}")


def test_tags_file_that_is_hostile_is_one_deploy_error(tmp_path: Path) -> None:
    """A tags file with a recursive alias is a DeployError naming the file and line."""
    file = tmp_path / "tags.yaml"
    file.write_text("a: &a [*a]\n", encoding="utf-8")
    with pytest.raises(DeployError, match=rf"^{file}:1: a recursive alias"):
        resolve_tags([], file)


def test_json_tags_file_with_nan_is_refused(tmp_path: Path) -> None:
    """A JSON tags file holding NaN is refused at read time, not deployed as 'nan'."""
    file = tmp_path / "tags.json"
    file.write_text('{"cost": NaN}', encoding="utf-8")
    with pytest.raises(DeployError, match=rf"^{file}:1: NaN is not a number JSON allows"):
        resolve_tags([], file)


def test_yaml_dates_in_a_tags_file_stay_text(tmp_path: Path) -> None:
    """A date-looking tag value is kept as written (the template reader's rules apply)."""
    file = tmp_path / "tags.yaml"
    file.write_text("since: 2024-01-31\n", encoding="utf-8")
    assert resolve_tags([], file) == {"since": "2024-01-31"}
