"""The outbox's Sender on a real aiogram Bot: renders in the reader's language, maps errors."""

from __future__ import annotations

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

from handlers import keyboards
from handlers.texts import say, split_message
from services.dispatch import PermanentFailure, RecipientBlocked, RetryAfter, TemporaryFailure
from services.outbox import Notification


class TelegramSender:
    def __init__(self, bot: Bot, core: FluentRuntimeCore, default_language: str) -> None:
        self.bot = bot
        self.core = core
        self.default_language = default_language

    async def send(self, notification: Notification) -> int:
        translate = partial(self._translate, notification.language or self.default_language)
        text = say(translate, notification.text_key, **notification.args)
        markup = keyboards.from_outbox(notification.buttons, translate)
        parts = list(split_message(text))
        try:
            message_id = 0
            for index, part in enumerate(parts):
                last = index == len(parts) - 1
                message = await self.bot.send_message(
                    notification.recipient_id, part, reply_markup=markup if last else None
                )
                message_id = message.message_id
            return message_id
        except TelegramRetryAfter as error:
            raise RetryAfter(error.retry_after) from error
        except TelegramForbiddenError as error:
            raise RecipientBlocked(error.message) from error
        except (TelegramNetworkError, TelegramServerError) as error:
            raise TemporaryFailure(str(error)) from error
        except TelegramBadRequest as error:
            raise PermanentFailure(error.message) from error

    def _translate(self, language: str, key: str, /, **args: object) -> str:
        return self.core.get(key, language, **args)
