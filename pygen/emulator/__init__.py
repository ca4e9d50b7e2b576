"""A local server that speaks the CDF data-modeling REST API (see docs/emulator.md).

``with LocalCDF(load=[model_file]) as cdf:`` serves on a free port; ``create_app`` gives the
ASGI app for in-process use (e.g. ``httpx.ASGITransport``); ``pygen emulator`` runs it from
the command line.
"""

from .app import create_app
from .cors import CorsError
from .errors import DMSError
from .loader import LoadError, deploy_data_model, load_model_file
from .migrations import StoreError
from .seed import load_instances
from .server import LocalCDF, ServeError
from .store import Store
from .transport import InProcessTransport

__all__ = [
    "CorsError",
    "DMSError",
    "InProcessTransport",
    "LoadError",
    "LocalCDF",
    "ServeError",
    "Store",
    "StoreError",
    "create_app",
    "deploy_data_model",
    "load_instances",
    "load_model_file",
]
