"""The ``stagewright`` command line: one line per problem, tracebacks only with ``--debug``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

__all__ = ["main"]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="stagewright",
        description="API Gateway stages as code: generate, synthesize, validate.",
    )
    parser.add_argument(
        "--debug", action="store_true", help="show tracebacks for unexpected errors"
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

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


def _run(args: argparse.Namespace) -> int:
    # Commands import their machinery lazily so `stagewright --help` stays fast.
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
        print(
            f"error: {type(exc).__name__}: {exc} (run with --debug for the traceback)",
            file=sys.stderr,
        )
        return 1


if __name__ == "__main__":
    sys.exit(main())
