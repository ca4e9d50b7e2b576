"""The TypeScript target's cache of printed view modules (``typescript-views``) after an edit
to the model file: a run with the cache gives byte for byte the files of a run without it,
whatever changed, and prints again only the views whose modules can change.

The per-view layout starts at 200 views; here it starts at 4 (the target's settings are
patched, as ``tests/typescript/test_split_sdk.py`` does), so small models exercise it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.ir import IRClass, IRModel
from pygen.lower.typescript import cache_keys
from pygen.lower.typescript import parallel as ts_parallel
from pygen.lower.typescript.context import TypeScriptSettings
from pygen.targets.typescript import TypeScriptTarget

from .model_edits import Document, Edit
from .model_edits import add_property as _add_property
from .model_edits import rename as _rename
from .model_edits import set_ as _set
from .model_edits import synthetic as _synthetic
from .model_edits import view as _view
from .model_edits import write as _write

CONFIG = GeneratorConfig(workers=1, language=("typescript",))
EXAMPLE = Path(__file__).parents[3] / "pygen" / "examples" / "example_model.yaml"


@pytest.fixture(autouse=True)
def per_view_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    """The per-view layout from 4 views on."""
    real = TypeScriptTarget.settings

    def settings(self: TypeScriptTarget, ir: IRModel, config: GeneratorConfig) -> Any:
        found: TypeScriptSettings = real(self, ir, config)
        return TypeScriptSettings(found.pygen_version, found.docs, split_views=4)

    monkeypatch.setattr(TypeScriptTarget, "settings", settings)


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The external ids of the views printed (not taken from the cache), run after run."""
    seen: list[str] = []
    real = ts_parallel._printed

    def spy(ctx: Any, header: str, classes: Sequence[IRClass]) -> Any:
        seen.extend(cls.view.external_id for cls in classes)
        return real(ctx, header, classes)

    monkeypatch.setattr(ts_parallel, "_printed", spy)
    return seen


def _files(path: Path, cache: str, config: GeneratorConfig = CONFIG) -> dict[Any, str]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYGEN_CACHE", cache)
        files = dict(generate(path, None, config).file_set.files)
    assert any("/dataClasses/" in str(name) for name in files)  # the per-view layout
    return files


def _enum_view(document: Document) -> tuple[str, str]:
    """The first entity view with an enum property, and that property."""
    for view in document["views"]:
        for prop_id, prop in view["properties"].items():
            if (
                view["externalId"].startswith("Entity")
                and prop.get("type", {}).get("type") == "enum"
            ):
                return view["externalId"], prop_id
    raise AssertionError("the synthetic model has no enum")


def _shared_enum() -> Document:
    """The synthetic model with the last entity view mapping the first enum's container
    property too (one alias, declared by the first view mapping it)."""
    document = _synthetic()
    owner, prop_id = _enum_view(document)
    last = document["views"][-1]
    last["properties"]["sharedEnum"] = dict(_view(document, owner)["properties"][prop_id])
    return document


def _drop_enum_owner(document: Document) -> None:
    """The enum's first view no longer maps it: the alias moves to the last view's module."""
    owner, prop_id = _enum_view(document)
    del _view(document, owner)["properties"][prop_id]


def _enum_to_an_earlier_view(document: Document) -> None:
    """An earlier view maps the enum too: it declares the alias now."""
    owner, prop_id = _enum_view(document)
    shared = _view(document, owner)["properties"][prop_id]
    _view(document, "Entity00000")["properties"]["earlierEnum"] = dict(shared)


def _first_edge_use_dropped(document: Document) -> None:
    """The first connection with edge properties loses them: the edge class's module quotes
    the next one."""
    del _view(document, "Entity00000")["properties"]["links"]["edgeSource"]


EDITS: dict[str, tuple[Callable[[], Document], Edit]] = {
    "leaf description": (_synthetic, _set("Entity00005", "description", "Changed.")),
    "view name": (_synthetic, _set("Entity00003", "name", "Another display name")),
    "base property description": (
        _synthetic,
        _set("Base0", "description", "Inherited text.", prop="name"),
    ),
    "property added": (_synthetic, _add_property("Entity00004")),
    "referenced view's property type": (
        _synthetic,
        _set("Base2", "type", {"type": "int64", "list": False}, prop="sourceId"),
    ),
    "rename to a clashing class name": (_synthetic, _rename("Entity00003", "entity00004")),
    "view renamed": (_synthetic, _rename("Entity00002", "Renamed")),
    "view used for edges": (_synthetic, _set("Entity00006", "usedFor", "all")),
    "enum owner dropped": (_shared_enum, _drop_enum_owner),
    "enum taken by an earlier view": (_shared_enum, _enum_to_an_earlier_view),
    "first use of the edge class": (_synthetic, _first_edge_use_dropped),
}


