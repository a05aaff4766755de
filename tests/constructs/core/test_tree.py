"""The construct tree and its stacks: paths, ids, dependencies, validation, annotations, locking."""

from __future__ import annotations

from typing import Any

import pytest

from stagewright import (
    Annotations,
    App,
    Aspects,
    CfnParameter,
    Construct,
    Message,
    RawResource,
    Stack,
    SynthesisError,
    TreeError,
    ValidationError,
)
from stagewright.core._tree import MetadataEntry
from stagewright.generated.aws_apigateway import rest_api


def _resource(scope: Construct, id: str) -> RawResource:
    return RawResource(scope, id, type="Custom::Thing", properties={"Name": id})


def _resources(template: dict[str, Any]) -> dict[str, Any]:
    resources: dict[str, Any] = template["Resources"]
    return resources


# -- paths, children, ids


def test_path_joins_the_ids_below_the_root() -> None:
    """The path is the ids from below the root to the construct, joined by '/'."""
    app = App()
    stack = Stack(app, "S")
    outer = Construct(stack, "Outer")
    inner = Construct(outer, "Inner")
    assert app.node.path == ""
    assert stack.node.path == "S"
    assert outer.node.path == "S/Outer"
    assert inner.node.path == "S/Outer/Inner"
    assert inner.node.root is app
    assert inner.node.scopes == [app, stack, outer, inner]


def test_children_keep_the_order_they_were_added_in() -> None:
    """``node.children`` lists the direct children in creation order, not sorted."""
    stack = Stack(App(), "S")
    ids = ["Zeta", "Alpha", "Mid"]
    children = [Construct(stack, i) for i in ids]
    assert stack.node.children == children
    grandchild = Construct(children[0], "Below")
    assert stack.node.children == children
    assert list(stack.node.find_all()) == [stack, children[0], grandchild, *children[1:]]


def test_find_child_and_try_find_child() -> None:
    """find_child returns a direct child; a missing one is a KeyError naming the path."""
    stack = Stack(App(), "S")
    child = Construct(stack, "Child")
    Construct(child, "Grandchild")
    assert stack.node.find_child("Child") is child
    assert stack.node.try_find_child("Child") is child
    assert stack.node.try_find_child("Grandchild") is None
    with pytest.raises(
        KeyError, match=r"no construct with id 'Nope' under 'S' \(children: Child\)"
    ):
        stack.node.find_child("Nope")


def test_find_child_on_the_root_names_the_root() -> None:
    """A missing child of the app says '(root)' rather than an empty path."""
    app = App()
    with pytest.raises(KeyError, match=r"under '\(root\)' \(children: none\)"):
        app.node.find_child("S")


def test_slash_in_an_id_becomes_double_dash() -> None:
    """An id cannot hold the path separator: '/' is replaced with '--'."""
    stack = Stack(App(), "S")
    child = Construct(stack, "a/b/c")
    assert child.node.id == "a--b--c"
    assert child.node.path == "S/a--b--c"
    assert stack.node.find_child("a--b--c") is child


def test_duplicate_sibling_ids_are_an_error_naming_the_path() -> None:
    """A second child with the same id under the same scope raises TreeError naming its path."""
    stack = Stack(App(), "S")
    first = Construct(stack, "Api")
    with pytest.raises(TreeError, match=r"already a construct with id 'Api' at 'S/Api'"):
        Construct(stack, "Api")
    assert stack.node.children == [first]
    Construct(first, "Api")  # the same id under another scope is fine


def test_ids_clash_after_cleaning() -> None:
    """'a/b' and 'a--b' are the same id once cleaned, so they cannot be siblings."""
    stack = Stack(App(), "S")
    Construct(stack, "a/b")
    with pytest.raises(TreeError, match="'a--b' at 'S/a--b'"):
        Construct(stack, "a--b")


def test_empty_id_is_refused_below_the_root() -> None:
    """Only the root may have an empty id."""
    app = App()
    assert app.node.id == ""
    with pytest.raises(TreeError, match="only the root"):
        Construct(app, "")
    assert app.node.children == []


def test_id_must_be_a_string() -> None:
    """A non-string id is a ValidationError naming the scope; nothing is added."""
    app = App()
    group = Construct(app, "Group")
    with pytest.raises(ValidationError, match=r"^Group: id: a construct id must be a string"):
        Construct(group, 3)  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="must be a string, not int"):
        Stack(app, 3)  # type: ignore[arg-type]
    assert [c.node.path for c in app.node.find_all()] == ["", "Group"]


