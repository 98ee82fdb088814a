"""The outbox: every notification is a row written with the change that caused it.

Rows move pending -> sending -> sent, or to failed/dropped. A UNIQUE dedup_key
makes planning the same notification twice a no-op.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import aiosqlite

from services import audit, availability
from services.clock import after, to_db
from services.db import Database
from services.quiet_hours import QuietHours

# not_before of a row due at once. A fixed moment in the past rather than "now": a clock
# stepped back must not hold back rows queued before the step.
ASAP = "1970-01-01 00:00:00"


@dataclass
class Enqueued:
    """Set around one update's handling: did it queue anything (then the outbox is woken)?"""

    any: bool = False


enqueued_here: ContextVar[Enqueued | None] = ContextVar("enqueued_here", default=None)

# Alerts about delivery problems never raise alerts of their own: an unreachable
# head must not make the outbox alert the heads about itself forever.
DELIVERY_ALERT_KINDS = frozenset({"alert.unreachable", "alert.reachable", "alert.delivery_failed"})


@dataclass(frozen=True)
class Button:
    """A button described without aiogram: a text key and an action with ids, or a URL."""

    text_key: str
    action: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    url: str | None = None
    text_args: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "text_key": self.text_key,
            "action": self.action,
            "params": self.params,
            "url": self.url,
            "text_args": self.text_args,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Button:
        return cls(**data)


Keyboard = list[list[Button]]


@dataclass(frozen=True)
class Planned:
    """A notification a planner decided on, to be queued unless its dedup key already is."""

    recipient_id: int
    kind: str
    text_key: str
    dedup_key: str
    args: dict[str, Any] = field(default_factory=dict)
    urgent: bool = True
    buttons: Keyboard | None = None
    # (series, step): within a series a step is never sent after a later one
    series: tuple[str, int] | None = None
    not_before: datetime | None = None


@dataclass(frozen=True)
class Notification:
    id: int
    recipient_id: int
    kind: str
    text_key: str
    args: dict[str, Any]
    buttons: Keyboard | None
    language: str | None
    attempts: int
    attachment: dict[str, Any] | None = None
    timezone: str | None = None
    source: int | None = None


def file_attachment(file: dict[str, Any] | None) -> dict[str, Any] | None:
    """The attachment a notification carries for a file a person sent over Telegram."""
    if not file:
        return None
    return {"kind": "telegram_file", "file_id": file["file_id"], "media": file["media"]}


async def enqueue(
    conn: aiosqlite.Connection,
    now: datetime,
    *,
    recipient_id: int,
    kind: str,
    text_key: str,
    dedup_key: str,
    args: dict[str, Any] | None = None,
    buttons: Keyboard | None = None,
    urgent: bool = False,
    not_before: datetime | None = None,
    attachment: dict[str, Any] | None = None,
    series: tuple[str, int] | None = None,
    source: int | None = None,
) -> bool:
    """Add a notification inside the caller's unit of work; False if already planned.

    `attachment` makes it a file: {"kind": "telegram_file", "file_id": ..., "media": ...}
    or a document the bot renders when sending, e.g. {"kind": "brief_document", "brief_id": 7}.
    While an AM is away, what is meant for them goes to their deputy.
    `series` is (name, step) of a reminder series: once a step is queued, an earlier step
    of the same series is not (a clock set back must not send "3 days left" after
    "due today").
    """
    recipient_id = (await availability.deputies(conn, [recipient_id], now)).get(
        recipient_id, recipient_id
    )
    if series is not None:
        cursor = await conn.execute(
            "SELECT 1 FROM outbox WHERE series = ? AND step >= ? LIMIT 1", series
        )
        if await cursor.fetchone() is not None:
            return False
    cursor = await conn.execute(
        "INSERT INTO outbox (dedup_key, recipient_id, kind, text_key, args, buttons, urgent,"
        " not_before, created_at, attachment, series, step, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (dedup_key) DO NOTHING",
        (
            dedup_key,
            recipient_id,
            kind,
            text_key,
            json.dumps(args or {}, ensure_ascii=False),
            _keyboard_json(buttons),
            int(urgent),
            to_db(not_before) if not_before is not None else ASAP,
            to_db(now),
            json.dumps(attachment, ensure_ascii=False) if attachment else None,
            series[0] if series else None,
            series[1] if series else None,
            source,
        ),
    )
    if cursor.rowcount != 1:
        return False
    if (flag := enqueued_here.get()) is not None:
        flag.any = True
    return True


