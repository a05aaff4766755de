"""Time synthesizing API Gateway stages with stagewright, troposphere and plain dicts, side by side.

Run: ``python benchmarks/synth.py [--repeat N] [--quick] [--env bench|current]``.

Environment (``_synth_env``): by default every workload runs with the interpreter of a venv of
the benchmark's own, ``benchmarks/.venv-bench/``, created (and updated when the sources change)
on first use, with stagewright installed from this checkout as a wheel installs it (not
editable) and troposphere 4.11.1: the development venv's editable install makes every process,
the peers' too, import setuptools' editable finder first (~13 ms) that users never run.
``--env current`` uses this interpreter's environment as it is (it needs the ``bench`` extra).

Every workload is a whole process: a fresh ``python`` (the environment's) runs one of the
``_synth_<way>.py`` scripts beside this file, timed from spawn to exit, its peak RSS read from
``os.wait4``'s rusage (``ru_maxrss``, KiB on Linux). A small launcher process
(``_synth_launch.py``) spawns and measures it, so the figure is not raised to this process's own
peak RSS. The workloads take turns, ``--repeat`` rounds (default 7, ``--quick`` 3), and the
medians are reported:

1. one stack of 500 fully populated ``AWS::ApiGateway::Stage`` resources, all different, built
   with stagewright (``App``/``Stack``/``Stage``, ``app.synth``), troposphere (``Template``,
   ``to_json``) and hand-built dicts (``json.dumps(indent=2, sort_keys=True)``). Before timing,
   each way runs once and the three templates must be equal as parsed JSON. No normalisation is
   needed: troposphere's template is given the same ``AWSTemplateFormatVersion``, and as its
   ``Tags`` sorts the keys, the tags are given in key order everywhere. The workloads run with
   ``PYTHONDONTWRITEBYTECODE`` unset, so that first run leaves the bytecode caches a normal
   installation has and the timed runs are warm starts;
2. an app of 40 such stacks (20,000 stages) synthesized with stagewright;
3. linearity: 4 stacks (2,000 stages) against 40 stacks;
4. import time: ``python -X importtime -c "import ..."``, the sum of the cumulative times of
   the top-level entries the statement prints (the modules it imports directly).

Targets: stagewright/troposphere <= 0.5 and stagewright/hand <= 2.0 in wall time at 500 stages;
40 stacks in <= 3 s and <= 300 MB (10^6 bytes) peak RSS; 10x the resources in <= 11x the time;
``import stagewright, stagewright.generated.aws_apigateway.stage`` in <= 50 ms. Each prints PASS
or FAIL; the exit status is 0 either way (this is a report).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from _synth_env import Environment, bench_environment, current_environment

HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "_synth_launch.py"
MB = 1_000_000
DEFAULT_REPEAT = 7
QUICK_REPEAT = 3
WAYS = {"stagewright": "stagewright", "troposphere": "troposphere", "hand": "hand-built dicts"}
IMPORTS = {
    "stagewright": "import stagewright, stagewright.generated.aws_apigateway.stage",
    "troposphere": "import troposphere.apigateway",
}
_MARK = "@@synth-benchmark: the statement starts here@@"
# ``import time: <self us> | <cumulative us> | <two spaces per nesting level><module>``
_IMPORT_LINE = re.compile(r"import time:\s*(\d+) \|\s*(\d+) \| ( *)(\S+)")
_RUNS = itertools.count(1)
# The workloads may write bytecode caches, as any first import of an installed package does (pip
# compiles a wheel's at install time): with PYTHONDONTWRITEBYTECODE set, every run of the editable
# stagewright would compile its modules from source while troposphere's cached bytecode is used.
CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


@dataclass(frozen=True)
class Workload:
    """One process to time: a way of building the templates and how many stacks it builds."""

    label: str
    way: str
    stacks: int

    def command(self, python: str) -> list[str]:
        """The command line with interpreter ``python``, output folder excluded."""
        return [python, str(HERE / f"_synth_{self.way}.py"), str(self.stacks)]


@dataclass(frozen=True)
class Sample:
    """One run of a process: wall seconds from spawn to exit and peak RSS in KiB."""

    seconds: float
    rss_kib: int


ONE_STACK = {way: Workload(f"500 stages, 1 stack: {name}", way, 1) for way, name in WAYS.items()}
FOUR_STACKS = Workload("2,000 stages, 4 stacks: stagewright", "stagewright", 4)
FORTY_STACKS = Workload("20,000 stages, 40 stacks: stagewright", "stagewright", 40)
IMPORT_ONLY = Workload("imports only (0 stacks): stagewright", "stagewright", 0)
WORKLOADS = (*ONE_STACK.values(), FOUR_STACKS, FORTY_STACKS, IMPORT_ONLY)


def run_process(command: Sequence[str], cwd: Path) -> tuple[Sample, str]:
    """Run ``command`` to its end; return its time and peak RSS, and what it wrote to stderr.

    ``_synth_launch.py`` spawns and times it (see there why not this process). Raises
    RuntimeError (with the stderr) if it exits non-zero.
    """
    result = subprocess.run(
        [sys.executable, str(LAUNCHER), *command],
        cwd=cwd,
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
    return Sample(figures["seconds"], figures["rss_kib"]), result.stderr


def run_workload(workload: Workload, workdir: Path, python: str) -> tuple[Sample, Path]:
    """Run ``workload`` writing into a new folder of ``workdir``; return its sample and folder."""
    outdir = workdir / f"{workload.way}-{workload.stacks}-{next(_RUNS)}"  # created by the run
    sample, _ = run_process([*workload.command(python), str(outdir)], workdir)
    return sample, outdir


def import_time_us(statement: str, workdir: Path, python: str) -> int:
    """Return the cumulative import time (microseconds) of ``statement`` in a fresh process.

    That is the sum of the cumulative times of the top-level ``-X importtime`` entries printed
    after a marker written just before the statement runs (the interpreter's own start-up
    imports come before it).
    """
    code = f"import sys; sys.stderr.write({_MARK!r} + '\\n'); sys.stderr.flush(); {statement}"
    _, stderr = run_process([python, "-X", "importtime", "-c", code], workdir)
    _, found, after = stderr.partition(_MARK + "\n")
    if not found:
        raise RuntimeError(f"no marker in the -X importtime output:\n{stderr}")
    total = 0
    for line in after.splitlines():
        match = _IMPORT_LINE.match(line)
        if match and not match.group(3):
            total += int(match.group(2))
    return total


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


def check_same_templates(workdir: Path, python: str) -> None:
    """Run each one-stack workload once and stop with a message unless the templates are equal."""
    templates = {}
    for way, workload in ONE_STACK.items():
        _, outdir = run_workload(workload, workdir, python)
        templates[way] = json.loads((outdir / "Bench00.template.json").read_text("utf-8"))
        shutil.rmtree(outdir)
    reference = templates["hand"]
    for way in ("stagewright", "troposphere"):
        difference = first_difference(templates[way], reference)
        if difference:
            raise SystemExit(f"the {way} template differs from the hand-built one: {difference}")
    count = len(reference["Resources"])
    print(f"check: the three templates are equal as parsed JSON ({count} resources)")


def measure(
    repeat: int, workdir: Path, python: str
) -> tuple[dict[str, list[Sample]], dict[str, list[int]]]:
    """Run every workload and import statement ``repeat`` times, taking turns each round."""
    samples: dict[str, list[Sample]] = {w.label: [] for w in WORKLOADS}
    imports: dict[str, list[int]] = {name: [] for name in IMPORTS}
    for round_ in range(1, repeat + 1):
        print(f"round {round_}/{repeat} ...", file=sys.stderr, flush=True)
        for workload in WORKLOADS:
            sample, outdir = run_workload(workload, workdir, python)
            samples[workload.label].append(sample)
            shutil.rmtree(outdir, ignore_errors=True)
        for name, statement in IMPORTS.items():
            imports[name].append(import_time_us(statement, workdir, python))
    return samples, imports


@dataclass(frozen=True)
class Summary:
    """Medians (and the spread of the times) of one workload's samples."""

    seconds: float
    fastest: float
    slowest: float
    rss_mb: float

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> Summary:
        """Summarize ``samples``."""
        times = [s.seconds for s in samples]
        rss = statistics.median(s.rss_kib for s in samples) * 1024 / MB
        return cls(statistics.median(times), min(times), max(times), rss)


