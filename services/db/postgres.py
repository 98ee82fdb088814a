"""The PostgreSQL adapter of the database port (`services/db`), over psycopg 3 and its
connection pool.

psycopg rather than asyncpg: it sends a Python `str` untyped, so the server reads it as
whatever the column is (our times are ISO text, as in SQLite), and its adapters let one
place say that a `bool` is stored as 0/1 and that a SUM of integers is an `int`; with
asyncpg every statement would need casts that SQLite does not want. The pool is
psycopg's own (psycopg_pool): it checks connections, replaces a dead one, and reconnects
after the server restarts.

Services write one SQL (see `services/db`); this adapter translates SQLite's spellings
once per statement: `?` becomes `%s` (and a literal `%` is doubled), `x IN (SELECT value
FROM json_each(?))` becomes `x = ANY(%s)` with the list as an array.

Units of work are serialized across every process on the database by a transaction-scoped
advisory lock, as SQLite's one writer serializes them: a read-then-write inside one never
races a replica's.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from decimal import Decimal
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import psycopg
from psycopg import AsyncConnection, AsyncCursor
from psycopg.adapt import Buffer, Dumper
from psycopg.pq import Format
from psycopg.rows import RowMaker
from psycopg.types.numeric import NumericLoader
from psycopg_pool import AsyncConnectionPool

from services.db import (
    IN_LIST,
    SCHEMA_MIGRATIONS,
    VALUES_TABLE,
    Connection,
    Database,
    DatabaseClosed,
    DatabaseUnusable,
    Dialect,
    Leadership,
    MigrationError,
    Parameters,
    Reading,
    ReadRows,
    Row,
    Rows,
    SendTurn,
    ServerFault,
    SharedPace,
    first_line,
    write_hook,
)
from services.platform.clock import Clock

log = logging.getLogger(__name__)

# The advisory lock every unit of work holds until it commits (one writer at a time, as
# in SQLite), and the one a migration holds (one replica migrates; the others wait, then
# find it done).
WRITER_LOCK = 0x616D_0001
MIGRATION_LOCK = 0x616D_0002
# Held, for as long as its connection lives, by the replica that leads.
LEADER_LOCK = 0x616D_0003
# Held by every replica, on the same connection, under its holder's hash: a replica whose
# lock is gone is gone, and its chats are adopted at once.
PRESENCE_LOCKS = 0x616D0004

# How long a unit of work waits for a connection before it counts as the database's
# fault (the server down or restarting): the caller backs off and tries again.
CONNECT_TIMEOUT_SECONDS = 10.0
# What a replica that queued outbox rows says to the leader (NOTIFY), and how soon a
# listener whose connection went listens again.
WAKE_CHANNEL = "am_assistant_wake"
LISTEN_AGAIN_SECONDS = 1.0
# Units of work queue for one writer anyway (see above): a few connections keep one
# ready while another is being replaced. Reads run side by side.
WRITER_POOL_SIZE = 3
# psycopg's pool tries a lost connection again after 1, 2, 4, 8… s, without a ceiling, so
# a server back after 20 s would wait up to 16 s more. It gives up on an attempt after
# this long instead; the next request for a connection starts a new one at once, and the
# intake, the leases and the outbox ask every second or two: the process is back within
# a couple of seconds of the server.
RECONNECT_SECONDS = 5.0
READER_POOL_SIZE = 6
# A reading connection refuses writes, as SQLite's readers do: a write there is a bug.
READ_ONLY = "-c default_transaction_read_only=on"


class PgRow:
    """A row by column name or by position, like SQLite's."""

    __slots__ = ("_index", "_values")

    def __init__(self, values: Sequence[Any], index: dict[str, int]) -> None:
        self._values = values
        self._index = index

    def __getitem__(self, key: int | str, /) -> Any:
        if isinstance(key, str):
            return self._values[self._index[key]]
        return self._values[key]

    def __iter__(self) -> Any:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def keys(self) -> list[str]:
        return list(self._index)

    def __repr__(self) -> str:
        return f"PgRow({tuple(self._values)!r})"


