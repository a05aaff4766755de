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
    _plain,
    dumps_template,
    dumps_template_bytes,
    orjson_matches_json,
)


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
        {"text": ["é", "東京", "\u2028\u2029", "\x7f", "\x00\x1f\b\f\n\r\t", '"\\/']},
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


def test_lone_surrogates_cannot_be_encoded() -> None:
    """A lone surrogate has no UTF-8 form: the template bytes are refused, as writing them was."""
    assert dumps_template({"a": "\ud800"}) == _expected({"a": "\ud800"})
    with pytest.raises(UnicodeEncodeError):
        dumps_template_bytes({"a": "\ud800"})


def test_plain_walk_tells_orjson_plain_values_apart() -> None:
    """Only values orjson writes exactly as json does count as plain."""
    assert _plain({"a": [1, "x", True, None, 0.5, {"b": (1, 2)}]})
    assert not _plain({"a": [{"b": 1e-7}]})
    assert not _plain({"a": float("nan")})
    assert not _plain({"a": {"b": object()}})
