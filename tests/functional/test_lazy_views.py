"""The package layout loads a view's module on first use (``pygen_runtime.lazy``).

The example model is generated into a temporary folder and driven in a fresh interpreter
against the emulator: importing the package imports only the index and the client; the first
use of a class or a client attribute imports its view's module, and validating imports the
views it names directly, no others; expansion resolves its targets without importing every
view; ``mypy --strict`` sees every class and attribute.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from pygen.api import generate
from pygen.emulator import LocalCDF

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "pygen" / "examples" / "example_model.yaml"
INSTANCES = ROOT / "pygen" / "examples" / "example_instances.json"

PROBE = """
import json, sys

def loaded():
    return sorted(m for m in sys.modules if m.startswith("example_model"))

steps = {}
import example_model
steps["import"] = loaded()
from example_model import Equipment, EquipmentWrite
steps["class"] = loaded()
EquipmentWrite(space="s", external_id="e", name="pump", serial_number="1", site="s1")
steps["validate"] = loaded()

from pygen_runtime.client import PygenClient, TokenAuth
from pygen_runtime.expand import hops_of
base_url, project, token = sys.argv[1:]
client = example_model.ExampleModelClient(
    PygenClient(base_url, project, TokenAuth(token)), instance_space="pygen_example_data"
)
steps["client"] = loaded()
work_order = client.work_order
steps["attribute"] = loaded()
orders = work_order.list(limit=None, expand=1)
steps["expand"] = loaded()
targets = {h.field: h.target.__name__ for h in hops_of(type(orders[0]))}
site = next(o.site for o in orders if o.site is not None)
equipment = client.equipment.list(limit=None)
edges = client.equipment.connected_to_edges.list(limit=None)
print(json.dumps({
    "steps": steps,
    "targets": targets,
    "site": type(site).__module__ + "." + type(site).__name__,
    "equipment": len(equipment),
    "edges": [type(e).__name__ for e in edges][:1],
    "dir": "WorkOrderWrite" in dir(example_model),
    "same": example_model.Site is type(site),
}))
"""

USAGE = """
from example_model import Equipment, EquipmentStatus, ExampleModelClient, SiteWrite
from example_model.views.connection import ConnectionAPI
from pygen_runtime.client import PygenClient


def use(client: ExampleModelClient) -> list[str]:
    status: EquipmentStatus = "running"
    pumps = client.equipment.list(status=status, limit=5)
    first: Equipment = pumps[0]
    edges: ConnectionAPI = client.equipment.connected_to_edges
    SiteWrite(space="s", external_id="x", name="site", code="S")
    return [first.name, str(edges), str(client.site.retrieve("s1"))]


def misspelt(client: ExampleModelClient) -> None:
    client.equipmnt.list()  # E: attribute
    from example_model import Equipmnt  # E: not exported
