"""Synthesis: reference checks, cross-stack wiring, template limits, and the files it writes."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

from stagewright import (
    Annotations,
    App,
    Aws,
    CfnCondition,
    CfnMapping,
    CfnOutput,
    CfnParameter,
    Construct,
    Fn,
    OutputFolderError,
    RawIntrinsic,
    RawResource,
    Stack,
    SynthesisError,
)
from stagewright.generated.aws_apigateway import rest_api, stage
from stagewright.synth._checks import check_limits, dumps_template


def _api(scope: Construct, id: str = "Api") -> rest_api.RestApi:
    return rest_api.RestApi(scope, id, name="shop")


def _raw(scope: Construct, id: str, **properties: Any) -> RawResource:
    return RawResource(scope, id, type="Custom::Thing", properties=properties)


def _problems(app: App) -> tuple[str, ...]:
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    return caught.value.problems


# -- references checked at synthesis


def test_reference_to_a_resource_of_another_app_names_both_paths() -> None:
    """Ref and GetAtt of another app's resource are errors naming the user and the target."""
    foreign = _api(Stack(App(), "Elsewhere"), "Foreign")
    app = App()
    stack = Stack(app, "S")
    stage.Stage(stack, "Prod", rest_api_id=foreign.ref, description=foreign.attr_root_resource_id)
    problems = _problems(app)
    assert len(problems) == 2
    for problem in problems:
        assert problem.startswith(
            "S/Prod (Resources.Prod): references 'Elsewhere/Foreign' (RestApi)"
        )
        assert "belongs to another app" in problem


def test_foreign_reference_does_not_hide_problems_of_other_elements() -> None:
    """A reference rejected while rendering is reported once; other elements are still checked."""
    foreign = _api(Stack(App(), "Elsewhere"), "Foreign")
    app = App()
    stack = Stack(app, "S")
    stage.Stage(stack, "Foreign", rest_api_id=foreign.ref)
    stage.Stage(stack, "Missing", rest_api_id=Fn.ref("Nope"))
    problems = _problems(app)
    assert [p.split(" ", 1)[0] for p in problems] == ["S/Foreign", "S/Missing"]
    assert "belongs to another app" in problems[0]
    assert "Ref to 'Nope'" in problems[1]
    assert not any("Unresolved" in p for p in problems)


@pytest.mark.parametrize(
    "value", [RawIntrinsic({"Ref": "Missing"}), Fn.ref("Missing")], ids=["raw", "fn"]
)
def test_ref_to_a_missing_logical_id_names_the_template_location(value: Any) -> None:
    """A Ref to a name the template does not define is an error at its template location."""
    app = App()
    stage.Stage(Stack(app, "S"), "Prod", rest_api_id="abc", description=value)
    assert _problems(app) == (
        "S/Prod (Resources.Prod.Properties.Description): Ref to 'Missing', which is not a "
        "resource, parameter or pseudo parameter",
    )


def test_get_att_of_a_missing_resource_is_an_error() -> None:
    """Fn::GetAtt by logical ID must name a resource of the template."""
    app = App()
    stage.Stage(Stack(app, "S"), "Prod", rest_api_id=Fn.get_att("Missing", "Id"))
    assert _problems(app) == (
        "S/Prod (Resources.Prod.Properties.RestApiId): Fn::GetAtt of 'Missing', which is not a "
        "resource",
    )


def test_sub_variable_that_resolves_nowhere_is_an_error() -> None:
    """``${Missing}`` in Fn::Sub is an error; variables, resources, parameters resolve."""
    app = App()
    stack = Stack(app, "S")
    _api(stack)
    CfnParameter(stack, "Env")
    ok = "${Api}/${Api.RootResourceId}/${Env}/${AWS::Region}/${Var}/${!Literal}"
    stage.Stage(stack, "Ok", rest_api_id=Fn.sub(ok, {"Var": "x"}))
    stage.Stage(stack, "Bad", rest_api_id=Fn.sub("${Api}-${Missing}-${Gone.Arn}"))
    assert _problems(app) == (
        "S/Bad (Resources.Bad.Properties.RestApiId): Fn::Sub variable ${Missing} is not a "
        "resource, parameter or variable",
        "S/Bad (Resources.Bad.Properties.RestApiId): Fn::Sub variable ${Gone.Arn} is not a "
        "resource, parameter or variable",
    )


