"""The emulator driven through pygen's own PygenClient over real HTTP (LocalCDF)."""

from __future__ import annotations

from typing import Any

import pytest

from pygen_runtime.client.models import (
    ContainerApply,
    ContainerId,
    ContainerProperty,
    ContainerReference,
    DataModelApply,
    EdgeApply,
    InstanceSource,
    MappedPropertyApply,
    NodeApply,
    NodeId,
    SpaceApply,
    TextType,
    ViewApply,
    ViewId,
    ViewReference,
)
from pygen_runtime.client.models.data_types import DirectRelationType, Float64Type
from pygen_runtime.errors import APIError, AuthenticationError, ClientError

from .conftest import MODELS

SPACE = "demo"
PUMP = ViewReference(space=SPACE, external_id="Pump", version="1")
ASSET = ViewReference(space=SPACE, external_id="Asset", version="1")


def mapped(container: str, prop: str) -> MappedPropertyApply:
    return MappedPropertyApply(
        container=ContainerReference(space=SPACE, external_id=container),
        container_property_identifier=prop,
    )


@pytest.fixture
def schema(client: Any) -> Any:
    client.spaces.apply(SpaceApply(space=SPACE, name="Demo"))
    client.containers.apply([
        ContainerApply(space=SPACE, external_id="Asset", properties={"name": ContainerProperty(type=TextType(), nullable=False), "parent": ContainerProperty(type=DirectRelationType())}),
        ContainerApply(space=SPACE, external_id="Pump", properties={"flow": ContainerProperty(type=Float64Type())}),
    ])  # fmt: skip
    client.views.apply([
        ViewApply(space=SPACE, external_id="Asset", version="1", properties={"name": mapped("Asset", "name"), "parent": mapped("Asset", "parent")}),
        ViewApply(space=SPACE, external_id="Pump", version="1", implements=[ASSET], properties={"flow": mapped("Pump", "flow")}),
    ])  # fmt: skip
    client.data_models.apply(
        DataModelApply(space=SPACE, external_id="Plant", version="1", views=[ASSET, PUMP])
    )
    return client


def pump(external_id: str, name: str, flow: float, **extra: Any) -> NodeApply:
    return NodeApply(
        space=SPACE,
        external_id=external_id,
        sources=[InstanceSource(source=PUMP, properties={"name": name, "flow": flow, **extra})],
        **{},
    )


def values(instance: Any, view: ViewReference = PUMP) -> dict[str, Any]:
    found: dict[str, Any] = instance.properties[SPACE][f"{view.external_id}/{view.version}"]
    return found


def test_schema_resources(schema: Any) -> None:
    client = schema
    assert client.spaces.retrieve(SPACE).name == "Demo"
    assert [c.external_id for c in client.containers.list(space=SPACE)] == ["Asset", "Pump"]
    assert (
        client.containers.retrieve(ContainerId(space=SPACE, external_id="Asset"))
        .properties["name"]
        .nullable
        is False
    )
    view = client.views.retrieve(PUMP.as_id())
    assert set(view.properties) == {"flow", "name", "parent"} and view.writable
    assert [c.external_id for c in view.mapped_containers] == ["Pump", "Asset"]  # in property order
    own = client.views.retrieve(PUMP.as_id(), include_inherited_properties=False)
    assert set(own.properties) == {"flow"}
    model = client.data_models.retrieve((SPACE, "Plant", "1"))
    assert [v.external_id for v in model.inline_views] == ["Asset", "Pump"]
    assert [i for i in client.data_models.delete((SPACE, "Plant", "1"))] == [model.as_id()]
    assert (
        client.views.delete(ViewId(space=SPACE, external_id="Pump", version="1"))[0].external_id
        == "Pump"
    )


def test_schema_errors_surface_as_api_errors(schema: Any) -> None:
    broken = ViewApply(
        space=SPACE, external_id="Broken", version="1", properties={"x": mapped("Nope", "x")}
    )
    with pytest.raises(APIError) as caught:
        schema.views.apply(broken)
    assert (
        caught.value.status_code == 400
        and "container demo:Nope does not exist" in caught.value.message
    )
    assert caught.value.missing == [{"space": SPACE, "externalId": "Nope"}]


