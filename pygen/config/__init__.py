"""Settings: ``GeneratorConfig`` for generation, ``PygenConfig`` for ``pygen.yaml``."""

from .generator import GeneratorConfig
from .project import PygenConfig, load_config

__all__ = ["GeneratorConfig", "PygenConfig", "load_config"]
