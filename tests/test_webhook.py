"""Webhook mode over real HTTP: Telegram's posts with the right secret are saved and
handled; anything else is refused and nothing of it is handled."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from tests.conftest import STRANGER, TOKEN, RunningBot, TickingClock, make_settings
from tests.fakes.telegram import FakeTelegram

SECRET = "s3cret-Value_1"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
URL = "https://bot.example.test/telegram/hook"


@pytest.fixture
async def hooked(tmp_path: Path, telegram: FakeTelegram):
    settings = make_settings(
        tmp_path,
        telegram,
        bot_mode="webhook",
        webhook_url=URL,
        webhook_secret=SECRET,
        webhook_listen="127.0.0.1:0",
    )
    runner = RunningBot(settings, telegram, TickingClock(datetime(2026, 11, 27, 9, tzinfo=UTC)))
    await runner.start()
    yield runner
    await runner.stop()


async def post(runner: RunningBot, body: bytes, headers: dict[str, str]) -> tuple[int, str]:
    assert runner.app is not None and runner.app.ops is not None
    url = f"http://127.0.0.1:{runner.app.ops.port}/telegram/hook"
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            url, data=body, headers={"Content-Type": "application/json", **headers}
        ) as response,
    ):
        return response.status, await response.text()


def an_update(telegram: FakeTelegram, text: str) -> bytes:
    telegram.send_text(STRANGER, text)
    [update] = telegram.take_queued()
    return json.dumps(update).encode()


async def test_the_webhook_is_set_with_its_secret_and_no_token(hooked: RunningBot):
    tg = hooked.telegram
    assert tg.webhook is not None
    assert tg.webhook["url"] == URL and tg.webhook["secret_token"] == SECRET
    assert TOKEN not in tg.webhook["url"]
    assert "message" in tg.webhook["allowed_updates"]
    assert tg.offsets == []  # no polling in webhook mode


async def test_an_update_with_the_secret_is_handled_once(hooked: RunningBot):
    tg = hooked.telegram
    body = an_update(tg, "/start")
    assert await post(hooked, body, {SECRET_HEADER: SECRET}) == (200, "ok\n")
    await tg.wait_for(lambda: tg.sent_to(STRANGER["id"]), what="the answer")
    # Posted again, as Telegram does when our 200 did not reach it: kept and answered once.
    assert await post(hooked, body, {SECRET_HEADER: SECRET}) == (200, "ok\n")
    await tg.wait_for(lambda: hooked.app.intake.stats["handled"] >= 1, what="handled")
    assert hooked.app.intake.stats["received"] == 1
    assert len(tg.sent_to(STRANGER["id"])) == 1


async def test_requests_without_the_secret_are_refused_and_not_handled(hooked: RunningBot):
    tg = hooked.telegram
    body = an_update(tg, "/start")
    for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: SECRET + "x"}):
        assert await post(hooked, body, headers) == (401, "unauthorized\n")
    assert await post(hooked, b"{not json", {SECRET_HEADER: SECRET}) == (400, "not an update\n")
    assert (await post(hooked, b'{"update_id": "x"}', {SECRET_HEADER: SECRET}))[0] == 400
    oversize = b'{"update_id": 1, "padding": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    assert (await post(hooked, oversize, {SECRET_HEADER: SECRET}))[0] == 413
    assert hooked.app.intake.stats["received"] == 0
    assert tg.sent_to(STRANGER["id"]) == []
