"""Wiring: builds the Bot, the Dispatcher, the services and the planners into an
`Application` (bot/application.py). Starting and stopping it is bot/lifecycle.py, its
scheduled jobs bot/jobs.py, its run loop bot/runner.py."""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram_i18n import I18nMiddleware
from aiogram_i18n.cores import FluentRuntimeCore

from bot import lifecycle
from bot.api_health import ApiHealth
from bot.application import Application
from bot.calendar_feed import CalendarFeeds
from bot.config import Settings
from bot.i18n import PersonLanguageManager
from bot.inbox import InboxSender
from bot.middlewares import AfterUpdate, PersonMiddleware, ResumeMiddleware
from bot.notices import NoticeRenderer
from bot.sender import TelegramSender
from bot.session import build_session
from bot.storage import DatabaseStorage
from handlers import build_root_router
from handlers.forms import show_current_step
from services.accounts.access import AccessRequests
from services.accounts.availability import Absences
from services.accounts.companies import Companies
from services.accounts.people import People
from services.accounts.working_hours import WorkingHours
from services.billing.acts import Acts
from services.billing.documents import Documents
from services.billing.invoices import Invoices
from services.billing.reconciliation import Reconciliations
from services.conversation.canned import CannedReplies
from services.conversation.chat import Chat
from services.conversation.conversations import ConversationStore
from services.conversation.inbox import StaffInbox
from services.db import Database
from services.delivery.claims import OutboxStore
from services.delivery.dispatch import OutboxDispatcher
from services.delivery.drawn_files import DrawnFiles
from services.delivery.inbox import UpdateInbox
from services.delivery.pacing import Pacer
from services.planners.base import Planner
from services.planners.briefs import BriefNudges
from services.planners.digests import DigestPlanner, WeeklyPlanner
from services.planners.invoices import InvoicePlanner
from services.planners.proposals import ProposalPlanner
from services.planners.reminders import ReminderPolicy
from services.planners.sign_off import SignOffPlanner
from services.planners.sla import SlaPlanner
from services.planners.stages import StagePlanner
from services.planners.tasks import TaskPlanner
from services.platform.audit import AuditLog
from services.platform.clock import Clock, SystemClock
from services.platform.workdays import WorkCalendar
from services.questionnaires.briefs import Briefs
from services.questionnaires.form_templates import load_template, load_templates
from services.sales.proposals import Proposals
from services.work.calendar import Calendars
from services.work.projects import Projects
from services.work.sign_off import SignOff
from services.work.stats import Stats
from services.work.tasks import Tasks
from services.work.team import Team
from views.drawn import Drawings
from views.render_worker import RenderWorker

log = logging.getLogger(__name__)

# Absolute, so `python -m bot` works from any working directory.
LOCALES_PATH = str(Path(__file__).resolve().parent.parent / "locales" / "{locale}")


def build_application(settings: Settings, clock: Clock | None = None) -> Application:
    clock = clock or SystemClock()
    db = settings.database(clock)
    people = People(db, settings.default_language)
    companies = Companies(db, timedelta(days=settings.invite_ttl_days))
    outbox = OutboxStore(db, settings.client_quiet_hours, settings.default_timezone)
    briefs = Briefs(db, load_templates(settings.brief_templates_dir), settings.default_timezone)

    pacer = Pacer(
        settings.send_rate_per_second,
        settings.send_chat_interval_seconds,
        settings.send_group_interval_seconds,
        shared=db.shared_pace(),
    )
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
        tax=settings.tax_policy(),
    )
    agency = settings.agency()
    documents = Documents(db)
    render_worker = RenderWorker()
    drawings = Drawings(bot, render_worker, DrawnFiles(db))
    bank = settings.bank_details()
    sign_off = SignOff(db, settings.revision_rounds_included)
    tasks = Tasks(db, sign_off, settings.default_timezone)
    calendars = Calendars(db, settings.default_timezone)
    renderer = NoticeRenderer(briefs, proposals, projects, invoices, agency, sign_off, tasks)
    staff_inbox = StaffInbox(db)
    sender = TelegramSender(
        bot,
        core,
        settings.default_language,
        renderer,
        settings.default_timezone,
        drawings,
        InboxSender(bot, staff_inbox),
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
        staff_inbox=staff_inbox,
        sign_off=sign_off,
        tasks=tasks,
        reconciliations=Reconciliations(db, settings.default_timezone),
        team=Team(db, timedelta(days=settings.invite_ttl_days)),
        calendars=calendars,
        public_base_url=settings.public_base_url,
        canned_replies=CannedReplies(db),
        documents=documents,
        acts=Acts(
            db,
            projects,
            documents,
            default_timezone=settings.default_timezone,
            number_prefix=settings.invoice_number_prefix,
            tax=settings.tax_policy(),
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
        calendar_feeds=CalendarFeeds(calendars, core, settings.default_language, clock),
        leadership=db.leadership(),
    )
    app.metrics.watch("outbox_events", dispatcher.stats, "Outbox delivery events since start")
    app.metrics.watch("render_events", render_worker.stats, "Pictures and PDFs drawn, failed")
    dp.update.outer_middleware(AfterUpdate(app.wake))
    dp.update.outer_middleware(PersonMiddleware(people))
    # Our shutdown first: the translations it unloads must outlive every send in flight.
    dp.shutdown.register(partial(lifecycle.on_shutdown, app))
    I18nMiddleware(
        core=core,
        manager=PersonLanguageManager(people, settings.default_language),
        default_locale=settings.default_language,
    ).setup(dp)
    dp.update.outer_middleware(ResumeMiddleware(show_current_step))
    dp.include_router(build_root_router())
    dp.startup.register(partial(lifecycle.on_startup, app))
    return app


def build_planners(db: Database, settings: Settings, calendar: WorkCalendar) -> list[Planner[Any]]:
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
        SignOffPlanner(db, zone, settings.sign_off_reminder_days, calendar),
        TaskPlanner(
            db,
            zone,
            morning=morning,
            escalate_after=settings.task_escalation_working_days,
            calendar=calendar,
        ),
    ]
