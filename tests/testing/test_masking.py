"""mask_template: volatile values by JSON path, volatile logical IDs renamed everywhere."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright.testing import MASKED, mask_template


def template() -> dict[str, Any]:
    """Return a template with an asset key, a hashed deployment ID and references to it."""
    return {
        "Resources": {
            "Api": {
                "Type": "AWS::ApiGateway::RestApi",
                "Properties": {"BodyS3Location": {"Bucket": "assets", "Key": "3f2a9c.json"}},
            },
            "DeploymentA1B2C3D4": {"Type": "AWS::ApiGateway::Deployment"},
            "Prod": {
                "Type": "AWS::ApiGateway::Stage",
                "DependsOn": ["DeploymentA1B2C3D4"],
                "Properties": {
                    "DeploymentId": {"Ref": "DeploymentA1B2C3D4"},
                    "Variables": {"build.id": "42", "GET /pets": "x"},
                    "MethodSettings": [{"HttpMethod": "*"}, {"HttpMethod": "GET"}],
                },
            },
        },
        "Outputs": {
            "Id": {"Value": {"Fn::GetAtt": ["DeploymentA1B2C3D4", "DeploymentId"]}},
            "Url": {"Value": {"Fn::Sub": "${DeploymentA1B2C3D4}/${DeploymentA1B2C3D4.Id}/${Api}"}},
            "Short": {"Value": {"Fn::GetAtt": "DeploymentA1B2C3D4.DeploymentId"}},
        },
    }


def test_a_value_path_masks_with_the_default_placeholder() -> None:
    """A listed path replaces that value with "<masked>" and leaves the rest alone."""
    masked = mask_template(template(), ["Resources.Api.Properties.BodyS3Location.Key"])
    assert masked["Resources"]["Api"]["Properties"]["BodyS3Location"] == {
        "Bucket": "assets",
        "Key": MASKED,
    }
    assert MASKED == "<masked>"
    assert masked["Resources"]["Prod"] == template()["Resources"]["Prod"]


def test_named_placeholders_wildcards_indexes_and_quoted_keys() -> None:
    """Globs match keys, [n]/[*] list items, ["a.b"] a dotted key; a dict names placeholders."""
    masked = mask_template(
        template(),
        {
            "Resources.*.Properties.BodyS3Location.Key": "<asset-key>",
            'Resources.Prod.Properties.Variables["build.id"]': "<build>",
            "Resources.Prod.Properties.MethodSettings[1].HttpMethod": "<verb>",
        },
    )
    prod = masked["Resources"]["Prod"]["Properties"]
    assert masked["Resources"]["Api"]["Properties"]["BodyS3Location"]["Key"] == "<asset-key>"
    assert prod["Variables"] == {"build.id": "<build>", "GET /pets": "x"}
    assert prod["MethodSettings"] == [{"HttpMethod": "*"}, {"HttpMethod": "<verb>"}]
    every = mask_template(template(), ["Resources.Prod.Properties.MethodSettings[*].HttpMethod"])
    assert every["Resources"]["Prod"]["Properties"]["MethodSettings"] == [
        {"HttpMethod": MASKED},
        {"HttpMethod": MASKED},
    ]


def test_double_star_matches_at_any_depth() -> None:
    """``**.Key`` masks every ``Key`` wherever it is."""
    masked = mask_template(template(), ["**.Key"])
    assert masked["Resources"]["Api"]["Properties"]["BodyS3Location"]["Key"] == MASKED


def test_a_logical_id_is_renamed_wherever_it_is_referenced() -> None:
    """Masking a logical ID renames its key, Ref, GetAtt (both forms), DependsOn and ${...}."""
    masked = mask_template(template(), mask_logical_ids={"Deployment*": "Deployment<hash>"})
    assert "Deployment<hash>" in masked["Resources"]
    assert "DeploymentA1B2C3D4" not in str(masked)
    prod = masked["Resources"]["Prod"]
    assert prod["DependsOn"] == ["Deployment<hash>"]
    assert prod["Properties"]["DeploymentId"] == {"Ref": "Deployment<hash>"}
    outputs = masked["Outputs"]
    assert outputs["Id"]["Value"] == {"Fn::GetAtt": ["Deployment<hash>", "DeploymentId"]}
    assert outputs["Url"]["Value"] == {
        "Fn::Sub": "${Deployment<hash>}/${Deployment<hash>.Id}/${Api}"
    }
    assert outputs["Short"]["Value"] == {"Fn::GetAtt": "Deployment<hash>.DeploymentId"}


def test_a_listed_logical_id_glob_gets_a_placeholder_from_its_stars() -> None:
    """Given as a list, ``Deployment*`` becomes ``Deployment<masked>``."""
    masked = mask_template(template(), mask_logical_ids=["Deployment*"])
    assert sorted(masked["Resources"]) == ["Api", "Deployment<masked>", "Prod"]


def test_a_logical_id_mask_must_name_one_id() -> None:
    """A glob matching two IDs, or a placeholder that is already an ID, is refused."""
    with pytest.raises(ValueError, match=r"'\[PS\]\*' matches 2 IDs \(Prod, Short\)"):
        mask_template(template(), mask_logical_ids={"[PS]*": "X"})
    with pytest.raises(ValueError, match="'Api' is already an ID"):
        mask_template(template(), mask_logical_ids={"Deployment*": "Api"})


def test_a_mask_that_matches_nothing_is_an_error() -> None:
    """A typo in a mask fails loudly, naming the mask."""
    with pytest.raises(
        ValueError, match=r"matched nothing \(a typo\?\): Resources\.Api\.Propertes"
    ):
        mask_template(template(), ["Resources.Api.Propertes"])
    with pytest.raises(ValueError, match=r"matched nothing .*logical ID 'Deploy'"):
        mask_template(template(), mask_logical_ids=["Deploy"])


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("Resources..Api", "cannot read '.Api'"),
        ("Resources.", "ends with '.'"),
        ("Resources.**", "must end with a key or an index"),
        ("Resources[x]", "cannot read '[x]'"),
        ("Resources[0]Api", "expected '.' or '['"),
    ],
)
def test_a_path_that_cannot_be_read_is_refused(path: str, problem: str) -> None:
    """Malformed mask paths raise ValueError naming the path and the problem."""
    with pytest.raises(ValueError, match="mask path") as caught:
        mask_template(template(), [path])
    assert str(caught.value).startswith(f"mask path {path!r}")
    assert problem in str(caught.value)


def test_masking_leaves_the_input_unchanged() -> None:
    """mask_template returns a copy."""
    original = template()
    mask_template(original, ["**.Key"], ["Deployment*"])
    assert original == template()