def test_if_with_an_unknown_condition_name_is_an_error() -> None:
    """Fn.if_ by a name the template has no condition for is a synthesis error."""
    app = App()
    stage.Stage(Stack(app, "S"), "Prod", rest_api_id="abc", description=Fn.if_("Nope", "a", "b"))
    assert _problems(app) == (
        "S/Prod (Resources.Prod.Properties.Description): Fn::If condition 'Nope' is not a "
        "condition of the template",
    )


def test_condition_referring_to_an_unknown_condition_is_an_error() -> None:
    """``{"Condition": name}`` inside a condition expression must name a condition."""
    app = App()
    stack = Stack(app, "S")
    _api(stack)
    CfnCondition(stack, "C", expression=Fn.and_(Fn.condition("Gone"), Fn.equals("a", "a")))
    assert _problems(app) == (
        "S/C (Conditions.C.Fn::And[0]): condition 'Gone' is not a condition of the template",
    )


def test_every_reference_problem_is_reported_at_once() -> None:
    """Problems from several elements and stacks are listed together, one line each."""
    app = App()
    one, two = Stack(app, "One"), Stack(app, "Two")
    stage.Stage(one, "A", rest_api_id=Fn.ref("X"))
    stage.Stage(two, "B", rest_api_id=Fn.ref("Y"), description=Fn.if_("Z", "a", "b"))
    problems = _problems(app)
    assert [p.split(" ", 1)[0] for p in problems] == ["One/A", "Two/B", "Two/B"]
    assert all("\n" not in p for p in problems)


def test_depends_on_across_stacks_orders_the_stacks() -> None:
    """add_depends_on to a resource of another stack orders the stacks instead of DependsOn."""
    app = App()
    first, second = Stack(app, "First"), Stack(app, "Second")
    target = _api(first)
    local = _api(second, "Local")
    source = _api(second, "Source")
    source.add_depends_on(target, local)
    assembly = app.synthesize()
    assert assembly.templates["Second"]["Resources"]["Source"]["DependsOn"] == ["Local"]
    assert assembly.stack("Second").dependencies == ("First",)


def test_parameter_of_another_stack_is_an_error() -> None:
    """Parameters cannot be shared between stacks; the error says where to create it."""
    app = App()
    first, second = Stack(app, "First"), Stack(app, "Second")
    _api(first)
    env = CfnParameter(first, "Env")
    stage.Stage(second, "Prod", rest_api_id=env.ref)
    (problem,) = _problems(app)
    assert problem.startswith("Second/Prod (Resources.Prod): references CfnParameter 'First/Env'")
    assert "only resources can be shared between stacks" in problem
    assert "create the parameter in stack 'Second'" in problem


def test_condition_of_another_stack_is_an_error() -> None:
    """Fn.if_ and a resource condition must use a condition of their own stack."""
    app = App()
    first, second = Stack(app, "First"), Stack(app, "Second")
    _api(first)
    is_prod = CfnCondition(first, "IsProd", expression=Fn.equals(Aws.REGION, "us-east-1"))
    stage.Stage(second, "Prod", rest_api_id="abc", description=Fn.if_(is_prod, "a", "b"))
    _api(second).condition = is_prod
    problems = _problems(app)
    assert problems == (
        "Second/Prod (Resources.Prod): uses CfnCondition 'First/IsProd' of stack 'First'; it must "
        "be in stack 'Second'",
        "Second/Api (Resources.Api): uses CfnCondition 'First/IsProd' of stack 'First'; it must "
        "be in stack 'Second'",
    )


def test_mapping_of_another_stack_is_an_error() -> None:
    """find_in_map must use a mapping of its own stack."""
    app = App()
    first, second = Stack(app, "First"), Stack(app, "Second")
    _api(first)
    config = CfnMapping(first, "Config", mapping={"a": {"b": "c"}})
    stage.Stage(second, "Prod", rest_api_id=config.find_in_map("a", "b"))
    (problem,) = _problems(app)
    assert "uses CfnMapping 'First/Config' of stack 'First'" in problem


# -- cross-stack wiring