"""


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("lazy")
    generate(EXAMPLE, folder)
    return folder


def test_views_load_on_first_use_with_their_direct_references(out: Path) -> None:
    with LocalCDF(load=[EXAMPLE], instances=[INSTANCES]) as cdf:
        ran = subprocess.run(
            [sys.executable, "-c", PROBE, cdf.base_url, cdf.project, cdf.token],
            env={**os.environ, "PYTHONPATH": str(out)},
            capture_output=True,
            text=True,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr
    seen = json.loads(ran.stdout)
    steps = {
        step: [m.removeprefix("example_model") for m in mods]
        for step, mods in seen["steps"].items()
    }
    assert steps["import"] == ["", ".client"]  # the index only
    assert steps["class"] == ["", ".client", ".views", ".views.equipment"]
    # validating EquipmentWrite binds the classes it names: Site, Connection (edges)
    assert steps["validate"] == [
        "",
        ".client",
        ".views",
        ".views.connection",
        ".views.equipment",
        ".views.site",
    ]
    assert steps["client"] == steps["validate"]  # creating the client loads no view
    assert ".views.work_order" in steps["attribute"]
    assert ".views.describable" not in steps["expand"]  # nothing the reads do not need
    assert ".views.equipment_summary" not in steps["expand"]
    assert seen["targets"] == {"assets": "Equipment", "primary_asset": "Equipment", "site": "Site"}
    assert seen["site"] == "example_model.views.site.Site" and seen["same"]
    assert seen["equipment"] > 0 and seen["edges"] in ([], ["Connection"])
    assert seen["dir"]


def test_mypy_sees_every_view_statically(out: Path) -> None:
    usage = out / "usage.py"
    usage.write_text(USAGE)
    ran = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental",
         "--config-file", str(ROOT / "golden" / "mypy.ini"), str(usage)],
        cwd=out,
        env={**os.environ, "MYPYPATH": str(out)},
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    errors = [line for line in ran.stdout.splitlines() if ": error:" in line]
    # exactly the two misspelt names, nothing else: the lazy names are all typed
    assert len(errors) == 2, ran.stdout
    assert 'has no attribute "equipmnt"' in errors[0]
    assert "Equipmnt" in errors[1]


def test_every_view_module_imports_for_type_checkers_what_it_binds_at_run_time() -> None:
    """In every golden SDK: each name of a view module's ``if TYPE_CHECKING:`` import is used
    in the module and bound at run time by its ``__pygen_links__``; no view module imports
    another at run time."""
    import ast

    modules = sorted(ROOT.glob("golden/*/python/*/views/*.py"))
    assert len(modules) > 50
    for path in modules:
        text = path.read_text()
        tree = ast.parse(text)
        typed: dict[str, set[str]] = {}
        links: dict[str, set[str]] = {}
        for node in tree.body:
            if isinstance(node, ast.If):
                for imp in node.body:
                    assert isinstance(imp, ast.ImportFrom) and imp.level == 1, path
                    typed[f".{imp.module}"] = {alias.name for alias in imp.names}
            elif isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{path}: a run-time import of another view"
            elif isinstance(node, ast.Assign) and ast.unparse(node.targets[0]) == "__pygen_links__":
                links = {k: set(v) for k, v in ast.literal_eval(node.value).items()}
        for module, names in typed.items():
            assert names <= links.get(module, set()), path
            for name in names:
                assert text.count(name) > 2, f"{path}: {name} imported but not used"


def test_a_package_imported_again_from_elsewhere_is_linked_again(
    out: Path, tmp_path: Path
) -> None:
    """Links are kept per module object: the same package name imported from a second
    folder (as the test suite does with every golden) binds its own modules' names."""
    other = tmp_path / "other"
    generate(EXAMPLE, other)
    probe = (
        "import sys\n"
        "def use(folder):\n"
        "    sys.path.insert(0, folder)\n"
        "    import example_model\n"
        "    example_model.EquipmentWrite(space='s', external_id='e', name='n',"
        " serial_number='1', site='s1')\n"
        "    sys.path.remove(folder)\n"
        "    for name in [m for m in sys.modules if m.startswith('example_model')]:\n"
        "        del sys.modules[name]\n"
        "use(sys.argv[1]); use(sys.argv[2]); print('ok')\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe, str(out), str(other)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.stdout == "ok\n", ran.stderr


EDGE_PROBE = """
import sys
from example_model import ConnectionWrite, EquipmentWrite, ExampleModelClient, SiteWrite
from pygen_runtime.client import PygenClient, TokenAuth
base_url, project, token = sys.argv[1:]
sdk = ExampleModelClient(
    PygenClient(base_url, project, TokenAuth(token)), instance_space="pygen_example_data"
)
sdk.upsert([
    SiteWrite(external_id="lazy-site", name="Site", code="LZ"),
    *(EquipmentWrite(external_id=f"lazy-{i}", name=f"P{i}", serial_number=str(i), site="lazy-site",
                     connected_to=[ConnectionWrite(end_node=f"lazy-{i % 2 + 1}")]) for i in (1, 2)),
])
cables = sdk.equipment.connected_to_edges.list(limit=None, expand=1)
print(sorted(f"{type(c.other_node).__name__}:{c.other_node.external_id}" for c in cables
             if c.start_node.external_id.startswith("lazy-")))
"""


def test_an_edge_accessor_expands_the_far_nodes_from_another_view_module(out: Path) -> None:
    """The edge view's module names no node view: the far end's read class is found in the
    module of the view whose accessor made the API (``expand.class_for_view``)."""
    with LocalCDF(load=[EXAMPLE], instances=[INSTANCES]) as cdf:
        ran = subprocess.run(
            [sys.executable, "-c", EDGE_PROBE, cdf.base_url, cdf.project, cdf.token],
            env={**os.environ, "PYTHONPATH": str(out)},
            capture_output=True,
            text=True,
            check=False,
        )
    assert ran.returncode == 0, ran.stderr[-3000:]
    assert ran.stdout.strip() == "['Equipment:lazy-1', 'Equipment:lazy-2']"
