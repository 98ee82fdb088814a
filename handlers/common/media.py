"""What a message carries besides its text: the file a person sent."""

from __future__ import annotations

import contextlib
from typing import Any

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import InlineKeyboardMarkup, Message


def file_of(message: Message) -> dict[str, Any] | None:
    if message.document is not None:
        return {
            "file_id": message.document.file_id,
            "media": "document",
            "name": message.document.file_name or "document",
        }
    if message.photo:
        return {"file_id": message.photo[-1].file_id, "media": "photo", "name": "photo.jpg"}
    return None


def media_of(message: Message) -> dict[str, Any] | None:
    file = file_of(message)
    if file is not None:
        return file
    if message.voice is not None:
        return {"file_id": message.voice.file_id, "media": "voice", "name": "voice.ogg"}
    if message.video is not None:
        return {"file_id": message.video.file_id, "media": "video", "name": "video.mp4"}
    if message.audio is not None:
        return {
            "file_id": message.audio.file_id,
            "media": "audio",
            "name": message.audio.file_name or "audio",
        }
    return None


def relayed_of(message: Message) -> dict[str, Any] | None:
    """What a message carries besides text, as the conversation relays it: files, and the
    things only a copy can pass on (a sticker, a video note, a place, a contact), which are
    stored with a readable name for the history and the private-chat relay."""
    media = media_of(message)
    if media is not None:
        return media
    if message.animation is not None:
        return {"file_id": message.animation.file_id, "media": "animation", "name": "GIF"}
    if message.sticker is not None:
        emoji = message.sticker.emoji or ""
        return {"media": "sticker", "name": f"[sticker {emoji}]".replace(" ]", "]")}
    if message.video_note is not None:
        return {"media": "video_note", "name": "[video note]"}
    if message.location is not None:
        where = f"{message.location.latitude:.5f}, {message.location.longitude:.5f}"
        return {"media": "location", "name": f"📍 {where}"}
    if message.contact is not None:
        contact = message.contact
        name = " ".join(filter(None, [contact.first_name, contact.last_name]))
        return {"media": "contact", "name": f"👤 {name} {contact.phone_number}".strip()}
    return None


def html_of(message: Message) -> str | None:
    """The text or caption with its formatting, as safe HTML (None without one)."""
    if message.text is None and message.caption is None:
        return None
    return message.html_text


async def answer_collected(
    message: Message,
    text: str,
    markup: InlineKeyboardMarkup,
    answered_album: str | None,
    answer_id: int | None,
) -> int | None:
    """Answer one part of what someone is putting together (files, a link, a note). The
    rest of an album rewrites the answer its first part got, instead of one answer a
    part. Returns the new answer's message id; None when an earlier one was rewritten."""
    album = message.media_group_id
    if album is not None and album == answered_album and answer_id:
        with contextlib.suppress(TelegramBadRequest):
            await message.bot.edit_message_text(  # type: ignore[union-attr]
                text=text, chat_id=message.chat.id, message_id=answer_id, reply_markup=markup
            )
        return None
    answer = await message.answer(text, reply_markup=markup)
    return answer.message_id
