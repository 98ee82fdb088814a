"""Where a person is in a conversation (FSM state and data), kept in the database.

Stored as JSON, never pickle: the file is data, not code, and survives upgrades.
"""

from __future__ import annotations

import json
from typing import Any

from services.db import Connection, Database


class ConversationStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def state(self, key: str) -> str | None:
        row = await self._row(key)
        return row[0] if row else None

    async def data(self, key: str) -> dict[str, Any]:
        row = await self._row(key)
        return json.loads(row[1]) if row else {}

    async def set_state(self, key: str, state: str | None) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO fsm_state (storage_key, state, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (storage_key) DO UPDATE SET state = excluded.state,"
                " updated_at = excluded.updated_at",
                (key, state, self.db.now_text()),
            )
            await _forget_if_empty(conn, key)

    async def set_data(self, key: str, data: dict[str, Any]) -> None:
        encoded = json.dumps(data, ensure_ascii=False)
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO fsm_state (storage_key, data, updated_at) VALUES (?, ?, ?)"
                " ON CONFLICT (storage_key) DO UPDATE SET data = excluded.data,"
                " updated_at = excluded.updated_at",
                (key, encoded, self.db.now_text()),
            )
            await _forget_if_empty(conn, key)

    async def _row(self, key: str) -> tuple[str | None, str] | None:
        async with self.db.lookup() as conn:
            cursor = await conn.execute(
                "SELECT state, data FROM fsm_state WHERE storage_key = ?", (key,)
            )
            row = await cursor.fetchone()
            return (row[0], row[1]) if row else None


async def _forget_if_empty(conn: Connection, key: str) -> None:
    await conn.execute(
        "DELETE FROM fsm_state WHERE storage_key = ? AND state IS NULL AND data = '{}'",
        (key,),
    )
