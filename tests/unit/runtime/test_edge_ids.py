"""Edge external ids: deterministic, injective, within the API's length limit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pygen_runtime import InstanceId, edge_external_id
from pygen_runtime.edge_ids import EDGE_ID_MAX_LENGTH

TYPE = InstanceId("sp", "T")


def _decode(readable: str) -> list[str]:
    """The six parts of a readable id (the inverse of the escaping)."""
    parts, current, chars = [], [], iter(readable)
    for char in chars:
        if char == "\\":
            current.append(next(chars))
        elif char == ":":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def test_spaces_are_part_of_the_id() -> None:
    # the same external id in two spaces is two edges, not one
    a = edge_external_id(InstanceId("s", "n"), TYPE, InstanceId("d", "a1"))
    b = edge_external_id(InstanceId("s", "n"), TYPE, InstanceId("d2", "a1"))
    assert a != b
    assert a == "s:n:sp:T:d:a1"


def test_colons_in_ids_do_not_collide() -> None:
    # 'a:b' + 'c' and 'a' + 'b:c' gave the same id when the parts were joined with ':'
    one = edge_external_id(InstanceId("s", "a:b"), TYPE, InstanceId("s", "c"))
    two = edge_external_id(InstanceId("s", "a"), InstanceId("sp", "b:T"), InstanceId("s", "c"))
    assert one != two
    assert one == "s:a\\:b:sp:T:s:c"


def test_long_ids_are_hashed_within_the_limit() -> None:
    long = "x" * 255
    value = edge_external_id(InstanceId("s", long), TYPE, InstanceId("s", long))
    other = edge_external_id(InstanceId("s", long), TYPE, InstanceId("s", long[:-1] + "y"))
    assert len(value) == EDGE_ID_MAX_LENGTH
    assert value.startswith("s:xxx") and value[-66:-64] == "\\#"
    assert value != other


_text = st.text(
    alphabet=st.sampled_from(["a", "b", ":", "\\", "#", "ø", "😀"]), min_size=1, max_size=140
)
_ids = st.builds(InstanceId, st.sampled_from(["s", "t"]), _text)


@settings(max_examples=300, deadline=None)
@given(_ids, _ids, _ids, _ids, _ids, _ids)
def test_edge_ids_are_injective_and_bounded(
    a: InstanceId, b: InstanceId, c: InstanceId, d: InstanceId, e: InstanceId, f: InstanceId
) -> None:
    first, second = edge_external_id(a, b, c), edge_external_id(d, e, f)
    assert len(first) <= EDGE_ID_MAX_LENGTH
    assert edge_external_id(a, b, c) == first  # deterministic
    assert (first == second) == ((a, b, c) == (d, e, f))
    parts = [a.space, a.external_id, b.space, b.external_id, c.space, c.external_id]
    readable = ":".join(part.replace("\\", "\\\\").replace(":", "\\:") for part in parts)
    if len(readable) <= EDGE_ID_MAX_LENGTH:
        assert first == readable and _decode(first) == parts
    else:
        assert first[-66:-64] == "\\#" and readable.startswith(first[:-66])
