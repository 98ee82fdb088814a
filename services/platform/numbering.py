"""Document numbers an agency's accountant expects: <prefix><year>-<sequence>, the
sequence starting again each year in the agency's time zone (2026-0001, AG-2027-0001)."""

from __future__ import annotations

import enum
from datetime import datetime
from zoneinfo import ZoneInfo

from services.db import Connection, scalar


class Sequence(enum.Enum):
    """Each kind of document counts on its own: the value is its table of counters."""

    INVOICES = "invoice_sequences"
    ACTS = "act_sequences"


async def next_number(
    conn: Connection, sequence: Sequence, now: datetime, timezone: str, prefix: str
) -> str:
    """Inside the caller's unit of work, so a number is used exactly when it is written."""
    year = now.astimezone(ZoneInfo(timezone)).year
    await conn.execute(
        f"INSERT INTO {sequence.value} (year, last) VALUES (?, 1)"
        f" ON CONFLICT (year) DO UPDATE SET last = {sequence.value}.last + 1",
        (year,),
    )
    last = await scalar(conn, f"SELECT last FROM {sequence.value} WHERE year = ?", (year,))
    return f"{prefix}{year}-{last:04d}"
