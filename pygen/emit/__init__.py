"""Generated files as data: a ``FileSet`` written to a folder, or compared with one."""

from .fileset import FileSet

__all__ = ["FileSet"]
