"""Sending what the bot draws: by its Telegram file id while the drawing is unchanged,
else drawn in the render worker, uploaded, and its new id kept."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import BufferedInputFile, InlineKeyboardMarkup, Message

from services.delivery.drawn_files import DrawnFiles
from views.render_worker import RenderWorker
from views.sheets import Drawing, FileKind, digest

log = logging.getLogger(__name__)


class Drawings:
    def __init__(self, bot: Bot, worker: RenderWorker, files: DrawnFiles) -> None:
        self.bot = bot
        self.worker = worker
        self.files = files

    async def upload(self, drawing: Drawing) -> BufferedInputFile:
        """The file itself, drawn now (raises RenderFailed)."""
        return BufferedInputFile(await self.worker.render(drawing.sheet), drawing.filename)

    async def send(
        self,
        chat_id: int,
        drawing: Drawing,
        caption: str | None = None,
        reply_markup: InlineKeyboardMarkup | None = None,
    ) -> Message:
        key = digest(drawing.sheet)
        known = await self.files.file_id(drawing.subject, drawing.variant, key)
        if known is not None:
            try:
                return await self._send(chat_id, drawing.kind, known, caption, reply_markup)
            except TelegramBadRequest as error:
                if "file" not in error.message.lower():
                    raise  # about the chat or the caption: a new upload would fare no better
                # Telegram forgot it (another bot token, a cleared file): drawn again, and
                # the new id replaces it.
                log.info("file id of %s refused (%s); drawing it again", drawing.subject, error)
        upload = await self.upload(drawing)
        message = await self._send(chat_id, drawing.kind, upload, caption, reply_markup)
        file_id = sent_file_id(message)
        if file_id is not None:
            await self.files.remember(drawing.subject, drawing.variant, key, file_id)
        return message

    async def _send(
        self,
        chat_id: int,
        kind: FileKind,
        file: str | BufferedInputFile,
        caption: str | None,
        markup: InlineKeyboardMarkup | None,
    ) -> Message:
        if kind is FileKind.PHOTO:
            return await self.bot.send_photo(chat_id, file, caption=caption, reply_markup=markup)
        return await self.bot.send_document(chat_id, file, caption=caption, reply_markup=markup)


def sent_file_id(message: Message) -> str | None:
    if message.photo:
        return message.photo[-1].file_id  # the largest size Telegram made
    if message.document:
        return message.document.file_id
    return None
