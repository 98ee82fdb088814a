"""PostgreSQL's own: moving an agency from SQLite, the commands that have another answer
there, and the server's faults (a failing migration, a connection terminated)."""

from __future__ import annotations

import asyncio
import random
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import psycopg
import pytest
from pydantic import SecretStr

from bench.scale import seed
from services.db import MigrationError, in_list, scalar
from services.db.moving import MoveRefused, copy_to_postgres
from services.db.postgres import PostgresDatabase
from services.db.sqlite import SQLiteDatabase
from services.delivery.notices import DeliveryFailed
from services.delivery.outbox import enqueue
from tests import backends
from tests.conftest import CLIENT, HEAD, MANAGER, TOKEN, RunningBot, TickingClock, make_settings
from tests.fakes.tcp_proxy import TcpProxy
from tests.fakes.telegram import FakeTelegram
from tests.journeys import invite_client
from tests.processes import ROOT, bot_env, spawn_bot

pytestmark = pytest.mark.skipif(not backends.ON_POSTGRES, reason="needs TEST_DATABASE_URL")


async def seeded_sqlite(path: Path, companies: int = 12) -> SQLiteDatabase:
    source = SQLiteDatabase(path)
    await source.open()
    await source.migrate()
    await source.close()
    seed(path, companies, random.Random(7))
    source = SQLiteDatabase(path)
    await source.open()
    async with source.transaction() as conn:  # a deputy and a cycle through people
        await conn.execute(
            "UPDATE people SET deputy_id = (SELECT MAX(telegram_id) FROM people"
            " WHERE role = 'manager') WHERE telegram_id = (SELECT MIN(telegram_id) FROM people"
            " WHERE role = 'manager')"
        )
    return source


async def empty_postgres(tmp_path: Path, name: str = "target") -> PostgresDatabase:
    target = PostgresDatabase(backends.empty_url_for(tmp_path / name))
    await target.open()
    await target.migrate()
    return target


async def test_an_sqlite_agency_moves_whole_and_goes_on_working(tmp_path: Path):
    source = await seeded_sqlite(tmp_path / "agency.sqlite3")
    target = await empty_postgres(tmp_path)
    try:
        report = await copy_to_postgres(source, target)
        assert report.rows["companies"] == 12 and report.total > 500
        assert report.sampled > 100
        for table in ("people", "companies", "projects", "invoices", "outbox", "stage_tasks"):
            count = f"SELECT COUNT(*) FROM {table}"
            assert await scalar(target.conn, count) == await scalar(source.conn, count), table
        # the cycle and the self-reference came through
        pairs = "SELECT telegram_id, deputy_id, company_id FROM people ORDER BY telegram_id"
        assert [tuple(r) for r in await target.conn.execute_fetchall(pairs)] == [
            tuple(r) for r in await source.conn.execute_fetchall(pairs)
        ]
        planned = "SELECT id, next_reminder_at FROM invoices ORDER BY id"
        assert [tuple(r) for r in await target.conn.execute_fetchall(planned)] == [
            tuple(r) for r in await source.conn.execute_fetchall(planned)
        ]  # the triggers were off: nothing planned afresh by the copy
        # ids go on after the highest, and the triggers are on again
        highest = await scalar(target.conn, "SELECT MAX(id) FROM companies")
        async with target.transaction() as conn:
            new = await scalar(
                conn,
                "INSERT INTO companies (name, name_key, created_at)"
                " VALUES ('Новая', 'новая', '2026-12-07 10:00:00') RETURNING id",
            )
            invoice = await scalar(conn, "SELECT MIN(id) FROM invoices WHERE status = 'issued'")
            await conn.execute(
                "UPDATE invoices SET due_date = '2027-01-10', next_reminder_at = NULL WHERE id = ?",
                (invoice,),
            )
        assert new == highest + 1
        assert (
            await scalar(
                target.conn, "SELECT next_reminder_at FROM invoices WHERE id = ?", (invoice,)
            )
            == "1970-01-01 00:00:00"
        )
    finally:
        await source.close()
        await target.close()


async def test_a_target_with_rows_is_refused_and_left_as_it_was(tmp_path: Path):
    source = await seeded_sqlite(tmp_path / "agency.sqlite3", companies=2)
    target = await empty_postgres(tmp_path)
    try:
        async with target.transaction() as conn:
            await conn.execute(
                "INSERT INTO companies (name, name_key, created_at)"
                " VALUES ('Чужая', 'чужая', '2026-12-07 10:00:00')"
            )
        with pytest.raises(MoveRefused, match="not empty"):
            await copy_to_postgres(source, target)
        assert await scalar(target.conn, "SELECT COUNT(*) FROM people") == 0
        assert await scalar(target.conn, "SELECT COUNT(*) FROM companies") == 1
    finally:
        await source.close()
        await target.close()


