"""One instance of every notice class, its fields filled from their types: what the key
tests read each class's subject and dedup key from."""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from datetime import date, datetime
from typing import Any

from services.delivery import notices


def sample_value(kind: Any, name: str, index: int) -> Any:
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        inner = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return sample_value(inner[0], name, index)
    if origin is tuple:
        item = typing.get_args(kind)[0]
        return (sample_value(item, name, index),)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return list(kind)[-1]
    if kind is bool:
        return True
    if kind is int:
        return 100 + index
    if kind is str:
        return f"{name}-{index}"
    if kind is date:
        return date(2026, 12, 7)
    if kind is datetime:
        return datetime(2026, 12, 7, 9, 30)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        return kind(**{f.name: sample_value(hints[f.name], f.name, n)
                       for n, f in enumerate(dataclasses.fields(kind))})  # fmt: skip
    raise TypeError(f"no sample for {kind!r} ({name})")


def sample(cls: type[notices.Notice]) -> notices.Notice:
    hints = typing.get_type_hints(cls)
    fields = dataclasses.fields(cls)  # type: ignore[arg-type]
    return cls(**{f.name: sample_value(hints[f.name], f.name, n) for n, f in enumerate(fields)})


def keys_of_every_notice() -> dict[str, dict[str, str]]:
    """kind -> its sample's subject and dedup key for recipient 7."""
    found = {}
    for kind, cls in sorted(notices.Notice.registry.items()):
        if not cls.__module__.startswith("services."):
            continue  # tests' own probes
        notice = sample(cls)
        found[kind] = {"subject": notice.subject, "dedup_key": notice.dedup_key(7)}
    return found
