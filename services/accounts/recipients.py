"""Who hears about a company's affairs: its client contacts, its AM, the heads.

Every service tells the same people the same way; a deputy standing in for an away
AM is resolved later, when the outbox row is written.
"""

from __future__ import annotations

from datetime import datetime

from services.db import Connection, Reading
from services.delivery.notices import Notice
from services.delivery.outbox import enqueue


async def heads(conn: Reading) -> list[int]:
    rows = await conn.execute_fetchall(
        "SELECT telegram_id FROM people WHERE role = 'head' ORDER BY telegram_id"
    )
    return [row[0] for row in rows]


async def company_clients(conn: Reading, company_id: int) -> list[int]:
    rows = await conn.execute_fetchall(
        "SELECT telegram_id FROM people WHERE role = 'client' AND company_id = ?"
        " ORDER BY telegram_id",
        (company_id,),
    )
    return [row[0] for row in rows]


def manager_or(manager_id: int | None, head_ids: list[int]) -> list[int]:
    """The company's AM; with no AM assigned, the heads."""
    return [manager_id] if manager_id is not None else head_ids


async def manager_or_heads(conn: Connection, manager_id: int | None) -> list[int]:
    return manager_or(manager_id, [] if manager_id is not None else await heads(conn))


async def manager_and_heads(conn: Connection, manager_id: int | None) -> list[int]:
    """Escalations: the AM and every head, each once."""
    people = await manager_or_heads(conn, manager_id)
    return people + [head for head in await heads(conn) if head not in people]


async def tell_clients(
    conn: Connection, now: datetime, company_id: int, notice: Notice
) -> list[int]:
    """The notice to each client contact of the company."""
    clients = await company_clients(conn, company_id)
    for client_id in clients:
        await enqueue(conn, now, client_id, notice)
    return clients
