"""Code that raises each synthesis and template-check problem of docs/errors.md."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stagewright import (
    App,
    Aws,
    CfnCondition,
    CfnMapping,
    CfnOutput,
    CfnParameter,
    Construct,
    Environment,
    Fn,
    RawIntrinsic,
    RawResource,
    Stack,
    Tags,
)
from stagewright.generated.aws_apigateway import deployment, rest_api, stage
from stagewright.synth._checks import check_template
from stagewright.synth._synth import OutputFolderError, SynthesisError

from ._schema_triggers import problem, wrong

Trigger = Callable[[Path], str]


def synth_problem(build: Callable[[App], object], index: int = 0) -> str:
    """Build an app with ``build``, synthesize it, return problem ``index`` (or the heading)."""
    app = App()
    build(app)
    try:
        app.synthesize()
    except SynthesisError as exc:
        return str(exc).splitlines()[0] if index < 0 else exc.problems[index]
    raise AssertionError("no SynthesisError")


def _stage_with(value: Any) -> Callable[[App], object]:
    """An app whose stage ``Prod`` has ``value`` as its RestApiId."""

    def build(app: App) -> object:
        stack = Stack(app, "Shop")
        rest_api.RestApi(stack, "Api")
        return stage.Stage(stack, "Prod", rest_api_id=RawIntrinsic(value))

    return build


def checked(template: dict[str, Any], index: int = 0) -> str:
    """Return problem ``index`` of ``stagewright validate``'s checks of ``template``."""
    return str(check_template(template)[index])


def _two_problems(app: App) -> None:
    stack = Stack(app, "Shop")
    stage.Stage(stack, "Prod", rest_api_id=RawIntrinsic({"Ref": "Apii"}))
    stage.Stage(stack, "Test", rest_api_id=RawIntrinsic({"Ref": "Apii"}))


def _foreign(app: App) -> None:
    other = Stack(App(), "Other")
    api = rest_api.RestApi(other, "Api")
    stage.Stage(Stack(app, "Shop"), "Prod", rest_api_id=api.ref)


def _other_stack_parameter(app: App) -> None:
    env = CfnParameter(Stack(app, "Base"), "Env", default="prod")
    rest_api.RestApi(env.stack, "Api")
    rest_api.RestApi(Stack(app, "Shop"), "Api", name=env.ref)


def _other_stack_condition(app: App) -> None:
    base = Stack(app, "Base")
    rest_api.RestApi(base, "Api")
    is_prod = CfnCondition(base, "IsProd", expression=Fn.equals("a", "a"))
    rest_api.RestApi(Stack(app, "Shop"), "Api").condition = is_prod


def _same_logical_id(app: App) -> None:
    stack = Stack(app, "Shop")
    rest_api.RestApi(stack, "Api")
    rest_api.RestApi(Construct(stack, "Team"), "Api").override_logical_id("Api")


def _export_clash(app: App) -> None:
    api = rest_api.RestApi(Stack(app, "Base"), "Api")
    CfnOutput(api.stack, "ExportsOutputRefApi", value="x")
    stage.Stage(Stack(app, "Shop"), "Prod", rest_api_id=api.ref)


def _cycle(app: App) -> None:
    first, second = Stack(app, "First"), Stack(app, "Second")
    a, b = rest_api.RestApi(first, "Api"), rest_api.RestApi(second, "Api")
    stage.Stage(first, "Prod", rest_api_id=b.ref)
    stage.Stage(second, "Prod", rest_api_id=a.ref)


def _validation(app: App) -> None:
    stack = Stack(app, "Shop")
    rest_api.RestApi(stack, "Api").node.add_validation(lambda: ["the API needs a body"])


def _override(app: App) -> None:
    stack = Stack(app, "Shop")
    rest_api.RestApi(stack, "Api")
    prod = stage.Stage(stack, "Prod", rest_api_id="abc")
    prod.add_property_override("TracingEnabled", "yes")


def _resource_condition(app: App) -> None:
    api = rest_api.RestApi(Stack(app, "Shop"), "Api")
    api.condition = "IsProd"


