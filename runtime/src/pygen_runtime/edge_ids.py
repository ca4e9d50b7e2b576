"""Deterministic external ids for the edges of edge connections.

An edge written through a connection (``EquipmentWrite(connected_to=[...])``) gets an external
id computed from what identifies it: the start node, the edge type and the end node, each a
(space, external id) pair. Writing the same connection twice then updates the edge instead of
adding another. The scheme is the same in the TypeScript runtime (``edgeExternalId``), byte for
byte:

- **Readable form**: the six parts ``start space, start external id, type space, type external
  id, end space, end external id``, each escaped (``\\`` becomes ``\\\\`` and ``:`` becomes
  ``\\:``), joined with ``:``. For example ``data:pump-1:sp:Pump.feeds:data:tank-2``.
- **Hashed form**, when the readable form is longer than 255 characters (code points): the
  longest prefix of the readable form that fits, cut between escapes, then ``\\#``, then the 64
  hex digits of the SHA-256 of the readable form (UTF-8).

The id is injective: escaping makes the readable form decodable, so two different edges never
share a readable form. Read from the start, a readable form consists of plain characters and
the escapes ``\\\\`` and ``\\:``; a hashed form is such a sequence followed by ``\\#``, which is
no escape, so a hashed form never equals a readable form. Two hashed forms are equal only if
their SHA-256 digests are.
"""

from __future__ import annotations

import hashlib

from .ids import InstanceId

__all__ = ["EDGE_ID_MAX_LENGTH", "edge_external_id"]

EDGE_ID_MAX_LENGTH = 255
"""The longest edge external id made (CDF allows 255 characters for an external id)."""

_HASH_MARK = "\\#"
_DIGEST_LENGTH = 64


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(":", "\\:")


def edge_external_id(start: InstanceId, edge_type: InstanceId, end: InstanceId) -> str:
    """The external id of the edge of type ``edge_type`` from ``start`` to ``end``.

    Deterministic, injective, and at most :data:`EDGE_ID_MAX_LENGTH` characters (see the
    module docstring for the scheme).
    """
    readable = ":".join(
        _escape(part)
        for part in (
            start.space,
            start.external_id,
            edge_type.space,
            edge_type.external_id,
            end.space,
            end.external_id,
        )
    )
    if len(readable) <= EDGE_ID_MAX_LENGTH:
        return readable
    digest = hashlib.sha256(readable.encode("utf-8")).hexdigest()
    room = EDGE_ID_MAX_LENGTH - len(_HASH_MARK) - _DIGEST_LENGTH
    return f"{_cut(readable, room)}{_HASH_MARK}{digest}"


def _cut(readable: str, room: int) -> str:
    """The longest prefix of ``readable`` of at most ``room`` characters that does not end in
    the middle of an escape (``\\\\`` or ``\\:``)."""
    end = 0
    while end < len(readable):
        step = 2 if readable[end] == "\\" else 1
        if end + step > room:
            break
        end += step
    return readable[:end]
