"""Start and stop: what runs once the Bot API answers (open, check and migrate the
database, settle what the last run left, start the jobs) and what runs before the process
ends (let jobs and sends finish, close the database)."""

from __future__ import annotations

import asyncio
import logging

from bot import jobs
from bot.application import Application
from bot.menus import MENU_VERSION
from services.db import DatabaseUnusable

log = logging.getLogger(__name__)

# Running handlers and sends get this long to finish when the bot stops.
STOP_GRACE_SECONDS = 10.0


async def on_startup(app: Application) -> None:
    await app.db.open()
    try:
        if not app.database_checked:  # a quick_check reads the whole file: once
            await app.db.check()
    except DatabaseUnusable:
        await app.db.close()
        raise
    applied = await app.db.migrate()
    if applied:
        log.info("database migrated: %s", ", ".join(applied))
    await app.db.optimize()
    await app.people.sync_heads(app.settings.head_ids)
    await app.people.menus_changed(MENU_VERSION)
    for planner in app.planners:
        if await planner.configuration_changed():
            log.info("%s settings changed: every open row is planned again", planner.name)
    if await app.leadership.keep():
        await jobs.take_the_lead(app)
    else:
        log.info("another replica leads: this one takes in and handles updates")
    jobs.schedule(app)
    app.scheduler.start()
    app.listening = asyncio.create_task(app.leadership.listen(app.woken_by_replica))
    me = await app.bot.me()
    log.info("bot @%s is up", me.username)


async def on_shutdown(app: Application) -> None:
    """Runs before the translations are unloaded: sends in flight still render."""
    if app.scheduler.running:
        # No new jobs; running sends finish before the executor would cancel them.
        app.scheduler.pause()
        app.stopping.set()
        if app.running_jobs:
            _, running = await asyncio.wait(set(app.running_jobs), timeout=STOP_GRACE_SECONDS)
            for task in running:
                task.cancel()
            await asyncio.gather(*running, return_exceptions=True)
        await app.dispatcher.stop(STOP_GRACE_SECONDS)
        app.scheduler.shutdown(wait=False)
    if app.listening is not None:
        app.listening.cancel()
        await asyncio.gather(app.listening, return_exceptions=True)
    await app.leadership.release()  # another replica leads at its next try, not at a timeout
    app.render_worker.close()
    await app.db.close()
    log.info("stopped cleanly")
