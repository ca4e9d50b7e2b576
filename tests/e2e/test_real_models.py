"""A real model works with default arguments.

For every fixture: an emulator loaded with only that model, sample instances written (the
fixture's own ``<name>.nodes.yaml``, or instances generated through the SDK's write classes for
every writable view), then the generated SDK's default ``retrieve`` and ``list`` (with and
without connections) of every view. A request naming a view outside the model (an edge
properties view that validation dropped, say) fails here with the emulator's 400.
"""

from __future__ import annotations

import sys
import typing
from pathlib import Path
from typing import Any

import pytest
import yaml

from pygen.emulator import LocalCDF
from pygen.model_file import load_data_model
from pygen_runtime import EdgeWrite, InstanceAPI, InstanceId, InstanceWrite, NodeWrite
from pygen_runtime.client import PygenClient
from pygen_runtime.client.models import SpaceApply
from tests.e2e.test_generated_sdks import apis, load_package, sample
from tests.golden.fixtures import FIXTURES, MODELS, Fixture

SPACE = "e2e_samples"
UNTYPED_END = "untyped-end"


def _instances_file(fixture: Fixture) -> Path | None:
    path = MODELS / f"{fixture.name}.nodes.yaml"
    return path if path.is_file() else None


def _as_write(item: dict[str, Any], writable: set[tuple[str, str, str]]) -> dict[str, Any]:
    """A read instance (as the API returns it) as an item of an apply request, with the
    properties of its ``writable`` views (a read-only view's properties come from others)."""
    wire = {key: item[key] for key in ("instanceType", "space", "externalId") if key in item}
    for key in ("type", "startNode", "endNode"):
        if item.get(key) is not None:
            wire[key] = item[key]
    sources = []
    for space, views in (item.get("properties") or {}).items():
        for key, properties in views.items():
            external_id, version = key.split("/", 1)
            if (space, external_id, version) not in writable or not properties:
                continue  # empty: the dump's data came through a view that is not writable
            source = {"type": "view", "space": space, "externalId": external_id, "version": version}
            sources.append({"source": source, "properties": properties})
    if sources:
        wire["sources"] = sources
    return wire


def _write_file(client: PygenClient, path: Path, model_file: Path) -> str:
    """Write the instances of ``path`` (nodes, then edges); return their space."""
    writable = {
        (view.space, view.external_id, view.version)
        for view in load_data_model(model_file).inline_views
        if view.writable
    }
    documents = yaml.safe_load(path.read_text(encoding="utf-8"))
    items = [_as_write(item, writable) for item in documents]
    spaces = sorted({item["space"] for item in items})
    client.spaces.apply([SpaceApply(space=space) for space in spaces])
    for kind in ("node", "edge"):
        group = [item for item in items if item["instanceType"] == kind]
        for start in range(0, len(group), 1000):
            client.http.post("/models/instances", json={"items": group[start : start + 1000]})
    return spaces[0]


def _target_write_class(annotation: Any) -> type[NodeWrite] | None:
    """The write class a relation annotation names (``InstanceId | SiteWrite | str | None``)."""
    stack = [annotation]
    while stack:
        current = stack.pop()
        if isinstance(current, type) and issubclass(current, NodeWrite):
            return current
        stack.extend(typing.get_args(current))
    return None


def _node_id(write_class: type[NodeWrite] | None, writable: set[type[Any]]) -> InstanceId:
    if write_class is not None and write_class in writable:
        return InstanceId(SPACE, f"{write_class.__name__}-0")
    return InstanceId(SPACE, UNTYPED_END)


def _sample_node(cls: type[NodeWrite], index: int, writable: set[type[Any]]) -> NodeWrite:
    """Every field set: properties from their annotations, direct relations and edges to the
    first sample of their target view (or to an untyped node)."""
    values: dict[str, Any] = {"space": SPACE, "external_id": f"{cls.__name__}-{index}"}
    for name, field in cls.model_fields.items():
        if name in values or name in ("existing_version", "node_type"):
            continue
        if name in cls._direct_relations:
            target_class = _target_write_class(field.annotation)
            if target_class not in writable and not field.is_required():
                continue  # the relation may require data in its target's containers
            target = _node_id(target_class, writable)
            is_list = "list[" in str(field.annotation)
            values[name] = [target] if is_list else target
        elif name in cls._edges:
            spec = cls._edges[name]
            end = _node_id(_target_write_class(field.annotation), writable)
            edge_class = next(
                (
                    option
                    for option in _flat_args(field.annotation)
                    if isinstance(option, type) and issubclass(option, EdgeWrite)
                ),
                None,
            )
            item: Any = end
            if edge_class is not None:
                item = _sample_edge(edge_class, end)
            values[name] = [item] if spec.multi else item
        else:
            values[name] = sample(field.annotation, values["external_id"])
    if cls.model_fields["node_type"].default is not None:
        values["node_type"] = cls.model_fields["node_type"].default
    return cls.model_validate(values)


