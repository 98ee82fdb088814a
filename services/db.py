"""The bot's SQLite database: one connection, serialized units of work, migrations."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from services.clock import Clock, SystemClock, to_db

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(RuntimeError):
    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"migration {filename} failed: {reason}")
        self.filename = filename


class Database:
    """A single aiosqlite connection shared by the whole process.

    One connection means one writer; the lock keeps a unit of work from
    interleaving with another coroutine's statements on the same connection.
    """

    def __init__(self, path: Path, clock: Clock | None = None) -> None:
        self.path = path
        self.clock = clock or SystemClock()
        self._conn: aiosqlite.Connection | None = None
        self._lock = asyncio.Lock()

    async def open(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # isolation_level=None: we issue BEGIN/COMMIT ourselves.
        self._conn = await aiosqlite.connect(self.path, isolation_level=None)
        self._conn.row_factory = aiosqlite.Row
        await self._conn.execute("PRAGMA journal_mode = WAL")
        await self._conn.execute("PRAGMA foreign_keys = ON")
        await self._conn.execute("PRAGMA busy_timeout = 5000")
        await self._conn.execute("PRAGMA synchronous = NORMAL")

    async def close(self) -> None:
        if self._conn is not None:
            await self._conn.close()
            self._conn = None

    @property
    def conn(self) -> aiosqlite.Connection:
        if self._conn is None:
            raise RuntimeError("database is not open")
        return self._conn

    def now_text(self) -> str:
        return to_db(self.clock.now())

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A unit of work: everything inside commits together or not at all."""
        async with self._lock:
            await self.conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            await self.conn.execute("COMMIT")

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[aiosqlite.Connection]:
        async with self._lock:
            yield self.conn

    async def migrate(self, directory: Path | None = None) -> list[str]:
        """Apply every migration not yet recorded; return the names applied."""
        directory = directory or MIGRATIONS_DIR
        async with self._lock:
            await self.conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
            )
            cursor = await self.conn.execute("SELECT name FROM schema_migrations")
            done = {row["name"] for row in await cursor.fetchall()}
            applied: list[str] = []
            for path in await asyncio.to_thread(lambda: sorted(directory.glob("*.sql"))):
                if not _MIGRATION_NAME.match(path.name):
                    raise MigrationError(path.name, "name must look like 0001_what_it_does.sql")
                if path.name in done:
                    continue
                await self._apply(path)
                applied.append(path.name)
                log.info("applied migration %s", path.name)
            return applied

    async def _apply(self, path: Path) -> None:
        script = await asyncio.to_thread(path.read_text, encoding="utf-8")
        record = (
            "INSERT INTO schema_migrations (name, applied_at) VALUES "
            f"('{path.name}', '{self.now_text()}');"
        )
        try:
            # executescript commits anything pending first, so the BEGIN is ours
            # and a failure anywhere leaves the transaction open for ROLLBACK.
            await self.conn.executescript(f"BEGIN;\n{script}\n;{record}\nCOMMIT;")
        except Exception as error:
            if self.conn.in_transaction:
                await self.conn.execute("ROLLBACK")
            raise MigrationError(path.name, str(error)) from error