def test_cross_stack_ref_and_get_att_become_export_and_import() -> None:
    """The producer gains exported outputs; the consumer imports them and depends on it."""
    app = App()
    producer, consumer = Stack(app, "Producer"), Stack(app, "Consumer")
    api = _api(producer)
    stage.Stage(consumer, "Prod", rest_api_id=api.ref, description=api.attr_root_resource_id)
    assembly = app.synthesize()
    assert assembly.templates["Producer"]["Outputs"] == {
        "ExportsOutputRefApi": {
            "Value": {"Ref": "Api"},
            "Export": {"Name": "Producer:ExportsOutputRefApi"},
        },
        "ExportsOutputFnGetAttApiRootResourceId": {
            "Value": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "Export": {"Name": "Producer:ExportsOutputFnGetAttApiRootResourceId"},
        },
    }
    assert assembly.templates["Consumer"]["Resources"]["Prod"]["Properties"] == {
        "RestApiId": {"Fn::ImportValue": "Producer:ExportsOutputRefApi"},
        "Description": {"Fn::ImportValue": "Producer:ExportsOutputFnGetAttApiRootResourceId"},
    }
    assert "Outputs" not in assembly.templates["Consumer"]
    manifest = assembly.manifest()["stacks"]
    assert manifest["Consumer"]["dependencies"] == ["Producer"]
    assert manifest["Producer"]["dependencies"] == []


def test_cross_stack_reference_inside_nested_values_and_outputs() -> None:
    """References deep in Sub variables, joins and outputs are wired the same way."""
    app = App()
    producer, consumer = Stack(app, "Producer"), Stack(app, "Consumer")
    api = _api(Construct(producer, "Group"), "Api")
    stage.Stage(consumer, "Prod", rest_api_id=Fn.sub("${Id}", {"Id": api.ref}))
    CfnOutput(consumer, "Url", value=Fn.join("", ["https://", api.ref]))
    templates = app.synthesize().templates
    import_ = {"Fn::ImportValue": f"Producer:ExportsOutputRef{api.logical_id}"}
    assert templates["Consumer"]["Resources"]["Prod"]["Properties"]["RestApiId"] == {
        "Fn::Sub": ["${Id}", {"Id": import_}]
    }
    assert templates["Consumer"]["Outputs"]["Url"]["Value"] == {
        "Fn::Join": ["", ["https://", import_]]
    }
    assert list(templates["Producer"]["Outputs"]) == [f"ExportsOutputRef{api.logical_id}"]


def test_one_export_serves_every_consumer() -> None:
    """A resource referenced from two stacks is exported once."""
    app = App()
    producer = Stack(app, "Producer")
    api = _api(producer)
    for name in ("One", "Two"):
        stage.Stage(Stack(app, name), "Prod", rest_api_id=api.ref)
    assembly = app.synthesize()
    assert list(assembly.templates["Producer"]["Outputs"]) == ["ExportsOutputRefApi"]
    assert assembly.stack("One").dependencies == assembly.stack("Two").dependencies == ("Producer",)


def test_export_output_clashing_with_a_user_output_is_an_error() -> None:
    """A user output with the generated export's logical ID is reported, not overwritten."""
    app = App()
    producer = Stack(app, "Producer")
    api = _api(producer)
    CfnOutput(producer, "ExportsOutputRefApi", value="mine")
    stage.Stage(Stack(app, "Consumer"), "Prod", rest_api_id=api.ref)
    (problem,) = _problems(app)
    assert problem.startswith("Producer: output 'ExportsOutputRefApi'")
    assert "clashes" in problem


def test_cross_stack_cycle_is_an_error() -> None:
    """Two stacks referencing each other cannot be deployed; the cycle is named."""
    app = App()
    first, second = Stack(app, "First"), Stack(app, "Second")
    api = _api(first)
    prod = stage.Stage(second, "Prod", rest_api_id=api.ref)
    api.add_property_override("Description", prod.ref)
    (problem,) = _problems(app)
    where, message = problem.split(": ", 1)
    assert where in ("First", "Second")
    assert message == (
        "stacks depend on each other in a cycle: First -> Second -> First (First/Api refers to "
        "Second/Prod; Second/Prod refers to First/Api): none of them can be deployed first; "
        "drop one of these, or move the resources into one stack"
    )


