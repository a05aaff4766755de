"""Logical IDs: derived from the construct path, stable, pinnable, and unique per stack."""

from __future__ import annotations

import hashlib
import re

import pytest

from stagewright import (
    App,
    CfnCondition,
    CfnParameter,
    Construct,
    Fn,
    RawResource,
    Stack,
    SynthesisError,
    TreeError,
)
from stagewright.core._logical_ids import check_logical_id, make_logical_id
from stagewright.generated.aws_apigateway import rest_api, stage
from stagewright.synth._checks import check_limits

_HASHED = re.compile(r"[A-Za-z0-9]*[0-9A-F]{8}\Z")


def _hash(path: str) -> str:
    """The 8 upper-case hex digits CDK appends: MD5 of the path below the stack."""
    return hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()[:8].upper()


def _api(scope: Construct, id: str) -> rest_api.RestApi:
    return rest_api.RestApi(scope, id, name="shop")


def test_top_level_element_keeps_its_id() -> None:
    """An element created directly in a stack is named by its id, as an imported template is."""
    stack = Stack(App(), "S")
    assert _api(stack, "Api").logical_id == "Api"
    assert "Api" in stack.to_template()["Resources"]


def test_top_level_id_loses_non_alphanumerics() -> None:
    """Hyphens, underscores, dots and spaces are removed from a top-level id."""
    stack = Stack(App(), "S")
    assert _api(stack, "Prod-Stage_v1.2 x").logical_id == "ProdStagev12x"


def test_nested_path_gives_readable_part_and_hash() -> None:
    """A nested element is named by its path components followed by 8 upper-case hex digits."""
    stack = Stack(App(), "S")
    api = _api(Construct(Construct(stack, "Shop"), "public-api"), "Prod")
    assert api.logical_id == "ShoppublicapiProd" + _hash("Shop/public-api/Prod")
    assert _HASHED.match(api.logical_id)
    assert api.logical_id in stack.to_template()["Resources"]


def test_the_stack_and_app_are_not_part_of_the_id() -> None:
    """Only the path below the stack counts: the same layout in another stack gets the same ID."""
    app = App()
    first = _api(Construct(Stack(app, "First"), "Group"), "Api")
    second = _api(Construct(Stack(Construct(app, "Region"), "Second"), "Group"), "Api")
    assert first.logical_id == second.logical_id == "GroupApi" + _hash("Group/Api")


def test_default_child_keeps_the_id_of_the_resource_it_wraps() -> None:
    """Wrapping a resource in a construct as its ``Default`` child does not rename it."""
    before = _api(Stack(App(), "S"), "Api")
    after = _api(Construct(Stack(App(), "S"), "Api"), "Default")
    assert after.logical_id == before.logical_id == "Api"
    nested_before = _api(Construct(Stack(App(), "S"), "Group"), "Api")
    wrapper = Construct(Construct(Stack(App(), "S"), "Group"), "Api")
    nested_after = _api(wrapper, "Default")
    assert nested_after.logical_id == nested_before.logical_id


def test_default_in_the_middle_is_skipped_in_hash_and_name() -> None:
    """A ``Default`` component anywhere on the path is left out entirely."""
    plain = _api(Construct(Stack(App(), "S"), "A"), "B")
    middle = Construct(Construct(Stack(App(), "S"), "A"), "Default")
    assert _api(middle, "B").logical_id == plain.logical_id


def test_resource_component_is_dropped_from_the_readable_part_only() -> None:
    """``Api/Resource`` reads as ``Api`` but is hashed with ``Resource``, unlike a plain ``Api``."""
    stack = Stack(App(), "S")
    inner = _api(Construct(stack, "Api"), "Resource")
    assert inner.logical_id == "Api" + _hash("Api/Resource")
    assert inner.logical_id != _api(stack, "Api2").logical_id


def test_consecutive_repeats_are_read_once() -> None:
    """``Api/Api`` reads as ``Api``; the hash still covers both components."""
    stack = Stack(App(), "S")
    assert _api(Construct(stack, "Api"), "Api").logical_id == "Api" + _hash("Api/Api")


