"""Intrinsic functions put in place of values, and a template in which they all resolve.

``with_intrinsics`` draws a valid value, then replaces some of its values (at any depth below
the top, never a map key) by an intrinsic function call: ``Ref``, ``Fn::GetAtt``, ``Fn::Sub``
(both forms), ``Fn::If`` (holding the value it replaced), ``Fn::Join``, ``Fn::Select``,
``Fn::FindInMap``, ``Fn::ImportValue``, ``Fn::Base64``. Each call carries a serial number, so
two calls are never equal (a ``uniqueItems`` list stays unique). ``template`` wraps a
``Properties`` value in a template that declares every parameter, condition, mapping and
resource those calls can name, so synthesis's reference checks pass.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import strategies as st

__all__ = ["TARGET", "is_intrinsic", "template", "with_intrinsics"]

TARGET = "Target"  # the resource every Fn::GetAtt points at
_MAX_CALLS = 40  # parameters stay far below CloudFormation's 200
_FUNCTIONS: tuple[Callable[[int, Any], dict[str, Any]], ...] = (
    lambda n, _: {"Ref": f"P{n}"},
    lambda n, _: {"Fn::GetAtt": [TARGET, f"Attr{n}"]},
    lambda n, _: {"Fn::Sub": f"${{P{n}}}-${{AWS::Region}}-${{!Literal}}"},
    lambda n, _: {"Fn::Sub": ["${Name}-x", {"Name": {"Ref": f"P{n}"}}]},
    lambda n, value: {"Fn::If": [f"C{n}", value, {"Ref": "AWS::NoValue"}]},
    lambda n, _: {"Fn::Join": ["-", [f"a{n}", {"Ref": f"P{n}"}]]},
    lambda n, _: {"Fn::Select": [1, [f"s{n}", {"Fn::GetAtt": [TARGET, "Arn"]}]]},
    lambda n, _: {"Fn::FindInMap": ["Map", f"k{n}", "v"]},
    lambda n, _: {"Fn::ImportValue": f"export-{n}"},
    lambda n, _: {"Fn::Base64": {"Fn::Sub": f"b{n}-${{P{n}}}"}},
)
_NAMES = frozenset(next(iter(f(0, None))) for f in _FUNCTIONS)


def is_intrinsic(value: Any) -> bool:
    """Tell whether ``value`` is one of the calls this module puts in."""
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in _NAMES


class _Injector:
    """One walk over a value, replacing some of its values; counts the calls made."""

    def __init__(self, draw: Callable[[st.SearchStrategy[Any]], Any], rate: int) -> None:
        self.draw, self.rate, self.calls = draw, rate, 0

    def walk(self, value: Any, top: bool) -> Any:
        if isinstance(value, dict):
            value = {k: self.walk(v, False) for k, v in value.items()}
        elif isinstance(value, list):
            value = [self.walk(v, False) for v in value]
        if top or self.calls >= _MAX_CALLS or self.draw(st.integers(0, 99)) >= self.rate:
            return value
        function = self.draw(st.sampled_from(_FUNCTIONS))
        self.calls += 1
        return function(self.calls, value)


@st.composite
def with_intrinsics(draw: Any, values: st.SearchStrategy[Any], rate: int = 12) -> Any:
    """Draw from ``values`` and replace about ``rate`` percent of the values below the top."""
    return _Injector(draw, rate).walk(draw(values), top=True)


def template(type_name: str, properties: Any, logical_id: str = "Res") -> dict[str, Any]:
    """Return a template holding one ``type_name`` resource; every name it uses is declared."""
    serials = range(1, _MAX_CALLS + 1)
    return {
        "Parameters": {f"P{n}": {"Type": "String"} for n in serials},
        "Conditions": {f"C{n}": {"Fn::Equals": [{"Ref": f"P{n}"}, "on"]} for n in serials},
        "Mappings": {"Map": {"k1": {"v": "x"}}},
        "Resources": {
            TARGET: {"Type": "AWS::SNS::Topic"},
            logical_id: {"Type": type_name, "Properties": properties},
        },
    }
