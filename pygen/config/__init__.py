"""Settings: ``GeneratorConfig`` for one generation run, ``PygenConfig`` for ``pygen.yaml``.

See ``docs/config.md`` for every key, its default and its environment variable.
"""

from .environment import ENVIRONMENT
from .generator import GeneratorConfig
from .loading import CONFIG_FILE, find_config, load_config
from .project import (
    ClientSettings,
    CredentialSettings,
    FeatureSettings,
    GenerationSettings,
    ModelSource,
    NamingSettings,
    PygenConfig,
    StyleSettings,
)

__all__ = [
    "CONFIG_FILE",
    "ENVIRONMENT",
    "ClientSettings",
    "CredentialSettings",
    "FeatureSettings",
    "GenerationSettings",
    "GeneratorConfig",
    "ModelSource",
    "NamingSettings",
    "PygenConfig",
    "StyleSettings",
    "find_config",
    "load_config",
]
