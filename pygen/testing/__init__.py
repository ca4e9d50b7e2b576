"""Helpers for pygen's own tests and benchmarks; not used at run time.

:mod:`pygen.testing.synth` makes large synthetic models; :mod:`pygen.testing.models` builds
tiny models with one feature each.
"""

from .synth import synthesize_document, synthesize_model

__all__ = ["synthesize_document", "synthesize_model"]
