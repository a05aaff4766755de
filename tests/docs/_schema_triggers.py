"""Code that raises each schema-rule error of docs/errors.md; each returns the message line."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import attrs

from stagewright import App, Stack, ValidationError
from stagewright.generated.aws_apigateway import rest_api
from stagewright.generated.aws_apigateway import stage as rest
from stagewright.generated.aws_iam import role
from stagewright.runtime import CfnProperty, Rule, prop
from stagewright.runtime import kinds as _k

Trigger = Callable[[Path], str]


@attrs.frozen(kw_only=True)
class Example(CfnProperty):
    """A class with the rules no vendored type uses (exclusive bounds, item/key counts, oneOf)."""

    __cfn_name__: ClassVar[str] = "Example"
    __cfn_rules__: ClassVar[tuple[Rule, ...]] = (Rule("oneOf", [["SourceArn"], ["SourceName"]]),)

    ratio: float | None = attrs.field(
        default=None, metadata=prop("Ratio", _k.number(exclusive_minimum=0))
    )
    weight: float | None = attrs.field(
        default=None, metadata=prop("Weight", _k.number(exclusive_maximum=1))
    )
    names: Sequence[str] | None = attrs.field(
        default=None, metadata=prop("Names", _k.list_of(_k.string(), min_items=1))
    )
    labels: Mapping[str, str] | None = attrs.field(
        default=None,
        metadata=prop(
            "Labels", _k.map_of([(None, _k.string())], min_properties=1, max_properties=2)
        ),
    )
    source_arn: str | None = attrs.field(default=None, metadata=prop("SourceArn", _k.string()))
    source_name: str | None = attrs.field(default=None, metadata=prop("SourceName", _k.string()))


@attrs.frozen(kw_only=True)
class Either(CfnProperty):
    """A class with an ``anyOf`` and an ``allOf`` presence rule."""

    __cfn_name__: ClassVar[str] = "Either"
    __cfn_rules__: ClassVar[tuple[Rule, ...]] = (
        Rule("anyOf", [["A"], ["B"]]),
        Rule("allOf", [["C"], Rule("oneOf", [["A"], ["B"]])]),
    )

    a: str | None = attrs.field(default=None, metadata=prop("A", _k.string()))
    b: str | None = attrs.field(default=None, metadata=prop("B", _k.string()))
    c: str | None = attrs.field(default=None, metadata=prop("C", _k.string()))


_BACKTRACKING = (
    r"cron\((\b[0-5]?[0-9]\b) (\b2[0-3]\b|\b[0-1]?[0-9]\b) (.*){1,5} (.*){1,5} "
    r"(.*){1,5} (.*){1,5}\)"
)


@attrs.frozen(kw_only=True)
class DataSource(CfnProperty):
    """A class with AWS::DataZone::DataSource's schedule pattern, which backtracks."""

    __cfn_name__: ClassVar[str] = "DataSource"

    schedule: str | None = attrs.field(
        default=None, metadata=prop("Schedule", _k.string(pattern=_BACKTRACKING))
    )


def wrong(value: object) -> Any:
    """Hand a deliberately wrong value past mypy."""
    return value


def problem(build: Callable[[], object], index: int = 0) -> str:
    """Run ``build``; return the text of its ValidationError's problem ``index``."""
    try:
        build()
    except ValidationError as exc:
        return str(exc.problems[index])
    raise AssertionError("no ValidationError")


def heading(build: Callable[[], object]) -> str:
    """Run ``build``; return the first line of its ValidationError's message."""
    try:
        build()
    except ValidationError as exc:
        return str(exc).splitlines()[0]
    raise AssertionError("no ValidationError")


SCHEMA: dict[str, Trigger] = {
    "type": lambda _: problem(lambda: rest.MethodSetting.from_cfn({"CachingEnabled": "yes"})),
    "type-fn-if": lambda _: problem(
        lambda: rest.MethodSetting.from_cfn({"CachingEnabled": {"Fn::If": ["C", "yes", False]}})
    ),
    "type-null": lambda _: problem(lambda: rest.MethodSetting.from_cfn({"CachingEnabled": None})),
    "null": lambda _: problem(
        lambda: rest_api.RestApiProps(body={"openapi": "3.0.1", "info": {"title": None}})
    ),
    "type-nested": lambda _: problem(
        lambda: rest.StageProps(rest_api_id="a", canary_setting=wrong({"PercentTraffic": 5}))
    ),
    "type-function": lambda _: problem(
        lambda: rest.StageProps.from_cfn({"RestApiId": {"Fn::Sbu": "${Api}"}})
    ),
    "type-properties": lambda _: problem(lambda: rest.StageProps.from_cfn(wrong(["RestApiId"]))),
    "type-finite": lambda _: problem(lambda: rest.CanarySetting(percent_traffic=float("nan"))),
    "type-key": lambda _: problem(
        lambda: rest.StageProps(rest_api_id="a", variables=wrong({1: "one"}))
    ),
    "enum": lambda _: problem(lambda: rest.MethodSetting(logging_level=wrong("ERRORS"))),
    "enum-case": lambda _: problem(lambda: rest.MethodSetting(logging_level=wrong("info"))),
    "pattern": lambda _: problem(lambda: rest.MethodSetting(resource_path="pets")),
    "pattern-timeout": lambda _: problem(lambda: DataSource(schedule="cron(1 1 " + " " * 100)),
    "minimum": lambda _: problem(lambda: rest.CanarySetting(percent_traffic=-5)),
    "maximum": lambda _: problem(lambda: rest.CanarySetting(percent_traffic=500)),
    "exclusiveMinimum": lambda _: problem(lambda: Example(ratio=0)),
    "exclusiveMaximum": lambda _: problem(lambda: Example(weight=1.5)),
    "minLength": lambda _: problem(lambda: rest.Tag(key="", value="v")),
    "maxLength": lambda _: problem(lambda: rest.Tag(key="k" * 129, value="v")),
    "minItems": lambda _: problem(lambda: Example(names=[])),
    "maxItems": lambda _: problem(
        lambda: role.RoleProps(
            assume_role_policy_document={},
            tags=[role.Tag(key=f"k{i}", value="v") for i in range(51)],
        )
    ),
    "uniqueItems": lambda _: problem(
        lambda: rest.StageProps(
            rest_api_id="a",
            method_settings=[rest.MethodSetting(http_method="GET", resource_path="/")] * 2,
        )
    ),
    "minProperties": lambda _: problem(lambda: Example(labels={})),
    "maxProperties": lambda _: problem(lambda: Example(labels={"a": "1", "b": "2", "c": "3"})),
    "patternProperties": lambda _: problem(
        lambda: rest.StageProps(rest_api_id="a", variables={"api-url": "https://x"})
    ),
    "required": lambda _: problem(lambda: rest.Tag.from_cfn({"Key": "team"})),
    "additionalProperties": lambda _: problem(
        lambda: rest.Tag.from_cfn({"Key": "team", "Value": "api", "Vaule": "api"})
    ),
    "attribute": lambda _: problem(
        lambda: rest_api.RestApi(Stack(App(), "Shop"), "Api", name="shop").get_att("RootResourceID")
    ),
    "oneOf": lambda _: problem(lambda: Example(source_arn="arn:x", source_name="x")),
    "anyOf": lambda _: problem(lambda: Either(c="x")),
    "allOf": lambda _: problem(lambda: Either(a="x", b="y", c="z")),
    "several": lambda _: heading(
        lambda: rest.StageProps.from_cfn({"TracingEnabled": "yes", "Varibles": {}})
    ),
}
