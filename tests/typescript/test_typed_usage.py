"""The generated TypeScript types reject a misspelt sort field: ``tsc --strict`` on
``typed/wrong_sort_field.ts`` fails with one error, naming the field and the line.

The typed usage that must compile (expand, relation filters, sort, queries across relations,
with ``@ts-expect-error`` lines that must stay errors) is in ``node/*.test.ts``, compiled by
the one ``tsc`` of ``test_typescript_sdk.py``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .test_typescript_sdk import HERE, Tools, _run, tools  # noqa: F401 - tools is a fixture

WRONG = HERE / "typed" / "wrong_sort_field.ts"


def test_a_misspelt_sort_field_does_not_compile(tools: Tools, tmp_path: Path) -> None:  # noqa: F811
    config = tmp_path / "tsconfig.json"
    config.write_text(
        json.dumps({"extends": str(HERE / "tsconfig.json"), "include": [], "files": [str(WRONG)]})
    )
    result = _run([tools.tsc, "-p", config, "--pretty", "false"])
    errors = [line for line in result.stdout.splitlines() if re.search(r"error TS\d+", line)]
    assert result.returncode != 0, "tsc accepted a misspelt sort field"
    assert len(errors) == 1, result.stdout
    line = next(n for n, text in enumerate(WRONG.read_text().splitlines(), 1) if "wieght" in text)
    assert f"wrong_sort_field.ts({line}," in errors[0], errors[0]
    assert '"-wieght"' in errors[0], errors[0]
