"""Nothing a user sent is lost: the bot against injected faults — kill -9, a locked or
full database, handlers failing on the database or on Telegram, a database deleted while
running or unusable at start-up."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

import aiosqlite
import pytest

from bot.application import Application
from bot.jobs import guarded
from services.conversation.chat import Chat
from services.db import DatabaseUnusable
from services.db.sqlite import SQLiteDatabase
from services.delivery.notices import DeliveryFailed
from services.delivery.outbox import enqueue
from tests import backends
from tests.conftest import CLIENT, HEAD, MANAGER, STRANGER, TOKEN, RunningBot
from tests.fakes.telegram import FakeTelegram, Fault, button_data
from tests.journeys import BriefDriver, invite_client, question_header
from tests.processes import ROOT, bot_env, spawn_bot


def run_bot(database: Path, telegram: FakeTelegram, *args: str):
    """`python -m bot ARGS` to its end (a start-up that is refused)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=ROOT,
        env=bot_env(database, telegram),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


async def start_process(env: dict[str, str], telegram: FakeTelegram):
    polls = len(telegram.offsets)
    process = await spawn_bot(env, output=False)
    await telegram.wait_for(lambda: len(telegram.offsets) > polls, 20, "the bot polling")
    return process


async def open_brief(running: RunningBot) -> BriefDriver:
    tg = running.telegram
    await invite_client(running)
    client = BriefDriver(tg, CLIENT)
    tg.send_text(CLIENT, "/brief")
    choice = await tg.wait_message(CLIENT["id"], "Какой бриф заполним?")
    first = await client._after(
        lambda: tg.press(CLIENT, choice, button_data(choice, "Рекламная кампания"))
    )
    assert question_header(first).startswith("Вопрос 1 из")
    return client


async def brief_answers(database: Path) -> dict[str, Any]:
    db = backends.database_at(database)
    await db.open()
    try:
        (answers,) = (
            await db.conn.execute_fetchall("SELECT answers FROM briefs ORDER BY id DESC LIMIT 1")
        )[0]
    finally:
        await db.close()
    return json.loads(answers)


async def test_kill_9_at_any_moment_of_a_brief_loses_no_answer(running: RunningBot):
    """Each answer is followed by a SIGKILL 0-120 ms later and a restart (bench/faults.py
    kills many more times): every answer is
    saved once, to the question it answered, and the next question is shown."""
    tg = running.telegram
    client = await open_brief(running)
    database = running.settings.database_path
    await running.stop()
    env = bot_env(database, tg)
    answers = ["Бренд А", "Позиция Б", "Ниша В"]
    moments = random.Random(2026)
    process = await start_process(env, tg)
    try:
        for number, answer in enumerate(answers, start=1):
            seen = len(tg.sent_to(CLIENT["id"]))
            tg.send_text(CLIENT, answer)
            await asyncio.sleep(moments.uniform(0, 0.12))
            process.kill()
            await process.wait()
            process = await start_process(env, tg)

            def next_question(number: int = number, seen: int = seen) -> bool:
                return any(
                    question_header(m).startswith(f"Вопрос {number + 1} из")
                    for m in tg.sent_to(CLIENT["id"])[seen:]
                    if m.get("text")
                )

            await tg.wait_for(next_question, 15, f"question {number + 1} after a kill")
            assert client.last_step()["text"].startswith(f"Вопрос {number + 1} из")
    finally:
        process.kill()
        await process.wait()
    saved = await brief_answers(database)
    assert [saved[q] for q in ("brand", "positioning", "category")] == answers
    told = [m for m in tg.sent_to(CLIENT["id"]) if "не получилось" in (m.get("text") or "")]
    assert told == []


