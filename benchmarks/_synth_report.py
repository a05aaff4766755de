"""The synthesis benchmark's report: medians, the bars with PASS/FAIL, informative ratios."""

from __future__ import annotations

import platform
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from _synth_env import Environment
from _synth_imports import IMPORTS

__all__ = ["MB", "Plan", "Sample", "Summary", "print_report"]

MB = 1_000_000
WAYS = {"stagewright": "stagewright", "troposphere": "troposphere", "hand": "hand-built dicts"}


@dataclass(frozen=True)
class Sample:
    """One run of a process: wall and CPU (user + system) seconds, and peak RSS in KiB."""

    seconds: float
    cpu_seconds: float
    rss_kib: int


@dataclass(frozen=True)
class Summary:
    """Medians (and the spread of the CPU times) of one workload's samples."""

    cpu: float
    fastest: float
    slowest: float
    wall: float
    rss_mb: float

    @classmethod
    def of(cls, samples: Sequence[Sample]) -> Summary:
        """Summarize ``samples``."""
        cpu = [s.cpu_seconds for s in samples]
        wall = statistics.median(s.seconds for s in samples)
        rss = statistics.median(s.rss_kib for s in samples) * 1024 / MB
        return cls(statistics.median(cpu), min(cpu), max(cpu), wall, rss)


@dataclass(frozen=True)
class Plan:
    """The sizes of one run: stacks of the ``ref`` and ``logged`` apps, the two literal apps."""

    ref_stacks: int
    logged_stacks: int
    small_app: int
    big_app: int
    stages_per_wired_stack: int
    stages_per_literal_stack: int

    def groups(self) -> dict[str, tuple[str, int, str]]:
        """Return each group's scenario, stacks and description, in the order they run."""
        wired, literal = self.stages_per_wired_stack, self.stages_per_literal_stack
        return {
            "literal": ("literal", 1, f"{literal} L1 stages, literal ids, 1 stack"),
            "ref": ("ref", self.ref_stacks, f"{self.ref_stacks * wired} L1 stages, Ref-wired"),
            "logged": (
                "logged",
                self.logged_stacks,
                f"{self.logged_stacks * wired} LoggedProductionStage+canary",
            ),
            "small": ("literal", self.small_app, f"{self.small_app}x{literal} L1 stages"),
            "big": ("literal", self.big_app, f"{self.big_app}x{literal} L1 stages"),
        }


Samples = Mapping[tuple[str, str], Sequence[Sample]]
Imports = Mapping[str, Sequence[tuple[float, float]]]


def print_report(
    plan: Plan, samples: Samples, imports: Imports, repeat: int, env: Environment
) -> None:
    """Print the environment, the medians, the bars and the informative figures."""
    summaries = {key: Summary.of(runs) for key, runs in samples.items()}
    print(f"\nmedians of {repeat} rounds; each run is a whole process, spawn to exit, the")
    print("ways taking turns in each round; CPU = the child's user + system time (rusage)")
    print(f"python {platform.python_version()} ({env.python})")
    print(f"environment: {env.description}\n")
    _print_table(plan, summaries)
    _print_imports(imports)
    _print_bars(plan, summaries, imports)
    _print_informative(plan, summaries, samples, imports)


def _print_table(plan: Plan, summaries: Mapping[tuple[str, str], Summary]) -> None:
    header = (
        f"{'workload':<50} {'CPU s':>7} {'min':>7} {'max':>7} {'wall s':>7} {'peak RSS MB':>12}"
    )
    print(header)
    print("-" * len(header))
    names = {**{g: d for g, (_, _, d) in plan.groups().items()}, "imports": "imports only"}
    for (group, way), s in summaries.items():
        label = f"{names[group]}: {way}"
        print(
            f"{label:<50} {s.cpu:>7.3f} {s.fastest:>7.3f} {s.slowest:>7.3f} {s.wall:>7.3f} "
            f"{s.rss_mb:>12.1f}"
        )


def _import_ms(imports: Imports, name: str) -> tuple[float, float]:
    """Return the median CPU and wall milliseconds of import ``name``."""
    runs = imports[name]
    return statistics.median(c for c, _ in runs) * 1000, statistics.median(
        w for _, w in runs
    ) * 1000


def _print_imports(imports: Imports) -> None:
    width = max(76, *(len(which.label) for which in IMPORTS.values()))
    print(f"\n{'import time, fresh interpreter (median)':<{width}} {'CPU ms':>7} {'wall ms':>8}")
    for name, which in IMPORTS.items():
        cpu, wall = _import_ms(imports, name)
        print(f"{which.label:<{width}} {cpu:>7.1f} {wall:>8.1f}")


def _bar(name: str, value: float, limit: float, unit: str) -> None:
    verdict = "PASS" if value <= limit else "FAIL"
    print(f"{verdict}  {name:<66} {value:>7.2f} {unit:<2} (bar <= {limit:g} {unit})")


