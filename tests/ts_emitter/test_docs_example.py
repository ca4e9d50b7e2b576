"""The example in docs/ts_emitter.md prints exactly the TypeScript shown there."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "ts_emitter.md"


def test_docs_example_output_matches() -> None:
    text = DOC.read_text(encoding="utf-8")
    python = re.search(r"```python\n(.*?)```", text, re.S)
    typescript = re.search(r"```ts\n(.*?)```", text, re.S)
    assert python and typescript
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(python.group(1), str(DOC), "exec"), {})
    assert out.getvalue() == typescript.group(1)
