"""The database port: the small protocol services are written against (`Connection`,
`Reading`, `Rows`, `Row`), and its SQLite adapter over aiosqlite — one writing
connection, serialized units of work, readers beside it, migrations.

Nothing outside this module names the driver. SQL stays standard where it can:
`INSERT … RETURNING id` for new ids, `in_list()` for "a value in this list", so that a
second adapter (PostgreSQL) runs the same services.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sqlite3
from collections.abc import AsyncIterator, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any, Protocol

import aiosqlite

from services.delivery.priority import Priority, PriorityLock, current
from services.platform.clock import Clock, SystemClock, to_db
from services.platform.errors import NotFound

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(RuntimeError):
    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"migration {filename} failed: {reason}")
        self.filename = filename


class DatabaseUnusable(RuntimeError):
    """The database cannot be used as it is; the message is one line for the operator."""


# The exit code of a process stopped because its database is unusable or gone.
EXIT_DATABASE = 3


# The database's own faults (locked, full, read-only, damaged, I/O): the unit of work did
# not happen; what to do about it is the caller's decision. (SQLite's DatabaseError is the
# base of each of them; a second backend adds its driver's.)
DatabaseFault = sqlite3.DatabaseError

# A second process holding the write lock this long (a backup, a sqlite3 shell) costs a
# wait, not an error: handlers retry on top of it.
BUSY_TIMEOUT_MS = 15_000


# The driver's loggers that echo every statement with its values (a client's text, a
# deep-link payload) at DEBUG: the process keeps them above it.
DRIVER_LOGGERS = {"aiosqlite": logging.INFO}

Parameters = Sequence[Any]


class Row(Protocol):
    """One row: by column name or by position."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def __iter__(self) -> Iterator[Any]: ...

    def __len__(self) -> int: ...

    def keys(self) -> list[str]: ...


class Rows(Protocol):
    """What one statement gave: its rows, and how many rows a write touched."""

    @property
    def rowcount(self) -> int: ...

    async def fetchone(self) -> Row | None: ...

    async def fetchall(self) -> list[Row]: ...


class Reading(Protocol):
    """A connection that reads: each statement sees what was committed when it began."""

    async def execute(self, sql: str, parameters: Parameters = ()) -> Rows: ...

    async def execute_fetchall(self, sql: str, parameters: Parameters = ()) -> list[Row]: ...


class Connection(Reading, Protocol):
    """The connection of a unit of work (`Database.transaction()`): reads and writes that
    commit together or not at all."""

    async def executemany(self, sql: str, rows: Iterable[Parameters]) -> int:
        """The rows the statements touched (not counting what triggers wrote)."""
        ...


async def inserted_id(conn: Connection, sql: str, parameters: Parameters = ()) -> int:
    """The id an `INSERT … RETURNING id` gave its new row."""
    new = await inserted_id_if_any(conn, sql, parameters)
    if new is None:
        raise RuntimeError("the INSERT … RETURNING id returned no row")
    return new


async def inserted_id_if_any(conn: Connection, sql: str, parameters: Parameters = ()) -> int | None:
    """`inserted_id`, or None when `ON CONFLICT DO NOTHING` inserted no row."""
    rows = await conn.execute_fetchall(sql, parameters)
    return int(rows[0][0]) if rows else None


def in_list(expression: str, values: Iterable[Any]) -> tuple[str, tuple[Any, ...]]:
    """`expression` is one of `values`: the condition and its one parameter, however many
    values there are (SQLite: a JSON array read by json_each; PostgreSQL: `= ANY`)."""
    return f"{expression} IN (SELECT value FROM json_each(?))", (json.dumps(list(values)),)


def values_table(values: Iterable[Any]) -> tuple[str, tuple[Any, ...]]:
    """`values` as a one-column table (`value`) to join, and its one parameter."""
    return "(SELECT value FROM json_each(?))", (json.dumps(list(values)),)


class WriteHook(Protocol):
    """Told inside every write transaction of the current task (see `write_hook`)."""

    async def on_write(self, conn: Connection) -> None: ...

    def on_commit(self) -> None: ...


