"""A view reached over edges of two edge views (``Pump.cables`` with ``Cable`` properties,
``Pump.pipes`` with ``Tube`` properties): its query class's ``edge_filter`` gets one overload
per edge view, ``mypy --strict`` refuses a name neither has, the module is black-stable, and on
the emulator each hop filters its edges by its own edge view's arguments.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pygen.emulator import LocalCDF
from pygen_runtime.client.models import SpaceApply

from . import models
from .test_name_clashes import ROOT, Generated, _forget

SPACE = "edge_overloads"
DATA = "edge_overloads_data"


def _edge_view(external_id: str, prop: str) -> dict[str, Any]:
    made = models.view(SPACE, external_id, {prop: models.text(SPACE, external_id, prop)})
    made["usedFor"] = "edge"
    return made


def _edges(edge_type: str, edge_view: str) -> dict[str, Any]:
    return {
        **models.edges(SPACE, "Pump", edge_type),
        "edgeSource": models.view_ref(SPACE, edge_view),
    }


MODEL = models.model(
    SPACE,
    "EdgeOverloads",
    models.view(
        SPACE,
        "Pump",
        {
            "name": models.text(SPACE, "Pump", "name"),
            "cables": _edges("Pump.cables", "Cable"),
            "pipes": _edges("Pump.pipes", "Tube"),
        },
    ),
    _edge_view("Cable", "kind"),
    _edge_view("Tube", "material"),
)

USAGE = """
from edge_overloads import EdgeOverloadsClient


def query(sdk: EdgeOverloadsClient) -> None:
    sdk.pump.query().cables.edge_filter(kind="copper").up().list()
    sdk.pump.query().pipes.edge_filter(material="steel", kind_prefix="c").up().list()
    sdk.pump.query().pipes.edge_filter(colour="red")
"""


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Generated, Any]]:
    generated = Generated(tmp_path_factory.mktemp("edge_overloads"))
    generated.add("edge_overloads", MODEL)
    package = generated.load("edge_overloads")
    with LocalCDF(db=":memory:", load=[generated.model_files["edge_overloads"]]) as cdf:
        client = cdf.client()
        client.spaces.apply([SpaceApply(space=DATA)])
        yield generated, package.EdgeOverloadsClient(client, instance_space=DATA)
        client.close()
    _forget("edge_overloads")


def _api_source(generated: Generated) -> Path:
    folder, package = generated.packages["edge_overloads"]
    return folder / package / "views" / "pump.py"  # PumpQuery's module


def test_one_overload_per_edge_view_black_stable(sdk: tuple[Generated, Any]) -> None:
    generated, _ = sdk
    source = _api_source(generated).read_text(encoding="utf-8")
    assert source.count("@overload\n    def edge_filter(") == 2
    # both edge views are other modules, bound on first use: the annotations are strings
    assert '**filters: "Unpack[CableFilters]"' in source
    assert '**filters: "Unpack[TubeFilters]"' in source
    black = subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", str(_api_source(generated))],
        capture_output=True,
        text=True,
    )
    assert black.returncode == 0, black.stderr


def test_mypy_strict_takes_either_edge_views_names_and_refuses_others(
    sdk: tuple[Generated, Any],
) -> None:
    generated, _ = sdk
    folder, _ = generated.packages["edge_overloads"]
    usage = generated.root / "usage.py"
    usage.write_text(USAGE, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "golden" / "mypy.ini")]
    command += ["--cache-dir", str(generated.root / ".mypy_cache"), str(usage)]
    result = subprocess.run(
        command, capture_output=True, text=True, env={"MYPYPATH": str(folder), "PATH": ""}
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    # line 6 passes; line 7 mixes the two views' names (each overload is one edge view);
    # line 8 names neither's
    assert [line.split(":")[1] for line in errors] == ["7", "8"], result.stdout
    assert "colour" in errors[1]


def test_each_hop_filters_by_its_own_edge_view(sdk: tuple[Generated, Any]) -> None:
    _, client = sdk
    package = sys.modules["edge_overloads"]
    hub = package.PumpWrite(external_id="hub", name="hub")
    ends = [package.PumpWrite(external_id=f"p{n}", name=f"P{n}") for n in range(3)]
    hub.cables = [
        package.CableWrite(end_node=end, kind=kind)
        for end, kind in zip(ends, ["copper", "fibre", "copper"], strict=True)
    ]
    hub.pipes = [
        package.TubeWrite(end_node=end, material=material)
        for end, material in zip(ends, ["steel", "steel", "pvc"], strict=True)
    ]
    client.upsert([hub, *ends])
    root = client.pump.query().filter(name="hub")
    (by_cable,) = root.cables.edge_filter(kind="copper").up().list()
    assert sorted(c.other_node.external_id for c in by_cable.cables) == ["p0", "p2"]
    (by_pipe,) = root.pipes.edge_filter(material="steel").up().list()
    assert sorted(p.other_node.external_id for p in by_pipe.pipes) == ["p0", "p1"]
    with pytest.raises(TypeError, match="kind"):
        root.pipes.edge_filter(kind="copper")