def test_element_outside_a_stack_is_refused_and_not_added() -> None:
    """A template element needs a stack above it; the refused one leaves the tree unchanged."""
    app = App()
    group = Construct(app, "Group")
    with pytest.raises(TreeError, match="is not inside a Stack"):
        _resource(group, "R")
    assert group.node.children == []


# -- dependencies


def test_add_dependency_between_constructs_expands_to_depends_on() -> None:
    """Every resource below the dependent construct DependsOn every resource below the target."""
    app = App()
    stack = Stack(app, "S")
    front, back = Construct(stack, "Front"), Construct(stack, "Back")
    f1, f2 = _resource(front, "F1"), _resource(front, "F2")
    b1, b2 = _resource(back, "B1"), _resource(back, "B2")
    front.node.add_dependency(back)
    assert front.node.dependencies == [back]
    resources = _resources(app.synthesize().templates["S"])
    for source in (f1, f2):
        assert resources[source.logical_id]["DependsOn"] == [b1.logical_id, b2.logical_id]
    for target in (b1, b2):
        assert "DependsOn" not in resources[target.logical_id]


def test_add_dependency_merges_with_add_depends_on() -> None:
    """A dependency given both ways appears once in DependsOn."""
    app = App()
    stack = Stack(app, "S")
    first, second = _resource(stack, "First"), _resource(stack, "Second")
    first.add_depends_on(second)
    first.node.add_dependency(second)
    first.node.add_dependency(second)
    assert first.node.dependencies == [second]
    assert _resources(app.synthesize().templates["S"])["First"]["DependsOn"] == ["Second"]


def test_add_dependency_refuses_itself_and_non_constructs() -> None:
    """A construct cannot depend on itself, nor on something that is not a construct."""
    stack = Stack(App(), "S")
    child = Construct(stack, "C")
    with pytest.raises(TreeError, match="'S/C' cannot depend on itself"):
        child.node.add_dependency(child)
    with pytest.raises(ValidationError, match="takes constructs, not str"):
        child.node.add_dependency("S")  # type: ignore[arg-type]


def test_add_dependency_across_stacks_orders_the_stacks() -> None:
    """A dependency on a construct of another stack becomes a stack dependency, not DependsOn."""
    app = App()
    first, second = Stack(app, "First"), Stack(app, "Second")
    producer = _resource(first, "Producer")
    consumer = _resource(second, "Consumer")
    consumer.node.add_dependency(producer)
    assembly = app.synthesize()
    assert "DependsOn" not in _resources(assembly.templates["Second"])["Consumer"]
    assert assembly.stack("Second").dependencies == ("First",)
    assert assembly.stack("First").dependencies == ()
    assert assembly.manifest()["stacks"]["Second"]["dependencies"] == ["First"]


def test_stack_add_dependency_orders_stacks() -> None:
    """``Stack.add_dependency`` records the order in the manifest; it only takes stacks."""
    app = App()
    base, network, api = Stack(app, "Base"), Stack(app, "Network"), Stack(app, "Api")
    for stack in (base, network, api):
        _resource(stack, "R")
    api.add_dependency(network, base)
    assert app.synthesize().manifest()["stacks"]["Api"]["dependencies"] == ["Base", "Network"]
    with pytest.raises(ValidationError, match="depends on stacks, not RawResource"):
        api.add_dependency(_resource(base, "Other"))  # type: ignore[arg-type]


def test_add_dependency_on_another_app_is_refused() -> None:
    """A construct cannot depend on a construct of another app; the error names both paths."""
    stack = Stack(App(), "S")
    other = _resource(Stack(App(), "Other"), "Foreign")
    mine = _resource(stack, "Mine")
    with pytest.raises(TreeError, match="'S/Mine' cannot depend on 'Other/Foreign'"):
        mine.node.add_dependency(other)
    assert mine.node.dependencies == []


# -- validation and annotations


def test_validate_returns_the_messages_of_every_validation() -> None:
    """``node.validate()`` runs each registered validation and returns all their messages."""
    construct = Construct(Stack(App(), "S"), "C")
    assert construct.node.validate() == []
    construct.node.add_validation(lambda: ["first"])
    construct.node.add_validation(list)
    construct.node.add_validation(lambda: ["second", "third"])
    assert construct.node.validate() == ["first", "second", "third"]


