"""Python snippets in the docs run as written (with the example SDK importable)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNIPPET_DOCS = ["docs/example-sdk.md"]


def python_blocks(path: Path) -> list[str]:
    return re.findall(r"```python\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)


@pytest.mark.parametrize("doc", SNIPPET_DOCS)
def test_snippets_run(doc: str, monkeypatch: pytest.MonkeyPatch) -> None:
    blocks = python_blocks(ROOT / doc)
    assert blocks, f"{doc} has no python block"
    monkeypatch.chdir(ROOT)
    monkeypatch.syspath_prepend(str(ROOT / "golden" / "example" / "python"))
    for block in blocks:
        exec(compile(block, doc, "exec"), {"__name__": "__doc_snippet__"})
    sys.modules.pop("example_model", None)
