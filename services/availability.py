"""Who answers for an account manager: their deputy while they are away, else themselves.

One rule, read in three places: the outbox sends an away AM's notifications to the
deputy, the chat tells a client who will answer, the SLA planner escalates to whoever
is standing in.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

import aiosqlite


def stands_in(person: aiosqlite.Row, now: datetime) -> int:
    """`person` is a people row: the deputy's id while they are away, else their own."""
    today = now.date().isoformat()
    if person["away_until"] and person["away_until"] >= today and person["deputy_id"]:
        return person["deputy_id"]
    return person["telegram_id"]


async def deputies(
    conn: aiosqlite.Connection, people: Collection[int], now: datetime
) -> dict[int, int]:
    """The staff among `people` who are away with a deputy set: person -> deputy."""
    if not people:
        return {}
    wanted = sorted(people)
    rows = await conn.execute_fetchall(
        "SELECT telegram_id, deputy_id FROM people"
        f" WHERE telegram_id IN ({', '.join('?' * len(wanted))})"
        " AND role IN ('manager', 'head') AND deputy_id IS NOT NULL AND away_until >= ?",
        [*wanted, now.date().isoformat()],
    )
    return {row[0]: row[1] for row in rows}
