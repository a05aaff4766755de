"""Generated classes validate on a fast path first; it must never let a bad value through.

The fast path is each kind's ``valid_types`` (exact types it never objects to), taken by
``CfnProperty.__attrs_post_init__``, and ``Kind.accepts``; ``_props.check`` gives every value
its kind's whole ``check``. These tests hold the shortcuts to what the whole checks decide.
"""

from __future__ import annotations

import importlib
import random
from typing import Any

import pytest

from stagewright import RawIntrinsic, ValidationError
from stagewright.generated import RESOURCE_MODULES
from stagewright.runtime import _props, cfn_fields
from stagewright.runtime.kinds import Kind
from stagewright.runtime.kinds._container import ListKind, MapKind, OneOfKind

_CLASSES: list[type[_props.CfnProperty]] = sorted(
    {
        cls
        for module, _ in RESOURCE_MODULES.values()
        for cls in vars(importlib.import_module(module)).values()
        if isinstance(cls, type)
        and issubclass(cls, _props.CfnProperty)
        and cls is not _props.CfnProperty
    },
    key=lambda cls: (cls.__module__, cls.__name__),
)


class _Text(str):
    """A str subclass: valid for a string field, but not for the fast path's exact type test."""


def _raw(cls: type[_props.CfnProperty], **values: Any) -> Any:
    """Return an instance of ``cls`` holding ``values`` (others None), without validating it."""
    instance = object.__new__(cls)
    for field in cfn_fields(cls):
        object.__setattr__(instance, field.attr, values.get(field.attr))
    return instance


def _values(cls: type[_props.CfnProperty]) -> list[Any]:
    """Values of every sort a field may be given: valid, invalid, nested objects, intrinsics."""
    nested = [_raw(other) for other in _CLASSES if other.__module__ == cls.__module__]
    return [
        None, "", "a", "OFF", "INFO", "/", "/x", "a b", "x" * 300, _Text("a"), "$default",
        "arn:aws:logs:us-east-1:123456789012:log-group:x", 0, 1, -1, 100, 101, 2**70, 0.5,
        -0.5, 1e-5, float("nan"), float("inf"), True, False, [], ["a"], [None], ("a",), {},
        {"a": "b"}, {"A_1": "x"}, {"bad key!": "v"}, {1: "x"}, {"a": 1},
        RawIntrinsic({"Ref": "P"}), object(), *nested, *([n] for n in nested), nested[:2] * 2,
    ]  # fmt: skip


def _outcome(run: Any) -> str | None:
    try:
        run()
    except ValidationError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("cls", _CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_fast_path_agrees_with_every_check(cls: type[_props.CfnProperty]) -> None:
    """For each field and value (and random mixes), validation decides as the full checks do."""
    rng = random.Random(cls.__name__)
    values = _values(cls)
    names = [field.attr for field in cfn_fields(cls)]
    trials = [{name: value} for name in names for value in values]
    trials += [{name: rng.choice(values) for name in names} for _ in range(300)]
    for trial in trials:
        instance = _raw(cls, **trial)
        expected = _outcome(lambda: _props.check(instance))  # noqa: B023
        assert _outcome(instance.__attrs_post_init__) == expected, trial


def _kinds_within(kind: Kind) -> list[Kind]:
    """Return ``kind`` and every kind inside it (list items, map values, union options)."""
    inner: list[Kind] = []
    if isinstance(kind, ListKind):
        inner = [kind.item]
    elif isinstance(kind, MapKind):
        inner = [value for _, value in kind.entries]
    elif isinstance(kind, OneOfKind):
        inner = list(kind.options)
    return [kind, *(k for sub in inner for k in _kinds_within(sub))]


@pytest.mark.parametrize("cls", _CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_kind_shortcuts_promise_only_what_check_finds(cls: type[_props.CfnProperty]) -> None:
    """A value whose type is in a kind's ``valid_types``, or that it ``accepts``, has no problem."""
    values = _values(cls)
    for field in cfn_fields(cls):
        for kind in _kinds_within(field.kind):
            for value in values:
                problems: list[Any] = []
                kind.check(value, (), problems)
                if type(value) in kind.valid_types or kind.accepts(value):
                    assert problems == [], (field.cfn, kind, value)
