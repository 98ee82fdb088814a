"""Brief nudges: one gentle reminder for a draft untouched for two days.

A draft is due two days after its last change; the partial index `briefs_nudge_due` holds
only the drafts not nudged yet, so a tick reads what is due and nothing else."""

from __future__ import annotations

from datetime import timedelta

from services.db import Database
from services.delivery.notices import BriefNudge
from services.delivery.outbox import Planned, enqueue_planned
from services.planners.base import CHUNK, PAGE
from services.platform.clock import to_db

NUDGE_AFTER = timedelta(days=2)


class BriefNudges:
    name = "briefs"

    def __init__(self, db: Database) -> None:
        self.db = db

    async def tick(self) -> int:
        now = self.db.clock.now()
        queued = 0
        while True:
            async with self.db.reading() as conn:
                rows = await conn.execute_fetchall(
                    "SELECT id, client_id, updated_at FROM briefs"
                    " WHERE status = 'draft' AND nudged_at IS NULL AND updated_at <= ?"
                    " ORDER BY updated_at LIMIT ?",
                    (to_db(now - NUDGE_AFTER), PAGE),
                )
            for start in range(0, len(rows), CHUNK):
                async with self.db.transaction() as conn:
                    for row in rows[start : start + CHUNK]:
                        # a draft answered since it was read is not due any more
                        cursor = await conn.execute(
                            "UPDATE briefs SET nudged_at = ? WHERE id = ? AND status = 'draft'"
                            " AND nudged_at IS NULL AND updated_at = ?",
                            (to_db(now), row["id"], row["updated_at"]),
                        )
                        if cursor.rowcount != 1:
                            continue
                        queued += await enqueue_planned(
                            conn, now, [nudge(row["id"], row["client_id"])]
                        )
            if len(rows) < PAGE:
                return queued


def nudge(brief_id: int, client_id: int) -> Planned:
    return Planned(client_id, BriefNudge(brief_id))
