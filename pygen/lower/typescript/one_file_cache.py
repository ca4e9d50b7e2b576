"""The one-file layout's sources from the generation cache (kind ``typescript-model``).

Under ``split_views`` views the SDK's sources are four modules holding every view
(``dataClasses.ts``, ``api.ts``, ``client.ts``, ``index.ts``): any change to a view changes
them, so they are cached as one entry keyed by the whole model. A run of the same model (a
second ``generate``, ``--check`` in CI) takes them from it; any other run prints them and
stores them.

The key is a SHA-256 of the generator (:func:`.cache_keys.generator_fingerprint`), the
settings and every field of the IR, its provenance without the source hash (the hash changes
with the model file's documentation that the IR holds anyway). The cached texts have no
header: the provenance lines, with the source hash, are put in front on every run.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

import attrs

from pygen.ir import IRModel

from .build import build_ast, header_text, render_files, shared_files, side_files
from .cache_keys import generator_fingerprint
from .context import Context, TypeScriptSettings

if TYPE_CHECKING:
    from pygen.emit.cache import TextCache

__all__ = ["CACHE_KIND", "model_key", "render_one_file"]

CACHE_KIND = "typescript-model"
"""The generation cache's kind of the one-file layout's sources."""


def model_key(ir: IRModel, settings: TypeScriptSettings) -> str:
    """The key of the model's sources: the generator, the settings, and every field of the IR
    (its provenance without the source hash)."""
    digest = hashlib.sha256()
    digest.update(generator_fingerprint().encode())
    digest.update(repr(settings).encode())
    for field in attrs.fields(type(ir)):
        value = getattr(ir, field.name)
        if field.name == "metadata":
            value = attrs.evolve(value, source_hash="")
        digest.update(f"\0{field.name}\0{value!r}".encode())
    return digest.hexdigest()


def render_one_file(
    ir: IRModel, settings: TypeScriptSettings, cache: TextCache
) -> dict[PurePosixPath, str]:
    """Every file of the package in the one-file layout (as ``render_files(build_ast(...))``
    gives them): the sources from ``cache`` when it holds the model's, else printed and
    stored."""
    ctx = Context(ir, settings)
    header = header_text(ctx)
    key = model_key(ir, settings)
    paths = [PurePosixPath(path) for path, _ in shared_files(ctx)]
    found = _read(cache.get(key), paths)
    if found is not None:
        files = {path: header + body for path, body in zip(paths, found, strict=True)}
        files.update(side_files(ctx))
        return files
    files = render_files(build_ast(ir, settings), ir, settings)
    cache.put(key, json.dumps([files[path][len(header) :] for path in paths]))
    return files


def _read(entry: str | None, paths: list[PurePosixPath]) -> list[str] | None:
    """The texts of an entry: a JSON list of one string per source; anything else is a miss."""
    if entry is None:
        return None
    try:
        texts = json.loads(entry)
    except ValueError:
        return None
    if not isinstance(texts, list) or len(texts) != len(paths):
        return None
    if not all(isinstance(text, str) for text in texts):
        return None
    return texts
