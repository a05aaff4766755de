"""README's canary rollout: its two apps, and the plan `deploy --dry-run` prints, as shown there.

The first release is "deployed" (GetTemplate answers its template; its two alarms are in the
stack under the names README shows), and the dry run of the canary release must print README's
block word for word.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from stagewright.cli._commands import load_app

from ._rollout_stubs import Cw, resources
from ._stubs import Cfn, run

README = Path(__file__).resolve().parents[4] / "README.md"
ERRORS = "Shop-ProdAlarmsErrorRate78D30227-1QX2Y3Z4"
LATENCY = "Shop-ProdAlarmsLatencyB7D8DDCB-4V5W6U7T"


def _block(text: str, name: str) -> str:
    found = re.search(
        rf"<!-- readme-test: file {re.escape(name)}:[^>]*-->\n```python\n(.*?)```", text, re.S
    )
    assert found, name
    return found.group(1)


def _shown(text: str, command: str) -> list[str]:
    """The lines README shows ``command`` printing (the block it starts)."""
    found = re.search(rf"```\n\$ {re.escape(command)}\n(.*?)```", text, re.S)
    assert found, command
    return found.group(1).splitlines()


def test_the_readme_dry_run_is_what_deploy_prints(
    cfn: Cfn,
    cw: Cw,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The plan of README's canary release over its first release, deployed."""
    text = README.read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for name in ("rollout_v1.py", "rollout_v2.py"):
        (tmp_path / name).write_text(_block(text, name), encoding="utf-8")
    first = load_app("rollout_v1.py").synthesize().stack("Shop").template
    cfn.stack("Shop", "UPDATE_COMPLETE")
    params = {"StackName": "Shop", "TemplateStage": "Original"}
    cfn.call("get_template", params, {"TemplateBody": json.dumps(first)})
    deployed = {"ProdAlarmsErrorRate78D30227": ERRORS, "ProdAlarmsLatencyB7D8DDCB": LATENCY}
    resources(cfn, "Shop", deployed)
    cw.alarms({ERRORS: "OK", LATENCY: "OK"})
    code, out, err = run(capsys, "deploy", "rollout_v2.py", "--dry-run")
    assert (code, err) == (0, "")
    assert out.splitlines() == _shown(text, "stagewright deploy --dry-run")
    cfn.done()
