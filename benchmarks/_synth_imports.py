"""Import time for the synthesis benchmark: one import statement timed in a fresh interpreter.

A fresh ``python -c`` imports ``setup`` (untimed), then reads the clocks, runs ``statement``,
reads them again and prints the CPU seconds (``time.process_time``) and wall seconds
(``time.perf_counter``) the statement took. The interpreter's own start-up is not counted; the
modules it already imported (``time`` is built in) are not imported again by anyone.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

__all__ = ["IMPORTS", "ImportStatement", "imports_attrs", "time_import"]

_TIMER = """\
import time
{setup}
_c, _w = time.process_time(), time.perf_counter()
{statement}
_c, _w = time.process_time() - _c, time.perf_counter() - _w
print(_c, _w)
"""


@dataclass(frozen=True)
class ImportStatement:
    """An import to time, after an untimed ``setup`` statement (``pass`` for none)."""

    label: str
    statement: str
    setup: str = "pass"


# ``stagewright.stages`` imports each construct's module on first use, so ``import
# stagewright.stages`` alone imports almost nothing: the bar is timed on what an app of REST
# stages imports (the construct, the REST family's generated types, logs and IAM).
STAGEWRIGHT = "from stagewright.stages import LoggedProductionStage"
_FACES = "import stagewright, stagewright.stages"
_ALL_STAGES = "from stagewright.stages import LoggedProductionStage, HttpStage, WebSocketStage"
IMPORTS = {
    "stagewright": ImportStatement(f"{STAGEWRIGHT} (a REST app)", STAGEWRIGHT),
    "stagewright-faces": ImportStatement(f"{_FACES} (lazy: names only)", _FACES),
    "stagewright-all": ImportStatement(f"{_ALL_STAGES} (every family)", _ALL_STAGES),
    "troposphere": ImportStatement(
        "import troposphere.apigateway", "import troposphere.apigateway"
    ),
    "attrs": ImportStatement("import attrs (alone)", "import attrs"),
    "stagewright-net": ImportStatement(
        f"{STAGEWRIGHT}, attrs imported first (untimed)", STAGEWRIGHT, "import attrs"
    ),
    "stagewright-l1": ImportStatement(
        "import stagewright, stagewright.generated.aws_apigateway.stage",
        "import stagewright, stagewright.generated.aws_apigateway.stage",
    ),
}
"""What the report times: ``stagewright`` against ``troposphere`` is the bar; ``attrs`` and
``stagewright-net`` split stagewright's figure; ``stagewright-l1`` is an L1-only user's import,
``stagewright-faces`` the package faces alone, ``stagewright-all`` every stage family."""


def time_import(
    which: ImportStatement, python: str, cwd: Path, env: Mapping[str, str]
) -> tuple[float, float]:
    """Return the CPU and wall seconds of ``which``'s statement in a fresh ``python``."""
    code = _TIMER.format(setup=which.setup, statement=which.statement)
    result = subprocess.run(
        [python, "-c", code], cwd=cwd, env=dict(env), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise RuntimeError(f"timing {which.statement!r} failed:\n{result.stderr}")
    cpu, wall = result.stdout.split()
    return float(cpu), float(wall)


def imports_attrs(statement: str, python: str, cwd: Path, env: Mapping[str, str]) -> bool:
    """Tell whether ``statement``, in a fresh ``python``, leaves ``attrs`` imported."""
    code = f"import sys\n{statement}\nprint('attrs' in sys.modules)"
    result = subprocess.run(
        [python, "-c", code], cwd=cwd, env=dict(env), capture_output=True, text=True, check=True
    )
    return result.stdout.strip() == "True"
