"""Someone who blocked the bot is unreachable: nothing more is sent to them, and whoever
looks after them (a client's AM, else the heads) hears of it once, and again when they
are back."""

from __future__ import annotations

from datetime import datetime

from services.db import Connection
from services.delivery import outbox
from services.delivery.notices import PersonReachable, PersonUnreachable
from services.delivery.stand_ins import display_name, looking_after
from services.platform import audit
from services.platform.clock import to_db


async def mark_unreachable(
    conn: Connection, now: datetime, person_id: int, *, tell_staff: bool = True
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
        await _tell_staff(conn, now, person_id, PersonUnreachable)
    return True


async def mark_reachable(conn: Connection, now: datetime, person_id: int) -> bool:
    """They wrote or unblocked the bot: deliveries resume and their AM hears they are back."""
    cursor = await conn.execute(
        "UPDATE people SET unreachable_at = NULL"
        " WHERE telegram_id = ? AND unreachable_at IS NOT NULL",
        (person_id,),
    )
    if cursor.rowcount == 0:
        return False
    await audit.record(conn, to_db(now), person_id, "person.reachable", f"person:{person_id}")
    await _tell_staff(conn, now, person_id, PersonReachable)
    return True


async def _tell_staff(
    conn: Connection,
    now: datetime,
    person_id: int,
    alert: type[PersonUnreachable] | type[PersonReachable],
) -> None:
    """Only about people with a role: a stranger who blocks the bot concerns nobody."""
    cursor = await conn.execute("SELECT role FROM people WHERE telegram_id = ?", (person_id,))
    row = await cursor.fetchone()
    if row is None or row[0] is None:
        return
    notice = alert(person_id, await display_name(conn, person_id), to_db(now))
    for staff_id in await looking_after(conn, person_id):
        await outbox.enqueue(conn, now, staff_id, notice)
