"""Anything a client writes outside a running flow goes to their manager."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import StateFilter
from aiogram.types import CallbackQuery, Message
from aiogram_i18n import I18nContext

from handlers.common.media import html_of, relayed_of
from handlers.filters import TYPED_RULE, Inline
from services.accounts.people import Person
from services.conversation.chat import Chat, Original, Receipt
from views import keyboards
from views.callbacks import ChatContextCb
from views.texts import format_moment, say


def receipt_text(receipt: Receipt, i18n: I18nContext) -> str:
    return say(
        i18n.get,
        "chat-receipt",
        manager=receipt.answerer_name,
        away=receipt.away_name or "none",
        open="yes" if receipt.open_now else "no",
        hours=receipt.sla_hours,
        opens=format_moment(receipt.opens_at, receipt.timezone, i18n.locale),
        timezone=receipt.timezone,
    )


def original_of(message: Message) -> Original:
    return Original(message.chat.id, message.message_id, html_of(message), message.media_group_id)


async def to_manager(message: Message, person: Person, chat: Chat, i18n: I18nContext) -> None:
    sent = await chat.client_message(
        person, message.text or message.caption or "", relayed_of(message), original_of(message)
    )
    if sent.receipt is None:
        return  # one receipt per conversation
    await message.answer(receipt_text(sent.receipt, i18n))
    if sent.projects:
        await message.answer(
            i18n.get("chat-which-project"),
            reply_markup=keyboards.message_context(i18n.get, sent.id, sent.projects),
        )


async def context(
    query: CallbackQuery,
    callback_data: ChatContextCb,
    person: Person,
    chat: Chat,
    i18n: I18nContext,
) -> None:
    if callback_data.project:
        await chat.set_context(person, callback_data.message, callback_data.project)
    await query.answer(i18n.get("chat-context-saved") if callback_data.project else None)
    if isinstance(query.message, Message):
        await query.message.edit_reply_markup(reply_markup=None)


def create_router() -> Router:
    """Last among the client's routers: only what no flow took reaches the manager."""
    router = Router(name=__name__)
    router.callback_query.register(context, ChatContextCb.filter())
    router.message.register(
        to_manager,
        StateFilter(None),
        Inline(
            TYPED_RULE
            | F.photo
            | F.document
            | F.voice
            | F.video
            | F.audio
            | F.animation
            | F.sticker
            | F.video_note
            | F.location
            | F.contact
        ),
    )
    return router