def test_paths_with_the_same_readable_part_differ_by_hash() -> None:
    """``A/BC`` and ``AB/C`` read the same but get different IDs."""
    stack = Stack(App(), "S")
    one = _api(Construct(stack, "A"), "BC")
    two = _api(Construct(stack, "AB"), "C")
    assert one.logical_id[:-8] == two.logical_id[:-8] == "ABC"
    assert one.logical_id != two.logical_id
    stack.to_template()


def test_ids_are_stable_when_siblings_are_added_or_removed() -> None:
    """An element's ID depends only on its own path, not on what else is in the tree."""

    def build(extra: list[str]) -> dict[str, str]:
        app = App()
        stack = Stack(app, "S")
        for name in extra:
            _api(Construct(stack, name), "Api")
            _api(stack, name + "Top")
        group = Construct(stack, "Group")
        kept = [_api(group, "Kept"), _api(stack, "KeptTop"), _api(Construct(group, "Deep"), "X")]
        for name in extra:
            _api(group, name)
        app.synthesize()
        return {r.node.path: r.logical_id for r in kept}

    assert build([]) == build(["Before", "After", "Zebra"])


def test_ids_are_capped_at_255_characters() -> None:
    """Very long ids become valid logical IDs of at most 255 characters."""
    stack = Stack(App(), "S")
    long_top = _api(stack, "A" * 300)
    long_nested = _api(Construct(stack, "B" * 200), "C" * 200)
    for element in (long_top, long_nested):
        assert check_logical_id(element.logical_id) is None
        assert len(element.logical_id) <= 255
    assert long_top.logical_id != long_nested.logical_id
    stack.to_template()


def test_id_with_no_alphanumerics_still_gets_a_valid_id() -> None:
    """A top-level id that cleans to nothing is named by its hash alone."""
    stack = Stack(App(), "S")
    odd = _api(stack, "--")
    assert odd.logical_id == _hash("--")
    stack.to_template()


def test_a_path_of_only_default_has_no_id() -> None:
    """A path made only of ``Default`` components cannot name an element."""
    with pytest.raises(ValueError, match="other than 'Default'"):
        make_logical_id(["Default"])


# -- override_logical_id


def test_override_logical_id_pins_the_id_everywhere() -> None:
    """A pinned ID is used for the entry and for every reference to it."""
    app = App()
    stack = Stack(app, "S")
    api = _api(Construct(stack, "Group"), "Api")
    api.override_logical_id("LegacyApi")
    stage.Stage(stack, "Prod", rest_api_id=api.ref, description=api.attr_root_resource_id)
    template = app.synthesize().templates["S"]
    assert set(template["Resources"]) == {"LegacyApi", "Prod"}
    assert template["Resources"]["Prod"]["Properties"] == {
        "RestApiId": {"Ref": "LegacyApi"},
        "Description": {"Fn::GetAtt": ["LegacyApi", "RootResourceId"]},
    }


@pytest.mark.parametrize(
    ("logical_id", "reason"),
    [
        ("my-api", "only the letters A-Z, a-z and digits"),
        ("", "must be non-empty"),
        ("Api!", "only the letters"),
        ("Ünï", "only the letters"),
        ("A" * 256, "at most 255 characters long"),
    ],
)
def test_override_logical_id_is_validated(logical_id: str, reason: str) -> None:
    """A pinned ID must be 1-255 ASCII letters and digits; the error names the construct path."""
    api = _api(Construct(Stack(App(), "S"), "G"), "Api")
    before = api.logical_id
    with pytest.raises(ValueError, match=f"S/G/Api: logical_id: a logical ID .*{reason}"):
        api.override_logical_id(logical_id)
    assert api.logical_id == before


def test_override_logical_id_accepts_255_characters() -> None:
    """255 characters is the longest logical ID CloudFormation takes."""
    stack = Stack(App(), "S")
    api = _api(stack, "Api")
    api.override_logical_id("A" * 255)
    assert list(stack.to_template()["Resources"]) == ["A" * 255]


def test_override_logical_id_is_refused_during_synthesis() -> None:
    """Renaming an element while the tree is being synthesized is a TreeError."""
    app = App()
    stack = Stack(app, "S")
    api = _api(stack, "Api")
    errors: list[str] = []

    def rename() -> list[str]:
        try:
            api.override_logical_id("Renamed")
        except TreeError as exc:
            errors.append(str(exc))
        return []

    stack.node.add_validation(rename)
    assert list(app.synthesize().templates["S"]["Resources"]) == ["Api"]
    assert errors == ["cannot change the logical ID of 'S/Api' during synthesis"]


