"""Two replicas of the bot in webhook mode on one PostgreSQL database, behind a balancer
that posts each update to either (and sometimes, as Telegram's retry, to the other too)."""

from __future__ import annotations

import asyncio
import json
import random
import time
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from tests import backends
from tests.conftest import CLIENT, MANAGER, RunningBot, TickingClock, make_settings
from tests.fakes.telegram import FakeTelegram
from tests.journeys import invite_client

pytestmark = pytest.mark.skipif(not backends.ON_POSTGRES, reason="needs TEST_DATABASE_URL")

SECRET = "replica-secret"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class Balancer:
    """Takes what the fake Telegram queued and posts each update to a replica at random;
    one in five also goes to the other replica, as a delivery Telegram tries again."""

    def __init__(self, telegram: FakeTelegram, replicas: list[RunningBot]) -> None:
        self.telegram = telegram
        self.replicas = replicas
        self.chooser = random.Random(2027)
        self.posted = {index: 0 for index in range(len(replicas))}
        self.only: int | None = None  # every update to this replica, none sent twice
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()

    async def _run(self) -> None:
        async with aiohttp.ClientSession() as session:
            while True:
                for update in self.telegram.take_queued():
                    first = self.chooser.randrange(len(self.replicas))
                    targets = [first if self.only is None else self.only]
                    if self.only is None and self.chooser.random() < 0.2:
                        targets.append((first + 1) % len(self.replicas))
                    for index in targets:
                        await self._post(session, index, update)
                await asyncio.sleep(0.005)

    async def _post(self, session: aiohttp.ClientSession, index: int, update: dict) -> None:
        app = self.replicas[index].app
        assert app is not None and app.ops is not None
        url = f"http://127.0.0.1:{app.ops.port}/hook"
        body = json.dumps(update).encode()
        for _ in range(50):  # as Telegram: again until the replica says it kept it
            async with session.post(
                url, data=body, headers={"Content-Type": "application/json", SECRET_HEADER: SECRET}
            ) as response:
                if response.status == 200:
                    self.posted[index] += 1
                    return
            await asyncio.sleep(0.1)
        raise AssertionError(f"replica {index} never took update {update['update_id']}")


@pytest.fixture
async def replicas(tmp_path: Path, telegram: FakeTelegram):
    runners = []
    for _ in range(2):
        settings = make_settings(
            tmp_path,  # the same database for both
            telegram,
            bot_mode="webhook",
            webhook_url="https://bot.example.test/hook",
            webhook_secret=SECRET,
            webhook_listen="127.0.0.1:0",
        )
        runner = RunningBot(settings, telegram, TickingClock(datetime(2026, 11, 27, 9, tzinfo=UTC)))
        await runner.start()
        runners.append(runner)
    balancer = Balancer(telegram, runners)
    balancer.start()
    yield runners, balancer
    await balancer.stop()
    for runner in runners:
        await runner.stop()


async def test_one_persons_messages_across_two_replicas_are_handled_once_in_order(replicas):
    runners, balancer = replicas
    first, second = runners
    tg = first.telegram
    assert first.app.leadership.leading and not second.app.leadership.leading
    await invite_client(first)
    texts = [f"Сообщение {n}" for n in range(1, 31)]
    for text in texts:  # as fast as a person pasting lines, no waiting for answers
        tg.send_text(CLIENT, text)
    await tg.wait_for(
        lambda: any(texts[-1] in (m.get("text") or "") for m in tg.sent_to(MANAGER["id"])),
        30,
        "the last message relayed",
    )
    rows = await first.app.db.conn.execute_fetchall(
        "SELECT text FROM messages WHERE direction = 'in' ORDER BY id"
    )
    assert [row[0] for row in rows] == texts  # each once, in the order written
    assert balancer.posted[0] > 3 and balancer.posted[1] > 3  # both replicas took some in
    relayed = "\n".join(m.get("text") or "" for m in tg.sent_to(MANAGER["id"]))
    assert all(relayed.count(text + "\n") + relayed.endswith(text) <= 1 for text in texts)
    receipts = [
        m for m in tg.sent_to(CLIENT["id"]) if "передано менеджеру" in (m.get("text") or "")
    ]
    assert len(receipts) <= len(texts)


async def test_what_a_replica_that_does_not_lead_queues_goes_out_at_once(replicas):
    """The leader alone sends the outbox; a client's message handled by another replica
    is relayed to the AM as soon as it is stored (that replica wakes the leader), not at
    the leader's next tick of the outbox, a second apart."""
    runners, balancer = replicas
    first, second = runners
    tg = first.telegram
    assert first.app.leadership.leading and not second.app.leadership.leading
    await invite_client(first)
    balancer.only = 1
    delays = []
    for n in range(6):
        text = f"Вопрос номер {n}"
        asked = time.monotonic()
        tg.send_text(CLIENT, text)
        await tg.wait_for(
            lambda text=text: any(text in (m.get("text") or "") for m in tg.sent_to(MANAGER["id"])),
            10,
            "the question relayed",
        )
        delays.append(time.monotonic() - asked)
        await asyncio.sleep(1.2)  # the AM's chat may hear again, and the outbox ticks between
    # Ticks a second apart would make the delays spread over that second.
    assert max(delays) < 0.5, delays
