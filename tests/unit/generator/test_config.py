"""GeneratorConfig is honoured: names, docstrings, line length, single-file layout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pydantic
import pytest

from pygen.api import generate
from pygen.config import GeneratorConfig
from pygen.emulator import LocalCDF
from pygen_runtime.client.models import SpaceApply

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "pygen" / "examples" / "example_model.yaml"
PUMPS = ROOT / "tests" / "data" / "models" / "Pumps.yaml"


def black_check(folder: Path, line_length: int = 88) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "black", "--check", "-q", "-l", str(line_length), str(folder)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_package_and_client_names(tmp_path: Path) -> None:
    result = generate(PUMPS, tmp_path, GeneratorConfig(package_name="my_pumps", client_name="PumpClient"))
    assert {p.relative_to(tmp_path).as_posix() for p in result.files} == {
        "my_pumps/__init__.py",
        "my_pumps/client.py",
        "my_pumps/py.typed",
        "my_pumps/views/__init__.py",
        "my_pumps/views/pump.py",
        "my_pumps/views/pumps.py",
        "pyproject.toml",
    }
    assert 'name = "my-pumps"' in (tmp_path / "pyproject.toml").read_text()
    assert "class PumpClient(LazyAPIs):" in (tmp_path / "my_pumps" / "client.py").read_text()


def test_docstrings_off(tmp_path: Path) -> None:
    generate(EXAMPLE, tmp_path / "on")
    generate(EXAMPLE, tmp_path / "off", GeneratorConfig(docstrings=False))
    with_docs = (tmp_path / "on" / "example_model" / "views" / "equipment.py").read_text()
    without = (tmp_path / "off" / "example_model" / "views" / "equipment.py").read_text()
    assert "Weight in kilograms." in with_docs
    assert "Weight in kilograms." not in without
    assert without.count('"""') == 2  # the module docstring only
    black_check(tmp_path / "off")


def test_line_length(tmp_path: Path) -> None:
    generate(EXAMPLE, tmp_path, GeneratorConfig(line_length=120))
    text = (tmp_path / "example_model" / "views" / "equipment.py").read_text()
    code_lines = [line for line in text.splitlines() if not line.lstrip().startswith(("#", '"'))]
    assert max(len(line) for line in code_lines) > 88
    black_check(tmp_path, 120)


def test_single_file_is_importable_and_works(tmp_path: Path) -> None:
    result = generate(EXAMPLE, tmp_path, GeneratorConfig(layout="single-file"))
    assert [p.name for p in result.files] == ["example_model.py"]
    black_check(tmp_path)
    sys.path.insert(0, str(tmp_path))
    try:
        import example_model  # type: ignore[import-not-found]

        with LocalCDF(load=[EXAMPLE]) as cdf:
            client = cdf.client()
            client.spaces.apply(SpaceApply(space="data"))
            sdk = example_model.ExampleModelClient(client, instance_space="data")
            sdk.upsert(example_model.SiteWrite(space="data", external_id="s1", name="S", code="C"))
            assert sdk.site.retrieve("s1").code == "C"
            pump = example_model.EquipmentWrite(
                external_id="p1",
                name="P",
                serial_number="SN",
                site="s1",
                connected_to=[example_model.ConnectionWrite(end_node="p1", cable_type="loop")],
            )
            sdk.upsert(pump)
            read = sdk.equipment.retrieve("p1", expand=2)  # classes found in the one module
            assert isinstance(read.site, example_model.Site) and read.site.equipment == [read]
            assert read.connected_to[0].other_node is read
            client.close()
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("example_model", None)


@pytest.mark.parametrize(
    "settings",
    [{"package_name": "Bad-Name"}, {"client_name": "1Client"}, {"line_length": 10}, {"layout": "zip"}],
)
def test_invalid_settings_are_refused(settings: dict[str, object]) -> None:
    with pytest.raises(pydantic.ValidationError):
        GeneratorConfig.model_validate(settings)
