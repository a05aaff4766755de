"""Property-based tests of both Stage types and their nested types, driven by the patched schemas.

The strategies (``tests/generated/fuzzing``) read the schemas the generator reads, not the
generated code: any schema-valid ``Properties`` value, with intrinsic functions in place of
values at any depth, must survive ``from_cfn`` -> ``to_cfn`` and a whole synthesis unchanged;
any single broken rule must be reported once, at the path of the value that breaks it, under
the rule's name. Values compare as exact JSON text (``1``, ``1.0`` and ``true`` differ). Runs
are derandomized (the same examples every run); ``scripts/fuzz_roundtrip.py``
runs the same properties with many more examples.
"""

from __future__ import annotations

import functools

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from stagewright.generated.aws_apigateway import stage as rest
from stagewright.generated.aws_apigatewayv2 import stage as http
from stagewright.runtime._props import CfnProperty

from .fuzzing.checks import check_reported, check_round_trip, check_synthesis
from .fuzzing.intrinsics import with_intrinsics
from .fuzzing.mutations import mutated
from .fuzzing.runner import ci_settings
from .fuzzing.schema import vendored_view
from .fuzzing.values import Builder

STAGES: dict[str, type[CfnProperty]] = {
    "AWS::ApiGateway::Stage": rest.StageProps,
    "AWS::ApiGatewayV2::Stage": http.StageProps,
}
MODULES = {"AWS::ApiGateway::Stage": rest, "AWS::ApiGatewayV2::Stage": http}
FUZZ = ci_settings(100)


@functools.cache
def builder(type_name: str) -> Builder:
    """Return the (cached) value builder of a vendored type."""
    return Builder(vendored_view(type_name))


def nested_classes(type_name: str) -> dict[str, type[CfnProperty]]:
    """Map each definition name of the type's schema to the generated class of that name."""
    module = MODULES[type_name]
    classes = [getattr(module, name) for name in module.__all__]
    found: dict[str, type[CfnProperty]] = {}
    for cls in classes:
        if isinstance(cls, type) and issubclass(cls, CfnProperty) and cls is not STAGES[type_name]:
            found[cls.__cfn_name__] = cls
    return found


NESTED = [(t, name) for t in STAGES for name in sorted(nested_classes(t))]


@pytest.mark.parametrize("type_name", STAGES)
def test_every_definition_has_a_class(type_name: str) -> None:
    """Each object definition of the schema has a generated class, so each gets a round trip."""
    definitions = vendored_view(type_name).definitions
    objects = {n for n, d in definitions.items() if d.get("properties")}
    assert set(nested_classes(type_name)) == objects


@pytest.mark.parametrize("type_name", STAGES)
@FUZZ
@given(data=st.data())
def test_drawn_values_are_schema_valid(type_name: str, data: st.DataObject) -> None:
    """The strategies draw only values the oracle accepts (else the round trips prove nothing)."""
    build = builder(type_name)
    value = data.draw(build.properties())
    assert build.oracle.errors(value) == []
    assert build.unsupported == []


@pytest.mark.parametrize("type_name", STAGES)
@FUZZ
@given(data=st.data())
def test_properties_round_trip(type_name: str, data: st.DataObject) -> None:
    """A valid Properties value, intrinsics anywhere below the top, comes back from to_cfn."""
    check_round_trip(STAGES[type_name], data.draw(with_intrinsics(builder(type_name).properties())))


@pytest.mark.parametrize(("type_name", "definition"), NESTED)
@FUZZ
@given(data=st.data())
def test_nested_types_round_trip(type_name: str, definition: str, data: st.DataObject) -> None:
    """Each nested type's from_cfn -> to_cfn gives its valid value back, intrinsics included."""
    value = data.draw(with_intrinsics(builder(type_name).definition(definition)))
    check_round_trip(nested_classes(type_name)[definition], value)


@pytest.mark.parametrize("type_name", STAGES)
@settings(FUZZ, max_examples=50)
@given(data=st.data())
def test_synthesis_gives_the_template_back(type_name: str, data: st.DataObject) -> None:
    """Imported into a stack and synthesized, a template holding the value is written unchanged."""
    check_synthesis(type_name, data.draw(with_intrinsics(builder(type_name).properties())))


@pytest.mark.parametrize("type_name", STAGES)
@settings(FUZZ, max_examples=200)
@given(data=st.data())
def test_one_broken_rule_is_one_problem_at_its_path(type_name: str, data: st.DataObject) -> None:
    """Breaking one rule anywhere gives exactly one problem: that rule, that path, that value."""
    build = builder(type_name)
    documents = with_intrinsics(build.properties(), rate=5)
    mutation = data.draw(mutated(build.oracle.view, build.oracle, documents))
    assume(mutation is not None)
    assert mutation is not None
    check_reported(STAGES[type_name], mutation)
