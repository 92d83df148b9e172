"""Records behave as the frozen dataclasses they replace: equal, hashed and shown by their fields."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field, fields, replace

import pytest

from ktui.core.models import FrontPage, Headline, RankedBox
from ktui.core.record import Record, record


@record
class Pair(Record):
    """A record with a field left out of comparisons and of the repr."""

    name: str
    count: int = 0
    note: str = field(default="", compare=False, repr=False)
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class FrozenPair:
    """The frozen dataclass `Pair` stands for."""

    name: str
    count: int = 0
    note: str = field(default="", compare=False, repr=False)
    tags: tuple[str, ...] = ()


def test_equality_hashing_and_repr_are_those_of_a_frozen_dataclass() -> None:
    values = [("a", 1, "x", ("t",)), ("a", 1, "y", ("t",)), ("a", 2, "x", ()), ("b", 1, "x", ("t",))]
    records = [Pair(*v) for v in values]
    frozen = [FrozenPair(*v) for v in values]
    for i, (r1, f1) in enumerate(zip(records, frozen, strict=True)):
        assert repr(r1) == repr(f1).replace("FrozenPair", "Pair")
        for r2, f2 in zip(records[i:], frozen[i:], strict=True):
            assert (r1 == r2) == (f1 == f2)
            if r1 == r2:
                assert hash(r1) == hash(r2)
    assert records[0] == records[1], "a field with compare=False does not count"
    assert len({*records, *records}) == 3
    assert Pair("a") != FrozenPair("a") and Pair("a") != ("a", 0, ())


def test_dataclass_functions_work_on_records() -> None:
    pair = Pair("a", 1, tags=("t",))
    assert [f.name for f in fields(pair)] == ["name", "count", "note", "tags"]
    assert replace(pair, count=2) == Pair("a", 2, tags=("t",))
    assert dataclasses.asdict(pair) == {"name": "a", "count": 1, "note": "", "tags": ("t",)}
    assert dataclasses.is_dataclass(pair)


def test_models_compare_by_value_and_survive_their_json() -> None:
    top = (Headline(title="One", url="https://example.test/a", rank=1),)
    front = FrontPage(top=top, trending=(), boxes=(RankedBox(title="Top 10", kind="top", items=top),))
    again = FrontPage.from_dict(front.to_dict())
    assert again == front and again is not front
    assert hash(Headline.from_dict(top[0].to_dict())) == hash(top[0])
    assert replace(front, top=()) != front
    assert not hasattr(top[0], "__dict__"), "models keep their slots"


def test_only_a_record_can_be_made_one() -> None:
    class Plain:
        name: str

    with pytest.raises(TypeError):
        record(Plain)