def print_table(
    summaries: dict[str, Summary], imports: dict[str, list[int]], repeat: int, env: Environment
) -> None:
    """Print the environment, the workloads' medians and the import times."""
    print(f"\nmedians of {repeat} runs; each run is a whole process, spawn to exit")
    print(f"python {platform.python_version()} ({env.python})")
    print(f"environment: {env.description}\n")
    header = f"{'workload':<40} {'wall s':>8} {'min':>8} {'max':>8} {'peak RSS MB':>12}"
    print(header)
    print("-" * len(header))
    for label, s in summaries.items():
        line = f"{s.seconds:>8.3f} {s.fastest:>8.3f} {s.slowest:>8.3f} {s.rss_mb:>12.1f}"
        print(f"{label:<40} {line}")
    print(f"\n{'import time (median cumulative, -X importtime)':<66} {'ms':>8}")
    for name, statement in IMPORTS.items():
        print(f"{statement:<66} {statistics.median(imports[name]) / 1000:>8.1f}")


def print_targets(
    summaries: dict[str, Summary],
    imports: dict[str, list[int]],
    samples: dict[str, list[Sample]],
) -> None:
    """Print one PASS/FAIL line per target, then the informative figures.

    The informative lines add the per-round ratio: in each round the ways run one after the
    other, so the median of the rounds' ratios is less at the mercy of a machine whose load
    comes and goes than the ratio of the medians (the target, as the issue defines it).
    """
    sw, tropo, hand = (summaries[ONE_STACK[way].label] for way in WAYS)
    four, forty = summaries[FOUR_STACKS.label], summaries[FORTY_STACKS.label]
    base = summaries[IMPORT_ONLY.label]
    sw_import_ms = statistics.median(imports["stagewright"]) / 1000
    targets = [
        ("500 stages wall: stagewright / troposphere", sw.seconds / tropo.seconds, 0.5, "x"),
        ("500 stages wall: stagewright / hand-built", sw.seconds / hand.seconds, 2.0, "x"),
        ("40 stacks (20,000 stages) wall", forty.seconds, 3.0, "s"),
        ("40 stacks (20,000 stages) peak RSS", forty.rss_mb, 300.0, "MB"),
        ("linearity: wall(40 stacks) / wall(4 stacks)", forty.seconds / four.seconds, 11.0, "x"),
        ("import stagewright + aws_apigateway.stage", sw_import_ms, 50.0, "ms"),
    ]
    print("\ntargets")
    for name, value, limit, unit in targets:
        verdict = "PASS" if value <= limit else "FAIL"
        print(f"{verdict}  {name:<46} {value:>8.2f} {unit:<2} (target <= {limit:g} {unit})")
    print("\ninformative")
    net = (forty.seconds - base.seconds) / (four.seconds - base.seconds)
    sw_runs, tropo_runs, hand_runs = (samples[ONE_STACK[way].label] for way in WAYS)
    infos = [
        ("500 stages wall, per round: sw / troposphere", _round_ratio(sw_runs, tropo_runs)),
        ("500 stages wall, per round: sw / hand-built", _round_ratio(sw_runs, hand_runs)),
        ("500 stages peak RSS: stagewright / troposphere", sw.rss_mb / tropo.rss_mb),
        ("500 stages peak RSS: stagewright / hand-built", sw.rss_mb / hand.rss_mb),
        ("linearity net of the imports-only process", net),
    ]
    for name, value in infos:
        print(f"info  {name:<46} {value:>8.2f} x")


