"""A view filter ``node.type == X`` gives the class a node type (write objects default to it)."""

from __future__ import annotations

from typing import Any

import pytest

from pygen.ir import IRNodeId
from pygen.ir.parse import _node_type

TYPE = {"space": "sp", "externalId": "Pump"}
EQUALS = {"equals": {"property": ["node", "type"], "value": TYPE}}


@pytest.mark.parametrize(
    ("view_filter", "expected"),
    [
        (EQUALS, IRNodeId(space="sp", external_id="Pump")),
        ({"and": [{"hasData": []}, EQUALS]}, IRNodeId(space="sp", external_id="Pump")),
        ({"in": {"property": ["node", "type"], "values": [TYPE]}}, None),
        ({"or": [EQUALS]}, None),
        ({"equals": {"property": ["sp", "Pump/1", "type"], "value": "CAD"}}, None),
        ({"equals": {"property": ["node", "type"], "value": "not an id"}}, None),
        (None, None),
    ],
)
def test_node_type_from_the_view_filter(view_filter: Any, expected: IRNodeId | None) -> None:
    assert _node_type(view_filter) == expected
