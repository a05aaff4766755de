"""The ``stagewright`` command line: one line per problem, tracebacks only with ``--debug``."""

from __future__ import annotations

import argparse
import os
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
        description="Run APP's code and synthesize its App into DIR: <StackName>.template.json "
        "per stack and a manifest.json. APP defaults to app under [tool.stagewright] in "
        "pyproject.toml; with neither, the built-in example app (stagewright.examples.shop).",
    )
    synth.add_argument(
        "app",
        nargs="?",
        metavar="APP",
        help="a Python file, or module:attribute, holding an App; its code runs "
        "(default: [tool.stagewright] app, else the built-in example)",
    )
    synth.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="DIR",
        help="output folder, replaced as a whole if stagewright wrote it "
        "(default: [tool.stagewright] output, else cfn.out)",
    )

    synth.add_argument(
        "--stack",
        action="append",
        default=[],
        metavar="NAME",
        help="print this stack's template to stdout instead of writing the folder (repeatable)",
    )
    synth.add_argument(
        "--strict", action="store_true", help="fail on warnings too: nothing is written"
    )

    ls = commands.add_parser(
        "ls",
        help="list the app's stacks",
        description="Run APP's code and list its stacks in order, each with those it depends on.",
    )
    ls.add_argument(
        "app",
        nargs="?",
        metavar="APP",
        help="as for synth (default: [tool.stagewright] app, else the built-in example)",
    )

    validate = commands.add_parser(
        "validate",
        help="check template files: resource schemas, references, limits",
        description="Check CloudFormation templates (JSON or YAML); exit 1 if any has a problem.",
    )
    validate.add_argument("templates", nargs="+", type=Path, metavar="TEMPLATE")
    _add_errors(commands)

    _add_diff(commands)
    _add_deploy(commands)
    _add_destroy(commands)
    _add_bootstrap(commands)

    _add_types(commands)

    codegen = commands.add_parser(
        "codegen", help="(contributors) regenerate generated/ from the vendored schemas"
    )
    codegen.add_argument(
        "--check", action="store_true", help="exit 1 and name the files that differ"
    )
    codegen.add_argument(
        "--schemas", type=Path, default=None, help="schemas folder (default: schemas/)"
    )
    codegen.add_argument(
        "--out", type=Path, default=None, help="output folder (default: generated/)"
    )

    schemas = commands.add_parser(
        "schemas", help="(contributors) manage the vendored registry schemas"
    )
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


def _add_errors(commands: Any) -> None:
    errors = commands.add_parser(
        "errors",
        help="explain an error id a message ends with, such as [pattern] (the errors reference)",
        description="Print the errors reference's row for each ID (as a message ends: "
        "[pattern]): when it is reported, the message's shape and an example. Without ID, "
        "list every id.",
    )
    errors.add_argument("ids", nargs="*", metavar="ID", help="an id from a message's [brackets]")


def _add_types(commands: Any) -> None:
    types = commands.add_parser(
        "types",
        help="generate typed classes for any CloudFormation type into your project",
        description="Pull registry schemas into your project (types_schemas under "
        "[tool.stagewright], default cfn-schemas/: the schemas, their lock and patches/) and "
        "generate typed classes into a package of it (types_package, default cfn_types). "
        "Without ACTION, list the locked types.",
    )
    types.add_argument(
        "--check",
        action="store_true",
        help="exit 1 and name each generated file that differs from the locked schemas",
    )
    actions = types.add_subparsers(dest="types_command", metavar="ACTION")
    add = actions.add_parser(
        "add",
        help="pull the types' schemas, lock them and regenerate the package",
        description="Pull each TYPE's schema (again, if locked) and regenerate the package.",
    )
    add.add_argument("types", nargs="+", metavar="TYPE", help="e.g. AWS::SQS::Queue")
    add.add_argument(
        "--source",
        choices=("cfn-lint", "aws"),
        default="cfn-lint",
        help="cfn-lint: the pinned cfn-lint's offline snapshot (default); aws: DescribeType "
        "(AWS credentials, the usual boto3 ways)",
    )
    add.add_argument("--region", default="us-east-1", help="registry region (default: us-east-1)")
    actions.add_parser(
        "update",
        help="regenerate the package from the lock, the schemas and patches/",
        description="Regenerate the package from the locked schemas and their patches "
        "(after editing a patch or upgrading stagewright).",
    )