def test_instances_roundtrip(schema: Any) -> None:
    client = schema
    written = client.instances.apply(
        [
            pump(f"p{i:04d}", f"Pump {i}", float(i), parent={"space": SPACE, "externalId": "site"})
            for i in range(1500)
        ]
    )
    assert len(written) == 1500 and all(item.created for item in written)
    site = client.instances.retrieve((SPACE, "site"))
    assert site.version == 1  # auto-created direct relation target
    assert len(list(client.instances.list(sources=[PUMP]))) == 1500  # pages of 1000 with a cursor
    big = list(
        client.instances.list(
            sources=[PUMP],
            filter={"range": {"property": [SPACE, "Pump/1", "flow"], "gte": 1490}},
            sort=[{"property": [SPACE, "Pump/1", "flow"], "direction": "descending"}],
        )
    )
    assert [n.external_id for n in big] == [f"p{i:04d}" for i in range(1499, 1489, -1)]
    assert values(big[0]) == {
        "name": "Pump 1499",
        "flow": 1499.0,
        "parent": {"space": SPACE, "externalId": "site"},
    }
    found = client.instances.search(PUMP, "1234", limit=5)
    assert [n.external_id for n in found] == ["p1234"]
    (result,) = client.instances.aggregate(PUMP, [{"avg": {"property": "flow"}}, {"count": {}}])
    assert result.value("avg", "flow") == pytest.approx(749.5) and result.value("count") == 1500
    retrieved = client.instances.retrieve([(SPACE, "p0001"), (SPACE, "missing")], sources=[ASSET])
    assert [n.external_id for n in retrieved] == ["p0001"] and values(retrieved[0], ASSET)[
        "name"
    ] == "Pump 1"
    (update,) = client.instances.apply([pump("p0001", "Pump one", 1.5)])
    assert update.updated and update.version == 2
    (same,) = client.instances.apply([pump("p0001", "Pump one", 1.5)])
    assert not same.was_modified
    assert len(client.instances.delete([(SPACE, f"p{i:04d}") for i in range(1500)])) == 1500


def test_edges_and_query(schema: Any) -> None:
    client = schema
    client.instances.apply([pump("a", "A", 1.0), pump("b", "B", 2.0)])
    client.instances.apply(
        [
            EdgeApply(
                space=SPACE,
                external_id="a-b",
                type=NodeId(space=SPACE, external_id="feeds"),
                start_node=NodeId(space=SPACE, external_id="a"),
                end_node=NodeId(space=SPACE, external_id="b"),
            )
        ]
    )
    result = client.instances.query({
        "with": {
            "start": {"nodes": {"filter": {"equals": {"property": ["node", "externalId"], "value": "a"}}}},
            "feeds": {"edges": {"from": "start", "direction": "outwards"}},
            "fed": {"nodes": {"from": "feeds"}},
        },
        "select": {"feeds": {}, "fed": {"sources": [{"source": PUMP.dump(), "properties": ["name"]}]}},
    })  # fmt: skip
    assert [e["externalId"] for e in result["items"]["feeds"]] == ["a-b"]
    assert result["items"]["fed"][0]["properties"] == {SPACE: {"Pump/1": {"name": "B"}}}
    assert [e.external_id for e in client.instances.list("edge")] == ["a-b"]
    client.instances.delete((SPACE, "a"))
    assert list(client.instances.list("edge")) == []


def test_version_conflict_is_409(schema: Any) -> None:
    client = schema
    client.instances.apply([pump("a", "A", 1.0)])
    stale = pump("a", "A2", 2.0)
    stale.existing_version = 0
    with pytest.raises(APIError) as caught:
        client.instances.apply([stale])
    assert caught.value.status_code == 409 and caught.value.duplicated == [
        {"instanceType": "node", "space": SPACE, "externalId": "a"}
    ]
    assert client.instances.apply([stale], skip_on_version_conflict=True) == []


def test_wrong_token_is_rejected(local_cdf: Any) -> None:
    from pygen_runtime.client import PygenClient, TokenAuth

    with (
        PygenClient(
            local_cdf.base_url, local_cdf.project, TokenAuth("wrong"), max_retries=0
        ) as bad,
        pytest.raises(ClientError) as caught,
    ):
        list(bad.spaces.list())
    assert isinstance(caught.value, AuthenticationError | APIError)
    assert getattr(caught.value, "status_code", 401) == 401


def test_model_file_loaded_through_local_cdf() -> None:
    from pygen.emulator import LocalCDF

    with LocalCDF(load=[MODELS / "Omni.yaml"]) as cdf, cdf.client() as client:
        model = client.data_models.retrieve(("sp_pygen_models", "Omni", "1"))
        assert len(model.inline_views) == 23
        writable = {v.external_id: v.writable for v in model.inline_views}
        assert (
            writable["Implementation1NonWriteable"] is False and writable["Implementation1"] is True
        )
