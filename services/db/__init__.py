"""The database port: the small protocol services are written against (`Database`,
`Connection`, `Reading`, `Rows`, `Row`) and the two adapters behind it — SQLite
(`services/db/sqlite.py`, the default: one file, one process) and PostgreSQL
(`services/db/postgres.py`, for a managed server and several replicas).

Nothing outside this package names a driver. Services write one SQL: standard where the
two agree, SQLite's spelling where they do not (`?` placeholders, `json_each(?)` through
`in_list()` and `values_table()`), which the PostgreSQL adapter translates once per
statement. New ids come from `INSERT … RETURNING id`, never a driver's `lastrowid`.
"""

from __future__ import annotations

import asyncio
import enum
import json
import logging
import os
import re
import secrets
import socket
import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from services.delivery.priority import PriorityLock
from services.platform.clock import Clock, SystemClock, to_db
from services.platform.errors import NotFound

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent.parent / "migrations"
MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class Dialect(enum.Enum):
    SQLITE = "sqlite"
    POSTGRESQL = "postgresql"

    @property
    def migrations(self) -> Path:
        """Where this dialect's migrations are: SQLite's since the first, PostgreSQL's from
        its baseline (the SQLite schema of that number) on."""
        return MIGRATIONS_DIR if self is Dialect.SQLITE else MIGRATIONS_DIR / "postgresql"


# As SQLite keeps the text of its schema, the statement stays what it always was.
SCHEMA_MIGRATIONS = (
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)"
)


class MigrationError(RuntimeError):
    def __init__(self, filename: str, reason: str) -> None:
        super().__init__(f"migration {filename} failed: {reason}")
        self.filename = filename


class DatabaseUnusable(RuntimeError):
    """The database cannot be used as it is; the message is one line for the operator."""


class ServerFault(Exception):
    """A database server's error as its adapter hands it on (psycopg's, on PostgreSQL):
    the server away or restarting, a connection ended, a statement refused. The message is
    the driver's and the driver's error its cause. The port names no driver's class, so a
    bot on SQLite never loads psycopg (~9 MB and ~0.1 s at every start)."""


class DatabaseClosed(RuntimeError):
    """Used after close(): a request still in flight while the process stops. The unit of
    work did not happen, as with any other fault."""

    def __init__(self) -> None:
        super().__init__("database is not open")


# The exit code of a process stopped because its database is unusable or gone.
EXIT_DATABASE = 3


# The database's own faults (locked, full, read-only, damaged, I/O, a server gone or
# restarted, a connection terminated): the unit of work did not happen; what to do about
# it is the caller's decision.
DatabaseFault: tuple[type[Exception], ...] = (
    sqlite3.DatabaseError,
    ServerFault,
    DatabaseClosed,
)

# The drivers' loggers that echo statements with their values (a client's text, a
# deep-link payload) at DEBUG, or each connection lent and returned at INFO (psycopg's
# pool): the process keeps them above it. The pool's warnings (a connection lost, the
# server unreachable) still come through.
DRIVER_LOGGERS = {
    "aiosqlite": logging.INFO,
    "psycopg": logging.INFO,
    "psycopg.pool": logging.WARNING,
}

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


class WriteHook(Protocol):
    """Told inside every write transaction of the current task (see `write_hook`)."""

    async def on_write(self, conn: Connection) -> None: ...

    def on_commit(self) -> None: ...


# Set by whoever handles an update, so the handler's first write also records that the
# update took effect, in the same transaction.
write_hook: ContextVar[WriteHook | None] = ContextVar("write_hook", default=None)


class ReadRows:
    """The rows of one statement, fetched whole: the statement is finished at once.
    `rowcount` is what a write touched (-1 for a read)."""

    def __init__(self, rows: list[Row], rowcount: int = -1) -> None:
        self._rows = rows
        self._next = 0
        self.rowcount = rowcount

    async def fetchone(self) -> Row | None:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    async def fetchall(self) -> list[Row]:
        rest, self._next = self._rows[self._next :], len(self._rows)
        return rest


def first_line(error: BaseException) -> str:
    """What a log line or an operator's message says of a driver's error (its first
    line; the rest is the server's context, which may quote a row's values)."""
    text = str(error)
    return text.splitlines()[0] if text else type(error).__name__