# Set by whoever handles an update, so the handler's first write also records that the
# update took effect, in the same transaction.
write_hook: ContextVar[WriteHook | None] = ContextVar("write_hook", default=None)


class ReadRows:
    """The rows of one read, fetched whole: the statement is finished at once."""

    rowcount = -1  # a read touches no rows

    def __init__(self, rows: list[Row]) -> None:
        self._rows = rows
        self._next = 0

    async def fetchone(self) -> Row | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    async def fetchall(self) -> list[Row]:
        rest, self._next = self._rows[self._next :], len(self._rows)
        return rest


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


class Database:
    """One aiosqlite connection that writes, shared by the whole process, and others that
    only read.

    One writing connection means one writer; the lock keeps a unit of work from
    interleaving with another coroutine's statements on it. Reads go to connections of
    their own (WAL: a read never waits for a write), one for foreground work and one for
    background work, so a handler's read never queues behind a planner's load either.
    Lookups of a few indexed rows run inline on the event loop (`lookup()`).
    """

    def __init__(self, path: Path, clock: Clock | None = None, *, allow_new: bool = False) -> None:
        self.path = path
        # Once a database was made here, a missing file is a loss to report, not a fresh
        # start: without this, a deleted database silently starts empty.
        self.marker = path.with_name(path.name + ".created")
        self.allow_new = allow_new
        self.clock = clock or SystemClock()
        self._driver: aiosqlite.Connection | None = None
        self._writer: _Writer | None = None
        self._readers: dict[Priority, Reader] = {}
        self._inline: InlineReader | None = None
        self._lock = PriorityLock()  # one writer: a waiting person goes first
        self._identity: tuple[int, int] | None = None

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
            cursor = await self.conn.execute("SELECT name FROM schema_migrations")
            known = {path.name for path in MIGRATIONS_DIR.glob("*.sql")}
            unknown = sorted({row[0] for row in await cursor.fetchall()} - known)
            if unknown:
                raise DatabaseUnusable(
                    f"database {self.path} was migrated by a newer version ({unknown[-1]});"
                    " run that version or restore a backup"
                )

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

    async def answers(self) -> None:
        """A read goes through: what a readiness check asks."""
        async with self.reading() as conn:
            await conn.execute_fetchall("SELECT 1")

    @property
    def conn(self) -> Connection:
        """The writing connection outside a unit of work: for tests and the admin commands
        that look at the database as it is."""
        if self._writer is None:
            raise RuntimeError("database is not open")
        return self._writer

    @property
    def _open_driver(self) -> aiosqlite.Connection:
        if self._driver is None:
            raise RuntimeError("database is not open")
        return self._driver

    async def optimize(self) -> None:
        """Keep the query planner's statistics current (cheap when nothing changed): an
        index is only used well when SQLite knows how selective it is."""
        async with self._lock:
            await self.conn.execute("PRAGMA optimize=0x10002")

    def now_text(self) -> str:
        return to_db(self.clock.now())

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
            raise RuntimeError("database is not open")
        yield self._readers[current.get()]

    @asynccontextmanager
    async def lookup(self) -> AsyncIterator[Reading]:
        """`reading()` for a few rows found by an index, read on the loop's own thread
        (see InlineReader); never for a read that grows with the agency."""
        if self._inline is None:
            raise RuntimeError("database is not open")
        yield self._inline

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
        except Exception as error:
            if driver.in_transaction:
                await driver.execute("ROLLBACK")
            raise MigrationError(path.name, str(error)) from error
        finally:
            await driver.execute("PRAGMA foreign_keys = ON")


async def scalar(conn: Reading, sql: str, parameters: Parameters = ()) -> Any:
    """The first column of the first row `sql` finds (None when it finds none): a count,
    a maximum, one value."""
    rows = await conn.execute_fetchall(sql, parameters)
    return rows[0][0] if rows else None


async def one_row(conn: Reading, sql: str, key: Any) -> Row:
    """The row `sql` finds for `key`; NotFound when there is none."""
    rows = await conn.execute_fetchall(sql, (key,))
    if not rows:
        raise NotFound()
    return rows[0]
