"""Telegram file ids of the pictures and PDFs the bot drew: sending one again by its id
costs Telegram nothing to upload and us nothing to draw."""

from __future__ import annotations

import logging

from services.db import Database, DatabaseFault

log = logging.getLogger(__name__)


class DrawnFiles:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def file_id(self, subject: str, variant: str, digest: str) -> str | None:
        """The id of the file sent for exactly this drawing, if there is one."""
        async with self.db.reading() as conn:
            cursor = await conn.execute(
                "SELECT file_id FROM drawn_files WHERE subject = ? AND variant = ? AND digest = ?",
                (subject, variant, digest),
            )
            row = await cursor.fetchone()
        return row["file_id"] if row else None

    async def remember(self, subject: str, variant: str, digest: str, file_id: str) -> bool:
        """Keep the id of a file just sent. Best effort: the file has reached the person
        already, and a locked or full database must not make that send look failed (the
        outbox would send it again). Without the row the next send uploads once more."""
        try:
            async with self.db.transaction() as conn:
                await conn.execute(
                    "INSERT INTO drawn_files (subject, variant, digest, file_id, at)"
                    " VALUES (?, ?, ?, ?, ?) ON CONFLICT (subject, variant) DO UPDATE SET"
                    " digest = excluded.digest, file_id = excluded.file_id, at = excluded.at",
                    (subject, variant, digest, file_id, self.db.now_text()),
                )
        except DatabaseFault as error:
            log.warning("file id of %s not kept (%s); it is uploaded again next time",
                        subject, error)  # fmt: skip
            return False
        return True
