"""Audit log: who did what, when — written inside the same unit of work."""

from __future__ import annotations

import json
from typing import Any

from services.db import Connection, Database, inserted_id


async def record(
    conn: Connection,
    at: str,
    actor_id: int | None,
    action: str,
    subject: str | None = None,
    **details: Any,
) -> int:
    return await inserted_id(
        conn,
        "INSERT INTO audit_log (at, actor_id, action, subject, details)"
        " VALUES (?, ?, ?, ?, ?) RETURNING id",
        (at, actor_id, action, subject, json.dumps(details, ensure_ascii=False)),
    )


class AuditLog:
    """Audit entries that stand alone, outside any other unit of work."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def refused(self, actor_id: int | None, what: str) -> None:
        async with self.db.transaction() as conn:
            await record(conn, self.db.now_text(), actor_id, "access.refused", what[:64])

    async def entries(self, action: str | None = None) -> list[dict[str, Any]]:
        async with self.db.reading() as conn:
            if action is None:
                cursor = await conn.execute("SELECT * FROM audit_log ORDER BY id")
            else:
                cursor = await conn.execute(
                    "SELECT * FROM audit_log WHERE action = ? ORDER BY id", (action,)
                )
            return [dict(row) for row in await cursor.fetchall()]