class Leadership(ABC):
    """Which process does the work that must be done once for the whole agency: plan
    reminders, send the outbox (the sum of all sends must stay within Telegram's limits),
    refresh menus. Every replica takes in and handles updates; one leads."""

    leading: bool = False
    # When this process took the lead (time.monotonic()); None while it does not lead.
    leading_since: float | None = None

    def __init__(self) -> None:
        # This process among the replicas: the holder of its chats' leases.
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(3)}"

    async def alive(self, holders: set[str]) -> set[str]:
        """Which of `holders` are processes still running on this database (a killed
        one's chats are adopted at once, not when their leases run out)."""
        return holders

    async def present(self) -> None:  # noqa: B027 (one process: present while it runs)
        """Before this process takes a chat (saving an update, adopting): its presence
        is held, taken again if its connection went (the network cut a while). Without
        it, another replica would take it for dead and adopt a chat it is handling.
        Raises a DatabaseFault when the server cannot be reached."""

    @abstractmethod
    async def keep(self) -> bool:
        """Take the lead if nobody holds it, or check it is still held; whether this
        process leads now."""

    @abstractmethod
    async def release(self) -> None:
        """Give the lead up (a clean stop): another replica takes it at its next try."""

    async def wake_leader(self) -> None:  # noqa: B027 (one process: nobody else to wake)
        """This process queued work the leader does (the outbox): tell it now, not at its
        next tick."""

    async def listen(self, woken: Callable[[], None]) -> None:  # noqa: B027
        """Call `woken` each time another process wakes the leader, until cancelled."""


class SoleProcess(Leadership):
    """SQLite: one process per file (the run lock), so it always leads."""

    leading = True
    leading_since = 0.0

    async def keep(self) -> bool:
        return True

    async def release(self) -> None:
        return None


@dataclass(frozen=True)
class SendTurn:
    """A send's place in the pace every process shares."""

    taken: bool  # False: the chat's last send, by any process, is too recent
    wait: float  # seconds until the slot taken, or before asking again


class SharedPace(ABC):
    """Telegram's limits (about 30 sends a second in all, one a second to a chat, twenty a
    minute to a group) held across every process that sends for the bot: each process
    paces its own sends first, then takes each one's turn here."""

    @abstractmethod
    async def turn(
        self, chat_id: int | None, chat_interval: float, slot_interval: float
    ) -> SendTurn:
        """The next slot for a send to `chat_id`, `slot_interval` after the last one
        taken, and `chat_interval` after the chat's last send."""

    @abstractmethod
    async def pause(self, seconds: float) -> None:
        """Telegram said 429: no process sends for `seconds`."""

    @abstractmethod
    async def forget_idle(self) -> int:
        """Drop the chats whose last send is long past (upkeep); how many."""


