"""The staff inbox's moves in Telegram, for the outbox: a client's message copied into
its company's topic, a staff message from the topic to the client, edits and reactions
mirrored, a topic's title.

A company's topic is created here, by the group's outbox lane, right before the first
message that needs it: one lane sends a group's rows one after another, so two contacts
writing at once still get one topic. A deleted topic is created again and the message
goes into the new one; a closed one is reopened; a group Telegram moved to a new id is
followed; a group the bot was removed from hands its queue back to the private chats.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import partial
from typing import Any, Protocol

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramMigrateToChat,
)
from aiogram.types import (
    MessageId,
    ReactionTypeCustomEmoji,
    ReactionTypeEmoji,
    ReactionTypePaid,
)

from bot.files import album_types, send_by_id
from bot.notices import Reader
from services.conversation.inbox import StaffInbox, StoredMessage, TopicPlace
from services.delivery.dispatch import PermanentFailure, RecipientBlocked, Settled
from services.delivery.notices import (
    CopyEdited,
    GroupProblem,
    ReactionMirrored,
    StaffCopy,
    TopicCopy,
    TopicEvent,
    TopicLine,
    TopicOpened,
    TopicOperation,
    TopicRetitled,
)
from services.delivery.outbox import Notification
from services.delivery.pacing import is_group
from views import inbox as views
from views.inbox import TEXT_LIMIT
from views.texts import say, split_message

log = logging.getLogger(__name__)


class TextOf(Protocol):
    """How a copy reads, within a length."""

    def __call__(self, message: StoredMessage, *, limit: int) -> str: ...


# What Telegram answers about a topic that is gone or closed.
THREAD_GONE = "message thread not found"
TOPIC_CLOSED = "TOPIC_CLOSED"
COPY_GONE = "message to copy not found"
# Refusals that mean the bot cannot work in the group as it is.
NO_RIGHTS = ("not enough rights", "CHAT_ADMIN_REQUIRED", "need administrator rights")
CAPTION_LIMIT = 1024
# The media a caption can go with; the rest (stickers, video notes, places, contacts)
# are copied as they are, with the sender's name on a button.
CAPTIONED = {"photo", "video", "document", "audio", "voice", "animation"}


# Every kind of move this sender carries out (tests/test_contracts.py holds it to the
# notice classes).
MOVES = (
    TopicCopy,
    TopicRetitled,
    TopicLine,
    TopicOpened,
    StaffCopy,
    CopyEdited,
    ReactionMirrored,
)


class InboxSender:
    def __init__(self, bot: Bot, inbox: StaffInbox) -> None:
        self.bot = bot
        self.inbox = inbox

    async def send(self, notification: Notification, reader: Reader) -> int:
        notice = notification.notice
        assert isinstance(notice, TopicOperation)
        chat_id = notification.recipient_id
        try:
            if isinstance(notice, TopicCopy):
                return await self._in_topic(
                    chat_id,
                    notice.company_id,
                    lambda thread: self._copy_into_topic(chat_id, thread, notice, reader),
                    reader,
                    before=notice.first_id,
                )
            if isinstance(notice, TopicRetitled):
                return await self._retitle(chat_id, notice, reader)
            if isinstance(notice, TopicLine):
                text = say(
                    reader.translate,
                    f"inbox-line-{notice.event.value}",
                    client=notice.client,
                    reason=notice.reason or "none",
                )
                return await self._in_topic(
                    chat_id,
                    notice.company_id,
                    lambda thread: self._text(chat_id, thread, text),
                    reader,
                )
            if isinstance(notice, TopicOpened):
                opened = say(reader.translate, "inbox-opened", name=notice.by)
                return await self._in_topic(
                    chat_id,
                    notice.company_id,
                    lambda thread: self._text(chat_id, thread, opened),
                    reader,
                )
            if isinstance(notice, StaffCopy):
                return await self._to_client(chat_id, notice, reader)
            if isinstance(notice, CopyEdited):
                return await self._edit(chat_id, notice, reader)
            if isinstance(notice, ReactionMirrored):
                # A bot sets one reaction at most: the latest.
                reaction: list[ReactionTypeEmoji | ReactionTypeCustomEmoji | ReactionTypePaid] = (
                    [ReactionTypeEmoji(emoji=notice.emoji[-1])] if notice.emoji else []
                )
                await self.bot.set_message_reaction(chat_id, notice.target, reaction)
                return notice.target
        except TelegramMigrateToChat as error:
            await self.inbox.moved(chat_id, error.migrate_to_chat_id)
            raise Settled(f"the group moved to {error.migrate_to_chat_id}") from error
        except TelegramForbiddenError as error:
            if is_group(chat_id):
                await self._lost(chat_id, GroupProblem.REMOVED)
                raise Settled(f"the bot is out of the group: {error.message}") from error
            raise
        except TelegramBadRequest as error:
            if is_group(chat_id) and any(words in error.message for words in NO_RIGHTS):
                await self._lost(chat_id, GroupProblem.RIGHTS)
                raise Settled(f"no rights in the group: {error.message}") from error
            raise
        raise PermanentFailure(f"no move for {type(notice).__name__}")

    async def _lost(self, chat_id: int, problem: GroupProblem) -> None:
        log.warning("staff group %s cannot be used (%s); relaying in private", chat_id, problem)
        await self.inbox.lost(chat_id, problem)

    # the topic --------------------------------------------------------------------------

    async def _in_topic(
        self,
        chat_id: int,
        company_id: int,
        move: Callable[[int], Awaitable[int]],
        reader: Reader,
        *,
        before: int | None = None,
    ) -> int:
        """Run a move in the company's topic, creating the topic first if it has none
        (or it was deleted), reopening it if staff closed it."""
        reopened = False
        for _ in range(3):
            place = await self.inbox.place(company_id, chat_id)
            thread = place.thread_id
            if thread is None:
                thread = await self._open(place, reader, before)
            try:
                return await move(thread)
            except TelegramBadRequest as error:
                if THREAD_GONE in error.message:
                    log.info("topic %s of company %s is gone; a new one", thread, company_id)
                    await self.inbox.gone(company_id, thread)
                    continue
                if TOPIC_CLOSED in error.message and not reopened:
                    await self.bot.reopen_forum_topic(chat_id, thread)
                    reopened = True
                    continue
                raise
        raise PermanentFailure("the topic could not be created")

    async def _open(self, place: TopicPlace, reader: Reader, before: int | None) -> int:
        """Create the topic, note it at once (a retry must not create a second one), then
        post and pin its card."""
        topic = await self.bot.create_forum_topic(place.chat_id, place.title)
        thread = topic.message_thread_id
        await self.inbox.created(place.company_id, place.chat_id, thread, place.title, None)
        card = await self.inbox.card(place.company_id, before)
        sent = await self.bot.send_message(
            place.chat_id,
            views.card_text(card, reader.translate, reader.language),
            message_thread_id=thread,
            reply_markup=views.card_keyboard(card, reader.translate),
        )
        try:
            await self.bot.pin_chat_message(
                place.chat_id, sent.message_id, disable_notification=True
            )
        except TelegramBadRequest as error:  # the card is there; a pin is a nicety
            log.warning("could not pin the card in %s: %s", place.chat_id, error.message)
        await self.inbox.card_sent(place.company_id, sent.message_id)
        return thread

    async def _retitle(self, chat_id: int, notice: TopicRetitled, reader: Reader) -> int:
        place = await self.inbox.retitle(notice.company_id, chat_id)
        if place is None or place.thread_id is None:
            await self.inbox.titled(notice.company_id, None, notice.wanted_at)
            return 0
        try:
            await self.bot.edit_forum_topic(chat_id, place.thread_id, name=place.title)
        except TelegramBadRequest as error:
            if THREAD_GONE in error.message:
                await self.inbox.gone(notice.company_id, place.thread_id)
                return 0  # the next message creates it, with the title it has then
            if "TOPIC_NOT_MODIFIED" not in error.message:
                raise
        await self.inbox.titled(notice.company_id, place.title, notice.wanted_at)
        return place.thread_id

    async def _text(self, chat_id: int, thread: int | None, text: str) -> int:
        message_id = 0
        for part in split_message(text):
            sent = await self.bot.send_message(chat_id, part, message_thread_id=thread)
            message_id = sent.message_id
        return message_id

    async def _copy_into_topic(
        self, chat_id: int, thread: int, notice: TopicCopy, reader: Reader
    ) -> int:
        messages = await self.inbox.stored(notice.message_ids)
        if not messages:
            raise PermanentFailure("the messages are gone")
        copies = await self._deliver(
            chat_id,
            thread,
            messages,
            partial(views.topic_copy_text, translate=reader.translate),
            True,
        )
        await self.inbox.copied(chat_id, copies)
        return copies[-1][1]

    # to the client ---------------------------------------------------------------------

    async def _to_client(self, chat_id: int, notice: StaffCopy, reader: Reader) -> int:
        messages = await self.inbox.stored(notice.message_ids)
        if not messages:
            raise PermanentFailure("the messages are gone")
        try:
            copies = await self._deliver(
                chat_id,
                None,
                messages,
                partial(views.client_copy_text, translate=reader.translate),
                False,
            )
        except TelegramForbiddenError as error:
            await self.inbox.tell_topic(
                notice.company_id, messages[0].id, TopicEvent.CLIENT_BLOCKED
            )
            raise RecipientBlocked(error.message) from error
        except TelegramEntityTooLarge as error:
            await self.inbox.tell_topic(notice.company_id, messages[0].id, TopicEvent.TOO_BIG)
            raise PermanentFailure(error.message) from error
        except TelegramBadRequest as error:
            event = TopicEvent.TOO_BIG if "too big" in error.message else TopicEvent.REFUSED
            await self.inbox.tell_topic(notice.company_id, messages[0].id, event, error.message)
            raise PermanentFailure(error.message) from error
        await self.inbox.copied(chat_id, copies)
        return copies[-1][1]

    # copying ---------------------------------------------------------------------------

    async def _deliver(
        self,
        chat_id: int,
        thread: int | None,
        messages: list[StoredMessage],
        text_of: TextOf,
        name_captionless: bool,
    ) -> list[tuple[int, int]]:
        """Send stored messages (an album as one); (stored id, Telegram id) of each copy."""
        album = _album(messages)
        if album is not None:
            first, *rest = messages
            media: list[Any] = [
                album[0](media=first.file.file_id, caption=text_of(first, limit=CAPTION_LIMIT))  # type: ignore[union-attr]
            ]
            media += [album[i + 1](media=m.file.file_id) for i, m in enumerate(rest)]  # type: ignore[union-attr]
            sent = await self.bot.send_media_group(chat_id, media, message_thread_id=thread)
            return [(m.id, s.message_id) for m, s in zip(messages, sent, strict=False)]
        copies = []
        for message in messages:
            copies.append(
                (message.id, await self._one(chat_id, thread, message, text_of, name_captionless))
            )
        return copies

    async def _one(
        self,
        chat_id: int,
        thread: int | None,
        message: StoredMessage,
        text_of: TextOf,
        name_captionless: bool,
    ) -> int:
        text = text_of(message, limit=TEXT_LIMIT if message.media is None else CAPTION_LIMIT)
        original = message.chat_id, message.telegram_message_id
        if message.media is None or original[1] is None or original[0] is None:
            return await self._text(chat_id, thread, text)
        try:
            return await self._copy(chat_id, thread, message, text, name_captionless)
        except TelegramBadRequest as error:
            if COPY_GONE not in error.message:
                raise
        # The author deleted the original before it was copied: what was stored goes
        # instead (a file by its id, else its name), so nothing is lost.
        if message.file is not None and message.media in CAPTIONED:
            sent = await send_by_id(
                self.bot,
                chat_id,
                message.file,
                caption=text,
                message_thread_id=thread,
            )
            return sent.message_id
        return await self._text(chat_id, thread, text)

    async def _copy(
        self,
        chat_id: int,
        thread: int | None,
        message: StoredMessage,
        text: str,
        name_captionless: bool,
    ) -> int:
        original = message.chat_id, message.telegram_message_id
        assert original[0] is not None and original[1] is not None
        if message.media in CAPTIONED:
            copied: MessageId = await self.bot.copy_message(
                chat_id,
                original[0],
                original[1],
                message_thread_id=thread,
                caption=text,
            )
            return copied.message_id
        copied = await self.bot.copy_message(
            chat_id,
            original[0],
            original[1],
            message_thread_id=thread,
            reply_markup=views.who_button(message) if name_captionless else None,
        )
        return copied.message_id

    async def _edit(self, chat_id: int, notice: CopyEdited, reader: Reader) -> int:
        [message] = await self.inbox.stored((notice.message_id,))
        text_of = views.topic_copy_text if message.direction == "in" else views.client_copy_text
        limit = TEXT_LIMIT if message.media is None else CAPTION_LIMIT
        text = text_of(message, reader.translate, limit)
        try:
            if message.media is None:
                await self.bot.edit_message_text(
                    text=text, chat_id=chat_id, message_id=notice.copy_id
                )
            elif message.media in CAPTIONED:
                await self.bot.edit_message_caption(
                    chat_id=chat_id, message_id=notice.copy_id, caption=text
                )
        except TelegramBadRequest as error:
            if "message is not modified" not in error.message:
                raise
        return notice.copy_id


def _album(messages: list[StoredMessage]) -> list[type[Any]] | None:
    """The InputMedia type of each message, when they make one album."""
    if any(m.file is None for m in messages):
        return None
    return album_types([m.media for m in messages])
