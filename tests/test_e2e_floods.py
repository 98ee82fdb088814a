"""Floods are absorbed, fairly: with Telegram's own per-chat limit (1.04 s), replies are
paced, a burst of nonsense gets one hint, one client's burst reaches the AM as a growing
alert and never delays another client; a refused step leaves nobody stuck in it."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.intake import HANDLING_AT_ONCE
from tests.conftest import CLIENT, MANAGER, STRANGER, RunningBot, TickingClock, make_settings
from tests.fakes.telegram import FakeTelegram, button_data, user
from tests.journeys import make_manager
from tests.test_e2e_chat import join

SECOND_CLIENT = user(3002, "Борис", username="boris_client")


@pytest.fixture
async def paced(tmp_path: Path, telegram: FakeTelegram) -> AsyncIterator[RunningBot]:
    """The bot with Telegram's real limits, not the tests' fast ones."""
    settings = make_settings(tmp_path, telegram, send_chat_interval_seconds=1.04)
    runner = RunningBot(settings, telegram, TickingClock(datetime(2026, 11, 27, 9, tzinfo=UTC)))
    await runner.start()
    yield runner
    await runner.stop()


def send_moments(tg: FakeTelegram, chat_id: int) -> list[float]:
    return [c.at for c in tg.calls if c.method.startswith("send") and c.chat_id == chat_id]


async def test_a_burst_of_nonsense_gets_one_hint_and_replies_keep_one_a_second(paced):
    tg = paced.telegram
    for index in range(40):
        tg.send_text(STRANGER, f"hello {index}")
    await tg.wait_message(STRANGER["id"], "I did not understand")
    await paced.settled()  # all 40 handled: a second hint would have been sent by now
    hints = [m for m in tg.sent_to(STRANGER["id"]) if "did not understand" in m["text"]]
    assert len(hints) == 1
    for _ in range(4):
        tg.send_text(STRANGER, "/help")
    await tg.wait_for(lambda: len(tg.sent_to(STRANGER["id"])) >= 5, 10, "four help texts")
    gaps = [b - a for a, b in itertools.pairwise(send_moments(tg, STRANGER["id"]))]
    assert min(gaps) >= 0.9  # 1.04 s apart when sent; the network may shift one a little


async def test_one_clients_burst_grows_one_alert_and_never_delays_another_client(paced):
    tg = paced.telegram
    await make_manager(paced)
    await join(tg, MANAGER, CLIENT, "Ромашка")
    await join(tg, MANAGER, SECOND_CLIENT, "Лютик")
    for index in range(30):
        tg.send_text(CLIENT, f"Вопрос номер {index}")
    await asyncio.sleep(1.5)  # the burst is being relayed
    sent_at = time.monotonic()
    tg.send_text(SECOND_CLIENT, "Срочно: сайт не открывается")
    await tg.wait_message(MANAGER["id"], "Срочно: сайт не открывается", within=10)
    assert time.monotonic() - sent_at < 4  # not behind the 30 messages of the first client

    def all_relayed() -> bool:
        text = "\n".join(m.get("text") or "" for m in tg.sent_to(MANAGER["id"]))
        return all(f"Вопрос номер {index}\n" in text + "\n" for index in range(30))

    await tg.wait_for(all_relayed, 15, "the whole burst relayed")
    alerts = [m for m in tg.sent_to(MANAGER["id"]) if "Анна" in (m.get("text") or "")]
    assert len(alerts) <= 5  # batched: "N new messages", not 30 alerts
    assert any("новых сообщени" in m["text"] for m in alerts)


async def test_a_refused_reply_ends_the_reply_step(running: RunningBot):
    tg = running.telegram
    await make_manager(running)
    await join(tg, MANAGER, CLIENT, "Ромашка")
    tg.send_text(CLIENT, "Есть вопрос")
    relayed = await tg.wait_message(MANAGER["id"], "Есть вопрос")
    tg.press(MANAGER, relayed, button_data(relayed, "Ответить"))
    await tg.wait_message(MANAGER["id"], "Напишите ответ клиенту")
    async with running.app.db.transaction() as conn:  # the company goes to another AM
        await conn.execute("UPDATE companies SET manager_id = NULL")
    tg.send_text(MANAGER, "Ответ, который уже нельзя отправить")
    await tg.wait_message(MANAGER["id"], "нет прав")
    seen = len(tg.sent_to(MANAGER["id"]))
    tg.send_text(MANAGER, "И ещё одно сообщение")
    await tg.wait_for(lambda: len(tg.sent_to(MANAGER["id"])) > seen, 10, "an answer")
    later = [m["text"] for m in tg.sent_to(MANAGER["id"])[seen:]]
    assert not any("нет прав" in text for text in later), later


async def test_more_people_at_once_than_are_handled_at_once_all_get_their_answer(running):
    """Updates beyond HANDLING_AT_ONCE wait their turn in memory: none is lost or stuck."""
    tg = running.telegram
    strangers = [user(50_000 + n, f"Гость {n}") for n in range(HANDLING_AT_ONCE * 2 + 5)]
    for stranger in strangers:
        tg.send_text(stranger, "/start")
    for stranger in strangers:
        await tg.wait_message(stranger["id"], "ссылка-приглашение", within=30)
    await tg.wait_for(lambda: not tg.unconfirmed, 5, "every update confirmed")
