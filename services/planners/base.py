"""What every planner shares: the due page, the guarded write, the re-look after a change
of configuration."""

from __future__ import annotations

import hashlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import ClassVar

import aiosqlite

from services.clock import to_db
from services.db import Database
from services.outbox import enqueue
from services.reminders import Planned

log = logging.getLogger(__name__)

# "Look at this row at the next tick": what the triggers write when a change can move a
# reminder (migration 0012).
LOOK_AGAIN = "1970-01-01 00:00:00"
# Rows read per page and written per transaction: the database is free for handlers
# between them.
PAGE = 500
CHUNK = 50
# A rule that names a moment not after now would make the tick loop; it is pushed this far.
MINIMUM_STEP = timedelta(minutes=1)


@dataclass(frozen=True)
class Due:
    """One row a tick looked at: what to send now and when to look again (None: never)."""

    key: int
    planned: list[Planned] = field(default_factory=list)
    next_at: datetime | None = None


class Planner(ABC):
    """A planner over one table whose `column` holds each row's next-due moment."""

    name: ClassVar[str]
    table: ClassVar[str]
    column: ClassVar[str]
    key: ClassVar[str] = "id"
    # Which rows can remind at all: they are looked at again when the configuration changes.
    open_rows: ClassVar[str]
    page: ClassVar[int] = PAGE

    def __init__(self, db: Database) -> None:
        self.db = db

    @abstractmethod
    async def evaluate(
        self, conn: aiosqlite.Connection, keys: Sequence[int], now: datetime
    ) -> list[Due]:
        """What is due for these rows now. A row missing from the answer is no longer
        remindable: its column is cleared."""

    def signature(self) -> str:
        """The configuration the stored moments were computed with."""
        return ""

    async def tick(self) -> int:
        """Plan every row that is due; return how many notifications were queued."""
        now = self.db.clock.now()
        queued = 0
        while True:
            async with self.db.reading() as conn:
                rows = await conn.execute_fetchall(
                    f"SELECT {self.key}, {self.column} FROM {self.table}"
                    f" WHERE {self.column} <= ? ORDER BY {self.column} LIMIT ?",
                    (to_db(now), self.page),
                )
                seen = {row[0]: row[1] for row in rows}
                dues = await self.evaluate(conn, list(seen), now) if rows else []
            answered = {due.key for due in dues}
            dues += [Due(key) for key in seen if key not in answered]
            queued += await self._write(now, dues, seen)
            if len(rows) < self.page:
                return queued

    async def _write(self, now: datetime, dues: list[Due], seen: dict[int, str]) -> int:
        queued = 0
        for start in range(0, len(dues), CHUNK):
            chunk = dues[start : start + CHUNK]
            async with self.db.transaction() as conn:
                known = await _queued_keys(conn, [item for due in chunk for item in due.planned])
                for due in chunk:
                    # A row changed since it was read was marked again by its change; the
                    # next page looks at it with what it is now.
                    cursor = await conn.execute(
                        f"UPDATE {self.table} SET {self.column} = ?"
                        f" WHERE {self.key} = ? AND {self.column} IS ?",
                        (self._stored(due, now), due.key, seen[due.key]),
                    )
                    if cursor.rowcount != 1:
                        continue
                    for item in due.planned:
                        if item.dedup_key not in known:
                            queued += await enqueue_planned(conn, now, item)
        return queued

    def _stored(self, due: Due, now: datetime) -> str | None:
        if due.next_at is None:
            return None
        if due.next_at <= now:
            log.warning("%s named %s for row %s, not after now", self.name, due.next_at, due.key)
            return to_db(now + MINIMUM_STEP)
        return to_db(due.next_at)

    async def configuration_changed(self) -> bool:
        """At start: if the rules' settings differ from those the stored moments were
        computed with, every open row is looked at again (in short transactions)."""
        signature = hashlib.sha256(self.signature().encode()).hexdigest()
        async with self.db.reading() as conn:
            cursor = await conn.execute(
                "SELECT signature FROM planner_state WHERE planner = ?", (self.name,)
            )
            stored = await cursor.fetchone()
            cursor = await conn.execute(f"SELECT MAX({self.key}) FROM {self.table}")
            (last,) = await cursor.fetchone()
        changed = stored is not None and stored[0] != signature
        if changed:
            for start in range(0, (last or 0) + 1, 2000):
                async with self.db.transaction() as conn:
                    await conn.execute(
                        f"UPDATE {self.table} SET {self.column} = ?"
                        f" WHERE {self.key} BETWEEN ? AND ? AND {self.open_rows}",
                        (LOOK_AGAIN, start, start + 1999),
                    )
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO planner_state (planner, signature) VALUES (?, ?)"
                " ON CONFLICT (planner) DO UPDATE SET signature = excluded.signature",
                (self.name, signature),
            )
        return changed


async def _queued_keys(conn: aiosqlite.Connection, planned: list[Planned]) -> set[str]:
    """Dedup keys already in the outbox, looked up once per chunk: most of what a row
    says again (the latest step, already sent) is skipped without an insert."""
    if not planned:
        return set()
    rows = await conn.execute_fetchall(
        f"SELECT dedup_key FROM outbox WHERE dedup_key IN ({', '.join('?' * len(planned))})",
        [item.dedup_key for item in planned],
    )
    return {row[0] for row in rows}


async def enqueue_planned(conn: aiosqlite.Connection, now: datetime, item: Planned) -> int:
    return int(
        await enqueue(
            conn,
            now,
            recipient_id=item.recipient_id,
            kind=item.kind,
            text_key=item.text_key,
            args=item.args,
            dedup_key=item.dedup_key,
            urgent=item.urgent,
            buttons=item.buttons,
            series=item.series,
            not_before=item.not_before,
        )
    )


async def heads(conn: aiosqlite.Connection) -> list[aiosqlite.Row]:
    return await conn.execute_fetchall(
        "SELECT telegram_id, timezone FROM people WHERE role = 'head' ORDER BY telegram_id"
    )


def placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" * len(values))
