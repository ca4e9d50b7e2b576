"""What every lowering module needs: the model, the settings, shared lookups."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from pygen.ir import IRClass, IRModel, IRProperty, IRRelationship, IRViewId

from . import _cst
from .naming import class_name, enum_alias, list_name, write_name
from .types import enum_key


@dataclass(frozen=True, slots=True)
class PythonSettings:
    """The generator settings the Python lowering uses (from ``GeneratorConfig``)."""

    package: str
    client_name: str
    line_length: int = 88
    docstrings: bool = True
    pygen_version: str = "0.0.0"
    single_file: bool = False
    examples: bool = False
    runtime_versions: tuple[str, str] = ("0.0.0", "0.1")
    """The ``cdf-pygen-runtime`` range the SDK accepts (``pygen.lower.python.project``)."""


FOREIGN = 1 << 30
"""The position of a class defined in another module: always a forward reference."""


class _ModulePositions(dict[str, int]):
    """The positions of one view module's classes; every other class of the model is in
    another module, so it counts as defined after them (:data:`FOREIGN`)."""

    def __init__(self, local: dict[str, int], every: dict[str, int]) -> None:
        super().__init__(local)
        self._every = every

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        if key in self:
            return self[key]
        return FOREIGN if key in self._every else default


@dataclass
class Context:
    """The model being lowered and what is derived from it once.

    ``local`` is the view whose module is being lowered (package layout: one module per view);
    ``None`` for a module holding every view."""

    ir: IRModel
    settings: PythonSettings
    _classes: dict[IRViewId, IRClass] = field(default_factory=dict)
    local: IRClass | None = None

    def __post_init__(self) -> None:
        if not self._classes:
            self._classes = self.ir.class_index()

    def for_view(self, cls: IRClass) -> Context:
        """The context of the module of ``cls`` alone, sharing what is derived from the model."""
        view = Context(self.ir, self.settings, self._classes, cls)
        for name in _MODEL_WIDE:  # derived from the whole model once, not once per view
            view.__dict__[name] = getattr(self, name)
        every = self.class_positions
        local = {name: every[name] - every[write_name(cls)] for name in _names(cls)}
        view.__dict__["class_positions"] = _ModulePositions(local, every)
        return view

    @property
    def classes(self) -> dict[IRViewId, IRClass]:
        """Every class by view id."""
        return self._classes

    @cached_property
    def class_order(self) -> dict[IRViewId, int]:
        """Each class's place in the model's order (the order of the per-view statements of
        every module), so a lowering knows what a module defines above a view's statements,
        whichever part of the module is being built."""
        return {cls.view: index for index, cls in enumerate(self.ir.classes)}

    def defined_above(self, target: IRViewId, cls: IRViewId) -> bool:
        """Whether the statements of view ``target`` come before those of ``cls`` in the module
        being lowered (else an annotation naming its classes is a forward reference, a
        string). Never in a view module: other views' classes are bound on first use."""
        return self.local is None and self.class_order[target] < self.class_order[cls]

    @cached_property
    def class_positions(self) -> dict[str, int]:
        """Where each generated data class comes in ``data_classes.py``: per view in model
        order its write, read and list class. An annotation naming a class at or after the
        position of the class it is in is a forward reference."""
        positions: dict[str, int] = {}
        for index, cls in enumerate(self.ir.classes):
            positions[write_name(cls)] = 3 * index
            positions[class_name(cls)] = 3 * index + 1
            positions[list_name(cls)] = 3 * index + 2
        return positions

    @cached_property
    def edge_classes_into(self) -> dict[IRViewId, list[IRClass]]:
        """Per node class, the edge classes (edge properties) of the edges that lead to it
        from a node class, in model order: what a query hop reaching it filters edges by."""
        found: dict[IRViewId, dict[IRViewId, IRClass]] = {}
        for cls in self.ir.classes:
            if cls.kind == "edge":
                continue
            for rel in cls.relationships:
                if rel.kind != "edge" or rel.edge_class is None or rel.target is None:
                    continue
                edge, target = self._classes.get(rel.edge_class), self._classes.get(rel.target)
                if edge is not None and target is not None and target.kind != "edge":
                    found.setdefault(target.view, {})[edge.view] = edge
        order = self.class_order
        return {
            view: sorted(edges.values(), key=lambda edge: order[edge.view])
            for view, edges in found.items()
        }

    @cached_property
    def edge_connections(self) -> dict[IRViewId, list[tuple[IRClass, IRRelationship]]]:
        """Per edge view, the edge connections (with the classes declaring them) that have it
        as their edge view and specs, in model order: found in one pass over the model, not
        one per edge class's module."""
        found: dict[IRViewId, list[tuple[IRClass, IRRelationship]]] = {}
        for owner in self.ir.classes:
            for rel in owner.relationships:
                if rel.kind == "edge" and rel.edge_class is not None and rel.spec_names:
                    found.setdefault(rel.edge_class, []).append((owner, rel))
        return found

    def layout(self, depth: int = 0) -> _cst.Layout:
        """The layout of a block ``depth`` levels deep."""
        return _cst.Layout(self.settings.line_length, len(_cst.INDENT) * depth)

    @cached_property
    def enum_aliases(self) -> dict[tuple[str, str, str], str]:
        """One ``Literal`` alias per enum container property, named after its first class."""
        aliases: dict[tuple[str, str, str], str] = {}
        for cls in self.ir.classes:
            for prop in cls.properties:
                if _is_enum(prop):
                    aliases.setdefault(enum_key(prop), enum_alias(cls, prop))
        return aliases

    def header(self) -> list[str]:
        """The provenance comment lines every generated file starts with."""
        sources = ", ".join(
            f"{model.space}:{model.external_id} (version {model.version})"
            for model in self.ir.models
        )
        first = f"Generated by pygen {self.settings.pygen_version} from {sources}. Do not edit."
        if self.local is not None:  # a view's module changes only with what it is made of
            return [first]
        return [first, f"Model source hash: {self.ir.metadata.source_hash}"]


_MODEL_WIDE = ("enum_aliases", "class_order", "edge_classes_into", "edge_connections")
"""The cached properties a view's context shares with the model's."""


def _names(cls: IRClass) -> tuple[str, ...]:
    return (write_name(cls), class_name(cls), list_name(cls))


def models_label(ir: IRModel) -> str:
    """``the data model ``sp:M`` (version ``1``)``, or every model of a merged SDK."""
    labels = [f"``{m.space}:{m.external_id}`` (version ``{m.version}``)" for m in ir.models]
    if len(labels) == 1:
        return f"the data model {labels[0]}"
    return f"the data models {', '.join(labels[:-1])} and {labels[-1]}"


def _is_enum(prop: IRProperty) -> bool:
    from pygen.ir import IREnum, IRList

    item = prop.type.item if isinstance(prop.type, IRList) else prop.type
    return isinstance(item, IREnum)


def members(cls: IRClass) -> list[IRProperty | IRRelationship]:
    """A class's fields in CDF id order: stored properties, then edges and reverse relations
    merged in (a direct relation is a property)."""
    found: list[IRProperty | IRRelationship] = list(cls.properties)
    found.extend(rel for rel in cls.relationships if rel.kind != "direct")
    return sorted(found, key=lambda member: member.id)
