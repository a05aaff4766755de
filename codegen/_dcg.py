"""Name classes and fields with datamodel-code-generator's naming API (its ``ModelResolver``).

datamodel-code-generator (dcg) does the naming in the pipeline, and only the naming: each class
name comes from its ``ModelResolver`` (``add_ref`` / ``add(..., class_name=True)``: sanitised,
UpperCamelCase, unique, in the order its ``JsonSchemaParser`` would meet them), each field name
from ``get_valid_field_name_and_alias`` (snake_case, keywords, ``$``-, ``_``- and digit-led and
clashing names), with the options our former full parse used (``snake_case_field``, the
``DataClass`` model's field-name rules). One change to its rules: a name dcg would leave
non-ASCII gets dcg's own ASCII spelling for non-identifiers, since generated code is ASCII.

The rest of the parser is not run. Types, constraints and ``$ref`` resolution come from
``build``: the parser drops item-level constraints, has no attrs output, and would turn
CloudFormation's ``oneOf``/``anyOf`` rules into variant classes; and a full parse cost ~93% of
model building for the names it gives the same way (``benchmarks/registry_names.py`` checks
that across the registry against ``parser_names``, the full parse kept as the reference).
"""

from __future__ import annotations

import functools
import json
import warnings
from collections.abc import Iterator
from typing import Any

import attrs

from stagewright.codegen._prepare import COMBINATORS, ROOT, Prepared

__all__ = ["DcgClass", "dcg_names", "parser_names"]

_DEFINITIONS = "#/definitions"


@attrs.frozen
class DcgClass:
    """A class as datamodel-code-generator names it."""

    name: str
    fields: dict[str, str]
    """CloudFormation property name -> Python field name."""


@functools.cache
def _ascii_resolver_class() -> type[Any]:
    """Return dcg's resolver for dataclass names, kept to ASCII by dcg's own fallback spelling."""
    from datamodel_code_generator.model.dataclass import DataClass  # noqa: PLC0415
    from datamodel_code_generator.reference import FieldNameResolver  # noqa: PLC0415

    base: type[Any] = DataClass.FIELD_NAME_RESOLVER_CLASS or FieldNameResolver

    class AsciiFieldNameResolver(base):  # type: ignore[misc]
        """Name as dcg does; spell a non-ASCII result (``größe``) as dcg spells non-identifiers.

        Python folds identifiers to NFKC, so two properties with non-ASCII names could become
        one attribute: generated code uses ASCII names only.
        """

        def get_valid_name(self, name: str, *args: Any, **kwargs: Any) -> str:
            valid: str = super().get_valid_name(name, *args, **kwargs)
            if valid.isascii():
                return valid
            ascii_name: str = super().get_valid_name(
                self._ascii_identifier_fallback(valid), *args, **kwargs
            )
            return ascii_name

    return AsciiFieldNameResolver


def _resolver() -> tuple[Any, Any]:
    """Return a fresh ``ModelResolver`` as ``JsonSchemaParser`` sets one up, and its model type."""
    # Imported here: only the generator needs them.
    from datamodel_code_generator.format import PythonVersionMin  # noqa: PLC0415
    from datamodel_code_generator.model.dataclass import DataClass  # noqa: PLC0415
    from datamodel_code_generator.reference import ModelResolver, ModelType  # noqa: PLC0415

    # JsonSchemaParser(data_model_type=DataClass, snake_case_field=True, class_name=...) builds its
    # resolver with these (its field-name resolver made ASCII-only); every other option it passes
    # is the resolver's default. Class names come from the same resolver class.
    model_type = DataClass.FIELD_NAME_MODEL_TYPE or ModelType.CLASS
    resolver = ModelResolver(
        snake_case_field=True,
        target_python_version=PythonVersionMin,
        skip_affix_for_root=True,  # the parser's when given class_name
        field_name_resolver_classes={model_type: _ascii_resolver_class()},
    )
    return resolver, model_type


