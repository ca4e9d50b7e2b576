"""``pygen validate`` plans names from the same class description the generator uses.

For each real model and each clash model, the plan validation's names rule makes (from the
filtered model it sees last) must give exactly the names the IR stores, for every role.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from pygen.ir import IRModel, build_ir
from pygen.model_file import load_data_model
from pygen.naming import DEFAULT_CONVENTIONS, NamePlan, plan_names
from pygen.validation import ValidationContext
from pygen.validation.rules.names import class_specs
from pygen_runtime.client.models import DataModel
from tests.functional import models as clash_models

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted(p for p in (ROOT / "tests" / "data" / "models").glob("*.yaml") if p.stem.isalnum())
FILES.append(ROOT / "pygen" / "examples" / "example_model.yaml")
CLASHES = [
    clash_models.CONNECTIONS,
    clash_models.CASE,
    clash_models.KEYWORDS,
    clash_models.ALIASES,
    clash_models.FILTERS,
]


def _names_of_ir(ir: IRModel) -> dict[str, Any]:
    out: dict[str, Any] = {"model": {lang: dict(roles) for lang, roles in ir.names.items()}}
    for cls in ir.classes:
        key = cls.view.key
        out[f"class {key}"] = dict(cls.names)
        out[f"derived {key}"] = {lang: dict(roles) for lang, roles in cls.derived_names.items()}
        out[f"class filters {key}"] = _nested(cls.filter_names)
        for prop in cls.properties:
            out[f"member {key} {prop.id}"] = dict(prop.names)
            if prop.enum_names:
                out[f"enum {key} {prop.id}"] = dict(prop.enum_names)
            if prop.filter_names:
                out[f"filters {key} {prop.id}"] = _nested(prop.filter_names)
        for rel in cls.relationships:
            out[f"member {key} {rel.id}"] = dict(rel.names)
            if rel.spec_names:
                out[f"spec {key} {rel.id}"] = dict(rel.spec_names)
            if rel.accessor_names:
                out[f"accessor {key} {rel.id}"] = dict(rel.accessor_names)
            if rel.hop_names:
                out[f"hop {key} {rel.id}"] = dict(rel.hop_names)
            if rel.filter_names:
                out[f"filters {key} {rel.id}"] = _nested(rel.filter_names)
    return out


def _nested(names: Any) -> dict[str, dict[str, str]]:
    return {language: dict(roles) for language, roles in names.items()}


def _names_of_plan(plan: NamePlan) -> dict[str, Any]:
    out: dict[str, Any] = {"model": plan.model}
    for key, names in plan.classes.items():
        out[f"class {key}"] = names
        out[f"derived {key}"] = plan.derived[key]
        out[f"class filters {key}"] = plan.class_filters[key]
        for field, per_language in plan.members.get(key, {}).items():
            out[f"member {key} {field}"] = per_language
        for field, per_language in plan.enums.get(key, {}).items():
            out[f"enum {key} {field}"] = per_language
        for field, per_language in plan.specs.get(key, {}).items():
            out[f"spec {key} {field}"] = per_language
        for field, per_language in plan.accessors.get(key, {}).items():
            out[f"accessor {key} {field}"] = per_language
        for field, per_language in plan.hops.get(key, {}).items():
            out[f"hop {key} {field}"] = per_language
        for field, per_language in plan.filters.get(key, {}).items():
            out[f"filters {key} {field}"] = per_language
    return out


@pytest.mark.parametrize(
    "model",
    [*FILES, *CLASHES],
    ids=[*(f.stem for f in FILES), "connections", "case", "keywords", "aliases", "filters"],
)
def test_validation_plans_the_names_the_generator_uses(model: Path | dict[str, Any]) -> None:
    data_model = (
        load_data_model(model) if isinstance(model, Path) else DataModel.model_validate(model)
    )
    ir, result = build_ir(data_model)
    assert result.filtered_model is not None
    ctx = ValidationContext(result.filtered_model)

    plan = plan_names(class_specs(ctx), DEFAULT_CONVENTIONS, data_model.external_id)

    assert _names_of_plan(plan) == _names_of_ir(ir)
