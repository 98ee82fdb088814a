"""The calendar feeds end to end: a client and an AM subscribe, the feed is read back as
iCalendar, a deadline moves (the same UID, a new day), a finished stage leaves the feed, a
reset link kills the old one, and a wrong secret reveals nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import aiohttp
import pytest
from icalendar import Calendar

from tests.conftest import CLIENT, MANAGER, RunningBot, TickingClock, make_settings
from tests.fakes.telegram import FakeTelegram, button_data
from tests.journeys import invite_client, new_project, open_stage

BASE = "https://bot.example.com"


@pytest.fixture
async def served(tmp_path: Path, telegram: FakeTelegram):
    settings = make_settings(tmp_path, telegram, http_listen="127.0.0.1:0", public_base_url=BASE)
    runner = RunningBot(settings, telegram, TickingClock(datetime(2026, 11, 27, 9, tzinfo=UTC)))
    await runner.start()
    yield runner
    await runner.stop()


async def subscribe(tg: FakeTelegram, who: dict, *, reset: bool = False) -> str:
    seen = len(tg.sent_to(who["id"]))
    tg.send_text(who, "/calendar reset" if reset else "/calendar")
    answer = await tg.wait_message(who["id"], f"{BASE}/calendar/", since=seen)
    url = next(word for word in answer["text"].split() if word.startswith(BASE))
    return url.removeprefix(BASE)


async def read(runner: RunningBot, path: str) -> tuple[int, str, bytes]:
    assert runner.app is not None and runner.app.ops is not None
    url = f"http://127.0.0.1:{runner.app.ops.port}{path}"
    async with aiohttp.ClientSession() as session, session.get(url) as response:
        return response.status, response.content_type, await response.read()


def events(body: bytes) -> dict[str, tuple[date, str]]:
    calendar = Calendar.from_ical(body)
    return {
        str(event["UID"]): (event.decoded("DTSTART"), str(event["SUMMARY"]))
        for event in calendar.walk("VEVENT")
    }


async def test_a_feed_follows_the_deadlines_and_a_reset_kills_the_old_link(served: RunningBot):
    tg = served.telegram
    await invite_client(served)
    await new_project(tg, "Ромашка", "Сайт", "Макеты — 10 дней\nВёрстка — 05.01.2027")
    client_path = await subscribe(tg, CLIENT)
    status, kind, body = await read(served, client_path)
    assert (status, kind) == (200, "text/calendar")
    found = events(body)
    stages = sorted(found.values())
    assert stages == [
        (date(2026, 12, 7), "Срок этапа «Макеты» — Сайт · Ромашка"),
        (date(2027, 1, 5), "Срок этапа «Вёрстка» — Сайт · Ромашка"),
    ]
    uid = next(uid for uid, (_, text) in found.items() if "Макеты" in text)
    assert uid.startswith("stage-") and uid.endswith("@am-assistant")
    manager_path = await subscribe(tg, MANAGER)
    assert set(events((await read(served, manager_path))[2])) == set(found)

    # the AM moves the deadline: the same event, on the new day
    menu = await open_stage(tg, "Сайт", "Макеты")
    tg.press(MANAGER, menu, button_data(menu, "Перенести срок"))
    await tg.wait_message(MANAGER["id"], "Новый срок")
    tg.send_text(MANAGER, "15.12.2026")
    await tg.wait_message(MANAGER["id"], "Почему срок меняется")
    tg.send_text(MANAGER, "Клиент прислал материалы позже")
    await tg.wait_message(CLIENT["id"], "15 декабря")
    moved = events((await read(served, client_path))[2])
    assert moved[uid][0] == date(2026, 12, 15)
    # finished, it leaves the feed
    menu = await open_stage(tg, "Сайт", "Макеты")
    tg.press(MANAGER, menu, button_data(menu, "Завершить"))
    await tg.wait_message(CLIENT["id"], "этап «Макеты» завершён")
    assert uid not in events((await read(served, client_path))[2])

    # a new link: the old one is dead, and says no more than a made-up one
    new_path = await subscribe(tg, CLIENT, reset=True)
    assert new_path != client_path
    assert (await read(served, new_path))[0] == 200
    dead = await read(served, client_path)
    made_up = await read(served, "/calendar/" + "x" * 32 + ".ics")
    assert dead[0] == made_up[0] == 404 and dead[2] == made_up[2]