class Database(ABC):
    """The store of one agency, whichever engine keeps it.

    Units of work (`transaction()`) are serialized: one writer at a time, as SQLite has
    it, and on PostgreSQL across every replica too (a transaction-scoped advisory lock),
    so a read-then-write inside one never races another. Reads (`reading()`, `lookup()`)
    go beside the writer and see what was committed when each statement began.
    """

    dialect: Dialect

    def __init__(self, clock: Clock | None, *, allow_new: bool) -> None:
        self.clock = clock or SystemClock()
        # Whether an empty database may be started from (SQLite: a file made before and
        # now missing is a loss to report, not a fresh start).
        self.allow_new = allow_new
        self._lock = PriorityLock()  # one writer in the process: a waiting person goes first

    @property
    @abstractmethod
    def name(self) -> str:
        """The database for an operator's message: a file's path, a server and its
        database (never a password)."""

    @abstractmethod
    async def open(self) -> None: ...

    @abstractmethod
    async def close(self) -> None: ...

    @abstractmethod
    async def check(self) -> None:
        """Refuse a damaged, read-only or foreign database before anything runs on it."""

    async def answers(self) -> None:
        """A read goes through: what a readiness check asks."""
        async with self.reading() as conn:
            await conn.execute_fetchall("SELECT 1")

    def file_is_ours(self) -> bool:
        """False once the database's file was deleted or replaced under the running
        process (SQLite); a server's database has no such file."""
        return True

    @property
    @abstractmethod
    def conn(self) -> Connection:
        """A connection outside a unit of work, each statement committed on its own: for
        tests and the admin commands that look at the database as it is."""

    async def optimize(self) -> None:  # noqa: B027 (most engines keep them current alone)
        """Keep the query planner's statistics current (where the engine does not)."""

    def now_text(self) -> str:
        return to_db(self.clock.now())

    def leadership(self) -> Leadership:
        """Who among the processes on this database leads (see `Leadership`)."""
        return SoleProcess()

    def shared_pace(self) -> SharedPace | None:
        """The pace of all processes sending for the bot; None where one process sends
        alone (SQLite), whose own pace is all there is."""
        return None

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Connection]:
        """A unit of work: everything inside commits together or not at all."""

    @abstractmethod
    def reading(self) -> AbstractAsyncContextManager[Reading]:
        """A connection that reads what was committed when each statement began."""

    def lookup(self) -> AbstractAsyncContextManager[Reading]:
        """`reading()` for a few rows found by an index (an adapter may answer these on
        the event loop's own thread); never for a read that grows with the agency."""
        return self.reading()

    async def migrate(self, directory: Path | None = None) -> list[str]:
        """Apply every migration of this dialect not yet recorded; return the names
        applied."""
        directory = directory or self.dialect.migrations
        async with self._lock:
            await self._prepare_migrations()
            done = {
                row[0]
                for row in await self.conn.execute_fetchall("SELECT name FROM schema_migrations")
            }
            applied: list[str] = []
            for path in await asyncio.to_thread(lambda: sorted(directory.glob("*.sql"))):
                if not MIGRATION_NAME.match(path.name):
                    raise MigrationError(path.name, "name must look like 0001_what_it_does.sql")
                if path.name in done:
                    continue
                script = await asyncio.to_thread(path.read_text, encoding="utf-8")
                if await self._apply(path.name, script):
                    applied.append(path.name)
                    log.info("applied migration %s", path.name)
            return applied

    async def _prepare_migrations(self) -> None:
        await self.conn.execute(SCHEMA_MIGRATIONS)

    @abstractmethod
    async def _apply(self, name: str, script: str) -> bool:
        """Run one migration and record it, in one transaction; False when another
        process applied it meanwhile."""

    def _record(self, name: str) -> str:
        return (
            "INSERT INTO schema_migrations (name, applied_at) VALUES "
            f"('{name}', '{self.now_text()}');"
        )

    async def _check_known_migrations(self) -> None:
        """A database a newer version migrated is refused: its schema is not ours yet."""
        rows = await self.conn.execute_fetchall("SELECT name FROM schema_migrations")
        known = {path.name for path in self.dialect.migrations.glob("*.sql")}
        unknown = sorted({row[0] for row in rows} - known)
        if unknown:
            raise DatabaseUnusable(
                f"database {self.name} was migrated by a newer version ({unknown[-1]});"
                " run that version or restore a backup"
            )


def open_database(
    url: str | None, path: Path, clock: Clock | None = None, *, allow_new: bool = False
) -> Database:
    """The database at `url` (`postgresql://…`), else the SQLite file at `path`: not yet
    opened."""
    if url:
        from services.db.postgres import PostgresDatabase

        return PostgresDatabase(url, clock, allow_new=allow_new)
    from services.db.sqlite import SQLiteDatabase

    return SQLiteDatabase(path, clock, allow_new=allow_new)


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


# The spelling of "one of these values" in the SQL services write; the PostgreSQL adapter
# reads it as `= ANY(%s)` with the values as an array.
IN_LIST = "IN (SELECT value FROM json_each(?))"
VALUES_TABLE = "(SELECT value FROM json_each(?))"


def in_list(expression: str, values: Iterable[Any]) -> tuple[str, tuple[Any, ...]]:
    """`expression` is one of `values`: the condition and its one parameter, however many
    values there are."""
    return f"{expression} {IN_LIST}", (json.dumps(list(values)),)


def values_table(values: Iterable[Any]) -> tuple[str, tuple[Any, ...]]:
    """`values` as a one-column table (`value`) to join, and its one parameter."""
    return VALUES_TABLE, (json.dumps(list(values)),)


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
