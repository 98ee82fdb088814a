"""What a message carries besides its text: the file a person sent."""

from __future__ import annotations

from typing import Any

from aiogram.types import Message


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
