"""IR to libcst: one lowering module per generated file kind (see :func:`build_ast`)."""

from .build import PythonFile, build_ast

__all__ = ["PythonFile", "build_ast"]
