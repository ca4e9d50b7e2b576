"""The golden fixtures: a name, the model file, and where its generated SDK is kept."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pygen.config import GeneratorConfig

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "golden"
MODELS = ROOT / "tests" / "data" / "models"
UPDATE_COMMAND = ".venv/bin/pytest tests/golden --update-golden"


@dataclass(frozen=True)
class Fixture:
    name: str
    model_file: Path

    @property
    def python_dir(self) -> Path:
        return GOLDEN / self.name / "python"

    @property
    def typescript_dir(self) -> Path:
        return GOLDEN / self.name / "typescript"

    @property
    def config(self) -> GeneratorConfig:
        return GeneratorConfig()


FIXTURES = [
    Fixture("example", ROOT / "pygen" / "examples" / "example_model.yaml"),
    *(
        Fixture(path.stem, path)
        for path in sorted(MODELS.glob("*.yaml"))
        if not path.name.endswith(".nodes.yaml")
    ),
]
