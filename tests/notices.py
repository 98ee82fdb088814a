"""A notice for tests of delivery itself, where what is said does not matter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.notices import text_key
from services.db import Database
from services.delivery import notices
from services.delivery.notices import Notice


@dataclass(frozen=True)
class Probe(Notice, kind="test.probe", urgent=False):
    """Its label is its dedup key and what a recording sender reports; it may wait out
    a client's quiet hours."""

    label: str

    @property
    def subject(self) -> str:
        return f"probe:{self.label}"

    def dedup_key(self, recipient_id: int) -> str:
        return self.label


@dataclass(frozen=True)
class UrgentProbe(Probe, kind="test.urgent_probe", urgent=True):
    pass


def probe(label: str, *, urgent: bool = False) -> Probe:
    return UrgentProbe(label) if urgent else Probe(label)


async def queued(db: Database, *columns: str, where: str = "1 = 1") -> list[tuple[Any, ...]]:
    """The outbox in id order as (recipient, text key, *columns): what each row will say,
    worked out by the bot's own registry."""
    extra = "".join(f", {column}" for column in columns)
    rows = await db.conn.execute_fetchall(
        f"SELECT recipient_id, kind, args{extra} FROM outbox WHERE {where} ORDER BY id"
    )
    return [(row[0], text_key(notices.load(row[1], row[2])), *row[3:]) for row in rows]
