"""Classes that write out attrs' methods (generated classes, ``Record``) behave as attrs'."""

from __future__ import annotations

import copy
import importlib
import inspect
import pickle
import pkgutil
import subprocess
import sys
import weakref
from typing import Any, cast

import attrs
import pytest

from stagewright import App, Stack, Tagging
from stagewright.generated.aws_apigateway import stage
from stagewright.runtime._errors import Path, Problem
from stagewright.runtime._record import Record, _record
from stagewright.synth._assembly import Message


def test_generated_classes_compare_hash_and_print_like_attrs() -> None:
    a = stage.MethodSetting(http_method="GET", resource_path="/x")
    same = stage.MethodSetting(http_method="GET", resource_path="/x")
    other = stage.MethodSetting(http_method="POST", resource_path="/x")
    assert a == same
    assert hash(a) == hash(same)
    assert a != other
    assert a.__eq__(stage.Tag(key="k", value="v")) is NotImplemented
    assert repr(stage.Tag(key="k", value="v")) == "Tag(key='k', value='v')"
    assert repr(a).startswith("MethodSetting(cache_data_encrypted=None, ")
    assert "http_method='GET'" in repr(a)


def test_generated_classes_stay_frozen_attrs_classes() -> None:
    tag = stage.Tag(key="k", value="v")
    assert [f.name for f in attrs.fields(stage.Tag)] == ["key", "value"]
    assert attrs.evolve(tag, value="w") == stage.Tag(key="k", value="w")
    assert attrs.asdict(tag) == {"key": "k", "value": "v"}
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        tag.key = "other"  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(tag)) == tag
    assert not hasattr(tag, "__dict__")  # slotted


def test_evolve_validates_like_construction() -> None:
    tag = stage.Tag(key="k", value="v")
    with pytest.raises(ValueError, match=r"Tag.Key: .*\[minLength\]"):
        attrs.evolve(tag, key="")


def test_a_list_field_makes_the_hash_fail_as_with_attrs() -> None:
    setting = stage.CanarySetting(stage_variable_overrides={"a": "b"})
    with pytest.raises(TypeError, match="unhashable"):
        hash(setting)


def test_records_compare_by_class_and_fields() -> None:
    message = Message("warning", "A/B", "careful")
    assert message == Message("warning", "A/B", "careful")
    assert message != Message("warning", "A/B", "other")
    assert len({message, Message("warning", "A/B", "careful")}) == 1
    assert repr(message) == "Message(level='warning', path='A/B', text='careful')"
    assert Tagging(taggable=True) == Tagging(taggable=True)
    assert Tagging(taggable=True) != Tagging(taggable=False)


def test_artifact_template_is_the_file_read_back() -> None:
    app = App()
    stack = Stack(app, "S")
    stage.Stage(stack, "Prod", rest_api_id="api", tags=[stage.Tag(key="k", value="v")])
    artifact = app.synthesize().stack("S")
    assert artifact.resources == 1
    template = artifact.template
    assert template is artifact.template  # parsed once
    assert template["Resources"]["Prod"]["Properties"] == {
        "RestApiId": "api",
        "Tags": [{"Key": "k", "Value": "v"}],
    }
    assert artifact.body.endswith("}\n")


