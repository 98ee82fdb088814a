"""What the scheduler runs, and when: the outbox pump every second, the menus, the
planners every minute, upkeep, the statistics, the nightly backup, the database watch.
Each job is a plain function of the application; APScheduler only ticks."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from functools import partial
from zoneinfo import ZoneInfo

from aiogram.exceptions import TelegramAPIError

from bot.application import OUTBOX_JOB, Application
from bot.menus import refresh_stale_menus, set_default_menus
from services.db import EXIT_DATABASE, DatabaseFault, SoleProcess, first_line
from services.delivery.priority import in_background
from services.planners.base import Ticking
from services.platform import backups

log = logging.getLogger(__name__)

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


LEADERSHIP_JOB = "leadership"
# How often a replica tries to take the lead, and the leader checks it still holds it: a
# killed leader's lock is freed at once, so another takes over within this (plus a connect).
LEADERSHIP_EVERY_SECONDS = 2


async def take_the_lead(app: Application) -> None:
    """What a new leader does first: rows the last one was sending go out again."""
    if not isinstance(app.leadership, SoleProcess):
        log.info("this replica leads now: it plans reminders and sends the outbox")
    recovered = await app.outbox.recover_sending()
    if recovered:
        log.info("%d outbox rows were in flight at the last stop; they go out again", recovered)


async def keep_the_lead(app: Application) -> None:
    was = app.leadership.leading
    if await app.leadership.keep() and not was:
        await take_the_lead(app)
        app.wake()


# Telegram counts a bot's sends over the last second: a new leader waits that long before
# its first, or its sends and the last leader's final ones would add up past the limit.
SEND_WINDOW_SECONDS = 1.0


def leader_only(
    app: Application, work: Callable[[], Awaitable[object]], *, after: float = 0.0
) -> Callable[[], Awaitable[object]]:
    """Work done once for the whole agency: on a replica that does not lead (or has led
    for less than `after` seconds), nothing."""

    async def run() -> object:
        since = app.leadership.leading_since
        if not app.leadership.leading or since is None or time.monotonic() - since < after:
            return None
        return await work()

    run.__name__ = getattr(getattr(work, "func", work), "__name__", "a job")
    return run


def schedule(app: Application) -> None:
    """Every job, first runs now where the start should not wait a period for them."""
    now = datetime.now(UTC)
    app.scheduler.add_job(
        guarded(app, partial(keep_the_lead, app)),
        "interval",
        seconds=LEADERSHIP_EVERY_SECONDS,
        id=LEADERSHIP_JOB,
        max_instances=1,
        coalesce=True,
    )
    app.scheduler.add_job(
        guarded(app, leader_only(app, app.dispatcher.pump, after=SEND_WINDOW_SECONDS)),
        "interval",
        seconds=1,
        id=OUTBOX_JOB,
        max_instances=3,
        coalesce=True,
        next_run_time=now,
    )
    app.scheduler.add_job(
        guarded(app, leader_only(app, partial(refresh_menus, app))),
        "interval",
        seconds=MENUS_EVERY_SECONDS,
        id=MENUS_JOB,
        max_instances=1,
        coalesce=True,
        next_run_time=now,
    )
    app.scheduler.add_job(
        guarded(app, leader_only(app, partial(run_planners, app))),
        "interval",
        seconds=60,
        id=PLANNER_JOB,
        max_instances=1,
        coalesce=True,
        next_run_time=now,
    )
    app.scheduler.add_job(
        guarded(app, leader_only(app, partial(upkeep, app))), "interval", seconds=60, id=UPKEEP_JOB
    )
    # Hourly: when statistics are stale, optimize runs ANALYZE, which holds the one
    # connection; every minute would put that on the handlers' path.
    app.scheduler.add_job(guarded(app, app.db.optimize), "interval", hours=1, id=OPTIMIZE_JOB)
    if app.settings.backup_dir is not None:
        app.scheduler.add_job(
            guarded(app, partial(daily_backup, app)),
            "cron",
            hour=BACKUP_HOUR,
            timezone=ZoneInfo(app.settings.default_timezone),
            id=BACKUP_JOB,
        )
    app.scheduler.add_job(partial(watch_database, app), "interval", seconds=5, id=WATCH_JOB)


def schedule_webhook_check(app: Application) -> None:
    app.scheduler.add_job(
        guarded(app, partial(check_webhook, app)), "interval", minutes=1, id=WEBHOOK_JOB
    )


def guarded(
    app: Application, work: Callable[[], Awaitable[object]]
) -> Callable[[], Awaitable[object]]:
    """A scheduled job: background priority, and known to the shutdown, which lets it
    finish or stops it. Stopped by the shutdown, it ends quietly: the database it was
    reading is closing, and its next run after the start picks up where it left."""
    background = in_background(work)
    name = getattr(getattr(work, "func", work), "__name__", "a job")  # a partial's function

    async def run() -> object:
        task = asyncio.current_task()
        assert task is not None
        app.running_jobs.add(task)
        try:
            return await background()
        except asyncio.CancelledError:
            if not app.stopping.is_set():
                raise
            log.info("%s stopped by the shutdown", name)
            return None
        except DatabaseFault as error:
            # The server restarting, a connection cut, SQLite locked: one line per try,
            # and the job's next tick tries again.
            log.warning("%s: the database did not answer (%s); next tick", name, first_line(error))
            return None
        finally:
            app.running_jobs.discard(task)

    return run


async def refresh_menus(app: Application) -> None:
    """The default menus until they are set once (a start-up call like any other:
    Telegram may not answer it the first time), then whoever's is stale."""
    if not app.default_menus_set:
        try:
            await set_default_menus(app.bot, app.core, app.settings.default_language)
        except TelegramAPIError as error:
            log.warning("default menus not set yet (%s); trying again shortly", error)
        else:
            app.default_menus_set = True
    await refresh_stale_menus(app.bot, app.core, app.people)