@pytest.mark.parametrize("name", list(EDITS))
def test_an_edit_with_the_cache_writes_what_a_run_without_it_does(
    tmp_path: Path, printed: list[str], name: str
) -> None:
    make, edit = EDITS[name]
    path = tmp_path / "model.json"
    document = make()
    _write(path, document)
    cache = str(tmp_path / "cache")
    before = _files(path, cache)
    views = len(printed)
    edit(document)
    _write(path, document)
    cached = _files(path, cache)
    again = len(printed) - views
    assert cached == _files(path, "off")
    assert cached != before
    assert again < views  # some views came from the cache


def test_the_same_file_again_prints_no_view_and_a_property_added_only_its_neighbours(
    tmp_path: Path, printed: list[str]
) -> None:
    path = tmp_path / "model.json"
    document = _synthetic()
    _write(path, document)
    cache = str(tmp_path / "cache")
    first = _files(path, cache)
    assert len(printed) == len(document["views"])
    assert _files(path, cache) == first
    assert len(printed) == len(document["views"])  # none printed again
    printed.clear()
    _add_property("Entity00004")(document)
    _write(path, document)
    _files(path, cache)
    # the view, the views it names (parent, related, links, its base) and those naming it
    assert "Entity00004" in printed
    assert len(printed) <= 6
    assert not (tmp_path / "cache" / "python-views").exists()


def test_cache_off_writes_no_entry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "model.json"
    _write(path, _synthetic())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    _files(path, "off")
    assert not list(tmp_path.rglob(ts_parallel.CACHE_KIND))


def _entries(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / ts_parallel.CACHE_KIND).rglob("*") if p.is_file())