def test_synthesis_reports_every_validation_problem_with_its_path() -> None:
    """All validation messages fail synthesis together, one line each, path first."""
    app = App()
    stack = Stack(app, "S")
    _resource(stack, "R")
    api = Construct(stack, "Api")
    api.node.add_validation(lambda: ["needs a stage", "needs a deployment"])
    stack.node.add_validation(lambda: ["stack problem"])
    app.node.add_validation(lambda: ["app problem"])
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    assert caught.value.problems == (
        "(app): app problem",
        "S: stack problem",
        "S/Api: needs a stage",
        "S/Api: needs a deployment",
    )
    message = str(caught.value)
    assert message.startswith("synthesis found 4 problems:\n")
    assert message.count("\n") == 4


def test_metadata_entries_keep_type_data_and_order() -> None:
    """``add_metadata`` records entries in order; a custom type is not reported by synthesis."""
    app = App()
    stack = Stack(app, "S")
    resource = _resource(stack, "R")
    resource.node.add_metadata("owner", {"team": "payments"})
    resource.node.add_metadata("owner", "second")
    assert resource.node.metadata == [
        MetadataEntry("owner", {"team": "payments"}),
        MetadataEntry("owner", "second"),
    ]
    assert app.synthesize().messages == ()


def test_annotations_warnings_and_info_reach_messages_and_manifest() -> None:
    """Warnings and notes are reported in assembly.messages and in their stack's manifest entry."""
    app = App()
    stack = Stack(app, "S")
    resource = _resource(stack, "R")
    Annotations.of(resource).add_warning("open to the world")
    Annotations.of(stack).add_info("deployed nightly")
    assert [e.type for e in resource.node.metadata] == ["warning"]
    assembly = app.synthesize()
    assert assembly.messages == (
        Message("info", "S", "deployed nightly"),
        Message("warning", "S/R", "open to the world"),
    )
    assert str(assembly.messages[1]) == "warning: S/R: open to the world"
    assert assembly.manifest()["stacks"]["S"]["messages"] == [
        {"level": "info", "path": "S", "message": "deployed nightly"},
        {"level": "warning", "path": "S/R", "message": "open to the world"},
    ]


def test_annotations_of_one_stack_stay_out_of_another_stacks_manifest() -> None:
    """A stack's manifest entry lists only the messages of constructs inside it."""
    app = App()
    first, second = Stack(app, "First"), Stack(app, "FirstTwo")
    Annotations.of(_resource(first, "R")).add_warning("mine")
    _resource(second, "R")
    stacks = app.synthesize().manifest()["stacks"]
    assert [m["message"] for m in stacks["First"]["messages"]] == ["mine"]
    assert stacks["FirstTwo"]["messages"] == []


def test_annotation_errors_fail_synthesis() -> None:
    """An error annotation is a synthesis problem naming the construct path."""
    app = App()
    stack = Stack(app, "S")
    resource = _resource(stack, "R")
    Annotations.of(resource).add_error("no stage name")
    Annotations.of(app).add_error("no region")
    Annotations.of(resource).add_warning("only a warning")
    with pytest.raises(SynthesisError) as caught:
        app.synthesize()
    assert caught.value.problems == ("(app): no region", "S/R: no stage name")


# -- locking


def test_tree_is_locked_during_synthesis_and_unlocked_after() -> None:
    """A validation that adds a child gets a TreeError about the lock; afterwards it works."""
    app = App()
    stack = Stack(app, "S")
    _resource(stack, "R")
    seen: list[str] = []

    def sneaky() -> list[str]:
        seen.append(f"locked={stack.node.locked}")
        try:
            Construct(stack, "Late")
        except TreeError as exc:
            seen.append(str(exc))
        return []

    stack.node.add_validation(sneaky)
    app.synthesize()
    assert seen[0] == "locked=True"
    assert "locked" in seen[1]
    assert "'Late'" in seen[1]
    assert stack.node.try_find_child("Late") is None
    assert not stack.node.locked
    late = Construct(stack, "Late")
    assert stack.node.find_child("Late") is late


