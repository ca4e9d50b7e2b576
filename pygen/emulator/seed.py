"""Loading instance files (the body of ``POST /models/instances``) into an emulator store.

``pygen emulator --instances FILE`` and ``LocalCDF(instances=[...])`` use it so that a new
user has data to try an SDK on: ``pygen/examples/example_instances.json`` holds the example
model's sample nodes and edges. The instances go through the API itself (validation included),
in-process, nodes before edges, 1,000 per request; missing instance spaces are created.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pygen_runtime.errors import ParseError

from .app import create_app
from .store import Store
from .transport import InProcessTransport

__all__ = ["load_instances"]

_BATCH = 1000


def load_instances(store: Store, project: str, path: str | Path) -> int:
    """Write the instances of ``path`` into ``store``; return how many were written.

    Raises:
        ParseError: the file is not ``{"items": [...]}`` of instance writes.
        pygen_runtime.errors.APIError: the API refused an item (the message names it).
    """
    from pygen.model_file import read_document
    from pygen_runtime.client import PygenClient, TokenAuth
    from pygen_runtime.client.models import SpaceApply

    document = read_document(path)
    items = document.get("items") if isinstance(document, dict) else None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise ParseError(f'{path}: expected {{"items": [instance, ...]}}', source=str(path))
    token = "seed"
    app = create_app(store, project, token)
    with PygenClient(
        "http://emulator", project, TokenAuth(token), transport=InProcessTransport(app)
    ) as client:
        spaces = sorted({str(item.get("space")) for item in items})
        existing = {space.space for space in client.spaces.list(limit=None)}
        missing = [SpaceApply(space=space) for space in spaces if space not in existing]
        if missing:
            client.spaces.apply(missing)
        nodes = [item for item in items if item.get("instanceType") != "edge"]
        edges = [item for item in items if item.get("instanceType") == "edge"]
        for group in (nodes, edges):
            for start in range(0, len(group), _BATCH):
                batch: list[dict[str, Any]] = group[start : start + _BATCH]
                client.http.post("/models/instances", json={"items": batch})
    return len(items)