@pytest.mark.sqlite_only
async def test_a_database_locked_for_ten_seconds_loses_nothing(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    database = running.settings.database_path
    locked = threading.Event()

    def hold_the_write_lock() -> None:
        conn = sqlite3.connect(database, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        locked.set()
        time.sleep(10)
        conn.execute("COMMIT")
        conn.close()

    holder = threading.Thread(target=hold_the_write_lock)
    holder.start()
    await asyncio.to_thread(locked.wait)
    for text in ("Первое", "Второе", "Третье"):
        tg.send_text(CLIENT, text)
    await asyncio.to_thread(holder.join)
    await tg.wait_message(MANAGER["id"], "Третье", within=20)
    alerts = [m["text"] for m in tg.sent_to(MANAGER["id"]) if "💬" in (m.get("text") or "")]
    assert all(any(text in alert for alert in alerts) for text in ("Первое", "Второе"))
    assert len(alerts) < 3  # what came while the first alert waited grew the next one
    rows = await running.app.db.conn.execute_fetchall(
        "SELECT text FROM messages WHERE direction = 'in' ORDER BY id"
    )
    assert [r[0] for r in rows] == ["Первое", "Второе", "Третье"]
    assert not any("не получилось" in (m.get("text") or "") for m in tg.sent_to(CLIENT["id"]))


@pytest.mark.sqlite_only
async def test_a_full_disk_keeps_the_update_with_telegram_until_it_can_be_saved(
    running: RunningBot,
):
    tg = running.telegram
    await invite_client(running)
    async with running.app.db.transaction() as conn:  # the writer's limit
        (pages,) = await (await conn.execute("PRAGMA page_count")).fetchone()
        await conn.execute(f"PRAGMA max_page_count = {pages}")  # no room for one more page
    filler = "x" * 3000
    tg.send_text(CLIENT, f"Сообщение при полном диске {filler}")
    intake = running.app.intake
    await tg.wait_for(lambda: intake.stats["save_retried"] >= 3, 15, "three refused saves")
    assert tg.unconfirmed, "an update that could not be saved was confirmed to Telegram"
    relayed = [m for m in tg.sent_to(MANAGER["id"]) if "полном диске" in (m.get("text") or "")]
    assert relayed == []
    async with running.app.db.transaction() as conn:
        await conn.execute("PRAGMA max_page_count = 1073741823")  # the disk has room again
    await tg.wait_message(MANAGER["id"], "Сообщение при полном диске", within=15)
    await tg.wait_for(lambda: not tg.unconfirmed, 5, "the update confirmed")


async def test_a_handler_failing_on_the_database_is_retried_and_takes_effect_once(
    running: RunningBot, monkeypatch: pytest.MonkeyPatch
):
    tg = running.telegram
    await invite_client(running)
    real = Chat.client_message
    failures = iter([sqlite3.OperationalError("disk I/O error")] * 2)

    async def flaky(self, *args, **kwargs):
        error = next(failures, None)
        if error is not None:
            raise error
        return await real(self, *args, **kwargs)

    monkeypatch.setattr(Chat, "client_message", flaky)
    tg.send_text(CLIENT, "Где макеты?")
    await tg.wait_message(MANAGER["id"], "Где макеты?", within=15)
    await running.settled()
    rows = await running.app.db.conn.execute_fetchall(
        "SELECT COUNT(*) FROM messages WHERE text = 'Где макеты?'"
    )
    assert rows[0][0] == 1
    alerts = [m for m in tg.sent_to(MANAGER["id"]) if "Где макеты?" in (m.get("text") or "")]
    assert len(alerts) == 1
    assert running.app.intake is not None and running.app.intake.stats["retried"] == 2


async def test_giving_up_on_a_handler_tells_the_sender_it_was_not_saved(
    running: RunningBot, monkeypatch: pytest.MonkeyPatch
):
    tg = running.telegram
    await invite_client(running)

    async def broken(self, *args, **kwargs):
        raise sqlite3.DatabaseError("database disk image is malformed")

    monkeypatch.setattr(Chat, "client_message", broken)
    assert running.app.intake is not None
    running.app.intake.backoff = (0.05,)
    tg.send_text(CLIENT, "Это сообщение не сохранится")
    await tg.wait_message(CLIENT["id"], "Не получилось сохранить ваше последнее сообщение")
    for _ in range(100):  # the failure is recorded just after the sender is told
        status = await running.app.db.conn.execute_fetchall(
            "SELECT status FROM inbox ORDER BY update_id DESC LIMIT 1"
        )
        if status[0][0] != "new":
            break
        await asyncio.sleep(0.05)
    assert status[0][0] == "failed"
    alarm = await tg.wait_message(HEAD["id"], "База данных бота не отвечает")
    assert "database disk image is malformed" in alarm["text"]


async def test_an_answer_saved_before_its_reply_failed_is_not_saved_again(running: RunningBot):
    """The answer is committed, then sending the next question fails: the update is not
    handled again (which would save the answer to the next question), the next question
    is shown instead."""
    tg = running.telegram
    client = await open_brief(running)
    tg.faults.append(Fault("sendMessage", 500, chat_id=CLIENT["id"]))
    seen = len(tg.sent_to(CLIENT["id"]))
    tg.send_text(CLIENT, "Бренд после сбоя")
    step = await tg.wait_message(CLIENT["id"], "Вопрос 2 из", since=seen)
    assert question_header(step).startswith("Вопрос 2 из")
    saved = await brief_answers(running.settings.database_path)
    assert saved == {"brand": "Бренд после сбоя"}
    assert client.last_step() is step


@pytest.mark.sqlite_only
async def test_a_database_deleted_while_running_stops_the_bot(running: RunningBot):
    database = running.settings.database_path
    task = running._task
    assert task is not None
    os.remove(database)
    code = await asyncio.wait_for(task, 15)
    assert code == 3
    running._task = None


def corrupt_page(database: Path) -> None:
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE filler (x TEXT)")
        conn.executemany("INSERT INTO filler VALUES (?)", [("y" * 500,)] * 200)
    data = bytearray(database.read_bytes())
    for offset in range(4096 * 3, 4096 * 5):
        data[offset] = 0x5A
    database.write_bytes(bytes(data))


def foreign_database(database: Path) -> None:
    with sqlite3.connect(database) as conn:
        conn.execute("CREATE TABLE invoices_1c (id INTEGER)")


def garbage_file(database: Path) -> None:
    database.write_bytes(b"this is not a database\n" * 100)


def deleted_after_first_run(database: Path) -> None:
    database.with_name(database.name + ".created").write_text("2026-11-01 10:00:00\n")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (garbage_file, "cannot be"),
        (corrupt_page, "damaged"),
        (foreign_database, "is not this bot's"),
        (deleted_after_first_run, "is missing, but one was created here before"),
    ],
)
@pytest.mark.sqlite_only
def test_an_unusable_database_stops_start_up_with_one_line(
    tmp_path: Path, telegram: FakeTelegram, damage, expected: str
):
    database = tmp_path / "data" / "bot.sqlite3"
    database.parent.mkdir()
    damage(database)
    started = time.monotonic()
    result = run_bot(database, telegram)
    assert time.monotonic() - started < 5
    assert result.returncode == 3, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert "Traceback" not in result.stdout


