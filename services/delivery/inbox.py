"""Updates as they arrived from Telegram, kept until they are handled.

Telegram is told an update arrived (the getUpdates offset moves past it) only once it
is saved here, so a kill, a locked or a full database loses nothing a user sent. The
handler's first write marks the update `committed` in the same transaction; a
committed update is never handled again after a crash, only resumed (the person is
shown where they are), so nothing takes effect twice.
"""

from __future__ import annotations

import enum
import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from services.db import Connection, Database, in_list, write_hook
from services.platform.clock import to_db

# Telegram keeps an unconfirmed update for 24 hours; a handled one is kept a while longer
# so a late redelivery is still recognised.
KEEP_FINISHED = timedelta(days=2)


class InboxStatus(enum.StrEnum):
    NEW = "new"
    COMMITTED = "committed"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True)
class ReceivedUpdate:
    update_id: int
    chat_key: int  # the updates of one key are handled one after another, in order
    payload: dict[str, Any]


@dataclass(frozen=True)
class OpenUpdate:
    update_id: int
    chat_key: int
    payload: dict[str, Any]
    status: InboxStatus
    attempts: int


@dataclass(frozen=True)
class Finished:
    """How the handling of one update ended."""

    update_id: int
    status: InboxStatus
    error: str | None = None


@dataclass
class HandlingMark:
    """Set while one update is handled: its first write transaction marks it committed."""

    update_id: int
    committed: bool = False
    _pending: bool = field(default=False, repr=False)

    async def on_write(self, conn: Connection) -> None:
        if self.committed:
            return
        await conn.execute(
            "UPDATE inbox SET status = 'committed' WHERE update_id = ? AND status = 'new'",
            (self.update_id,),
        )
        self._pending = True

    def on_commit(self) -> None:
        if self._pending:
            self.committed = True


class UpdateInbox:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def save(self, updates: list[ReceivedUpdate]) -> list[ReceivedUpdate]:
        """Keep a batch in one short transaction; return those not seen before."""
        if not updates:
            return []
        now = self.db.now_text()
        ids = [update.update_id for update in updates]
        async with self.db.transaction() as conn:
            # Two statements for the whole batch (up to 100 updates), not one per update:
            # each statement is a trip to the database's thread.
            known, known_params = in_list("update_id", ids)
            seen = {
                row[0]
                for row in await conn.execute_fetchall(
                    f"SELECT update_id FROM inbox WHERE {known}", known_params
                )
            }
            fresh = list({u.update_id: u for u in updates if u.update_id not in seen}.values())
            await conn.executemany(
                "INSERT INTO inbox (update_id, chat_key, payload, received_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (update_id) DO NOTHING",
                [
                    (
                        update.update_id,
                        update.chat_key,
                        json.dumps(update.payload, ensure_ascii=False),
                        now,
                    )
                    for update in fresh
                ],
            )
        return fresh

    async def open_updates(self) -> list[OpenUpdate]:
        """What a previous run saved but did not finish, oldest first."""
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT update_id, chat_key, payload, status, attempts FROM inbox"
                " WHERE status IN ('new', 'committed') ORDER BY update_id"
            )
        return [
            OpenUpdate(row[0], row[1], json.loads(row[2]), InboxStatus(row[3]), row[4])
            for row in rows
        ]

    async def finish(self, finished: list[Finished]) -> None:
        """Record how updates ended, all in one transaction."""
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            await conn.executemany(
                "UPDATE inbox SET status = ?, finished_at = ?, last_error = ?,"
                " attempts = attempts + 1 WHERE update_id = ?",
                [(item.status.value, now, item.error, item.update_id) for item in finished],
            )

    async def count_attempt(self, update_id: int, error: str) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE inbox SET attempts = attempts + 1, last_error = ? WHERE update_id = ?",
                (error[:500], update_id),
            )

    async def prune(self, now: datetime) -> int:
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM inbox WHERE finished_at IS NOT NULL AND finished_at < ?",
                (to_db(now - KEEP_FINISHED),),
            )
            return cursor.rowcount


def mark_handling(update_id: int) -> tuple[HandlingMark, Any]:
    """Start recording this task's writes against the update; reset with the token."""
    mark = HandlingMark(update_id)
    return mark, write_hook.set(mark)
