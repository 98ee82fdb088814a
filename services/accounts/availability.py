"""An AM away until a date hands their clients and alerts to a deputy (`Absences`): the
outbox sends an away AM's notifications to the deputy (services/stand_ins), the chat tells
a client who will answer, the SLA planner escalates to whoever stands in."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from services.db import Database, one_row
from services.delivery import outbox
from services.delivery.notices import DeputyAppointed
from services.platform import audit
from services.platform.errors import InvalidInput, NotFound

if TYPE_CHECKING:
    from services.accounts.people import Person


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
