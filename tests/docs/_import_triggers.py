"""Code that raises each template import and template reading error of docs/errors.md."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from stagewright import App, Stack
from stagewright.template._include import TemplateImportError, include_template, stack_from_template
from stagewright.template._limits import MAX_FILE_BYTES
from stagewright.template._yaml import TemplateError, load_template, loads_template

from ._schema_triggers import wrong

Trigger = Callable[[Path], str]
STAGE = {"Type": "AWS::ApiGateway::Stage", "Properties": {"RestApiId": "abc"}}


def import_problem(template: Mapping[str, Any], index: int = 0, description: str = "") -> str:
    """Import ``template`` into a new stack; return problem ``index`` (or the heading if < 0)."""
    stack = Stack(App(), "Legacy", description=description or None)
    try:
        include_template(stack, template)
    except TemplateImportError as exc:
        return str(exc).splitlines()[0] if index < 0 else exc.problems[index]
    raise AssertionError("no TemplateImportError")


def reading(text: str) -> str:
    """Return the TemplateError of reading ``text`` as the file ``template.yaml``."""
    try:
        loads_template(text, filename="template.yaml")
    except TemplateError as exc:
        return str(exc)
    raise AssertionError("no TemplateError")


def reading_file(data: bytes) -> Trigger:
    """A trigger: write ``data`` as ``template.yaml`` in its folder, read it, return the error."""

    def trigger(folder: Path) -> str:
        (folder / "template.yaml").write_bytes(data)
        before = Path.cwd()
        os.chdir(folder)
        try:
            load_template(Path("template.yaml"))
        except TemplateError as exc:
            return str(exc)
        finally:
            os.chdir(before)
        raise AssertionError("no TemplateError")

    return trigger


def _missing_resource(folder: Path) -> str:
    included = stack_from_template(App(), "Legacy", {"Resources": {"Prod": STAGE}})[1]
    try:
        included.get_resource("Prd")
    except KeyError as exc:
        return str(exc.args[0])
    raise AssertionError("no KeyError")


def _resources(**entries: Any) -> dict[str, Any]:
    return {"Resources": {"Prod": STAGE, **entries}}


IMPORT: dict[str, Trigger] = {
    "import": lambda _: import_problem(_resources(Bad={"Type": 5}), -1),
    "import-schema": lambda _: import_problem(
        _resources(Test={**STAGE, "Properties": {"RestApiId": "a", "TracingEnabled": "yes"}})
    ),
    "import-logical-id": lambda _: import_problem(_resources(**{"Prod-2": STAGE})),
    "import-resource": lambda _: import_problem(_resources(Bad={"Type": 5})),
    "import-attribute": lambda _: import_problem(_resources(Test={**STAGE, "Propertes": {}})),
    "import-depends-on": lambda _: import_problem(_resources(Test={**STAGE, "DependsOn": 5})),
    "import-metadata": lambda _: import_problem(_resources(Test={**STAGE, "Metadata": "x"})),
    "import-not-mapping": lambda _: import_problem(wrong(["Resources"])),
    "import-section": lambda _: import_problem({"Parameters": [], **_resources()}),
    "import-unknown-section": lambda _: import_problem({"Output": {}, **_resources()}),
    "import-differs": lambda _: import_problem(
        {"Description": "old", **_resources()}, description="new"
    ),
    "import-parameter": lambda _: import_problem(
        {"Parameters": {"Env": {"Type": "String", "Defualt": "prod"}}, **_resources()}
    ),
    "import-output": lambda _: import_problem({"Outputs": {"Url": {}}, **_resources()}),
    "import-get": _missing_resource,
    "read-yaml": lambda _: reading("Resources:\n  Prod: [\n"),
    "read-json": lambda _: reading('{"Resources": {"Prod": }}'),
    "read-duplicate": lambda _: reading(
        "Resources:\n  Prod:\n    Type: A::B::C\n  Prod:\n    Type: A::B::C\n"
    ),
    "read-null-key": lambda _: reading("Resources:\n  ~: 1\n"),
    "read-tag": lambda _: reading("Resources: !Reff Api\n"),
    "read-getatt": lambda _: reading("Resources: !GetAtt Api\n"),
    "read-python-tag": lambda _: reading("Resources: !!python/object:os.system x\n"),
    "read-empty": lambda _: reading("# nothing\n"),
    "read-not-mapping": lambda _: reading("- Resources\n"),
    "read-aliases": lambda _: reading(
        "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        + "".join(
            f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n"
            for p, c in zip("abcdef", "bcdefg", strict=True)
        )
    ),
    "read-alias-bytes": lambda _: reading(
        f"a: &a {'x' * 20_000}\n"
        + "".join(
            f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("ab", "bc", strict=True)
        )
        + "d: [*c, *c, *c, *c, *c, *c]\n"
    ),
    "read-recursive": lambda _: reading("Resources: &a\n  X: [*a]\n"),
    "read-depth": lambda _: reading("Resources: " + "[" * 101 + "]" * 101 + "\n"),
    "read-depth-json": lambda _: reading('{"Resources": ' + "[" * 100 + "]" * 100 + "}"),
    "read-nan": lambda _: reading('{\n  "Resources": {"X": {"Metadata": {"Ratio": NaN}}}\n}'),
    "read-nan-yaml": lambda _: reading("Resources:\n  X:\n    Metadata: {Ratio: .inf}\n"),
    "read-key-types": lambda _: reading(
        "Resources:\n  X:\n    Metadata:\n      1: a\n      '1': b\n"
    ),
    "read-too-large": reading_file(b" " * (MAX_FILE_BYTES + 1)),
    "read-encoding": reading_file("Description: caf\u00e9\n".encode("latin-1")),
    "read-encoding-utf16": reading_file(b"\xff\xfeR\x00e\x00\n\x00\x00\xd8"),
}
