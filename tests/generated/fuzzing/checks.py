"""The properties the fuzzers check, as functions that raise AssertionError when one fails."""

from __future__ import annotations

import json
from typing import Any

from stagewright import App, ValidationError
from stagewright.runtime._errors import format_path
from stagewright.runtime._intrinsics import render
from stagewright.runtime._props import CfnProperty
from stagewright.template._include import stack_from_template

from .intrinsics import template
from .mutations import Mutation
from .values import strict

__all__ = ["check_reported", "check_round_trip", "check_synthesis"]


def check_round_trip(cls: type[CfnProperty], value: Any) -> None:
    """``cls.from_cfn(value).to_cfn()`` is ``value`` as exact JSON."""
    back = cls.from_cfn(value).to_cfn()
    assert strict(back) == strict(value), f"to_cfn gave {back!r}"


def check_synthesis(type_name: str, value: Any) -> None:
    """A template holding ``value`` comes out of import and synthesis unchanged."""
    source = template(type_name, value)
    app = App()
    stack_from_template(app, "Fuzz", source)
    artifact = app.synthesize().stack("Fuzz")
    assert strict(artifact.template) == strict(source), "synthesized template differs"
    assert strict(json.loads(artifact.body)) == strict(source), "written template differs"


def check_reported(cls: type[CfnProperty], mutation: Mutation) -> None:
    """``from_cfn`` of the mutated document reports one problem: the rule, the path, the value."""
    try:
        cls.from_cfn(mutation.document)
    except ValidationError as exc:
        problems = exc.problems
    else:
        raise AssertionError(f"accepted: {mutation}")
    where = format_path(cls.__cfn_name__, mutation.path)
    got = [(p.rule, p.where) for p in problems]
    assert got == [(mutation.rule, where)], f"{mutation}: reported {got}"
    (problem,) = problems
    if mutation.rule != "required":  # a missing value has no value to show
        assert render(problem.value) == mutation.value, f"{mutation}: value {problem.value!r}"
    text = str(problem)
    assert text.startswith(f"{where}: "), text
    assert f" [{mutation.rule}]" in text, text
