"""collect_messages: synthesis messages, errors included, without raising."""

from __future__ import annotations

import pytest

from stagewright import Annotations, App, RawResource, Stack, SynthesisError
from stagewright.synth._synth import Message, collect_messages


def _app() -> tuple[App, Stack]:
    app = App()
    stack = Stack(app, "Only")
    RawResource(stack, "Topic", type="AWS::SNS::Topic")
    return app, stack


def test_collect_messages_returns_errors_instead_of_raising() -> None:
    """An annotation error comes back as an error Message with its path, beside the warnings."""
    app, stack = _app()
    topic = stack.node.find_child("Topic")
    Annotations.of(topic).add_warning("careful")
    Annotations.of(topic).add_error("broken: really")
    messages, error = collect_messages(app)
    assert messages == [
        Message("warning", "Only/Topic", "careful"),
        Message("error", "Only/Topic", "broken: really"),
    ]
    assert isinstance(error, SynthesisError)
    assert error.problems == ("Only/Topic: broken: really",)
    with pytest.raises(SynthesisError):
        app.synthesize()  # synthesize itself still raises


def test_collect_messages_attributes_problems_to_the_longest_path() -> None:
    """A problem found while rendering goes to the construct whose path starts its line."""
    app, stack = _app()
    RawResource(stack, "Sub", type="AWS::SNS::Topic", properties={"TopicName": {"Ref": "Nope"}})
    messages, error = collect_messages(app)
    assert error is not None
    assert error.problems[0].startswith("Only/Sub (Resources.Sub.Properties.TopicName): Ref to")
    assert messages == [
        Message(
            "error",
            "Only/Sub",
            "Ref to 'Nope', which is not a resource, parameter or pseudo parameter",
        )
    ]
    Stack(app, "Later")  # the tree is unlocked again


def test_collect_messages_puts_app_problems_at_the_root() -> None:
    """An error of the app itself has the empty path."""
    app, _ = _app()
    Annotations.of(app).add_error("app-wide")
    assert collect_messages(app)[0] == [Message("error", "", "app-wide")]


def test_collect_messages_of_a_good_app() -> None:
    """Without problems, the messages are the assembly's and there is no error."""
    app, stack = _app()
    Annotations.of(stack).add_info("note")
    assert collect_messages(app) == ([Message("info", "Only", "note")], None)
