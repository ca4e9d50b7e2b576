"""IR nodes as bytes for the generation cache: a faster pickle, and a digest per class.

The IR's node classes (``pygen.ir.nodes``) are frozen attrs classes with slots. Pickled the
default way, each node's state is a dict built by a Python function (attrs'
``__getstate__``); :func:`dumps` gives each node class a reducer whose state is the tuple of
its fields, read by one C call (``operator.attrgetter``), which attrs' ``__setstate__``
reads back. It is ``pickle``'s format: :func:`pickle.loads` reads it (about twice as fast
both ways for the IR of a large model).

:func:`class_digest` is a class's SHA-256 over its pickle made on its own. A pickle holds
every field value, so two classes with different values have different digests (the keys
of the view modules, :mod:`pygen.lower.python.cache_keys`, rely on that); classes built
the same way from the same view have the same digest in every process (a test builds the
models twice and compares). The digest of each class object is computed once per process:
the model cache's entry stores the digests of its classes with them, and
:func:`remember` registers them when it is stored or read (holding those classes until
:func:`forget`, or the next model's), so a run whose IR comes from the cache digests only
the classes it built again.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import operator
import pickle
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

import attrs

from pygen.ir import IRClass
from pygen.ir import nodes as ir_nodes

__all__ = ["class_digest", "class_digests", "dumps", "forget", "remember"]

_Reduce = Callable[[Any], tuple[Any, ...]]
_NEWOBJ: Callable[..., Any] = copyreg.__newobj__  # type: ignore[attr-defined]
"""``cls.__new__(cls)``: pickle writes it as its ``NEWOBJ`` opcode."""


def _reducer(cls: type) -> _Reduce:
    names = [field.name for field in attrs.fields(cls)]
    getter = operator.attrgetter(*names)
    if len(names) == 1:  # attrgetter of one name gives the value, not a tuple

        def reduce_one(node: Any) -> tuple[Any, ...]:
            return _NEWOBJ, (cls,), (getter(node),)

        return reduce_one

    def reduce(node: Any) -> tuple[Any, ...]:
        return _NEWOBJ, (cls,), getter(node)

    return reduce


@lru_cache(maxsize=1)
def _dispatch_table() -> dict[type, _Reduce]:
    """A reducer for each slotted attrs class of the IR (others pickle the usual way)."""
    table: dict[type, _Reduce] = dict(copyreg.dispatch_table)  # type: ignore[arg-type]
    for value in vars(ir_nodes).values():
        if (
            isinstance(value, type)
            and value.__module__ == ir_nodes.__name__
            and attrs.has(value)
            and "__slots__" in vars(value)
        ):
            table[value] = _reducer(value)
    return table


def dumps(value: object) -> bytes:
    """``pickle.dumps(value)``, faster for IR nodes (read back with :func:`pickle.loads`)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = _dispatch_table()
    pickler.dump(value)
    return buffer.getvalue()


_KNOWN: dict[int, tuple[IRClass, bytes]] = {}
"""The digests of the class objects of the last model entry stored or read, by ``id``
(with the object, so the id is not reused while it is here)."""


def remember(classes: Iterable[IRClass], digests: Iterable[bytes]) -> None:
    """Register the digests of ``classes`` (those of one model; replaces the last ones)."""
    _KNOWN.clear()
    _KNOWN.update((id(cls), (cls, digest)) for cls, digest in zip(classes, digests, strict=True))


def forget() -> None:
    """Drop the registered digests (and the classes they hold)."""
    _KNOWN.clear()


def class_digest(cls: IRClass) -> bytes:
    """SHA-256 of ``cls`` pickled on its own (registered, or computed)."""
    known = _KNOWN.get(id(cls))
    if known is not None and known[0] is cls:
        return known[1]
    return hashlib.sha256(dumps(cls)).digest()


def class_digests(classes: Iterable[IRClass]) -> tuple[bytes, ...]:
    """:func:`class_digest` of each class."""
    return tuple(class_digest(cls) for cls in classes)
