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
from aiogram.types import InlineKeyboardMarkup
from aiogram_i18n.cores import FluentRuntimeCore

from bot.content import NotificationContent
from services.dispatch import PermanentFailure, RecipientBlocked, RetryAfter, TemporaryFailure
from services.outbox import Notification
from views import keyboards
from views.texts import Translate, say, split_message

CAPTION_LIMIT = 1024


class TelegramSender:
    def __init__(
        self,
        bot: Bot,
        core: FluentRuntimeCore,
        default_language: str,
        content: NotificationContent | None = None,
    ) -> None:
        self.bot = bot
        self.core = core
        self.default_language = default_language
        self.content = content

    async def send(self, notification: Notification) -> int:
        language = notification.language or self.default_language
        translate = partial(self._translate, language)
        args = dict(notification.args)
        if self.content is not None:
            extra = await self.content.extra_args(
                notification.text_key, args, language, translate, notification.timezone
            )
            args = {**args, **extra}
        text = say(translate, notification.text_key, **args)
        markup = keyboards.from_outbox(notification.buttons, translate)
        try:
            if notification.attachment:
                return await self._send_file(notification, text, markup, language, translate)
            message_id = 0
            parts = list(split_message(text))
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

    async def _send_file(
        self,
        notification: Notification,
        caption: str,
        markup: InlineKeyboardMarkup | None,
        language: str,
        translate: Translate,
    ) -> int:
        attachment = notification.attachment or {}
        if attachment.get("kind") == "edit":
            return await self._edit(notification, caption, markup, int(attachment["message_id"]))
        caption = caption[:CAPTION_LIMIT]
        if attachment.get("kind") == "telegram_file":
            senders = {
                "photo": self.bot.send_photo,
                "voice": self.bot.send_voice,
                "video": self.bot.send_video,
                "audio": self.bot.send_audio,
            }
            send = senders.get(attachment.get("media", ""), self.bot.send_document)
            message = await send(
                notification.recipient_id,
                attachment["file_id"],
                caption=caption,
                reply_markup=markup,
            )
            return message.message_id
        document = None
        if self.content is not None:
            document = await self.content.document(
                attachment, language, translate, notification.timezone
            )
        if document is None:
            raise PermanentFailure(f"nothing to send for attachment {attachment.get('kind')}")
        message = await self.bot.send_document(
            notification.recipient_id, document, caption=caption, reply_markup=markup
        )
        return message.message_id

    async def _edit(
        self,
        notification: Notification,
        text: str,
        markup: InlineKeyboardMarkup | None,
        message_id: int,
    ) -> int:
        """Rewrite a message sent earlier (a decided card); unchanged text is not an error."""
        try:
            await self.bot.edit_message_text(
                text=next(split_message(text)),
                chat_id=notification.recipient_id,
                message_id=message_id,
                reply_markup=markup,
            )
        except TelegramBadRequest as error:
            if "message is not modified" not in error.message:
                raise
        return message_id

    def _translate(self, language: str, key: str, /, **args: object) -> str:
        return self.core.get(key, language, **args)
