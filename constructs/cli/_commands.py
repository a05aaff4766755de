"""What ``stagewright synth`` and ``stagewright validate`` do (the parsing lives in ``cli``)."""

from __future__ import annotations

import contextlib
import difflib
import importlib
import os
import runpy
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO, TypeVar

from stagewright.core._stack import App
from stagewright.synth._checks import check_template, resource_class

T = TypeVar("T")

__all__ = ["AppCodeError", "AppLoadError", "load_app", "main_synth", "main_validate"]


class AppLoadError(Exception):
    """The APP argument did not lead to an App; the message says what was found instead."""


def _find_app(namespace: dict[str, Any], origin: str) -> App:
    app = namespace.get("app")
    if isinstance(app, App):
        return app
    apps = sorted(name for name, value in namespace.items() if isinstance(value, App))
    if len(apps) == 1:
        return namespace[apps[0]]  # type: ignore[no-any-return]
    if apps:
        raise AppLoadError(
            f"{origin} defines several apps ({', '.join(apps)}); name one as {origin}:NAME"
        )
    factories = sorted(n for n in ("build_app", "make_app", "create_app") if n in namespace)
    if factories:
        return _call(namespace[factories[0]], f"{origin}:{factories[0]}")
    raise AppLoadError(
        f"{origin} defines no App: assign one to a module-level variable (app = App()) "
        "or define build_app()"
    )


def _call(value: Any, origin: str) -> App:
    if isinstance(value, App):
        return value
    if callable(value):
        value = value()
        if isinstance(value, App):
            return value
    raise AppLoadError(
        f"{origin} is not an App nor a function returning one ({type(value).__name__})"
    )


def _where_in(file: str | None, exc: BaseException) -> str:
    """Return ' (at FILE:LINE)' for the deepest frame of ``exc`` inside the user's ``file``."""
    if file is None:
        return ""
    found = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if Path(frame.filename).resolve() == Path(file).resolve():
            found = f" (at {file}:{frame.lineno})"
    return found


class AppCodeError(Exception):
    """The app's own code raised while it was loaded; ``prefix`` points at its line."""

    def __init__(self, prefix: str, cause: Exception) -> None:
        self.prefix, self.cause = prefix, cause
        super().__init__(f"{prefix}: {cause}")

    @property
    def lines(self) -> list[str]:
        """One line per problem of the cause (a ValidationError may carry several)."""
        problems = getattr(self.cause, "problems", None)
        return [f"{self.prefix}: {p}" for p in problems] if problems else [str(self)]


