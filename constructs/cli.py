"""The ``stagewright`` command line: one line per problem, tracebacks only with ``--debug``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stagewright",
        description="API Gateway stages as code: synthesize, validate, generate types.",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show tracebacks for unexpected errors"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    synth = commands.add_parser(
        "synth",
        help="synthesize an app into CloudFormation templates",
        description="Synthesize APP into DIR: <StackName>.template.json per stack and a "
        "manifest.json. With no APP, the built-in example app (stagewright.examples.shop).",
    )
    synth.add_argument(
        "app",
        nargs="?",
        metavar="APP",
        help="a Python file, or module:attribute, holding an App (default: the built-in example)",
    )
    synth.add_argument(
        "-o",
        "--output",
        type=Path,
        default=Path("cfn.out"),
        metavar="DIR",
        help="output folder, replaced as a whole (default: cfn.out)",
    )

    validate = commands.add_parser(
        "validate",
        help="check template files: resource schemas, references, limits",
        description="Check CloudFormation templates (JSON or YAML); exit 1 if any has a problem.",
    )
    validate.add_argument("templates", nargs="+", type=Path, metavar="TEMPLATE")

    _add_diff(commands)

    codegen = commands.add_parser("codegen", help="regenerate generated/ from the vendored schemas")
    codegen.add_argument(
        "--check", action="store_true", help="exit 1 and name the files that differ"
    )
    codegen.add_argument(
        "--schemas", type=Path, default=None, help="schemas folder (default: schemas/)"
    )
    codegen.add_argument(
        "--out", type=Path, default=None, help="output folder (default: generated/)"
    )

    schemas = commands.add_parser("schemas", help="manage the vendored registry schemas")
    schemas_commands = schemas.add_subparsers(
        dest="schemas_command", metavar="ACTION", required=True
    )
    pull = schemas_commands.add_parser(
        "pull", help="fetch registry schemas into schemas/ and the lock"
    )
    pull.add_argument(
        "types", nargs="*", metavar="TYPE", help="type names (default: every locked type)"
    )
    pull.add_argument(
        "--source", choices=("cfn-lint", "aws"), default="cfn-lint", help="where to read them"
    )
    pull.add_argument("--region", default="us-east-1", help="registry region (default: us-east-1)")
    pull.add_argument(
        "--schemas", type=Path, default=None, help="schemas folder (default: schemas/)"
    )
    return parser


def _add_diff(commands: Any) -> None:
    diff = commands.add_parser(
        "diff",
        help="show what deploying the app would change, replacements marked",
        description="Compare each stack's fresh template with the deployed stack's (boto3 "
        "GetTemplate; region and profile the usual boto3 ways) or with --template FILE. Changes "
        "to create-only properties are marked REPLACEMENT.",
    )
    diff.add_argument("app", nargs="?", metavar="APP", help="as for synth (default: the example)")
    diff.add_argument(
        "--stack", action="append", default=[], metavar="NAME", help="only this stack (repeatable)"
    )
    diff.add_argument(
        "--template", type=Path, metavar="FILE", help="compare with this template file instead"
    )
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    diff.add_argument("--region", help="AWS region (default: boto3's)")
    diff.add_argument("--profile", help="AWS profile (default: boto3's)")


def _run(args: argparse.Namespace) -> int:
    # Commands import their machinery lazily so `stagewright --help` stays fast.
    if args.command == "synth":
        from stagewright._commands import main_synth  # noqa: PLC0415

        return main_synth(args.app, args.output, out=sys.stdout, err=sys.stderr)
    if args.command == "validate":
        from stagewright._commands import main_validate  # noqa: PLC0415

        return main_validate(args.templates, out=sys.stdout, err=sys.stderr)
    if args.command == "diff":
        from stagewright._diff_command import main_diff  # noqa: PLC0415

        return main_diff(
            args.app,
            stacks=args.stack,
            template=args.template,
            as_json=args.json,
            region=args.region,
            profile=args.profile,
            out=sys.stdout,
        )
    from stagewright.codegen import _paths  # noqa: PLC0415

    if args.command == "codegen":
        from stagewright.codegen.pipeline import main_codegen  # noqa: PLC0415

        return main_codegen(
            check=args.check,
            schemas_dir=args.schemas or _paths.SCHEMAS_DIR,
            out_dir=args.out or _paths.GENERATED_DIR,
        )
    if args.command == "schemas" and args.schemas_command == "pull":
        from stagewright.codegen.pull import main_pull  # noqa: PLC0415

        return main_pull(
            list(args.types),
            source=args.source,
            region=args.region,
            schemas_dir=args.schemas or _paths.SCHEMAS_DIR,
        )
    raise AssertionError(f"unhandled command {args.command!r}")  # argparse rejects the rest


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        if args.debug:
            raise
        for line in _error_lines(exc):
            print(f"error: {line}", file=sys.stderr)
        print("(run with --debug for the traceback)", file=sys.stderr)
        return 1


def _error_lines(exc: Exception) -> list[str]:
    """One line per problem: errors that carry a list of problems are spread out."""
    lines = getattr(exc, "lines", None)
    if isinstance(lines, list):
        return [str(line) for line in lines]
    problems = getattr(exc, "problems", None)
    if problems:
        return [str(p) for p in problems]
    if type(exc).__name__ in ("AppLoadError", "DiffError", "TemplateError", "TemplateImportError"):
        return [str(exc)]
    return [f"{type(exc).__name__}: {exc}"]


if __name__ == "__main__":
    sys.exit(main())
