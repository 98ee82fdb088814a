"""Writing what a planner found due: in short transactions, skipping what is queued.

A planner computes its reminders from what it read, then hands them here. The write lock
is taken per chunk (a few milliseconds each), never for a whole tick, so handlers are not
kept waiting; dedup keys already in the outbox are looked up once per chunk instead of
attempting every insert again on every tick.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from services.db import Database
from services.outbox import enqueue
from services.reminders import Planned

# Rows written per transaction, and read per page: the database is free for handlers
# between them.
CHUNK = 50
PAGE = 500


async def enqueue_planned(db: Database, now: datetime, planned: Sequence[Planned]) -> int:
    """Queue the planned notifications not queued before; return how many were new."""
    count = 0
    for start in range(0, len(planned), CHUNK):
        chunk = planned[start : start + CHUNK]
        async with db.transaction() as conn:
            rows = await conn.execute_fetchall(
                "SELECT dedup_key FROM outbox WHERE dedup_key IN"
                f" ({', '.join('?' * len(chunk))})",
                [item.dedup_key for item in chunk],
            )
            queued = {row[0] for row in rows}
            for item in chunk:
                if item.dedup_key in queued:
                    continue
                count += await enqueue(
                    conn,
                    now,
                    recipient_id=item.recipient_id,
                    kind=item.kind,
                    text_key=item.text_key,
                    args=item.args,
                    dedup_key=item.dedup_key,
                    urgent=item.urgent,
                    buttons=item.buttons,
                    series=item.series,
                )
    return count