@pytest.mark.parametrize("damage", ["torn", "foreign body", "not a length"])
def test_a_broken_entry_is_a_miss(tmp_path: Path, printed: list[str], damage: str) -> None:
    """A torn entry fails its checksum; a foreign body (checksum right, not two modules) is
    not used either: the view is printed again and the output is the same."""
    import hashlib

    path = tmp_path / "model.json"
    _write(path, _synthetic())
    cache = tmp_path / "cache"
    expected = _files(path, str(cache))
    entries = _entries(cache)
    for entry in entries:
        if damage == "torn":
            entry.write_bytes(entry.read_bytes()[:-20])
        elif damage == "not a length":
            body = "\N{SUPERSCRIPT TWO}\nnot two modules".encode()
            entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
        else:
            body = b"99999\nnot two modules"
            entry.write_bytes(hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
    printed.clear()
    assert _files(path, str(cache)) == expected
    assert len(printed) == len(entries)


def test_settings_and_the_generator_are_part_of_the_key(
    tmp_path: Path, printed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "model.json"
    _write(path, _synthetic())
    cache = str(tmp_path / "cache")
    _files(path, cache)
    printed.clear()
    no_docs = CONFIG.model_copy(update={"docstrings": False})
    assert _files(path, cache, no_docs) == _files(path, "off", no_docs)
    assert len(printed) == 2 * 12  # docs off: every view printed, with the cache and without
    printed.clear()
    monkeypatch.setattr(cache_keys, "generator_fingerprint", lambda: "another generator")
    _files(path, cache)
    assert len(printed) == 12


def test_a_class_digest_plugs_in_through_the_seam(tmp_path: Path) -> None:
    """Keys depend on the class digest given (by default the pickle's, pygen.emit.ir_bytes)."""
    from pygen.api import build_ir
    from pygen.emit.ir_bytes import class_digest
    from pygen.lower.typescript.context import Context

    path = tmp_path / "model.json"
    _write(path, _synthetic())
    ir, _ = build_ir(path, CONFIG)
    ctx = Context(ir, TypeScriptSettings(split_views=4))
    keys = cache_keys.view_keys(ctx)
    assert keys == cache_keys.view_keys(ctx, class_digest)
    other = cache_keys.view_keys(ctx, lambda cls: b"x" + class_digest(cls))
    assert not set(keys.values()) & set(other.values())
    assert len(set(keys.values())) == len(ir.classes)


def test_an_enum_owner_moved_by_the_class_order_alone_changes_the_keys(tmp_path: Path) -> None:
    """The first class mapping an enum's container property declares its alias: when another
    class comes first (the alias and every class unchanged), both views' modules change, and
    so do their keys."""
    import attrs

    from pygen.api import build_ir
    from pygen.lower.typescript.build import build_ast, render_files
    from pygen.lower.typescript.context import Context

    path = tmp_path / "model.json"
    document = _shared_enum()
    _write(path, document)
    ir, _ = build_ir(path, CONFIG)
    owner_id, _ = _enum_view(document)
    classes = list(ir.classes)
    owner = next(i for i, cls in enumerate(classes) if cls.view.external_id == owner_id)
    sharing = next(
        i for i, cls in enumerate(classes) if "sharedEnum" in {p.id for p in cls.properties}
    )
    assert sharing > owner
    classes.insert(owner, classes.pop(sharing))  # the other class mapping the enum before it
    moved = attrs.evolve(ir, classes=tuple(classes))
    settings = TypeScriptSettings(split_views=4)
    before, after = (render_files(build_ast(m, settings), m, settings) for m in (ir, moved))
    keys_before, keys_after = (cache_keys.view_keys(Context(m, settings)) for m in (ir, moved))
    changed_files = {path for path in before if before[path] != after[path]}
    changed_views = {v.external_id for v in keys_before if keys_before[v] != keys_after[v]}
    assert {owner_id, classes[owner].view.external_id} <= changed_views
    for view in ir.classes:  # every module that changed has a changed key
        name = Context(ir, settings).modules[view.view]
        if any(f"/{name}.ts" in str(path) for path in changed_files):
            assert view.view.external_id in changed_views


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
    """A few edits: (view, key, property or None, value); documentation, nullability, the
    view's display name, or a rename of the view (structure)."""
    steps = []
    for _ in range(draw(st.integers(1, 3))):
        view = draw(st.sampled_from(sorted(EDITABLE)))
        prop = draw(st.sampled_from([None, *EDITABLE[view]]))
        key = draw(st.sampled_from(["description", "name", "nullable", "externalId"]))
        value: Any
        if key == "nullable":
            value = draw(st.booleans())
            prop = prop or EDITABLE[view][0]
        elif key == "externalId" and view.startswith("Entity"):  # nothing implements these
            value, prop = draw(st.sampled_from(["Entity00009", "entity00001", "Moved"])), None
        elif key == "externalId":
            continue
        else:
            value = draw(st.none() | st.text(max_size=12))
        steps.append((view, key, prop, value))
    return steps


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(edits=_edits())
def test_random_edits_with_the_cache_write_what_a_run_without_it_does(
    tmp_path_factory: pytest.TempPathFactory, edits: list[tuple[str, str, str | None, Any]]
) -> None:
    folder = tmp_path_factory.mktemp("edits")
    path = folder / "model.json"
    document = _shared_enum()
    _write(path, document)
    cache = str(folder / "cache")
    _files(path, cache)
    for view, key, prop, value in edits:
        if key == "externalId" and any(v["externalId"] == value for v in document["views"]):
            continue  # two views of one id: not a model
        if not any(v["externalId"] == view for v in document["views"]):
            continue  # renamed by an earlier step
        _set(view, key, value, prop)(document)
        _write(path, document)
        assert _files(path, cache) == _files(path, "off"), (view, key, prop, value)


def test_a_description_changed_changes_only_that_views_modules_and_the_index(
    tmp_path: Path,
) -> None:
    """A view's module carries no model source hash (it changes with any view): after a change
    to one view's description, its two modules and the index (``client.ts`` documents each
    view; both carry the hash) are the only sources whose text changed."""
    path = tmp_path / "model.json"
    document = _synthetic()
    _write(path, document)
    before = _files(path, "off")
    _set("Entity00005", "description", "Changed.")(document)
    _write(path, document)
    after = _files(path, "off")
    changed = {p.as_posix().split("/src/", 1)[-1] for p in after if after[p] != before.get(p)}
    sources = {name for name in changed if name.endswith(".ts")}
    assert sources == {
        "dataClasses/entity00005.ts",
        "api/entity00005.ts",
        "client.ts",
        "index.ts",
    }
    for name, text in after.items():
        if "/dataClasses/" in str(name) or "/api/" in str(name):
            assert text.startswith("// Generated by pygen")
            assert "Model source hash" not in text


def test_check_after_an_edit_lists_what_a_run_without_the_cache_lists(tmp_path: Path) -> None:
    """``--check`` compares the cached text: up to date after a write, and after an edit the
    same changed files with the cache and without it (the edited view's modules and the
    index)."""
    path = tmp_path / "model.json"
    document = _synthetic()
    _write(path, document)
    out = tmp_path / "out"
    cache = str(tmp_path / "cache")

    def changed(run: str) -> list[Any]:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("PYGEN_CACHE", run)
            return sorted(generate(path, out, CONFIG, check=True).changed)

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("PYGEN_CACHE", cache)
        generate(path, out, CONFIG)
    assert changed(cache) == []
    _add_property("Entity00004")(document)
    _write(path, document)
    found = changed(cache)
    assert found == changed("off")
    assert any("entity00004.ts" in str(p) for p in found)
    assert len(found) < 12


def test_the_generator_fingerprint_reads_the_lowering_the_printer_and_the_runtime() -> None:
    from pygen.lower.typescript.package import RUNTIME_SOURCES

    sources = {(path.parent.name, path.name) for path in cache_keys._sources()}
    assert {
        ("typescript", "data_classes.py"),
        ("typescript", "cache_keys.py"),
        ("lower", "view_deps.py"),
        ("pygen", "_text.py"),
        ("ts_emitter", "printer.py"),
    } <= sources
    runtime = {path.name for path in RUNTIME_SOURCES.glob("*.ts")}
    assert runtime and runtime <= {name for _, name in sources}
