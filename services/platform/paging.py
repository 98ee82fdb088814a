"""Long lists read a page at a time, by keyset: a page is the next (or previous) few rows
of an index after a key, so what one page costs does not grow with the list."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

Item = TypeVar("Item")

PAGE_SIZE = 10


@dataclass(frozen=True)
class PageKey:
    """A row's place in the list's order: its sort value, then its id."""

    value: str
    id: int


@dataclass(frozen=True)
class PageRequest:
    """Where a page starts: after `after` (forward), before `before` (back), or at the top."""

    after: PageKey | None = None
    before: PageKey | None = None
    size: int = PAGE_SIZE

    def clause(self, value: str, id_: str) -> tuple[str, tuple[str | int, ...], str]:
        """The keyset condition over the columns `value` and `id_`, its parameters, and the
        order to read in (descending when going back)."""
        if self.before is not None:
            return (
                f"({value}, {id_}) < (?, ?)",
                (self.before.value, self.before.id),
                f"{value} DESC, {id_} DESC",
            )
        if self.after is not None:
            return (
                f"({value}, {id_}) > (?, ?)",
                (self.after.value, self.after.id),
                f"{value}, {id_}",
            )
        return "1 = 1", (), f"{value}, {id_}"


@dataclass(frozen=True)
class Page(Generic[Item]):
    """One page of a list, with the keys to the neighbouring pages (None: nothing there)."""

    items: list[Item]
    previous: PageKey | None
    next: PageKey | None


def page_of(request: PageRequest, rows: list[Item], keys: list[PageKey]) -> Page[Item]:
    """The page from rows read with `request.clause` and `LIMIT size + 1`, and their keys:
    the extra row only says whether more lie beyond."""
    more = len(rows) > request.size
    rows, keys = rows[: request.size], keys[: request.size]
    if request.before is not None:
        rows, keys = rows[::-1], keys[::-1]
        return Page(rows, keys[0] if more and keys else None, keys[-1] if keys else None)
    previous = keys[0] if request.after is not None and keys else None
    return Page(rows, previous, keys[-1] if more and keys else None)