def _print_bars(plan: Plan, summaries: Mapping[tuple[str, str], Summary], imports: Imports) -> None:
    groups = plan.groups()

    def ratio(group: str, attr: str = "cpu", theirs: str = "troposphere") -> float:
        ours = getattr(summaries[group, "stagewright"], attr)
        return float(ours / getattr(summaries[group, theirs], attr))

    small, big = summaries["small", "stagewright"], summaries["big", "stagewright"]
    stacks = plan.big_app / plan.small_app
    print("\nbars (CPU time; ratios of the medians)")
    for group, limit in (("literal", 0.5), ("ref", 0.5), ("logged", 0.6)):
        _bar(f"{groups[group][2]}: stagewright / troposphere", ratio(group), limit, "x")
    _bar(
        f"linear: CPU({groups['big'][2]}) / CPU({groups['small'][2]})",
        big.cpu / small.cpu,
        stacks * 1.1,
        "x",
    )
    _bar(f"{groups['big'][2]} peak RSS: stagewright / troposphere", ratio("big", "rss_mb"), 2, "x")
    sw_import, tropo_import = (
        _import_ms(imports, "stagewright")[0],
        _import_ms(imports, "troposphere")[0],
    )
    _bar("import of a REST stage app / troposphere.apigateway", sw_import / tropo_import, 1, "x")
    print("\nearlier targets (issue of the first benchmark; now on CPU time)")
    _bar(
        f"{groups['literal'][2]}: stagewright / hand-built", ratio("literal", theirs="hand"), 2, "x"
    )
    _bar(f"{groups['big'][2]}: stagewright CPU", big.cpu, 3.0, "s")
    _bar(f"{groups['big'][2]}: stagewright peak RSS", big.rss_mb, 300, "MB")
    _bar(
        "import stagewright + aws_apigateway.stage",
        _import_ms(imports, "stagewright-l1")[0],
        50,
        "ms",
    )


def _round_ratio(ours: Sequence[Sample], theirs: Sequence[Sample]) -> float:
    """The median over rounds of our CPU time over theirs in the same round."""
    pairs = zip(ours, theirs, strict=True)
    return statistics.median(a.cpu_seconds / b.cpu_seconds for a, b in pairs)


def _print_informative(
    plan: Plan, summaries: Mapping[tuple[str, str], Summary], samples: Samples, imports: Imports
) -> None:
    groups = plan.groups()
    infos: list[tuple[str, float, str]] = []
    for group in ("literal", "ref", "logged"):
        sw = samples[group, "stagewright"]
        name = groups[group][2]
        infos.append(
            (
                f"{name}, per round: sw / troposphere",
                _round_ratio(sw, samples[group, "troposphere"]),
                "x",
            )
        )
        infos.append(
            (f"{name}, per round: sw / hand-built", _round_ratio(sw, samples[group, "hand"]), "x")
        )
        wall = summaries[group, "stagewright"].wall / summaries[group, "troposphere"].wall
        infos.append((f"{name}, wall: sw / troposphere", wall, "x"))
    for way in WAYS:
        big, small = summaries["big", way], summaries["small", way]
        infos.append((f"linearity, {way}: CPU big / CPU small", big.cpu / small.cpu, "x"))
    base = summaries["imports", "stagewright"].cpu
    net = (summaries["big", "stagewright"].cpu - base) / (
        summaries["small", "stagewright"].cpu - base
    )
    infos.append(("linearity, stagewright, net of the imports-only process", net, "x"))
    for way in ("troposphere", "hand"):
        rss = summaries["big", "stagewright"].rss_mb / summaries["big", way].rss_mb
        infos.append((f"{groups['big'][2]} peak RSS: sw / {way}", rss, "x"))
    attrs_ms, sw_ms = _import_ms(imports, "attrs")[0], _import_ms(imports, "stagewright")[0]
    net_ms = _import_ms(imports, "stagewright-net")[0]
    infos.append(("import attrs alone", attrs_ms, "ms"))
    infos.append(("import of a REST stage app, attrs already imported", net_ms, "ms"))
    infos.append(
        ("import: attrs's part of stagewright+stages (total - that)", sw_ms - net_ms, "ms")
    )
    infos.append(("import: attrs's part / stagewright+stages", (sw_ms - net_ms) / sw_ms, "x"))
    # What the bars would read if attrs' import (issue 14: "accept attrs' import cost") were
    # not counted: stagewright's CPU less attrs's part of the import, against the peer's.
    attrs_s = (sw_ms - net_ms) / 1000
    for group in ("literal", "ref", "logged"):
        ours = summaries[group, "stagewright"].cpu - attrs_s
        ratio = ours / summaries[group, "troposphere"].cpu
        infos.append((f"{groups[group][2]}, less attrs import: sw / tropo", ratio, "x"))
    infos.append(
        (
            "import of a REST stage app less attrs / troposphere.apigateway",
            net_ms / _import_ms(imports, "troposphere")[0],
            "x",
        )
    )
    print("\ninformative")
    for name, value, unit in infos:
        print(f"info  {name:<66} {value:>7.2f} {unit}")