async def enqueue_planned(conn: aiosqlite.Connection, now: datetime, items: list[Planned]) -> int:
    """`enqueue` for a batch, in a few statements whatever its size: what is queued
    already (dedup key, or a later step of its series) is skipped, an away AM's share
    goes to their deputy. Returns how many rows were added."""
    if not items:
        return 0
    marks = ", ".join("?" * len(items))
    queued = {
        row[0]
        for row in await conn.execute_fetchall(
            f"SELECT dedup_key FROM outbox WHERE dedup_key IN ({marks})",
            [item.dedup_key for item in items],
        )
    }
    series = sorted({item.series[0] for item in items if item.series is not None})
    latest: dict[str, int] = {}
    if series:
        latest = {
            row[0]: row[1]
            for row in await conn.execute_fetchall(
                "SELECT series, MAX(step) FROM outbox"
                f" WHERE series IN ({', '.join('?' * len(series))}) GROUP BY series",
                series,
            )
        }
    deputies = await availability.deputies(conn, {item.recipient_id for item in items}, now)
    rows = []
    for item in items:
        if item.dedup_key in queued:
            continue
        if item.series is not None:
            name, step = item.series
            if name in latest and latest[name] >= step:
                continue
            latest[name] = step
        queued.add(item.dedup_key)
        rows.append(
            (
                item.dedup_key,
                deputies.get(item.recipient_id, item.recipient_id),
                item.kind,
                item.text_key,
                json.dumps(item.args, ensure_ascii=False),
                _keyboard_json(item.buttons),
                int(item.urgent),
                to_db(item.not_before) if item.not_before is not None else ASAP,
                to_db(now),
                item.series[0] if item.series else None,
                item.series[1] if item.series else None,
            )
        )
    if not rows:
        return 0
    cursor = await conn.executemany(
        "INSERT INTO outbox (dedup_key, recipient_id, kind, text_key, args, buttons, urgent,"
        " not_before, created_at, series, step) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (dedup_key) DO NOTHING",
        rows,
    )
    # rowcount of executemany: the rows inserted, not counting what triggers wrote
    added = cursor.rowcount
    if added and (flag := enqueued_here.get()) is not None:
        flag.any = True
    return added


def _keyboard_json(buttons: Keyboard | None) -> str | None:
    if not buttons:
        return None
    return json.dumps([[b.to_json() for b in row] for row in buttons], ensure_ascii=False)


def _keyboard(text: str | None) -> Keyboard | None:
    if not text:
        return None
    return [[Button.from_json(item) for item in row] for row in json.loads(text)]


async def staff_to_alert(conn: aiosqlite.Connection, person_id: int) -> list[int]:
    """Who hears about trouble with a person: a client's AM, else the heads."""
    cursor = await conn.execute(
        "SELECT c.manager_id FROM people p JOIN companies c ON c.id = p.company_id"
        " JOIN people m ON m.telegram_id = c.manager_id"
        " WHERE p.telegram_id = ? AND p.role = 'client' AND m.role IN ('manager', 'head')",
        (person_id,),
    )
    row = await cursor.fetchone()
    if row is not None and row[0] != person_id:
        return [row[0]]
    cursor = await conn.execute(
        "SELECT telegram_id FROM people WHERE role = 'head' AND telegram_id != ?"
        " ORDER BY telegram_id",
        (person_id,),
    )
    return [r[0] for r in await cursor.fetchall()]


