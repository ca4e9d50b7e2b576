"""``gc_long_lived``: collections during a lazy load or a schema build walk only what it made.

A 1,000-view SDK loaded view by view ran full collections of an ever larger heap (a quarter
of the CPU time of using every view); inside the block the objects that existed before are
set aside (``gc.freeze``), and afterwards they are in the oldest generation again.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pygen_runtime._gc import gc_long_lived


class Made:
    """A tracked object of our own (so it is found by identity in the generations)."""


def _in_generation(obj: object, generation: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generation))


@pytest.fixture(autouse=True)
def _collector() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.enable()
    yield
    gc.unfreeze()
    if not was_enabled:
        gc.disable()


def test_what_existed_is_set_aside_meanwhile_and_kept_in_the_oldest_generation() -> None:
    before = Made()
    gc.collect(0)
    with gc_long_lived():
        assert gc.get_freeze_count() > 0  # what existed is set aside meanwhile
        assert not _in_generation(before, 2)
        made = Made()
        assert _in_generation(made, 0)
    assert gc.get_freeze_count() == 0
    assert _in_generation(before, 2)
    assert _in_generation(made, 0)  # collected or promoted by the young collections, as usual


def test_nested_blocks_release_at_the_outermost_end_even_on_errors() -> None:
    with pytest.raises(RuntimeError), gc_long_lived():
        frozen = gc.get_freeze_count()
        with gc_long_lived():
            assert gc.get_freeze_count() == frozen  # not frozen again
        assert gc.get_freeze_count() == frozen  # the inner end releases nothing
        raise RuntimeError
    assert gc.get_freeze_count() == 0


def test_a_process_that_froze_its_own_objects_keeps_them_frozen() -> None:
    gc.freeze()
    frozen = gc.get_freeze_count()
    with gc_long_lived():
        Made()
    assert gc.get_freeze_count() == frozen


def test_nothing_changes_while_the_collector_is_disabled() -> None:
    gc.disable()
    with gc_long_lived():
        assert gc.get_freeze_count() == 0
    assert not gc.isenabled()


def test_a_lazily_exported_module_is_loaded_inside_the_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "gc_probe_pkg"
    package.mkdir()
    (package / "__init__.py").write_text(
        "from pygen_runtime.lazy import lazy_exports\n"
        '__getattr__, __dir__ = lazy_exports(__name__, {"views.thing": ("Thing", "FROZEN")})\n'
    )
    (package / "views").mkdir()
    (package / "views" / "__init__.py").write_text("")
    (package / "views" / "thing.py").write_text(
        "import gc\nFROZEN = gc.get_freeze_count()\nclass Thing:\n    pass\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        import gc_probe_pkg  # type: ignore[import-not-found]

        assert gc_probe_pkg.FROZEN > 0  # the module ran with what existed set aside
        assert gc.get_freeze_count() == 0
    finally:
        for name in [m for m in sys.modules if m.startswith("gc_probe_pkg")]:
            del sys.modules[name]


def test_a_generated_class_builds_its_schema_inside_the_block() -> None:
    from pydantic import ConfigDict, GetCoreSchemaHandler
    from pydantic_core import CoreSchema, core_schema

    from pygen_runtime.lazy import LinkedModel

    seen: list[int] = []

    class Probe:
        @classmethod
        def __get_pydantic_core_schema__(
            cls, source: object, handler: GetCoreSchemaHandler
        ) -> CoreSchema:
            seen.append(gc.get_freeze_count())
            return core_schema.int_schema()

    class Model(LinkedModel):
        model_config = ConfigDict(defer_build=True)
        value: Probe

    Model.model_rebuild()
    assert seen and seen[0] > 0
    assert gc.get_freeze_count() == 0
