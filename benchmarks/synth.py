"""Time synthesizing API Gateway stages with stagewright, troposphere and plain dicts, side by side.

Run: ``python benchmarks/synth.py [--repeat N] [--quick] [--env bench|current]``.

Environment (``_synth_env``): by default every workload runs with the interpreter of a venv of
the benchmark's own, ``benchmarks/.venv-bench/``, created (and updated when the sources change)
on first use, with stagewright installed from this checkout as a wheel installs it (not
editable) and troposphere 4.11.1: the development venv's editable install makes every process,
the peers' too, import setuptools' editable finder first (~13 ms) that users never run.
``--env current`` uses this interpreter's environment as it is (it needs the ``bench`` extra).

Every workload is a whole process: a fresh ``python`` (the environment's) runs one of the
``_synth_<way>.py`` scripts beside this file (``_synth_common`` describes the scenarios), its
CPU time (user + system), wall time and peak RSS read from ``os.wait4``'s rusage by a small
launcher process (``_synth_launch.py``, see there why). The machine may be shared and noisy:
the ways take turns within each round, ``--repeat`` rounds (default 7, ``--quick`` 3), medians
are reported, and the bars are judged on CPU time. Each scenario is written by stagewright, by
troposphere code that writes the same template, and as hand-built dicts:

1. ``literal``: one stack of 500 fully populated ``AWS::ApiGateway::Stage`` resources whose ids
   are literal strings;
2. ``ref``: 500 such stages in 5 stacks, each stack with a ``RestApi``, 4 ``Deployment``s
   (``RestApiId`` a ``Ref``), 100 stages wired with ``Ref``s to the API and the deployments
   (canary deployment included) and an output;
3. ``logged``: 500 ``LoggedProductionStage``s with canaries in 5 stacks (each stage is a Stage
   and a LogGroup: 205 resources a stack, under CloudFormation's 500) with the API and
   deployments as in 2, and the app's one ``AccountLoggingRole`` in stack 0;
4. the literal stack at 4 and at 40 stacks (20,000 stages): linearity and peak memory.

Before timing, each way runs every scenario once (the smaller app for 4) and all templates must be
equal as parsed JSON, types included (``True`` is not ``1``, ``1`` is not ``1.0``). No
normalisation is needed: troposphere's template is given the same ``AWSTemplateFormatVersion``,
its ``Tags`` sorts the keys, so tags are given in key order everywhere, and the peers write the
logical IDs stagewright derives for nested constructs (``_synth_common.nested_logical_id``).
The workloads run with ``PYTHONDONTWRITEBYTECODE`` unset, so that first run leaves the bytecode
caches a normal installation has and the timed runs are warm starts.

Import time (``_synth_imports``): what an app of REST stages imports (``from stagewright.stages
import LoggedProductionStage``; ``stagewright.stages`` itself imports each construct's module on
first use) against ``import troposphere.apigateway``, each timed around the statement in a fresh
interpreter, and how much of it is attrs (``import attrs`` alone, and stagewright's import with
attrs already imported); the package faces alone and every stage family are shown beside.

Bars: stagewright / troposphere CPU <= 0.5 for 500 L1 stages, literal and Ref-wired, <= 0.6 for
500 LoggedProductionStages with canaries; 10x the stacks in <= 11x the CPU time; peak RSS at 40
stacks <= 2x troposphere's; import <= troposphere.apigateway's. Each prints PASS or FAIL, as do
the earlier targets; the exit status is 0 either way (this is a report).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _synth_common import STAGES_PER_STACK, WIRED_STAGES_PER_STACK
from _synth_env import bench_environment, current_environment
from _synth_imports import IMPORTS, STAGEWRIGHT, imports_attrs, time_import
from _synth_report import WAYS, Plan, Sample, print_report

HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "_synth_launch.py"
DEFAULT_REPEAT = 7
QUICK_REPEAT = 3
FULL = Plan(5, 5, 4, 40, WIRED_STAGES_PER_STACK, STAGES_PER_STACK)
QUICK = Plan(1, 1, 2, 8, WIRED_STAGES_PER_STACK, STAGES_PER_STACK)
_RUNS = itertools.count(1)
# The workloads may write bytecode caches, as any first import of an installed package does (pip
# compiles a wheel's at install time): with PYTHONDONTWRITEBYTECODE set, every run of the editable
# stagewright would compile its modules from source while troposphere's cached bytecode is used.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Workload:
    """One process to time: a way of building the templates, the scenario and its stacks."""

    group: str
    way: str
    scenario: str
    stacks: int

    def command(self, python: str) -> list[str]:
        """The command line with interpreter ``python``, output folder excluded."""
        return [python, str(HERE / f"_synth_{self.way}.py"), self.scenario, str(self.stacks)]


def workloads(plan: Plan) -> list[Workload]:
    """Return every workload of ``plan``, in the order each round runs them."""
    found = [
        Workload(group, way, scenario, stacks)
        for group, (scenario, stacks, _) in plan.groups().items()
        for way in WAYS
    ]
    return [*found, Workload("imports", "stagewright", "literal", 0)]


def run_workload(workload: Workload, workdir: Path, python: str) -> tuple[Sample, Path]:
    """Run ``workload`` writing into a new folder of ``workdir``; return its sample and folder.

    ``_synth_launch.py`` spawns and measures it; raises RuntimeError (with the stderr) if
    either exits non-zero.
    """
    outdir = workdir / f"{workload.way}-{workload.group}-{next(_RUNS)}"  # created by the run
    command = [*workload.command(python), str(outdir)]
    result = subprocess.run(
        [sys.executable, str(LAUNCHER), *command],
        cwd=workdir,
        env=CHILD_ENV,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"the launcher of {' '.join(command)} failed:\n{result.stderr}")
    figures = json.loads(result.stdout)
    if figures["exit"] != 0:
        raise RuntimeError(f"{' '.join(command)} exited with {figures['exit']}:\n{result.stderr}")
    sample = Sample(figures["seconds"], figures["cpu_seconds"], figures["rss_kib"])
    return sample, outdir


def first_difference(left: Any, right: Any, path: str = "$") -> str | None:
    """Return the JSON path of the first place where ``left`` and ``right`` differ, or None.

    Types must match too: in Python ``True == 1`` and ``1 == 1.0``, in a template they differ.
    """
    if isinstance(left, dict) and isinstance(right, dict):
        for key in sorted(left.keys() | right.keys()):
            if key not in left or key not in right:
                return f"{path}.{key} (only in {'right' if key not in left else 'left'})"
            found = first_difference(left[key], right[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(left, list) and isinstance(right, list) and len(left) == len(right):
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            found = first_difference(a, b, f"{path}[{index}]")
            if found:
                return found
        return None
    if left != right or type(left) is not type(right):
        return f"{path}: {left!r} != {right!r}"
    return None


def read_templates(outdir: Path) -> dict[str, Any]:
    """Return the parsed templates in ``outdir`` by file name (stagewright's manifest left out)."""
    paths = sorted(outdir.glob("*.template.json"))
    templates = {p.name: json.loads(p.read_text("utf-8")) for p in paths}
    shutil.rmtree(outdir)
    return templates


def check_same_templates(plan: Plan, workdir: Path, python: str) -> None:
    """Run each scenario once each way; stop with a message unless the templates are equal."""
    for group in ("literal", "ref", "logged", "small"):
        scenario, stacks, description = plan.groups()[group]
        found = {
            way: read_templates(
                run_workload(Workload(group, way, scenario, stacks), workdir, python)[1]
            )
            for way in WAYS
        }
        reference = found["hand"]
        for way in ("stagewright", "troposphere"):
            if found[way].keys() != reference.keys():
                raise SystemExit(f"{description}: {way} wrote {sorted(found[way])}, "
                                 f"the hand-built way {sorted(reference)}")  # fmt: skip
            for name, template in reference.items():
                difference = first_difference(found[way][name], template)
                if difference:
                    raise SystemExit(
                        f"{description}: {way}'s {name} differs from the hand-built one: "
                        f"{difference}"
                    )
        count = sum(len(t["Resources"]) for t in reference.values())
        print(f"check: {description}: the three ways' templates are equal as parsed JSON "
              f"({len(reference)} templates, {count} resources)")  # fmt: skip


def measure(
    plan: Plan, repeat: int, workdir: Path, python: str
) -> tuple[dict[tuple[str, str], list[Sample]], dict[str, list[tuple[float, float]]]]:
    """Run every workload and import statement ``repeat`` times, taking turns each round."""
    todo = workloads(plan)
    samples: dict[tuple[str, str], list[Sample]] = {(w.group, w.way): [] for w in todo}
    imports: dict[str, list[tuple[float, float]]] = {name: [] for name in IMPORTS}
    for which in IMPORTS.values():  # warm the file system cache and the bytecode caches
        time_import(which, python, workdir, CHILD_ENV)
    for round_ in range(1, repeat + 1):
        print(f"round {round_}/{repeat} ...", file=sys.stderr, flush=True)
        for workload in todo:
            sample, outdir = run_workload(workload, workdir, python)
            samples[workload.group, workload.way].append(sample)
            shutil.rmtree(outdir, ignore_errors=True)
        for name, which in IMPORTS.items():
            imports[name].append(time_import(which, python, workdir, CHILD_ENV))
    return samples, imports


def parse_args(argv: Sequence[str]) -> tuple[int, bool, str]:
    """Return the number of rounds, whether the run is quick, and the environment asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, help=f"rounds (default {DEFAULT_REPEAT})")
    parser.add_argument(
        "--quick",
        action="store_true",
        help=f"a smoke run: 1-stack wired apps, 2 and 8 stacks for linearity, {QUICK_REPEAT} "
        "rounds unless --repeat",
    )
    parser.add_argument(
        "--env",
        choices=("bench", "current"),
        default="bench",
        help="bench (default): a venv of the benchmark's own with stagewright installed as a "
        "wheel, not editable, created in benchmarks/.venv-bench on first use; current: this "
        "interpreter's environment as it is",
    )
    args = parser.parse_args(argv)
    repeat: int | None = args.repeat
    if repeat is None:
        repeat = QUICK_REPEAT if args.quick else DEFAULT_REPEAT
    if repeat < 1:
        parser.error("--repeat must be at least 1")
    return repeat, bool(args.quick), args.env


def main(argv: Sequence[str]) -> int:
    """Check the templates agree, measure every workload, print the report; return 0."""
    repeat, quick, env_name = parse_args(argv)
    if env_name == "current" and importlib.util.find_spec("troposphere") is None:
        raise SystemExit("troposphere is not installed: pip install -e '.[bench]'")
    env = bench_environment() if env_name == "bench" else current_environment()
    plan = QUICK if quick else FULL
    with tempfile.TemporaryDirectory(prefix="synth-bench-") as tmp:
        workdir = Path(tmp)
        check_same_templates(plan, workdir, env.python)
        with_attrs = imports_attrs(STAGEWRIGHT, env.python, workdir, CHILD_ENV)
        print(f"check: {STAGEWRIGHT} imports attrs: {'yes' if with_attrs else 'no'}")
        samples, imports = measure(plan, repeat, workdir, env.python)
    print_report(plan, samples, imports, repeat, env)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
