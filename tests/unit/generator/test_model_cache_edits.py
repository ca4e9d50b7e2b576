"""The generation cache after an edit to the model file: a run with the cache gives byte for
byte the files of a run without it, whatever changed.

A change to documentation only (descriptions, display names, timestamps) takes the model's
entry and builds again only the views it touches (no full validation: the spy counts full
builds); any other change (a property, a type, a name that now clashes, a setting, the
generator) is a full build. Table-driven edits on models with inheritance, then random
sequences of edits (hypothesis).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen import model_cache
from pygen.api import generate
from pygen.config import GeneratorConfig

from .model_edits import Document, Edit
from .model_edits import add_property as _add_property
from .model_edits import rename as _rename
from .model_edits import set_ as _set
from .model_edits import synthetic as _synthetic
from .model_edits import view as _view
from .model_edits import write as _write

CONFIG = GeneratorConfig(workers=1)
EXAMPLE = Path(__file__).parents[3] / "pygen" / "examples" / "example_model.yaml"


def _files(path: Path, config: GeneratorConfig, cache: str) -> dict[Any, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYGEN_CACHE", cache)
        return dict(generate(path, None, config).file_set.files)


def _example() -> Document:
    loaded: Document = yaml.safe_load(EXAMPLE.read_text())
    return loaded


def _drop(external_id: str, key: str) -> Edit:
    def edit(document: Document) -> None:
        del _view(document, external_id)[key]

    return edit


def _example_views() -> list[str]:
    return [view["externalId"] for view in _example()["views"]]


def _parent_and_child() -> tuple[str, str]:
    """A view of the example model that another implements, and that child."""
    for view in _example()["views"]:
        for parent in view.get("implements") or ():
            return parent["externalId"], view["externalId"]
    raise AssertionError("the example model has no inheritance")


PARENT, CHILD = _parent_and_child()
PARENT_PROPERTY = next(iter(_view(_example(), PARENT)["properties"]))

DOCUMENTATION_EDITS: dict[str, tuple[Callable[[], Document], Edit]] = {
    "leaf description": (_synthetic, _set("Entity00005", "description", "Changed.")),
    "view name": (_synthetic, _set("Entity00003", "name", "Another display name")),
    "timestamps": (_synthetic, _set("Entity00002", "lastUpdatedTime", 1800000000000)),
    "a timestamp left out": (_synthetic, _drop("Entity00002", "createdTime")),
    "base view description": (_synthetic, _set("Base1", "description", "Every base.")),
    "base property description": (
        _synthetic,
        _set("Base0", "description", "Inherited text.", prop="name"),
    ),
    "parent description (example)": (_example, _set(PARENT, "description", "Parent.")),
    "inherited property text (example)": (
        _example,
        _set(PARENT, "description", "Copied down to the children.", prop=PARENT_PROPERTY),
    ),
    "property display name (example)": (
        _example,
        _set(PARENT, "name", "Shown name", prop=PARENT_PROPERTY),
    ),
}

STRUCTURE_EDITS: dict[str, tuple[Callable[[], Document], Edit]] = {
    "property added": (_synthetic, _add_property("Entity00004")),
    "referenced view's property type": (
        _synthetic,
        _set("Base2", "type", {"type": "int64", "list": False}, prop="sourceId"),
    ),
    "rename to a clashing class name": (_synthetic, _rename("Entity00003", "entity00004")),
    "child no longer inherits": (_example, _set(CHILD, "implements", [])),
    "view used for edges": (_synthetic, _set("Entity00006", "usedFor", "all")),
}


@pytest.mark.parametrize("name", list(DOCUMENTATION_EDITS))
def test_a_documentation_edit_rebuilds_only_its_views_and_writes_what_a_run_without_the_cache_does(
    tmp_path: Path, builds: list[str], name: str
) -> None:
    make, edit = DOCUMENTATION_EDITS[name]
    path = tmp_path / "model.json"
    document = make()
    _write(path, document)
    cache = str(tmp_path / "cache")
    before = _files(path, CONFIG, cache)
    edit(document)
    _write(path, document)
    cached = _files(path, CONFIG, cache)
    assert len(builds) == 1  # the edit was built from the entry, not validated again
    assert cached == _files(path, CONFIG, "off")
    assert cached != before  # the edit reaches the files (their text, or the source hash)


@pytest.mark.parametrize("name", list(STRUCTURE_EDITS))
def test_a_structure_edit_is_a_full_build_and_writes_what_a_run_without_the_cache_does(
    tmp_path: Path, builds: list[str], name: str
) -> None:
    make, edit = STRUCTURE_EDITS[name]
    path = tmp_path / "model.json"
    document = make()
    _write(path, document)
    cache = str(tmp_path / "cache")
    _files(path, CONFIG, cache)
    edit(document)
    _write(path, document)
    cached = _files(path, CONFIG, cache)
    assert len(builds) == 2
    assert cached == _files(path, CONFIG, "off")


def test_settings_and_the_generator_are_part_of_the_key(
    tmp_path: Path, builds: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "model.json"
    _write(path, _synthetic())
    cache = str(tmp_path / "cache")
    _files(path, CONFIG, cache)
    other = CONFIG.model_copy(update={"client_name": "OtherClient"})
    assert _files(path, other, cache) == _files(path, other, "off")
    assert len(builds) == 3  # cached run, cache-off run: both full builds
    monkeypatch.setattr(model_cache, "generator_stamp", lambda: "another generator")
    _files(path, CONFIG, cache)
    assert len(builds) == 4


def test_a_view_listed_twice_is_never_rebuilt_on_its_own(tmp_path: Path, builds: list[str]) -> None:
    path = tmp_path / "model.json"
    document = _synthetic()
    document["views"].append(json.loads(json.dumps(_view(document, "Entity00005"))))
    _write(path, document)
    cache = str(tmp_path / "cache")
    _files(path, CONFIG, cache)
    document["views"][-1]["description"] = "The second copy changed."
    _write(path, document)
    assert _files(path, CONFIG, cache) == _files(path, CONFIG, "off")
    assert len(builds) == 3  # a full build with the cache too


def test_an_entry_for_another_list_of_views_is_a_miss(tmp_path: Path, builds: list[str]) -> None:
    """An entry that does not fit the file (a stale or crafted one under its key) is not used."""
    path = tmp_path / "model.json"
    _write(path, _synthetic())
    cache = tmp_path / "cache"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYGEN_CACHE", str(cache))
        source = model_cache.read_source([path], CONFIG)
        assert source is not None
        model = model_cache.prepare(source, CONFIG)
        assert model is not None
        generate(path, None, CONFIG)
        entry = model_cache._read_entry(model.key)
        assert entry is not None
        import dataclasses

        model_cache._write(model.key, dataclasses.replace(entry, docs=entry.docs[:-1]))
        model_cache._write(source.exact, None)  # no entry for the exact bytes either
        assert model_cache.load_exact(source) is None
        assert model_cache.load_model_ir(model) is None
        generate(path, None, CONFIG)
    assert len(builds) == 2


EDITABLE = {
    "Base0": ["name", "description"],
    "Base2": ["sourceId"],
    "LinkProperties": ["weight", "since"],
    "Entity00000": ["name", "parent"],
    "Entity00004": ["links", "tags"],
    "Entity00006": ["description", "related"],
}


@st.composite
def _edits(draw: st.DrawFn) -> list[tuple[str, str, str | None, Any]]:
    """A few edits: (view, key, property or None, value); most are documentation."""
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        view = draw(st.sampled_from(sorted(EDITABLE)))
        prop = draw(st.sampled_from([None, *EDITABLE[view]]))
        key = draw(st.sampled_from(["description", "name", "nullable", "lastUpdatedTime"]))
        if key == "nullable":  # a change of structure
            value: Any = draw(st.booleans())
            prop = prop or EDITABLE[view][0]
        elif key == "lastUpdatedTime":
            value, prop = draw(st.integers(0, 2**40)), None
        else:
            value = draw(st.none() | st.text(max_size=12))
        steps.append((view, key, prop, value))
    return steps


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=_edits())
def test_random_edits_with_the_cache_write_what_a_run_without_it_does(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, str, str | None, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("edits")
    path = folder / "model.json"
    document = _synthetic()
    _write(path, document)
    cache = str(folder / "cache")
    _files(path, CONFIG, cache)
    for view, key, prop, value in edits:
        _set(view, key, value, prop)(document)
        _write(path, document)
        assert _files(path, CONFIG, cache) == _files(path, CONFIG, "off"), (view, key, prop)


@pytest.mark.parametrize(
    ("settings_", "external_id"),
    [
        ({"language": ("python", "typescript")}, "Base1"),
        ({"exclude_views": ("Entity00005",)}, "Entity00005"),  # a view left out
        ({"exclude_views": ("Entity00005",)}, "Base1"),
    ],
    ids=["both languages", "excluded view", "with a view excluded"],
)
def test_a_documentation_edit_with_other_settings(
    tmp_path: Path, builds: list[str], settings_: dict[str, Any], external_id: str
) -> None:
    config = CONFIG.model_copy(update=settings_)
    path = tmp_path / "model.json"
    document = _synthetic()
    _write(path, document)
    cache = str(tmp_path / "cache")
    _files(path, config, cache)
    _set(external_id, "description", "Changed with other settings.")(document)
    _write(path, document)
    assert _files(path, config, cache) == _files(path, config, "off")
    assert len(builds) == 2  # the cache-off run's


def test_a_timestamp_null_instead_of_left_out_is_the_error_a_run_without_the_cache_gives(
    tmp_path: Path,
) -> None:
    from pygen_runtime.errors import ParseError

    path = tmp_path / "model.json"
    document = _synthetic()
    del _view(document, "Entity00002")["createdTime"]  # read as 0
    _write(path, document)
    cache = str(tmp_path / "cache")
    _files(path, CONFIG, cache)
    _view(document, "Entity00002")["createdTime"] = None  # not a number: the file is refused
    _write(path, document)
    for run in (cache, "off"):
        with pytest.raises(ParseError, match="createdTime"):
            _files(path, CONFIG, run)


def _model_description(text: str) -> Edit:
    def edit(document: Document) -> None:
        document["description"] = text

    return edit


SHARED_MODULE_EDITS: dict[str, tuple[Edit, set[str]]] = {
    # edit -> the shared modules lowered again (the others come from the cache)
    "property added": (_add_property("Entity00004"), set()),
    "property description": (_set("Base0", "description", "Text.", prop="name"), set()),
    "property made required": (_set("Entity00004", "nullable", False, prop="tags"), set()),
    "view description": (_set("Entity00005", "description", "Changed."), {"client"}),
    "view display name": (_set("Entity00003", "name", "Shown"), {"client"}),
    "view renamed": (_rename("Entity00003", "Renamed"), {"__init__", "client"}),
    "view used for edges": (_set("Entity00006", "usedFor", "all"), set()),
    "model description": (_model_description("Another model."), {"__init__", "client"}),
}


@pytest.fixture
def shared_lowered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The package's modules besides the views that a run lowers (not from the cache)."""
    from pygen.lower.python import parallel

    seen: list[str] = []
    real = parallel.build_ast

    def spy(ir, settings, only=None):  # type: ignore[no-untyped-def]
        seen.extend(only or ())
        return real(ir, settings, only=only)

    monkeypatch.setattr(parallel, "build_ast", spy)
    return seen


@pytest.mark.parametrize("name", list(SHARED_MODULE_EDITS))
def test_the_package_index_and_the_client_come_from_the_cache_when_what_they_read_is_unchanged(
    tmp_path: Path, shared_lowered: list[str], name: str
) -> None:
    edit, expected = SHARED_MODULE_EDITS[name]
    path = tmp_path / "model.json"
    document = _synthetic()
    _write(path, document)
    cache = str(tmp_path / "cache")
    before = _files(path, CONFIG, cache)
    assert {"__init__", "client"} <= set(shared_lowered)
    shared_lowered.clear()
    edit(document)
    _write(path, document)
    cached = _files(path, CONFIG, cache)
    assert {"__init__", "client"} & set(shared_lowered) == expected
    assert cached == _files(path, CONFIG, "off")
    # the source hash in their header changed with any edit
    package = next(p for p in cached if p.name == "client.py").parent
    assert cached[package / "client.py"] != before[package / "client.py"]
    assert cached[package / "__init__.py"] != before[package / "__init__.py"]
