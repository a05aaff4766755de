"""Generated property classes and the core value classes are real attrs classes."""

from __future__ import annotations

import copy
import pickle
import weakref
from typing import Any

import attrs
import pytest

from stagewright import App, Problem, Stack, Tagging, ValidationError
from stagewright.generated.aws_apigateway import rest_api
from stagewright.generated.aws_apigateway.stage import CanarySetting, MethodSetting, StageProps
from stagewright.runtime import cfn_fields
from stagewright.synth import Assembly, Message, StackArtifact, synthesize
from stagewright.synth._checks import TemplateProblem


def _props() -> StageProps:
    return StageProps(
        rest_api_id="abc",
        stage_name="prod",
        canary_setting=CanarySetting(percent_traffic=10.0),
        variables={"alias": "v1"},
    )


def test_generated_classes_are_frozen_slotted_attrs_classes() -> None:
    """attrs made the class: has, fields, slots, frozen instances, weak references."""
    cls: type = StageProps
    assert attrs.has(cls)
    assert "__slots__" in vars(cls)
    props = _props()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        props.stage_name = "other"  # type: ignore[misc]
    assert weakref.ref(props)() is props
    names = [a.name for a in attrs.fields(StageProps)]
    assert names == [f.attr for f in cfn_fields(StageProps)]


def test_field_metadata_names_the_cloudformation_property_and_its_kind() -> None:
    """Each attrs field carries its CloudFormation name; required fields have no default."""
    field = attrs.fields(CanarySetting).percent_traffic
    assert cfn_fields(CanarySetting)[1].cfn == "PercentTraffic"
    assert field.default is None
    required: Any = attrs.fields(StageProps).rest_api_id.default
    assert required is attrs.NOTHING
    assert attrs.fields(StageProps).rest_api_id.kw_only


def test_evolve_builds_a_validated_copy() -> None:
    """attrs.evolve goes through __init__, so a bad new value is refused like a fresh one."""
    props = _props()
    changed = attrs.evolve(props, stage_name="beta")
    assert changed.stage_name == "beta"
    assert changed.rest_api_id == "abc"
    canary = CanarySetting(percent_traffic=10.0)
    with pytest.raises(ValidationError, match=r"CanarySetting\.PercentTraffic"):
        attrs.evolve(canary, percent_traffic=500.0)


def test_eq_hash_repr_asdict_and_pickle_come_from_attrs() -> None:
    """Equal fields compare and hash equal; repr, asdict, copy and pickle round-trip."""
    a, b = MethodSetting(http_method="GET"), MethodSetting(http_method="GET")
    assert a == b
    assert hash(a) == hash(b)
    assert a != MethodSetting(http_method="PUT")
    assert repr(a).startswith("MethodSetting(cache_data_encrypted=None,")
    assert attrs.asdict(_props())["canary_setting"]["percent_traffic"] == 10.0
    props = _props()
    assert pickle.loads(pickle.dumps(props)) == props
    assert copy.deepcopy(props) == props


def test_every_problem_of_an_object_is_reported_at_once() -> None:
    """Validation after attrs' __init__ lists every broken rule, with property paths."""
    with pytest.raises(ValidationError) as caught:
        MethodSetting(throttling_burst_limit=-1, logging_level="DEBUG", resource_path="x")  # type: ignore[arg-type]
    assert caught.value.paths == [
        "MethodSetting.LoggingLevel",
        "MethodSetting.ResourcePath",
        "MethodSetting.ThrottlingBurstLimit",
    ]


def test_a_missing_required_field_is_attrs_type_error() -> None:
    """Python's own rule for a missing keyword argument applies to required fields."""
    with pytest.raises(TypeError, match="rest_api_id"):
        StageProps()  # type: ignore[call-arg]


@pytest.mark.parametrize(
    "cls", [Problem, Message, StackArtifact, Assembly, Tagging, TemplateProblem]
)
def test_core_value_classes_use_attrs(cls: type) -> None:
    """The value classes between a construct and a written template are attrs classes too."""
    assert attrs.has(cls)


def test_stack_artifact_repr_does_not_dump_the_template() -> None:
    """An artifact's repr says how big the template is instead of printing its bytes."""
    app = App()
    stack = Stack(app, "Shop")
    rest_api.RestApi(stack, "Api", name="shop")
    artifact = synthesize(app).stack("Shop")
    text = repr(artifact)
    assert "bytes>" in text
    assert '"Resources"' not in text
