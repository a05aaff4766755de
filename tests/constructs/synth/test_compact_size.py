"""The 1 MB template limit is measured on the compact JSON deploy sends, not the indented file."""

from __future__ import annotations

import json

import pytest

from stagewright import App, RawResource, Stack, SynthesisError
from stagewright.synth._checks import MAX_TEMPLATE_BYTES
from stagewright.synth._encode import dumps_compact_bytes


def _app(items: int) -> App:
    app = App()
    stack = Stack(app, "Shop")
    nested = [{"k": ["v" * 8]} for _ in range(items)]  # indentation more than doubles it
    RawResource(stack, "Topic", type="AWS::SNS::Topic").metadata["Nested"] = nested
    return app


def test_compact_bytes_are_json_with_no_spaces_and_sorted_keys() -> None:
    """Parsing gives the template back; nothing between tokens; keys sorted."""
    template = {"b": [1, {"d": "é\u0085", "c": None}], "a": 1.5}
    data = dumps_compact_bytes(template)
    assert data == '{"a":1.5,"b":[1,{"c":null,"d":"é\\u0085"}]}'.encode()
    assert json.loads(data) == template


def test_an_indented_template_over_1_mb_that_is_under_it_compact_synthesizes() -> None:
    """Over 1 MB indented, under it compact: accepted (deploy sends the compact form)."""
    artifact = _app(40_000).synthesize().stack("Shop")
    assert len(artifact.data) > MAX_TEMPLATE_BYTES
    assert len(dumps_compact_bytes(artifact.template)) < MAX_TEMPLATE_BYTES


def test_a_template_over_1_mb_compact_is_refused() -> None:
    """Over 1 MB as compact JSON: a synthesis error giving the compact size."""
    with pytest.raises(SynthesisError) as caught:
        _app(60_000).synthesize()
    (problem,) = caught.value.problems
    assert problem.startswith("Shop (template): is 1,")
    assert problem.endswith(
        " bytes (compact JSON, as deploy sends it); CloudFormation accepts at most 1,048,576"
    )
