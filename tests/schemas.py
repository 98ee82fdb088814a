"""What a database's schema is, read the same way on both engines: its tables with their
columns, its indexes, its triggers and views. The parity test compares SQLite's with
PostgreSQL's through it."""

from __future__ import annotations

from dataclasses import dataclass

from services.db import Database, Dialect


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # integer, text or real: what the value is, whatever the engine calls it
    not_null: bool
    primary_key: bool


@dataclass(frozen=True)
class Index:
    table: str
    columns: tuple[str, ...]
    unique: bool
    partial: bool


@dataclass(frozen=True)
class Schema:
    tables: dict[str, tuple[Column, ...]]
    indexes: dict[str, Index]
    triggers: dict[str, str]  # name -> table
    views: frozenset[str]


def _kind(declared: str) -> str:
    declared = declared.lower()
    if "int" in declared:
        return "integer"
    if "char" in declared or "text" in declared:
        return "text"
    if "real" in declared or "double" in declared or "float" in declared:
        return "real"
    return declared


async def table_names(db: Database) -> set[str]:
    if db.dialect is Dialect.SQLITE:
        sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    else:
        sql = (
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
        )
    return {row[0] for row in await db.conn.execute_fetchall(sql)}


async def schema_of(db: Database) -> Schema:
    if db.dialect is Dialect.SQLITE:
        return await _sqlite(db)
    return await _postgres(db)


async def _sqlite(db: Database) -> Schema:
    conn = db.conn
    tables: dict[str, tuple[Column, ...]] = {}
    for name in sorted(await table_names(db)):
        rows = await conn.execute_fetchall(f"PRAGMA table_info({name})")
        tables[name] = tuple(
            Column(row[1], _kind(row[2]), bool(row[3]) or bool(row[5]), bool(row[5]))
            for row in rows
        )
    indexes: dict[str, Index] = {}
    for name, table, sql in await conn.execute_fetchall(
        "SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
    ):
        columns = tuple(row[2] for row in await conn.execute_fetchall(f"PRAGMA index_info({name})"))
        unique = sql.upper().startswith("CREATE UNIQUE")
        indexes[name] = Index(table, columns, unique, " WHERE " in sql.upper())
    triggers = {
        row[0]: row[1]
        for row in await conn.execute_fetchall(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'trigger'"
        )
    }
    views = frozenset(
        row[0]
        for row in await conn.execute_fetchall("SELECT name FROM sqlite_master WHERE type = 'view'")
    )
    return Schema(tables, indexes, triggers, views)


async def _postgres(db: Database) -> Schema:
    conn = db.conn
    keys = {
        (row[0], row[1])
        for row in await conn.execute_fetchall(
            "SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc"
            " JOIN information_schema.key_column_usage kcu"
            " ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema"
            " WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()"
        )
    }
    tables: dict[str, list[Column]] = {name: [] for name in sorted(await table_names(db))}
    for table, column, kind, nullable in await conn.execute_fetchall(
        "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
        " WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    ):
        if table in tables:
            key = (table, column) in keys
            tables[table].append(Column(column, _kind(kind), nullable == "NO", key))
    indexes: dict[str, Index] = {}
    for name, table, unique, partial, columns in await conn.execute_fetchall(
        "SELECT ic.relname, tc.relname, ix.indisunique, ix.indpred IS NOT NULL,"
        " ARRAY(SELECT CASE WHEN ix.indkey[k] = 0 THEN NULL ELSE a.attname END"
        "       FROM generate_subscripts(ix.indkey, 1) AS k"
        "       LEFT JOIN pg_attribute a ON a.attrelid = ix.indrelid AND a.attnum = ix.indkey[k]"
        "       ORDER BY k)"
        " FROM pg_index ix JOIN pg_class ic ON ic.oid = ix.indexrelid"
        " JOIN pg_class tc ON tc.oid = ix.indrelid"
        " JOIN pg_namespace ns ON ns.oid = tc.relnamespace WHERE ns.nspname = current_schema()"
    ):
        indexes[name] = Index(table, tuple(columns), unique, partial)
    triggers = {
        row[0]: row[1]
        for row in await conn.execute_fetchall(
            "SELECT DISTINCT trigger_name, event_object_table FROM information_schema.triggers"
            " WHERE trigger_schema = current_schema()"
        )
    }
    views = frozenset(
        row[0]
        for row in await conn.execute_fetchall(
            "SELECT table_name FROM information_schema.views WHERE table_schema = current_schema()"
        )
    )
    return Schema({k: tuple(v) for k, v in tables.items()}, indexes, triggers, views)
