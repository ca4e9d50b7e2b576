"""The generation cache's model entries (``pygen.model_cache``): a model file's IR and
validation result, so a warm run skips loading, validation and the IR.

A hit gives byte for byte the files of a run without the cache; a changed structure, changed
settings or a changed generator miss (a changed description is built from the entry:
``test_model_cache_edits.py``); a broken entry is ignored and replaced; a model with
errors is never cached; a ``DataModel`` object is never cached; ``--check`` stays exact.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pygen import model_cache
from pygen.api import ValidationError, generate
from pygen.config import GeneratorConfig
from pygen.testing import synthesize_document

CONFIG = GeneratorConfig(workers=1)


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PYGEN_CACHE", str(folder))
    return folder


@pytest.fixture
def model(tmp_path: Path) -> Path:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(synthesize_document(views=12, base_views=4)))
    return path


def _texts(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


def _entries(cache: Path, kind: type = model_cache._Entry) -> list[Path]:
    """The model entries (by default those of a structure; ``_Exact``: of exact bytes)."""
    return [
        path
        for path in sorted((cache / model_cache.KIND).rglob("*/*"))
        if isinstance(model_cache._read(path.name), kind)
    ]


def test_a_warm_run_takes_the_ir_from_the_cache_and_writes_the_same(
    tmp_path: Path, cache: Path, builds: list[str], model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = generate(model, tmp_path / "first", CONFIG)
    assert builds == ["Synthetic12"] and len(_entries(cache)) == 1
    again = generate(model, tmp_path / "again", CONFIG)
    assert builds == ["Synthetic12"]  # no second validation
    assert _texts(tmp_path / "again") == _texts(tmp_path / "first")
    assert again.validation == first.validation  # the filtered model and issues too
    checked = generate(model, tmp_path / "first", CONFIG, check=True)
    assert checked.targets["python"].changed == []  # --check exact on a hit
    monkeypatch.setenv("PYGEN_CACHE", "off")
    generate(model, tmp_path / "off", CONFIG)
    assert _texts(tmp_path / "off") == _texts(tmp_path / "first")


def test_a_changed_structure_or_setting_misses(
    tmp_path: Path, cache: Path, builds: list[str], model: Path
) -> None:
    generate(model, tmp_path / "out", CONFIG)
    document = json.loads(model.read_text())
    document["views"][6]["properties"]["name"]["nullable"] = True
    model.write_text(json.dumps(document))
    result = generate(model, tmp_path / "out", CONFIG, check=True)
    assert len(builds) == 2
    assert result.targets["python"].changed  # the change reaches the files
    generate(model, tmp_path / "other", CONFIG.model_copy(update={"package_name": "other"}))
    assert len(builds) == 3 and len(_entries(cache)) == 3


def test_a_changed_description_is_built_from_the_entry(
    tmp_path: Path, cache: Path, builds: list[str], model: Path
) -> None:
    generate(model, tmp_path / "out", CONFIG)
    document = json.loads(model.read_text())
    document["views"][6]["properties"]["name"]["description"] = "Changed by the test."
    model.write_text(json.dumps(document))
    result = generate(model, tmp_path / "out", CONFIG, check=True)
    assert len(builds) == 1 and len(_entries(cache)) == 1  # no new entry either
    changed = {path.as_posix() for path in result.targets["python"].changed}
    module = f"synthetic_12/views/{document['views'][6]['externalId'].lower()}.py"
    assert module.replace("entity", "entity_") in changed


def test_a_changed_generator_misses(
    tmp_path: Path, cache: Path, builds: list[str], model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    generate(model, tmp_path / "out", CONFIG)
    monkeypatch.setattr(model_cache, "generator_stamp", lambda: "another generator")
    generate(model, tmp_path / "out", CONFIG)
    assert len(builds) == 2


@pytest.mark.parametrize("damage", ["torn", "edited", "foreign pickle"])
def test_a_broken_entry_is_ignored_and_replaced(
    tmp_path: Path, cache: Path, builds: list[str], model: Path, damage: str
) -> None:
    import hashlib
    import pickle

    generate(model, tmp_path / "first", CONFIG)
    (entry,) = _entries(cache)
    data = entry.read_bytes()
    if damage == "torn":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "edited":
        entry.write_bytes(data[:-10] + b"0123456789")
    else:  # passes the digest but is not what pygen stores
        body = pickle.dumps({"not": "an ir"})
        entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    generate(model, tmp_path / "again", CONFIG)
    assert len(builds) == 2  # validated again
    assert _texts(tmp_path / "again") == _texts(tmp_path / "first")
    generate(model, tmp_path / "third", CONFIG)
    assert len(builds) == 2  # replaced by a good entry, used now


def test_a_model_with_errors_and_a_model_object_are_not_cached(
    tmp_path: Path, cache: Path, builds: list[str], model: Path
) -> None:
    from pygen_runtime.client.models import DataModel

    generate(DataModel.model_validate_json(model.read_text()), tmp_path / "object", CONFIG)
    assert _entries(cache) == []
    document = json.loads(model.read_text())
    document["views"][6]["properties"]["parent"]["type"]["source"]["externalId"] = "Missing"
    model.write_text(json.dumps(document))
    strict = CONFIG.model_copy(update={"strict": True})  # the missing view's warning fails
    for _ in range(2):
        with pytest.raises(ValidationError):
            generate(model, tmp_path / "bad", strict)
    assert len(builds) == 3 and _entries(cache) == []


def test_the_same_bytes_again_are_not_parsed(
    tmp_path: Path, cache: Path, builds: list[str], model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A second run of the same file takes its IR by the file's bytes: after a documentation
    change too (the rebuilt classes are kept with them)."""
    parsed: list[Path] = []
    real = model_cache.prepare

    def spy(source, config):  # type: ignore[no-untyped-def]
        parsed.append(source.path)
        return real(source, config)

    monkeypatch.setattr(model_cache, "prepare", spy)
    generate(model, tmp_path / "out", CONFIG)
    document = json.loads(model.read_text())
    document["views"][4]["description"] = "Changed by the test."
    model.write_text(json.dumps(document))
    generate(model, tmp_path / "out", CONFIG)
    assert len(parsed) == 2 and len(builds) == 1
    checked = generate(model, tmp_path / "out", CONFIG, check=True)
    assert len(parsed) == 2  # by the bytes: not parsed
    assert checked.targets["python"].changed == []
    assert len(_entries(cache)) == 1 and len(_entries(cache, model_cache._Exact)) == 2
    (exact,) = [p for p in _entries(cache, model_cache._Exact) if p.stat().st_size > 400]
    exact.write_bytes(exact.read_bytes()[:-5] + b"12345")  # broken: parsed again
    generate(model, tmp_path / "again", CONFIG)
    assert len(parsed) == 3 and len(builds) == 1
    monkeypatch.setenv("PYGEN_CACHE", "off")
    generate(model, tmp_path / "off", CONFIG)
    assert _texts(tmp_path / "off") == _texts(tmp_path / "out") == _texts(tmp_path / "again")


