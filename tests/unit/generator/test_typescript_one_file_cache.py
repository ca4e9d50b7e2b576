"""The TypeScript one-file layout (under ``split_views`` views) from the generation cache
(``typescript-model``): the same model again prints nothing and writes what a run without the
cache writes; any edit prints the model again; a broken entry is a miss."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.lower.typescript import build as ts_build
from pygen.lower.typescript import cache_keys, one_file_cache
from pygen.testing import synthesize_document

CONFIG = GeneratorConfig(workers=1, language=("typescript",))


@pytest.fixture
def lowered(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """One entry per run with the cache that lowered the model (a miss)."""
    seen: list[int] = []
    real = ts_build.build_ast

    def spy(ir: Any, settings: Any) -> Any:
        seen.append(len(ir.classes))
        return real(ir, settings)

    monkeypatch.setattr(one_file_cache, "build_ast", spy)
    return seen


def _files(path: Path, cache: str) -> dict[Any, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYGEN_CACHE", cache)
        files = dict(generate(path, None, CONFIG).file_set.files)
    assert any(str(name).endswith("src/dataClasses.ts") for name in files)  # one-file layout
    return files


def _write(path: Path, document: dict[str, Any]) -> None:
    path.write_text(json.dumps(document))


def test_the_same_model_again_prints_nothing(tmp_path: Path, lowered: list[int]) -> None:
    path = tmp_path / "model.json"
    _write(path, synthesize_document(views=12, base_views=4))
    cache = str(tmp_path / "cache")
    first = _files(path, cache)
    assert len(lowered) == 1
    again = _files(path, cache)
    assert len(lowered) == 1  # from the cache
    assert again == first == _files(path, "off")


@pytest.mark.parametrize("edit", ["description", "property", "generator"])
def test_an_edit_prints_the_model_again(
    tmp_path: Path, lowered: list[int], monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    path = tmp_path / "model.json"
    document = synthesize_document(views=12, base_views=4)
    _write(path, document)
    cache = str(tmp_path / "cache")
    before = _files(path, cache)
    view = next(v for v in document["views"] if v["externalId"] == "Entity00003")
    if edit == "description":
        view["description"] = "Changed."
    elif edit == "property":
        first = next(iter(view["properties"].values()))
        view["properties"]["added"] = dict(first, containerPropertyIdentifier="added")
    else:
        monkeypatch.setattr(cache_keys, "generator_fingerprint", lambda: "another generator")
        monkeypatch.setattr(one_file_cache, "generator_fingerprint", lambda: "another generator")
    _write(path, document)
    after = _files(path, cache)
    assert len(lowered) == 2
    assert after == _files(path, "off")
    if edit != "generator":
        assert after != before


@pytest.mark.parametrize("body", [None, b"[]", b'["a", "b", "c", 4]', b"not json"])
def test_a_broken_entry_is_a_miss(tmp_path: Path, lowered: list[int], body: bytes | None) -> None:
    path = tmp_path / "model.json"
    _write(path, synthesize_document(views=12, base_views=4))
    cache = tmp_path / "cache"
    expected = _files(path, str(cache))
    (entry,) = [p for p in (cache / one_file_cache.CACHE_KIND).rglob("*") if p.is_file()]
    if body is None:  # torn: fails its checksum
        entry.write_bytes(entry.read_bytes()[:-10])
    else:
        entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    assert _files(path, str(cache)) == expected
    assert len(lowered) == 2