def test_tree_is_unlocked_after_a_failed_synthesis() -> None:
    """A synthesis that raises still unlocks the tree."""
    app = App()
    stack = Stack(app, "S")
    _resource(stack, "R")
    Annotations.of(stack).add_error("broken")
    with pytest.raises(SynthesisError):
        app.synthesize()
    assert not app.node.locked
    Construct(stack, "After")


def test_locked_subtree_refuses_children_below_it() -> None:
    """Locking a node refuses additions anywhere below it, but not beside it."""
    stack = Stack(App(), "S")
    group = Construct(stack, "Group")
    inner = Construct(group, "Inner")
    group.node.lock()
    assert inner.node.locked
    with pytest.raises(TreeError, match="cannot add 'X' under 'S/Group/Inner': the tree is locked"):
        Construct(inner, "X")
    Construct(stack, "Beside")
    group.node.unlock()
    Construct(inner, "X")


def test_app_without_stacks_fails_synthesis() -> None:
    """An app with no stack has nothing to synthesize."""
    with pytest.raises(SynthesisError, match="the app has no stacks"):
        App().synthesize()


# -- stacks


_BAD_STACK_NAMES = ["1Api", "my_stack", "my stack", "-api", "", "a" * 129]
_BAD_STACK_NAMES += ["Äpi", "api²", "api\n", "\uff41pi"]  # Unicode letters and digits too


@pytest.mark.parametrize("name", _BAD_STACK_NAMES)
def test_bad_stack_names_are_refused(name: str) -> None:
    """A stack name starts with a letter, has only letters, digits and hyphens, <= 128 chars."""
    app = App()
    with pytest.raises(ValueError, match="stack name"):
        Stack(app, "S", stack_name=name)
    assert app.stacks == []


@pytest.mark.parametrize("name", ["A", "api-prod-2", "a" * 128])
def test_good_stack_names_are_accepted(name: str) -> None:
    """Names that CloudFormation accepts are accepted; the template file is named after them."""
    stack = Stack(App(), "S", stack_name=name)
    assert stack.stack_name == name
    assert stack.template_file == f"{name}.template.json"


def test_stack_name_defaults_to_the_id_and_is_validated() -> None:
    """Without stack_name the id is the name, so an id that is not a valid name is refused."""
    app = App()
    assert Stack(app, "Prod").stack_name == "Prod"
    with pytest.raises(ValidationError, match=r"^my stack: stack_name: .* got 'my stack'"):
        Stack(app, "my stack")
    assert Stack(app, "my stack", stack_name="MyStack").node.path == "my stack"


def test_duplicate_stack_names_are_an_error_naming_both_paths() -> None:
    """Two stacks of one app cannot share a name, even under different scopes."""
    app = App()
    Stack(app, "Prod")
    group = Construct(app, "Group")
    with pytest.raises(TreeError, match="'Prod' of 'Group/Other' is already used by 'Prod'"):
        Stack(group, "Other", stack_name="Prod")
    assert group.node.children == []


def test_stack_inside_a_stack_is_refused() -> None:
    """Stacks do not nest, directly or through a construct."""
    app = App()
    outer = Stack(app, "Outer")
    with pytest.raises(TreeError, match="cannot be created inside another stack"):
        Stack(outer, "Inner")
    with pytest.raises(TreeError, match="cannot be created inside another stack"):
        Stack(Construct(outer, "Group"), "Inner")
    assert app.stacks == [outer]


def test_stack_description_is_limited_to_1024_bytes() -> None:
    """The limit counts UTF-8 bytes; a refused stack is not added to the app."""
    app = App()
    Stack(app, "Ok", description="é" * 512)
    with pytest.raises(ValidationError, match=r"at most 1024 bytes \(this one: 1026\)"):
        Stack(app, "TooLong", description="é" * 513)
    assert [s.stack_name for s in app.stacks] == ["Ok"]
    Stack(app, "TooLong", description="short")


def test_template_format_version_none_omits_it() -> None:
    """The format version is written by default and left out when None."""
    app = App()
    default = Stack(app, "Default")
    bare = Stack(app, "Bare", template_format_version=None)
    _resource(default, "R")
    _resource(bare, "R")
    templates = app.synthesize().templates
    assert templates["Default"]["AWSTemplateFormatVersion"] == "2010-09-09"
    assert "AWSTemplateFormatVersion" not in templates["Bare"]


