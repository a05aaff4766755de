"""TemplateSnapshotExtension and the snapshot diff, in process (pytest runs: test_plugin)."""

from __future__ import annotations

import pytest

from stagewright import App, Stack
from stagewright.synth._checks import dumps_template
from stagewright.testing import TemplateSnapshotExtension
from stagewright.testing._diff import diff_templates, text_diff
from tests.testing.conftest import build_shop


def test_the_extension_writes_the_bytes_synth_writes(shop: Stack) -> None:
    """A stack is serialized exactly as synthesis writes its template file."""
    app = shop.node.root
    assert isinstance(app, App)
    body = app.synthesize().stack("ShopApi").body
    assert TemplateSnapshotExtension().serialize(shop) == body
    assert body.startswith('{\n  "AWSTemplateFormatVersion": "2010-09-09",\n  "Conditions": {')
    assert TemplateSnapshotExtension.file_extension == "json"


def test_the_extension_takes_dicts_and_refuses_apps(shop: Stack) -> None:
    """A dict is dumped the same way; an App (several files) is left to template_snapshot."""
    assert TemplateSnapshotExtension().serialize({"b": 1, "a": [True]}) == dumps_template(
        {"a": [True], "b": 1}
    )
    with pytest.raises(TypeError, match="an App holds several stacks"):
        TemplateSnapshotExtension().serialize(shop.node.root)
    with pytest.raises(TypeError, match="takes a Stack, an App, a Template or a dict, not int"):
        TemplateSnapshotExtension().serialize(5)


def test_the_extension_diff_starts_with_paths_then_a_unified_diff() -> None:
    """A mismatch lists each differing place, then difflib's unified diff of the texts."""
    old = dumps_template(build_shop(App()).to_template())
    new = dumps_template(build_shop(App(), tracing=False).to_template())
    lines = list(TemplateSnapshotExtension().diff_lines(new, old))
    assert lines[:3] == [
        "Resources.Prod.Properties.TracingEnabled: snapshot True, now False",
        "--- snapshot",
        "+++ now",
    ]
    assert lines[3].startswith("@@ ")
    changed = [line for line in lines[4:] if line.startswith(("-", "+"))]
    assert changed == ['-        "TracingEnabled": true', '+        "TracingEnabled": false']


def test_the_text_diff_shows_every_change_however_far_apart() -> None:
    """Changes hundreds of lines apart each get their hunk: none is left out."""
    old = "".join(f"line {i}\n" for i in range(600))
    new = (
        old.replace("line 5\n", "line five\n")
        .replace("line 300\n", "")
        .replace("line 599\n", "line 599\nline 600\n")
    )
    diff = text_diff(old, new)
    assert [line for line in diff if line[:1] in "+-" and line[:3] not in ("---", "+++")] == [
        "-line 5",
        "+line five",
        "-line 300",
        "+line 600",
    ]
    assert sum(line.startswith("@@") for line in diff) == 3


def test_diff_names_changed_added_and_removed_places() -> None:
    """Changed values, keys only in one side and list items are each one line with a path."""
    old = {"Resources": {"A": {"Properties": {"X": [1, 2], "Y": "a"}}, "Gone": {"Type": "T"}}}
    new = {"Resources": {"A": {"Properties": {"X": [1, 3, 4], "Z": {"k": 1}}}, "New": 5}}
    assert diff_templates(old, new) == [
        "Resources.A.Properties.X[1]: snapshot 2, now 3",
        "Resources.A.Properties.X[2]: not in snapshot, now 4",
        "Resources.A.Properties.Y: snapshot 'a', now absent",
        "Resources.A.Properties.Z: not in snapshot, now {'k': 1}",
        "Resources.Gone: snapshot {'Type': 'T'}, now absent",
        "Resources.New: not in snapshot, now 5",
    ]


def test_diff_sees_type_changes_and_stops_after_the_limit() -> None:
    """1 and True differ, an object replacing a string differs, and long diffs are cut."""
    assert diff_templates({"A": 1}, {"A": True}) == ["A: snapshot 1, now True"]
    assert diff_templates({"A": "x"}, {"A": {"B": 1}}) == ["A: snapshot 'x', now {'B': 1}"]
    many = diff_templates({str(i): i for i in range(40)}, {}, limit=3)
    assert many[3:] == ["... and 37 more differences"]
    assert len(many) == 4
