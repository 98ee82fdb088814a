"""Reads have connections of their own: they never wait for a write, see what was
committed, and cannot write."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from services.db import Database


async def _names(db: Database) -> list[str]:
    async with db.reading() as conn:
        rows = await conn.execute_fetchall("SELECT full_name FROM people ORDER BY telegram_id")
    return [row[0] for row in rows]


async def test_a_read_does_not_wait_for_a_transaction_under_way(db: Database):
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
    assert await asyncio.wait_for(_names(db), 1) == ["Анна"]  # the last committed state
    release.set()
    await writer
    assert await _names(db) == ["Анна Петрова"]


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
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await conn.execute("DELETE FROM people")
