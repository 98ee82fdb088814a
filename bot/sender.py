"""The outbox's Sender on a real aiogram Bot: renders in the reader's language, maps errors."""

from __future__ import annotations

from collections.abc import Awaitable
from functools import partial

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram_i18n.cores import FluentRuntimeCore

from bot.files import send_by_id, send_files
from bot.inbox import InboxSender
from bot.notices import CAPTION_LIMIT, NothingToSend, NoticeRenderer, Reader, Rendered
from services.delivery.dispatch import (
    PermanentFailure,
    RecipientBlocked,
    RetryAfter,
    TemporaryFailure,
)
from services.delivery.notices import TopicOperation
from services.delivery.outbox import Notification
from views.drawn import Drawings
from views.render_worker import RenderFailed
from views.texts import split_message


class TelegramSender:
    def __init__(
        self,
        bot: Bot,
        core: FluentRuntimeCore,
        default_language: str,
        renderer: NoticeRenderer,
        default_timezone: str,
        drawings: Drawings,
        inbox: InboxSender,
    ) -> None:
        self.bot = bot
        self.inbox = inbox
        self.drawings = drawings
        self.core = core
        self.default_language = default_language
        self.renderer = renderer
        self.default_timezone = default_timezone

    async def send(self, notification: Notification) -> int:
        language = notification.language or self.default_language
        reader = Reader(
            language,
            partial(self._translate, language),
            notification.timezone or self.default_timezone,
        )
        if isinstance(notification.notice, TopicOperation):
            return await self._mapped(self.inbox.send(notification, reader))
        try:
            rendered = await self.renderer.render(notification.notice, reader)
        except NothingToSend as error:
            raise PermanentFailure(str(error)) from error
        return await self._mapped(self._send_rendered(notification.recipient_id, rendered))

    async def _send_rendered(self, chat_id: int, rendered: Rendered) -> int:
        if rendered.edit_message_id is not None:
            return await self._edit(chat_id, rendered, rendered.edit_message_id)
        if rendered.files:
            sent = await send_files(self.bot, chat_id, rendered.files, rendered.text)
            return sent[-1].message_id
        if rendered.file is not None or rendered.drawing is not None:
            return await self._send_file(chat_id, rendered)
        message_id = 0
        parts = list(split_message(rendered.text))
        for index, part in enumerate(parts):
            last = index == len(parts) - 1
            message = await self.bot.send_message(
                chat_id, part, reply_markup=rendered.keyboard if last else None
            )
            message_id = message.message_id
        return message_id

    @staticmethod
    async def _mapped(sending: Awaitable[int]) -> int:
        """Telegram's errors as the outbox's: wait, give up on the person, retry, refuse."""
        try:
            return await sending
        except TelegramRetryAfter as error:
            raise RetryAfter(error.retry_after) from error
        except TelegramForbiddenError as error:
            raise RecipientBlocked(error.message) from error
        except (TelegramNetworkError, TelegramServerError) as error:
            raise TemporaryFailure(str(error)) from error
        except TelegramBadRequest as error:
            raise PermanentFailure(error.message) from error

    async def _send_file(self, chat_id: int, rendered: Rendered) -> int:
        caption = rendered.text[:CAPTION_LIMIT]
        markup = rendered.keyboard
        if rendered.file is not None:
            sent = await send_by_id(
                self.bot, chat_id, rendered.file, caption=caption, reply_markup=markup
            )
            return sent.message_id
        assert rendered.drawing is not None
        try:
            message = await self.drawings.send(chat_id, rendered.drawing, caption, markup)
        except RenderFailed as error:
            raise TemporaryFailure(f"drawing failed: {error}") from error
        return message.message_id

    async def _edit(self, chat_id: int, rendered: Rendered, message_id: int) -> int:
        """Rewrite a message sent earlier (a decided card); unchanged text is not an error."""
        try:
            await self.bot.edit_message_text(
                text=next(split_message(rendered.text)),
                chat_id=chat_id,
                message_id=message_id,
                reply_markup=rendered.keyboard,
            )
        except TelegramBadRequest as error:
            if "message is not modified" not in error.message:
                raise
        return message_id

    def _translate(self, language: str, key: str, /, **args: object) -> str:
        return self.core.get(key, language, **args)
