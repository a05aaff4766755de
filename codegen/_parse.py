"""Run datamodel-code-generator's JSON Schema parser and read back class and field names.

We use the parser for what it does well and we should not redo: resolving ``$ref``s, naming
classes (unique, sanitised) and fields (snake_case, keywords, ``$``-prefixed and clashing names).
It drops item-level constraints, so types and constraints are read from the schema by ``build``.
"""

from __future__ import annotations

import json
import warnings
from typing import Any

import attrs

from stagewright.codegen._prepare import ROOT, Prepared, strip_combinators

__all__ = ["ParsedClass", "parse_names"]


@attrs.frozen
class ParsedClass:
    """A class as the parser named it."""

    name: str
    fields: dict[str, str]
    """CloudFormation property name -> Python field name."""


def _parser(text: str, class_name: str) -> Any:
    # Imported here: the parser is heavy and only the generator needs it.
    from datamodel_code_generator.model import dataclass as dataclass_model  # noqa: PLC0415
    from datamodel_code_generator.parser.jsonschema import JsonSchemaParser  # noqa: PLC0415

    return JsonSchemaParser(
        text,
        data_model_type=dataclass_model.DataClass,
        snake_case_field=True,
        use_standard_collections=True,
        use_union_operator=True,
        field_constraints=True,
        class_name=class_name,
    )


def parse_names(prepared: Prepared, props_class: str) -> dict[str, ParsedClass]:
    """Return the parsed classes by class key (``#`` for the root, else the definition name)."""
    parser = _parser(json.dumps(strip_combinators(prepared.root), sort_keys=True), props_class)
    with warnings.catch_warnings():
        # CloudFormation's own formats (``AWS::IAM::Role.Arn``, ``json``) are unknown to the parser.
        warnings.simplefilter("ignore", UserWarning)
        parser.parse_raw()
    out: dict[str, ParsedClass] = {}
    for model in parser.results:
        path = model.reference.path
        if path != ROOT and not path.startswith("#/definitions/"):
            continue  # not a definition of ours (the parser's own helper models)
        key = ROOT if path == ROOT else path.removeprefix("#/definitions/")
        fields = {f.original_name or f.name: f.name for f in model.fields}
        out[key] = ParsedClass(name=model.class_name, fields=fields)
    return out
