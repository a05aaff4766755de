"""testing.Annotations: warnings, errors and notes of a stack, even when synthesis fails."""

from __future__ import annotations

import pytest

from stagewright import Annotations as CoreAnnotations
from stagewright import App, Construct, Stack, SynthesisError
from stagewright.generated.aws_apigateway.stage import Stage
from stagewright.testing import Annotations, Match
from tests.testing.conftest import build_shop


def test_warnings_and_notes_from_the_escape_hatch(shop: Stack) -> None:
    """An unknown property set by override warns; the override itself is noted (info)."""
    prod = shop.node.find_child("Prod")
    assert isinstance(prod, Stage)
    prod.add_property_override("FutureSetting", True)
    annotations = Annotations.from_stack(shop)
    annotations.has_warning(
        "ShopApi/Prod",
        "escape hatch: Properties.FutureSetting is not in the AWS::ApiGateway::Stage schema; "
        "it is passed through as written",
    )
    annotations.has_warning("*", Match.string_like_regexp("FutureSetting"))
    annotations.has_no_error()
    annotations.has_no_info()  # the override is reported as the warning only
    assert annotations.synthesis_error is None


def test_messages_added_with_core_annotations(shop: Stack) -> None:
    """Warnings and notes added with stagewright.Annotations.of are found by path and text."""
    CoreAnnotations.of(shop.node.find_child("Dev")).add_warning("dev has no canary")
    CoreAnnotations.of(shop).add_info("built by the test")
    annotations = Annotations.from_stack(shop)
    annotations.has_warning("/ShopApi/Dev", "dev has no canary")  # a leading / is allowed
    annotations.has_info("ShopApi", "built by the test")
    annotations.has_no_warning("ShopApi/Prod")
    assert [(m.path, m.text) for m in annotations.find_warnings("ShopApi/*")] == [
        ("ShopApi/Dev", "dev has no canary")
    ]
    assert annotations.find_infos("*", "other") == []


def test_errors_are_collected_although_synthesis_fails(shop: Stack) -> None:
    """An error fails synthesis, yet from_stack returns it (and the warnings before it)."""
    CoreAnnotations.of(shop.node.find_child("Prod")).add_warning("check the canary")
    CoreAnnotations.of(shop.node.find_child("Prod")).add_error("no canary: set canary_setting")
    annotations = Annotations.from_stack(shop)
    annotations.has_error("ShopApi/Prod", "no canary: set canary_setting")
    annotations.has_warning("ShopApi/Prod", "check the canary")
    assert isinstance(annotations.synthesis_error, SynthesisError)
    with pytest.raises(AssertionError) as caught:
        annotations.has_no_error()
    assert str(caught.value) == (
        "stack 'ShopApi' has 1 error at '*', expected none:\n"
        "  ShopApi/Prod: no canary: set canary_setting"
    )


def test_synthesis_problems_are_errors_of_the_construct_they_name() -> None:
    """A reference problem found while rendering is an error at the referring construct's path."""
    other = build_shop(App(), "Other")
    app = App()
    stack = build_shop(app)
    Stage(stack, "Stray", rest_api_id=other.node.find_child("Api").ref)  # type: ignore[attr-defined]
    (error,) = Annotations.from_stack(stack).find_errors()
    assert error.path == "ShopApi/Stray"
    assert error.text.startswith("references 'Other/Api' (RestApi), which belongs to another app")


def test_only_the_stack_s_own_messages(shop: Stack) -> None:
    """Messages of another stack or of the app are not the stack's."""
    app = shop.node.root
    assert isinstance(app, App)
    other = build_shop(app, "Other")
    CoreAnnotations.of(other).add_warning("not mine")
    CoreAnnotations.of(app).add_warning("app-wide")
    assert Annotations.from_stack(shop).messages == ()
    assert [m.text for m in Annotations.from_stack(other).messages] == ["not mine"]


def test_has_warning_failure_lists_the_warnings_there_are(shop: Stack) -> None:
    """A missing warning is reported with what was looked for and every warning found."""
    CoreAnnotations.of(shop.node.find_child("Dev")).add_warning("dev has no canary")
    annotations = Annotations.from_stack(shop)
    with pytest.raises(AssertionError) as caught:
        annotations.has_warning("ShopApi/Prod", Match.string_like_regexp("canary"))
    assert str(caught.value) == (
        "stack 'ShopApi' has no warning at 'ShopApi/Prod' matching "
        "Match.string_like_regexp('canary'); its warnings:\n  ShopApi/Dev: dev has no canary"
    )
    with pytest.raises(
        AssertionError, match=r"^stack 'ShopApi' has no error at '\*' matching 'x'$"
    ):
        annotations.has_error("*", "x")
    with pytest.raises(AssertionError, match="has 1 warning at 'ShopApi/Dev', expected none:"):
        annotations.has_no_warning("ShopApi/Dev")


def test_from_stack_needs_an_app() -> None:
    """A stack outside an App cannot be synthesized; from_stack says so."""
    root = Construct(None, "")
    stack = Stack(root, "Loose")
    with pytest.raises(TypeError, match="is not in an App"):
        Annotations.from_stack(stack)