async def run_planners(app: Application) -> None:
    """Each planner reads only what is due; dedup keys make a rerun harmless. One
    planner's failure must not keep the others from running."""
    planned = 0
    ticking: list[Ticking] = [app.nudges, *app.planners]
    for planner in ticking:
        started = time.perf_counter()
        try:
            planned += await planner.tick()
        except Exception:
            log.exception("planner %s failed; the others go on", planner.name)
        app.metrics.planner_tick.labels(planner.name).observe(time.perf_counter() - started)
    if planned:
        app.wake()


async def watch_database(app: Application) -> None:
    if not app.db.file_is_ours():
        log.critical(
            "database file %s was deleted or replaced while the bot ran; stopping"
            " (restore it from a backup, or start with --init for a new one)",
            app.db.name,
        )
        app.request_stop(EXIT_DATABASE)


async def check_webhook(app: Application) -> None:
    """Telegram says when it cannot deliver to the webhook (the proxy down, a bad
    certificate); the call also shows /readyz that Telegram answers while all is quiet."""
    try:
        info = await app.bot.get_webhook_info()
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


async def daily_backup(app: Application) -> None:
    folder = app.settings.backup_dir
    assert folder is not None
    moment = app.clock.now().astimezone(ZoneInfo(app.settings.default_timezone))
    try:
        made = await asyncio.to_thread(
            backups.daily_copy, app.settings.database_path, folder, app.settings.backup_keep, moment
        )
    except (backups.BackupError, OSError) as error:
        log.error("daily backup failed: %s", error)
        return
    log.info("daily backup: %s (%.1f MB in %.1f s)", made.path, made.size / 1e6, made.seconds)


async def upkeep(app: Application) -> None:
    await app.dispatcher.recover_stuck()
    await app.inbox.prune(app.clock.now())
    await app.dispatcher.pacer.forget_idle_lanes()
