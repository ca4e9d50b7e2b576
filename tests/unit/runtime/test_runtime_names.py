"""The naming plan knows every member of the runtime's base classes.

Generated fields must not shadow a runtime member (``properties`` would hide
``InstanceWrite.properties()``); ``RUNTIME_NAMES`` lists them by hand, and this test computes
them from the classes so the list cannot fall behind.
"""

from __future__ import annotations

import pygen_runtime as runtime
from pygen.naming.runtime import RUNTIME_NAMES

BASES = [runtime.Node, runtime.Edge, runtime.NodeWrite, runtime.EdgeWrite, runtime.Instance]


def public_members(cls: type) -> set[str]:
    names = {name for name in dir(cls) if not name.startswith("_")}
    names |= set(getattr(cls, "model_fields", {}))
    return names


def test_every_public_member_of_the_runtime_bases_is_reserved() -> None:
    reserved = (
        RUNTIME_NAMES.instance_fields
        | RUNTIME_NAMES.node_fields
        | RUNTIME_NAMES.edge_fields
        | RUNTIME_NAMES.methods
        | RUNTIME_NAMES.python_members
    )
    missing = {name for cls in BASES for name in public_members(cls)} - reserved
    assert not missing, f"add to pygen/naming/runtime.py: {sorted(missing)}"


def test_every_exported_runtime_class_name_is_reserved() -> None:
    classes = {name for name in runtime.__all__ if name[:1].isupper() and not name.isupper()}
    generated_imports = {"Edge", "EdgeSpec", "EdgeWrite", "Filter", "InstanceAPI", "InstanceId"}
    generated_imports |= {"InstanceList", "Node", "NodeWrite", "OneOrMany", "ReverseSpec", "SortArg", "ViewRef"}
    assert generated_imports <= classes
    assert generated_imports <= RUNTIME_NAMES.classes
