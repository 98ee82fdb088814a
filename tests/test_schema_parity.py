"""SQLite's schema and PostgreSQL's cannot drift: the same tables with the same columns
(name, kind, NOT NULL, key), the same indexes on the same columns, the same triggers on
the same tables, the same views; and from the PostgreSQL baseline on, every migration is
written for both."""

from __future__ import annotations

from pathlib import Path

import pytest

from services.db import MIGRATION_NAME, MIGRATIONS_DIR, Dialect
from services.db.postgres import PostgresDatabase
from services.db.sqlite import SQLiteDatabase
from tests import backends
from tests.schemas import schema_of

BASELINE = "0025_baseline.sql"


def test_every_migration_after_the_baseline_is_written_for_both():
    sqlite = {p.name for p in MIGRATIONS_DIR.glob("*.sql")}
    postgres = {p.name for p in Dialect.POSTGRESQL.migrations.glob("*.sql")}
    assert BASELINE in postgres
    baseline = int(BASELINE[:4])
    assert f"{BASELINE[:4]}_" in " ".join(sorted(sqlite))  # SQLite's last one it stands for
    assert {n for n in sqlite if int(n[:4]) > baseline} == postgres - {BASELINE}
    assert all(MIGRATION_NAME.match(name) for name in sqlite | postgres)


@pytest.mark.skipif(not backends.ON_POSTGRES, reason="needs TEST_DATABASE_URL")
async def test_the_two_schemas_are_the_same(tmp_path: Path):
    sqlite = SQLiteDatabase(tmp_path / "parity.sqlite3")
    postgres = PostgresDatabase(backends.url_for(tmp_path / "parity"))
    for database in (sqlite, postgres):
        await database.open()
        await database.migrate()
    try:
        lite, pg = await schema_of(sqlite), await schema_of(postgres)
    finally:
        await sqlite.close()
        await postgres.close()
    assert sorted(lite.tables) == sorted(pg.tables)
    for table, columns in lite.tables.items():
        assert columns == pg.tables[table], table
    assert sorted(lite.indexes) == sorted(
        name for name, index in pg.indexes.items() if not name.endswith(("_pkey", "_key"))
    )
    for name, index in lite.indexes.items():
        assert index == pg.indexes[name], name
    assert lite.triggers == pg.triggers
    assert lite.views == pg.views
