"""The SQLite adapter of the database port (`services/db`): one aiosqlite connection
that writes, readers beside it (WAL), lookups on the event loop's own thread, migrations
with foreign keys checked before they commit.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from services.db import (
    Connection,
    Database,
    DatabaseClosed,
    DatabaseUnusable,
    Dialect,
    MigrationError,
    Parameters,
    Reading,
    ReadRows,
    Row,
    Rows,
    scalar,
    write_hook,
)
from services.delivery.priority import Priority, current
from services.platform.clock import Clock

# A second process holding the write lock this long (a backup, a sqlite3 shell) costs a
# wait, not an error: handlers retry on top of it.
BUSY_TIMEOUT_MS = 15_000


class _WrittenRows:
    """A statement of a unit of work: its cursor, read when asked (one trip to the
    driver's thread per call, as before the port)."""

    def __init__(self, cursor: aiosqlite.Cursor) -> None:
        self._cursor = cursor

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    async def fetchone(self) -> Row | None:
        row: Row | None = await self._cursor.fetchone()
        return row

    async def fetchall(self) -> list[Row]:
        return list(await self._cursor.fetchall())


class _Writer:
    """The writing connection as services see it (`Connection`)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, parameters: Parameters = ()) -> Rows:
        return _WrittenRows(await self._conn.execute(sql, parameters))

    async def execute_fetchall(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        return list(await self._conn.execute_fetchall(sql, parameters))

    async def executemany(self, sql: str, rows: Iterable[Parameters]) -> int:
        cursor = await self._conn.executemany(sql, rows)
        return cursor.rowcount


class Reader:
    """A reading connection that finishes every statement it runs. A statement left
    unfinished (a `fetchone` of several rows; aiosqlite's thread keeps the last cursor
    alive) would hold the connection's snapshot, and later reads would not see what was
    committed since."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def execute(self, sql: str, parameters: Parameters = ()) -> Rows:
        return ReadRows(list(await self._conn.execute_fetchall(sql, parameters)))

    async def execute_fetchall(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        return list(await self._conn.execute_fetchall(sql, parameters))

    async def close(self) -> None:
        await self._conn.close()


class InlineReader:
    """A reading connection used on the event loop's own thread, for lookups only.

    Who is writing, their conversation state, a client's open projects: a few rows found
    by an index, which SQLite answers in ~20 µs, while a trip to aiosqlite's thread and
    back costs ~100 µs of the loop's time and a wake-up (bench/interactive.py: five such
    trips were a sixth of a /status). A read whose size grows with the agency (a head's
    list of every project: 0.3 s at 3,000 companies) would stop every other chat meanwhile;
    it goes through `reading()` instead. WAL lets a reader go on while the writer writes;
    should it still find the file locked (a checkpoint, another process), it does not wait
    on the loop's thread: the read goes to `fallback`, which waits in its own thread.
    """

    def __init__(self, conn: sqlite3.Connection, fallback: Reader) -> None:
        self._conn = conn
        self._fallback = fallback

    async def execute(self, sql: str, parameters: Parameters = ()) -> Rows:
        return ReadRows(await self.execute_fetchall(sql, parameters))

    async def execute_fetchall(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        try:
            rows: list[Row] = self._conn.execute(sql, tuple(parameters)).fetchall()
            return rows
        except sqlite3.OperationalError as error:
            if error.sqlite_errorcode not in _BUSY_CODES:
                raise
        return await self._fallback.execute_fetchall(sql, parameters)

    async def close(self) -> None:
        self._conn.close()


_BUSY_CODES = {sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED}


class SQLiteDatabase(Database):
    """One aiosqlite connection that writes, shared by the whole process, and others that
    only read.

    One writing connection means one writer; the lock keeps a unit of work from
    interleaving with another coroutine's statements on it. Reads go to connections of
    their own (WAL: a read never waits for a write), one for foreground work and one for
    background work, so a handler's read never queues behind a planner's load either.
    Lookups of a few indexed rows run inline on the event loop (`lookup()`).
    """

    dialect = Dialect.SQLITE

    def __init__(self, path: Path, clock: Clock | None = None, *, allow_new: bool = False) -> None:
        super().__init__(clock, allow_new=allow_new)
        self.path = path
        # Once a database was made here, a missing file is a loss to report, not a fresh
        # start: without this, a deleted database silently starts empty.
        self.marker = path.with_name(path.name + ".created")
        self._driver: aiosqlite.Connection | None = None
        self._writer: _Writer | None = None
        self._readers: dict[Priority, Reader] = {}
        self._inline: InlineReader | None = None
        self._identity: tuple[int, int] | None = None

    @property
    def name(self) -> str:
        return str(self.path)

    async def open(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise DatabaseUnusable(f"database folder {self.path.parent}: {error}") from error
        if not self.path.exists() and self.marker.exists() and not self.allow_new:
            raise DatabaseUnusable(
                f"database {self.path} is missing, but one was created here before"
                f" ({self.marker.name}); restore it from a backup, or start with --init"
                " to begin with an empty one"
            )
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves.
            self._driver = await aiosqlite.connect(self.path, isolation_level=None)
            self._driver.row_factory = aiosqlite.Row
            self._writer = _Writer(self._driver)
            await self._driver.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await self._driver.execute("PRAGMA journal_mode = WAL")
            await self._driver.execute("PRAGMA foreign_keys = ON")
            await self._driver.execute("PRAGMA synchronous = NORMAL")
            # The ANALYZE that `optimize` runs samples about this many rows per index: the
            # statistics stay good enough, and a start after a big change (the first
            # tick's 170,000 queued rows at 10,000 companies) does not read tables whole.
            await self._driver.execute("PRAGMA analysis_limit = 1000")
            for priority in Priority:
                self._readers[priority] = Reader(await self._open_reader())
            self._inline = InlineReader(
                self._open_inline_reader(), self._readers[Priority.FOREGROUND]
            )
        except (sqlite3.DatabaseError, OSError) as error:
            await self.close()
            raise DatabaseUnusable(f"database {self.path} cannot be opened: {error}") from error
        except BaseException:
            await self.close()
            raise
        self._identity = self._file_identity()
        if not self.marker.exists():
            self.marker.write_text(f"{self.now_text()}\n", encoding="utf-8")

    async def _open_reader(self) -> aiosqlite.Connection:
        reader = await aiosqlite.connect(self.path, isolation_level=None)
        try:
            reader.row_factory = aiosqlite.Row
            await reader.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            await reader.execute("PRAGMA query_only = ON")  # a write here is a bug: refused
        except BaseException:
            await reader.close()
            raise
        return reader

    def _open_inline_reader(self) -> sqlite3.Connection:
        reader = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        try:
            reader.row_factory = sqlite3.Row
            reader.execute("PRAGMA busy_timeout = 0")  # never wait on the event loop's thread
            reader.execute("PRAGMA query_only = ON")
        except BaseException:
            reader.close()
            raise
        return reader

    async def close(self) -> None:
        # Always closed, even after a failure: aiosqlite's thread keeps the process alive.
        readers: list[Reader | InlineReader] = list(self._readers.values())
        if self._inline is not None:
            readers.append(self._inline)
        self._readers, self._inline = {}, None
        for reader in readers:
            await reader.close()
        self._writer = None
        if self._driver is not None:
            conn, self._driver = self._driver, None
            await conn.close()

    def _file_identity(self) -> tuple[int, int] | None:
        try:
            info = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (info.st_dev, info.st_ino)

    def file_is_ours(self) -> bool:
        """False once the file was deleted or replaced under the running process: writes
        would then go to a file nobody will ever open again."""
        return self._identity is not None and self._file_identity() == self._identity

    async def check(self) -> None:
        """Refuse a damaged, read-only or foreign database before anything runs on it."""
        try:
            cursor = await self.conn.execute("PRAGMA quick_check")
            problems = [row[0] for row in await cursor.fetchall()]
            cursor = await self.conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            tables = {row[0] for row in await cursor.fetchall()}
        except sqlite3.DatabaseError as error:
            raise DatabaseUnusable(f"database {self.path} is damaged: {error}") from error
        if problems != ["ok"]:
            raise DatabaseUnusable(
                f"database {self.path} is damaged (quick_check: {'; '.join(problems[:3])})"
            )
        await self._check_writable()
        if tables and "schema_migrations" not in tables:
            raise DatabaseUnusable(
                f"database {self.path} is not this bot's (tables {', '.join(sorted(tables)[:5])}"
                " and no schema_migrations)"
            )
        if "schema_migrations" in tables:
            await self._check_known_migrations()

    async def _check_writable(self) -> None:
        """A write that is rolled back: a read-only file or file system fails here, not
        at the first message a client sends."""
        try:
            version = await scalar(self.conn, "PRAGMA user_version")
            await self._open_driver.execute("BEGIN IMMEDIATE")
            try:
                await self._open_driver.execute(f"PRAGMA user_version = {int(version)}")
            finally:
                await self._open_driver.execute("ROLLBACK")
        except sqlite3.DatabaseError as error:
            raise DatabaseUnusable(f"database {self.path} cannot be written: {error}") from error

    @property
    def conn(self) -> Connection:
        """The writing connection outside a unit of work: for tests and the admin commands
        that look at the database as it is."""
        if self._writer is None:
            raise DatabaseClosed()
        return self._writer

    @property
    def _open_driver(self) -> aiosqlite.Connection:
        if self._driver is None:
            raise DatabaseClosed()
        return self._driver

    async def optimize(self) -> None:
        """Keep the query planner's statistics current (cheap when nothing changed): an
        index is only used well when SQLite knows how selective it is."""
        async with self._lock:
            await self.conn.execute("PRAGMA optimize=0x10002")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        """A unit of work: everything inside commits together or not at all."""
        hook = write_hook.get()
        async with self._lock:
            driver, writer = self._open_driver, self.conn
            await driver.execute("BEGIN IMMEDIATE")
            try:
                if hook is not None:
                    await hook.on_write(writer)
                yield writer
                await driver.execute("COMMIT")
            except BaseException:
                if driver.in_transaction:
                    await driver.execute("ROLLBACK")
                raise
        if hook is not None:
            hook.on_commit()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Reading]:
        """A connection that reads what was committed when each statement began."""
        if not self._readers:
            raise DatabaseClosed()
        yield self._readers[current.get()]

    @asynccontextmanager
    async def lookup(self) -> AsyncIterator[Reading]:
        """`reading()` for a few rows found by an index, read on the loop's own thread
        (see InlineReader); never for a read that grows with the agency."""
        if self._inline is None:
            raise DatabaseClosed()
        yield self._inline

    async def _apply(self, name: str, script: str) -> bool:
        record = self._record(name)
        driver = self._open_driver
        # Foreign keys are off while a script runs (SQLite ignores the pragma inside a
        # transaction, so it is set before BEGIN): a table rebuilt the documented way
        # (copy, drop, rename) must not fire ON DELETE actions on the rows that point at
        # it. Every key is checked before the commit instead.
        await driver.execute("PRAGMA foreign_keys = OFF")
        try:
            # executescript commits anything pending first, so the BEGIN is ours
            # and a failure anywhere leaves the transaction open for ROLLBACK.
            await driver.executescript(f"BEGIN;\n{script}\n;{record}")
            broken = list(await driver.execute_fetchall("PRAGMA foreign_key_check"))
            if broken:
                table, row_id, parent, _ = broken[0]
                raise RuntimeError(
                    f"{len(broken)} broken foreign key(s), e.g. {table} row {row_id} -> {parent}"
                )
            await driver.execute("COMMIT")
            return True
        except Exception as error:
            if driver.in_transaction:
                await driver.execute("ROLLBACK")
            raise MigrationError(name, str(error)) from error
        finally:
            await driver.execute("PRAGMA foreign_keys = ON")