def _add_stack_option(
    command: argparse.ArgumentParser, help: str, *, required: bool = False
) -> None:
    command.add_argument(
        "--stack", action="append", default=[], required=required, metavar="NAME", help=help
    )


def _add_app_argument(command: argparse.ArgumentParser, verb: str) -> None:
    command.add_argument(
        "app",
        nargs="?",
        metavar="APP",
        help="a Python file, or module:attribute, holding an App; its code runs "
        "(default: [tool.stagewright] app in pyproject.toml; never the example by itself)",
    )
    command.add_argument(
        "--example",
        action="store_true",
        help=f"{verb} the built-in example app (stagewright.examples.shop)",
    )


def _add_diff(commands: Any) -> None:
    diff = commands.add_parser(
        "diff",
        help="show what deploying the app would change, replacements marked",
        description="Compare each stack's fresh template with the deployed stack's (boto3 "
        "GetTemplate; region and profile the usual boto3 ways) or with --template FILE. Changes "
        "to create-only properties are marked REPLACEMENT.",
    )
    _add_app_argument(diff, "compare")
    _add_stack_option(diff, "only this stack (repeatable)")
    diff.add_argument(
        "--template", type=Path, metavar="FILE", help="compare with this template file instead"
    )
    diff.add_argument("--json", action="store_true", help="print the changes as JSON")
    diff.add_argument(
        "--fail", action="store_true", help="exit 1 when anything would change (for CI gates)"
    )
    diff.add_argument(
        "--region",
        help="AWS region of stacks declaring none (default: [tool.stagewright], boto3's)",
    )
    diff.add_argument("--profile", help="AWS profile (default: boto3's)")


def _add_aws_options(command: argparse.ArgumentParser, verb: str) -> None:
    command.add_argument(
        "--yes", action="store_true", help=f"{verb} without asking (needed when stdin is no TTY)"
    )
    command.add_argument(
        "--region",
        help="AWS region of stacks declaring none; must match a declared one "
        "(default: [tool.stagewright] region, else boto3's: AWS_REGION, config)",
    )
    command.add_argument("--profile", help="AWS profile (default: boto3's: AWS_PROFILE, config)")
    command.add_argument(
        "--timeout",
        type=float,
        default=60,
        metavar="MINUTES",
        help="stop waiting for a stack after this long; CloudFormation carries on (default: 60)",
    )
    command.add_argument(
        "--poll-interval",
        type=float,
        default=5,
        metavar="SECONDS",
        help="time between two looks at the stack's status and events (default: 5)",
    )


def _add_deploy(commands: Any) -> None:
    deploy = commands.add_parser(
        "deploy",
        help="deploy the app's stacks through CloudFormation change sets",
        description="For each stack, in dependency order: create a change set, show its changes "
        "(replacements marked), ask, execute it and follow the stack's events until it settles. "
        "A failure stops there and names the first failing resource. Region, profile, "
        "credentials and endpoint (AWS_ENDPOINT_URL) come the usual boto3 ways.",
    )
    _add_app_argument(deploy, "deploy")
    _add_stack_option(deploy, "only this stack (repeatable; default: every stack)")
    deploy.add_argument(
        "--parameter",
        action="append",
        default=[],
        metavar="[STACK:]KEY=VALUE",
        help="a parameter value, for every stack declaring KEY or for STACK only (repeatable)",
    )
    deploy.add_argument(
        "--parameters-file",
        type=Path,
        metavar="FILE",
        help="parameter values in JSON or YAML: KEY: VALUE, STACK: {KEY: VALUE}, or "
        "CloudFormation's ParameterKey/ParameterValue list (--parameter wins)",
    )
    deploy.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a tag for every stack and its resources (repeatable)",
    )
    deploy.add_argument(
        "--tags-file",
        type=Path,
        metavar="FILE",
        help="tags in JSON or YAML: KEY: VALUE, or a Key/Value list (--tag wins)",
    )
    _add_rollout_options(deploy)
    _add_aws_options(deploy, "deploy")
    deploy.add_argument(
        "--concurrency",
        type=_at_least_one,
        default=1,
        metavar="N",
        help="deploy up to N independent stacks at once, in dependency order, each output line "
        "prefixed with its stack (default: 1; more needs --yes)",
    )


