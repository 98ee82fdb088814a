"""What an operator's tools see over HTTP: alive, ready (or why not), and the numbers."""

from __future__ import annotations

import asyncio
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from bot.jobs import run_planners
from tests.backends import PASSWORD
from tests.conftest import CLIENT, HEAD, STRANGER, TOKEN, RunningBot, TickingClock, make_settings
from tests.fakes.telegram import FakeTelegram
from tests.processes import bot_env, spawn_bot


@pytest.fixture
async def operated(tmp_path: Path, telegram: FakeTelegram):
    settings = make_settings(tmp_path, telegram, http_listen="127.0.0.1:0")
    runner = RunningBot(settings, telegram, TickingClock(datetime(2026, 11, 27, 9, tzinfo=UTC)))
    await runner.start()
    yield runner
    await runner.stop()


async def get(runner: RunningBot, path: str) -> tuple[int, str]:
    assert runner.app is not None and runner.app.ops is not None
    url = f"http://127.0.0.1:{runner.app.ops.port}{path}"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, await response.text()


async def test_alive_and_ready_once_running(operated: RunningBot):
    tg = operated.telegram
    await tg.wait_for(lambda: tg.offsets, what="polling")
    assert await get(operated, "/healthz") == (200, "ok\n")
    await tg.wait_for(lambda: operated.app.dispatcher.seconds_since_pump() is not None)
    status, body = await get(operated, "/readyz")
    assert status == 200, body
    assert '"ready": true' in body


async def test_not_ready_says_which_check_failed(operated: RunningBot, monkeypatch):
    app = operated.app
    assert app is not None

    async def unanswered() -> None:
        raise OSError("disk I/O error")

    monkeypatch.setattr(app.db, "answers", unanswered)
    monkeypatch.setattr(app.api_health, "seconds_since", lambda: None)  # never answered
    status, body = await get(operated, "/readyz")
    assert status == 503
    assert '"database": {"ok": false, "error": "OSError: disk I/O error"}' in body
    assert '"telegram": {"ok": false' in body
    assert await get(operated, "/healthz") == (200, "ok\n")  # alive all the same


async def test_metrics_count_what_happened(operated: RunningBot):
    tg = operated.telegram
    tg.send_text(HEAD, "/start")
    await tg.wait_for(lambda: operated.app.intake.stats["handled"] >= 1, what="handled")
    await run_planners(operated.app)
    status, text = await get(operated, "/metrics")
    assert status == 200
    assert 'am_updates_total{result="handled",type="message"} 1.0' in text
    assert "am_update_handling_seconds_count 1.0" in text
    ticks = re.search(r'am_planner_tick_seconds_count\{planner="invoices"\} (\d+)', text)
    assert ticks is not None and int(ticks.group(1)) >= 1  # the scheduler's, and ours
    assert 'am_outbox_rows{status="pending"}' in text
    assert 'am_outbox_rows{status="dropped"} 0.0' in text
    assert "am_people_unreachable 0.0" in text
    assert 'am_outbox_events_total{event="sent"}' in text
    assert "# TYPE am_render_events_total counter" in text  # drawings, once there are any
    assert 'am_intake_events_total{event="received"}' in text


# What people write, in both alphabets: a JSON log writes Cyrillic as \\uXXXX, so a search
# for the raw text alone would pass over it.
CLIENT_WROTE = ("Quasar-zebra-7781 my bank password", "Тайный пароль клиента 4417")
STRANGER_WROTE = ("Stranger-octopus-3392", "Незнакомец пишет секрет 5521")


def traces_of(text: str) -> list[str]:
    """The forms a text takes in a log line: raw, JSON-escaped, repr-escaped."""
    return [text, json.dumps(text)[1:-1], text.encode("unicode_escape").decode()]


@pytest.mark.parametrize("log_format", ["text", "json"])
@pytest.mark.parametrize("level", ["DEBUG", "INFO", "WARNING", "ERROR"])
async def test_logs_carry_neither_the_token_nor_what_people_wrote(
    tmp_path, telegram, log_format: str, level: str
):
    env = bot_env(tmp_path / "bot.sqlite3", telegram, LOG_FORMAT=log_format, LOG_LEVEL=level)
    process = await spawn_bot(env)
    try:
        await telegram.wait_for(lambda: telegram.offsets, 30, "the bot polling")
        telegram.send_text(HEAD, "/invite Ромашка")
        invite = await telegram.wait_message(HEAD["id"], "Ссылка-приглашение", 30)
        payload = invite["text"].split("start=")[1].split()[0]
        telegram.send_text(CLIENT, f"/start {payload}")
        await telegram.wait_message(HEAD["id"], "подключился новый контакт", 30)
        for text in CLIENT_WROTE:
            telegram.send_text(CLIENT, text)
        for text in STRANGER_WROTE:
            telegram.send_text(STRANGER, text)
        await telegram.wait_message(HEAD["id"], CLIENT_WROTE[1][:12], 30)
        await telegram.wait_for(lambda: telegram.sent_to(STRANGER["id"]), 30, "an answer")
    finally:
        process.terminate()
        output, _ = await asyncio.wait_for(process.communicate(), 30)
    log = output.decode()
    records = [json.loads(line) for line in log.splitlines()] if log_format == "json" else []
    assert all({"time", "level", "logger", "message"} <= set(record) for record in records)
    if level in ("DEBUG", "INFO"):
        assert "connected to the Bot API" in log and "stopped cleanly" in log
    if level == "DEBUG":
        assert "handled" in log
    for secret in (*CLIENT_WROTE, *STRANGER_WROTE, payload, TOKEN.split(":")[1], PASSWORD):
        for trace in traces_of(secret):
            assert trace not in log, f"{trace!r} is in the {level} {log_format} log"