def load_app(spec: str | None) -> App:
    """Return the App named by ``spec``: a ``.py`` file, ``module:attribute``, or a module.

    None means the built-in example app (``stagewright.examples.shop``).
    """
    if spec is None:
        from stagewright.examples.shop import build_app  # noqa: PLC0415

        return build_app()
    if spec.endswith(".py") or Path(spec).is_file():
        return _load_file(Path(spec))
    module_name, _, attribute = spec.partition(":")
    sys.path.insert(0, str(Path.cwd()))
    try:
        module = _guarded(lambda: importlib.import_module(module_name), None)
    except ModuleNotFoundError as exc:
        if exc.name and module_name.startswith(exc.name):
            raise AppLoadError(f"no Python file or module named {spec!r}") from exc
        raise
    finally:
        sys.path.remove(str(Path.cwd()))
    if attribute:
        if not hasattr(module, attribute):
            public = [name for name in vars(module) if not name.startswith("_")]
            close = difflib.get_close_matches(attribute, public, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            raise AppLoadError(f"module {module_name!r} has no attribute {attribute!r}{hint}")
        return _guarded(lambda: _call(getattr(module, attribute), spec), module.__file__)
    return _guarded(lambda: _find_app(vars(module), module_name), module.__file__)


def _load_file(path: Path) -> App:
    if not path.is_file():
        raise AppLoadError(f"no such app file: {path}")
    sys.path.insert(0, str(path.parent.resolve()))
    try:
        namespace = _guarded(
            lambda: runpy.run_path(str(path), run_name="__stagewright_app__"), str(path)
        )
        return _guarded(lambda: _find_app(namespace, str(path)), str(path))
    finally:
        sys.path.remove(str(path.parent.resolve()))


def _guarded(action: Callable[[], T], file: str | None) -> T:
    try:
        return action()
    except (AppLoadError, ModuleNotFoundError):
        raise
    except Exception as exc:
        where = _where_in(file, exc)
        raise AppCodeError(f"the app raised {type(exc).__name__}{where}", exc) from exc


def _print_problems(problems: Sequence[str], stream: TextIO) -> None:
    for problem in problems:
        print(f"error: {problem}", file=stream)


def main_synth(
    spec: str | None,
    outdir: Path,
    *,
    out: TextIO,
    err: TextIO,
    stacks: Sequence[str] = (),
    strict: bool = False,
) -> int:
    """Load the app, synthesize it into ``outdir`` and report; return the exit code.

    With ``stacks``, print those stacks' templates to ``out`` and write nothing; with
    ``strict``, a warning fails synthesis as an error does (nothing is written).
    """
    from stagewright.cli._deploy_inputs import unknown_stacks  # noqa: PLC0415
    from stagewright.core._tree import WARNING  # noqa: PLC0415
    from stagewright.synth._synth import (  # noqa: PLC0415
        MANIFEST_FILE,
        SynthesisError,
        synthesize,
        write_assembly,
    )

    # An app that calls ``app.synth()`` itself (the CDK habit) writes where this run writes.
    with _environment("STAGEWRIGHT_OUTDIR", str(outdir)):
        app = load_app(spec)
    try:
        assembly = synthesize(app)
    except SynthesisError as exc:
        _print_problems(exc.problems, err)
        print(f"synthesis failed: {len(exc.problems)} problem(s), nothing written", file=err)
        return 1
    for message in assembly.messages:
        print(str(message), file=err)
    warnings = [m for m in assembly.messages if m.level == WARNING]
    if strict and warnings:
        print(
            f"synthesis failed: {len(warnings)} warning(s) with --strict, nothing written", file=err
        )
        return 1
    if stacks:
        problem = unknown_stacks(assembly, stacks)
        if problem:
            raise AppLoadError(problem)
        for name in stacks:
            out.write(assembly.stack(name).body)
        return 0
    write_assembly(assembly, outdir)
    for artifact in assembly.stacks:
        count = artifact.resources
        print(f"wrote {outdir / artifact.file} ({count} resources)", file=out)
    print(f"wrote {outdir / MANIFEST_FILE}", file=out)
    return 0


@contextlib.contextmanager
def _environment(name: str, value: str) -> Iterator[None]:
    """Set the environment variable ``name`` to ``value`` inside the block only."""
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            del os.environ[name]
        else:
            os.environ[name] = before


def main_ls(spec: str | None, *, out: TextIO) -> int:
    """Print the app's stacks, one per line, each with its environment and its dependencies."""
    assembly = load_app(spec).synthesize()
    for artifact in assembly.stacks:
        after = f"  (after {', '.join(artifact.dependencies)})" if artifact.dependencies else ""
        env = "" if artifact.environment.agnostic else f"  {artifact.environment}"
        print(f"{artifact.name}{env}{after}", file=out)
    return 0


def main_validate(files: Sequence[Path], *, out: TextIO, err: TextIO) -> int:
    """Check each template file; print one line per problem; return 1 if any were found."""
    from stagewright.template._yaml import TemplateError, load_template  # noqa: PLC0415

    failed = 0
    for file in files:
        try:
            template = load_template(file)
        except (OSError, TemplateError) as exc:
            # A TemplateError names its file (and line) itself.
            named = isinstance(exc, TemplateError) and exc.file is not None
            _print_problems([str(exc) if named else f"{file}: {exc}"], err)
            failed += 1
            continue
        problems = check_template(template)
        _print_problems([f"{file}: {p}" for p in problems], err)
        failed += bool(problems)
        if not problems:
            print(f"{file}: ok ({_coverage(template)})", file=out)
    total = len(files)
    print(f"{total - failed} of {total} template(s) valid", file=out if not failed else err)
    return 1 if failed else 0


def _coverage(template: Any) -> str:
    resources = template.get("Resources", {})
    unchecked = sorted(
        {
            str(entry.get("Type"))
            for entry in resources.values()
            if isinstance(entry, dict) and resource_class(str(entry.get("Type"))) is None
        }
    )
    text = f"{len(resources)} resources, {len(resources) - _count(resources, unchecked)} "
    text += "checked against their schema"
    if unchecked:
        text += f"; no schema here for {', '.join(unchecked)}"
    return text


def _count(resources: dict[str, Any], types: list[str]) -> int:
    return sum(1 for e in resources.values() if isinstance(e, dict) and e.get("Type") in types)