def test_synthesis_never_imports_attrs() -> None:
    """Importing stagewright, building stages and synthesizing leave attrs unimported."""
    code = (
        "import sys, tempfile\n"
        "from stagewright import App, Stack\n"
        "from stagewright.generated.aws_apigateway import stage\n"
        "app = App()\n"
        "setting = stage.MethodSetting(http_method='GET', resource_path='/x')\n"
        "stage.Stage(Stack(app, 'S'), 'Prod', rest_api_id='api', method_settings=[setting])\n"
        "app.synth(tempfile.mkdtemp())\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('attr', 'attrs')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_attrs_sees_the_fields_and_defaults_of_every_generated_class() -> None:
    """attrs' view of each generated class (built on demand) matches its ``__init__``."""
    checked = 0
    for module in _generated_modules():
        for name in getattr(module, "__all__", ()):
            cls = getattr(module, name)
            if not (isinstance(cls, type) and issubclass(cls, Record)):
                continue
            assert attrs.has(cls)
            parameters = inspect.signature(cls.__init__).parameters
            fields = attrs.fields(cls)
            assert [f.name for f in fields] == [p for p in parameters if p != "self"]
            for field in fields:
                parameter = parameters[field.name]
                expected = attrs.NOTHING if parameter.default is parameter.empty else None
                assert field.default == expected
                assert field.kw_only
            checked += 1
    assert checked >= 25  # the generated tree has 28 property classes


@attrs.frozen(init=False, repr=False, eq=False)
class _AttrsProblem:
    """What ``Problem`` would be as a plain ``attrs.frozen`` class (same fields and options)."""

    path: Path
    rule: str
    message: str
    value: Any = None
    hint: str | None = None
    owner: str = ""


def test_attrs_view_is_what_attrs_frozen_gives() -> None:
    """A record's attrs fields and class properties equal those of the same attrs.frozen class."""
    assert tuple(attrs.fields(Problem)) == tuple(attrs.fields(_AttrsProblem))
    props = getattr(Problem, "__attrs_props__", None)
    if props is not None:  # attrs >= 25.4
        assert props == _AttrsProblem.__attrs_props__  # type: ignore[attr-defined]


def _generated_modules() -> list[Any]:
    import stagewright.generated as root  # noqa: PLC0415

    names = [m.name for m in pkgutil.walk_packages(root.__path__, root.__name__ + ".")]
    return [importlib.import_module(n) for n in names]


def test_positional_records_work_with_attrs_and_match() -> None:
    """A positional record evolves, converts, and matches by position as an attrs class does."""
    problem = Problem(("Name",), "maxLength", "is too long", "x" * 9)
    assert attrs.fields_dict(Problem)["hint"].default is None
    assert not attrs.fields(Problem).path.kw_only
    assert attrs.evolve(problem, hint="shorten it").hint == "shorten it"
    assert attrs.astuple(problem) == (("Name",), "maxLength", "is too long", "x" * 9, None, "")
    match problem:
        case Problem(path, rule):
            assert (path, rule) == (("Name",), "maxLength")
        case _:
            pytest.fail("a Problem should match Problem(path, rule)")
    match stage.Tag(key="k", value="v"):
        case stage.Tag(key=key):
            assert key == "k"
        case _:
            pytest.fail("a Tag should match Tag(key=...)")


def test_records_are_frozen_copyable_and_weakly_referenceable() -> None:
    """Assignment and deletion fail as attrs' do; pickle, copy and weakref work."""
    problem = Problem(("Name",), "required", "is required")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        problem.rule = "other"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del problem.rule
    for copied in (pickle.loads(pickle.dumps(problem)), copy.copy(problem), copy.deepcopy(problem)):
        assert copied == problem
        assert copied is not problem
    assert weakref.ref(problem)() is problem


def test_an_artifact_pickles_without_its_parsed_template() -> None:
    """The parsed template is a private slot: not a field, not pickled, parsed again after."""
    app = App()
    stage.Stage(Stack(app, "S"), "Prod", rest_api_id="api")
    artifact = app.synthesize().stack("S")
    assert "_template" not in [f.name for f in attrs.fields(type(artifact))]
    template = artifact.template
    state = artifact.__getstate__()
    assert "_template" not in state
    copied = pickle.loads(pickle.dumps(artifact))
    assert copied == artifact
    assert copied.template == template


def test_record_refuses_classes_it_cannot_make() -> None:
    """Each mistake in a record class is a TypeError when the class is created."""
    with pytest.raises(TypeError, match="must subclass Record"):
        _record(init=False, repr=False, eq=False)(type("Plain", (), {}))
    with pytest.raises(TypeError, match="takes init=False, repr=False, eq=False"):
        _record(init=True, repr=False, eq=False)

    def make(body: str, options: str = "init=False, repr=False, eq=False") -> type:
        namespace: dict[str, Any] = {"Record": Record, "record": _record}
        exec(f"@record({options})\nclass Thing(Record):\n{body}", namespace)
        return cast("type", namespace["Thing"])

    with pytest.raises(TypeError, match=r"Thing.__init__ takes \(a\), the fields are \(a, b\)"):
        make("    a: int\n    b: int\n    def __init__(self, a): pass\n")
    with pytest.raises(TypeError, match="Thing has fields, so it must write out __init__"):
        make("    a: int\n")
    with pytest.raises(TypeError, match=r"Thing.a: the class body says 1, __init__ says 2"):
        make("    a: int = 1\n    def __init__(self, a=2): pass\n")
    with pytest.raises(TypeError, match=r"Thing.a: the class body says 1, __init__ has no def"):
        make("    a: int = 1\n    def __init__(self, a): pass\n")
    with pytest.raises(TypeError, match="kw_only=True, yet __init__ takes some fields by pos"):
        make(
            "    a: int\n    def __init__(self, a): pass\n",
            "kw_only=True, " + "init=False, repr=False, eq=False",
        )
    with pytest.raises(TypeError, match="kw_only=False, yet __init__ takes no fields by pos"):
        make("    a: int\n    def __init__(self, *, a): pass\n")
    base = make("    a: int\n    def __init__(self, a): object.__setattr__(self, 'a', a)\n")
    with pytest.raises(TypeError, match="a record's base cannot have fields"):
        _record(init=False, repr=False, eq=False)(type("Sub", (base,), {}))


class _Named(Record):
    __slots__ = ()

    def describe(self) -> str:
        return "named"


@_record(init=False, repr=False, eq=False)
class _Greeting(_Named):
    text: str

    def __init__(self, text: str) -> None:
        object.__setattr__(self, "text", text)

    def describe(self) -> str:
        return f"{super().describe()}: {self.text}"


def test_zero_argument_super_works_in_a_rebuilt_class() -> None:
    """``super()`` in a record's method finds the rebuilt class, not the one it replaced."""
    assert _Greeting("hi").describe() == "named: hi"
    assert _Greeting.__record_fields__ == ("text",)
    assert not hasattr(_Greeting("hi"), "__dict__")
