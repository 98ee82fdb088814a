"""The run loop: long polling (or the webhook) until SIGINT/SIGTERM or a stop request,
then an orderly stop. Returns the process's exit code."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from urllib.parse import urlsplit

from aiogram.types import Update

from bot import jobs
from bot.application import Application
from bot.calendar_feed import PATH as CALENDAR_PATH
from bot.intake import DatabaseAlarm, NotSavedNotice, UpdateIntake
from bot.lifecycle import STOP_GRACE_SECONDS
from bot.middlewares import RESUME_ONLY
from bot.ops import OpsServer
from bot.startup import EXIT_TOKEN_REJECTED, StartRefused, reach_telegram
from bot.webhook import WebhookReceiver

log = logging.getLogger(__name__)


async def run(app: Application, *, handle_signals: bool = True, polling_timeout: int = 30) -> int:
    """Stopping: no more updates are taken, the handlers running finish (what was saved
    but not begun waits in the inbox for the next start), then the outbox's sends in
    flight, then the database closes and last the translations are unloaded."""
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
        leadership=app.leadership,
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
    if ops is not None:
        ops.serve(CALENDAR_PATH, app.calendar_feeds.handle)
    app.ops = ops
    receiver = None
    if webhook:
        assert ops is not None and settings.webhook_url and settings.webhook_secret
        secret = settings.webhook_secret.get_secret_value()
        webhook_url = settings.webhook_url
        receiver = WebhookReceiver(bot, app.intake, secret)
        ops.receive_webhook(urlsplit(settings.webhook_url).path or "/", receiver)

        async def prepare() -> object:
            return await bot.set_webhook(
                webhook_url,
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
                jobs.schedule_webhook_check(app)
            await (app.intake.serve_webhook() if webhook else app.intake.run())
        finally:
            if receiver is not None:
                receiver.accepting = False
            if not await app.intake.wait_idle(STOP_GRACE_SECONDS):
                log.warning("some updates were still being handled at shutdown")
            await app.intake.give_up_chats()
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


async def _resume(app: Application, update: Update) -> None:
    await app.dp.feed_update(app.bot, update, **{RESUME_ONLY: True})