def _at_least_one(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _add_rollout_options(deploy: argparse.ArgumentParser) -> None:
    deploy.add_argument(
        "--rollback-alarm",
        action="append",
        default=[],
        metavar="NAME_OR_ARN",
        help="a CloudWatch alarm that rolls each stack's change set back when it fires "
        "(repeatable; with the stack's own and its canary rollout's, at most 5)",
    )
    deploy.add_argument(
        "--step",
        metavar="N|next|promote",
        help="canary rollout: deploy only this step (it must follow the deployed one; done "
        "already: nothing to do), for pipelines that run one step per job",
    )
    deploy.add_argument(
        "--no-wait",
        action="store_true",
        help="canary rollout: deploy the next step and leave its bake to CloudFormation",
    )
    deploy.add_argument(
        "--dry-run",
        action="store_true",
        help="print what would be deployed (a canary rollout's plan, from the deployed step); "
        "change nothing",
    )


def _add_destroy(commands: Any) -> None:
    destroy = commands.add_parser(
        "destroy",
        help="delete deployed stacks, listing the resources they keep",
        description="List the stack's resources, marking those its DeletionPolicy keeps, ask, "
        "delete the stack and follow its events until it is gone. Several stacks go in reverse "
        "dependency order when APP is given, else in the order named.",
    )
    destroy.add_argument(
        "app",
        nargs="?",
        metavar="APP",
        help="the app, to order the stacks and check their names (optional)",
    )
    _add_stack_option(destroy, "a stack to destroy (repeatable, at least one)", required=True)
    _add_aws_options(destroy, "destroy")


def _add_bootstrap(commands: Any) -> None:
    bootstrap = commands.add_parser(
        "bootstrap",
        help="create the staging bucket deploy uploads large templates and assets to",
        description="Deploy the stack StagewrightStaging to the account and region: an S3 "
        "bucket (encrypted, versioned, public access blocked, old objects expire) named "
        "stagewright-staging-<account>-<region>. Once per account and region; run again, it "
        "changes nothing when the stack is up to date.",
    )
    _add_aws_options(bootstrap, "bootstrap")


def _run(args: argparse.Namespace) -> int:
    # Commands import their machinery lazily so `stagewright --help` stays fast.
    if args.command == "synth":
        from stagewright.cli._commands import main_synth  # noqa: PLC0415

        project = _project()
        spec = args.app or project.app
        if spec is None:
            print(
                "note: no APP given and no app under [tool.stagewright] in pyproject.toml: "
                "synthesizing the built-in example (stagewright.examples.shop); pass APP "
                "(app.py or module:attribute) to synthesize yours",
                file=sys.stderr,
            )
        output = args.output or project.output or Path("cfn.out")
        return main_synth(
            spec, output, out=sys.stdout, err=sys.stderr, stacks=args.stack, strict=args.strict
        )
    if args.command == "ls":
        from stagewright.cli._commands import main_ls  # noqa: PLC0415

        return main_ls(args.app or _project().app, out=sys.stdout)
    if args.command == "validate":
        from stagewright.cli._commands import main_validate  # noqa: PLC0415

        _use_project_types()
        return main_validate(args.templates, out=sys.stdout, err=sys.stderr)
    if args.command == "errors":
        from stagewright.cli._errors_doc import main_errors  # noqa: PLC0415

        return main_errors(args.ids, out=sys.stdout, err=sys.stderr)
    if args.command == "diff":
        from stagewright.cli._diff import main_diff  # noqa: PLC0415

        _use_project_types()
        return main_diff(
            _chosen_app(args, "compare"),
            stacks=args.stack,
            template=args.template,
            as_json=args.json,
            region=args.region,
            profile=args.profile,
            out=sys.stdout,
            fail=args.fail,
            defaults=_project().environment,
        )
    if args.command in ("deploy", "destroy", "bootstrap"):
        return _run_deploy_or_destroy(args)
    if args.command == "types":
        from stagewright.cli._types import main_types  # noqa: PLC0415

        return main_types(
            args.types_command,
            getattr(args, "types", ()),
            check=args.check,
            source=getattr(args, "source", "cfn-lint"),
            region=getattr(args, "region", "us-east-1"),
        )
    from stagewright.codegen import _paths  # noqa: PLC0415

    schemas_dir = args.schemas or _paths.SCHEMAS_DIR
    out_dir = getattr(args, "out", None) or _paths.GENERATED_DIR
    inside = _paths.installed_package_target(schemas_dir, out_dir)
    if inside is not None:
        from stagewright.cli._commands import AppLoadError  # noqa: PLC0415

        command = "schemas pull" if args.command == "schemas" else args.command
        raise AppLoadError(
            f"{command} would write into the installed stagewright package ({inside}) "
            "and break it: run it in a clone of stagewright's source, or pass --schemas and "
            "--out folders of your own"
        )
    if args.command == "codegen":
        from stagewright.codegen.pipeline import main_codegen  # noqa: PLC0415

        return main_codegen(
            check=args.check,
            schemas_dir=schemas_dir,
            out_dir=out_dir,
        )
    if args.command == "schemas" and args.schemas_command == "pull":
        from stagewright.codegen.pull import main_pull  # noqa: PLC0415

        return main_pull(
            list(args.types),
            source=args.source,
            region=args.region,
            schemas_dir=schemas_dir,
        )
    raise AssertionError(f"unhandled command {args.command!r}")  # argparse rejects the rest


def _use_project_types() -> None:
    """Make the project's own generated types (``stagewright types add``) known to the checks."""
    from stagewright.cli._types import use_project_types  # noqa: PLC0415

    use_project_types(_project())


def _project() -> Any:
    from stagewright.cli._project import find_project  # noqa: PLC0415

    return find_project()


def _chosen_app(args: argparse.Namespace, verb: str) -> str | None:
    """Return the app diff or deploy work on (None: the example, asked for with --example)."""
    from stagewright.cli._project import no_app_error  # noqa: PLC0415

    if args.example:
        if args.app:
            raise no_app_error(verb).__class__("pass APP or --example, not both")
        return None
    spec: str | None = args.app or _project().app
    if spec is None:
        raise no_app_error(verb)
    return spec


def _run_deploy_or_destroy(args: argparse.Namespace) -> int:
    aws = {
        "yes": args.yes,
        "region": args.region,
        "profile": args.profile,
        "timeout_minutes": args.timeout,
        "poll_seconds": args.poll_interval,
        "defaults": _project().environment,
    }
    streams = {"stdin": sys.stdin, "out": sys.stdout, "err": sys.stderr}
    if args.command == "bootstrap":
        from stagewright.cli._bootstrap import main_bootstrap  # noqa: PLC0415
        from stagewright.cli._deploy import DeployOptions  # noqa: PLC0415

        return main_bootstrap(DeployOptions(**aws), **streams)
    if args.command == "deploy":
        from stagewright.cli._deploy import DeployOptions, main_deploy  # noqa: PLC0415

        options = DeployOptions(
            stacks=args.stack,
            parameters=args.parameter,
            parameters_file=args.parameters_file,
            tags=args.tag,
            tags_file=args.tags_file,
            rollback_alarms=args.rollback_alarm,
            step=args.step,
            no_wait=args.no_wait,
            dry_run=args.dry_run,
            concurrency=args.concurrency,
            **aws,
        )
        return main_deploy(_chosen_app(args, "deploy"), options, **streams)
    from stagewright.cli._destroy import DestroyOptions, main_destroy  # noqa: PLC0415

    spec = args.app or _project().app
    return main_destroy(spec, DestroyOptions(stacks=args.stack, **aws), **streams)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (``stagewright diff --json | head``): stop quietly, and point
        # stdout at nothing so that Python's flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
    except Exception as exc:
        if args.debug:
            raise
        for line in _error_lines(exc):
            print(f"error: {line}", file=sys.stderr)
        if not _expected(exc):
            print("(run with --debug for the traceback)", file=sys.stderr)
        return 1


# Errors that report bad input or a refusal in full: a traceback would add nothing.
_EXPECTED = frozenset(
    {
        "AppLoadError",
        "AwsError",
        "DeployError",
        "DiffError",
        "OutputFolderError",
        "TemplateError",
        "TemplateImportError",
        "TypesError",
        "ValidationError",
        "SynthesisError",
        "ProblemsError",
    }
)


def _expected(exc: Exception) -> bool:
    """Tell whether ``exc`` is one of stagewright's own reports of bad input or a refusal."""
    return any(cls.__name__ in _EXPECTED for cls in type(exc).__mro__)


def _error_lines(exc: Exception) -> list[str]:
    """One line per problem: errors that carry a list of problems are spread out."""
    lines = getattr(exc, "lines", None)
    if isinstance(lines, list):
        return [str(line) for line in lines]
    problems = getattr(exc, "problems", None)
    if problems:
        return [str(p) for p in problems]
    if _expected(exc):
        return [str(exc)]
    return [f"{type(exc).__name__}: {exc}"]


if __name__ == "__main__":
    sys.exit(main())
