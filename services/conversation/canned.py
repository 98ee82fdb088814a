"""An account manager's canned replies: texts they send a client with two presses."""

from __future__ import annotations

from dataclasses import dataclass

from services.accounts.people import Person
from services.db import Database
from services.platform.errors import NotFound
from services.questionnaires import forms


@dataclass(frozen=True)
class Canned:
    id: int
    text: str


class CannedReplies:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def of(self, staff: Person) -> list[Canned]:
        staff.require_staff()
        async with self.db.reading() as conn:
            rows = await conn.execute_fetchall(
                "SELECT id, text FROM canned_replies WHERE manager_id = ? ORDER BY id",
                (staff.telegram_id,),
            )
        return [Canned(r[0], r[1]) for r in rows]

    async def add(self, staff: Person, text: str) -> None:
        staff.require_staff()
        body = forms.bounded_text(text, 1000)
        async with self.db.transaction() as conn:
            await conn.execute(
                "INSERT INTO canned_replies (manager_id, text, created_at) VALUES (?, ?, ?)",
                (staff.telegram_id, body, self.db.now_text()),
            )

    async def delete(self, staff: Person, canned_id: int) -> None:
        async with self.db.transaction() as conn:
            await conn.execute(
                "DELETE FROM canned_replies WHERE id = ? AND manager_id = ?",
                (canned_id, staff.telegram_id),
            )

    async def text(self, staff: Person, canned_id: int) -> str:
        for item in await self.of(staff):
            if item.id == canned_id:
                return item.text
        raise NotFound()
