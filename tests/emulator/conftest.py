"""Fixtures of the emulator tests.

* ``emulator``: a fresh in-memory store behind the ASGI app, driven in-process through
  ``InProcessTransport`` (real HTTP requests and responses, no sockets). After every test it asserts that no
  request reached the catch-all 500 handler: malformed input must always be a 4xx.
* ``omni`` / ``pumps``: the same with a model file deployed.
* ``local_cdf`` / ``client``: ``LocalCDF`` on a free port and a ``PygenClient`` pointed at it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import httpx
import pytest

from pygen.emulator import InProcessTransport, LocalCDF, Store, create_app, deploy_data_model
from pygen.model_file import load_data_model
from pygen_runtime.client.models import DataModel

MODELS = Path(__file__).resolve().parents[1] / "data" / "models"
PROJECT = "test-project"
TOKEN = "test-token"
OMNI = "sp_pygen_models"


@cache
def model(name: str) -> DataModel:
    """A model file from tests/data/models, parsed once per session."""
    return load_data_model(MODELS / f"{name}.yaml")


def view_ref(space: str, external_id: str, version: str = "1") -> dict[str, str]:
    """A typed view reference."""
    return {"type": "view", "space": space, "externalId": external_id, "version": version}


def omni_view(external_id: str) -> dict[str, str]:
    """A view of the Omni model."""
    return view_ref(OMNI, external_id)


class Emulator:
    """The app under test with helpers that speak its API."""

    def __init__(self, store: Store, token: str | None = TOKEN) -> None:
        self.store = store
        self.app = create_app(store, PROJECT, token)
        self.transport = InProcessTransport(self.app)
        self.http = httpx.Client(transport=self.transport, base_url="http://emulator")
        self.headers = {"Authorization": f"Bearer {TOKEN}"}
        self.base = f"/api/v1/projects/{PROJECT}/models"

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        """POST and return the response (any status)."""
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.http.post(self.base + path, json=body, headers=headers, **kwargs)

    def get(self, path: str, **params: Any) -> Any:
        """GET with query parameters and return the response."""
        return self.http.get(self.base + path, params=params, headers=self.headers)

    def ok(self, path: str, body: Any) -> Any:
        """POST, assert 200 and return the decoded body."""
        response = self.post(path, body)
        assert response.status_code == 200, response.text
        return response.json()

    def error(self, path: str, body: Any, status: int = 400) -> dict[str, Any]:
        """POST, assert the status and the DMS error shape, return ``error``."""
        response = self.post(path, body)
        assert response.status_code == status, response.text
        error = response.json()["error"]
        assert error["code"] == status and isinstance(error["message"], str) and error["message"]
        return dict(error)

    def apply(self, *items: dict[str, Any], **options: Any) -> list[dict[str, Any]]:
        """Apply instances; return the slim results."""
        result: list[dict[str, Any]] = self.ok("/instances", {"items": list(items), **options})[
            "items"
        ]
        return result

    def list(self, **body: Any) -> list[dict[str, Any]]:
        """All pages of ``/instances/list``."""
        items: list[dict[str, Any]] = []
        cursor = None
        while True:
            page = self.ok("/instances/list", {**body, **({"cursor": cursor} if cursor else {})})
            items += page["items"]
            cursor = page.get("nextCursor")
            if not cursor:
                return items

    def xids(self, **body: Any) -> list[str]:
        """External ids of ``/instances/list`` (all pages)."""
        return [item["externalId"] for item in self.list(**body)]


def node(
    space: str, external_id: str, *sources: tuple[dict[str, Any], dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    """A node write with ``(source, properties)`` pairs."""
    item: dict[str, Any] = {
        "instanceType": "node",
        "space": space,
        "externalId": external_id,
        **extra,
    }
    if sources:
        item["sources"] = [{"source": source, "properties": props} for source, props in sources]
    return item


def edge(
    space: str,
    external_id: str,
    edge_type: str,
    start: str,
    end: str,
    *sources: tuple[dict[str, Any], dict[str, Any]],
) -> dict[str, Any]:
    """An edge write (type, start and end nodes in ``space``)."""
    item: dict[str, Any] = {
        "instanceType": "edge",
        "space": space,
        "externalId": external_id,
        "type": {"space": space, "externalId": edge_type},
        "startNode": {"space": space, "externalId": start},
        "endNode": {"space": space, "externalId": end},
    }
    if sources:
        item["sources"] = [{"source": source, "properties": props} for source, props in sources]
    return item


@pytest.fixture
def emulator() -> Iterator[Emulator]:
    """An empty emulator (in-memory)."""
    store = Store(":memory:")
    instance = Emulator(store)
    with instance.http:
        yield instance
    instance.transport.close()
    store.close()
    assert instance.app.state.internal_errors == 0, "a request hit the catch-all 500 handler"


@pytest.fixture
def omni(emulator: Emulator) -> Emulator:
    """An emulator with the Omni model deployed and an instance space ``inst``."""
    deploy_data_model(emulator.store, model("Omni"))
    emulator.ok("/spaces", {"items": [{"space": "inst"}]})
    return emulator


@pytest.fixture
def local_cdf() -> Iterator[LocalCDF]:
    """A running LocalCDF (in-memory) on a free port."""
    with LocalCDF(db=":memory:", project=PROJECT) as cdf:
        yield cdf


@pytest.fixture
def client(local_cdf: LocalCDF) -> Iterator[Any]:
    """A PygenClient of ``local_cdf``."""
    with local_cdf.client(max_retries=0) as pygen_client:
        yield pygen_client


def _prop(kind: str, **extra: Any) -> dict[str, Any]:
    options = {
        key: value
        for key, value in extra.items()
        if key in ("list", "maxListSize", "container", "values", "unknownValue")
    }
    flags = {key: value for key, value in extra.items() if key not in options}
    return {"type": {"type": kind, **options}, **flags}


THING = {
    "text": _prop("text"),
    "int32": _prop("int32"),
    "int64": _prop("int64"),
    "float32": _prop("float32"),
    "float64": _prop("float64"),
    "boolean": _prop("boolean"),
    "timestamp": _prop("timestamp"),
    "date": _prop("date"),
    "json": _prop("json"),
    "status": _prop("enum", values={"on": {}, "off": {}, "unknown": {}}, unknownValue="unknown"),
    "ts": _prop("timeseries"),
    "file": _prop("file"),
    "sequence": _prop("sequence"),
    "ref": _prop("direct"),
    "refs": _prop("direct", list=True, maxListSize=3),
    "texts": _prop("text", list=True, maxListSize=3),
    "ints": _prop("int64", list=True),
    "stamps": _prop("timestamp", list=True),
    "code": _prop("text", immutable=True),
}
STRICT = {
    "name": _prop("text", nullable=False),
    "level": _prop("int32", nullable=False, defaultValue=5),
    "serial": _prop("int64", nullable=False, autoIncrement=True),
}


def _mapped(container: str, props: dict[str, Any], space: str = "s") -> dict[str, Any]:
    return {
        prop: {
            "container": {"type": "container", "space": space, "externalId": container},
            "containerPropertyIdentifier": prop,
        }
        for prop in props
    }


THING_VIEW = view_ref("s", "Thing")
STRICT_VIEW = view_ref("s", "Strict")
BOTH_VIEW = view_ref("s", "Both")
TYPED_VIEW = view_ref("s", "Typed")
LINK_VIEW = view_ref("s", "Link")


@pytest.fixture
def things(emulator: Emulator) -> Emulator:
    """Space ``s`` with containers/views Thing (every type), Strict (required, default,
    auto-increment), Both (implements Thing and Strict), Typed (a direct relation that requires
    the target to have Thing data) and Link (edge properties)."""
    return install_things(emulator)


def install_things(emulator: Emulator) -> Emulator:
    """Deploy the schema of the ``things`` fixture."""
    emulator.ok("/spaces", {"items": [{"space": "s"}, {"space": "other"}]})
    typed = {
        "target": _prop(
            "direct", container={"type": "container", "space": "s", "externalId": "Thing"}
        )
    }
    emulator.ok("/containers", {"items": [
        {"space": "s", "externalId": "Thing", "properties": THING},
        {"space": "s", "externalId": "Strict", "properties": STRICT},
        {"space": "s", "externalId": "Typed", "properties": typed},
        {"space": "s", "externalId": "Link", "usedFor": "edge", "properties": {"weight": _prop("float64")}},
    ]})  # fmt: skip
    emulator.ok("/views", {"items": [
        {"space": "s", "externalId": "Thing", "version": "1", "properties": _mapped("Thing", THING)},
        {"space": "s", "externalId": "Strict", "version": "1", "properties": _mapped("Strict", STRICT)},
        {"space": "s", "externalId": "Both", "version": "1", "implements": [THING_VIEW, STRICT_VIEW]},
        {"space": "s", "externalId": "Typed", "version": "1", "properties": _mapped("Typed", typed)},
        {"space": "s", "externalId": "Link", "version": "1", "properties": _mapped("Link", {"weight": 1})},
    ]})  # fmt: skip
    return emulator