def test_cycle_names_getatt_depends_on_and_counts_the_rest() -> None:
    """Each step names its references: GetAtt attributes, DependsOn, the first two and a count."""
    app = App()
    first, second = Stack(app, "First"), Stack(app, "Second")
    api = _api(first)
    other = _api(second, "Other")
    for id in ("A", "B", "C"):
        stage.Stage(second, id, rest_api_id=api.ref)
    stage.Stage(second, "D", rest_api_id=api.get_att("RootResourceId"))
    api.add_depends_on(other)
    (problem,) = _problems(app)
    assert "First -> Second -> First (" in problem or "Second -> First -> Second (" in problem
    assert "First/Api DependsOn Second/Other" in problem
    assert "Second/A refers to First/Api, Second/B refers to First/Api and 2 more" in problem


def test_explicit_stack_dependency_cycle_is_an_error() -> None:
    """A cycle made with Stack.add_dependency is reported once, over three stacks."""
    app = App()
    a, b, c = Stack(app, "A"), Stack(app, "B"), Stack(app, "C")
    for stack in (a, b, c):
        _api(stack)
    a.add_dependency(b)
    b.add_dependency(c)
    c.add_dependency(a)
    (problem,) = _problems(app)
    where, message = problem.split(": ", 1)
    assert where in ("A", "B", "C")
    assert message.startswith(
        "stacks depend on each other in a cycle: A -> B -> C -> A (A add_dependency B; "
        "B add_dependency C; C add_dependency A): "
    )


# -- limits


@pytest.mark.parametrize(
    ("section", "limit"),
    [("Resources", 500), ("Parameters", 200), ("Outputs", 200), ("Mappings", 200)],
)
def test_section_limits(section: str, limit: int) -> None:
    """One entry over CloudFormation's quota of a section fails synthesis; the quota passes."""

    def build(count: int) -> App:
        app = App()
        stack = Stack(app, "S")
        if section != "Resources":
            _raw(stack, "R")
        for i in range(count):
            if section == "Resources":
                _raw(stack, f"R{i}")
            elif section == "Parameters":
                CfnParameter(stack, f"P{i}")
            elif section == "Outputs":
                CfnOutput(stack, f"O{i}", value="x")
            else:
                CfnMapping(stack, f"M{i}", mapping={"a": {"b": i}})
        return app

    build(limit).synthesize()
    assert _problems(build(limit + 1)) == (
        f"S ({section}): has {limit + 1} entries; CloudFormation allows at most {limit}",
    )


def test_stack_without_resources_is_an_error() -> None:
    """Every template needs at least one resource, even one that only has parameters."""
    app = App()
    Stack(app, "Empty")
    CfnParameter(Stack(app, "OnlyParameters"), "P")
    _api(Stack(app, "Fine"))
    assert _problems(app) == (
        "Empty (Resources): a template needs at least one resource",
        "OnlyParameters (Resources): a template needs at least one resource",
    )


def test_template_over_one_megabyte_is_an_error() -> None:
    """The template body CloudFormation accepts is at most 1 MB (as compact JSON)."""
    app = App()
    stack = Stack(app, "Big")
    for i in range(3):
        _raw(stack, f"R{i}", Blob="x" * 400_000)
    (problem,) = _problems(app)
    assert problem.startswith("Big (template): is 1,200,")
    assert problem.endswith(
        "bytes (compact JSON, as deploy sends it); CloudFormation accepts at most 1,048,576"
    )


def test_check_limits_on_a_raw_template() -> None:
    """check_limits reports counts, missing resources and non-mapping sections of any template."""
    problems = [str(p) for p in check_limits({"Parameters": [], "Outputs": {}})]
    assert problems == [
        "Parameters: must be a mapping",
        "Resources: a template needs at least one resource",
    ]
    many = {"Resources": {f"R{i}": {"Type": "Custom::X"} for i in range(501)}}
    assert [str(p) for p in check_limits(many)] == [
        "Resources: has 501 entries; CloudFormation allows at most 500"
    ]


# -- output files


def _two_stack_app() -> App:
    app = App()
    producer = Stack(app, "Producer", description="café ☕")
    api = _api(producer)
    consumer = Stack(app, "Consumer")
    env = CfnParameter(consumer, "Env", default="dev")
    stage.Stage(consumer, "Prod", rest_api_id=api.ref, stage_name=env.ref)
    return app