async def mark_unreachable(
    conn: aiosqlite.Connection, now: datetime, person_id: int, *, tell_staff: bool = True
) -> bool:
    """Someone blocked the bot: nothing more is sent to them, and whoever looks after them
    hears of it once. False when they were unknown or already marked."""
    cursor = await conn.execute(
        "UPDATE people SET unreachable_at = ? WHERE telegram_id = ? AND unreachable_at IS NULL",
        (to_db(now), person_id),
    )
    if cursor.rowcount == 0:
        return False
    await audit.record(conn, to_db(now), None, "person.unreachable", f"person:{person_id}")
    if tell_staff:
        await _tell_staff(conn, now, person_id, "alert.unreachable", "alert-unreachable")
    return True


async def mark_reachable(conn: aiosqlite.Connection, now: datetime, person_id: int) -> bool:
    """They wrote or unblocked the bot: deliveries resume and their AM hears they are back."""
    cursor = await conn.execute(
        "UPDATE people SET unreachable_at = NULL"
        " WHERE telegram_id = ? AND unreachable_at IS NOT NULL",
        (person_id,),
    )
    if cursor.rowcount == 0:
        return False
    await audit.record(conn, to_db(now), person_id, "person.reachable", f"person:{person_id}")
    await _tell_staff(conn, now, person_id, "alert.reachable", "alert-reachable-again")
    return True


async def _tell_staff(
    conn: aiosqlite.Connection, now: datetime, person_id: int, kind: str, text_key: str
) -> None:
    """Only about people with a role: a stranger who blocks the bot concerns nobody."""
    cursor = await conn.execute("SELECT role FROM people WHERE telegram_id = ?", (person_id,))
    row = await cursor.fetchone()
    if row is None or row[0] is None:
        return
    name = await _display_name(conn, person_id)
    for staff_id in await staff_to_alert(conn, person_id):
        await enqueue(
            conn,
            now,
            recipient_id=staff_id,
            kind=kind,
            text_key=text_key,
            args={"name": name},
            dedup_key=f"{kind}:{person_id}:{to_db(now)}:{staff_id}",
            urgent=True,
        )


