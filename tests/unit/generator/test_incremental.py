"""Incremental regeneration: the generation cache of view modules (``pygen.emit.cache``).

After a change to one view, only that view's module is lowered again (the rest comes from
the cache) and only the files whose text changes are written; cached output is byte for
byte what a run without the cache gives; a broken cache entry is never used.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.emit import FileSet
from pygen.lower.python import parallel
from pygen.testing import synthesize_model
from pygen_runtime.client.models import DataModel

CONFIG = GeneratorConfig(workers=1)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PYGEN_CACHE", str(folder))
    return folder


@pytest.fixture
def lowered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The classes whose view module is lowered (not taken from the cache)."""
    seen: list[str] = []
    real = parallel.lower_view

    def spy(ctx, cls, modules):  # type: ignore[no-untyped-def]
        seen.append(cls.view.external_id)
        return real(ctx, cls, modules)

    monkeypatch.setattr(parallel, "lower_view", spy)
    return seen


def _model() -> DataModel:
    return synthesize_model(views=12, base_views=4)


def _texts(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_a_changed_view_is_lowered_and_written_alone(
    tmp_path: Path, cache: Path, lowered: list[str]
) -> None:
    model = _model()
    out = tmp_path / "out"
    generate(model, out, CONFIG)
    assert len(lowered) == 12 and cache.is_dir()
    lowered.clear()

    again = generate(model, out, CONFIG)
    assert lowered == []  # every view module from the cache
    assert again.targets["python"].plan is not None
    assert not again.targets["python"].plan.changes  # nothing written

    changed = model.model_copy(deep=True)
    view = changed.inline_views[5]
    next(iter(view.properties.values())).description = "Changed by the test."
    result = generate(changed, out, CONFIG)
    # the view, and the views naming it (their key holds the classes they name); the rest
    # comes from the cache
    assert view.external_id in lowered and len(lowered) <= 3
    plan = result.targets["python"].plan
    assert plan is not None
    package = PurePosixPath("synthetic_12")
    updated = {str(p) for p in plan.paths("update")}
    # the view's module, and the two files that carry the model's source hash (pyproject.toml
    # carries none: it changes with the model's version only)
    module = next(p for p in updated if p.startswith(f"{package}/views/")).partition("/")[2]
    assert updated == {f"{package}/__init__.py", f"{package}/client.py", f"{package}/{module}"}
    assert "Changed by the test." in (out / package / module).read_text()


def test_cached_output_is_what_a_run_without_the_cache_gives(
    tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = _model()
    generate(model, tmp_path / "fill", CONFIG)
    generate(model, tmp_path / "warm", CONFIG)
    monkeypatch.setenv("PYGEN_CACHE", "off")
    generate(model, tmp_path / "cold", CONFIG)
    assert not (tmp_path / "cache" / "off").exists()
    assert _texts(tmp_path / "warm") == _texts(tmp_path / "cold")


def test_a_broken_cache_entry_is_ignored_and_replaced(
    tmp_path: Path, cache: Path, lowered: list[str]
) -> None:
    model = _model()
    generate(model, tmp_path / "cold", CONFIG)
    entries = sorted(p for p in cache.rglob("*") if p.is_file())
    assert len(entries) == 14  # the view modules, the package index and the client
    # the view modules' (the index and the client are stored without the provenance header)
    entries = [p for p in entries if p.read_bytes().partition(b"\n")[2].startswith(b"# ")]
    assert len(entries) == 12
    entries[0].write_bytes(entries[0].read_bytes().replace(b"class ", b"klass ", 1))  # edited
    entries[1].write_bytes(entries[1].read_bytes()[:100])  # torn
    entries[2].write_bytes(b"\xff\xfe not even text")
    lowered.clear()

    generate(model, tmp_path / "warm", CONFIG)

    assert len(lowered) == 3  # the three broken entries were rendered again
    assert _texts(tmp_path / "warm") == _texts(tmp_path / "cold")
    lowered.clear()
    generate(model, tmp_path / "again", CONFIG)
    assert lowered == []  # and replaced by good ones


def test_check_compares_the_cached_text(tmp_path: Path, cache: Path) -> None:
    model = _model()
    out = tmp_path / "out"
    generate(model, out, CONFIG)
    files = generate(model, None, CONFIG).file_set  # from the cache
    assert isinstance(files, FileSet) and not files.plan(out).changes  # --check: up to date
    module = next(out.rglob("views/*.py"))
    module.write_text(module.read_text() + "# edited\n")
    plan = generate(model, None, CONFIG).file_set.plan(out)
    assert [step.path.name for step in plan.refusals] == [module.name]
