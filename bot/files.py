"""A file sent again by its Telegram id, with the method its kind needs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import Bot
from aiogram.types import Message

from services.delivery.notices import TelegramFile


async def send_by_id(bot: Bot, chat_id: int, file: TelegramFile, **options: Any) -> Message:
    """A photo as a photo, a voice note as a voice note…, anything else as a document."""
    senders: dict[str, Callable[..., Awaitable[Message]]] = {
        "photo": bot.send_photo,
        "voice": bot.send_voice,
        "video": bot.send_video,
        "audio": bot.send_audio,
        "animation": bot.send_animation,
    }
    send = senders.get(file.media, bot.send_document)
    return await send(chat_id, file.file_id, **options)
