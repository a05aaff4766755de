"""CDK-style wildcard method keys: '/*/*' and '/pets/*' accepted, wildcard path parts refused."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright import ValidationError
from stagewright.stages import MethodOptions, RestStage, Throttle
from tests.constructs.stages._support import rest_app, synth


def _settings(**options: Any) -> list[dict[str, Any]]:
    app, stack, api, release = rest_app()
    RestStage(stack, "Prod", rest_api=api, deployment=release, **options)
    settings: list[dict[str, Any]] = synth(app)["Shop"]["Resources"]["Prod"]["Properties"][
        "MethodSettings"
    ]
    return settings


def test_all_methods_key_is_the_documented_star_star_setting() -> None:
    """'/*/*' becomes ResourcePath '/*' with HttpMethod '*', merged with the stage's options."""
    settings = _settings(
        metrics_enabled=True, method_options={"/*/*": MethodOptions(logging_level="ERROR")}
    )
    assert settings == [
        {"HttpMethod": "*", "LoggingLevel": "ERROR", "MetricsEnabled": True, "ResourcePath": "/*"}
    ]


def test_every_method_of_one_path_is_that_path_with_a_star_method() -> None:
    """'/pets/*' becomes ResourcePath '/~1pets' and HttpMethod '*'; '/*' is the root's."""
    settings = _settings(
        method_options={
            "/pets/{id}/*": MethodOptions(metrics_enabled=True),
            "/*": MethodOptions(metrics_enabled=False),
        }
    )
    assert [(s["ResourcePath"], s["HttpMethod"]) for s in settings] == [
        ("/~1pets~1{id}", "*"),
        ("/", "*"),
    ]


def test_a_method_inherits_its_paths_wildcard_entry_and_the_all_methods_entry() -> None:
    """'/pets/{id}/GET' repeats what '/pets/{id}/*' and '/*/*' set, unless it sets it itself."""
    settings = _settings(
        method_options={
            "/*/*": MethodOptions(logging_level="ERROR"),
            "/pets/{id}/*": MethodOptions(throttle=Throttle(rate_limit=1, burst_limit=2)),
            "/pets/{id}/GET": MethodOptions(metrics_enabled=True),
        }
    )
    get = settings[-1]
    assert (get["ResourcePath"], get["HttpMethod"]) == ("/~1pets~1{id}", "GET")
    assert (get["LoggingLevel"], get["ThrottlingRateLimit"], get["MetricsEnabled"]) == (
        "ERROR",
        1,
        True,
    )


@pytest.mark.parametrize(
    ("key", "hint"),
    [
        ("/*/GET", "use '/*/*', or one key per path"),
        ("/pets/*/GET", "name each path (one key per path)"),
        ("/*/pets/*", "name each path (one key per path)"),
    ],
)
def test_wildcard_path_parts_are_refused(key: str, hint: str) -> None:
    """ResourcePath takes '/*' only with HttpMethod '*', and no wildcard inside a path."""
    _app, stack, api, release = rest_app()
    with pytest.raises(ValidationError) as caught:
        RestStage(
            stack, "Prod", rest_api=api, deployment=release, method_options={key: MethodOptions()}
        )
    assert "has a wildcard path part" in str(caught.value)
    assert str(caught.value).endswith(hint)
    assert stack.node.try_find_child("Prod") is None


def test_a_lower_case_method_after_a_wildcard_path_still_gets_its_hint() -> None:
    """'/pets/get' still suggests '/pets/GET'; an unknown method lists '*' among the methods."""
    _app, stack, api, release = rest_app()
    with pytest.raises(ValidationError, match="did you mean '/pets/GET'"):
        RestStage(
            stack,
            "A",
            rest_api=api,
            deployment=release,
            method_options={"/pets/get": MethodOptions()},
        )
    with pytest.raises(ValidationError, match=r"or \* for all"):
        RestStage(
            stack,
            "B",
            rest_api=api,
            deployment=release,
            method_options={"/pets/FETCH": MethodOptions()},
        )