@pytest.mark.sqlite_only
def test_init_starts_an_empty_database_when_asked(tmp_path: Path, telegram: FakeTelegram):
    database = tmp_path / "data" / "bot.sqlite3"
    database.parent.mkdir()
    deleted_after_first_run(database)
    result = run_bot(database, telegram, "--init", "migrate")
    assert result.returncode == 0, result.stderr
    assert database.exists()


@pytest.mark.sqlite_only
async def test_sigterm_under_load_fails_nothing(tmp_path: Path, telegram: FakeTelegram):
    """Sends in flight finish in the reader's language, updates being handled finish, the
    rest waits for the next start: no failed row, no KeyError, no traceback."""
    database = tmp_path / "data" / "bot.sqlite3"
    db = SQLiteDatabase(database)
    await db.open()
    await db.migrate()
    async with db.transaction() as conn:
        for index in range(300):
            recipient = 50_000 + index % 100
            await enqueue(
                conn, db.clock.now(), recipient, DeliveryFailed(recipient, index, "load", "—")
            )
    await db.close()
    telegram.latency_ms = 60
    process = await spawn_bot(bot_env(database, telegram, LOG_LEVEL="INFO"))
    await telegram.wait_for(lambda: len(telegram.messages) >= 30, 30, "sending under way")
    for index in range(10):
        telegram.send_text(STRANGER, f"/help {index}")
    await asyncio.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    log = output.decode()
    assert process.returncode == 0, log
    assert "KeyError" not in log and "Traceback" not in log, log
    assert "stopped cleanly" in log
    with sqlite3.connect(database) as conn:
        rows = conn.execute("SELECT status, attempts FROM outbox").fetchall()
        open_updates = conn.execute(
            "SELECT COUNT(*) FROM inbox WHERE status NOT IN ('new', 'done')"
        ).fetchone()[0]
    assert {status for status, _ in rows} <= {"sent", "pending"}
    assert all(attempts == 0 for _, attempts in rows)
    assert open_updates == 0
    sent = sum(1 for status, _ in rows if status == "sent")
    delivered = [chat for chat, _ in telegram.messages if 50_000 <= chat < 50_100]
    assert sent >= 30 and sent == len(delivered)  # each delivered row marked, and once