def _round_ratio(ours: Sequence[Sample], theirs: Sequence[Sample]) -> float:
    """The median over rounds of our time over theirs in the same round."""
    return statistics.median(a.seconds / b.seconds for a, b in zip(ours, theirs, strict=True))


def parse_args(argv: Sequence[str]) -> tuple[int, str]:
    """Return the number of rounds and the environment (bench or current) asked for."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, help=f"rounds (default {DEFAULT_REPEAT})")
    parser.add_argument(
        "--quick", action="store_true", help=f"a smoke run: {QUICK_REPEAT} rounds unless --repeat"
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
    return repeat, args.env


def main(argv: Sequence[str]) -> int:
    """Check the templates agree, measure every workload, print the table; return 0."""
    repeat, env_name = parse_args(argv)
    if env_name == "current" and importlib.util.find_spec("troposphere") is None:
        raise SystemExit("troposphere is not installed: pip install -e '.[bench]'")
    env = bench_environment() if env_name == "bench" else current_environment()
    with tempfile.TemporaryDirectory(prefix="synth-bench-") as tmp:
        workdir = Path(tmp)
        check_same_templates(workdir, env.python)
        samples, imports = measure(repeat, workdir, env.python)
    summaries = {label: Summary.of(s) for label, s in samples.items()}
    print_table(summaries, imports, repeat, env)
    print_targets(summaries, imports, samples)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
