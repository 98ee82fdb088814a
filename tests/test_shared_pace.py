"""Replicas share Telegram's limits: two processes' pacers (each its own connections to one
PostgreSQL database, as two replicas have) together send no faster than one may, to the
bot, to one chat, and after a 429; with the shared pace unreachable each still paces
its own sends."""

from __future__ import annotations

import asyncio
import itertools
import logging
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from services.db import Database
from services.db.postgres import PostgresDatabase
from services.delivery.pacing import SHARED_RETRY_SECONDS, SHARED_SLOTS_SPARED, Pacer
from services.delivery.priority import Priority, current
from tests import backends
from tests.fakes.tcp_proxy import TcpProxy

pytestmark = pytest.mark.skipif(not backends.ON_POSTGRES, reason="needs TEST_DATABASE_URL")


@pytest.fixture
async def two_replicas(tmp_path: Path):
    url = backends.url_for(tmp_path / "bot.sqlite3")
    databases: list[Database] = [PostgresDatabase(url), PostgresDatabase(url)]
    for database in databases:
        await database.open()
    yield [Pacer(shared=database.shared_pace()) for database in databases]
    for database in databases:
        await database.close()


async def send_all(pacer: Pacer, chats: list[int | None], sent: list[tuple[float, int | None]]):
    async def one(chat: int | None) -> None:
        await pacer.turn(chat)
        sent.append((time.monotonic(), chat))

    await asyncio.gather(*(one(chat) for chat in chats))


def most_in_one_second(times: list[float]) -> int:
    times = sorted(times)
    start, most = 0, 0
    for end, at in enumerate(times):
        while at - times[start] >= 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_two_replicas_together_send_no_faster_than_one_may(two_replicas):
    first, second = two_replicas
    sent: list[tuple[float, int | None]] = []
    begun = time.monotonic()
    await asyncio.gather(
        send_all(first, list(range(1, 91)), sent), send_all(second, list(range(101, 191)), sent)
    )
    took = time.monotonic() - begun
    assert len(sent) == 180
    assert most_in_one_second([at for at, _ in sent]) <= 30
    shared_rate = 29 - SHARED_SLOTS_SPARED
    assert took >= 180 / shared_rate - 1.2  # each alone would have taken half of it
    assert took < 180 / shared_rate + 2


async def test_one_chat_hears_once_a_second_whichever_replica_sends(two_replicas):
    first, second = two_replicas
    sent: list[tuple[float, int | None]] = []
    chat, group = 42, -1001
    await asyncio.gather(
        send_all(first, [chat] * 3 + [group] * 2, sent),
        send_all(second, [chat] * 3 + [group] * 2, sent),
    )
    to_chat = sorted(at for at, to in sent if to == chat)
    to_group = sorted(at for at, to in sent if to == group)
    assert len(to_chat) == 6 and len(to_group) == 4
    assert min(b - a for a, b in itertools.pairwise(to_chat)) >= 1.0
    assert min(b - a for a, b in itertools.pairwise(to_group)) >= 3.0


async def test_a_429_to_one_replica_holds_the_others_sends(two_replicas):
    first, second = two_replicas
    await first.turn(7)
    first.pause(1.5)
    await asyncio.sleep(0.1)  # the pause reaches the shared pace
    begun = time.monotonic()
    await second.turn(8)
    assert time.monotonic() - begun >= 1.3


async def test_a_reply_goes_before_the_notifications_waiting_in_its_replica(two_replicas):
    first, _ = two_replicas
    order: list[str] = []

    async def notification(n: int) -> None:
        current.set(Priority.BACKGROUND)
        await first.turn(1000 + n)
        order.append("notification")

    async def reply() -> None:
        await asyncio.sleep(0.05)  # the notifications are queued first
        await first.turn(5)
        order.append("reply")

    await asyncio.gather(*(notification(n) for n in range(40)), reply())
    assert order.index("reply") < 10


async def test_an_unreachable_shared_pace_leaves_each_replica_its_own(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    proxy = TcpProxy("127.0.0.1", urlsplit(backends.SERVER_URL).port or 5432)
    await proxy.start()
    database = PostgresDatabase(proxy.through(backends.url_for(tmp_path / "bot.sqlite3")))
    await database.open()
    pacer = Pacer(shared=database.shared_pace())
    sent: list[tuple[float, int | None]] = []
    try:
        with caplog.at_level(logging.INFO, logger="services.delivery.pacing"):
            await proxy.cut()
            begun = time.monotonic()
            await send_all(pacer, list(range(1, 41)), sent)
            took = time.monotonic() - begun
            await proxy.start()
            await asyncio.sleep(SHARED_RETRY_SECONDS)
            await send_all(pacer, [41], sent)
    finally:
        await proxy.start()
        await database.close()
        await proxy.cut()
    assert len(sent) == 41
    assert most_in_one_second([at for at, _ in sent]) <= 30
    assert took < 40 / 29 + 2  # one send waited for the server, not every one
    said = [
        (r.levelno, r.getMessage()) for r in caplog.records if "shared send pace" in r.getMessage()
    ]
    assert [level for level, _ in said] == [logging.WARNING, logging.INFO]  # one line each
    assert "paces its own sends alone" in said[0][1] and "answers again" in said[1][1]
