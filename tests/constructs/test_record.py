"""Classes that write out attrs' methods (generated classes, ``Record``) behave as attrs'."""

from __future__ import annotations

import pickle

import attrs
import pytest

from stagewright import App, Stack, Tagging
from stagewright._assembly import Message
from stagewright.generated.aws_apigateway import stage


def test_generated_classes_compare_hash_and_print_like_attrs() -> None:
    a = stage.MethodSetting(http_method="GET", resource_path="/x")
    same = stage.MethodSetting(http_method="GET", resource_path="/x")
    other = stage.MethodSetting(http_method="POST", resource_path="/x")
    assert a == same
    assert hash(a) == hash(same)
    assert a != other
    assert a.__eq__(stage.Tag(key="k", value="v")) is NotImplemented
    assert repr(stage.Tag(key="k", value="v")) == "Tag(key='k', value='v')"
    assert repr(a).startswith("MethodSetting(cache_data_encrypted=None, ")
    assert "http_method='GET'" in repr(a)


def test_generated_classes_stay_frozen_attrs_classes() -> None:
    tag = stage.Tag(key="k", value="v")
    assert [f.name for f in attrs.fields(stage.Tag)] == ["key", "value"]
    assert attrs.evolve(tag, value="w") == stage.Tag(key="k", value="w")
    assert attrs.asdict(tag) == {"key": "k", "value": "v"}
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        tag.key = "other"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(tag)) == tag
    assert not hasattr(tag, "__dict__")  # slotted


def test_evolve_validates_like_construction() -> None:
    tag = stage.Tag(key="k", value="v")
    with pytest.raises(ValueError, match=r"Tag.Key: .*\[minLength\]"):
        attrs.evolve(tag, key="")


def test_a_list_field_makes_the_hash_fail_as_with_attrs() -> None:
    setting = stage.CanarySetting(stage_variable_overrides={"a": "b"})
    with pytest.raises(TypeError, match="unhashable"):
        hash(setting)


def test_records_compare_by_class_and_fields() -> None:
    message = Message("warning", "A/B", "careful")
    assert message == Message("warning", "A/B", "careful")
    assert message != Message("warning", "A/B", "other")
    assert len({message, Message("warning", "A/B", "careful")}) == 1
    assert repr(message) == "Message(level='warning', path='A/B', text='careful')"
    assert Tagging(taggable=True) == Tagging(taggable=True)
    assert Tagging(taggable=True) != Tagging(taggable=False)


def test_artifact_template_is_the_file_read_back() -> None:
    app = App()
    stack = Stack(app, "S")
    stage.Stage(stack, "Prod", rest_api_id="api", tags=[stage.Tag(key="k", value="v")])
    artifact = app.synthesize().stack("S")
    assert artifact.resources == 1
    template = artifact.template
    assert template is artifact.template  # parsed once
    assert template["Resources"]["Prod"]["Properties"] == {
        "RestApiId": "api",
        "Tags": [{"Key": "k", "Value": "v"}],
    }
    assert artifact.body.endswith("}\n")
