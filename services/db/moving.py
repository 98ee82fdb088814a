"""Moving an agency from its SQLite file to an empty PostgreSQL database
(`python -m bot copy-to-postgres URL`).

Everything goes in one PostgreSQL transaction, so a copy cut short (a bad row, the server
gone) leaves the target as empty as it was. Rows keep their ids and every column as it
was: the target's own triggers (which would plan reminders afresh, recount queues) are
off while the rows go in, then on again; identities continue after the highest id. Then
the copy is checked: every table's row count, and a sample of rows compared column by
column.
"""

from __future__ import annotations

import random
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from services.db import (
    Connection,
    DatabaseFault,
    DatabaseUnusable,
    Dialect,
    Reading,
    first_line,
    scalar,
)
from services.db.postgres import PostgresDatabase
from services.db.sqlite import SQLiteDatabase

# Rows read and written at a time: memory stays flat whatever the size of a table.
BATCH = 1000
# Rows per table compared column by column after the copy (the first, the last, and
# random ones between).
SAMPLE = 20


class MoveRefused(DatabaseUnusable):
    """The copy was not made; the message says why in one line."""


@dataclass(frozen=True)
class MoveReport:
    rows: dict[str, int]  # table -> rows copied
    sampled: int
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class _Table:
    name: str
    columns: tuple[str, ...]
    key: tuple[str, ...]
    # Columns pointing at a table copied later (companies.manager_id → people) or at
    # their own table (people.deputy_id): written NULL first, then set once every row is in.
    deferred: tuple[str, ...]


async def _tables(source: SQLiteDatabase) -> list[_Table]:
    conn = source.conn
    names = [
        row[0]
        for row in await conn.execute_fetchall(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND name NOT LIKE 'sqlite_%' AND name != 'schema_migrations' ORDER BY name"
        )
    ]
    columns: dict[str, list[tuple[str, int]]] = {}
    parents: dict[str, dict[str, str]] = {}  # table -> column -> the table it points at
    for name in names:
        info = await conn.execute_fetchall(f"PRAGMA table_info({name})")
        columns[name] = [(row[1], row[5]) for row in info]
        keys = await conn.execute_fetchall(f"PRAGMA foreign_key_list({name})")
        parents[name] = {row[3]: row[2] for row in keys}
    ordered: list[_Table] = []
    placed: set[str] = set()

    def waiting_for(name: str) -> set[str]:
        return set(parents[name].values()) - placed - {name}

    while len(ordered) < len(names):
        left = [n for n in names if n not in placed]
        ready = [n for n in left if not waiting_for(n)]
        if not ready:  # a cycle (people ↔ companies): its pointers forward are deferred
            ready = [min(left, key=lambda n: (len(waiting_for(n)), n))]
        for name in ready:
            deferred = tuple(c for c, parent in parents[name].items() if parent not in placed)
            key = tuple(c for c, position in sorted(columns[name], key=lambda x: x[1]) if position)
            ordered.append(_Table(name, tuple(c for c, _ in columns[name]), key, deferred))
            placed.add(name)
    return ordered


async def _refuse_unless_empty(target: PostgresDatabase, tables: Sequence[_Table]) -> None:
    for table in tables:
        if await scalar(target.conn, f"SELECT EXISTS (SELECT 1 FROM {table.name})"):
            raise MoveRefused(
                f"database {target.name} is not empty (table {table.name} has rows);"
                " copy into an empty database"
            )


async def _read_batches(source: Reading, table: _Table) -> Any:
    """The table's rows in key order, BATCH at a time (keyset paging, no OFFSET)."""
    order = ", ".join(table.key) if table.key else "rowid"
    select = f"SELECT {', '.join(table.columns)} FROM {table.name}"
    last: tuple[Any, ...] | None = None
    key = table.key or ("rowid",)
    while True:
        if last is None:
            rows = await source.execute_fetchall(f"{select} ORDER BY {order} LIMIT ?", (BATCH,))
        else:
            after = f"({', '.join(key)}) > ({', '.join('?' for _ in key)})"
            rows = await source.execute_fetchall(
                f"{select} WHERE {after} ORDER BY {order} LIMIT ?", (*last, BATCH)
            )
        if not rows:
            return
        yield rows
        if not table.key:
            return  # a table without a key is read whole (none of ours is)
        last_row = rows[-1]
        last = tuple(last_row[c] for c in table.key)


