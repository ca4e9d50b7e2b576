"""The TypeScript runtime (``typescript/``), copied into every generated TypeScript SDK.

The Python runtime is a distribution of its own, ``cdf-pygen-runtime`` (``import
pygen_runtime``, built from ``runtime/``), which generated Python SDKs import.
"""