async def test_a_row_postgres_refuses_leaves_the_target_empty(tmp_path: Path):
    source = await seeded_sqlite(tmp_path / "agency.sqlite3", companies=2)
    async with source.transaction() as conn:  # SQLite takes text in an integer column
        await conn.execute(
            "UPDATE outbox SET source = 'text' WHERE id = (SELECT MAX(id) FROM outbox)"
        )
    target = await empty_postgres(tmp_path)
    try:
        with pytest.raises(MoveRefused, match=r"copy stopped .*left empty"):
            await copy_to_postgres(source, target)
        for table in ("people", "companies", "outbox"):
            assert await scalar(target.conn, f"SELECT COUNT(*) FROM {table}") == 0
    finally:
        await source.close()
        await target.close()


def run_command(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "BOT_TOKEN": TOKEN, "PYTHONPATH": str(ROOT), **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


async def test_the_command_moves_the_file_in_one_line(tmp_path: Path):
    source = await seeded_sqlite(tmp_path / "agency.sqlite3", companies=3)
    await source.close()
    url = backends.empty_url_for(tmp_path / "target")
    result = run_command("copy-to-postgres", url, DATABASE_PATH=str(tmp_path / "agency.sqlite3"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and "every row count matches" in result.stdout
    assert backends.PASSWORD not in result.stdout + result.stderr
    again = run_command("copy-to-postgres", url, DATABASE_PATH=str(tmp_path / "agency.sqlite3"))
    assert again.returncode == 3
    assert "not empty" in again.stderr and again.stderr.count("\n") == 1


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_backup_and_restore_say_what_to_use_instead(tmp_path: Path, command: str):
    url = backends.url_for(tmp_path / "bot")
    result = run_command(command, str(tmp_path / "copy"), DATABASE_URL=url)
    assert result.returncode == 2
    assert "pg_dump" in result.stderr or "pg_restore" in result.stderr
    assert result.stderr.count("\n") == 1


def test_backup_dir_with_postgres_is_refused_at_start(tmp_path: Path):
    url = backends.url_for(tmp_path / "bot")
    result = run_command("migrate", DATABASE_URL=url, BACKUP_DIR=str(tmp_path / "backups"))
    assert result.returncode == 2 and "BACKUP_DIR" in result.stderr


async def test_a_failing_migration_rolls_back_and_names_the_file(tmp_path: Path):
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_ok.sql").write_text("CREATE TABLE first (id BIGINT PRIMARY KEY);")
    (folder / "0002_broken.sql").write_text(
        "CREATE TABLE second (id BIGINT PRIMARY KEY);\nINSERT INTO missing_table VALUES (1);"
    )
    database = PostgresDatabase(backends.empty_url_for(tmp_path / "db"))
    await database.open()
    try:
        with pytest.raises(MigrationError) as raised:
            await database.migrate(folder)
        assert raised.value.filename == "0002_broken.sql"
        assert "missing_table" in str(raised.value)
        names = {
            row[0]
            for row in await database.conn.execute_fetchall(
                "SELECT table_name FROM information_schema.tables"
                " WHERE table_schema = current_schema()"
            )
        }
        assert "first" in names and "second" not in names
        recorded = await database.conn.execute_fetchall("SELECT name FROM schema_migrations")
        assert [row[0] for row in recorded] == ["0001_ok.sql"]
    finally:
        await database.close()


async def test_two_processes_migrating_at_once_apply_each_migration_once(tmp_path: Path):
    url = backends.empty_url_for(tmp_path / "db")
    first, second = PostgresDatabase(url), PostgresDatabase(url)
    await first.open()
    await second.open()
    try:
        applied = await asyncio.gather(first.migrate(), second.migrate())
        names = await first.conn.execute_fetchall("SELECT name FROM schema_migrations")
        assert len(names) == len({row[0] for row in names}) >= 1
        assert sorted(applied[0] + applied[1]) == sorted(row[0] for row in names)
    finally:
        await first.close()
        await second.close()


@pytest.fixture
async def cuttable(tmp_path: Path, telegram: FakeTelegram):
    """The real bot on PostgreSQL through a proxy the test can cut."""
    proxy = TcpProxy("127.0.0.1", urlsplit(backends.SERVER_URL).port or 5432)
    await proxy.start()
    settings = make_settings(tmp_path, telegram, http_listen="127.0.0.1:0")
    settings.database_url = SecretStr(proxy.through(backends.url_for(tmp_path / "bot.sqlite3")))
    runner = RunningBot(settings, telegram, TickingClock(datetime(2026, 11, 27, 9, tzinfo=UTC)))
    await runner.start()
    yield runner, proxy
    await proxy.start()
    await runner.stop()
    await proxy.cut()


async def readiness(runner: RunningBot) -> int:
    assert runner.app is not None and runner.app.ops is not None
    url = f"http://127.0.0.1:{runner.app.ops.port}/readyz"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status


async def test_the_server_gone_a_while_loses_nothing_and_readiness_says_so(
    cuttable, caplog: pytest.LogCaptureFixture
):
    running, proxy = cuttable
    tg = running.telegram
    await invite_client(running)
    tg.send_text(CLIENT, "До сбоя")
    await tg.wait_message(MANAGER["id"], "До сбоя", within=15)
    await proxy.cut()
    tg.send_text(CLIENT, "Во время сбоя")
    await asyncio.sleep(3)
    assert await readiness(running) == 503
    assert tg.unconfirmed, "an update the bot could not save was confirmed to Telegram"
    await proxy.start()  # the server is back
    await tg.wait_message(MANAGER["id"], "Во время сбоя", within=40)
    await tg.wait_for(lambda: not tg.unconfirmed, 15, "the update confirmed")
    rows = await running.app.db.conn.execute_fetchall(
        "SELECT text FROM messages WHERE direction = 'in' ORDER BY id"
    )
    assert [r[0] for r in rows] == ["До сбоя", "Во время сбоя"]
    assert not any("не получилось" in (m.get("text") or "") for m in tg.sent_to(CLIENT["id"]))
    await tg.wait_for(lambda: running.app.dispatcher.seconds_since_pump() is not None)
    for _ in range(50):
        if await readiness(running) == 200:
            break
        await asyncio.sleep(0.2)
    assert await readiness(running) == 200
    said = [record.getMessage() for record in caplog.records]
    # each try says so in a line: the intake's save, or the pool's connect
    assert any("cannot save" in line or "error connecting" in line for line in said)
    assert not any("Во время сбоя" in line or backends.PASSWORD in line for line in said)


async def test_connections_terminated_by_the_server_are_replaced(cuttable):
    running, _ = cuttable
    tg = running.telegram
    await invite_client(running)
    url = backends.url_for(running.settings.database_path)
    terminated = await terminate_sessions(urlsplit(url).path.lstrip("/"))
    assert terminated >= 2  # the writers' and the readers' pools
    tg.send_text(CLIENT, "После обрыва")
    await tg.wait_message(MANAGER["id"], "После обрыва", within=30)
    await running.settled()
    rows = await running.app.db.conn.execute_fetchall(
        "SELECT COUNT(*) FROM messages WHERE text = 'После обрыва'"
    )
    assert rows[0][0] == 1


async def terminate_sessions(database: str, *, application: str | None = None) -> int:
    admin = await psycopg.AsyncConnection.connect(backends.SERVER_URL, autocommit=True)
    try:
        cursor = await admin.execute(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity"
            " WHERE datname = %s AND pid <> pg_backend_pid()"
            " AND (%s::text IS NULL OR application_name = %s::text)",
            (database, application, application),
        )
        row = await cursor.fetchone()
        return int(row[0]) if row else 0
    finally:
        await admin.close()


async def test_one_replica_leads_and_another_takes_over_when_its_session_ends(tmp_path: Path):
    url = backends.url_for(tmp_path / "bot")
    first = PostgresDatabase(f"{url}&application_name=first").leadership()
    second = PostgresDatabase(f"{url}&application_name=second").leadership()
    try:
        assert await first.keep() is True
        assert await second.keep() is False
        assert await first.keep() is True  # still held
        # The leader's process dies: the server ends its session and frees the lock.
        assert await terminate_sessions(urlsplit(url).path.lstrip("/"), application="first") == 1
        assert await second.keep() is True
        assert await first.keep() is False  # it notices, and does not lead any more
        await second.release()
        assert await first.keep() is True  # a clean stop hands over at the next try
    finally:
        await first.release()
        await second.release()


async def test_a_killed_leader_is_replaced_within_seconds_and_nothing_is_sent_twice(
    tmp_path: Path, telegram: FakeTelegram
):
    """Two bot processes on one database: the first leads; it is killed with SIGKILL; the
    second leads within 10 s, and an update after the kill is answered once."""
    database = tmp_path / "bot.sqlite3"
    env = bot_env(database, telegram, LOG_LEVEL="INFO")
    first = await spawn_bot(env)
    await telegram.wait_for(lambda: telegram.calls_of("setMyCommands"), 20, "the first leads")
    second = await spawn_bot(env)
    second_log: list[str] = []

    async def read_second() -> None:
        assert second.stdout is not None
        async for line in second.stdout:
            second_log.append(line.decode())

    reader = asyncio.create_task(read_second())
    try:
        await telegram.wait_for(
            lambda: any("another replica leads" in line for line in second_log), 20, "the second"
        )
        first.kill()
        await first.wait()
        killed = time.monotonic()
        await telegram.wait_for(
            lambda: any("this replica leads now" in line for line in second_log), 15, "takeover"
        )
        assert time.monotonic() - killed < 10
        telegram.send_text(HEAD, "/start")  # the survivor takes updates in and answers, once
        await telegram.wait_message(HEAD["id"], "руководитель", within=15)
        await asyncio.sleep(1)
        greetings = [m for m in telegram.sent_to(HEAD["id"]) if "руководитель" in m.get("text", "")]
        assert len(greetings) == 1
    finally:
        for process in (first, second):
            if process.returncode is None:
                process.kill()
                await process.wait()
        reader.cancel()


async def test_our_sql_reads_the_same_on_postgresql(db):
    """Placeholders, a literal % or ? in a string, and "one of these values"."""
    assert await scalar(db.conn, "SELECT 'a%b?'") == "a%b?"
    assert await scalar(db.conn, "SELECT 'x' || ? || '%'", ("?",)) == "x?%"
    assert await scalar(db.conn, "SELECT 1 WHERE 'ab' LIKE 'a%'") == 1
    condition, parameters = in_list("n", [2, 3])
    rows = await db.conn.execute_fetchall(
        f"SELECT n FROM (SELECT 1 AS n UNION SELECT 2 UNION SELECT 3) AS t WHERE {condition}"
        " ORDER BY n",
        parameters,
    )
    assert [row[0] for row in rows] == [2, 3]


async def test_a_leader_killed_mid_send_hands_the_rest_over_and_doubles_at_most_what_was_in_flight(
    tmp_path: Path, telegram: FakeTelegram
):
    """A fan-out of 120 alerts to 120 people at Telegram's pace (30 a second); the
    leading replica is killed with SIGKILL in the middle; the other takes the lead and
    sends the rest. Every alert arrives; one arrives twice at most for each send that was
    in flight at the kill (the leader sends to many chats at once)."""
    telegram.rate_limit = (30, 1)
    database = tmp_path / "bot.sqlite3"
    db = backends.database_at(database)
    await db.open()
    recipients = range(700_000, 700_120)
    async with db.transaction() as conn:
        for index, recipient in enumerate(recipients):
            await conn.execute(
                "INSERT INTO people (telegram_id, full_name, language, created_at)"
                " VALUES (?, ?, 'ru', '2026-12-07 10:00:00')",
                (recipient, f"Получатель {index}"),
            )
    env = bot_env(database, telegram, LOG_LEVEL="INFO", SEND_CHAT_INTERVAL_SECONDS="1")
    first = await spawn_bot(env, output=False)
    await telegram.wait_for(lambda: telegram.calls_of("setMyCommands"), 20, "the first leads")
    second = await spawn_bot(env, output=False)
    try:
        await asyncio.sleep(2)  # the second is up, and not leading
        now = db.clock.now()
        async with db.transaction() as conn:
            for index, recipient in enumerate(recipients):
                await enqueue(conn, now, recipient, DeliveryFailed(recipient, index, "#", "fan"))

        def delivered() -> set[int]:
            return {
                chat
                for chat in recipients
                if any("#" in (m.get("text") or "") for m in telegram.sent_to(chat))
            }

        await telegram.wait_for(lambda: len(delivered()) >= 40, 20, "a third sent")
        first.kill()
        await first.wait()
        await telegram.wait_for(lambda: len(delivered()) == len(recipients), 40, "the rest")
        await asyncio.sleep(1)
        copies = sum(
            sum("#" in (m.get("text") or "") for m in telegram.sent_to(chat)) for chat in recipients
        )
        assert copies - len(recipients) <= 30  # at most a second's sends were in flight
        # The new leader's sends, the copies too, take their turns after the killed one's
        # in the pace the replicas share: none is refused.
        assert telegram.rate_limited == 0, telegram.rate_limited_calls
    finally:
        for process in (first, second):
            if process.returncode is None:
                process.kill()
                await process.wait()
        await db.close()