async def _copy_table(source: Reading, conn: Connection, table: _Table) -> int:
    columns = ", ".join(table.columns)
    marks = ", ".join("?" for _ in table.columns)
    deferred = {table.columns.index(c) for c in table.deferred}
    copied = 0
    await conn.execute(f"ALTER TABLE {table.name} DISABLE TRIGGER USER")
    async for rows in _read_batches(source, table):
        values = [[None if i in deferred else value for i, value in enumerate(row)] for row in rows]
        copied += await conn.executemany(
            f"INSERT INTO {table.name} ({columns}) VALUES ({marks})", values
        )
    return copied


async def _set_deferred(source: Reading, conn: Connection, table: _Table) -> None:
    sets = ", ".join(f"{c} = ?" for c in table.deferred)
    where = " AND ".join(f"{c} = ?" for c in table.key)
    async for rows in _read_batches(source, table):
        await conn.executemany(
            f"UPDATE {table.name} SET {sets} WHERE {where}",
            [
                [*(row[c] for c in table.deferred), *(row[c] for c in table.key)]
                for row in rows
                if any(row[c] is not None for c in table.deferred)
            ],
        )


async def _sample_differences(
    source: Reading, target: Reading, table: _Table, chooser: random.Random
) -> tuple[int, str | None]:
    """How many rows were compared, and the first difference found."""
    if not table.key:
        return 0, None
    keys = [
        tuple(row)
        for row in await source.execute_fetchall(
            f"SELECT {', '.join(table.key)} FROM {table.name} ORDER BY {', '.join(table.key)}"
        )
    ]
    if not keys:
        return 0, None
    picked = {keys[0], keys[-1], *chooser.sample(keys, min(SAMPLE, len(keys)))}
    where = " AND ".join(f"{c} = ?" for c in table.key)
    select = f"SELECT {', '.join(table.columns)} FROM {table.name} WHERE {where}"
    for key in sorted(picked):
        before = await source.execute_fetchall(select, key)
        after = await target.execute_fetchall(select, key)
        if not after or tuple(before[0]) != tuple(after[0]):
            return len(picked), f"{table.name} row {key}"
    return len(picked), None


async def copy_to_postgres(source: SQLiteDatabase, target: PostgresDatabase) -> MoveReport:
    """Copy every row of `source` (open, migrated) into `target` (open, migrated, empty)."""
    if source.dialect is not Dialect.SQLITE or target.dialect is not Dialect.POSTGRESQL:
        raise MoveRefused("the copy goes from SQLite to PostgreSQL")
    started = time.perf_counter()
    tables = await _tables(source)
    await _refuse_unless_empty(target, tables)
    # Checked before the commit: a copy that does not match is rolled back whole.
    try:
        return await _copy_checked(source, target, tables, started)
    except DatabaseFault as error:
        raise MoveRefused(
            f"the copy stopped ({first_line(error)}); {target.name} is left empty"
        ) from error


async def _copy_checked(
    source: SQLiteDatabase, target: PostgresDatabase, tables: Sequence[_Table], started: float
) -> MoveReport:
    rows: dict[str, int] = {}
    sampled = 0
    chooser = random.Random(2026)
    async with source.reading() as reading, target.transaction() as conn:
        for table in tables:
            rows[table.name] = await _copy_table(reading, conn, table)
        for table in tables:
            if table.deferred:
                await _set_deferred(reading, conn, table)
        for table in tables:
            await conn.execute(f"ALTER TABLE {table.name} ENABLE TRIGGER USER")
            if table.key == ("id",):
                await conn.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'),"
                    f" COALESCE(MAX(id), 0) + 1, false) FROM {table.name}"
                )
        for table in tables:
            await _compare_counts(reading, conn, table, rows[table.name])
            compared, difference = await _sample_differences(reading, conn, table, chooser)
            if difference is not None:
                raise MoveRefused(f"the copy differs from the original at {difference}")
            sampled += compared
    return MoveReport(rows, sampled, time.perf_counter() - started)


async def _compare_counts(source: Reading, target: Reading, table: _Table, copied: int) -> None:
    count = f"SELECT COUNT(*) FROM {table.name}"
    before, after = await scalar(source, count), await scalar(target, count)
    if not before == after == copied:
        raise MoveRefused(f"table {table.name}: {before} rows in the original, {after} in the copy")
