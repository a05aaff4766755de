"""``stagewright.stages`` imports each construct's module, and its generated types, on first use."""

from __future__ import annotations

import subprocess
import sys

import pytest

import stagewright.stages


def _generated_after(statement: str) -> set[str]:
    """Return the generated modules a fresh interpreter has imported after ``statement``."""
    code = f"{statement}\nimport sys\nprint(*sorted(m for m in sys.modules if '.generated.' in m))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    return set(out.split())


def test_importing_the_package_imports_no_generated_type() -> None:
    """``import stagewright.stages`` alone builds no attrs class of any generated module."""
    assert _generated_after("import stagewright.stages") == set()


def test_a_rest_app_does_not_import_the_http_and_websocket_types() -> None:
    """REST stages import the REST family's types (and logs, IAM), not ApiGatewayV2's."""
    found = _generated_after("from stagewright.stages import LoggedProductionStage")
    assert "stagewright.generated.aws_apigateway.stage" in found
    assert not {m for m in found if "aws_apigatewayv2" in m}


@pytest.mark.parametrize("name", stagewright.stages.__all__)
def test_every_public_name_resolves_and_is_listed(name: str) -> None:
    """Each name of ``__all__`` can be imported, and ``dir()`` lists it."""
    assert getattr(stagewright.stages, name) is not None
    assert name in dir(stagewright.stages)


def test_an_unknown_name_is_an_attribute_error() -> None:
    """A misspelt name fails as attribute access does."""
    with pytest.raises(AttributeError, match="LoggedProdStage"):
        _ = stagewright.stages.LoggedProdStage  # type: ignore[attr-defined]
