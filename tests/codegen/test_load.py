"""Loading vendored schemas: the lock, the sha check, patches, and the meta-schema check."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stagewright.codegen._paths import SCHEMAS_DIR
from stagewright.codegen._problems import CodegenError, Problem
from stagewright.codegen.load import check_metaschema, load_schema_file, load_schemas

STAGE_FILE = "aws-apigateway-stage.json"
V2_FILE = "aws-apigatewayv2-stage.json"
LOCK = "schemas.lock.json"

MINIMAL: dict[str, Any] = {
    "typeName": "Example::Test::Thing",
    "description": "A resource for tests.",
    "additionalProperties": False,
    "primaryIdentifier": ["/properties/Id"],
    "properties": {"Id": {"type": "string"}},
}


@pytest.fixture
def vendored(tmp_path: Path) -> Path:
    """Copy the repository's schemas/ (schemas, lock, patches) into a scratch folder."""
    return Path(shutil.copytree(SCHEMAS_DIR, tmp_path / "schemas"))


def problems_of(action: Callable[[], object]) -> list[Problem]:
    """Run ``action`` and return the problems of the CodegenError it must raise."""
    with pytest.raises(CodegenError) as caught:
        action()
    problems: list[Problem] = caught.value.problems
    return problems


def rewrite(folder: Path, file: str, change: Callable[[dict[str, Any]], None]) -> None:
    """Edit a vendored schema and update its lock sha, as a real re-pull of a new upstream would."""
    path = folder / file
    schema = json.loads(path.read_text(encoding="utf-8"))
    change(schema)
    data = (json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()
    path.write_bytes(data)
    lock_path = folder / LOCK
    lock = json.loads(lock_path.read_text(encoding="utf-8"))
    for entry in lock["schemas"].values():
        if entry["file"] == file:
            entry["sha256"] = hashlib.sha256(data).hexdigest()
    lock_path.write_text(json.dumps(lock, indent=2, sort_keys=True) + "\n", encoding="utf-8")


def write_json(path: Path, value: Any) -> Path:
    """Write ``value`` as JSON to ``path``."""
    path.write_text(json.dumps(value, indent=2), encoding="utf-8")
    return path


# --- the real schemas/ -------------------------------------------------------------------------


def test_real_schemas_load_sorted_by_type_name() -> None:
    """Every vendored type loads, in type-name order: both API Gateway families and neighbours."""
    names = [s.type_name for s in load_schemas()]
    assert names == sorted(names)
    assert len(names) == 49
    assert sum(n.startswith("AWS::ApiGateway::") for n in names) == 22
    assert sum(n.startswith("AWS::ApiGatewayV2::") for n in names) == 15
    assert [n for n in names if not n.startswith("AWS::ApiGateway")] == [
        "AWS::CertificateManager::Certificate",
        "AWS::CloudWatch::Alarm",
        "AWS::IAM::Policy",
        "AWS::IAM::Role",
        "AWS::Lambda::Function",
        "AWS::Lambda::Permission",
        "AWS::Logs::LogGroup",
        "AWS::Logs::MetricFilter",
        "AWS::Logs::SubscriptionFilter",
        "AWS::Route53::RecordSet",
        "AWS::S3::Bucket",
        "AWS::WAFv2::WebACLAssociation",
    ]


def test_loaded_schema_keeps_upstream_and_patched_apart() -> None:
    """`upstream` is the vendored content, `schema` the patched copy, `patch_file` the patch."""
    (stage,) = load_schemas(types=["AWS::ApiGateway::Stage"])
    vendored = json.loads((SCHEMAS_DIR / STAGE_FILE).read_text(encoding="utf-8"))
    assert stage.file == STAGE_FILE
    assert stage.patch_file == STAGE_FILE
    assert stage.upstream == vendored
    assert stage.schema != vendored


def test_unpatched_schema_is_the_upstream() -> None:
    """A type without a patch file has no patch_file and an unchanged schema."""
    (role,) = load_schemas(types=["AWS::IAM::Role"])
    assert role.patch_file is None
    assert role.schema == role.upstream


def test_unknown_type_is_reported_with_a_suggestion() -> None:
    """Asking for a type the lock does not list names the close locked one."""
    (problem,) = problems_of(lambda: load_schemas(types=["AWS::ApiGateway::Stag"]))
    assert problem.source == LOCK
    assert problem.message.startswith(
        "AWS::ApiGateway::Stag is not vendored (did you mean AWS::ApiGateway::Stage"
    )
    assert problem.message.endswith("run `stagewright schemas pull AWS::ApiGateway::Stag`")


# --- lock and sha -----------------------------------------------------------------------------


def test_tampered_file_is_reported(vendored: Path) -> None:
    """A schema whose bytes no longer match the lock's sha256 is reported as a hand edit."""
    path = vendored / "aws-iam-role.json"
    path.write_bytes(path.read_bytes().replace(b'"RoleName"', b'"Rolename"', 1))
    problems = problems_of(lambda: load_schemas(vendored))
    assert problems == [
        Problem(
            "aws-iam-role.json",
            "",
            "sha256 differs from the lock: edited by hand? re-run `stagewright schemas pull`",
        )
    ]


def test_file_missing_from_lock_is_reported(vendored: Path) -> None:
    """A schema file in schemas/ that the lock does not list is reported."""
    shutil.copy(vendored / "aws-iam-role.json", vendored / "aws-iam-user.json")
    problems = problems_of(lambda: load_schemas(vendored))
    assert [(p.source, p.message) for p in problems] == [
        ("aws-iam-user.json", "not in the lock; vendor it with `stagewright schemas pull TYPE`")
    ]


def test_lock_entry_without_file_is_reported(vendored: Path) -> None:
    """A lock entry with no file is reported at its pointer in the lock."""
    lock = json.loads((vendored / LOCK).read_text(encoding="utf-8"))
    del lock["schemas"]["AWS::IAM::Role"]["file"]
    write_json(vendored / LOCK, lock)
    problems = problems_of(lambda: load_schemas(vendored))
    assert (
        Problem(
            LOCK,
            "/schemas/AWS::IAM::Role",
            "the entry has no file; re-run `stagewright schemas pull`",
        )
        in problems
    )


def test_lock_entry_pointing_outside_schemas_is_refused(vendored: Path) -> None:
    """A lock file name with a path in it is refused instead of read."""
    lock = json.loads((vendored / LOCK).read_text(encoding="utf-8"))
    lock["schemas"]["AWS::IAM::Role"]["file"] = "../../etc/passwd.json"
    write_json(vendored / LOCK, lock)
    problems = problems_of(lambda: load_schemas(vendored))
    assert any("must be a plain *.json name" in p.message for p in problems)


def test_missing_lock_is_reported(vendored: Path) -> None:
    """Without a lock nothing loads, and the problem says how to make one."""
    (vendored / LOCK).unlink()
    problems = problems_of(lambda: load_schemas(vendored, types=[]))
    assert problems == [Problem(LOCK, "", "missing; run `stagewright schemas pull TYPE...`")]


def test_orphan_patch_is_reported(vendored: Path) -> None:
    """A patch for a schema that is not vendored is reported."""
    shutil.copy(vendored / "patches" / STAGE_FILE, vendored / "patches" / "aws-sqs-queue.json")
    problems = problems_of(lambda: load_schemas(vendored))
    assert [(p.source, p.message) for p in problems] == [
        ("patches/aws-sqs-queue.json", "patches a schema file the lock does not list")
    ]


def test_type_name_must_match_the_lock(vendored: Path) -> None:
    """A schema whose typeName differs from its lock key is reported."""
    rewrite(vendored, "aws-iam-role.json", lambda s: s.update(typeName="AWS::IAM::Rolle"))
    problems = problems_of(lambda: load_schemas(vendored))
    assert problems == [
        Problem(
            "aws-iam-role.json",
            "/typeName",
            "typeName is 'AWS::IAM::Rolle' but the lock files it as AWS::IAM::Role",
        )
    ]


# --- patches ---------------------------------------------------------------------------------


def test_failing_patch_test_names_file_op_path_and_reason(vendored: Path) -> None:
    """When upstream changes under a patch, its failing test op is reported, not skipped."""

    def widen(schema: dict[str, Any]) -> None:
        schema["properties"]["Variables"]["patternProperties"] = {".*": {"type": "string"}}

    rewrite(vendored, STAGE_FILE, widen)
    (problem,) = problems_of(lambda: load_schemas(vendored))
    assert problem.source == f"patches/{STAGE_FILE}"
    assert problem.pointer == "/0"
    assert problem.message.startswith(
        "op 0 (test /properties/Variables/patternProperties): the upstream value is not the one "
        "tested; upstream schema changed; review this patch. The patch says: The registry's key "
        "pattern [a-zA-Z0-9]+ is unanchored"
    )


def test_patch_path_gone_upstream_is_reported(vendored: Path) -> None:
    """A patch op whose path no longer exists upstream is reported with its index."""
    rewrite(vendored, STAGE_FILE, lambda s: s["properties"].pop("CacheClusterSize"))
    (problem,) = problems_of(lambda: load_schemas(vendored))
    assert problem.source == f"patches/{STAGE_FILE}"
    assert problem.message.startswith(
        "op 6 (test /properties/CacheClusterSize): the path is not in the upstream schema; "
        "upstream schema changed; review this patch."
    )


def test_every_failing_op_of_a_patch_is_reported(vendored: Path) -> None:
    """Independent failing ops in one patch are all reported, each guarded op skipped."""

    def change(schema: dict[str, Any]) -> None:
        schema["properties"]["CacheClusterSize"]["description"] = "Now documented."
        schema["definitions"]["MethodSetting"]["properties"]["LoggingLevel"]["enum"] = ["OFF"]

    rewrite(vendored, STAGE_FILE, change)
    problems = problems_of(lambda: load_schemas(vendored))
    assert [p.pointer for p in problems] == ["/4", "/6"]


def test_add_that_would_overwrite_upstream_is_reported(vendored: Path) -> None:
    """An add over a value upstream has since gained fails loudly instead of overwriting it."""

    def change(schema: dict[str, Any]) -> None:
        schema["definitions"]["MethodSetting"]["properties"]["ResourcePath"]["pattern"] = "^.*$"

    rewrite(vendored, STAGE_FILE, change)
    (problem,) = problems_of(lambda: load_schemas(vendored))
    assert problem.pointer == "/9"
    assert "add would overwrite an upstream value" in problem.message


def test_problems_in_several_files_are_reported_together(vendored: Path) -> None:
    """Tampering, a failing patch and a stray file in three files all come back in one error."""
    role = vendored / "aws-iam-role.json"
    role.write_bytes(role.read_bytes() + b"\n")
    rewrite(vendored, V2_FILE, lambda s: s["properties"]["Tags"].update(maxProperties=50))
    shutil.copy(role, vendored / "aws-iam-user.json")
    problems = problems_of(lambda: load_schemas(vendored))
    assert sorted({p.source for p in problems}) == [
        "aws-iam-role.json",
        "aws-iam-user.json",
        f"patches/{V2_FILE}",
    ]


def test_patch_ops_need_a_reason_and_a_source(tmp_path: Path) -> None:
    """Every patch op must say why and cite where, or the patch is refused."""
    schema = write_json(tmp_path / "thing.json", MINIMAL)
    patch = write_json(
        tmp_path / "patches.json",
        [{"op": "add", "path": "/properties/Id/maxLength", "value": 5, "reason": " "}],
    )
    problems = problems_of(lambda: load_schema_file(schema, patch))
    assert [p.message for p in problems] == [
        "every op needs a non-empty 'reason' (why, and the doc that says so)",
        "every op needs a non-empty 'source' (why, and the doc that says so)",
    ]


def test_unguarded_replace_is_refused(tmp_path: Path) -> None:
    """A replace without a test op on the same path just before it is refused."""
    schema = write_json(tmp_path / "thing.json", MINIMAL)
    op = {"op": "replace", "path": "/description", "value": "x", "reason": "r", "source": "s"}
    patch = write_json(tmp_path / "patches.json", [op])
    (problem,) = problems_of(lambda: load_schema_file(schema, patch))
    assert problem == Problem(
        "tmp0/patches.json".replace("tmp0", tmp_path.name),
        "/0",
        "unguarded replace: put a test op on the upstream value just before it",
    )


def test_patch_that_breaks_the_metaschema_is_reported(tmp_path: Path) -> None:
    """A patch must leave the schema conforming; new violations name the patch."""
    schema = write_json(tmp_path / "thing.json", MINIMAL)
    note = {"reason": "r", "source": "s"}
    patch = write_json(
        tmp_path / "patches.json",
        [
            {"op": "test", "path": "/properties/Id", "value": {"type": "string"}, **note},
            {"op": "replace", "path": "/properties/Id", "value": {"type": "text"}, **note},
        ],
    )
    (problem,) = problems_of(lambda: load_schema_file(schema, patch))
    assert problem.source == "thing.json (patched)"
    assert problem.pointer == "/properties/Id/type"
    assert problem.message.endswith(f"(introduced by {tmp_path.name}/patches.json)")


def test_load_schema_file_applies_a_patch(tmp_path: Path) -> None:
    """A schema outside schemas/ loads with its patch applied."""
    schema = write_json(tmp_path / "thing.json", MINIMAL)
    note = {"reason": "r", "source": "s"}
    patch = write_json(
        tmp_path / "patches.json",
        [{"op": "add", "path": "/properties/Id/maxLength", "value": 5, **note}],
    )
    loaded = load_schema_file(schema, patch)
    assert loaded.type_name == "Example::Test::Thing"
    assert loaded.schema["properties"]["Id"] == {"type": "string", "maxLength": 5}
    assert loaded.upstream == MINIMAL


# --- the meta-schema ---------------------------------------------------------------------------


def test_bad_type_keyword_is_reported_with_its_pointer() -> None:
    """A misspelt JSON type is a meta-schema violation at that keyword."""
    schema = {**MINIMAL, "properties": {"Id": {"type": "string"}, "X": {"type": "strng"}}}
    (problem,) = check_metaschema(schema, "x.json")
    assert problem.source == "x.json"
    assert problem.pointer == "/properties/X/type"
    assert "'strng' is not valid under any of the given schemas" in problem.message


def test_missing_type_name_is_reported() -> None:
    """A schema without typeName breaks the meta-schema."""
    schema = {k: v for k, v in MINIMAL.items() if k != "typeName"}
    assert check_metaschema(schema, "x.json") == [
        Problem("x.json", "", "'typeName' is a required property")
    ]


def test_unknown_keyword_is_reported_by_name() -> None:
    """A keyword the meta-schema does not allow is named in the problem."""
    schema = {**MINIMAL, "properties": {"Id": {"type": "string", "pattren": "^a"}}}
    assert check_metaschema(schema, "x.json") == [
        Problem(
            "x.json",
            "/properties/Id",
            "unknown keyword(s) 'pattren': the provider meta-schema does not allow them here",
        )
    ]


def test_map_must_close_additional_properties() -> None:
    """The meta-schema allows maps only as patternProperties with additionalProperties false."""
    prop = {"type": "object", "additionalProperties": {"type": "string"}}
    schema = {**MINIMAL, "properties": {"Id": {"type": "string"}, "Map": prop}}
    problems = check_metaschema(schema, "x.json")
    assert {p.pointer for p in problems} == {"/properties/Map/additionalProperties"}
    assert "False was expected" in {p.message for p in problems}


def test_cfn_lint_extension_keywords_are_tolerated() -> None:
    """cfn-lint's own keywords (and the top-level lifecycle) do not fail the check."""
    schema = {
        **MINIMAL,
        "lifecycle": {"status": "sunset", "date": "2026-09-30"},
        "requiredXor": ["Id", "Name"],
        "dependentExcluded": {"Id": ["Name"]},
        "properties": {
            "Id": {"type": "string", "enum": ["a", "b"], "enumCaseInsensitive": True},
            "Name": {"type": "string"},
            "List": {
                "type": "array",
                "items": {"$ref": "#/definitions/Item"},
                "uniqueKeys": ["Key"],
                "maxUniqueItems": 5,
                "prefixItems": [{"type": "object"}],
            },
        },
        "definitions": {
            "Item": {
                "type": "object",
                "additionalProperties": False,
                "properties": {"Key": {"type": "string"}},
                "requiredOr": ["Key"],
                "dependentRequired": {"Key": ["Key"]},
            }
        },
    }
    assert check_metaschema(schema, "x.json") == []


def test_conditional_keywords_are_still_reported() -> None:
    """if/then are draft-07 but not allowed by the meta-schema, so they stay reported."""
    schema = {**MINIMAL, "allOf": [{"if": {"required": ["Id"]}, "then": {"required": ["Id"]}}]}
    (problem,) = check_metaschema(schema, "x.json")
    assert problem.pointer == "/allOf/0"
    assert "'if', 'then'" in problem.message


def test_lifecycle_is_tolerated_only_at_the_top() -> None:
    """`lifecycle` inside a property is an ordinary unknown keyword."""
    schema = {**MINIMAL, "properties": {"Id": {"type": "string", "lifecycle": {}}}}
    (problem,) = check_metaschema(schema, "x.json")
    assert problem.pointer == "/properties/Id"


def test_property_named_like_an_extension_keyword_is_kept() -> None:
    """Only keywords are stripped: a property called requiredXor still has to be valid."""
    schema = {**MINIMAL, "properties": {"Id": {"type": "string"}, "requiredXor": {"type": "nope"}}}
    (problem,) = check_metaschema(schema, "x.json")
    assert problem.pointer == "/properties/requiredXor/type"


# --- hostile input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"{",
            "not valid JSON: Expecting property name enclosed in double quotes at line 1 column 2",
        ),
        (b"\xff\xfe{}", "not UTF-8 text"),
        (b'{"typeName": NaN}', "not valid JSON: NaN is not a JSON value"),
        (b"[" * 100_000 + b"]" * 100_000, "nested too deeply to parse"),
        (b"[]", "a resource schema must be a JSON object, not list"),
    ],
    ids=["truncated", "not-utf8", "nan", "deep", "array"],
)
def test_hostile_file_is_one_problem(tmp_path: Path, content: bytes, message: str) -> None:
    """Files that are not a JSON object give one clear problem, never another exception."""
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert problems_of(lambda: load_schema_file(path)) == [Problem("bad.json", "", message)]


def test_missing_file_is_a_problem(tmp_path: Path) -> None:
    """A schema path that does not exist is a problem, not an OSError."""
    (problem,) = problems_of(lambda: load_schema_file(tmp_path / "absent.json"))
    assert problem.source == "absent.json"
    assert problem.message.startswith("cannot read")


def test_schema_too_deep_to_check_is_a_problem() -> None:
    """A schema nested deeper than the checker can recurse is a problem, not a RecursionError."""
    node: dict[str, Any] = {"type": "string"}
    for _ in range(600):
        node = {"type": "array", "items": node}
    schema = {**MINIMAL, "properties": {"Id": node}}
    assert check_metaschema(schema, "x.json") == [
        Problem("x.json", "", "schema is nested too deeply to check")
    ]
