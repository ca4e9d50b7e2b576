"""The lowering's node makers (``_cst._maker``) build what libcst's constructors build.

The makers skip libcst's validation and, for one or two fields, set them without a loop; a
node they make must still be the node libcst would make from the same fields (every other
field at its default), and a maker given the wrong number of values must fail loudly.
"""

from __future__ import annotations

from typing import Any

import libcst as cst
import pytest

from pygen.lower.python import _cst

_X = cst.Name("x")
_Y = cst.Name("y")

CASES: list[tuple[Any, type[cst.CSTNode], dict[str, Any]]] = [
    (_cst._new_name, cst.Name, {"value": "x"}),  # one field
    (_cst._new_arg, cst.Arg, {"value": _X}),
    (_cst._new_line, cst.SimpleStatementLine, {"body": [cst.Expr(_X)]}),
    (_cst._new_call, cst.Call, {"func": _X, "args": (cst.Arg(_Y),)}),  # two fields
    (_cst._new_attribute, cst.Attribute, {"value": _X, "attr": _Y}),
    (_cst._new_assign, cst.Assign, {"targets": [cst.AssignTarget(_X)], "value": _Y}),
    (  # more fields: the general maker
        _cst._new_keyword_arg,
        cst.Arg,
        {"value": _X, "keyword": _Y, "equal": _cst._KEYWORD_EQUAL},
    ),
    (
        _cst._new_operation,
        cst.BinaryOperation,
        {"left": _X, "operator": cst.BitOr(), "right": _Y},
    ),
]


@pytest.mark.parametrize(("make", "cls", "fields"), CASES, ids=lambda c: getattr(c, "__name__", ""))
def test_a_made_node_is_the_node_libcst_builds(
    make: Any, cls: type[cst.CSTNode], fields: dict[str, Any]
) -> None:
    made = make(*fields.values())
    expected = cls(**fields)
    assert type(made) is cls
    assert made.deep_equals(expected)
    assert _cst.code(made) == cst.Module([]).code_for_node(expected)


@pytest.mark.parametrize("make", [_cst._new_name, _cst._new_call, _cst._new_keyword_arg])
def test_a_maker_refuses_a_missing_or_extra_value(make: Any) -> None:
    with pytest.raises((TypeError, ValueError)):
        make()
    with pytest.raises((TypeError, ValueError)):
        make(_X, _Y, _X, _Y)
