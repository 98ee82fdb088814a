"""What every planner shares: the due page, the guarded write, the re-look after a change
of configuration."""

from __future__ import annotations

import hashlib
import logging
from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import ClassVar, Generic, Protocol, TypeVar

from services.db import Database, Reading, Row, in_list, scalar
from services.delivery.outbox import Planned, enqueue_planned
from services.planners.reminders import Recipient
from services.platform.clock import from_db, to_db

log = logging.getLogger(__name__)

# "Look at this row at the next tick": what the triggers write when a change can move a
# reminder (migration 0012).
LOOK_AGAIN = "1970-01-01 00:00:00"
# Rows read per page, and writes (a row's update, a notification) per transaction: the
# database is free for handlers between them.
PAGE = 100
CHUNK = 50
# A rule that names a moment not after now would make the tick loop; it is pushed this far.
MINIMUM_STEP = timedelta(minutes=1)
# A tick earlier than the last one by more than this: the clock was set back.
CLOCK_STEP_TOLERANCE = timedelta(minutes=2)


Loaded = TypeVar("Loaded")


class Ticking(Protocol):
    """What the planners' job runs each minute: a planner, or the brief nudges."""

    @property
    def name(self) -> str: ...

    async def tick(self) -> int: ...


@dataclass(frozen=True)
class Due:
    """One row a tick looked at: what to send now and when to look again (None: never)."""

    key: int
    planned: list[Planned] = field(default_factory=list)
    next_at: datetime | None = None


