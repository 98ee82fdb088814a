"""Webhook mode: Telegram posts each update to WEBHOOK_URL.

An update is answered 200 only once it is saved in the inbox (or its sender was told it
could not be): until then Telegram keeps it and posts it again, as getUpdates would give
it again. A request without the secret Telegram was given (X-Telegram-Bot-Api-Secret-Token)
is refused with 401 and nothing of it is read further; the token is never in the URL.
"""

from __future__ import annotations

import hmac
import logging
from typing import TYPE_CHECKING

from aiogram import Bot
from aiogram.types import Update
from aiohttp import web
from pydantic import ValidationError

if TYPE_CHECKING:
    from bot.intake import UpdateIntake

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
# An update is a few kilobytes (files are passed by id); anything near this is not one.
MAX_BODY_BYTES = 1024 * 1024


class WebhookReceiver:
    def __init__(self, bot: Bot, intake: UpdateIntake, secret: str) -> None:
        self.bot = bot
        self.intake = intake
        self._secret = secret.encode()
        # Telegram may post as soon as the webhook is set, before the database is open.
        self.accepting = False

    async def handle(self, request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, self._secret):
            log.warning("webhook: a request without the right secret from %s", request.remote)
            return web.Response(status=401, text="unauthorized\n")
        if not self.accepting:
            return web.Response(status=503, text="not ready; send it again\n")
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return web.Response(status=413, text="too large\n")
        try:
            update = Update.model_validate_json(body, context={"bot": self.bot})
        except ValidationError:
            log.warning("webhook: a request that is not an update (%d bytes)", len(body))
            return web.Response(status=400, text="not an update\n")
        if not await self.intake.keep([update]):
            return web.Response(status=503, text="not saved; send it again\n")
        return web.Response(text="ok\n")
