"""Which database the tests run on: SQLite files (the default), or PostgreSQL when
TEST_DATABASE_URL names a server (`postgresql://postgres@127.0.0.1:5432/test`).

On PostgreSQL every SQLite file a test would make is a database of its own, copied from
a template this worker migrated once (a copy costs ~0.1 s, a migration several), and
dropped when the test ends: tests stay as independent as their files were.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import threading
from collections.abc import Callable, Coroutine
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg

from services.db import Database, open_database
from services.platform.clock import Clock

SERVER_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
ON_POSTGRES = bool(SERVER_URL)
# Commits need not reach the disk for a test: a crash loses the test, not data.
_FAST = "options=-c%20synchronous_commit%3Doff"


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


# The bot's database URL carries this password (the test server trusts every local
# connection, so it is not checked): a test of the logs proves it never shows.
PASSWORD = "pg-password-never-logged"


def _url(database: str) -> str:
    parts = urlsplit(SERVER_URL)
    query = f"{parts.query}&{_FAST}" if parts.query else _FAST
    user = parts.username or "postgres"
    where = f"{parts.hostname or '127.0.0.1'}:{parts.port or 5432}"
    return urlunsplit((parts.scheme, f"{user}:{PASSWORD}@{where}", f"/{database}", query, ""))


def _admin() -> psycopg.Connection:
    return psycopg.connect(SERVER_URL, autocommit=True)


_template_ready = False
_made: dict[Path, str] = {}


def _template() -> str:
    global _template_ready
    name = f"amt_{_worker()}_template"
    if not _template_ready:
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')

        async def migrate() -> None:
            database = open_database(_url(name), Path("unused"))
            await database.open()
            try:
                await database.migrate()
            finally:
                await database.close()

        _in_own_thread(migrate)
        _template_ready = True
    return name


def _in_own_thread(work: Callable[[], Coroutine[object, object, None]]) -> None:
    """Run `work` to the end on a loop of its own (a fixture's loop is already running)."""

    failure: list[BaseException] = []

    def run() -> None:
        try:
            asyncio.run(work())
        except BaseException as error:  # reported in the caller
            failure.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


def url_for(path: Path) -> str:
    """The PostgreSQL database standing for the SQLite file `path` in this test: made,
    migrated, on first use."""
    return _made_for(path, f' TEMPLATE "{_template()}"')


def empty_url_for(path: Path) -> str:
    """A PostgreSQL database for `path` with nothing in it, not even the schema."""
    return _made_for(path, "")


def _made_for(path: Path, template: str) -> str:
    if path not in _made:
        name = f"amt_{_worker()}_{hashlib.sha1(str(path).encode()).hexdigest()[:12]}"
        with _admin() as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"{template}')
        _made[path] = name
    return _url(_made[path])


def drop_made() -> None:
    """Drop every database this test made."""
    if not _made:
        return
    with _admin() as admin:
        for name in _made.values():
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _made.clear()


def database_at(path: Path, clock: Clock | None = None, *, allow_new: bool = False) -> Database:
    """The test's database for `path`: the SQLite file itself, or its PostgreSQL stand-in."""
    return open_database(url_for(path) if ON_POSTGRES else None, path, clock, allow_new=allow_new)


def settings_values(path: Path) -> dict[str, object]:
    """What a test's Settings need to use the database of `path`."""
    values: dict[str, object] = {"database_path": path}
    if ON_POSTGRES:
        values["database_url"] = url_for(path)
    return values


# What a test that holds for one engine only says about it (`@pytest.mark.sqlite_only`):
# SQLite's file, its locks, its migration history from 0001 and its backups have no
# PostgreSQL counterpart; PostgreSQL's faults are tested in tests/test_postgres.py.
SQLITE_ONLY = "SQLite's own: its file, locks, pragmas, backups or history from 0001"