class Planner(ABC, Generic[Loaded]):
    """A planner over one table whose `column` holds each row's next-due moment."""

    name: ClassVar[str]
    table: ClassVar[str]
    column: ClassVar[str]
    key: ClassVar[str] = "id"
    # Which rows can remind at all: they are looked at again when the configuration changes.
    open_rows: ClassVar[str]
    page: ClassVar[int] = PAGE
    # When each row came to be, as the rules read it ("no step before the deadline was
    # set"): a moment written while the clock ran ahead is set to when it was set right.
    since_column: ClassVar[str | None] = None

    def __init__(self, db: Database) -> None:
        self.db = db

    @abstractmethod
    async def load(self, conn: Reading, keys: Sequence[int], now: datetime) -> Loaded:
        """Read what the rules need about these rows (the connection is held meanwhile:
        queries only, no computing)."""

    @abstractmethod
    def decide(self, loaded: Loaded, now: datetime) -> list[Due]:
        """What is due for the rows now, with the connection free for handlers. A row
        missing from the answer is no longer remindable: its column is cleared."""

    def signature(self) -> str:
        """The configuration the stored moments were computed with."""
        return ""

    async def tick(self) -> int:
        """Plan every row that is due; return how many notifications were queued."""
        now = self.db.clock.now()
        await self._notice_clock_stepped_back(now)
        queued = await self._plan_due(now)
        await self._record_tick(now)
        return queued

    async def _plan_due(self, now: datetime) -> int:
        queued = 0
        while True:
            async with self.db.reading() as conn:
                rows = await conn.execute_fetchall(
                    f"SELECT {self.key}, {self.column} FROM {self.table}"
                    f" WHERE {self.column} <= ? ORDER BY {self.column} LIMIT ?",
                    (to_db(now), self.page),
                )
                seen = {row[0]: row[1] for row in rows}
                loaded = await self.load(conn, list(seen), now) if rows else None
            dues = self.decide(loaded, now) if loaded is not None else []
            answered = {due.key for due in dues}
            dues += [Due(key) for key in seen if key not in answered]
            queued += await self._write(now, dues, seen)
            if len(rows) < self.page:
                return queued

    async def _write(self, now: datetime, dues: list[Due], seen: dict[int, str]) -> int:
        queued = 0
        for chunk in _chunks(dues):
            async with self.db.transaction() as conn:
                # A row changed since it was read was marked again by its change: it is
                # left for the next page, which looks at it as it is now.
                among, among_params = in_list(self.key, [due.key for due in chunk])
                current = {
                    row[0]: row[1]
                    for row in await conn.execute_fetchall(
                        f"SELECT {self.key}, {self.column} FROM {self.table} WHERE {among}",
                        among_params,
                    )
                }
                unchanged = [
                    due for due in chunk if due.key in current and current[due.key] == seen[due.key]
                ]
                await conn.executemany(
                    f"UPDATE {self.table} SET {self.column} = ? WHERE {self.key} = ?",
                    [(self._stored(due, now), due.key) for due in unchanged],
                )
                queued += await enqueue_planned(
                    conn, now, [item for due in unchanged for item in due.planned]
                )
        return queued

    def _stored(self, due: Due, now: datetime) -> str | None:
        if due.next_at is None:
            return None
        if due.next_at <= now:
            log.warning("%s named %s for row %s, not after now", self.name, due.next_at, due.key)
            return to_db(now + MINIMUM_STEP)
        return to_db(due.next_at)

    async def _notice_clock_stepped_back(self, now: datetime) -> None:
        """A clock that ran ahead and was set right (a bad NTP start) left moments planned
        under the wrong time: a stage's "tomorrow" put off to the day after. The tick
        before this one is then later than now; every open row is planned again."""
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT last_tick_at FROM planner_state WHERE planner = ?", (self.name,)
            )
        if not rows or rows[0][0] is None:
            return
        last = from_db(rows[0][0])
        if now < last - CLOCK_STEP_TOLERANCE:
            log.warning(
                "%s: the clock stepped back from %s to %s; every open row is planned again",
                self.name,
                to_db(last),
                to_db(now),
            )
            await self._look_again_at_open_rows(clock_set_right_at=now)

    async def _record_tick(self, now: datetime) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO planner_state (planner, signature, last_tick_at) VALUES (?, ?, ?)"
                " ON CONFLICT (planner) DO UPDATE SET last_tick_at = excluded.last_tick_at",
                (self.name, self._signature_digest(), to_db(now)),
            )

    def _signature_digest(self) -> str:
        return hashlib.sha256(self.signature().encode()).hexdigest()

    async def _look_again_at_open_rows(self, clock_set_right_at: datetime | None = None) -> None:
        """Every row that can remind is looked at by the next tick, marked in short
        transactions of a key range each (rare: a change of settings, a clock set back)."""
        async with self.db.reading() as conn:
            last = await scalar(conn, f"SELECT MAX({self.key}) FROM {self.table}")
        for start in range(0, (last or 0) + 1, 2000):
            async with self.db.transaction() as conn:
                await conn.execute(
                    f"UPDATE {self.table} SET {self.column} = ?"
                    f" WHERE {self.key} BETWEEN ? AND ? AND {self.open_rows}",
                    (LOOK_AGAIN, start, start + 1999),
                )
                if clock_set_right_at is not None and self.since_column is not None:
                    await conn.execute(
                        f"UPDATE {self.table} SET {self.since_column} = ?"
                        f" WHERE {self.key} BETWEEN ? AND ? AND {self.since_column} > ?",
                        (to_db(clock_set_right_at), start, start + 1999, to_db(clock_set_right_at)),
                    )

    async def configuration_changed(self) -> bool:
        """At start: if the rules' settings differ from those the stored moments were
        computed with, every open row is looked at again (in short transactions)."""
        signature = self._signature_digest()
        async with self.db.reading() as conn:
            cursor = await conn.execute(
                "SELECT signature FROM planner_state WHERE planner = ?", (self.name,)
            )
            stored = await cursor.fetchone()
        changed = stored is not None and stored[0] != signature
        if changed:
            await self._look_again_at_open_rows()
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO planner_state (planner, signature) VALUES (?, ?)"
                " ON CONFLICT (planner) DO UPDATE SET signature = excluded.signature",
                (self.name, signature),
            )
        return changed


def _chunks(dues: list[Due]) -> Iterator[list[Due]]:
    """Pieces of about CHUNK writes each (a row's update and its notifications): one row
    may queue for the AM and every head."""
    chunk: list[Due] = []
    writes = 0
    for due in dues:
        if chunk and writes + 1 + len(due.planned) > CHUNK:
            yield chunk
            chunk, writes = [], 0
        chunk.append(due)
        writes += 1 + len(due.planned)
    if chunk:
        yield chunk


async def clients_of(
    conn: Reading, companies: Sequence[int], default_timezone: str
) -> dict[int, list[Recipient]]:
    """The client contacts of these companies, each in their own time zone, by company."""
    found: dict[int, list[Recipient]] = {}
    among, among_params = in_list("company_id", companies)
    for person in await conn.execute_fetchall(
        "SELECT company_id, telegram_id, timezone FROM people"
        f" WHERE {among} AND role = 'client' ORDER BY telegram_id",
        among_params,
    ):
        found.setdefault(person["company_id"], []).append(
            Recipient(person["telegram_id"], person["timezone"] or default_timezone)
        )
    return found


async def heads(conn: Reading) -> list[Row]:
    return await conn.execute_fetchall(
        "SELECT telegram_id, timezone FROM people WHERE role = 'head' ORDER BY telegram_id"
    )
