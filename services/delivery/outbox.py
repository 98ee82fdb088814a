"""The outbox: every notification is a row written with the change that caused it.

A row holds a notice (services/notices): its kind, its subject and its fields. Rows move
pending -> sending -> sent, or to failed/dropped. A UNIQUE dedup_key makes planning the
same notice twice a no-op.
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime
from typing import TypeVar

from services.db import Connection, in_list
from services.delivery import notices, stand_ins
from services.delivery.notices import Notice
from services.platform.clock import to_db

N = TypeVar("N", bound=Notice)

# not_before of a row due at once. A fixed moment in the past rather than "now": a clock
# stepped back must not hold back rows queued before the step.
ASAP = "1970-01-01 00:00:00"


@dataclass
class Enqueued:
    """Set around one update's handling: did it queue anything (then the outbox is woken)?"""

    any: bool = False


enqueued_here: ContextVar[Enqueued | None] = ContextVar("enqueued_here", default=None)


@dataclass(frozen=True)
class Planned:
    """A notice a planner decided on, to be queued unless its dedup key already is."""

    recipient_id: int
    notice: Notice
    # (series, step): within a series a step is never sent after a later one
    series: tuple[str, int] | None = None
    not_before: datetime | None = None

    @property
    def dedup_key(self) -> str:
        return self.notice.dedup_key(self.recipient_id)


@dataclass(frozen=True)
class Notification:
    """A queued notice claimed for sending, with what the sender needs of its reader."""

    id: int
    recipient_id: int
    notice: Notice
    language: str | None
    attempts: int
    timezone: str | None = None
    source: int | None = None


async def enqueue(
    conn: Connection,
    now: datetime,
    recipient_id: int,
    notice: Notice,
    *,
    not_before: datetime | None = None,
    series: tuple[str, int] | None = None,
    source: int | None = None,
) -> bool:
    """Queue a notice inside the caller's unit of work; False if already planned.

    While an AM is away, what is meant for them goes to their deputy.
    `series` is (name, step) of a reminder series: once a step is queued, an earlier step
    of the same series is not (a clock set back must not send "3 days left" after
    "due today"). `source` is the person whose action this relays (a client writing):
    one busy source does not hold back the others' rows to the same chat.
    """
    dedup_key = notice.dedup_key(recipient_id)
    recipient_id = (await stand_ins.deputies(conn, [recipient_id], now)).get(
        recipient_id, recipient_id
    )
    if series is not None:
        cursor = await conn.execute(
            "SELECT 1 FROM outbox WHERE series = ? AND step >= ? LIMIT 1", series
        )
        if await cursor.fetchone() is not None:
            return False
    cursor = await conn.execute(
        "INSERT INTO outbox (dedup_key, recipient_id, kind, subject, args, urgent,"
        " not_before, created_at, series, step, source)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (dedup_key) DO NOTHING",
        (
            dedup_key,
            recipient_id,
            notice.kind,
            notice.subject,
            notices.dump(notice),
            int(notice.urgent),
            to_db(not_before) if not_before is not None else ASAP,
            to_db(now),
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


async def enqueue_planned(conn: Connection, now: datetime, items: list[Planned]) -> int:
    """`enqueue` for a batch, in a few statements whatever its size: what is queued
    already (dedup key, or a later step of its series) is skipped, an away AM's share
    goes to their deputy. Returns how many rows were added."""
    if not items:
        return 0
    keys = [item.dedup_key for item in items]
    known, known_params = in_list("dedup_key", keys)
    queued = {
        row[0]
        for row in await conn.execute_fetchall(
            f"SELECT dedup_key FROM outbox WHERE {known}", known_params
        )
    }
    series = sorted({item.series[0] for item in items if item.series is not None})
    latest: dict[str, int] = {}
    if series:
        of_series, of_series_params = in_list("series", series)
        latest = {
            row[0]: row[1]
            for row in await conn.execute_fetchall(
                f"SELECT series, MAX(step) FROM outbox WHERE {of_series} GROUP BY series",
                of_series_params,
            )
        }
    deputies = await stand_ins.deputies(conn, {item.recipient_id for item in items}, now)
    rows = []
    for item, dedup_key in zip(items, keys, strict=True):
        if dedup_key in queued:
            continue
        if item.series is not None:
            name, step = item.series
            if name in latest and latest[name] >= step:
                continue
            latest[name] = step
        queued.add(dedup_key)
        notice = item.notice
        rows.append(
            (
                dedup_key,
                deputies.get(item.recipient_id, item.recipient_id),
                notice.kind,
                notice.subject,
                notices.dump(notice),
                int(notice.urgent),
                to_db(item.not_before) if item.not_before is not None else ASAP,
                to_db(now),
                item.series[0] if item.series else None,
                item.series[1] if item.series else None,
            )
        )
    if not rows:
        return 0
    added = await conn.executemany(
        "INSERT INTO outbox (dedup_key, recipient_id, kind, subject, args, urgent,"
        " not_before, created_at, series, step) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        " ON CONFLICT (dedup_key) DO NOTHING",
        rows,
    )
    if added and (flag := enqueued_here.get()) is not None:
        flag.any = True
    return added


async def drop_queued(conn: Connection, kind: type[Notice], subject: str, reason: str) -> int:
    """Queued notices of a kind about a subject that no longer apply are not sent."""
    cursor = await conn.execute(
        "UPDATE outbox SET status = 'dropped', last_error = ?"
        " WHERE subject = ? AND kind = ? AND status = 'pending'",
        (reason, subject, kind.kind),
    )
    return cursor.rowcount


async def sent_messages(conn: Connection, kind: type[N], subject: str) -> list[tuple[int, int, N]]:
    """(recipient, Telegram message id, notice) of what was sent of a kind about a
    subject: the messages a later change edits."""
    rows = await conn.execute_fetchall(
        "SELECT recipient_id, telegram_message_id, args FROM outbox"
        " WHERE subject = ? AND kind = ? AND status = 'sent'",
        (subject, kind.kind),
    )
    found = []
    for recipient_id, message_id, args in rows:
        notice = notices.load(kind.kind, args)
        assert isinstance(notice, kind)
        found.append((recipient_id, message_id, notice))
    return found
