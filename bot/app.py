"""Wiring: builds the Bot, the Dispatcher, the services and the scheduler; start and stop."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.exceptions import TelegramAPIError
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import FluentRuntimeCore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.config import Settings
from bot.i18n import PersonLanguageManager
from bot.intake import DatabaseAlarm, NotSavedNotice, UpdateIntake
from bot.menus import MENU_VERSION, refresh_stale_menus, set_default_menus
from bot.middlewares import RESUME_ONLY, AfterUpdate, PersonMiddleware, ResumeMiddleware
from bot.notices import NoticeRenderer
from bot.ops import ApiHealth, Metrics, OpsServer
from bot.routing import run_filters_inline
from bot.sender import TelegramSender
from bot.session import build_session
from bot.startup import EXIT_TOKEN_REJECTED, StartRefused, reach_telegram
from bot.storage import DatabaseStorage
from bot.webhook import WebhookReceiver
from handlers import build_root_router
from handlers.forms import show_current_step
from services import backups
from services.access import AccessRequests
from services.acts import Acts
from services.audit import AuditLog
from services.availability import Absences
from services.briefs import Briefs
from services.canned import CannedReplies
from services.chat import Chat
from services.clock import Clock, SystemClock
from services.companies import Companies
from services.conversations import ConversationStore
from services.db import EXIT_DATABASE, Database, DatabaseUnusable
from services.dispatch import OutboxDispatcher
from services.documents import Documents
from services.drawn_files import DrawnFiles
from services.form_templates import load_template, load_templates
from services.inbox import UpdateInbox
from services.invoices import Invoices
from services.outbox import OutboxStore
from services.pacing import Pacer
from services.people import People
from services.planners.base import Planner
from services.planners.briefs import BriefNudges
from services.planners.digests import DigestPlanner, WeeklyPlanner
from services.planners.invoices import InvoicePlanner
from services.planners.proposals import ProposalPlanner
from services.planners.sla import SlaPlanner
from services.planners.stages import StagePlanner
from services.priority import in_background
from services.projects import Projects
from services.proposals import Proposals
from services.reminders import ReminderPolicy
from services.stats import Stats
from services.workdays import WorkCalendar
from services.working_hours import WorkingHours
from views.drawn import Drawings
from views.render_worker import RenderWorker

log = logging.getLogger(__name__)

# Absolute, so `python -m bot` works from any working directory.
LOCALES_PATH = str(Path(__file__).resolve().parent.parent / "locales" / "{locale}")
OUTBOX_JOB = "outbox"
MENUS_JOB = "menus"
PLANNER_JOB = "planners"
UPKEEP_JOB = "upkeep"
# A role or language change marks the person's menu stale (a trigger); the job reads the
# few stale ones through an index, so it can run often instead of after every update.
MENUS_EVERY_SECONDS = 5
WATCH_JOB = "database-watch"
OPTIMIZE_JOB = "optimize"
BACKUP_JOB = "backup"
WEBHOOK_JOB = "webhook"
BACKUP_HOUR = 3  # in the agency's time zone: the quietest hour
# Running handlers and sends get this long to finish when the bot stops.
STOP_GRACE_SECONDS = 10.0


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
    planners: list[Planner]
    nudges: BriefNudges
    invoices: Invoices
    chat: Chat
    inbox: UpdateInbox
    api_health: ApiHealth
    render_worker: RenderWorker
    metrics: Metrics = field(default_factory=Metrics)
    scheduler: AsyncIOScheduler = field(default_factory=AsyncIOScheduler)
    intake: UpdateIntake | None = None
    exit_code: int = 0
    stopping: asyncio.Event = field(default_factory=asyncio.Event)
    # Set by `python -m bot`, which checked the file while aiogram was being imported.
    database_checked: bool = False
    ops: OpsServer | None = None
    default_menus_set: bool = False
    _jobs: set[asyncio.Task[object]] = field(default_factory=set)

    def wake(self) -> None:
        """Run the outbox job now instead of at its next tick."""
        if not self.scheduler.running:
            return
        job = self.scheduler.get_job(OUTBOX_JOB)
        if job is not None:
            job.modify(next_run_time=datetime.now(UTC))

    async def refresh_menus(self) -> None:
        """The menus job: the default menus until they are set once (a start-up call like
        any other: Telegram may not answer it the first time), then whoever's is stale."""
        if not self.default_menus_set:
            try:
                await set_default_menus(self.bot, self.core, self.settings.default_language)
            except TelegramAPIError as error:
                log.warning("default menus not set yet (%s); trying again shortly", error)
            else:
                self.default_menus_set = True
        await refresh_stale_menus(self.bot, self.core, self.people)

    async def run_planners(self) -> None:
        """Each planner reads only what is due; dedup keys make a rerun harmless. One
        planner's failure must not keep the others from running."""
        planned = 0
        for planner in (self.nudges, *self.planners):
            started = time.perf_counter()
            try:
                planned += await planner.tick()
            except Exception:
                log.exception("planner %s failed; the others go on", planner.name)
            self.metrics.planner_tick.labels(planner.name).observe(time.perf_counter() - started)
        if planned:
            self.wake()

    def job(self, work: Callable[[], Awaitable[object]]) -> Callable[[], Awaitable[object]]:
        """A scheduled job: background priority, and known to the shutdown, which lets it
        finish or stops it. Stopped by the shutdown, it ends quietly: the database it was
        reading is closing, and its next run after the start picks up where it left."""
        background = in_background(work)

        async def run() -> object:
            task = asyncio.current_task()
            assert task is not None
            self._jobs.add(task)
            try:
                return await background()
            except asyncio.CancelledError:
                if not self.stopping.is_set():
                    raise
                log.info("%s stopped by the shutdown", getattr(work, "__name__", "a job"))
                return None
            finally:
                self._jobs.discard(task)

        return run

    def request_stop(self, exit_code: int = 0) -> None:
        """Stop polling; running handlers and sends finish first (see run_polling)."""
        self.exit_code = self.exit_code or exit_code
        self.stopping.set()
        if self.intake is not None:
            self.intake.stop()

    async def watch_database(self) -> None:
        if not self.db.file_is_ours():
            log.critical(
                "database file %s was deleted or replaced while the bot ran; stopping"
                " (restore it from a backup, or start with --init for a new one)",
                self.db.path,
            )
            self.request_stop(EXIT_DATABASE)

    async def check_webhook(self) -> None:
        """Telegram says when it cannot deliver to the webhook (the proxy down, a bad
        certificate); the call also shows /readyz that Telegram answers while all is
        quiet."""
        try:
            info = await self.bot.get_webhook_info()
        except TelegramAPIError as error:
            log.warning("cannot ask Telegram about the webhook: %s", error)
            return
        if info.last_error_message and info.last_error_date:
            age = datetime.now(UTC) - info.last_error_date
            if age.total_seconds() < 120:
                log.warning(
                    "Telegram cannot deliver to the webhook: %s (%d updates waiting)",
                    info.last_error_message,
                    info.pending_update_count,
                )

    async def daily_backup(self) -> None:
        folder = self.settings.backup_dir
        assert folder is not None
        moment = self.clock.now().astimezone(ZoneInfo(self.settings.default_timezone))
        try:
            made = await asyncio.to_thread(
                backups.daily_copy,
                self.settings.database_path,
                folder,
                self.settings.backup_keep,
                moment,
            )
        except (backups.BackupError, OSError) as error:
            log.error("daily backup failed: %s", error)
            return
        log.info("daily backup: %s (%.1f MB in %.1f s)", made.path, made.size / 1e6, made.seconds)

    async def upkeep(self) -> None:
        await self.dispatcher.recover_stuck()
        await self.inbox.prune(self.clock.now())

    async def on_startup(self) -> None:
        await self.db.open()
        try:
            if not self.database_checked:  # a quick_check reads the whole file: once
                await self.db.check()
        except DatabaseUnusable:
            await self.db.close()
            raise
        applied = await self.db.migrate()
        if applied:
            log.info("database migrated: %s", ", ".join(applied))
        await self.db.optimize()
        await self.people.sync_heads(self.settings.head_ids)
        await self.people.menus_changed(MENU_VERSION)
        for planner in self.planners:
            if await planner.configuration_changed():
                log.info("%s settings changed: every open row is planned again", planner.name)
        recovered = await self.outbox.recover_sending()
        if recovered:
            log.info("%d outbox rows were in flight at the last stop; they go out again", recovered)
        self.scheduler.add_job(
            self.job(self.dispatcher.pump),
            "interval",
            seconds=1,
            id=OUTBOX_JOB,
            max_instances=3,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
        self.scheduler.add_job(
            self.job(self.refresh_menus),
            "interval",
            seconds=MENUS_EVERY_SECONDS,
            id=MENUS_JOB,
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
        self.scheduler.add_job(
            self.job(self.run_planners),
            "interval",
            seconds=60,
            id=PLANNER_JOB,
            max_instances=1,
            coalesce=True,
            next_run_time=datetime.now(UTC),
        )
        self.scheduler.add_job(self.job(self.upkeep), "interval", seconds=60, id=UPKEEP_JOB)
        # Hourly: when statistics are stale, optimize runs ANALYZE, which holds the one
        # connection; every minute would put that on the handlers' path.
        self.scheduler.add_job(self.job(self.db.optimize), "interval", hours=1, id=OPTIMIZE_JOB)
        if self.settings.backup_dir is not None:
            self.scheduler.add_job(
                self.job(self.daily_backup),
                "cron",
                hour=BACKUP_HOUR,
                timezone=ZoneInfo(self.settings.default_timezone),
                id=BACKUP_JOB,
            )
        self.scheduler.add_job(self.watch_database, "interval", seconds=5, id=WATCH_JOB)
        self.scheduler.start()
        me = await self.bot.me()
        log.info("bot @%s is up", me.username)

    async def on_shutdown(self) -> None:
        """Runs before the translations are unloaded: sends in flight still render."""
        if self.scheduler.running:
            # No new jobs; running sends finish before the executor would cancel them.
            self.scheduler.pause()
            self.stopping.set()
            if self._jobs:
                _, running = await asyncio.wait(set(self._jobs), timeout=STOP_GRACE_SECONDS)
                for task in running:
                    task.cancel()
                await asyncio.gather(*running, return_exceptions=True)
            await self.dispatcher.stop(STOP_GRACE_SECONDS)
            self.scheduler.shutdown(wait=False)
        self.render_worker.close()
        await self.db.close()
        log.info("stopped cleanly")


def build_application(settings: Settings, clock: Clock | None = None) -> Application:
    clock = clock or SystemClock()
    db = Database(settings.database_path, clock)
    people = People(db, settings.default_language)
    companies = Companies(db, timedelta(days=settings.invite_ttl_days))
    outbox = OutboxStore(db, settings.client_quiet_hours, settings.default_timezone)
    briefs = Briefs(db, load_templates(settings.brief_templates_dir), settings.default_timezone)

    pacer = Pacer(settings.send_rate_per_second, settings.send_chat_interval_seconds)
    api_health = ApiHealth()
    session = build_session(settings.telegram_api_base, pacer, api_health)
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
        chat=chat,
    )
    projects = Projects(db, settings.default_timezone)
    invoices = Invoices(
        db,
        load_template(settings.invoice_template),
        default_timezone=settings.default_timezone,
        number_prefix=settings.invoice_number_prefix,
        chat=chat,
    )
    agency = (settings.agency_name, settings.agency_requisites)
    documents = Documents(db)
    render_worker = RenderWorker()
    drawings = Drawings(bot, render_worker, DrawnFiles(db))
    bank = settings.bank_details()
    renderer = NoticeRenderer(briefs, proposals, projects, invoices, agency, bank)
    sender = TelegramSender(
        bot, core, settings.default_language, renderer, settings.default_timezone, drawings
    )
    dispatcher = OutboxDispatcher(outbox, sender, pacer=pacer)
    dp = Dispatcher(
        storage=DatabaseStorage(ConversationStore(db)),
        # No events_isolation: the intake already handles one person's updates one after
        # another (bot/intake.py), and aiogram's lock per person was never freed.
        people=people,
        companies=companies,
        access=AccessRequests(db),
        audit_log=AuditLog(db),
        briefs=briefs,
        proposals=proposals,
        projects=projects,
        invoices=invoices,
        chat=chat,
        canned_replies=CannedReplies(db),
        documents=documents,
        acts=Acts(
            db,
            projects,
            documents,
            default_timezone=settings.default_timezone,
            number_prefix=settings.invoice_number_prefix,
        ),
        absences=Absences(db),
        working_hours=WorkingHours(db, settings.default_timezone, calendar),
        agency=agency,
        bank=bank,
        drawings=drawings,
        stats=Stats(db, settings.default_timezone),
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
        planners=build_planners(db, settings, calendar),
        nudges=BriefNudges(db),
        invoices=invoices,
        chat=chat,
        inbox=UpdateInbox(db),
        api_health=api_health,
        render_worker=render_worker,
    )
    app.metrics.watch("outbox_events", dispatcher.stats, "Outbox delivery events since start")
    app.metrics.watch("render_events", render_worker.stats, "Pictures and PDFs drawn, failed")
    dp.update.outer_middleware(AfterUpdate(app.wake))
    dp.update.outer_middleware(PersonMiddleware(people))
    # Our shutdown first: the translations it unloads must outlive every send in flight.
    dp.shutdown.register(app.on_shutdown)
    I18nMiddleware(
        core=core,
        manager=PersonLanguageManager(people, settings.default_language),
        default_locale=settings.default_language,
    ).setup(dp)
    dp.update.outer_middleware(ResumeMiddleware(show_current_step))
    dp.include_router(build_root_router())
    run_filters_inline(dp)
    dp.startup.register(app.on_startup)
    return app


async def run(app: Application, *, handle_signals: bool = True, polling_timeout: int = 30) -> int:
    """Long polling (or the webhook) until SIGINT/SIGTERM or `request_stop`; return the
    exit code.

    Stopping: no more updates are taken, the handlers running finish (what was saved but
    not begun waits in the inbox for the next start), then the outbox's sends in flight,
    then the database closes and last the translations are unloaded."""
    bot, dp = app.bot, app.dp
    app.intake = UpdateIntake(
        bot,
        dp,
        app.inbox,
        resume=lambda update: _resume(app, update),
        tell_not_saved=NotSavedNotice(bot, app.core.get, app.settings.default_language),
        alarm=DatabaseAlarm(
            bot, app.core.get, app.settings.head_ids, app.settings.default_language
        ),
        allowed_updates=dp.resolve_used_update_types(),
        polling_timeout=polling_timeout,
        on_done=app.metrics.update_done,
    )
    app.metrics.watch("intake_events", app.intake.stats, "Updates taken in since start")
    if handle_signals:
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, app.request_stop)
    workflow = {"dispatcher": dp, "bots": (bot,), **dp.workflow_data}
    settings = app.settings
    webhook = settings.bot_mode == "webhook"
    listen = settings.webhook_listen if webhook else settings.http_listen
    ops = OpsServer(app, listen) if listen else None
    app.ops = ops
    receiver = None
    if webhook:
        assert ops is not None and settings.webhook_url and settings.webhook_secret
        secret = settings.webhook_secret.get_secret_value()
        receiver = WebhookReceiver(bot, app.intake, secret)
        ops.receive_webhook(urlsplit(settings.webhook_url).path or "/", receiver)

        async def prepare() -> object:
            return await bot.set_webhook(
                settings.webhook_url,
                secret_token=secret,
                allowed_updates=dp.resolve_used_update_types(),
                drop_pending_updates=False,
            )
    else:

        async def prepare() -> object:
            return await bot.delete_webhook(drop_pending_updates=False)

    try:
        if ops is not None:  # up before Telegram is: /healthz answers while it waits
            await ops.start()
        api_base = app.settings.telegram_api_base or "https://api.telegram.org"
        try:
            if not await reach_telegram(bot, api_base, app.stopping, prepare):
                return app.exit_code
        except StartRefused as error:
            log.critical("%s", error)
            return EXIT_TOKEN_REJECTED
        await dp.emit_startup(bot=bot, **workflow)
        try:
            if receiver is not None:
                receiver.accepting = True
                app.scheduler.add_job(
                    app.job(app.check_webhook), "interval", minutes=1, id=WEBHOOK_JOB
                )
            await (app.intake.serve_webhook() if webhook else app.intake.run())
        finally:
            if receiver is not None:
                receiver.accepting = False
            if not await app.intake.wait_idle(STOP_GRACE_SECONDS):
                log.warning("some updates were still being handled at shutdown")
            await dp.emit_shutdown(bot=bot, **workflow)
    finally:
        if ops is not None:
            await ops.stop()
        await app.db.close()
        await bot.session.close()
        if handle_signals:
            for signum in (signal.SIGTERM, signal.SIGINT):
                with contextlib.suppress(Exception):
                    asyncio.get_running_loop().remove_signal_handler(signum)
    return app.exit_code


async def _resume(app: Application, update) -> None:
    await app.dp.feed_update(app.bot, update, **{RESUME_ONLY: True})


def build_planners(db: Database, settings: Settings, calendar: WorkCalendar) -> list[Planner]:
    zone = settings.default_timezone
    morning = settings.staff_morning_time
    return [
        ProposalPlanner(
            db,
            zone,
            approval_reminder_hours=settings.approval_reminder_hours,
            client_reminder_days=settings.proposal_client_reminder_days,
            quiet_hours=settings.client_quiet_hours,
        ),
        StagePlanner(db, zone, morning=morning, calendar=calendar),
        DigestPlanner(db, zone, morning=morning, calendar=calendar),
        WeeklyPlanner(
            db, zone, weekday=settings.weekly_summary_day, at=settings.weekly_summary_time
        ),
        InvoicePlanner(
            db,
            ReminderPolicy(
                offsets=settings.invoice_reminder_days,
                at=settings.invoice_reminder_time,
                weekends=settings.invoice_reminders_on_weekends,
                calendar=calendar,
            ),
            zone,
        ),
        SlaPlanner(db, zone, settings.reply_sla_hours, calendar),
    ]
