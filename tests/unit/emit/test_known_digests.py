"""Known digests: a text whose manifest hash is known already (a rendered module from the
generation cache, checked by the SHA-256 of its text) is not hashed again by the write plan.

The plan uses the hash it is given; ``FileSet.of`` keeps it only for a text that normalising
leaves as it is; a generation from the cache writes the manifest a run without it writes.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.emit import FileSet
from pygen.emit.manifest import digest
from pygen.testing import synthesize_model

from ._files import manifest, module

PATH = PurePosixPath("pkg/a.py")


def test_the_plan_takes_a_known_digest_instead_of_hashing_the_text(tmp_path: Path) -> None:
    files = {PATH: module("A = 1"), PurePosixPath("pkg/b.py"): module("B = 1")}
    given = FileSet.of(files, {PATH: "sha256:given"})
    plan = given.plan(tmp_path)
    (change,) = plan.manifests
    assert change.final == {
        PurePosixPath("a.py"): "sha256:given",
        PurePosixPath("b.py"): digest(files[PurePosixPath("pkg/b.py")].encode()),
    }


def test_a_digest_is_dropped_when_normalising_changes_the_text() -> None:
    text = module("A = 1").replace("\n", "\r\n")
    kept = FileSet.of({PATH: text}, {PATH: digest(text.encode())})
    assert kept.digests == {}
    assert FileSet.of({PATH: module("A = 1")}, {PATH: "sha256:x"}).digests == {PATH: "sha256:x"}


def test_a_cached_generation_writes_the_manifest_a_run_without_the_cache_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = synthesize_model(views=12, base_views=4)
    config = GeneratorConfig(workers=1)
    monkeypatch.setenv("PYGEN_CACHE", str(tmp_path / "cache"))
    generate(model, tmp_path / "fill", config)
    warm = generate(model, tmp_path / "warm", config)
    assert len(warm.file_set.digests) == 12  # every view module's, from its cache entry
    monkeypatch.setenv("PYGEN_CACHE", "off")
    cold = generate(model, tmp_path / "cold", config)
    assert cold.file_set.digests == {}
    package = "synthetic_12"
    assert manifest(tmp_path / "warm" / package) == manifest(tmp_path / "cold" / package)
