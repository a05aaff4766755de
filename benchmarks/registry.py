"""Generate every type of the pinned cfn-lint registry snapshot, import each, print the figures.

Run: ``python benchmarks/registry.py [--region us-east-1] [--workers 2] [--keep DIR]``

Prints how many schemas loaded (meta-schema check included), generated and imported, the failures
by category, and wall times per stage; then times regenerating the vendored set (``schemas/``).
Targets (issue 2): 100% generated and imported; the whole registry in at most 60 s on 2 cores;
the vendored set in at most 5 s.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from stagewright.codegen._format import format_sources
from stagewright.codegen._paths import SCHEMAS_DIR
from stagewright.codegen._problems import CodegenError, Problem
from stagewright.codegen._registry import cfn_lint_root, cfn_lint_types
from stagewright.codegen.load import LoadedSchema, check_metaschema, load_schema_file, load_schemas
from stagewright.codegen.pipeline import build_models, generate, render_models
from stagewright.codegen.pull import CFN_LINT_VERSION

_IMPORT_ALL = """
import importlib, json, sys, traceback
failures = {}
names = json.loads(sys.stdin.read())
for name in names:
    try:
        importlib.import_module(name)
    except Exception as exc:
        failures[name] = f"{type(exc).__name__}: {exc}"
print(json.dumps(failures))
"""


def _category(message: str) -> str:
    return re.sub(r"'[^']*'|\"[^\"]*\"|\d+", "_", message)[:90]


def cfn_lint_snapshot(region: str) -> dict[str, Path]:
    """Map every type of the pinned cfn-lint snapshot of ``region`` to its schema file."""
    root = cfn_lint_root(CFN_LINT_VERSION)
    return {
        name: root / "resources" / f"{digest}.json"
        for name, digest in cfn_lint_types(root, region).items()
    }


def _load_all(region: str) -> tuple[list[LoadedSchema], list[Problem], list[Problem]]:
    """Load every schema; return the loaded ones, hard failures, and meta-schema-only failures.

    A schema whose only problems are meta-schema violations (cfn-lint's snapshot adds
    ``if``/``then`` and the like to a few types) is still generated, so the generator is measured
    on all of them; its violations are reported in their own category.
    """
    loaded, failures, meta_only = [], [], []
    for type_name, path in sorted(cfn_lint_snapshot(region).items()):
        try:
            loaded.append(load_schema_file(path))
        except CodegenError as exc:
            schema = json.loads(path.read_bytes())
            if check_metaschema(schema, path.name) and schema.get("typeName") == type_name:
                meta_only.extend(exc.problems)
                loaded.append(LoadedSchema(type_name, path.name, schema, schema, None))
            else:
                failures.extend(exc.problems)
    return loaded, failures, meta_only


def write_package(files: dict[str, str], root: Path) -> list[str]:
    """Write the generated tree as package ``registry_gen`` in ``root``; return its modules."""
    package = root / "registry_gen"
    for rel, text in files.items():
        path = package / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(
        "registry_gen." + rel.removesuffix(".py").replace("/", ".")
        for rel in files
        if not rel.endswith("__init__.py")
    )


def _import_all(files: dict[str, str], root: Path) -> dict[str, str]:
    modules = write_package(files, root)
    result = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL],
        input=json.dumps(modules),
        capture_output=True,
        text=True,
        cwd=root,
        check=True,
    )
    failures: dict[str, str] = json.loads(result.stdout)
    return failures


def _report(title: str, problems: list[Problem] | dict[str, str]) -> None:
    messages = (
        [p.message for p in problems] if isinstance(problems, list) else list(problems.values())
    )
    if not messages:
        return
    print(f"  {title} by category:")
    for category, count in collections.Counter(_category(m) for m in messages).most_common():
        print(f"    {count:5d}  {category}")


def main() -> int:
    """Run the benchmark and print its figures; exit 1 if a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="keep the generated tree in this folder")
    args = parser.parse_args()

    started = time.perf_counter()
    loaded, load_problems, meta_only = _load_all(args.region)
    t_load = time.perf_counter()
    models, build_problems = build_models(
        [(s.schema, s.type_name) for s in loaded], workers=args.workers
    )
    t_build = time.perf_counter()
    files, clashes = render_models(models)
    t_render = time.perf_counter()
    files = format_sources(files)
    t_format = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="stagewright-registry-") as tmp:
        root = args.keep or Path(tmp)
        failures = _import_all(files, root)
    t_import = time.perf_counter()

    total = len(cfn_lint_snapshot(args.region))
    generated = len({m.type_name for m in models}) - len(clashes)
    imported = generated - len(failures)
    print(f"registry: cfn-lint snapshot, {args.region}: {total} types")
    print(f"  loaded:                                 {len(loaded)}/{total}")
    print(f"    of which fail the provider meta-schema: {len({p.source for p in meta_only})}")
    print(f"  generated:                              {generated}/{total}")
    print(f"  imported:                               {imported}/{total}")
    unenforced = sum(1 for m in models for c in (m.props, *m.classes) if c.unenforced)
    print(f"  classes with a class-level rule not enforced (if/then, nested): {unenforced}")
    _report("load failures", load_problems)
    _report("meta-schema violations (generated anyway)", meta_only)
    _report("build problems", build_problems + clashes)
    _report("import failures", failures)
    print(
        f"  wall time: {t_import - started:.1f}s total = load {t_load - started:.1f}s"
        f" + build {t_build - t_load:.1f}s ({args.workers} workers)"
        f" + render {t_render - t_build:.1f}s"
        f" + format {t_format - t_render:.1f}s + import {t_import - t_format:.1f}s"
    )

    vendored_started = time.perf_counter()
    vendored = generate(load_schemas(SCHEMAS_DIR))
    vendored_time = time.perf_counter() - vendored_started
    print(f"vendored set: {len(vendored)} files from {SCHEMAS_DIR} in {vendored_time:.2f}s")

    whole = t_import - started
    ok = imported == total and whole <= 60 and vendored_time <= 5
    print(
        "targets: "
        + ("met" if ok else "MISSED")
        + " (100% imported, <= 60 s whole, <= 5 s vendored)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