@pytest.mark.sqlite_only
async def test_a_read_only_database_is_refused_before_anything_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    database = tmp_path / "bot.sqlite3"
    db = SQLiteDatabase(database)
    await db.open()
    await db.migrate()
    await db.close()
    connect = aiosqlite.connect  # as on a read-only file system: every write refused
    monkeypatch.setattr(
        aiosqlite, "connect", lambda path, **kw: connect(f"file:{path}?mode=ro", uri=True, **kw)
    )
    db = SQLiteDatabase(database)
    with pytest.raises(DatabaseUnusable, match="cannot be written: attempt to write a readonly"):
        await db.open()
        await db.check()
    await db.close()


async def test_an_update_saved_before_a_kill_is_handled_at_the_next_start(running: RunningBot):
    tg = running.telegram
    await invite_client(running)
    await running.stop()
    db = backends.database_at(running.settings.database_path)
    await db.open()
    payload = {
        "update_id": 999_000,
        "message": {
            "message_id": 77,
            "date": 1_795_000_000,
            "chat": {"id": CLIENT["id"], "type": "private", "first_name": "Анна"},
            "from": CLIENT,
            "text": "Сохранено до сбоя",
        },
    }
    async with db.transaction() as conn:  # saved and confirmed; then the process died
        await conn.execute(
            "INSERT INTO inbox (update_id, chat_key, payload, received_at)"
            " VALUES (999000, ?, ?, '2026-11-27 09:00:00')",
            (CLIENT["id"], json.dumps(payload, ensure_ascii=False)),
        )
    await db.close()
    await running.start()
    await tg.wait_message(MANAGER["id"], "Сохранено до сбоя")


async def run_to_end(env: dict[str, str]) -> tuple[int, str]:
    """`python -m bot` to its end while this loop keeps serving the fake Bot API."""
    process = await spawn_bot(env)
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    return process.returncode or 0, output.decode()


async def test_a_token_telegram_rejects_ends_the_start_with_one_line(tmp_path, telegram):
    env = bot_env(tmp_path / "bot.sqlite3", telegram, BOT_TOKEN="123456789:" + "X" * 35)
    code, output = await run_to_end(env)
    assert code == 2
    lines = output.strip().splitlines()
    assert len(lines) == 1 and "rejected the bot token" in lines[0], output
    assert "Traceback" not in output and "Unclosed" not in output, output
    assert "X" * 35 not in output  # the token is never written out


async def test_telegram_unreachable_at_start_is_waited_for(tmp_path):
    with socket.socket() as probe:  # a port with nobody listening, yet
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    telegram = FakeTelegram(TOKEN)
    base = f"http://127.0.0.1:{port}"
    process = await spawn_bot(bot_env(tmp_path / "bot.sqlite3", telegram, TELEGRAM_API_BASE=base))
    assert process.stdout is not None
    said: list[str] = []
    while sum("cannot reach the Bot API" in line for line in said) < 2:
        line = await asyncio.wait_for(process.stdout.readline(), 30)
        assert line, "".join(said)
        said.append(line.decode())
    retries = [line for line in said if "cannot reach the Bot API" in line]
    assert f"at http://127.0.0.1:{port}: " in retries[0] and "retrying in 1 s" in retries[0]
    assert "retrying in 2 s" in retries[1]  # backing off
    await telegram.start(port)
    try:
        await telegram.wait_for(lambda: telegram.offsets, 30, "the bot polling")
        process.terminate()
        rest, _ = await asyncio.wait_for(process.communicate(), 30)
    finally:
        await telegram.stop()
    output = "".join(said) + rest.decode()
    assert process.returncode == 0
    assert "connected to the Bot API" in output
    assert "Traceback" not in output and "Unclosed" not in output, output


async def test_a_job_the_database_fails_says_so_in_one_line_and_runs_at_its_next_tick(
    caplog: pytest.LogCaptureFixture,
):
    """A scheduled job meeting the database away (a server restarting, a lock) writes one
    warning line, with no traceback and nothing past the error's first line, and runs
    again at its next tick."""
    app = cast(Application, SimpleNamespace(running_jobs=set(), stopping=asyncio.Event()))
    runs: list[int] = []

    async def refresh_menus() -> int:
        runs.append(1)
        if len(runs) == 1:
            raise sqlite3.OperationalError("database is locked\nDETAIL: a row's values")
        return 7

    job = guarded(app, refresh_menus)
    with caplog.at_level(logging.INFO):
        assert await job() is None
        assert await job() == 7
    said = [(r.levelno, r.getMessage(), r.exc_info) for r in caplog.records]
    assert said == [
        (
            logging.WARNING,
            "refresh_menus: the database did not answer (database is locked); next tick",
            None,
        )
    ]
