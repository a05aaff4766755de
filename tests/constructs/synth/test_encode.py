"""Template serialization: orjson where it writes json's bytes, a pure-Python encoder elsewhere."""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import math
import random
import struct
import uuid
from collections import OrderedDict
from typing import Any

import pytest

from stagewright.synth._encode import (
    MAX_DEPTH,
    UnwritableError,
    _plain,
    dumps_template,
    dumps_template_bytes,
    orjson_matches_json,
)
from stagewright.template._limits import MAX_DEPTH as MAX_READ_DEPTH


def _expected(value: Any) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


class _Color(enum.Enum):
    RED = "red"


class _Size(enum.StrEnum):
    SMALL = "small"


class _Level(enum.IntEnum):
    HIGH = 3


@dataclasses.dataclass
class _Point:
    x: int


def test_pinned_orjson_spells_floats_as_repr() -> None:
    """The orjson the project pins (>= 3.11.7, ``1e+16``) passes the probe, so it is used."""
    assert orjson_matches_json()


@pytest.mark.parametrize(
    "value",
    [
        {"floats": [0.0, -0.0, 0.1, 0.5, 1.0, 100.0, 50.5, 1e-4, 0.00012, 123456789.123]},
        {"big floats": [1e15, 9999999999999998.0, 1e16, -1e16, 1.5e300, 1.7976931348623157e308]},
        {"small floats": [1e-07, 1e-05, 9.999999999999999e-05, -2.5e-06, 5e-324]},
        {"ints": [0, -1, 2**63 - 1, -(2**63), 2**64 - 1, 2**64, -(2**63) - 1, 10**30]},
        {"text": ["é", "東京", "\u2028\u2029", "\xa0\xff", "\x00\x1f\b\f\n\r\t", '"\\/']},
        {"empty": [{}, [], [[]], {"a": {}}], "nested": {"b": {"c": [True, False, None]}}},
        {"tuple": (1, "a", (2,)), "str subclass": _Size.SMALL, "int subclass": _Level.HIGH},
        {"mapping": OrderedDict([("b", 1), ("a", 2)]), "keys": {"Z": 1, "a": 2, "_": 3, "é": 4}},
        {2: "int keys", 1: "are written as strings"},
        [1, "top-level list"],
    ],
)
def test_output_is_json_dumps_with_a_newline(value: Any) -> None:
    """Whichever encoder runs, the text is json.dumps(indent=2, sort_keys=True) plus a newline."""
    assert dumps_template(value) == _expected(value)
    assert dumps_template_bytes(value) == _expected(value).encode()


def test_random_floats_are_written_as_repr() -> None:
    """Floats from every exponent range come out as Python writes them (orjson or not)."""
    rng = random.Random(20261121)
    for _ in range(3000):
        number = struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0]
        if math.isfinite(number):
            assert dumps_template({"N": number}) == _expected({"N": number})


@pytest.mark.parametrize(
    ("value", "plain"),
    [
        ({"a": ["b", 1, True, None, {"c": 0.5}]}, True),
        ({"a": 1e-5}, False),  # orjson writes 0.00001
        ({"a": [float("nan")]}, False),  # orjson writes null
        ({"a": _Color.RED}, False),  # orjson writes "red"; json refuses it
        ({"a": uuid.UUID(int=1)}, False),
        ({"a": _Size.SMALL}, False),  # subclasses go the careful way
        ({"a": OrderedDict(b=1)}, False),
    ],
)
def test_orjson_is_only_trusted_with_plain_values(value: Any, plain: bool) -> None:
    """Values orjson would write differently from json keep it from being used."""
    assert _plain(value) is plain


@pytest.mark.parametrize(
    "value", [_Color.RED, uuid.UUID(int=1), _Point(1), datetime.date(2026, 1, 1), b"x", object()]
)
def test_values_json_refuses_are_refused_with_its_error(value: Any) -> None:
    """What json.dumps refuses (an enum, a UUID, a dataclass...) fails as it did before."""
    with pytest.raises(TypeError) as expected:
        json.dumps({"a": value})
    with pytest.raises(TypeError) as caught:
        dumps_template({"a": value})
    assert str(caught.value) == str(expected.value)


