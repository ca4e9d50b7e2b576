"""Generated files as data: a ``FileSet`` written to a folder (through a :class:`WritePlan`
and a manifest of what pygen wrote), or compared with one."""

from .fileset import FileSet
from .plan import Step, WritePlan

__all__ = ["FileSet", "Step", "WritePlan"]
