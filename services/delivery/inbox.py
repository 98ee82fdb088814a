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
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from services.db import Connection, Database, Row, in_list, write_hook
from services.platform.clock import to_db

# Telegram keeps an unconfirmed update for 24 hours; a handled one is kept a while longer
# so a late redelivery is still recognised.
KEEP_FINISHED = timedelta(days=2)
# A chat's lease (chat_leases): renewed by its holder well before this runs out; a holder
# killed leaves it to run out, and another replica adopts the chat.
LEASE = timedelta(seconds=30)
# Chats adopted at a time (their open updates come with them).
ADOPT_AT_ONCE = 100

# Which of these holders are processes still running (Leadership.alive).
Liveness = Callable[[set[str]], Awaitable[set[str]]]


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
class Saved:
    fresh: int  # updates not seen before
    mine: list[OpenUpdate]  # the open updates of the chats this process holds, in order


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

    async def save(self, updates: list[ReceivedUpdate], holder: str) -> Saved:
        """Keep a batch in one short transaction. Of the chats of the updates not seen
        before, `holder` takes the leases that are free (or its own) and gets every open
        update of those chats in order — also those another replica took in meanwhile,
        which come before. The rest stay `new` for the replica that holds their chat: it
        takes them when its lane runs dry."""
        if not updates:
            return Saved(0, [])
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
            mine = await _take_leases(conn, self._until(), now, holder, {u.chat_key for u in fresh})
            rows = await _open_of(conn, mine)
        return Saved(len(fresh), [_open(row) for row in rows])

    def _until(self) -> str:
        return to_db(self.db.clock.now() + LEASE)

    async def hand_on(self, chat_key: int, holder: str) -> list[OpenUpdate]:
        """A lane ran dry: the chat's updates other replicas saved meanwhile (the lease is
        kept for them), or none and the lease is given up. One transaction, so an update
        saved at the same moment is either returned here or takes the lease itself."""
        async with self.db.transaction() as conn:
            rows = await conn.execute_fetchall(
                "SELECT update_id, chat_key, payload, status, attempts FROM inbox"
                " WHERE chat_key = ? AND status IN ('new', 'committed') ORDER BY update_id",
                (chat_key,),
            )
            if rows:
                await conn.execute(
                    "UPDATE chat_leases SET until = ? WHERE chat_key = ? AND holder = ?",
                    (self._until(), chat_key, holder),
                )
            else:
                await conn.execute(
                    "DELETE FROM chat_leases WHERE chat_key = ? AND holder = ?",
                    (chat_key, holder),
                )
        return [_open(row) for row in rows]

    async def adopt(self, holder: str, alive: Liveness | None = None) -> list[OpenUpdate]:
        """Open updates of chats nobody holds (their holder stopped, or is not among the
        `alive`, or they waited for a lease that ran out), oldest first; `holder` takes
        their leases. Who is alive is asked inside the unit of work: a holder that came
        back and took a chat just before is seen alive, and its chat is not taken."""
        now = self.db.now_text()
        async with self.db.transaction() as conn:
            dead: frozenset[str] = frozenset()
            if alive is not None:
                rows = await conn.execute_fetchall("SELECT DISTINCT holder FROM chat_leases")
                others = {row[0] for row in rows} - {holder}
                dead = frozenset(others - await alive(others)) if others else frozenset()
            gone, gone_params = in_list("l.holder", sorted(dead))
            chats = await conn.execute_fetchall(
                "SELECT DISTINCT i.chat_key FROM inbox i"
                " LEFT JOIN chat_leases l ON l.chat_key = i.chat_key"
                " WHERE i.status IN ('new', 'committed')"
                f" AND (l.chat_key IS NULL OR l.until < ? OR {gone}) LIMIT ?",
                (now, *gone_params, ADOPT_AT_ONCE),
            )
            if not chats:
                return []
            mine = await _take_leases(conn, self._until(), now, holder, {r[0] for r in chats}, dead)
            rows = await _open_of(conn, mine)
        return [_open(row) for row in rows]

    async def renew(self, holder: str, chats: list[int]) -> None:
        """Keep the leases of the chats `holder` is handling."""
        if not chats:
            return
        held, params = in_list("chat_key", chats)
        async with self.db.transaction() as conn:
            await conn.execute(
                f"UPDATE chat_leases SET until = ? WHERE holder = ? AND {held}",
                (self._until(), holder, *params),
            )

    async def give_up(self, holder: str) -> int:
        """`holder` is stopping: its chats are free for the next replica's save or
        adoption, at once rather than when it is found gone."""
        async with self.db.transaction() as conn:
            rows = await conn.execute("DELETE FROM chat_leases WHERE holder = ?", (holder,))
        return rows.rowcount

    async def forget_leases(self) -> None:
        """The only process on this database is starting: no lease is anyone's."""
        async with self.db.transaction() as conn:
            await conn.execute("DELETE FROM chat_leases")

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


async def _open_of(conn: Connection, chats: set[int]) -> list[Row]:
    if not chats:
        return []
    chosen, params = in_list("chat_key", sorted(chats))
    return await conn.execute_fetchall(
        "SELECT update_id, chat_key, payload, status, attempts FROM inbox"
        f" WHERE status IN ('new', 'committed') AND {chosen} ORDER BY update_id",
        params,
    )


def _open(row: Row) -> OpenUpdate:
    return OpenUpdate(row[0], row[1], json.loads(row[2]), InboxStatus(row[3]), row[4])


async def _take_leases(
    conn: Connection,
    until: str,
    now: str,
    holder: str,
    chats: set[int],
    dead: frozenset[str] = frozenset(),
) -> set[int]:
    """Take (or keep) the leases of `chats` that are free, run out, already `holder`'s
    or held by one of `dead`; the chats `holder` holds now."""
    if not chats:
        return set()
    gone, gone_params = in_list("chat_leases.holder", sorted(dead))
    await conn.executemany(
        "INSERT INTO chat_leases (chat_key, holder, until) VALUES (?, ?, ?)"
        " ON CONFLICT (chat_key) DO UPDATE SET holder = excluded.holder, until = excluded.until"
        f" WHERE chat_leases.holder = excluded.holder OR chat_leases.until < ? OR {gone}",
        [(chat, holder, until, now, *gone_params) for chat in sorted(chats)],
    )
    held, params = in_list("chat_key", sorted(chats))
    rows = await conn.execute_fetchall(
        f"SELECT chat_key FROM chat_leases WHERE holder = ? AND {held}", (holder, *params)
    )
    return {row[0] for row in rows}


def mark_handling(update_id: int) -> tuple[HandlingMark, Any]:
    """Start recording this task's writes against the update; reset with the token."""
    mark = HandlingMark(update_id)
    return mark, write_hook.set(mark)
