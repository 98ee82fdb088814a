"""Reads have connections of their own: they never wait for a write, see what was
committed, and cannot write."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest

from services.db import Database, DatabaseFault


async def _names(db: Database, *, lookup: bool = False) -> list[str]:
    async with db.lookup() if lookup else db.reading() as conn:
        rows = await conn.execute_fetchall("SELECT full_name FROM people ORDER BY telegram_id")
    return [row[0] for row in rows]


@pytest.mark.parametrize("lookup", [False, True], ids=["reading", "lookup"])
async def test_a_read_does_not_wait_for_a_transaction_under_way(db: Database, lookup: bool):
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO people (telegram_id, full_name, language, created_at)"
            " VALUES (1, 'Анна', 'ru', '2026-11-28 10:00:00')"
        )
    writing, release = asyncio.Event(), asyncio.Event()

    async def long_write() -> None:
        async with db.transaction() as conn:
            await conn.execute("UPDATE people SET full_name = 'Анна Петрова'")
            writing.set()
            await release.wait()

    writer = asyncio.create_task(long_write())
    await writing.wait()
    assert await asyncio.wait_for(_names(db, lookup=lookup), 1) == ["Анна"]  # last committed
    release.set()
    await writer
    assert await _names(db, lookup=lookup) == ["Анна Петрова"]


async def test_a_row_read_one_of_many_does_not_hide_later_commits(db: Database):
    async with db.transaction() as conn:
        for n in range(3):
            await conn.execute(
                "INSERT INTO people (telegram_id, full_name, language, created_at)"
                " VALUES (?, ?, 'ru', '2026-11-28 10:00:00')",
                (n, f"Клиент {n}"),
            )
    async with db.reading() as conn:
        rows = await conn.execute("SELECT full_name FROM people ORDER BY telegram_id")
        first = await rows.fetchone()
    assert first[0] == "Клиент 0"
    async with db.transaction() as conn:
        await conn.execute("UPDATE people SET full_name = 'Новое имя' WHERE telegram_id = 2")
    assert (await _names(db))[2] == "Новое имя"
    assert (await rows.fetchone())[0] == "Клиент 1"  # the first read, still in hand


async def test_a_write_through_a_reading_connection_is_refused(db: Database):
    async with db.reading() as conn:
        with pytest.raises(DatabaseFault, match=r"readonly|read-only"):
            await conn.execute("DELETE FROM people")


async def test_a_unit_of_work_on_a_closed_database_is_a_database_fault(db: Database):
    """A request still in flight when the process closes the database (a webhook post in
    its retry loop) takes the fault path: told to come again, no traceback."""
    await db.close()
    with pytest.raises(DatabaseFault, match="not open"):
        async with db.transaction() as conn:
            await conn.execute("SELECT 1")
    with pytest.raises(DatabaseFault, match="not open"):
        async with db.reading() as reading:
            await reading.execute_fetchall("SELECT 1")
    with pytest.raises(DatabaseFault, match="not open"):
        await db.conn.execute_fetchall("SELECT 1")


def _busy_error(folder: Path) -> sqlite3.OperationalError:
    """A genuine "database is locked": what a reader meets while another process holds
    the file (a backup tool, a recovery after a crash)."""
    holder = sqlite3.connect(folder / "held.sqlite3", isolation_level=None)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN EXCLUSIVE")
    other = sqlite3.connect(folder / "held.sqlite3", timeout=0)
    try:
        other.execute("SELECT * FROM t")
    except sqlite3.OperationalError as error:
        return error
    finally:
        other.close()
        holder.close()
    raise AssertionError("the file was not locked")


class _LockedFile:
    def __init__(self, real: sqlite3.Connection, error: sqlite3.OperationalError) -> None:
        self.real, self.error = real, error
        self.tries = 0

    def close(self) -> None:
        self.real.close()

    def execute(self, *args: object) -> None:
        self.tries += 1
        raise self.error


@pytest.mark.sqlite_only
async def test_a_read_that_finds_the_file_locked_waits_off_the_event_loop(
    db: Database, tmp_path: Path
):
    async with db.transaction() as conn:
        await conn.execute(
            "INSERT INTO people (telegram_id, full_name, language, created_at)"
            " VALUES (1, 'Анна', 'ru', '2026-11-28 10:00:00')"
        )
    error = _busy_error(tmp_path)
    assert error.sqlite_errorcode == sqlite3.SQLITE_BUSY
    inline = db._inline
    locked = _LockedFile(inline._conn, error)
    inline._conn = locked
    assert await _names(db, lookup=True) == ["Анна"]  # read again by the one that may wait
    assert locked.tries == 1