def _not_element(app: App) -> None:
    stack = Stack(app, "Shop")
    rest_api.RestApi(stack, "Api")
    group: Any = Construct(stack, "Group")  # not Referenceable: only elements are
    stage.Stage(stack, "Prod", rest_api_id=Fn.ref(group))


def _too_many(app: App) -> None:
    stack = Stack(app, "Shop")
    rest_api.RestApi(stack, "Api")
    for i in range(201):
        CfnMapping(stack, f"M{i}", mapping={"k": {"v": "x"}})


def _too_big(app: App) -> None:
    api = rest_api.RestApi(Stack(app, "Shop"), "Api")
    api.add_override("Metadata", {"Big": "x" * 1_048_576})


def _nan_output(app: App) -> None:
    stack = Stack(app, "Shop")
    rest_api.RestApi(stack, "Api")
    CfnOutput(stack, "Ratio", value={"Fn::Join": ["", [float("nan")]]})


def _surrogate(app: App) -> None:
    stack = Stack(app, "Shop")
    rest_api.RestApi(stack, "Api", description="caf\udce9")


def _nested(depth: int) -> Callable[[App], object]:
    def build(app: App) -> None:
        value: Any = "x"
        for _ in range(depth):
            value = Fn.join("", [value])
        rest_api.RestApi(Stack(app, "Shop"), "Api", description=value)

    return build


def _two_prod_stages(app: App) -> None:
    stack = Stack(app, "Shop")
    api = rest_api.RestApi(stack, "Api")
    stage.Stage(stack, "Prod", rest_api_id=api.ref, stage_name="prod")
    stage.Stage(stack, "Live", rest_api_id=api.ref, stage_name="prod")


def _stage_made_twice(app: App) -> None:
    stack = Stack(app, "Shop")
    api = rest_api.RestApi(stack, "Api")
    deployment.Deployment(stack, "Release", rest_api_id=api.ref, stage_name="prod")
    stage.Stage(stack, "Prod", rest_api_id=api.ref, stage_name="prod")


def _resource_cycle(app: App) -> None:
    stack = Stack(app, "Shop")
    api = rest_api.RestApi(stack, "Api")
    prod = stage.Stage(stack, "Prod", rest_api_id=api.ref)
    api.add_depends_on(prod)


def _same_export(app: App) -> None:
    for name in ("Base", "Shop"):
        stack = Stack(app, name)
        api = rest_api.RestApi(stack, "Api")
        CfnOutput(stack, "ApiId", value=api.ref, export_name="api-id")


def synth_warning(build: Callable[[App], object]) -> Trigger:
    """Synthesize an app built by ``build``; return its only warning, as ``synth`` prints it."""

    def trigger(_: Path) -> str:
        app = App()
        build(app)
        (message,) = [m for m in app.synthesize().messages if m.level == "warning"]
        return str(message)

    return trigger


def _tags_intrinsic(app: App) -> None:
    stack = Stack(app, "Shop")
    Tags.of(stack).add("team", "shop")
    is_prod = CfnCondition(stack, "IsProd", expression=Fn.equals(Aws.REGION, "us-east-1"))
    tags = Fn.if_(is_prod, [{"Key": "env", "Value": "prod"}], Aws.NO_VALUE)
    rest_api.RestApi(stack, "Api", name="shop", tags=tags)


def _output_import(app: App) -> None:
    api = rest_api.RestApi(Stack(app, "Base"), "Api")
    shop = Stack(app, "Shop")
    rest_api.RestApi(shop, "Api")
    CfnOutput(shop, "ApiId", value=api.ref)


def refused(prepare: Callable[[Path], object], outdir: str) -> Trigger:
    """A trigger: ``prepare(folder)``, then synthesize into ``outdir`` there; return the refusal."""

    def trigger(folder: Path) -> str:
        prepare(folder)
        app = App()
        rest_api.RestApi(Stack(app, "Shop"), "Api")
        before = Path.cwd()
        os.chdir(folder)
        try:
            app.synth(outdir)
        except OutputFolderError as exc:
            return str(exc)
        finally:
            os.chdir(before)
        raise AssertionError("no OutputFolderError")

    return trigger


