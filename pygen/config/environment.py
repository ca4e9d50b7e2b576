"""The environment variable of each pygen.yaml key (the table ``docs/config.md`` shows).

``CDF_BASE_URL`` and ``CDF_PROJECT`` are the variables the CDF client has always read; the
rest are ``PYGEN_`` and the key's name. Lists (``language``, ``include_views``,
``exclude_views``) are comma-separated. An empty variable counts as not set.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["ENVIRONMENT", "LIST_KEYS", "from_environment"]

ENVIRONMENT: tuple[tuple[str, str], ...] = (
    ("client.base_url", "CDF_BASE_URL"),
    ("client.project", "CDF_PROJECT"),
    ("client.timeout", "PYGEN_TIMEOUT"),
    ("client.max_retries", "PYGEN_MAX_RETRIES"),
    ("generation.output_dir", "PYGEN_OUTPUT_DIR"),
    ("generation.language", "PYGEN_LANGUAGE"),
    ("generation.package_name", "PYGEN_PACKAGE_NAME"),
    ("generation.client_name", "PYGEN_CLIENT_NAME"),
    ("generation.layout", "PYGEN_LAYOUT"),
    ("generation.format", "PYGEN_FORMAT"),
    ("generation.strict", "PYGEN_STRICT"),
    ("generation.workers", "PYGEN_WORKERS"),
    ("generation.naming.class_format", "PYGEN_CLASS_FORMAT"),
    ("generation.naming.method_format", "PYGEN_METHOD_FORMAT"),
    ("generation.naming.property_format", "PYGEN_PROPERTY_FORMAT"),
    ("generation.style.line_length", "PYGEN_LINE_LENGTH"),
    ("generation.style.indent", "PYGEN_INDENT"),
    ("generation.features.docstrings", "PYGEN_DOCSTRINGS"),
    ("generation.features.type_hints", "PYGEN_TYPE_HINTS"),
    ("generation.features.examples", "PYGEN_EXAMPLES"),
    ("model.space", "PYGEN_MODEL_SPACE"),
    ("model.external_id", "PYGEN_MODEL_EXTERNAL_ID"),
    ("model.version", "PYGEN_MODEL_VERSION"),
    ("model.file", "PYGEN_MODEL_FILE"),
    ("model.include_views", "PYGEN_INCLUDE_VIEWS"),
    ("model.exclude_views", "PYGEN_EXCLUDE_VIEWS"),
)
"""``(key path, variable)`` for every key that has one (credentials are references in the
file; the secrets themselves come from ``CDF_TOKEN`` ... as the client documents)."""

LIST_KEYS = frozenset({"generation.language", "model.include_views", "model.exclude_views"})
"""Keys whose variable holds a comma-separated list."""


def from_environment(environ: Mapping[str, str]) -> dict[str, tuple[object, str]]:
    """The keys set in ``environ``: key path -> (value, ``environment variable NAME``).

    ``CDF_CLUSTER`` stands in for an unset ``CDF_BASE_URL``
    (``https://{cluster}.cognitedata.com``), as it does for the client.
    """
    found: dict[str, tuple[object, str]] = {}
    for path, variable in ENVIRONMENT:
        text = environ.get(variable, "").strip()
        if not text:
            continue
        value: object = text
        if path in LIST_KEYS:
            items = [item.strip() for item in text.split(",") if item.strip()]
            value = items[0] if path == "generation.language" and len(items) == 1 else items
        found[path] = (value, f"environment variable {variable}")
    cluster = environ.get("CDF_CLUSTER", "").strip()
    if "client.base_url" not in found and cluster:
        url = f"https://{cluster}.cognitedata.com"
        found["client.base_url"] = (url, "environment variable CDF_CLUSTER")
    return found