def _structure_key(path: Path, text: str) -> str:
    path.write_text(text)
    source = model_cache.read_source([path], CONFIG)
    assert source is not None
    prepared = model_cache.prepare(source, CONFIG)
    assert prepared is not None
    return prepared.key


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ({"defaultValue": 1}, {"defaultValue": "1"}),
        ({"defaultValue": 1}, {"defaultValue": True}),
        ({"defaultValue": 1}, {"defaultValue": 1.0}),
        ({"defaultValue": [1]}, {"defaultValue": {"1": 1}}),
        ({"defaultValue": "x", "a": 1}, {"a": 1, "defaultValue": "x"}),  # the order of keys
    ],
)
def test_the_structure_key_tells_values_of_other_types_apart(
    tmp_path: Path, cache: Path, one: dict[str, object], other: dict[str, object]
) -> None:
    def text(description: str, prop: dict[str, object]) -> str:
        view = {"space": "sp", "externalId": "V", "version": "1", "description": description}
        views = [{**view, "properties": {"p": prop}}]
        return json.dumps({"space": "sp", "externalId": "M", "version": "1", "views": views})

    path = tmp_path / "model.json"
    key = _structure_key(path, text("doc", one))
    assert _structure_key(path, text("other doc", one)) == key  # documentation only
    assert _structure_key(path, text("doc", other)) != key


def test_the_structure_key_of_a_yaml_file_with_dates(tmp_path: Path, cache: Path) -> None:
    """YAML reads a date as a ``date`` (which ``marshal`` does not write): keyed by ``repr``."""
    document = (
        "space: sp\nexternalId: M\nversion: '1'\nviews:\n- space: sp\n  externalId: V\n"
        "  version: '1'\n  description: {doc}\n  properties:\n    p:\n      defaultValue: {day}\n"
    )
    path = tmp_path / "model.yaml"
    key = _structure_key(path, document.format(doc="one", day="2024-01-02"))
    assert _structure_key(path, document.format(doc="two", day="2024-01-02")) == key
    assert _structure_key(path, document.format(doc="one", day="2024-01-03")) != key
    assert _structure_key(path, document.format(doc="one", day="'2024-01-02'")) != key


def test_the_number_of_workers_is_not_part_of_the_key(
    tmp_path: Path, cache: Path, builds: list[str], model: Path
) -> None:
    generate(model, tmp_path / "one", CONFIG)
    again = generate(model, tmp_path / "two", CONFIG.model_copy(update={"workers": 2}))
    assert builds == ["Synthetic12"]  # the second run took the IR from the cache
    assert again.file_set.files == generate(model, None, CONFIG).file_set.files