def _web_app(folder: Path) -> None:
    (folder / "web" / "src").mkdir(parents=True)
    for name in ("index.html", "manifest.json"):
        (folder / "web" / name).write_text("{}", encoding="utf-8")


def _api() -> rest_api.RestApi:
    return rest_api.RestApi(Stack(App(), "Shop"), "Api")


def _depends_on_itself() -> None:
    api = _api()
    api.add_depends_on(api)


def _cross_region(app: App) -> None:
    base = Stack(app, "Base", env=Environment(account="123456789012", region="us-east-1"))
    edge = Stack(app, "Edge", env=Environment(account="123456789012", region="eu-west-1"))
    topic = RawResource(base, "Topic", type="AWS::SNS::Topic")
    RawResource(edge, "Queue", type="AWS::SQS::Queue", properties={"QueueName": topic.ref})


def _region_of_another(app: App) -> None:
    home = Stack(app, "Home")
    edge = Stack(app, "Edge", env=Environment(region="eu-west-1"))
    RawResource(home, "Topic", type="AWS::SNS::Topic")
    RawResource(edge, "Queue", type="AWS::SQS::Queue", properties={"QueueName": home.region})


def _keep_policy() -> None:
    _api().deletion_policy = "Keep"


CONSTRUCTS: dict[str, Trigger] = {
    "construct-id-type": lambda _: problem(lambda: Construct(Stack(App(), "Shop"), wrong(3))),
    "stack-name": lambda _: problem(lambda: Stack(App(), "shop_api")),
    "stack-description": lambda _: problem(lambda: Stack(App(), "Shop", description="é" * 513)),
    "tag-key": lambda _: problem(lambda: Tags.of(Stack(App(), "Shop")).add("aws:team", "shop")),
    "parameter-value": lambda _: problem(
        lambda: (
            CfnParameter(
                Stack(App(), "Shop"), "Subnets", type="List<AWS::EC2::Subnet::Id>"
            ).value_as_string
        )
    ),
    "fn-args": lambda _: problem(lambda: Fn.select(-1, ["a", "b"])),
    "fn-type": lambda _: problem(lambda: Fn.join(wrong(3), ["a"])),
    "fn-if-inline": lambda _: problem(
        lambda: Fn.if_(Fn.equals(Fn.ref("Env"), "prod"), "INFO", "ERROR")
    ),
    "logical-id-override": lambda _: problem(
        lambda: CfnOutput(Stack(App(), "Shop"), "Url", value="x").override_logical_id("api-url")
    ),
    "parameter-key": lambda _: problem(
        lambda: CfnParameter.from_cfn(
            Stack(App(), "Shop"), "Env", {"Type": "String", "Defualt": "prod"}
        )
    ),
    "parameter-type": lambda _: problem(
        lambda: CfnParameter(Stack(App(), "Shop"), "Env", type="string")
    ),
    "parameter-default": lambda _: problem(
        lambda: CfnParameter(
            Stack(App(), "Shop"), "Env", default="test", allowed_values=["prod", "dev"]
        )
    ),
    "output-value": lambda _: problem(lambda: CfnOutput(Stack(App(), "Shop"), "Url", value=None)),
    "condition-expression": lambda _: problem(
        lambda: CfnCondition(Stack(App(), "Shop"), "IsProd", expression="true")
    ),
    "mapping-shape": lambda _: problem(
        lambda: CfnMapping(Stack(App(), "Shop"), "Ids", mapping={"eu-west-1": {}})
    ),
    "override-path": lambda _: problem(
        lambda: _api().add_property_override("Policy..Statement", "x")
    ),
    "override-value": lambda _: problem(lambda: _api().add_property_override("Name", None)),
    "depends-on-self": lambda _: problem(_depends_on_itself),
    "resource-policy": lambda _: problem(_keep_policy),
    "raw-resource-type": lambda _: problem(
        lambda: RawResource(Stack(App(), "Shop"), "Queue", type="Queue")
    ),
    "environment": lambda _: problem(lambda: Environment(region="eu-west")),
    "stack-env": lambda _: problem(
        lambda: Stack(App(), "Shop", env=wrong({"region": "eu-west-1"}))
    ),
}

