"""Who answers for whom, as the delivery of every notice reads it: an away AM's deputy,
who hears of trouble with a person (a client's AM, else the heads), and how a person is
named in such an alert. Reads only: the rules that set these live in services/availability
(absences) and services/reachability (blocked and back)."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from services.db import Connection, Row, in_list


def stands_in(person: Row, now: datetime) -> int:
    """`person` is a people row: the deputy's id while they are away, else their own."""
    today = now.date().isoformat()
    if person["away_until"] and person["away_until"] >= today and person["deputy_id"]:
        return int(person["deputy_id"])
    return int(person["telegram_id"])


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
