"""Shared fixtures: a temporary database, the fake Bot API, and the real bot on top."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import build_application
from bot.application import Application
from bot.config import Settings
from bot.runner import run
from services.db import Database
from services.platform.clock import ManualClock
from tests import backends
from tests.fakes.telegram import FakeTelegram, user

TOKEN = "123456789:" + "T" * 35
HEAD = user(1001, "Ирина", username="irina_head")
MANAGER = user(2001, "Олег", username="oleg_am")
CLIENT = user(3001, "Анна", username="anna_client")
STRANGER = user(4001, "Пётр", language="en")


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 11, 27, 10, 0, tzinfo=UTC))  # 13:00 in Moscow


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not backends.ON_POSTGRES:
        return
    skip = pytest.mark.skip(reason=backends.SQLITE_ONLY)
    # The same on every engine: the SQLite run has run them (CI's time is kept for what differs).
    same = pytest.mark.skip(reason="opens no database: the SQLite run covers it")
    for item in items:
        if item.get_closest_marker("sqlite_only"):
            item.add_marker(skip)
        elif item.get_closest_marker("no_database"):
            item.add_marker(same)


@pytest.fixture(autouse=True)
def _drop_postgres_databases() -> Iterator[None]:
    yield
    backends.drop_made()


@pytest.fixture
async def db(tmp_path: Path, clock: ManualClock) -> AsyncIterator[Database]:
    database = backends.database_at(tmp_path / "test.sqlite3", clock)
    await database.open()
    await database.migrate()
    yield database
    await database.close()


@pytest.fixture
async def telegram() -> AsyncIterator[FakeTelegram]:
    fake = FakeTelegram(TOKEN)
    await fake.start()
    yield fake
    await fake.stop()
    assert not fake.unknown_methods, f"methods the fake lacks: {fake.unknown_methods}"


def make_settings(tmp_path: Path, telegram: FakeTelegram, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": TOKEN,
        "head_ids": str(HEAD["id"]),
        **backends.settings_values(tmp_path / "bot.sqlite3"),
        "telegram_api_base": telegram.base_url,
        # The fake server has no per-chat limit; tests of pacing set Telegram's own.
        "send_chat_interval_seconds": 0.02,
        "send_group_interval_seconds": 0.02,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


class TickingClock:
    """Real seconds passing from a fixed moment: tests do not depend on the time of day."""

    def __init__(self, start: datetime) -> None:
        self._start = start
        self._origin = time.monotonic()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=time.monotonic() - self._origin)


class RunningBot:
    """The real Dispatcher and Bot, polling the fake server; can be stopped and started again."""

    def __init__(self, settings: Settings, telegram: FakeTelegram, clock=None) -> None:
        self.settings = settings
        self.telegram = telegram
        self.clock = clock
        self.app: Application | None = None
        self._task: asyncio.Task[int] | None = None

    async def start(self) -> Application:
        self.app = build_application(self.settings, self.clock)
        polls = len(self.telegram.calls_of("getMe"))
        self._task = asyncio.create_task(run(self.app, handle_signals=False, polling_timeout=1))
        await self.telegram.wait_for(
            lambda: len(self.telegram.calls_of("getMe")) > polls and self.app.scheduler.running,
            what="bot start-up",
        )
        return self.app

    async def stop(self) -> None:
        if self._task is None or self.app is None:
            return
        self.app.request_stop()
        await asyncio.wait_for(self._task, 30)
        self._task = None

    async def settled(self, within: float = 20.0) -> None:
        """Until nothing is left to happen: every update handled, no lane sending, no
        outbox row waiting to go. What did not happen by then (a duplicate, a second
        hint) will not happen: a test proves an absence after this, not after a sleep."""
        app = self.app
        assert app is not None and app.intake is not None
        deadline = time.monotonic() + within
        while True:
            app.wake()
            quiet = not self.telegram.unconfirmed and app.intake.idle and app.dispatcher.idle
            if quiet and await app.outbox.unsent() == 0:
                # once more after a turn of the loop: a handler may have just queued a row
                await asyncio.sleep(0.05)
                if app.dispatcher.idle and await app.outbox.unsent() == 0:
                    return
            if time.monotonic() > deadline:
                raise AssertionError(f"the bot did not settle in {within} s")
            await asyncio.sleep(0.05)

    async def restart(self) -> Application:
        await self.stop()
        return await self.start()


@pytest.fixture
async def running(tmp_path: Path, telegram: FakeTelegram) -> AsyncIterator[RunningBot]:
    noon_in_moscow = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)
    runner = RunningBot(make_settings(tmp_path, telegram), telegram, TickingClock(noon_in_moscow))
    await runner.start()
    yield runner
    await runner.stop()
