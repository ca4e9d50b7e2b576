"""Snapshots of the IR of two fixtures, reviewed like golden files.

On a difference the test fails with a unified diff. If the change is intended, regenerate:

    PYGEN_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/unit/ir/test_snapshots.py
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

import pytest

from pygen.ir import build_ir, to_dict
from pygen.model_file import load_data_model

FIXTURES = Path(__file__).parents[2] / "data" / "models"
SNAPSHOTS = Path(__file__).parent / "snapshots"
UPDATE = os.environ.get("PYGEN_UPDATE_SNAPSHOTS") == "1"
COMMAND = "PYGEN_UPDATE_SNAPSHOTS=1 .venv/bin/pytest tests/unit/ir/test_snapshots.py"


def render(name: str) -> str:
    ir, _ = build_ir(load_data_model(FIXTURES / f"{name}.yaml"))
    data = to_dict(ir)
    data["metadata"]["pygen_version"] = "<version>"  # the snapshot outlives releases
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize("name", ["Pumps", "OmniSub"])
def test_ir_snapshot(name: str) -> None:
    path = SNAPSHOTS / f"{name}.json"
    actual = render(name)
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
        return
    if not path.exists():
        pytest.fail(f"no snapshot {path}; create it with:\n    {COMMAND}")
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"{path} (snapshot)",
                tofile=f"{name} (current IR)",
            )
        )
        pytest.fail(
            f"the IR of {name} changed:\n{diff}\nIf intended, regenerate with:\n    {COMMAND}"
        )