def _flat_args(annotation: Any) -> list[Any]:
    found, stack = [], [annotation]
    while stack:
        current = stack.pop()
        found.append(current)
        stack.extend(typing.get_args(current))
    return found


def _sample_edge(cls: type[EdgeWrite], end: InstanceId) -> EdgeWrite:
    values: dict[str, Any] = {"end_node": end}
    skip = {"space", "external_id", "existing_version", "edge_type", "start_node", "end_node"}
    for name, field in cls.model_fields.items():
        if name in skip or (name in cls._direct_relations and not field.is_required()):
            continue
        values[name] = sample(field.annotation, "edge")
    return cls.model_validate(values)


def _write_samples(client: PygenClient, sdk: Any) -> None:
    """Two instances of every writable node view, with their relations and edges."""
    client.spaces.apply([SpaceApply(space=SPACE)])
    client.http.post(
        "/models/instances",
        json={"items": [{"instanceType": "node", "space": SPACE, "externalId": UNTYPED_END}]},
    )
    write_classes = [
        api._read_class._write_class
        for api in apis(sdk)
        if api._read_class._write_class is not None
        and not issubclass(api._read_class._write_class, EdgeWrite)
    ]
    writable = set(write_classes)
    items: list[InstanceWrite] = [
        _sample_node(cls, index, writable) for cls in write_classes for index in range(2)
    ]
    sdk.upsert(items)


@pytest.mark.parametrize("fixture", FIXTURES, ids=lambda f: f.name)
def test_default_retrieve_and_list_of_every_view_succeed(fixture: Fixture) -> None:
    package = load_package(fixture)
    client_class = getattr(package, next(n for n in package.__all__ if n.endswith("Client")))
    try:
        with LocalCDF(load=[fixture.model_file]) as cdf:
            client = cdf.client()
            instances = _instances_file(fixture)
            space = (
                _write_file(client, instances, fixture.model_file)
                if instances is not None
                else SPACE
            )
            sdk = client_class(client, instance_space=space)
            if instances is None:
                _write_samples(client, sdk)
            found = _exercise(apis(sdk))
            client.close()
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == package.__name__]:
            del sys.modules[name]
    assert found > 0, "no view listed any instance: the samples were not written"


def _exercise(view_apis: list[InstanceAPI[Any, Any, Any]]) -> int:
    """``list()``, ``list(expand="ids")``, ``list(expand=1)`` (every relation as objects, from
    the query endpoint) and ``retrieve`` of what was listed, for every view; return how many
    views listed instances."""
    listed_views = 0
    for api in view_apis:
        name = api._read_class.__name__
        listed = api.list()
        connected = api.list(expand="ids")
        assert [i.external_id for i in connected] == [i.external_id for i in listed], name
        expanded = api.list(expand=1)
        assert [i.external_id for i in expanded] == [i.external_id for i in listed], name
        if not listed:
            continue
        listed_views += 1
        first = listed[0]
        got = api.retrieve(InstanceId(first.space, first.external_id))
        assert got is not None and got.external_id == first.external_id, name
        many = api.retrieve([InstanceId(item.space, item.external_id) for item in listed])
        assert len(many) == len(listed), name
    return listed_views


def test_the_winddomain_case_reads_edges_without_their_properties_view() -> None:
    """``retrieve("wt:7")`` and ``list(expand="ids")`` on the model whose edges keep
    their properties in a view outside it (the request used to name that view: 400)."""
    fixture = next(f for f in FIXTURES if f.name == "EdgePropsOutside")
    package = load_package(fixture)
    try:
        with LocalCDF(load=[fixture.model_file]) as cdf:
            client = cdf.client()
            instances = _instances_file(fixture)
            assert instances is not None
            space = _write_file(client, instances, fixture.model_file)
            sdk = package.EdgePropsOutsideClient(client, instance_space=space)

            turbine = sdk.wind_turbine.retrieve("wt:7")
            turbines = sdk.wind_turbine.list(expand="ids")
            masts = sdk.met_mast.list(expand="ids")
            with_blade = sdk.wind_turbine.list(blades="blade:7b")
            with_both = sdk.wind_turbine.list(blades_all=["blade:7a", "blade:7b"])
            client.close()
    finally:
        for name in [n for n in sys.modules if n.split(".")[0] == package.__name__]:
            del sys.modules[name]

    assert turbine is not None
    assert turbine.metmasts == [InstanceId(space, "mast:1")]
    assert turbine.datasheets == [InstanceId(space, "datasheet:1")]
    assert turbine.owner == InstanceId(space, "company:1")
    assert {t.external_id: t.metmasts for t in turbines} == {
        "wt:7": [InstanceId(space, "mast:1")],
        "wt:8": [InstanceId(space, "mast:1")],
    }
    assert masts[0].wind_turbines == [InstanceId(space, "wt:7"), InstanceId(space, "wt:8")]
    assert not hasattr(masts[0], "readings")  # left out: its view is not in the model
    assert sorted(t.external_id for t in with_blade) == ["wt:7", "wt:8"]
    assert [t.external_id for t in with_both] == ["wt:7"]
