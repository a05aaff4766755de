"""Errors survive pickling (a worker process raising one hands it back intact)."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import pytest

from stagewright import App, RawIntrinsic, Stack, ValidationError
from stagewright.generated.aws_apigateway import stage
from stagewright.synth._synth import SynthesisError
from stagewright.template._include import TemplateImportError, stack_from_template


def _validation() -> None:
    stage.CanarySetting(percent_traffic=500)


def _synthesis() -> None:
    app = App()
    stage.Stage(Stack(app, "Shop"), "Prod", rest_api_id=RawIntrinsic({"Ref": "Gone"}))
    app.synthesize()


def _import() -> None:
    stack_from_template(App(), "Legacy", {"Resources": {"Bad-Id": {"Type": "A::B::C"}}})


@pytest.mark.parametrize(
    ("raise_it", "kind"),
    [
        (_validation, ValidationError),
        (_synthesis, SynthesisError),
        (_import, TemplateImportError),
    ],
)
def test_error_survives_pickling(raise_it: Callable[[], None], kind: type[Exception]) -> None:
    """Type, message, problems (and an import's source) come back from pickle unchanged."""
    with pytest.raises(kind) as caught:
        raise_it()
    back = pickle.loads(pickle.dumps(caught.value))
    assert type(back) is kind
    assert str(back) == str(caught.value)
    assert back.problems == caught.value.problems  # type: ignore[attr-defined]
    assert vars(back) == vars(caught.value)
