"""Bad input to the construct core is a ValidationError that names who refused it and the rule."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from stagewright import (
    App,
    Aspects,
    CfnCondition,
    CfnMapping,
    CfnOutput,
    CfnParameter,
    Environment,
    Fn,
    RawResource,
    Stack,
    Tags,
    ValidationError,
)
from stagewright.generated.aws_apigateway import rest_api


def _wrong(value: object) -> Any:
    """Hand a deliberately wrong value past mypy."""
    return value


def _stack() -> Stack:
    return Stack(App(), "Shop")


def _api() -> rest_api.RestApi:
    return rest_api.RestApi(_stack(), "Api")


def _self_dependent() -> None:
    api = _api()
    api.add_depends_on(api)


def _default_only() -> None:
    _ = CfnOutput(_stack(), "Default", value="x").logical_id


def _policy() -> None:
    _api().deletion_policy = "Keep"


# (what is refused, how, the start of the message, the rule)
CASES: list[tuple[str, Callable[[], object], str, str]] = [
    ("Fn.sub template", lambda: Fn.sub(_wrong(["a"])), "Fn.sub: template:", "type"),
    ("Fn.join delimiter", lambda: Fn.join(_wrong(3), []), "Fn.join: delimiter:", "type"),
    ("Fn.select index", lambda: Fn.select(-1, ["a"]), "Fn.select: index:", "fn-args"),
    ("Fn.cidr count", lambda: Fn.cidr("10.0.0.0/16", 0, 8), "Fn.cidr: count:", "fn-args"),
    ("Fn.cidr bits", lambda: Fn.cidr("10.0.0.0/16", 4, 129), "Fn.cidr: cidr_bits:", "fn-args"),
    ("Fn.and_ count", lambda: Fn.and_(Fn.equals("a", "b")), "Fn.and_: conditions:", "fn-args"),
    (
        "Fn.or_ kind",
        lambda: Fn.or_(Fn.equals("a", "b"), _wrong("c")),
        "Fn.or_: conditions[1]:",
        "type",
    ),
    (
        "Fn.if_ inline",
        lambda: Fn.if_(Fn.equals("a", "b"), 1, 2),
        "Fn.if_: condition:",
        "type",
    ),
    ("Fn.if_ name", lambda: Fn.if_(_wrong(3), 1, 2), "Fn.if_: condition:", "type"),
    ("Fn.find_in_map", lambda: Fn.find_in_map(_wrong(3), "a", "b"), "Fn.find_in_map:", "type"),
    ("Fn.condition", lambda: Fn.condition(_wrong(3)), "Fn.condition: condition:", "type"),
    (
        "logical ID override",
        lambda: CfnOutput(_stack(), "Out", value="x").override_logical_id("my-out"),
        "Shop/Out: logical_id:",
        "logical-id",
    ),
    ("logical ID of Default", _default_only, "Shop/Default: id:", "logical-id"),
    (
        "parameter mapping",
        lambda: CfnParameter.from_cfn(_stack(), "Env", _wrong(["String"])),
        "Shop/Env: mapping:",
        "type",
    ),
    (
        "parameter key",
        lambda: CfnParameter.from_cfn(_stack(), "Env", {"Typ": "String"}),
        'Shop/Env: mapping["Typ"]:',
        "unknown-key",
    ),
    (
        "parameter without Type",
        lambda: CfnParameter.from_cfn(_stack(), "Env", {"Default": "x"}),
        'Shop/Env: mapping["Type"]:',
        "required",
    ),
    (
        "parameter option type",
        lambda: CfnParameter(_stack(), "Env", min_length=True),
        "Shop/Env: min_length:",
        "type",
    ),
    (
        "parameter type",
        lambda: CfnParameter(_stack(), "Env", type="Strin"),
        "Shop/Env: type:",
        "enum",
    ),
    (
        "parameter default",
        lambda: CfnParameter(_stack(), "Env", default="x", allowed_values=["a"]),
        "Shop/Env: default:",
        "enum",
    ),
    (
        "output value",
        lambda: CfnOutput(_stack(), "Out", value=None),
        "Shop/Out: value:",
        "required",
    ),
    (
        "output mapping",
        lambda: CfnOutput.from_cfn(_stack(), "Out", {}),
        "Shop/Out: mapping:",
        "type",
    ),
    (
        "condition kind",
        lambda: CfnCondition(_stack(), "C", expression="true"),
        "Shop/C: expression:",
        "type",
    ),
    (
        "condition function",
        lambda: CfnCondition(_stack(), "C", expression=Fn.join("", ["a"])),
        "Shop/C: expression:",
        "type",
    ),
    ("mapping", lambda: CfnMapping(_stack(), "M", mapping={}), "Shop/M: mapping:", "type"),
    (
        "mapping level",
        lambda: CfnMapping(_stack(), "M", mapping={"a": _wrong("b")}),
        'Shop/M: mapping["a"]:',
        "type",
    ),
    (
        "override path",
        lambda: _api().add_override("Properties..Name", "x"),
        "Shop/Api: path:",
        "override-path",
    ),
    (
        "override value",
        lambda: _api().add_property_override("Name", None),
        "Shop/Api: value:",
        "required",
    ),
    (
        "DependsOn target",
        lambda: _api().add_depends_on(_wrong("Other")),
        "Shop/Api: DependsOn:",
        "depends-on",
    ),
    ("DependsOn itself", _self_dependent, "Shop/Api: DependsOn:", "depends-on"),
    ("deletion policy", _policy, "Shop/Api: DeletionPolicy:", "enum"),
    (
        "removal policy",
        lambda: _api().apply_removal_policy("RetainExceptOnCreate"),
        "Shop/Api: UpdateReplacePolicy:",
        "enum",
    ),
    (
        "from_props",
        lambda: rest_api.RestApi.from_props(_stack(), "Api", _wrong({})),
        "Shop/Api: props:",
        "type",
    ),
    (
        "RawResource type",
        lambda: RawResource(_stack(), "Queue", type="Queue"),
        "Shop/Queue: type:",
        "pattern",
    ),
    (
        "RawResource properties",
        lambda: RawResource(_stack(), "Queue", type="AWS::SQS::Queue", properties=_wrong([])),
        "Shop/Queue: properties:",
        "type",
    ),
    (
        "add_dependency",
        lambda: _stack().node.add_dependency(_wrong("Other")),
        "Shop: targets:",
        "depends-on",
    ),
    (
        "stack dependency",
        lambda: _stack().add_dependency(_wrong(_api())),
        "Shop: stacks:",
        "depends-on",
    ),
    ("aspect", lambda: Aspects.of(_stack()).add(_wrong(object())), "Shop: aspect:", "type"),
    ("Tags.of", lambda: Tags.of(_wrong("Shop")), "Tags.of: scope:", "type"),
    (
        "environment account",
        lambda: Environment(account="1234"),
        "Environment: account:",
        "pattern",
    ),
    ("environment region", lambda: Environment(region="eu"), "Environment: region:", "pattern"),
    ("stack env", lambda: Stack(App(), "Shop", env=_wrong("eu-west-1")), "Shop: env:", "type"),
]


@pytest.mark.parametrize(
    ("build", "start", "rule"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input_is_a_validation_error_naming_its_owner(
    build: Callable[[], object], start: str, rule: str
) -> None:
    """The error starts with the construct path (or Fn function) and the argument, then the rule."""
    with pytest.raises(ValidationError) as caught:
        build()
    assert str(caught.value).startswith(start), str(caught.value)
    assert [p.rule for p in caught.value.problems] == [rule]
    assert f" [{rule}]" in str(caught.value)
