"""The generation cache's model entries: a model file's IR and validation result.

Loading, validation and building the IR are most of a warm regeneration of a large model
(about 1.6 s of 2.5 s at 1,000 views). ``pygen generate`` keeps their result in the generation
cache (:mod:`pygen.emit.cache`, kind ``model-ir``), keyed by a SHA-256 digest of:

- each model file as given: its path and its bytes (a model from CDF, or a ``DataModel``
  object, is never cached);
- the settings of the run (:class:`~pygen.config.GeneratorConfig`, all of them);
- the generator: the path, size and modification time of every source file of ``pygen`` and
  ``pygen_runtime`` (an edited or upgraded generator misses), and pydantic's version.

Only a valid model's result is kept (a model with errors is validated again, so its report
is always fresh). An entry is a pickle behind the cache's SHA-256 check: a torn or edited
entry is ignored and replaced, never used; an entry that fails to unpickle is a miss too.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pygen.config import GeneratorConfig
    from pygen.ir import IRModel
    from pygen.validation import ValidationResult

__all__ = ["load_ir", "model_key", "store_ir"]

KIND = "model-ir"


@lru_cache(maxsize=1)
def generator_stamp() -> str:
    """A digest of the generator's source files (path, size, modification time)."""
    import pydantic

    import pygen
    import pygen_runtime

    digest = hashlib.sha256(pydantic.VERSION.encode())
    for package in (pygen, pygen_runtime):
        root = Path(package.__file__ or "").parent
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(f for f in files if f.endswith(".py")):
                path = Path(folder) / name
                stat = path.stat()
                digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def model_key(sources: Sequence[Any], config: GeneratorConfig) -> str | None:
    """The cache key of a run from ``sources``, or ``None`` when the cache is off or a source
    is not a file (or cannot be read: loading then reports it)."""
    from pygen.emit.cache import cache_folder

    if cache_folder() is None:
        return None
    digest = hashlib.sha256(generator_stamp().encode())
    digest.update(config.model_dump_json().encode())
    for source in sources:
        if not isinstance(source, str | Path):
            return None
        try:
            data = Path(source).read_bytes()
        except OSError:
            return None
        digest.update(f"\0{os.fspath(source)}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def load_ir(key: str) -> tuple[IRModel, ValidationResult] | None:
    """The IR and validation result stored under ``key``, or ``None``."""
    from pygen.emit.cache import TextCache, cache_folder

    folder = cache_folder()
    if folder is None:
        return None
    body = TextCache(folder, KIND).get_bytes(key)
    if body is None:
        return None
    with contextlib.suppress(Exception):  # a stale or foreign pickle is a miss, never an error
        ir, validation = pickle.loads(body)  # pygen's own entry, its digest checked
        return ir, validation
    return None


def store_ir(key: str, ir: IRModel, validation: ValidationResult) -> None:
    """Keep a valid model's IR and validation result under ``key`` (a failure to pickle or
    write is ignored: the cache only saves time)."""
    from pygen.emit.cache import TextCache, cache_folder

    folder = cache_folder()
    if folder is None or not validation.is_valid:
        return
    with contextlib.suppress(Exception):
        body = pickle.dumps((ir, validation), protocol=pickle.HIGHEST_PROTOCOL)
        TextCache(folder, KIND).put_bytes(key, body)
