"""The outbox as the dispatcher works it: claim the rows that are due (one a chat), mark
each sent, failed or dropped, and put back what a stopped process left in flight."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from zoneinfo import ZoneInfo

from services.accounts import reachability
from services.db import Connection, Database, Row, in_list, scalar, values_table
from services.delivery import notices, stand_ins
from services.delivery.notices import DeliveryAlert, DeliveryFailed
from services.delivery.outbox import Notification, enqueue
from services.platform.clock import after, to_db
from services.platform.quiet_hours import QuietHours


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
            still_held, held_params = in_list("id", held)
            cursor = await conn.execute(
                "UPDATE outbox SET status = 'pending' WHERE status = 'sending'"
                f" AND (claimed_at IS NULL OR claimed_at < ?) AND NOT {still_held}",
                (cutoff, *held_params),
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
        conn: Connection,
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
                    select + " AND o.source IS DISTINCT FROM ? ORDER BY o.id LIMIT 1",
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
            notification = await self._read(conn, row)
            if notification is None:
                continue
            await conn.execute(
                "UPDATE outbox SET status = 'sending', claimed_at = ? WHERE id = ?",
                (to_db(now), row["id"]),
            )
            return notification

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
            chats, chats_params = values_table(wanted)
            rows = await conn.execute_fetchall(
                "SELECT o.*, p.role, p.timezone, p.language, p.unreachable_at"
                f" FROM {chats} AS chat JOIN outbox o ON o.id = ("
                "  SELECT id FROM outbox WHERE recipient_id = chat.value"
                "  AND status IN ('pending', 'sending') AND not_before <= ? ORDER BY id LIMIT 1"
                " ) LEFT JOIN people p ON p.telegram_id = o.recipient_id",
                (*chats_params, now_text),
            )
            place = {recipient_id: index for index, recipient_id in enumerate(wanted)}
            claimed: list[Notification] = []
            for row in sorted(rows, key=lambda row: place[row["recipient_id"]]):
                if row["status"] == "sending" or await self._dropped_or_held(conn, row, now):
                    continue
                if (notification := await self._read(conn, row)) is not None:
                    claimed.append(notification)
            if claimed:
                taken, taken_params = in_list("id", [item.id for item in claimed])
                await conn.execute(
                    f"UPDATE outbox SET status = 'sending', claimed_at = ? WHERE {taken}",
                    (now_text, *taken_params),
                )
        return claimed

    async def _read(self, conn: Connection, row: Row) -> Notification | None:
        """The row's notice; a row no notice class reads fails at once rather than
        blocking its chat's queue."""
        try:
            notice = notices.load(row["kind"], row["args"])
        except notices.UnknownNotice as error:
            await self._set_status(conn, row["id"], "failed", str(error))
            return None
        return Notification(
            id=row["id"],
            recipient_id=row["recipient_id"],
            notice=notice,
            language=row["language"],
            attempts=row["attempts"],
            timezone=row["timezone"],
            source=row["source"],
        )

    async def _dropped_or_held(self, conn: Connection, row: Row, now: datetime) -> bool:
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

    def _quiet_until(self, row: Row, now: datetime) -> datetime | None:
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
            if isinstance(notification.notice, DeliveryAlert):
                return
            person_id = notification.recipient_id
            alert = DeliveryFailed(
                person_id,
                notification.id,
                await stand_ins.display_name(conn, person_id),
                error[:300],
            )
            for staff_id in await stand_ins.looking_after(conn, person_id):
                await enqueue(conn, now, staff_id, alert)

    async def mark_blocked(self, notification: Notification, error: str) -> None:
        """The person blocked the bot: drop the row, mark them, alert their AM once."""
        now = self.db.clock.now()
        async with self.db.transaction() as conn:
            await self._set_status(conn, notification.id, "dropped", error)
            await reachability.mark_unreachable(
                conn,
                now,
                notification.recipient_id,
                tell_staff=not isinstance(notification.notice, DeliveryAlert),
            )

    async def release(self, row_id: int) -> None:
        """Put a claimed row back untouched (shutdown before it was sent)."""
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE outbox SET status = 'pending' WHERE id = ? AND status = 'sending'",
                (row_id,),
            )

    async def operator_counts(self) -> tuple[dict[str, int], int]:
        """(outbox rows pending, failed and dropped; people unreachable), each counted
        through an index on what is counted: the cost follows those rows, not how many
        were ever sent (sent ones are counted as they go, by the dispatcher)."""
        async with self.db.reading() as conn:
            rows = dict.fromkeys(("pending", "failed", "dropped"), 0)
            for status, count in await conn.execute_fetchall(
                "SELECT status, COUNT(*) FROM outbox"
                " WHERE status IN ('pending', 'failed', 'dropped') GROUP BY status"
            ):
                rows[status] = count
            [(unreachable,)] = await conn.execute_fetchall(
                "SELECT COUNT(*) FROM people WHERE unreachable_at IS NOT NULL"
            )
        return rows, unreachable

    async def unsent(self) -> int:
        """Rows that are still to go out (pending, due now or later, or being sent)."""
        async with self.db.reading() as conn:
            count: int = await scalar(
                conn, "SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'sending')"
            )
        return count

    async def counts(self) -> dict[str, int]:
        async with self.db.reading() as conn:
            cursor = await conn.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status")
            return {row[0]: row[1] for row in await cursor.fetchall()}

    @staticmethod
    async def _set_status(conn: Connection, row_id: int, status: str, error: str | None) -> None:
        await conn.execute(
            "UPDATE outbox SET status = ?, last_error = ? WHERE id = ?", (status, error, row_id)
        )
