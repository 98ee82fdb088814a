"""Backups made while the bot writes hold every committed row; a restore puts a sound copy
back, keeps what it replaced, and refuses a bad file or a running bot in one line."""

from __future__ import annotations

import asyncio
import hashlib
import os
import sqlite3
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from services.db import Database
from services.db.sqlite import SQLiteDatabase
from services.platform import audit, backups
from services.platform.backups import BackupError, RunLock
from tests.conftest import TOKEN

pytestmark = pytest.mark.sqlite_only

ROOT = Path(__file__).resolve().parent.parent


def rows_of(path: Path) -> list[int]:
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        return [row[0] for row in connection.execute("SELECT id FROM audit_log ORDER BY id")]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def admin(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "HEAD_IDS"}}
    env.update(BOT_TOKEN=TOKEN, DATABASE_PATH=str(database), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
async def database(tmp_path: Path, clock) -> Database:
    db = SQLiteDatabase(tmp_path / "data" / "bot.sqlite3", clock)
    await db.open()
    await db.migrate()
    yield db
    await db.close()


async def test_a_backup_made_during_writes_holds_every_committed_row(database, tmp_path):
    writing = True

    async def write() -> int:
        written = 0
        while writing:
            async with database.transaction() as conn:
                for _ in range(20):
                    await audit.record(conn, database.now_text(), None, "test.write", "x")
                    written += 1
            await asyncio.sleep(0)
        return written

    writer = asyncio.create_task(write())
    await asyncio.sleep(0.3)
    committed_before = len(rows_of(database.path))
    made = await asyncio.to_thread(backups.make_copy, database.path, tmp_path / "copy.sqlite3")
    writing = False
    written = await writer
    copied = rows_of(made.path)
    assert len(copied) >= committed_before > 0
    assert copied == list(range(1, len(copied) + 1))  # one moment: no row missing in between
    assert len(copied) % 20 == 0  # and no transaction half in
    assert written > len(copied)  # the writes went on around it
    assert not list(tmp_path.glob("*.part"))


async def test_daily_copies_keep_the_newest(database, tmp_path):
    folder = tmp_path / "backups"
    for day in (1, 2, 3, 4):
        backups.daily_copy(database.path, folder, 2, datetime(2026, 12, day, 3, 0))
    kept = sorted(path.name for path in folder.iterdir())
    assert kept == ["am-assistant-20261203-030000.sqlite3", "am-assistant-20261204-030000.sqlite3"]


async def test_restore_puts_a_copy_back_and_keeps_what_it_replaced(database, tmp_path):
    async with database.transaction() as conn:
        await audit.record(conn, database.now_text(), None, "test.before", "x")
    copy = backups.make_copy(database.path, tmp_path / "copy.sqlite3").path
    async with database.transaction() as conn:
        await audit.record(conn, database.now_text(), None, "test.after", "x")
    await database.close()
    kept = backups.restore(database.path, copy, datetime(2026, 12, 5, 10, 0))
    assert kept is not None and kept.name == "bot.sqlite3.replaced-20261205-100000"
    assert len(rows_of(database.path)) == 1
    assert len(rows_of(kept)) == 2  # the newest commits, from the WAL, were kept too


async def test_restore_while_the_bot_runs_is_refused(database, tmp_path):
    copy = backups.make_copy(database.path, tmp_path / "copy.sqlite3").path
    before = digest(database.path)
    with RunLock(database.path).held():
        result = await asyncio.to_thread(admin, database.path, "restore", str(copy))
    assert result.returncode == 5
    assert result.stderr.strip().splitlines() == [
        f"Refused: a bot is running on {database.path} (pid {os.getpid()}); stop it first"
    ]
    assert digest(database.path) == before


async def test_restore_of_a_garbage_file_is_refused_and_changes_nothing(database, tmp_path):
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(os.urandom(8192))
    await database.close()
    before = digest(database.path)
    result = await asyncio.to_thread(admin, database.path, "restore", str(garbage))
    assert result.returncode == 5
    [line] = result.stderr.strip().splitlines()
    assert line.startswith(f"Refused: {garbage} is not a database of this bot")
    assert "Traceback" not in result.stderr
    assert digest(database.path) == before
    assert list(database.path.parent.glob("*.replaced-*")) == []


async def test_a_foreign_or_newer_database_is_refused(tmp_path):
    foreign = tmp_path / "foreign.sqlite3"
    with sqlite3.connect(foreign) as connection:
        connection.execute("CREATE TABLE notes (text TEXT)")
    with pytest.raises(BackupError, match="no migrations recorded"):
        backups.check(foreign)
    newer = tmp_path / "newer.sqlite3"
    with sqlite3.connect(newer) as connection:
        connection.execute("CREATE TABLE schema_migrations (name TEXT, applied_at TEXT)")
        connection.execute("INSERT INTO schema_migrations VALUES ('9999_future.sql', '')")
    with pytest.raises(BackupError, match="newer version"):
        backups.check(newer)


async def test_the_backup_command_writes_a_checked_copy(database, tmp_path):
    async with database.transaction() as conn:
        await audit.record(conn, database.now_text(), None, "test.write", "x")
    folder = tmp_path / "copies"
    folder.mkdir()
    result = await asyncio.to_thread(admin, database.path, "backup", str(folder))
    assert result.returncode == 0, result.stderr
    [copy] = folder.iterdir()
    assert result.stdout.startswith(f"backup written to {copy}")
    assert rows_of(copy) == [1]


async def test_a_second_bot_on_the_same_database_is_refused(database):
    with RunLock(database.path).held():
        result = await asyncio.to_thread(admin, database.path)
    assert result.returncode == 5
    assert result.stderr.strip().splitlines() == [
        f"Refused: a bot is running on {database.path} (pid {os.getpid()}); stop it first"
    ]