# -- collisions


def test_cleaned_ids_that_collide_are_a_synthesis_error_naming_both_paths() -> None:
    """``my-api`` and ``myapi`` both become ``myapi``; synthesis names both and suggests pinning."""
    app = App()
    stack = Stack(app, "S")
    _api(stack, "my-api")
    _api(stack, "myapi")
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    assert caught.value.problems == (
        "S/myapi: logical ID 'myapi' is already used by 'S/my-api' in stack 'S'; "
        "pin another one with override_logical_id",
    )


def test_pinned_id_colliding_with_a_derived_one_is_an_error() -> None:
    """Pinning an ID another element already has is reported at synthesis."""
    app = App()
    stack = Stack(app, "S")
    _api(stack, "Api")
    other = _api(Construct(stack, "G"), "Other")
    other.override_logical_id("Api")
    with pytest.raises(
        SynthesisError, match="S/G/Other: logical ID 'Api' is already used by 'S/Api'"
    ):
        app.synthesize()


def test_resource_and_parameter_cannot_share_a_logical_id() -> None:
    """Ref cannot tell them apart, so a resource and a parameter with one ID is an error."""
    app = App()
    stack = Stack(app, "S")
    CfnParameter(stack, "Name")
    _api(Construct(stack, "G"), "Api").override_logical_id("Name")
    with pytest.raises(
        SynthesisError, match="S/G/Api: logical ID 'Name' is already used by 'S/Name'"
    ):
        app.synthesize()


def test_sections_other_than_refs_keep_separate_names() -> None:
    """A condition may share its name with a resource: they live in different namespaces."""
    app = App()
    stack = Stack(app, "S")
    CfnCondition(stack, "IsApi", expression=Fn.equals("a", "b")).override_logical_id("Api")
    _api(stack, "Api")
    template = app.synthesize().templates["S"]
    assert list(template["Conditions"]) == ["Api"]
    assert list(template["Resources"]) == ["Api"]


def test_same_id_in_two_stacks_is_fine() -> None:
    """Logical IDs only need to be unique within their stack."""
    app = App()
    _api(Stack(app, "One"), "Api")
    _api(Stack(app, "Two"), "Api")
    templates = app.synthesize().templates
    assert list(templates["One"]["Resources"]) == list(templates["Two"]["Resources"]) == ["Api"]


# -- raw templates


def test_check_limits_reports_bad_logical_ids_of_a_raw_template() -> None:
    """Template checks flag logical IDs with bad characters or over 255 characters, per section."""
    long_id = "R" * 256
    template = {
        "Parameters": {"bad_param": {"Type": "String"}},
        "Resources": {
            "my-api": {"Type": "Custom::X"},
            long_id: {"Type": "Custom::X"},
            "Fine1": {"Type": "Custom::X"},
        },
        "Outputs": {"Out.Put": {"Value": "x"}},
    }
    problems = {(p.section, p.logical_id): p.message for p in check_limits(template)}
    assert set(problems) == {
        ("Parameters", "bad_param"),
        ("Resources", "my-api"),
        ("Resources", long_id),
        ("Outputs", "Out.Put"),
    }
    assert "only the letters A-Z, a-z and digits 0-9" in problems[("Resources", "my-api")]
    assert "at most 255 characters long (256)" in problems[("Resources", long_id)]


def test_raw_resource_keeps_a_top_level_id() -> None:
    """Resources of any type follow the same naming rule."""
    stack = Stack(App(), "S")
    raw = RawResource(stack, "Fn_1", type="AWS::SQS::Queue", properties={})
    assert raw.logical_id == "Fn1"


_TRICKY_IDS = ["a", "Z9", "", "a-b", "a_b", "a b", "a\n", "é", "a²", "\uff41", "\u0663", "A" * 300]


@pytest.mark.parametrize("text", _TRICKY_IDS)
def test_logical_id_syntax_is_exactly_ascii_letters_and_digits(text: str) -> None:
    """Valid logical IDs are ``[A-Za-z0-9]+``: no Unicode letters or digits, no empty ID."""
    valid = re.fullmatch(r"[A-Za-z0-9]+", text) is not None and len(text) <= 255
    assert (check_logical_id(text) is None) is valid