def _row_factory(cursor: AsyncCursor[Any]) -> RowMaker[PgRow]:
    description = cursor.description or []
    index = {column.name: position for position, column in enumerate(description)}
    return lambda values: PgRow(values, index)


class _FlagDumper(Dumper):
    """A `bool` is stored as 0/1, as in SQLite: the columns are integers in both."""

    oid = psycopg.adapters.types["int8"].oid
    format = Format.TEXT

    def dump(self, obj: Any) -> Buffer:
        return b"1" if obj else b"0"


class _WholeNumberLoader(NumericLoader):
    """A SUM of integers is `numeric` in PostgreSQL and an integer in SQLite: whole
    numbers load as `int`, others (an AVG) as `float`."""

    def load(self, data: Buffer) -> Any:
        number: Decimal = super().load(data)
        exponent = number.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= 0:
            return int(number)
        return float(number)


def _configure_types(conn: AsyncConnection[Any]) -> None:
    conn.adapters.register_dumper(bool, _FlagDumper)
    conn.adapters.register_loader("numeric", _WholeNumberLoader)


_LIST_MARK = "\x00"


@lru_cache(maxsize=4096)
def translate(sql: str) -> tuple[str, tuple[int, ...]]:
    """SQLite's spelling → psycopg's: the statement, and the positions of the parameters
    that carry a JSON list to pass as an array."""
    sql = sql.replace(IN_LIST, f"= ANY({_LIST_MARK})").replace(
        VALUES_TABLE, f"(SELECT unnest({_LIST_MARK}) AS value)"
    )
    out: list[str] = []
    lists: list[int] = []
    placeholder = 0
    i, n = 0, len(sql)
    while i < n:
        char = sql[i]
        if char in "'\"":
            end = i + 1
            while end < n:
                if sql[end] == char:
                    if end + 1 < n and sql[end + 1] == char:
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i : end + 1].replace("%", "%%"))
            i = end + 1
            continue
        if sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(sql[i:end].replace("%", "%%"))
            i = end
            continue
        if char == "?" or char == _LIST_MARK:
            if char == _LIST_MARK:
                lists.append(placeholder)
            out.append("%s")
            placeholder += 1
        elif char == "%":
            out.append("%%")
        else:
            out.append(char)
        i += 1
    return "".join(out), tuple(lists)


def _prepare(sql: str, parameters: Parameters) -> tuple[str, Sequence[Any]]:
    statement, lists = translate(sql)
    if not lists:
        return statement, parameters
    values = list(parameters)
    for position in lists:
        values[position] = json.loads(values[position])
    return statement, values


@contextmanager
def _as_fault() -> Iterator[None]:
    """psycopg's errors leave the adapter as the port's `ServerFault`."""
    try:
        yield
    except psycopg.Error as error:
        raise ServerFault(str(error)) from error


async def _run(conn: AsyncConnection[Any], sql: str, parameters: Parameters) -> ReadRows:
    statement, values = _prepare(sql, parameters)
    # Always a sequence, even empty: psycopg reads `%%` back as `%` only when given one.
    cursor = await conn.execute(statement, values)
    rows: list[Row] = list(await cursor.fetchall()) if cursor.description else []
    return ReadRows(rows, cursor.rowcount)