SYNTHESIS: dict[str, Trigger] = {
    "synthesis": lambda _: synth_problem(_two_problems, -1),
    "ref": lambda _: synth_problem(_stage_with({"Ref": "Apii"})),
    "getatt": lambda _: synth_problem(_stage_with({"Fn::GetAtt": ["Apii", "RootResourceId"]})),
    "getatt-args": lambda _: synth_problem(_stage_with({"Fn::GetAtt": ["Api"]})),
    "sub": lambda _: synth_problem(_stage_with({"Fn::Sub": "${Apii}"})),
    "sub-args": lambda _: synth_problem(_stage_with({"Fn::Sub": ["${A}", "x", "y"]})),
    "if": lambda _: synth_problem(_stage_with({"Fn::If": ["IsProd", "a", "b"]})),
    "findinmap": lambda _: synth_problem(_stage_with({"Fn::FindInMap": ["Ids", "a", "b"]})),
    "condition": lambda _: synth_problem(_resource_condition),
    "foreign": lambda _: synth_problem(_foreign),
    "cross-stack": lambda _: synth_problem(_other_stack_parameter),
    "cross-stack-uses": lambda _: synth_problem(_other_stack_condition),
    "cross-environment": lambda _: synth_problem(_cross_region),
    "cross-environment-pseudo": lambda _: synth_problem(_region_of_another),
    "logical-id-taken": lambda _: synth_problem(_same_logical_id),
    "no-stacks": lambda _: synth_problem(lambda app: None),
    "export-clash": lambda _: synth_problem(_export_clash),
    "cycle": lambda _: synth_problem(_cycle),
    "validation": lambda _: synth_problem(_validation),
    "override": lambda _: synth_problem(_override),
    "limit": lambda _: synth_problem(_too_many),
    "no-resources": lambda _: synth_problem(lambda app: Stack(app, "Empty")),
    "condition-in-condition": lambda _: checked(
        {"Conditions": {"A": {"Condition": "B"}}, "Resources": {"X": {"Type": "T::T::T"}}}
    ),
    "depends-on-itself": lambda _: checked(
        {"Resources": {"X": {"Type": "T::T::T", "DependsOn": "X"}}}
    ),
    "depends-on": lambda _: checked({"Resources": {"X": {"Type": "T::T::T", "DependsOn": "Y"}}}),
    "section": lambda _: checked({"Parameters": [], "Resources": {"X": {"Type": "T::T::T"}}}),
    "logical-id": lambda _: checked({"Resources": {"Api-1": {"Type": "T::T::T"}}}),
    "logical-id-length": lambda _: checked({"Resources": {"A" * 256: {"Type": "T::T::T"}}}),
    "size": lambda _: checked(
        {"Resources": {"X": {"Type": "T::T::T", "Metadata": {"Big": "x" * 1_048_576}}}}
    ),
    "size-synth": lambda _: synth_problem(_too_big),
    "resource-type": lambda _: checked({"Resources": {"X": {"Properties": {}}}}),
    "not-element": lambda _: synth_problem(_not_element),
    "default-id": lambda _: synth_problem(
        lambda app: rest_api.RestApi(Stack(app, "Shop"), "Default")
    ),
    "identifier-clash": lambda _: synth_problem(_two_prod_stages),
    "stage-made-twice": lambda _: synth_problem(_stage_made_twice),
    "resource-cycle": lambda _: synth_problem(_resource_cycle),
    "export-name-clash": lambda _: synth_problem(_same_export),
    "unwritable-nan": lambda _: synth_problem(_nan_output),
    "unwritable-surrogate": lambda _: synth_problem(_surrogate),
    "unwritable-depth": lambda _: synth_problem(_nested(40)),
    "unwritable-render-depth": lambda _: synth_problem(_nested(400)),
    "tags-intrinsic": synth_warning(_tags_intrinsic),
    "output-import": synth_warning(_output_import),
    "output-foreign": refused(_web_app, "web"),
    "output-not-folder": refused(lambda f: (f / "out").write_text("x", encoding="utf-8"), "out"),
    "output-current": refused(lambda f: None, "."),
}
