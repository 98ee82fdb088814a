"""Every message the bot sends waits its turn under Telegram's limits (services/pacing)."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import (
    CopyMessage,
    ForwardMessage,
    SendAnimation,
    SendAudio,
    SendContact,
    SendDocument,
    SendLocation,
    SendMediaGroup,
    SendMessage,
    SendPhoto,
    SendSticker,
    SendVideo,
    SendVoice,
    TelegramMethod,
)
from aiogram.methods.base import Response

from services.pacing import Pacer, turn_taken

SENDS = (
    SendMessage,
    SendDocument,
    SendPhoto,
    SendVoice,
    SendVideo,
    SendAudio,
    SendAnimation,
    SendSticker,
    SendMediaGroup,
    SendLocation,
    SendContact,
    CopyMessage,
    ForwardMessage,
)


class PacingMiddleware(BaseRequestMiddleware):
    def __init__(self, pacer: Pacer) -> None:
        self.pacer = pacer

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        if isinstance(method, SENDS):
            if turn_taken.get():
                turn_taken.set(False)
            else:
                chat_id = getattr(method, "chat_id", None)
                await self.pacer.turn(chat_id if isinstance(chat_id, int) else None)
        try:
            return await make_request(bot, method)
        except TelegramRetryAfter as error:
            self.pacer.pause(error.retry_after)
            raise
