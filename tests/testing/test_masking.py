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
    masked = mask_template(template(), mask_logical_ids={"Deployment*": "DeploymentHASH"})
    assert "DeploymentHASH" in masked["Resources"]
    assert "DeploymentA1B2C3D4" not in str(masked)
    prod = masked["Resources"]["Prod"]
    assert prod["DependsOn"] == ["DeploymentHASH"]
    assert prod["Properties"]["DeploymentId"] == {"Ref": "DeploymentHASH"}
    outputs = masked["Outputs"]
    assert outputs["Id"]["Value"] == {"Fn::GetAtt": ["DeploymentHASH", "DeploymentId"]}
    assert outputs["Url"]["Value"] == {"Fn::Sub": "${DeploymentHASH}/${DeploymentHASH.Id}/${Api}"}
    assert outputs["Short"]["Value"] == {"Fn::GetAtt": "DeploymentHASH.DeploymentId"}


def test_a_listed_logical_id_glob_gets_a_numbered_alphanumeric_placeholder() -> None:
    """Given as a list, ``Deployment*`` becomes ``DeploymentMASKED1``: a valid logical ID."""
    masked = mask_template(template(), mask_logical_ids=["Deployment*"])
    assert sorted(masked["Resources"]) == ["Api", "DeploymentMASKED1", "Prod"]
    globbed = mask_template(template(), mask_logical_ids=["*Deploy[a-z]?*"])
    assert sorted(globbed["Resources"]) == ["Api", "DeployMASKED1", "Prod"]


def canary_template() -> dict[str, Any]:
    """Return a template with two hashed deployments (a canary app has a release and a canary)."""
    return {
        "Resources": {
            "DeploymentF00D": {"Type": "AWS::ApiGateway::Deployment"},
            "Deployment0BAD": {"Type": "AWS::ApiGateway::Deployment"},
            "Prod": {
                "Type": "AWS::ApiGateway::Stage",
                "Properties": {
                    "DeploymentId": {"Ref": "DeploymentF00D"},
                    "CanarySetting": {"DeploymentId": {"Ref": "Deployment0BAD"}},
                },
            },
        }
    }


def test_one_glob_masks_several_ids_numbered_in_sorted_order() -> None:
    """``Deployment*`` over two IDs gives ``DeploymentMASKED1`` and ``2``, the same every run."""
    masked = mask_template(canary_template(), mask_logical_ids=["Deployment*"])
    assert sorted(masked["Resources"]) == ["DeploymentMASKED1", "DeploymentMASKED2", "Prod"]
    props = masked["Resources"]["Prod"]["Properties"]
    # Sorted by the original IDs: 0BAD before F00D.
    assert props["DeploymentId"] == {"Ref": "DeploymentMASKED2"}
    assert props["CanarySetting"]["DeploymentId"] == {"Ref": "DeploymentMASKED1"}
    reordered = dict(reversed(canary_template()["Resources"].items()))
    assert mask_template({"Resources": reordered}, mask_logical_ids=["Deployment*"]) == masked
    named = mask_template(canary_template(), mask_logical_ids={"Deployment*": "Release"})
    assert sorted(named["Resources"]) == ["Prod", "Release1", "Release2"]


def test_a_logical_id_mask_needs_a_valid_distinct_placeholder() -> None:
    """A placeholder must be alphanumeric, not an ID kept, not shared; one ID, one mask."""
    with pytest.raises(ValueError, match=r"'Deployment<hash>' is not a valid logical ID"):
        mask_template(template(), mask_logical_ids={"Deployment*": "Deployment<hash>"})
    with pytest.raises(ValueError, match="'Api' is already an ID"):
        mask_template(template(), mask_logical_ids={"Deployment*": "Api"})
    with pytest.raises(ValueError, match=r"'Deployment\*' and 'Prod' would both rename .* 'X'"):
        mask_template(template(), mask_logical_ids={"Deployment*": "X", "Prod": "X"})
    with pytest.raises(ValueError, match=r"'Prod' is matched by two masks, 'P\*' and '\*od'"):
        mask_template(template(), mask_logical_ids=["P*", "*od"])


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
