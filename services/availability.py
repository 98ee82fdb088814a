"""Who can be reached, and who answers for whom.

- An away AM's deputy: the outbox sends an away AM's notifications to the deputy, the
  chat tells a client who will answer, the SLA planner escalates to whoever stands in.
- An AM sets themselves away until a date, naming the deputy (`Absences`).
- Someone who blocked the bot is unreachable: nothing more is sent to them, and whoever
  looks after them (a client's AM, else the heads) hears of it, and again when they are
  back.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import TYPE_CHECKING

from services import audit, outbox
from services.clock import to_db
from services.db import Connection, Database, Row, in_list, one_row
from services.errors import InvalidInput, NotFound
from services.notices import DeputyAppointed, PersonReachable, PersonUnreachable

if TYPE_CHECKING:  # people reads reachability from here
    from services.people import Person


def stands_in(person: Row, now: datetime) -> int:
    """`person` is a people row: the deputy's id while they are away, else their own."""
    today = now.date().isoformat()
    if person["away_until"] and person["away_until"] >= today and person["deputy_id"]:
        return person["deputy_id"]
    return person["telegram_id"]


async def deputies(conn: Connection, people: Collection[int], now: datetime) -> dict[int, int]:
    """The staff among `people` who are away with a deputy set: person -> deputy."""
    if not people:
        return {}
    wanted = sorted(people)
    among, among_params = in_list("telegram_id", wanted)
    rows = await conn.execute_fetchall(
        f"SELECT telegram_id, deputy_id FROM people WHERE {among}"
        " AND role IN ('manager', 'head') AND deputy_id IS NOT NULL AND away_until >= ?",
        (*among_params, now.date().isoformat()),
    )
    return {row[0]: row[1] for row in rows}


async def looking_after(conn: Connection, person_id: int) -> list[int]:
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


async def display_name(conn: Connection, person_id: int) -> str:
    """A person as staff read them in an alert: name, or @username, and the company."""
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


class Absences:
    """An AM away until a date hands their clients and alerts to a deputy."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def set_away(self, staff: Person, until: date, deputy_id: int) -> None:
        staff.require_staff()
        if until < self.db.clock.now().date():
            raise InvalidInput("form-date-not-future")
        if deputy_id == staff.telegram_id:
            raise InvalidInput("chat-deputy-self")
        async with self.db.transaction() as conn:
            deputy = await one_row(conn, "SELECT * FROM people WHERE telegram_id = ?", deputy_id)
            if deputy["role"] not in ("manager", "head"):
                raise NotFound("manager-not-found")
            await conn.execute(
                "UPDATE people SET away_until = ?, deputy_id = ? WHERE telegram_id = ?",
                (until.isoformat(), deputy_id, staff.telegram_id),
            )
            await audit.record(
                conn,
                self.db.now_text(),
                staff.telegram_id,
                "chat.away",
                f"person:{staff.telegram_id}",
                until=until.isoformat(),
                deputy=deputy_id,
            )
            await outbox.enqueue(
                conn,
                self.db.clock.now(),
                deputy_id,
                DeputyAppointed(staff.telegram_id, staff.display_name, until),
            )

    async def clear_away(self, staff: Person) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "UPDATE people SET away_until = NULL, deputy_id = NULL WHERE telegram_id = ?",
                (staff.telegram_id,),
            )
