"""Wiring: builds the Bot, the Dispatcher, the services and the scheduler; start and stop."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from aiogram.fsm.storage.memory import SimpleEventIsolation
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import FluentRuntimeCore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import Settings
from bot.content import NotificationContent
from bot.i18n import PersonLanguageManager
from bot.menus import refresh_stale_menus, set_default_menus
from bot.middlewares import PersonMiddleware, UpdateTracker
from bot.sender import TelegramSender
from bot.storage import DatabaseStorage
from handlers import build_root_router
from services.access import AccessRequests
from services.audit import AuditLog
from services.briefs import Briefs
from services.chat import Chat
from services.clock import Clock, SystemClock
from services.companies import Companies
from services.conversations import ConversationStore
from services.db import Database
from services.dispatch import OutboxDispatcher
from services.form_templates import load_template, load_templates
from services.invoices import Invoices, ReminderPolicy
from services.outbox import OutboxStore
from services.people import People
from services.projects import ProjectReminders, Projects
from services.proposals import Proposals
from services.workdays import WorkCalendar

log = logging.getLogger(__name__)

# Absolute, so `python -m bot` works from any working directory.
LOCALES_PATH = str(Path(__file__).resolve().parent.parent / "locales" / "{locale}")
OUTBOX_JOB = "outbox"
MENUS_JOB = "menus"
PLANNER_JOB = "planners"


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
    project_reminders: ProjectReminders
    invoices: Invoices
    chat: Chat
    scheduler: AsyncIOScheduler = field(default_factory=AsyncIOScheduler)
    updates: UpdateTracker | None = None
    _menus_lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    _menus_dirty: bool = False

    def wake(self) -> None:
        """Run the outbox and menu jobs now instead of at their next tick."""
        if not self.scheduler.running:
            return
        now = datetime.now(UTC)
        for job_id in (OUTBOX_JOB, MENUS_JOB):
            job = self.scheduler.get_job(job_id)
            if job is not None:
                job.modify(next_run_time=now)

    async def refresh_menus(self) -> None:
        # A wake-up during a running refresh must not be lost: it makes the loop go again.
        self._menus_dirty = True
        if self._menus_lock.locked():
            return
        async with self._menus_lock:
            while self._menus_dirty:
                self._menus_dirty = False
                await refresh_stale_menus(self.bot, self.core, self.people)

    async def run_planners(self) -> None:
        """Reminders are planned from the database; dedup keys make a rerun harmless.
        One planner's failure must not keep the others from running."""
        planners = (
            self.briefs.plan_nudges,
            self.proposals.plan_reminders,
            self.project_reminders.plan,
            self.invoices.plan_reminders,
            self.chat.plan_sla,
        )
        planned = 0
        for plan in planners:
            try:
                planned += await plan()
            except Exception:
                log.exception("planner %s failed; the others go on", plan.__qualname__)
        if planned:
            self.wake()

    async def on_startup(self) -> None:
        await self.db.open()
        applied = await self.db.migrate()
        if applied:
            log.info("database migrated: %s", ", ".join(applied))
        await self.people.sync_heads(self.settings.head_ids)
        recovered = await self.outbox.recover_sending()
        if recovered:
            log.info("%d outbox rows were in flight at the last stop; they go out again", recovered)
        await set_default_menus(self.bot, self.core, self.settings.default_language)
        self.scheduler.add_job(
            self.dispatcher.drain,
            "interval",
            seconds=1,
            id=OUTBOX_JOB,
            max_instances=3,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
        self.scheduler.add_job(
            self.refresh_menus,
            "interval",
            seconds=60,
            id=MENUS_JOB,
            max_instances=3,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
        self.scheduler.add_job(
            self.run_planners,
            "interval",
            seconds=60,
            id=PLANNER_JOB,
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
        self.scheduler.start()
        me = await self.bot.me()
        log.info("bot @%s is up", me.username)

    async def on_shutdown(self) -> None:
        if self.updates is not None and not await self.updates.wait_idle(grace_seconds=10):
            log.warning("some updates were still being handled at shutdown")
        # No new jobs; let the running drain finish its sends before the executor would
        # cancel it (shutting the scheduler down cancels the jobs still running).
        self.scheduler.pause()
        await self.dispatcher.stop()
        self.scheduler.shutdown(wait=False)
        await self.db.close()
        log.info("stopped cleanly")


def build_application(settings: Settings, clock: Clock | None = None) -> Application:
    clock = clock or SystemClock()
    db = Database(settings.database_path, clock)
    people = People(db, settings.default_language)
    companies = Companies(db, timedelta(days=settings.invite_ttl_days))
    outbox = OutboxStore(db, settings.client_quiet_hours, settings.default_timezone)
    briefs = Briefs(db, load_templates(settings.brief_templates_dir), settings.default_timezone)

    base = settings.telegram_api_base
    session = AiohttpSession(api=TelegramAPIServer.from_base(base)) if base else AiohttpSession()
    bot = Bot(
        settings.bot_token.get_secret_value(),
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML, link_preview_is_disabled=True),
    )
    core = FluentRuntimeCore(path=LOCALES_PATH, default_locale=settings.default_language)
    calendar = WorkCalendar(settings.holidays_country)
    chat = Chat(db, settings.default_timezone, settings.reply_sla_hours, calendar)
    proposals = Proposals(
        db,
        load_template(settings.proposal_template),
        default_timezone=settings.default_timezone,
        default_threshold=settings.proposal_approval_threshold,
        approval_reminder_hours=settings.approval_reminder_hours,
        client_reminder_days=settings.proposal_client_reminder_days,
        quiet_hours=settings.client_quiet_hours,
        chat=chat,
    )
    projects = Projects(db, settings.default_timezone)
    project_reminders = ProjectReminders(
        db,
        settings.default_timezone,
        morning=settings.staff_morning_time,
        weekly_day=settings.weekly_summary_day,
        weekly_time=settings.weekly_summary_time,
        calendar=calendar,
    )
    invoices = Invoices(
        db,
        load_template(settings.invoice_template),
        default_timezone=settings.default_timezone,
        number_prefix=settings.invoice_number_prefix,
        policy=ReminderPolicy(
            offsets=settings.invoice_reminder_days,
            at=settings.invoice_reminder_time,
            weekends=settings.invoice_reminders_on_weekends,
            calendar=calendar,
        ),
        chat=chat,
    )
    agency = (settings.agency_name, settings.agency_requisites)
    content = NotificationContent(
        briefs, proposals, projects, invoices, settings.default_timezone, agency
    )
    dispatcher = OutboxDispatcher(
        outbox, TelegramSender(bot, core, settings.default_language, content)
    )
    dp = Dispatcher(
        storage=DatabaseStorage(ConversationStore(db)),
        events_isolation=SimpleEventIsolation(),
        people=people,
        companies=companies,
        access=AccessRequests(db),
        audit_log=AuditLog(db),
        briefs=briefs,
        proposals=proposals,
        projects=projects,
        invoices=invoices,
        chat=chat,
        agency=agency,
        default_timezone=settings.default_timezone,
        invite_ttl_days=settings.invite_ttl_days,
    )
    app = Application(
        settings=settings,
        clock=clock,
        db=db,
        people=people,
        bot=bot,
        dp=dp,
        core=core,
        outbox=outbox,
        dispatcher=dispatcher,
        briefs=briefs,
        proposals=proposals,
        project_reminders=project_reminders,
        invoices=invoices,
        chat=chat,
    )
    app.updates = UpdateTracker(app.wake)
    dp.update.outer_middleware(app.updates)
    dp.update.outer_middleware(PersonMiddleware(people))
    I18nMiddleware(
        core=core,
        manager=PersonLanguageManager(people, settings.default_language),
        default_locale=settings.default_language,
    ).setup(dp)
    dp.include_router(build_root_router())
    dp.startup.register(app.on_startup)
    dp.shutdown.register(app.on_shutdown)
    return app


async def run_polling(app: Application, *, handle_signals: bool = True) -> None:
    """Long polling until SIGINT/SIGTERM; shutdown hooks finish in-flight sends."""
    await app.bot.delete_webhook(drop_pending_updates=False)
    await app.dp.start_polling(
        app.bot,
        handle_signals=handle_signals,
        allowed_updates=app.dp.resolve_used_update_types(),
    )
