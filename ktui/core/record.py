"""Provides `record` and `Record`: ktui's immutable data classes, for a third of a frozen dataclass's cost.

A `@dataclass(frozen=True)` writes six methods as source text and compiles each (`__init__`,
`__repr__`, `__eq__`, `__hash__`, `__setattr__`, `__delattr__`): some four million instructions
a class. For the fourteen such classes the reader imports at start (the models, the settings,
cache entries, load results), records take 44 million instructions (4 % of a launch, callgrind)
off the imports. A record is a dataclass whose only
compiled method is `__init__`, the one that runs per object; the rest are defined once, here,
on the `Record` base class: equality and hashing by the compared fields, and the same repr.

Immutability is the type checker's: `record` is a `dataclass_transform` with `frozen_default`,
so mypy rejects any assignment to a field, and ktui is checked with mypy. At run time nothing
stops one (objects are made with the plain, faster `__init__`); `dataclasses.replace`,
`fields` and `asdict` work as on any dataclass.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar, dataclass_transform, overload

T = TypeVar("T")


class Record:
    """Equality, hashing and repr by a dataclass's fields, defined once for every record."""

    __slots__ = ()

    _compared: ClassVar[tuple[str, ...]]
    _shown: ClassVar[tuple[str, ...]]

    def _key(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in self._compared)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        shown = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._shown)
        return f"{self.__class__.__qualname__}({shown})"


@overload
def record(cls: type[T], /) -> type[T]: ...
@overload
def record(*, slots: bool = False) -> Callable[[type[T]], type[T]]: ...


@dataclass_transform(frozen_default=True, eq_default=True, field_specifiers=(dataclasses.field, dataclasses.Field))
def record(cls: type[T] | None = None, /, *, slots: bool = False) -> type[T] | Callable[[type[T]], type[T]]:
    """Make a `Record` subclass a dataclass with only its `__init__` compiled (see the module)."""

    def wrap(cls: type[T]) -> type[T]:
        if not issubclass(cls, Record):
            raise TypeError(f"{cls.__qualname__} must derive from Record")
        made: Any = dataclasses.dataclass(cls, repr=False, eq=False, slots=slots)
        fields = dataclasses.fields(made)
        made._compared = tuple(f.name for f in fields if f.compare)
        made._shown = tuple(f.name for f in fields if f.repr)
        return made  # type: ignore[no-any-return]

    return wrap if cls is None else wrap(cls)