def test_synth_writes_one_template_per_stack_and_a_manifest(tmp_path: Path) -> None:
    """The folder holds ``<StackName>.template.json`` per stack and ``manifest.json``, no more."""
    out = tmp_path / "out"
    assembly = _two_stack_app().synth(out)
    assert sorted(p.name for p in out.iterdir()) == [
        "Consumer.template.json",
        "Producer.template.json",
        "manifest.json",
    ]
    for artifact in assembly.stacks:
        assert json.loads((out / f"{artifact.name}.template.json").read_text()) == artifact.template
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest == assembly.manifest()
    assert manifest["version"] == "1"

    assert manifest["stacks"]["Consumer"] == {
        "template": "Consumer.template.json",
        "path": "Consumer",
        "environment": {"account": None, "region": None},
        "dependencies": ["Producer"],
        "resources": 1,
        "overrides": [],
        "messages": [],
    }


def test_artifact_holds_the_file_bytes_and_their_text(tmp_path: Path) -> None:
    """``data`` is exactly what the template file holds; ``body`` is the same as text."""
    out = tmp_path / "out"
    assembly = _two_stack_app().synth(out)
    for artifact in assembly.stacks:
        assert (out / artifact.file).read_bytes() == artifact.data
        assert artifact.body == artifact.data.decode()
        assert artifact.body == dumps_template(artifact.template)


def test_written_json_is_sorted_indented_and_ends_with_a_newline(tmp_path: Path) -> None:
    """Every file is sorted-key JSON with 2-space indent, raw UTF-8 and a final newline."""
    out = tmp_path / "out"
    _two_stack_app().synth(out)
    for path in out.iterdir():
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
        assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert text.endswith("}\n")
        assert not text.endswith("\n\n")
    producer = (out / "Producer.template.json").read_text(encoding="utf-8")
    assert '\n  "AWSTemplateFormatVersion": "2010-09-09",\n' in producer
    assert "café ☕" in producer
    assert (
        producer.index('"Description"')
        < producer.index('"Outputs"')
        < producer.index('"Resources"')
    )


def test_synth_is_byte_identical_across_runs(tmp_path: Path) -> None:
    """Two syntheses of equal apps write the same bytes."""
    first, second = tmp_path / "one", tmp_path / "two"
    _two_stack_app().synth(first)
    _two_stack_app().synth(second)
    assert _read_all(first) == _read_all(second)


_APP_SCRIPT = textwrap.dedent(
    """
    import sys

    from stagewright import App, Aws, CfnCondition, CfnParameter, Construct, Fn, Stack
    from stagewright.generated.aws_apigateway import rest_api, stage

    app = App()
    shared = Stack(app, "Shared")
    apis = [rest_api.RestApi(Construct(shared, f"G{i}"), f"A{i}", name=f"n{i}") for i in range(12)]
    for i in range(6):
        stack = Stack(app, f"Stage{i}")
        env = CfnParameter(stack, "Env", allowed_values=["a", "b"], default="a")
        cond = CfnCondition(stack, "IsA", expression=Fn.equals(env.ref, "a"))
        for j, api in enumerate(apis[i:i + 4]):
            prod = stage.Stage(
                stack,
                f"S{j}",
                rest_api_id=api.ref,
                description=Fn.if_(cond, api.attr_root_resource_id, Aws.NO_VALUE),
                variables={f"v{k}": f"x{k}" for k in range(5)},
            )
            prod.add_property_override("Zeta", {"b": 1, "a": 2})
    app.synth(sys.argv[1])
    """
)


