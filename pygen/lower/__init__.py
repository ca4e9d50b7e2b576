"""Lowering: IR to syntax trees (``python``: libcst; ``typescript``: ts_emitter)."""
