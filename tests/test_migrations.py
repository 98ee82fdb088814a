from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.__main__ import main
from services import db as db_module
from services.db import Database, MigrationError
from services.db.sqlite import SQLiteDatabase
from services.platform.clock import ManualClock
from tests.conftest import TOKEN
from tests.schemas import table_names

# What every migration together builds: a change to the schema shows in review as a
# change to this file. After adding a migration, write it anew with
# UPDATE_SCHEMA_SNAPSHOT=1 python -m pytest tests/test_migrations.py
SCHEMA_SNAPSHOT = Path(__file__).parent / "schema.sql"


async def tables(database: Database) -> set[str]:
    return await table_names(database)


async def schema_of(database: Database) -> str:
    """Every table, index, trigger and view, with its SQL, in a stable order."""
    rows = await database.conn.execute_fetchall(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL"
        " AND name NOT LIKE 'sqlite_%' ORDER BY type, name"
    )
    return "".join(f"-- {kind} {name}\n{sql};\n\n" for kind, name, sql in rows)


@pytest.mark.sqlite_only
async def test_all_migrations_apply_to_a_fresh_database(tmp_path: Path, clock: ManualClock):
    database = SQLiteDatabase(tmp_path / "nested" / "fresh.sqlite3", clock)
    await database.open()
    applied = await database.migrate()
    assert applied == sorted(p.name for p in db_module.MIGRATIONS_DIR.glob("*.sql"))
    schema = await schema_of(database)
    if os.environ.get("UPDATE_SCHEMA_SNAPSHOT"):
        SCHEMA_SNAPSHOT.write_text(schema, encoding="utf-8")
    assert schema == SCHEMA_SNAPSHOT.read_text(encoding="utf-8")
    cursor = await database.conn.execute("PRAGMA journal_mode")
    assert (await cursor.fetchone())[0] == "wal"
    cursor = await database.conn.execute("PRAGMA foreign_keys")
    assert (await cursor.fetchone())[0] == 1
    await database.close()


async def test_applying_twice_is_a_no_op(db: Database):
    before = await tables(db)
    cursor = await db.conn.execute("SELECT COUNT(*) FROM schema_migrations")
    recorded = (await cursor.fetchone())[0]
    assert await db.migrate() == []
    assert await tables(db) == before
    cursor = await db.conn.execute("SELECT COUNT(*) FROM schema_migrations")
    assert (await cursor.fetchone())[0] == recorded


def write_bad_migrations(folder: Path) -> None:
    folder.mkdir()
    (folder / "0001_ok.sql").write_text("CREATE TABLE first (id INTEGER PRIMARY KEY);")
    (folder / "0002_broken.sql").write_text(
        "CREATE TABLE second (id INTEGER PRIMARY KEY);\nINSERT INTO missing_table VALUES (1);"
    )


@pytest.mark.sqlite_only
async def test_a_failing_migration_rolls_back_and_names_the_file(tmp_path: Path, clock):
    folder = tmp_path / "migrations"
    write_bad_migrations(folder)
    database = SQLiteDatabase(tmp_path / "db.sqlite3", clock)
    await database.open()
    with pytest.raises(MigrationError) as raised:
        await database.migrate(folder)
    assert raised.value.filename == "0002_broken.sql"
    assert "missing_table" in str(raised.value)
    names = await tables(database)
    assert "first" in names and "second" not in names  # 0002 rolled back whole
    cursor = await database.conn.execute("SELECT name FROM schema_migrations")
    assert [row[0] for row in await cursor.fetchall()] == ["0001_ok.sql"]
    await database.close()


@pytest.mark.sqlite_only
async def test_start_up_stops_with_a_clear_error(tmp_path: Path, monkeypatch, capsys):
    folder = tmp_path / "migrations"
    write_bad_migrations(folder)
    monkeypatch.setattr(db_module, "MIGRATIONS_DIR", folder)
    monkeypatch.setenv("BOT_TOKEN", TOKEN)
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "db.sqlite3"))
    monkeypatch.chdir(tmp_path)  # no stray .env
    assert await main(["migrate"]) == 3
    error = capsys.readouterr().err
    assert "0002_broken.sql" in error and error.count("\n") == 1


@pytest.mark.sqlite_only
async def test_rebuilding_people_keeps_every_reference(tmp_path: Path, clock: ManualClock):
    """0024 rebuilds `people` (a new role in its CHECK): the companies, projects and
    deputies that point at people keep pointing at them, and nothing is nulled."""
    folder = tmp_path / "migrations"
    folder.mkdir()
    for path in sorted(db_module.MIGRATIONS_DIR.glob("*.sql")):
        if path.name < "0024":
            (folder / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    database = SQLiteDatabase(tmp_path / "db.sqlite3", clock)
    await database.open()
    await database.migrate(folder)
    now = "2026-12-01 09:00:00"
    async with database.transaction() as conn:
        await conn.execute(
            "INSERT INTO people (telegram_id, role, full_name, created_at)"
            " VALUES (1, 'manager', 'Анна', ?), (2, 'manager', 'Борис', ?)",
            (now, now),
        )
        await conn.execute("UPDATE people SET deputy_id = 2 WHERE telegram_id = 1")
        await conn.execute(
            "INSERT INTO companies (id, name, name_key, manager_id, created_at)"
            " VALUES (7, 'Ромашка', 'ромашка', 1, ?)",
            (now,),
        )
        await conn.execute(
            "INSERT INTO people (telegram_id, role, company_id, created_at)"
            " VALUES (3, 'client', 7, ?)",
            (now,),
        )
    await database.migrate()
    rows = await database.conn.execute_fetchall(
        "SELECT c.manager_id, p.deputy_id, k.company_id FROM companies c"
        " JOIN people p ON p.telegram_id = c.manager_id JOIN people k ON k.telegram_id = 3"
    )
    assert [tuple(row) for row in rows] == [(1, 2, 7)]
    await database.conn.execute(
        "INSERT INTO people (telegram_id, role, skill, created_at)"
        " VALUES (4, 'specialist', 'дизайнер', ?)",
        (now,),
    )
    cursor = await database.conn.execute("PRAGMA foreign_keys")
    assert (await cursor.fetchone())[0] == 1
    await database.close()


@pytest.mark.sqlite_only
async def test_a_migration_that_breaks_a_foreign_key_is_refused(tmp_path: Path, clock: ManualClock):
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_parent.sql").write_text(
        "CREATE TABLE parent (id INTEGER PRIMARY KEY);"
        "CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER REFERENCES parent (id));"
        "INSERT INTO parent VALUES (1); INSERT INTO child VALUES (1, 1);"
    )
    (folder / "0002_orphans.sql").write_text("DELETE FROM parent;")
    database = SQLiteDatabase(tmp_path / "db.sqlite3", clock)
    await database.open()
    with pytest.raises(MigrationError) as raised:
        await database.migrate(folder)
    assert raised.value.filename == "0002_orphans.sql"
    assert "foreign key" in str(raised.value)
    rows = await database.conn.execute_fetchall("SELECT COUNT(*) FROM parent")
    assert rows[0][0] == 1
    await database.close()