def _read_all(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_synth_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    """Separate processes with different PYTHONHASHSEEDs write the same bytes."""
    script = tmp_path / "app.py"
    script.write_text(_APP_SCRIPT, encoding="utf-8")
    outputs = []
    for seed in ("0", "12345"):
        out = tmp_path / f"out{seed}"
        subprocess.run(
            [sys.executable, str(script), str(out)],
            check=True,
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        outputs.append(_read_all(out))
    assert len(outputs[0]) == 8
    assert outputs[0] == outputs[1]


def test_previous_output_is_replaced_as_a_whole(tmp_path: Path) -> None:
    """A folder from an earlier synth is replaced: a removed stack's template disappears."""
    out = tmp_path / "out"
    _two_stack_app().synth(out)
    app = App()
    _api(Stack(app, "Only"))
    app.synth(out)
    assert sorted(p.name for p in out.iterdir()) == ["Only.template.json", "manifest.json"]


def test_empty_existing_folder_is_used(tmp_path: Path) -> None:
    """An empty folder may be the output folder."""
    out = tmp_path / "out"
    out.mkdir()
    _two_stack_app().synth(out)
    assert (out / "manifest.json").is_file()


def test_foreign_folder_is_refused_and_left_untouched(tmp_path: Path) -> None:
    """A non-empty folder without a manifest is not replaced: OutputFolderError, contents kept."""
    out = tmp_path / "docs"
    out.mkdir()
    (out / "notes.md").write_text("mine", encoding="utf-8")
    (out / "sub").mkdir()
    with pytest.raises(OutputFolderError, match=r"did not write: notes\.md, sub/; choose another"):
        _two_stack_app().synth(out)
    assert sorted(p.name for p in out.iterdir()) == ["notes.md", "sub"]
    assert (out / "notes.md").read_text(encoding="utf-8") == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs"]


def test_output_path_that_is_a_file_is_refused(tmp_path: Path) -> None:
    """An existing file at the output path is not replaced."""
    out = tmp_path / "out"
    out.write_text("x", encoding="utf-8")
    with pytest.raises(OutputFolderError, match="it is not a folder"):
        _two_stack_app().synth(out)
    assert out.read_text(encoding="utf-8") == "x"


def test_nothing_is_written_outside_the_output_folder(tmp_path: Path) -> None:
    """Staging and retired folders are cleaned up; the parent only gains the output folder."""
    (tmp_path / "keep.txt").write_text("k", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    out = tmp_path / "out"
    _two_stack_app().synth(out)
    _two_stack_app().synth(out)
    after = sorted(p.name for p in tmp_path.iterdir() if p != out)
    assert after == before


def test_failed_synthesis_writes_nothing(tmp_path: Path) -> None:
    """A synthesis error leaves the previous output as it was."""
    out = tmp_path / "out"
    _two_stack_app().synth(out)
    before = _read_all(out)
    app = App()
    Stack(app, "Empty")
    with pytest.raises(SynthesisError):
        app.synth(out)
    assert _read_all(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_synth_creates_missing_parent_folders(tmp_path: Path) -> None:
    """The output folder may be several levels below an existing one."""
    out = tmp_path / "a" / "b" / "out"
    _two_stack_app().synth(out)
    assert (out / "manifest.json").is_file()
    assert sorted(p.name for p in (tmp_path / "a" / "b").iterdir()) == ["out"]


# -- later additions


def test_stack_depending_on_a_construct_waits_for_its_stack() -> None:
    """stack.node.add_dependency(a construct of another stack) orders the two stacks."""
    app = App()
    first, second = Stack(app, "First"), Stack(app, "Second")
    api = _api(first)
    _api(second)
    second.node.add_dependency(api)
    assert app.synthesize().manifest()["stacks"]["Second"]["dependencies"] == ["First"]


def test_app_level_warnings_are_kept_in_the_manifest() -> None:
    """A warning on the app itself (outside every stack) is listed at the manifest's top level."""
    app = App()
    _api(Stack(app, "Only"))
    Annotations.of(app).add_warning("app-wide")
    manifest = app.synthesize().manifest()
    assert manifest["messages"] == [{"level": "warning", "path": "", "message": "app-wide"}]
    assert manifest["stacks"]["Only"]["messages"] == []


def test_list_parameter_default_is_one_comma_separated_string() -> None:
    """A Python list default of a list parameter is written the way CloudFormation reads it."""
    app = App()
    stack = Stack(app, "S")
    CfnParameter(stack, "Zones", type="CommaDelimitedList", default=["a", "b"])
    _api(stack)
    zones = app.synthesize().templates["S"]["Parameters"]["Zones"]
    assert zones == {"Type": "CommaDelimitedList", "Default": "a,b"}


@pytest.mark.parametrize(
    "value",
    [
        {"é": "ünïcode", "tab": "a\tb", "quote": 'say "hi"', "nul": "\u0000", "ctl": "\u001f"},
        {"nested": [[], {}, [{"a": [1, 2.5, -0.0, 1e16, 10**20]}], True, False, None]},
        {"order": {"b": 1, "a": 2, "B": 3, "_": 4, "10": 5, "9": 6}},
    ],
)
def test_template_encoder_matches_json_dumps(value: Any) -> None:
    """The fast encoder writes exactly json.dumps(indent=2, sort_keys=True) plus a newline."""
    expected = json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert dumps_template(value) == expected


@pytest.mark.parametrize("number", [float("nan"), float("inf"), -float("inf")])
def test_template_encoder_refuses_numbers_json_cannot_spell(number: float) -> None:
    """NaN and infinities are refused instead of being written as invalid JSON."""
    with pytest.raises(ValueError, match=r"Resources\.X\.Properties\.N: must be a finite number"):
        dumps_template({"Resources": {"X": {"Properties": {"N": number}}}})


@pytest.mark.parametrize("enabled", [True, False])
def test_synthesis_leaves_the_garbage_collector_as_it_found_it(enabled: bool) -> None:
    """The collector, paused while synthesizing, is running again after it (error or not)."""
    good, bad = App(), App()
    _api(Stack(good, "S"))
    Stack(bad, "Empty")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        good.synthesize()
        assert gc.isenabled() is enabled
        with pytest.raises(SynthesisError):
            bad.synthesize()
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()


def _nan_in(where: str) -> App:
    app = App()
    stack = Stack(app, "Shop")
    api = rest_api.RestApi(stack, "Api")
    if where == "raw":
        RawResource(stack, "Fn", type="Custom::Thing", properties={"Ratio": float("nan")})
    elif where == "parameter":
        CfnParameter(stack, "Ratio", type="Number", default=float("inf"))
    elif where == "output":
        CfnOutput(stack, "Ratio", value=[-float("inf")])
    else:
        api.add_property_override("Ratio", float("nan"))
    return app


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        ("raw", "Shop/Fn (Resources.Fn.Properties.Ratio): "),
        ("parameter", "Shop/Ratio (Parameters.Ratio.Default): "),
        ("output", "Shop/Ratio (Outputs.Ratio.Value[0]): "),
        ("override", "Shop/Api (Resources.Api.Properties.Ratio): "),
    ],
)
def test_nan_anywhere_is_a_synthesis_problem_naming_its_place(where: str, expected: str) -> None:
    """NaN or an infinity in raw properties, parameters, outputs or overrides names its place."""
    with pytest.raises(SynthesisError) as caught:
        _nan_in(where).synthesize()
    (problem,) = caught.value.problems
    assert problem.startswith(expected)
    assert "must be a finite number (JSON has no NaN or Infinity)" in problem


@pytest.mark.parametrize("depth", [163, 200, 1000])
def test_deeply_nested_intrinsics_are_a_synthesis_problem(depth: int) -> None:
    """Fn.join nested hundreds deep is a SynthesisError naming the resource, not RecursionError."""
    app = App()
    stack = Stack(app, "Shop")
    value: Any = "x"
    for _ in range(depth):
        value = Fn.join("", [value])
    rest_api.RestApi(stack, "Api", description=value)
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    (problem,) = caught.value.problems
    assert problem.startswith("Shop/Api (Resources.Api")


def test_control_characters_are_escaped_in_written_templates() -> None:
    """A C1 control, DEL and U+FFFF in a description are written escaped; the JSON reads back."""
    app = App()
    stack = Stack(app, "Shop")
    rest_api.RestApi(stack, "Api", description="a\x85b\x7fc\uffff")
    data = app.synthesize().stack("Shop").data
    assert b"a\\u0085b\\u007fc\\uffff" in data
    assert data.isascii()
    assert json.loads(data)["Resources"]["Api"]["Properties"]["Description"] == "a\x85b\x7fc\uffff"


def test_an_assembly_repr_is_one_short_line() -> None:
    """repr(Assembly) names the stacks and counts the messages; no template bytes."""
    app = App()
    for name in ("Blue", "Green"):
        stack = Stack(app, name)
        rest_api.RestApi(stack, "Api", name="x" * 5000)
    assembly = app.synthesize()
    assert repr(assembly) == "<Assembly stacks=[Blue, Green] messages=0>"
    assert "bytes>" in repr(assembly.stacks[0])
