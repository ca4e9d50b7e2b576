"""One tiny model per class of name clash: generate, import, type-check, run on the emulator.

Every model of :mod:`tests.functional.models` is generated into a temporary folder once per
module; one ``mypy --strict`` run checks all the packages, one subprocess imports them all,
and one emulator serves every model (each in its own space).
"""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pygen.api import generate
from pygen.emulator import LocalCDF
from pygen_runtime import InstanceId, Node
from pygen_runtime.client import PygenClient
from pygen_runtime.client.models import SpaceApply

from . import models
from .bindings import duplicate_bindings

ROOT = Path(__file__).resolve().parents[2]
DATA = "clash_data"

CLASH_MODELS = {
    "connections": models.CONNECTIONS,
    "case": models.CASE,
    "keywords": models.KEYWORDS,
    "aliases": models.ALIASES,
    "sorts": models.SORTS,
    "queries": models.QUERIES,
    "filters": models.FILTERS,
}
PACKAGE_MODELS = {
    f"package_{index}": models.package_model(external_id)
    for index, external_id in enumerate(models.PACKAGE_IDS)
}


class Generated:
    """The generated packages: model name -> (folder on ``sys.path``, package name)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.packages: dict[str, tuple[Path, str]] = {}
        self.model_files: dict[str, Path] = {}

    def add(self, name: str, document: dict[str, Any]) -> None:
        model_file = self.root / f"{name}.json"
        model_file.write_text(json.dumps(document), encoding="utf-8")
        output = self.root / name
        generate(model_file, output)
        (package,) = [p.name for p in output.iterdir() if (p / "__init__.py").is_file()]
        self.packages[name] = (output, package)
        self.model_files[name] = model_file

    def load(self, name: str) -> types.ModuleType:
        folder, package = self.packages[name]
        _forget(package)  # two models may make the same package name (data_model)
        sys.path.insert(0, str(folder))
        try:
            return importlib.import_module(package)
        finally:
            sys.path.remove(str(folder))


def _forget(package: str) -> None:
    for module in [m for m in sys.modules if m == package or m.startswith(package + ".")]:
        del sys.modules[module]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Generated]:
    result = Generated(tmp_path_factory.mktemp("clashes"))
    for name, document in {**CLASH_MODELS, **PACKAGE_MODELS}.items():
        result.add(name, document)
    yield result
    for _, package in result.packages.values():
        _forget(package)


@pytest.fixture(scope="module")
def local_cdf(generated: Generated, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCDF]:
    """One emulator with every clash model deployed (the package models share one view, and
    some of their externalIds are not valid in CDF: their views are deployed once)."""
    deploy = [generated.model_files[name] for name in CLASH_MODELS]
    views = tmp_path_factory.mktemp("deploy") / "package_views.json"
    views.write_text(json.dumps(models.package_model("PackageViews")), encoding="utf-8")
    with LocalCDF(db=":memory:", load=[*deploy, views]) as cdf:
        client = cdf.client()
        client.spaces.apply([SpaceApply(space=DATA)])
        client.close()
        yield cdf


@pytest.fixture
def cdf_client(local_cdf: LocalCDF) -> Iterator[PygenClient]:
    client = local_cdf.client()
    yield client
    client.close()


# -- every package: no name defined twice, imports cleanly, mypy --strict -------------------
def test_no_generated_module_defines_a_name_twice(generated: Generated) -> None:
    for name, (folder, package) in generated.packages.items():
        for path in sorted((folder / package).glob("*.py")):
            duplicates = duplicate_bindings(path.read_text(encoding="utf-8"), str(path))
            assert not duplicates, f"{name}: {path.name} binds names twice: {duplicates}"


def test_packages_import_in_a_fresh_interpreter(generated: Generated) -> None:
    """Imported from the folder they were generated into (the first entry of ``sys.path``, as
    for a user running a script there), next to the modules they must not shadow."""
    for name, (folder, package) in generated.packages.items():
        code = (
            f"import {package}, typing, pydantic, pygen_runtime\n"
            f"assert {package}.__file__.startswith({str(folder)!r})\n"
            "assert typing.__file__ and 'typing' in typing.__file__\n"
            f"print(sorted({package}.__all__))"
        )
        result = subprocess.run(
            [sys.executable, "-c", code], cwd=folder, capture_output=True, text=True, timeout=120
        )
        assert result.returncode == 0, f"{name}: {result.stderr[-2000:]}"


def test_packages_pass_mypy_strict(generated: Generated) -> None:
    """One mypy run for all packages (``""`` and ``"!!!"`` both make ``data_model``: the first
    stands for both)."""
    unique = {package: folder for folder, package in reversed(generated.packages.values())}
    env = {**os.environ, "MYPYPATH": os.pathsep.join([str(ROOT), *map(str, unique.values())])}
    command = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "golden" / "mypy.ini")]
    command += ["--cache-dir", str(generated.root / ".mypy_cache")]
    for package in unique:
        command += ["-p", package]
    result = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]


# -- each clash class against the emulator ---------------------------------------------------
def _edges(client: PygenClient, space: str) -> list[dict[str, Any]]:
    response = client.http.post(
        "/models/instances/list", json={"instanceType": "edge", "limit": 1000}
    )
    items: list[dict[str, Any]] = response["items"]
    return [item for item in items if item["space"] == space]


def test_connections_with_the_same_constant_keep_their_own_edge_type(
    generated: Generated, cdf_client: PygenClient
) -> None:
    sdk = generated.load("connections")
    equipment = importlib.import_module(f"{sdk.__name__}.views.equipment")
    connected = importlib.import_module(f"{sdk.__name__}.views.equipment_connected")
    assert equipment.EQUIPMENT_CONNECTED_TO.edge_type.external_id == "Equipment.connectedTo"
    assert connected.EQUIPMENT_CONNECTED_TO_2.edge_type.external_id == "EquipmentConnected.to"
    client = sdk.ConnectionClashClient(cdf_client, instance_space=DATA)
    target = sdk.EquipmentWrite(space=DATA, external_id="pump", name="pump", status="running")
    source = sdk.EquipmentWrite(space=DATA, external_id="valve", connected_to=[target])
    link = sdk.EquipmentConnectedWrite(
        space=DATA, external_id="link", to=[InstanceId(DATA, "pump")]
    )

    client.upsert([source, link])

    edges = _edges(cdf_client, DATA)
    types_by_start = {e["startNode"]["externalId"]: e["type"]["externalId"] for e in edges}
    assert types_by_start == {"valve": "Equipment.connectedTo", "link": "EquipmentConnected.to"}
    pump = client.equipment.retrieve("pump")
    assert pump is not None and pump.status == "running"
    # the enum alias gave way to the view class of the same name
    assert sdk.EquipmentStatus2.__args__ == ("running", "stopped")
    assert issubclass(sdk.EquipmentStatus, Node)
    assert list(client.equipment_status.list(limit=None)) == []


def test_views_that_differ_only_in_case_write_to_their_own_view(
    generated: Generated, cdf_client: PygenClient
) -> None:
    sdk = generated.load("case")
    client = sdk.CaseClashClient(cdf_client, instance_space=DATA)
    upper = sdk.HTTPServerWrite(space=DATA, external_id="upper", host="a.example")
    lower = sdk.HttpServerWrite(space=DATA, external_id="lower", host="b.example")

    client.upsert([upper, lower])

    assert type(client.http_server.retrieve("upper")).__name__ == "HTTPServer"
    assert type(client.http_server_2.retrieve("lower")).__name__ == "HttpServer"
    assert [s.host for s in client.http_server.list(limit=None)] == ["a.example"]
    assert [s.host for s in client.http_server_2.list(limit=None)] == ["b.example"]


def test_keyword_views_get_escaped_client_attributes(
    generated: Generated, cdf_client: PygenClient
) -> None:
    sdk = generated.load("keywords")
    client = sdk.KeywordClashClient(cdf_client, instance_space=DATA)
    writes = [
        sdk.GlobalWrite(space=DATA, external_id="g", name="global one"),
        sdk.ClassWrite(space=DATA, external_id="c", name="class one"),
        sdk.ImportWrite(space=DATA, external_id="i", name="import one"),
    ]

    client.upsert(writes)

    assert client.global_.retrieve("g").name == "global one"
    assert client.class_.retrieve("c").name == "class one"
    assert client.import_.retrieve("i").name == "import one"


def test_a_view_named_like_a_sort_alias_keeps_both(
    generated: Generated, cdf_client: PygenClient
) -> None:
    from typing import get_args

    sdk = generated.load("sorts")
    client = sdk.SortClashClient(cdf_client, instance_space=DATA)
    client.upsert(
        [
            sdk.PumpWrite(space=DATA, external_id=f"sp-{n}", name=f"p{n}", sort="x", expand="y")
            for n in range(3)
        ]
    )
    assert isinstance(sdk.PumpSortField, type)  # the view's class keeps its name
    alias = next(
        value
        for name, value in vars(importlib.import_module(f"{sdk.__name__}.views.pump")).items()
        if name.startswith("PumpSortField") and not isinstance(value, type)
    )
    assert "-sort" in get_args(alias) and "expand" in get_args(alias)
    # the filter arguments named like parameters are numbered by the name plan (PYG063)
    names = client.pump.list(sort="-name", expand_2="y", sort_2="x", limit=None)
    assert [p.name for p in names if p.external_id.startswith("sp-")] == ["p2", "p1", "p0"]


def test_relations_named_like_builder_methods_get_numbered_hops(
    generated: Generated, cdf_client: PygenClient
) -> None:
    sdk = generated.load("queries")
    client = sdk.QueryClashClient(cdf_client, instance_space=DATA)
    site = sdk.SiteWrite(external_id="qs-1", name="Site 1")
    pumps = [sdk.PumpWrite(external_id=f"qp-{n}", name=f"Pump {n}", limit="qs-1") for n in range(3)]
    pumps[0].filter = ["qp-1", "qp-2"]
    client.upsert([site, *pumps])
    query = client.pump.query().filter(name="Pump 0").limit_2.up().filter_2
    (pump,) = query.filter(name="Pump 2").limit(1).up().list()
    assert isinstance(pump.limit, sdk.Site) and pump.limit.name == "Site 1"
    assert [p.external_id for p in pump.filter] == ["qp-2"]
    (found,) = client.site.query().filter(name="Site 1").list_2.sort("-name").limit(2).up().list()
    assert [p.name for p in found.list_] == ["Pump 2", "Pump 1"]  # the field: list_


def test_filter_arguments_renamed_by_the_plan_filter_their_own_property(
    generated: Generated, cdf_client: PygenClient
) -> None:
    """Every filter argument of ``FILTERS`` (named as :data:`models.FILTER_NAMES` says) filters
    the property it belongs to, next to the methods' own ``limit`` and ``sort`` and the
    instance's ``external_id_prefix`` and ``space``."""
    sdk = generated.load("filters")
    client = sdk.FilterClashClient(cdf_client, instance_space=DATA)
    values = {
        "fg-1": ("alpha", "zeta", "big", 5, "L1", "E1", "S1", "s1", "g1"),
        "fg-2": ("zeta-two", "alpha-two", "small", 10, "L2", "E2", "S2", "s2", "g2"),
    }
    fields = ("name", "name_prefix", "min_size", "size", "limit", "external_id_prefix")
    fields += ("space_", "sort", "group_by")
    client.upsert(
        [
            sdk.GaugeWrite(external_id=key, **dict(zip(fields, row, strict=True)))
            for key, row in values.items()
        ]
    )
    names = models.FILTER_NAMES["python"]
    cases = [
        ({names["name"]["prefix"]: "alp"}, ["fg-1"]),
        ({names["name"]["equals"]: "zeta-two"}, ["fg-2"]),
        ({names["name_prefix"]["equals"]: "alpha-two"}, ["fg-2"]),
        ({names["name_prefix"]["prefix"]: "zet"}, ["fg-1"]),
        ({names["min_size"]["equals"]: "big"}, ["fg-1"]),
        ({names["size"]["min"]: 6}, ["fg-2"]),
        ({names["size"]["max"]: 7}, ["fg-1"]),
        ({names["limit"]["equals"]: "L2"}, ["fg-2"]),
        ({names["external_id_prefix"]["equals"]: "E1"}, ["fg-1"]),
        ({"external_id_prefix": "fg-2"}, ["fg-2"]),
        ({names["Space"]["equals"]: "S2", "space": DATA}, ["fg-2"]),
        ({names["sort"]["equals"]: ["s1", "s2"]}, ["fg-1", "fg-2"]),
        ({names["groupBy"]["prefix"]: "g2"}, ["fg-2"]),
    ]
    for arguments, expected in cases:
        found = client.gauge.list(sort="external_id", limit=None, **arguments)
        assert [g.external_id for g in found] == expected, arguments
    (first,) = client.gauge.list(sort="-size", limit=1, external_id_prefix="fg-")
    assert first.external_id == "fg-2"


