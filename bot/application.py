"""The running bot's long-lived objects in one place (`Application`): what the wiring
(bot/app.py) builds, and what the lifecycle, the jobs and the run loop share. It also
answers the operator's endpoints (bot/ops.py's `Operated`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram_i18n.cores import FluentRuntimeCore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.api_health import ApiHealth
from bot.calendar_feed import CalendarFeeds
from bot.config import Settings
from bot.intake import UpdateIntake
from bot.ops import Metrics, OpsServer
from services.accounts.people import People
from services.billing.invoices import Invoices
from services.conversation.chat import Chat
from services.db import Database, Leadership
from services.delivery.claims import OutboxStore
from services.delivery.dispatch import OutboxDispatcher
from services.delivery.inbox import UpdateInbox
from services.planners.base import Planner
from services.planners.briefs import BriefNudges
from services.platform.clock import Clock
from services.questionnaires.briefs import Briefs
from services.sales.proposals import Proposals
from views.render_worker import RenderWorker

OUTBOX_JOB = "outbox"


@dataclass
class Application:
    settings: Settings
    clock: Clock
    db: Database
    people: People
    bot: Bot
    dp: Dispatcher
    core: FluentRuntimeCore
    outbox: OutboxStore
    dispatcher: OutboxDispatcher
    briefs: Briefs
    proposals: Proposals
    planners: list[Planner[Any]]
    nudges: BriefNudges
    invoices: Invoices
    chat: Chat
    inbox: UpdateInbox
    api_health: ApiHealth
    render_worker: RenderWorker
    calendar_feeds: CalendarFeeds
    # Whether this replica does the work done once for the agency (services/db Leadership).
    leadership: Leadership
    metrics: Metrics = field(default_factory=Metrics)
    scheduler: AsyncIOScheduler = field(default_factory=AsyncIOScheduler)
    intake: UpdateIntake | None = None
    exit_code: int = 0
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    # Set by `python -m bot`, which checked the file while aiogram was being imported.
    database_checked: bool = False
    ops: OpsServer | None = None
    default_menus_set: bool = False
    # The scheduled jobs running now: the shutdown lets them finish or stops them.
    running_jobs: set[asyncio.Task[object]] = field(default_factory=set)
    listening: asyncio.Task[None] | None = None  # for the other replicas' words (wake)

    # A word to the leader in flight, and whether another is owed after it.
    _telling: asyncio.Task[None] | None = None
    _tell_again: bool = False

    def wake(self) -> None:
        """Send what was just queued now, not at the outbox's next tick: here where this
        process leads, else by a word to the replica that does."""
        if self.leadership.leading:
            self.pump_now()
            return
        self._tell_again = True
        if self._telling is None or self._telling.done():
            self._telling = asyncio.get_running_loop().create_task(self._tell_leader())

    async def _tell_leader(self) -> None:
        # Rows committed while a word is on its way get a word of their own after it.
        while self._tell_again:
            self._tell_again = False
            await self.leadership.wake_leader()

    def woken_by_replica(self) -> None:
        """Another replica queued outbox rows (`Leadership.listen`)."""
        if self.leadership.leading:
            self.pump_now()

    def pump_now(self) -> None:
        """Run the outbox job now instead of at its next tick."""
        if not self.scheduler.running:
            return
        job = self.scheduler.get_job(OUTBOX_JOB)
        if job is not None:
            job.modify(next_run_time=datetime.now(UTC))

    def request_stop(self, exit_code: int = 0) -> None:
        """Stop taking updates; running handlers and sends finish first (bot/runner.py)."""
        self.exit_code = self.exit_code or exit_code
        self.stopping.set()
        if self.intake is not None:
            self.intake.stop()

    # what the operator's endpoints ask (bot/ops.py) ----------------------------------

    async def database_answers(self) -> None:
        await self.db.answers()

    def seconds_since_api_answer(self) -> float | None:
        return self.api_health.seconds_since()

    def api_answer_limit_seconds(self) -> float:
        return self.settings.ready_api_minutes * 60.0

    def seconds_since_pump(self) -> float | None:
        return self.dispatcher.seconds_since_pump()

    async def operator_counts(self) -> tuple[dict[str, int], int]:
        return await self.outbox.operator_counts()
