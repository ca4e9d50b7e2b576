"""Runtimes that generated SDKs extend: ``python`` (imported) and ``typescript`` (copied)."""