def test_aliases_never_take_another_fields_input(
    generated: Generated, cdf_client: PygenClient
) -> None:
    sdk = generated.load("aliases")
    client = sdk.AliasClashClient(cdf_client, instance_space=DATA)
    bare = sdk.ThingWrite(space=DATA, external_id="bare")
    full = sdk.ThingWrite(
        space=DATA,
        external_id="full",
        external_id_="prop-external-id",
        node_type_="prop-node-type",
        type__2="prop-type",
        type_="prop-type_",
    )
    assert bare.properties() == {}  # nobody set a property
    assert full.properties() == {
        "external_id": "prop-external-id",
        "node_type": "prop-node-type",
        "type": "prop-type",
        "type_": "prop-type_",
    }

    client.upsert([bare, full])

    read_bare = client.thing.retrieve("bare")
    assert (read_bare.external_id_, read_bare.node_type_, read_bare.type__2) == (None, None, None)
    read_full = client.thing.retrieve("full")
    assert read_full.external_id == "full" and read_full.space == DATA
    assert (read_full.external_id_, read_full.node_type_) == ("prop-external-id", "prop-node-type")
    assert (read_full.type__2, read_full.type_) == ("prop-type", "prop-type_")
    # as_write copies fields by name: the instance's own external_id stays out of the property
    assert read_bare.as_write().properties() == dict.fromkeys(full.properties())
    assert read_full.as_write().properties() == full.properties()


@pytest.mark.parametrize("index", range(len(models.PACKAGE_IDS)))
def test_unsafe_model_ids_get_safe_package_and_client_names(
    generated: Generated, cdf_client: PygenClient, index: int
) -> None:
    external_id = list(models.PACKAGE_IDS)[index]
    _, package = generated.packages[f"package_{index}"]
    assert package == models.PACKAGE_IDS[external_id]
    sdk = generated.load(f"package_{index}")
    client_class = getattr(sdk, models.PACKAGE_CLIENTS[external_id])
    client = client_class(cdf_client, instance_space=DATA)
    item_id = f"item-{index}"

    client.upsert(sdk.ItemWrite(space=DATA, external_id=item_id, name=external_id or "empty"))

    assert client.item.retrieve(item_id).name == (external_id or "empty")