def _refs(node: Any) -> Iterator[str]:
    """Yield the local ``$ref`` targets below ``node``, keys sorted, combinators left out.

    That is the order the parser met them in the sorted, combinator-free copy it was given: the
    combinators of a class are rules (``_prepare``), and a property's would be variant classes.
    """
    if isinstance(node, dict):
        for key, value in sorted(node.items()):
            if key == "$ref" and isinstance(value, str) and value.startswith(f"{_DEFINITIONS}/"):
                yield value
            elif key not in COMBINATORS:
                yield from _refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from _refs(value)


def _field_names(resolver: Any, model_type: Any, node: Any, cls: str) -> dict[str, str]:
    """Name the properties of one class in key order, each unique among those before it."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    properties = node.get("properties") if isinstance(node, dict) else None
    for original in sorted(properties if isinstance(properties, dict) else {}):
        name, _alias = resolver.get_valid_field_name_and_alias(
            original, excludes=taken, model_type=model_type, class_name=cls
        )
        taken.add(name)
        out[original] = name
    return out


def dcg_names(prepared: Prepared, props_class: str) -> dict[str, DcgClass]:
    """Return the dcg names of the root (``#``) and of every definition, by class key.

    The parser names the root, then each definition in key order; a definition gets the name it
    was given when a class before it first referred to it, even one another class also has, and
    otherwise the first free one (``Foo``, ``Foo1``...). Definitions that become no class of ours
    (enums, lists) take names all the same, as they did in the parser.
    """
    resolver, model_type = _resolver()
    root = {k: v for k, v in prepared.root.items() if k != "definitions"}
    definitions: dict[str, Any] = prepared.root["definitions"]
    out: dict[str, DcgClass] = {}
    for key, node in [(ROOT, root), *sorted(definitions.items())]:
        if key == ROOT:  # named as given, not made unique
            name = resolver.add([ROOT], props_class, class_name=True, unique=False).name
        else:
            name = resolver.add([_DEFINITIONS, key], key, class_name=True, loaded=True).name
        for ref in _refs(node):
            resolver.add_ref(ref)
        out[key] = DcgClass(name, _field_names(resolver, model_type, node, name))
    return out


def _without_combinators(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_combinators(v) for k, v in node.items() if k not in COMBINATORS}
    if isinstance(node, list):
        return [_without_combinators(v) for v in node]
    return node


def parser_names(prepared: Prepared, props_class: str) -> dict[str, DcgClass]:
    """Return the names dcg's full ``JsonSchemaParser`` gives, the reference for ``dcg_names``.

    Slow (a full parse, ~25 ms a schema): never in the pipeline; tests and
    ``benchmarks/registry_names.py`` check ``dcg_names`` against it, so a dcg upgrade that names
    differently is caught. The parser is given the sorted schema without combinators (it would
    make variant classes of them), as the pipeline gave it before it named through the resolver.
    """
    from datamodel_code_generator.model.dataclass import DataClass  # noqa: PLC0415
    from datamodel_code_generator.parser.jsonschema import JsonSchemaParser  # noqa: PLC0415

    parser = JsonSchemaParser(
        json.dumps(_without_combinators(prepared.root), sort_keys=True),
        data_model_type=DataClass,
        snake_case_field=True,
        use_standard_collections=True,
        use_union_operator=True,
        field_constraints=True,
        class_name=props_class,
    )
    with warnings.catch_warnings():
        # CloudFormation's own formats (``AWS::IAM::Role.Arn``, ``json``) are unknown to the parser.
        warnings.simplefilter("ignore", UserWarning)
        parser.parse_raw()
    out: dict[str, DcgClass] = {}
    for model in parser.results:
        path = model.reference.path
        if path != ROOT and not path.startswith(f"{_DEFINITIONS}/"):
            continue  # the parser's own models (inline enums, constrained list items)
        key = ROOT if path == ROOT else path.removeprefix(f"{_DEFINITIONS}/")
        fields = {str(f.original_name or f.name): str(f.name) for f in model.fields if f.name}
        out[key] = DcgClass(name=model.class_name, fields=fields)
    return out
