"""The session to the Bot API: its timeout, the pace every send waits for (services/pacing),
and response types built once."""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramUnauthorizedError,
)
from aiogram.methods import (
    CopyMessage,
    CopyMessages,
    CreateForumTopic,
    EditForumTopic,
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
    SendVideoNote,
    SendVoice,
    TelegramMethod,
)
from aiogram.methods.base import Response

from bot.api_health import ApiHealth
from services.delivery.dispatch import SEND_TIMEOUT
from services.delivery.pacing import Pacer, turn_taken

SENDS = (
    SendMessage,
    SendDocument,
    SendPhoto,
    SendVoice,
    SendVideo,
    SendAudio,
    SendAnimation,
    SendSticker,
    SendVideoNote,
    SendMediaGroup,
    SendLocation,
    SendContact,
    CopyMessage,
    CopyMessages,
    ForwardMessage,
    # a group's twenty a minute count these too
    CreateForumTopic,
    EditForumTopic,
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


class RecordAnswers(BaseRequestMiddleware):
    """Telegram answered (any answer, even an error, shows it is reachable and the token
    good): what /readyz asks about."""

    def __init__(self, health: ApiHealth) -> None:
        self.health = health

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        try:
            answer = await make_request(bot, method)
        except TelegramAPIError as error:
            if not isinstance(error, TelegramNetworkError | TelegramUnauthorizedError):
                self.health.answered()
            raise
        self.health.answered()
        return answer


class KeepResponseTypes(BaseRequestMiddleware):
    """aiogram parses each answer with `Response[<returning type>]`; pydantic keeps such
    generic classes only in a small cache, so under load they were rebuilt after being
    evicted (15-36 ms each, 14 % of the main thread in a profile). One strong reference
    per method type keeps each built once for the process's life."""

    def __init__(self) -> None:
        self._kept: dict[type, Any] = {}

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[Any],
        bot: Bot,
        method: TelegramMethod[Any],
    ) -> Response[Any]:
        kind = type(method)
        if kind not in self._kept:
            self._kept[kind] = Response[method.__returning__]  # type: ignore[name-defined]
        return await make_request(bot, method)


def build_session(api_base: str | None, pacer: Pacer, health: ApiHealth) -> AiohttpSession:
    # Longer than the outbox's own limit per send, far shorter than aiogram's 60 s.
    timeout = SEND_TIMEOUT + 5
    if api_base:
        session = AiohttpSession(api=TelegramAPIServer.from_base(api_base), timeout=timeout)
    else:
        session = AiohttpSession(timeout=timeout)
    session.middleware(KeepResponseTypes())
    session.middleware(RecordAnswers(health))
    session.middleware(PacingMiddleware(pacer))
    return session
