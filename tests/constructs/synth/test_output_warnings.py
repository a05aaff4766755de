"""Synthesis warnings about outputs: a value imported from another stack shown again."""

from __future__ import annotations

from stagewright import App, CfnOutput, Fn, Message, Stack
from stagewright.generated.aws_apigateway import rest_api


def _warnings(app: App) -> list[Message]:
    return [m for m in app.synthesize().messages if m.level == "warning"]


def _two_stacks() -> tuple[App, rest_api.RestApi, Stack]:
    app = App()
    api = rest_api.RestApi(Stack(app, "Base"), "Api", name="shop")
    shop = Stack(app, "Shop")
    rest_api.RestApi(shop, "Local", name="local")
    return app, api, shop


def test_an_output_of_another_stacks_resource_is_warned_about() -> None:
    """An output whose value is another stack's attribute (an Fn::ImportValue) is a warning."""
    app, api, shop = _two_stacks()
    CfnOutput(shop, "ApiId", value=api.ref, export_name="shop-api-id")
    (warning,) = _warnings(app)
    outputs = app.synthesize().templates["Shop"]["Outputs"]
    assert outputs["ApiId"]["Value"] == {"Fn::ImportValue": "Base:ExportsOutputRefApi"}
    assert warning.path == "Shop/ApiId"
    assert warning.text == (
        "output ApiId shows a value imported from another stack (Fn::ImportValue "
        "'Base:ExportsOutputRefApi'): an output of an import only repeats an export "
        "(cfn-lint W6001); output the value in stack Base instead, or drop the output"
    )


def test_an_import_inside_the_value_and_a_written_import_are_warned_about() -> None:
    """Fn::ImportValue anywhere in the value counts, an explicit Fn.import_value too."""
    app, api, shop = _two_stacks()
    url = Fn.join("", ["https://", api.ref, ".execute-api"])
    CfnOutput(shop, "Url", value=url)
    CfnOutput(shop, "Legacy", value=Fn.import_value("legacy-api-id"))
    legacy, url_warning = _warnings(app)
    assert url_warning.path == "Shop/Url"
    assert "in stack Base instead" in url_warning.text
    assert legacy.path == "Shop/Legacy"
    assert "(Fn::ImportValue 'legacy-api-id')" in legacy.text
    assert "in the exporting stack instead" in legacy.text


def test_outputs_of_the_stacks_own_values_are_not_warned_about() -> None:
    """A stack's own resources in its outputs, and the exports synthesis adds, warn nothing."""
    app, api, shop = _two_stacks()
    CfnOutput(api.stack, "ApiId", value=api.ref, export_name="api-id")
    rest_api.RestApi(shop, "Uses", name=Fn.join("-", [api.ref, "x"]))
    assert _warnings(app) == []
    assert "ExportsOutputRefApi" in app.synthesize().templates["Base"]["Outputs"]