def test_stack_level_sections_are_rendered() -> None:
    """Description, Metadata and Transform of the stack appear at the top of its template."""
    stack = Stack(
        App(),
        "S",
        description="the API",
        metadata={"Owner": "team"},
        transform=("AWS::LanguageExtensions",),
    )
    rest_api.RestApi(stack, "Api", name="shop")
    template = stack.to_template()
    assert template["Description"] == "the API"
    assert template["Metadata"] == {"Owner": "team"}
    assert template["Transform"] == ["AWS::LanguageExtensions"]
    assert template["Resources"] == {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "shop"}}
    }


def test_to_template_needs_an_app() -> None:
    """``to_template`` synthesizes the app; a stack under a plain root construct has none."""
    stack = Stack(Construct(None, "root"), "S")
    _resource(stack, "R")
    with pytest.raises(TreeError, match="is not in an App"):
        stack.to_template()


def test_stack_of_finds_the_enclosing_stack() -> None:
    """``Stack.of`` returns the nearest stack above a construct, or raises outside any."""
    app = App()
    stack = Stack(app, "S")
    deep = Construct(Construct(stack, "A"), "B")
    assert Stack.of(deep) is stack
    assert Stack.of(stack) is stack
    with pytest.raises(TreeError, match="is not inside a Stack"):
        Stack.of(app)


def test_app_stacks_lists_stacks_in_creation_order() -> None:
    """``app.stacks`` finds stacks under intermediate constructs, in the order they were made."""
    app = App()
    first = Stack(app, "First")
    group = Construct(app, "Group")
    second = Stack(group, "Second")
    third = Stack(app, "Third")
    assert app.stacks == [first, second, third]
    CfnParameter(first, "P")  # elements do not count as stacks
    assert app.stacks == [first, second, third]


def test_app_stack_finds_a_stack_by_its_stack_name_and_suggests_on_a_typo() -> None:
    """``app.stack(name)`` returns the Stack (typed) by stack name; a miss names the nearest."""
    app = App()
    shop = Stack(app, "Shop", stack_name="ShopApi")
    Stack(Construct(app, "Group"), "Other")
    assert app.stack("ShopApi") is shop
    assert app.stack("Other").node.path == "Group/Other"
    with pytest.raises(
        KeyError,
        match=r"no stack named 'ShopAPI' \(stacks: ShopApi, Other\); "
        r"did you mean 'ShopApi'\?",
    ):
        app.stack("ShopAPI")
    with pytest.raises(KeyError, match=r"'Zzz' \(stacks: ShopApi, Other\)\"$"):
        app.stack("Zzz")


class _Recorder:
    """An aspect that records the paths it visits and adds a child under the stack once."""

    def __init__(self) -> None:
        self.visited: list[str] = []

    def visit(self, construct: Construct) -> None:
        self.visited.append(construct.node.path)
        if isinstance(construct, Stack) and construct.node.try_find_child("Added") is None:
            _resource(construct, "Added")


def test_aspects_visit_their_scope_top_down_and_see_children_they_add() -> None:
    """An aspect visits its construct and every descendant, parents first, new children too."""
    app = App()
    stack = Stack(app, "S")
    _resource(stack, "R")
    recorder = _Recorder()
    Aspects.of(stack).add(recorder)
    Aspects.of(stack).add(recorder)  # added once
    assert Aspects.of(stack).all == [recorder]
    template = app.synthesize().templates["S"]
    assert recorder.visited == ["S", "S/R", "S/Added"]
    assert sorted(template["Resources"]) == ["Added", "R"]


def test_an_aspect_needs_a_visit_method() -> None:
    """Adding an object without visit() fails at once, not at synthesis."""
    with pytest.raises(ValidationError, match="has a visit\\(construct\\) method"):
        Aspects.of(App()).add(object())  # type: ignore[arg-type]


def test_the_same_annotation_twice_is_kept_once() -> None:
    """Repeating a message on one construct records it once; another construct keeps its own."""
    app = App()
    stack = Stack(app, "S")
    resource = _resource(stack, "R")
    for _ in range(2):
        Annotations.of(resource).add_warning("same")
        Annotations.of(stack).add_warning("same")
    assert [(m.path, m.text) for m in app.synthesize().messages] == [("S", "same"), ("S/R", "same")]
