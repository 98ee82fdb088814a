"""Files sent again by their Telegram ids: each with the method its kind needs, several as
one album where Telegram allows it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from aiogram import Bot
from aiogram.types import (
    InputMediaAudio,
    InputMediaDocument,
    InputMediaPhoto,
    InputMediaVideo,
    Message,
)

from services.delivery.notices import TelegramFile

# Telegram's albums: photos and videos mixed, or documents alone, or audio alone; ten at most.
VISUAL: dict[str, type[Any]] = {"photo": InputMediaPhoto, "video": InputMediaVideo}
ALBUM_LIMIT = 10


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


def album_types(media: Sequence[str | None]) -> list[type[Any]] | None:
    """The InputMedia type of each file, when they make one album."""
    if not 2 <= len(media) <= ALBUM_LIMIT:
        return None
    kinds = set(media)
    if kinds <= set(VISUAL):
        return [VISUAL[kind or "photo"] for kind in media]
    if kinds == {"document"}:
        return [InputMediaDocument] * len(media)
    if kinds == {"audio"}:
        return [InputMediaAudio] * len(media)
    return None


async def send_files(
    bot: Bot, chat_id: int, files: Sequence[TelegramFile], caption: str, **options: Any
) -> list[Message]:
    """Files by their ids, the caption on the first: an album as one, else one by one.
    `caption` must fit Telegram's 1,024 characters (a cut could split a tag)."""
    types = album_types([file.media for file in files])
    if types is not None:
        media = [
            kind(media=file.file_id, caption=caption if index == 0 else None)
            for index, (kind, file) in enumerate(zip(types, files, strict=True))
        ]
        return await bot.send_media_group(chat_id, media, **options)
    sent = []
    for index, file in enumerate(files):
        first = caption if index == 0 else None
        sent.append(await send_by_id(bot, chat_id, file, caption=first, **options))
    return sent