class OutboxStore:
    def __init__(self, db: Database, quiet_hours: QuietHours, default_timezone: str) -> None:
        self.db = db
        self.quiet_hours = quiet_hours
        self.default_zone = ZoneInfo(default_timezone)

    async def recover_sending(self) -> int:
        """Rows left in `sending` by a process that died go back to the queue."""
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE outbox SET status = 'pending' WHERE status = 'sending'"
            )
            return cursor.rowcount

    async def recover_stuck(self, older_than_seconds: float, held: list[int]) -> int:
        """Rows left in `sending` while running (a bookkeeping write that never got
        through) go back to the queue, except those a lane still holds."""
        cutoff = to_db(after(self.db.clock.now(), -older_than_seconds))
        async with self.db.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE outbox SET status = 'pending' WHERE status = 'sending'"
                " AND (claimed_at IS NULL OR claimed_at < ?)"
                " AND id NOT IN (SELECT value FROM json_each(?))",
                (cutoff, json.dumps(held)),
            )
            return cursor.rowcount

    async def claim_next(
        self, recipient_id: int, give_way_to_others_than: int | None = None
    ) -> Notification | None:
        """The recipient's oldest due row, marked `sending`; rows for someone unreachable
        are dropped and non-urgent ones to a client in quiet hours wait for the morning.

        `give_way_to_others_than` (a source that had several turns in a row) takes the
        oldest row from anyone else first, if there is one: each source's rows still go
        out in order, but one client's burst does not hold back the others'."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            return await self._claim_in(conn, recipient_id, give_way_to_others_than, now)

    async def sent_then_next(
        self,
        row_id: int,
        message_id: int,
        recipient_id: int,
        give_way_to_others_than: int | None = None,
    ) -> Notification | None:
        """Record the row as sent, then `claim_next` for the same chat, in one transaction:
        a lane's bookkeeping per message is one turn at the database, not two."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET status = 'sent', sent_at = ?, telegram_message_id = ?,"
                " last_error = NULL WHERE id = ?",
                (to_db(now), message_id, row_id),
            )
            return await self._claim_in(conn, recipient_id, give_way_to_others_than, now)

    async def _claim_in(
        self,
        conn: aiosqlite.Connection,
        recipient_id: int,
        give_way_to_others_than: int | None,
        now: datetime,
    ) -> Notification | None:
        # `status IN (...)` as in the partial index: the recipient's rows in id order, not
        # a scan of everything due. A row still `sending` (its outcome not recorded yet)
        # keeps the later ones back until it is recovered.
        select = (
            "SELECT o.*, p.role, p.timezone, p.language, p.unreachable_at FROM outbox o"
            " LEFT JOIN people p ON p.telegram_id = o.recipient_id"
            " WHERE o.recipient_id = ? AND o.status IN ('pending', 'sending')"
            " AND o.not_before <= ?"
        )
        while True:
            row = None
            if give_way_to_others_than is not None:
                cursor = await conn.execute(
                    select + " AND o.source IS NOT ? ORDER BY o.id LIMIT 1",
                    (recipient_id, to_db(now), give_way_to_others_than),
                )
                row = await cursor.fetchone()
            if row is None:
                cursor = await conn.execute(
                    select + " ORDER BY o.id LIMIT 1", (recipient_id, to_db(now))
                )
                row = await cursor.fetchone()
            if row is None or row["status"] == "sending":
                return None
            if await self._dropped_or_held(conn, row, now):
                continue
            await conn.execute(
                "UPDATE outbox SET status = 'sending', claimed_at = ? WHERE id = ?",
                (to_db(now), row["id"]),
            )
            return _notification(row)

    async def claim_due(self, limit: int, busy: Collection[int] = ()) -> list[Notification]:
        """The next due row of up to `limit` chats (not those in `busy`), each marked
        `sending`; the chat that waited longest goes first. The chats come from
        `outbox_queues` by its index, each chat's row from the recipient index: the cost
        follows `limit`, not how many rows are due. One transaction, one UPDATE for the
        batch."""
        now = self.db.clock.now()
        now_text = to_db(now)
        async with self.db.transaction() as conn:
            queues = await conn.execute_fetchall(
                "SELECT recipient_id FROM outbox_queues WHERE due_at <= ?"
                " ORDER BY due_at, first_id LIMIT ?",
                (now_text, limit + len(busy)),
            )
            wanted = [row[0] for row in queues if row[0] not in busy][:limit]
            if not wanted:
                return []
            rows = await conn.execute_fetchall(
                "SELECT o.*, p.role, p.timezone, p.language, p.unreachable_at"
                " FROM json_each(?) AS chat JOIN outbox o ON o.id = ("
                "  SELECT id FROM outbox WHERE recipient_id = chat.value"
                "  AND status IN ('pending', 'sending') AND not_before <= ? ORDER BY id LIMIT 1"
                " ) LEFT JOIN people p ON p.telegram_id = o.recipient_id",
                (json.dumps(wanted), now_text),
            )
            place = {recipient_id: index for index, recipient_id in enumerate(wanted)}
            claimed = []
            for row in sorted(rows, key=lambda row: place[row["recipient_id"]]):
                if row["status"] != "sending" and not await self._dropped_or_held(conn, row, now):
                    claimed.append(row)
            if claimed:
                await conn.execute(
                    "UPDATE outbox SET status = 'sending', claimed_at = ?"
                    f" WHERE id IN ({', '.join('?' * len(claimed))})",
                    [now_text, *(row["id"] for row in claimed)],
                )
        return [_notification(row) for row in claimed]

    async def _dropped_or_held(
        self, conn: aiosqlite.Connection, row: aiosqlite.Row, now: datetime
    ) -> bool:
        """A row for someone unreachable is dropped; a client's non-urgent row in quiet
        hours waits for the morning. True when the row is not to be sent now."""
        if row["unreachable_at"] is not None:
            await self._set_status(conn, row["id"], "dropped", "recipient unreachable")
            return True
        held_until = self._quiet_until(row, now)
        if held_until is not None:
            await conn.execute(
                "UPDATE outbox SET not_before = ? WHERE id = ?", (to_db(held_until), row["id"])
            )
            return True
        return False

    def _quiet_until(self, row: aiosqlite.Row, now: datetime) -> datetime | None:
        if row["urgent"] or row["role"] != "client":
            return None
        zone = ZoneInfo(row["timezone"]) if row["timezone"] else self.default_zone
        return self.quiet_hours.release_time(now, zone)

    async def retry_later(self, row_id: int, error: str | None, *, count_attempt: bool) -> None:
        """Back in the queue, due at once: the lane holding the chat waits out the backoff
        in memory, so the chat's later rows cannot overtake this one, and after a restart
        it goes first."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET status = 'pending', last_error = ?,"
                " attempts = attempts + ? WHERE id = ?",
                (error, int(count_attempt), row_id),
            )

    async def mark_failed(self, notification: Notification, error: str) -> None:
        """Give up on a row and tell the people responsible for its recipient."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET status = 'failed', attempts = attempts + 1, last_error = ?"
                " WHERE id = ?",
                (error, notification.id),
            )
            if notification.kind in DELIVERY_ALERT_KINDS:
                return
            name = await _display_name(conn, notification.recipient_id)
            for staff_id in await staff_to_alert(conn, notification.recipient_id):
                await enqueue(
                    conn,
                    now,
                    recipient_id=staff_id,
                    kind="alert.delivery_failed",
                    text_key="alert-delivery-failed",
                    args={"name": name, "error": error[:300]},
                    dedup_key=f"delivery-failed:{notification.id}:{staff_id}",
                    urgent=True,
                )

    async def mark_blocked(self, notification: Notification, error: str) -> None:
        """The person blocked the bot: drop the row, mark them, alert their AM once."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            await self._set_status(conn, notification.id, "dropped", error)
            await mark_unreachable(
                conn,
                now,
                notification.recipient_id,
                tell_staff=notification.kind not in DELIVERY_ALERT_KINDS,
            )

    async def release(self, row_id: int) -> None:
        """Put a claimed row back untouched (shutdown before it was sent)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET status = 'pending' WHERE id = ? AND status = 'sending'",
                (row_id,),
            )

    async def counts(self) -> dict[str, int]:
        async with self.db.reading() as conn:
            cursor = await conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status")
            return {row[0]: row[1] for row in await cursor.fetchall()}

    @staticmethod
    async def _set_status(
        conn: aiosqlite.Connection, row_id: int, status: str, error: str | None
    ) -> None:
        await conn.execute(
            "UPDATE outbox SET status = ?, last_error = ? WHERE id = ?", (status, error, row_id)
        )


def _notification(row: aiosqlite.Row) -> Notification:
    return Notification(
        id=row["id"],
        recipient_id=row["recipient_id"],
        kind=row["kind"],
        text_key=row["text_key"],
        args=json.loads(row["args"]),
        buttons=_keyboard(row["buttons"]),
        language=row["language"],
        attempts=row["attempts"],
        attachment=json.loads(row["attachment"]) if row["attachment"] else None,
        timezone=row["timezone"],
        source=row["source"],
    )


async def _display_name(conn: aiosqlite.Connection, person_id: int) -> str:
    cursor = await conn.execute(
        "SELECT p.full_name, p.username, c.name FROM people p"
        " LEFT JOIN companies c ON c.id = p.company_id WHERE p.telegram_id = ?",
        (person_id,),
    )
    row = await cursor.fetchone()
    if row is None:
        return str(person_id)
    name = row[0] or (f"@{row[1]}" if row[1] else str(person_id))
    return f"{name} ({row[2]})" if row[2] else name
