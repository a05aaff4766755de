"""The generator pipeline: load -> model -> render -> format -> write (or check)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from stagewright.codegen._format import format_sources
from stagewright.codegen._paths import GENERATED_DIR, SCHEMAS_DIR
from stagewright.codegen._problems import CodegenError, Problem
from stagewright.codegen.build import build_resource
from stagewright.codegen.model import ResourceModel, Target
from stagewright.codegen.render import render_package_init, render_resource, render_root_init

if TYPE_CHECKING:
    from stagewright.codegen.load import LoadedSchema

__all__ = [
    "PROJECT_TARGET",
    "Target",
    "diff_tree",
    "generate",
    "main_codegen",
    "render_models",
    "write_tree",
]

Out = Callable[[str], None]

PROJECT_TARGET = Target()
"""stagewright's own ``generated/`` (``stagewright.generated``, from ``schemas/``)."""


def _source_label(schema: LoadedSchema, schemas: str) -> str:
    label = f"{schemas}/{schema.file}"
    return f"{label} + {schemas}/patches/{schema.patch_file}" if schema.patch_file else label


def _build_one(job: tuple[dict[str, Any], str]) -> tuple[ResourceModel | None, list[Problem]]:
    return build_resource(*job)


def build_models(
    jobs: Sequence[tuple[dict[str, Any], str]], *, workers: int = 1
) -> tuple[list[ResourceModel], list[Problem]]:
    """Build the model of each ``(schema, source label)``; collect every problem."""
    if workers > 1 and len(jobs) > 50:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(_build_one, jobs, chunksize=16))
    else:
        results = [_build_one(job) for job in jobs]
    models = [m for m, _ in results if m is not None]
    problems = [p for _, ps in results for p in ps]
    return models, problems


def render_models(
    models: Sequence[ResourceModel], target: Target = PROJECT_TARGET
) -> tuple[dict[str, str], list[Problem]]:
    """Return the generated tree (relative path -> unformatted source) and naming clashes."""
    files: dict[str, str] = {}
    problems: list[Problem] = []
    packages: dict[str, list[tuple[str, str]]] = {}
    owners: dict[str, str] = {}
    for model in sorted(models, key=lambda m: m.type_name):
        rel = f"{model.package}/{model.module}.py"
        if rel in owners:
            problems.append(
                Problem(model.type_name, "", f"module {rel} is already {owners[rel]}'s")
            )
            continue
        owners[rel] = model.type_name
        files[rel] = render_resource(model, target.command)
        packages.setdefault(model.package, []).append((model.module, model.type_name))
    for package, modules in sorted(packages.items()):
        files[f"{package}/__init__.py"] = render_package_init(package, sorted(modules))
    index = [
        (m.type_name, f"{target.package}.{m.package}.{m.module}", m.class_name)
        for m in sorted(models, key=lambda m: m.type_name)
        if owners.get(f"{m.package}/{m.module}.py") == m.type_name
    ]
    files["__init__.py"] = render_root_init(index, target.command)
    return files, problems


def generate(
    schemas: Sequence[LoadedSchema], *, workers: int = 1, target: Target = PROJECT_TARGET
) -> dict[str, str]:
    """Return the formatted tree for ``schemas``; raise CodegenError with every problem."""
    models, problems = build_models(
        [(s.schema, _source_label(s, target.schemas)) for s in schemas], workers=workers
    )
    files, clashes = render_models(models, target)
    problems += clashes
    if problems:
        raise CodegenError(problems)
    return format_sources(files)


def _existing(out_dir: Path) -> dict[str, bytes]:
    if not out_dir.is_dir():
        return {}
    return {
        path.relative_to(out_dir).as_posix(): path.read_bytes()
        for path in sorted(out_dir.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


def diff_tree(files: dict[str, str], out_dir: Path) -> list[str]:
    """Return the paths where ``out_dir`` differs from ``files`` (changed, missing, extra)."""
    current = _existing(out_dir)
    wanted = {rel: text.encode("utf-8") for rel, text in files.items()}
    return sorted(rel for rel in set(current) | set(wanted) if current.get(rel) != wanted.get(rel))


def write_tree(files: dict[str, str], out_dir: Path) -> None:
    """Replace ``out_dir`` with exactly ``files``: written beside it first, then swapped in."""
    staging = out_dir.with_name(f".{out_dir.name}.new")
    retired = out_dir.with_name(f".{out_dir.name}.old")
    for leftover in (staging, retired):
        shutil.rmtree(leftover, ignore_errors=True)
    for rel, text in files.items():
        path = staging / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    if out_dir.exists():
        os.replace(out_dir, retired)
    os.replace(staging, out_dir)
    shutil.rmtree(retired, ignore_errors=True)


def main_codegen(
    *,
    check: bool = False,
    schemas_dir: Path = SCHEMAS_DIR,
    out_dir: Path = GENERATED_DIR,
    out: Out = print,
) -> int:
    """Regenerate ``out_dir`` from ``schemas_dir`` (or, with ``check``, report what is stale)."""
    from stagewright.codegen.load import load_schemas  # noqa: PLC0415 - keeps `--help` fast

    try:
        schemas = load_schemas(schemas_dir)
        out(f"loaded {len(schemas)} schema(s) from {schemas_dir}")
        files = generate(schemas)
    except CodegenError as exc:
        for problem in exc.problems:
            out(f"error: {problem}")
        out(f"{len(exc.problems)} problem(s); nothing was written")
        return 1
    if check:
        stale = diff_tree(files, out_dir)
        for rel in stale:
            out(f"stale: {out_dir.name}/{rel}")
        if stale:
            out(
                f"{len(stale)} file(s) differ from the schemas;"
                " run `stagewright codegen` and commit"
            )
            return 1
        out(f"{out_dir.name}/ is up to date ({len(files)} files)")
        return 0
    write_tree(files, out_dir)
    out(f"wrote {len(files)} files to {out_dir}")
    return 0