class _Session:
    """One connection, as services see it (`Connection`)."""

    def __init__(self, conn: AsyncConnection[Any]) -> None:
        self._conn = conn

    async def execute(self, sql: str, parameters: Parameters = ()) -> Rows:
        with _as_fault():
            return await _run(self._conn, sql, parameters)

    async def execute_fetchall(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        return await (await self.execute(sql, parameters)).fetchall()

    async def executemany(self, sql: str, rows: Iterable[Parameters]) -> int:
        statement, lists = translate(sql)
        batch = [_prepare(sql, row)[1] if lists else row for row in rows]
        if not batch:
            return 0
        with _as_fault():
            async with self._conn.cursor() as cursor:
                await cursor.executemany(statement, batch)
                return cursor.rowcount


class _PooledStatements:
    """Each statement on a connection of the pool, committed on its own."""

    def __init__(
        self, pool: Callable[[], AsyncConnectionPool[Any]], *, timeout: float | None = None
    ) -> None:
        self._pool = pool
        self._timeout = timeout  # for a connection of the pool; None: the pool's own

    async def execute(self, sql: str, parameters: Parameters = ()) -> Rows:
        with _as_fault():
            async with self._pool().connection(timeout=self._timeout) as conn:
                return await _run(conn, sql, parameters)

    async def execute_fetchall(self, sql: str, parameters: Parameters = ()) -> list[Row]:
        return await (await self.execute(sql, parameters)).fetchall()

    async def executemany(self, sql: str, rows: Iterable[Parameters]) -> int:
        with _as_fault():
            async with self._pool().connection() as conn, conn.transaction():
                return await _Session(conn).executemany(sql, rows)


# A chat's lane is kept this long after its last send (longer than any interval between
# two sends to one chat or group).
IDLE_LANE_SECONDS = 60


# A send does not wait longer than this for the shared pace's connection: past it the
# process paces its sends alone for a while (services/delivery/pacing.py).
PACE_TIMEOUT_SECONDS = 1.0


class FunctionPace(SharedPace):
    """The shared pace as rows of `send_pace`, each turn one call of `send_turn`
    (migrations/postgresql/0027_send_pace.sql) on a connection of the writers' pool
    outside any unit of work: a turn never waits for the writer's lock."""

    def __init__(self, pool: Callable[[], AsyncConnectionPool[Any]]) -> None:
        self._statements = _PooledStatements(pool, timeout=PACE_TIMEOUT_SECONDS)

    async def turn(
        self, chat_id: int | None, chat_interval: float, slot_interval: float
    ) -> SendTurn:
        rows = await self._statements.execute_fetchall(
            "SELECT send_turn(?, ?, ?)", (chat_id, chat_interval, slot_interval)
        )
        seconds = float(rows[0][0])
        return SendTurn(taken=seconds >= 0, wait=abs(seconds))

    async def pause(self, seconds: float) -> None:
        await self._statements.execute(
            "INSERT INTO send_pace AS pace (lane, next_at)"
            " VALUES (0, extract(epoch FROM clock_timestamp()) + ?)"
            " ON CONFLICT (lane) DO UPDATE SET next_at = GREATEST(pace.next_at, EXCLUDED.next_at)",
            (seconds,),
        )

    async def forget_idle(self) -> int:
        rows = await self._statements.execute(
            "DELETE FROM send_pace WHERE lane <> 0"
            " AND next_at < extract(epoch FROM clock_timestamp()) - ?",
            (IDLE_LANE_SECONDS,),
        )
        return rows.rowcount


class AdvisoryLeadership(Leadership):
    """The lead is a session advisory lock on a connection of its own. The server frees it
    the moment that connection ends — the process killed, its machine gone, the server
    restarted — and another replica takes it at its next `keep()` (every couple of
    seconds). A leader that cannot reach the server any more stops leading at once."""

    def __init__(self, url: str) -> None:
        super().__init__()
        self._url = url
        self._conn: AsyncConnection[Any] | None = None

    async def alive(self, holders: set[str]) -> set[str]:
        if not holders:
            return set()
        try:
            conn = await self._connected()
            cursor = await conn.execute(
                "SELECT h FROM unnest(%s::text[]) AS h WHERE EXISTS (SELECT 1 FROM pg_locks"
                " WHERE locktype = 'advisory' AND granted AND classid = %s AND objsubid = 2"
                " AND objid::bigint = (hashtext(h)::bigint & 4294967295))",
                (sorted(holders), PRESENCE_LOCKS),
            )
            return {row[0] for row in await cursor.fetchall()}
        except psycopg.Error:
            return holders  # cannot tell: nobody is taken for dead

    async def _connected(self) -> AsyncConnection[Any]:
        if self._conn is None or self._conn.closed:
            if self.leading:  # the lead went with the connection that held it
                log.warning("lost the lead: the connection holding it is gone")
                self.leading = False
                self.leading_since = None
            conn = await AsyncConnection.connect(
                self._url, autocommit=True, connect_timeout=int(CONNECT_TIMEOUT_SECONDS)
            )
            await conn.execute(
                "SELECT pg_advisory_lock(%s, hashtext(%s))", (PRESENCE_LOCKS, self.holder)
            )
            self._conn = conn
        return self._conn

    async def present(self) -> None:
        try:
            conn = await self._connected()
            await conn.execute("SELECT 1")  # a connection cut unnoticed holds no lock
        except psycopg.Error as error:
            await self._connection_failed(error)
            raise ServerFault(str(error)) from error

    async def keep(self) -> bool:
        try:
            conn = await self._connected()
            if self.leading:
                await conn.execute("SELECT 1")  # still connected, so still held
            else:
                cursor = await conn.execute("SELECT pg_try_advisory_lock(%s)", (LEADER_LOCK,))
                row = await cursor.fetchone()
                self.leading = bool(row and row[0])
                self.leading_since = time.monotonic() if self.leading else None
        except psycopg.Error as error:
            await self._connection_failed(error)
        return self.leading

    async def _connection_failed(self, error: psycopg.Error) -> None:
        """The locks went with it: the lead now, the presence until the next call."""
        if self.leading:
            log.warning("lost the lead: %s", first_line(error))
        self.leading = False
        self.leading_since = None
        await self._drop()

    async def release(self) -> None:
        self.leading = False
        self.leading_since = None
        await self._drop()

    async def wake_leader(self) -> None:
        try:
            conn = await self._connected()
            await conn.execute(f"NOTIFY {WAKE_CHANNEL}")
        except psycopg.Error:
            pass  # the leader sends at its next tick (a second) all the same

    async def listen(self, woken: Callable[[], None]) -> None:
        while True:
            try:
                conn = await AsyncConnection.connect(
                    self._url, autocommit=True, connect_timeout=int(CONNECT_TIMEOUT_SECONDS)
                )
                async with conn:
                    await conn.execute(f"LISTEN {WAKE_CHANNEL}")
                    async for _ in conn.notifies():
                        woken()
            except psycopg.Error:
                # The server is away: the leader's ticks go on meanwhile; listen again.
                await asyncio.sleep(LISTEN_AGAIN_SECONDS)

    async def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None and not conn.closed:
            await conn.close()


def _describe(url: str) -> str:
    """The server and database of `url`, never its password."""
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    port = f":{parts.port}" if parts.port else ""
    return f"postgresql://{host}{port}{parts.path or '/'}"


class PostgresDatabase(Database):
    """A pool of connections to one PostgreSQL database, shared by the process."""

    dialect = Dialect.POSTGRESQL

    def __init__(self, url: str, clock: Clock | None = None, *, allow_new: bool = False) -> None:
        super().__init__(clock, allow_new=allow_new)
        self.url = url
        self._writers: AsyncConnectionPool[Any] | None = None
        self._readers: AsyncConnectionPool[Any] | None = None
        self._statements = _PooledStatements(self._writer_pool)

    @property
    def name(self) -> str:
        return _describe(self.url)

    def _writer_pool(self) -> AsyncConnectionPool[Any]:
        if self._writers is None:
            raise DatabaseClosed()
        return self._writers

    def _reader_pool(self) -> AsyncConnectionPool[Any]:
        if self._readers is None:
            raise DatabaseClosed()
        return self._readers

    def _pool(self, name: str, size: int, **options: str) -> AsyncConnectionPool[Any]:
        return AsyncConnectionPool(
            self.url,
            min_size=1,
            max_size=size,
            kwargs={"autocommit": True, "row_factory": _row_factory, **options},
            configure=self._configure,
            timeout=CONNECT_TIMEOUT_SECONDS,
            reconnect_timeout=RECONNECT_SECONDS,
            name=name,
            open=False,
        )

    async def open(self) -> None:
        writers = self._pool("writers", WRITER_POOL_SIZE)
        readers = self._pool("readers", READER_POOL_SIZE, options=READ_ONLY)
        try:
            for pool in (writers, readers):
                await pool.open(wait=True, timeout=CONNECT_TIMEOUT_SECONDS)
        except Exception as error:
            for pool in (writers, readers):
                await pool.close()
            raise DatabaseUnusable(
                f"database {self.name} cannot be reached: {first_line(error)}"
            ) from error
        self._writers, self._readers = writers, readers

    @staticmethod
    async def _configure(conn: AsyncConnection[Any]) -> None:
        _configure_types(conn)

    async def close(self) -> None:
        pools = [pool for pool in (self._writers, self._readers) if pool is not None]
        self._writers = self._readers = None
        for pool in pools:
            await pool.close()

    async def check(self) -> None:
        try:
            read_only = await self._statements.execute_fetchall(
                "SELECT pg_is_in_recovery(), current_setting('transaction_read_only')"
            )
            tables = {
                row[0]
                for row in await self._statements.execute_fetchall(
                    "SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
                )
            }
        except psycopg.Error as error:
            raise DatabaseUnusable(f"database {self.name} cannot be read: {error}") from error
        standby, read_only_setting = read_only[0]
        if standby or read_only_setting == "on":
            raise DatabaseUnusable(
                f"database {self.name} is read-only (a standby?); the bot needs the primary"
            )
        if tables and "schema_migrations" not in tables:
            raise DatabaseUnusable(
                f"database {self.name} is not this bot's (tables {', '.join(sorted(tables)[:5])}"
                " and no schema_migrations)"
            )
        if "schema_migrations" in tables:
            await self._check_known_migrations()

    async def answers(self) -> None:
        """Both pools: a replica whose writers are gone cannot take an update in."""
        with _as_fault():
            async with self._writer_pool().connection() as conn:
                await conn.execute("SELECT 1")
        await super().answers()

    @property
    def conn(self) -> Connection:
        return self._statements

    def leadership(self) -> Leadership:
        return AdvisoryLeadership(self.url)

    def shared_pace(self) -> SharedPace:
        return FunctionPace(self._writer_pool)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        hook = write_hook.get()
        with _as_fault():  # the connection, the lock, the commit; statements convert their own
            async with (
                self._lock,
                self._writer_pool().connection() as conn,
                conn.transaction(),
            ):
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
                session = _Session(conn)
                if hook is not None:
                    await hook.on_write(session)
                yield session
        if hook is not None:
            hook.on_commit()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Reading]:
        with _as_fault():
            async with self._reader_pool().connection() as conn:
                yield _Session(conn)

    async def _prepare_migrations(self) -> None:
        # Two replicas starting at once would race on creating the table.
        with _as_fault():
            async with self._writer_pool().connection() as conn, conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                await conn.execute(SCHEMA_MIGRATIONS)

    async def _apply(self, name: str, script: str) -> bool:
        try:
            async with self._writer_pool().connection() as conn, conn.transaction():
                await conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
                done = await conn.execute(
                    "SELECT 1 FROM schema_migrations WHERE name = %s", (name,)
                )
                if await done.fetchone() is not None:
                    return False  # another replica applied it while this one waited
                await conn.execute(script)
                await conn.execute(self._record(name))
            return True
        except psycopg.Error as error:
            raise MigrationError(name, first_line(error)) from error