def test_lone_surrogates_are_refused_with_their_location() -> None:
    """A lone surrogate has no UTF-8 form: the bytes are refused, naming where it is."""
    with pytest.raises(UnwritableError) as caught:
        dumps_template_bytes({"a": ["ok", "x\ud800"], "\udc00": 1})
    assert caught.value.problems == [
        (
            ("\\udc00",),
            "the key holds a lone surrogate, which UTF-8 (and so a template) cannot encode",
        ),
        (
            ("a", 1),
            "holds a lone surrogate, which UTF-8 (and so a template) cannot encode, got 'x\\ud800'",
        ),
    ]
    str(caught.value).encode()  # the message itself can be printed


@pytest.mark.parametrize("number", [math.nan, math.inf, -math.inf])
def test_nan_and_infinities_are_refused_with_their_location(number: float) -> None:
    """JSON has no NaN or Infinity: both encoders refuse them, naming the location."""
    for dump in (dumps_template, dumps_template_bytes):
        with pytest.raises(UnwritableError) as caught:
            dump({"a": {"b": [1, number]}})
        ((location, message),) = caught.value.problems
        assert location == ("a", "b", 1)
        assert message.startswith("must be a finite number")


def test_nesting_deeper_than_stagewright_reads_is_refused() -> None:
    """A template nested past the reader's depth limit is refused, not written or crashed on."""
    assert MAX_DEPTH == MAX_READ_DEPTH
    ok: Any = "x"
    for _ in range(MAX_DEPTH - 1):
        ok = [ok]
    assert json.loads(dumps_template_bytes({"a": ok})) == {"a": ok}
    deep: Any = "x"
    for _ in range(1000):
        deep = {"k": deep}
    with pytest.raises(UnwritableError) as caught:
        dumps_template_bytes({"a": deep})
    assert caught.value.problems == [
        (("a", "k", "k", "k", "k"), "holds values nested deeper than 100 levels")
    ]


@pytest.mark.parametrize(
    ("char", "escaped"),
    [
        ("\x7f", "\\u007f"),
        ("\x80", "\\u0080"),
        ("\x85", "\\u0085"),
        ("\x9f", "\\u009f"),
        ("\ufdd0", "\\ufdd0"),
        ("\ufdef", "\\ufdef"),
        ("\ufffe", "\\ufffe"),
        ("\uffff", "\\uffff"),
        ("\U0001fffe", "\\ud83f\\udffe"),
        ("\U0010ffff", "\\udbff\\udfff"),
    ],
)
def test_characters_other_readers_refuse_are_written_escaped(char: str, escaped: str) -> None:
    """DEL, C1 controls and noncharacters are escaped by both encoders, keys too; they read back."""
    value = {f"k{char}": [f"a{char}b", 1e-7]}  # 1e-7: the pure-Python encoder
    for template in ({f"k{char}": f"a{char}b"}, value):
        text = dumps_template(template)
        data = dumps_template_bytes(template)
        assert data == text.encode()
        assert char not in text
        assert f"a{escaped}b" in text
        assert f"k{escaped}" in text
        assert json.loads(data) == template


def test_neighbours_of_the_escaped_characters_are_written_as_json_does() -> None:
    """Only those characters change: their neighbours keep json's bytes exactly."""
    text = "\x7e\xa0\ufdcf\ufdf0\ufffd\U0001fffd\U00010000\u2028"
    assert dumps_template({"a": text}) == _expected({"a": text})
    assert dumps_template_bytes({"a": text}) == _expected({"a": text}).encode()


def test_plain_walk_tells_orjson_plain_values_apart() -> None:
    """Only values orjson writes exactly as json does count as plain."""
    assert _plain({"a": [1, "x", True, None, 0.5, {"b": (1, 2)}]})
    assert not _plain({"a": [{"b": 1e-7}]})
    assert not _plain({"a": float("nan")})
    assert not _plain({"a": {"b": object()}})
